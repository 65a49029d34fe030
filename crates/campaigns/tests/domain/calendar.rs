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
    assert_eq!(phase.name, "第一阶段：全面参与");
    let (_, phase) = calendar::phase_at(&w.db, at("2019-08-31T16:00:00Z"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(phase.name, "第二阶段：重点推进");
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
