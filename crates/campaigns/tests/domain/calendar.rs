//! The seeded campaign and its calendar.

use campaigns::calendar::{self, CampaignStatus};
use campaigns::entity::campaign_phase::PhaseKind;
use campaigns::entity::campaign_target::TargetKind;
use chrono::{DateTime, Utc};

use crate::fixtures::{day, world};

#[tokio::test]
async fn the_seeded_campaign_has_its_phases_and_targets() {
    let w = world().await;
    let campaign = calendar::get(&w.db, campaigns::COMMUNITY_POWER_CAMPAIGN_ID)
        .await
        .unwrap();
    assert_eq!(campaign.name, "社区的力量");
    assert_eq!(
        (campaign.starts_on, campaign.ends_on),
        (day("2019-04-01"), day("2020-10-31"))
    );
    assert_eq!(
        calendar::status(&campaign, day("2019-12-01")),
        CampaignStatus::Active
    );
    assert_eq!(
        calendar::status(&campaign, day("2020-11-01")),
        CampaignStatus::Ended
    );

    let phases = calendar::phases(&w.db, campaign.id).await.unwrap();
    let kinds: Vec<PhaseKind> = phases.iter().map(|p| p.kind).collect();
    assert_eq!(
        kinds,
        vec![
            PhaseKind::SignUp,
            PhaseKind::Rally,
            PhaseKind::Pilot,
            PhaseKind::Phase,
            PhaseKind::Summary,
            PhaseKind::Phase,
            PhaseKind::Summary,
            PhaseKind::Phase,
            PhaseKind::Closing,
        ]
    );
    let targets = calendar::targets(&w.db, campaign.id).await.unwrap();
    let value = |kind| targets.iter().find(|t| t.kind == kind).map(|t| t.value);
    assert_eq!(value(TargetKind::CommunitiesJoined), Some(10_000));
    assert_eq!(value(TargetKind::HouseholdsParticipating), Some(1_000_000));
    assert_eq!(value(TargetKind::CustomProducts), Some(1_000));
    assert_eq!(value(TargetKind::PoorHouseholdsDirect), Some(100_000));
    assert_eq!(value(TargetKind::PoorHouseholdsIndirect), Some(1_000_000));
    assert_eq!(value(TargetKind::MarketFairs), Some(100));
}

#[tokio::test]
async fn a_sale_is_attributed_to_the_phase_of_its_shanghai_day() {
    let w = world().await;
    let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
    // 2019-08-31 23:30 in Shanghai is still phase 1 (and its summary); 30 minutes later phase 2.
    let (campaign, phase) = calendar::phase_at(&w.db, at("2019-08-31T15:30:00Z"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(campaign.id, campaigns::COMMUNITY_POWER_CAMPAIGN_ID);
    assert_eq!(phase.name, "第一阶段：广泛参与");
    let (_, phase) = calendar::phase_at(&w.db, at("2019-08-31T16:00:00Z"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(phase.name, "第二阶段：重点攻坚");
    let (_, phase) = calendar::phase_at(&w.db, at("2020-10-15T04:00:00Z"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(phase.kind, PhaseKind::Closing);
    assert!(
        calendar::phase_at(&w.db, at("2021-01-01T00:00:00Z"))
            .await
            .unwrap()
            .is_none()
    );
}

/// The upgrade gives the seeded phases the notice's names, and leaves a phase an administrator
/// renamed in the meantime as it is.
#[tokio::test]
async fn the_upgrade_names_the_phases_as_the_notice_does_and_keeps_a_local_rename() {
    use campaigns::entity::campaign_phase;
    use migrations::MigratorTrait;
    use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

    let database = testkit::db::empty().await.unwrap();
    let db = sea_orm::Database::connect(&database.url).await.unwrap();
    testkit::db::migrate_before(&db, "m20261202_000400_rename_community_power_phases")
        .await
        .unwrap();
    let phases = || {
        campaign_phase::Entity::find()
            .filter(campaign_phase::Column::CampaignId.eq(campaigns::COMMUNITY_POWER_CAMPAIGN_ID))
            .filter(campaign_phase::Column::Kind.eq(PhaseKind::Phase))
            .order_by_asc(campaign_phase::Column::Ordinal)
            .all(&db)
    };
    let third = phases().await.unwrap().pop().unwrap();
    assert_eq!(third.name, "第三阶段：持续推进");
    let mut renamed: campaign_phase::ActiveModel = third.into();
    renamed.name = Set("第三阶段：巩固提升".into());
    renamed.update(&db).await.unwrap();

    migrations::Migrator::up(&db, None).await.unwrap();
    let names: Vec<_> = phases()
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(
        names,
        [
            "第一阶段：广泛参与",
            "第二阶段：重点攻坚",
            "第三阶段：巩固提升"
        ]
    );
}
