//! The demo's campaign activity in 社区的力量 (seeded by the migration): enlistment forms in
//! different states, market fairs (合肥 meets the two-a-year rule for 2019, 深圳 does not), a
//! community event closed with its report and one still overdue, a county visit to 岳西县 that
//! led to a custom product, and a job for a member of a registered poor household. Each step
//! runs on the campaign-era clock of the day it would have happened.

use anyhow::Context;
use campaigns::COMMUNITY_POWER_CAMPAIGN_ID as CAMPAIGN;
use campaigns::enlistment::form::{
    AssociationForm, CommunityActivity, Contact, CountyActivity, EnterpriseForm, FeaturedProduct,
    PromotionTalk, PublicityOffline, PublicityOnline, SalesPlatform, TalkFormat,
};
use campaigns::entity::county_visit;
use chrono::{NaiveDate, TimeZone, Utc};
use kernel::{Actor, Clock};
use participants::entity::{association, project};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::{domain, enterprise_named};

fn on(y: i32, m: u32, d: u32) -> anyhow::Result<Clock> {
    Utc.with_ymd_and_hms(y, m, d, 2, 0, 0)
        .single()
        .map(Clock::Fixed)
        .context("a valid demo date")
}

fn day(y: i32, m: u32, d: u32) -> anyhow::Result<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d).context("a valid demo date")
}

fn contact(name: &str, position: &str, phone: &str) -> Contact {
    Contact {
        name: Some(name.into()),
        position: Some(position.into()),
        phone: Some(phone.into()),
        email: Some("office@example.org".into()),
    }
}

/// Seeds the activity once (skipped when a county visit exists); returns the visit to 岳西县,
/// which the catalogue's custom product names as its origin.
pub async fn demo(db: &DatabaseTransaction, admin: &Actor) -> anyhow::Result<Option<Uuid>> {
    if county_visit::Entity::find().one(db).await?.is_some() {
        return Ok(None);
    }
    let hefei = association_named(db, "合肥市物业管理协会").await?;
    let shenzhen = association_named(db, "深圳市物业管理行业协会").await?;
    let huirun = enterprise_named(db, "徽润物业服务有限公司").await?;
    let binhu = project::Entity::find()
        .filter(project::Column::EnterpriseId.eq(huirun.id))
        .filter(project::Column::Name.eq("滨湖春晓花园"))
        .one(db)
        .await?
        .context("the demo project 滨湖春晓花园")?;

    // 参战书: 合肥's association form confirmed by the platform; 徽润's submitted, waiting for
    // its association.
    let signed_up = on(2019, 4, 20)?;
    let form = AssociationForm {
        poverty_regions: vec!["340828".into()],
        support_regions: vec!["510727".into()],
        featured_products: vec![FeaturedProduct {
            name: "岳西翠兰".into(),
            region_code: Some("340828".into()),
        }],
        lead: contact("周建华", "会长", "13800138101"),
        liaison: contact("吴婷", "秘书长", "13800138102"),
        promotion_talks: vec![PromotionTalk {
            date: day(2019, 5, 20)?,
            format: TalkFormat::Onsite,
            topic: Some("带一斤回家 合肥推介会".into()),
        }],
        fair_months: vec![
            "2019-06".into(),
            "2019-10".into(),
            "2020-05".into(),
            "2020-08".into(),
        ],
        needs: Some("希望联盟协助对接岳西县优质货源".into()),
        pledge_accepted: true,
    };
    let e = campaigns::enlistment::save_association(
        db,
        admin,
        &signed_up,
        CAMPAIGN,
        Some(hefei.id),
        form,
    )
    .await
    .map_err(domain)?;
    campaigns::enlistment::submit(db, admin, &signed_up, e.id)
        .await
        .map_err(domain)?;
    campaigns::enlistment::confirm(db, admin, &on(2019, 4, 25)?, e.id)
        .await
        .map_err(domain)?;
    let form = EnterpriseForm {
        publicity_online: vec![
            PublicityOnline::WechatOfficialAccount,
            PublicityOnline::WechatGroups,
        ],
        publicity_offline: vec![
            PublicityOffline::ElevatorAds,
            PublicityOffline::BulletinBoard,
        ],
        platforms: vec![SalesPlatform::App],
        county_activities: vec![CountyActivity::SelectionVisit],
        community_activities: vec![CommunityActivity::Zone],
        poverty_regions: vec!["340828".into()],
        participating_project_count: Some(3),
        ..Default::default()
    };
    let e = campaigns::enlistment::save_enterprise(
        db,
        admin,
        &signed_up,
        CAMPAIGN,
        Some(huirun.id),
        form,
    )
    .await
    .map_err(domain)?;
    campaigns::enlistment::submit(db, admin, &signed_up, e.id)
        .await
        .map_err(domain)?;

    // 市集: two held by 合肥 in 2019 and one planned for 2020; one held by 深圳.
    let fairs = [
        (hefei.id, "滨湖春晓 带一斤回家市集", day(2019, 6, 15)?, true),
        (hefei.id, "合肥秋季扶贫产品市集", day(2019, 10, 12)?, true),
        (hefei.id, "合肥2020春季市集", day(2020, 6, 20)?, false),
        (shenzhen.id, "深圳南山扶贫市集", day(2019, 9, 21)?, true),
    ];
    for (association_id, name, starts_on, held) in fairs {
        let fair = campaigns::fair::create(
            db,
            admin,
            &on(2019, 5, 1)?,
            campaigns::fair::FairInput {
                campaign_id: CAMPAIGN,
                association_id: Some(association_id),
                enterprise_id: None,
                name: name.into(),
                project_id: None,
                address: Some(format!("{name}会场")),
                starts_on,
                ends_on: None,
            },
        )
        .await
        .map_err(domain)?;
        if held {
            campaigns::fair::record_held(
                db,
                admin,
                &on(2019, 12, 1)?,
                fair.id,
                Some(1200),
                Some(8_650_000),
            )
            .await
            .map_err(domain)?;
        }
    }

    // 社区活动: applied 37 days ahead, approved, held, closed with its report; and a 2020 event
    // approved but never reported, which now lists as overdue.
    let event = campaigns::event::apply(
        db,
        admin,
        &on(2019, 8, 1)?,
        campaigns::event::EventInput {
            campaign_id: CAMPAIGN,
            association_id: None,
            enterprise_id: Some(huirun.id),
            title: "滨湖春晓 岳西翠兰品鉴会".into(),
            project_id: Some(binhu.id),
            address: None,
            starts_on: day(2019, 9, 7)?,
            ends_on: None,
            tasting_products: vec!["岳西翠兰".into(), "岳西土鸡蛋".into()],
            expected_attendance: 300,
        },
    )
    .await
    .map_err(domain)?;
    campaigns::event::decide(db, admin, &on(2019, 8, 5)?, event.id, true, None)
        .await
        .map_err(domain)?;
    campaigns::event::file_closing_report(
        db,
        admin,
        &on(2019, 9, 8)?,
        event.id,
        campaigns::event::ClosingReportInput {
            attendance: 356,
            products_tasted: vec!["岳西翠兰".into(), "岳西土鸡蛋".into()],
            sales_fen: Some(2_380_000),
            photo_urls: vec!["https://img.yijin.example/demo/event-1.jpg".into()],
            summary: "业主品鉴踊跃，现场认购岳西翠兰 180 罐。".into(),
        },
    )
    .await
    .map_err(domain)?;
    let overdue = campaigns::event::apply(
        db,
        admin,
        &on(2020, 5, 1)?,
        campaigns::event::EventInput {
            campaign_id: CAMPAIGN,
            association_id: None,
            enterprise_id: Some(huirun.id),
            title: "天鹅湖畔 夏季扶贫品鉴".into(),
            project_id: None,
            address: Some("天鹅湖畔小区中心广场".into()),
            starts_on: day(2020, 6, 13)?,
            ends_on: None,
            tasting_products: vec!["平武高山绿茶".into()],
            expected_attendance: 200,
        },
    )
    .await
    .map_err(domain)?;
    campaigns::event::decide(db, admin, &on(2020, 5, 6)?, overdue.id, true, None)
        .await
        .map_err(domain)?;

    // 县域考察选品 and 就业扶贫.
    let (visit, _) = campaigns::visit::create(
        db,
        admin,
        &on(2019, 6, 25)?,
        campaigns::visit::VisitInput {
            campaign_id: CAMPAIGN,
            association_id: None,
            enterprise_id: Some(huirun.id),
            county_code: "340828".into(),
            starts_on: day(2019, 6, 20)?,
            ends_on: Some(day(2019, 6, 22)?),
            participant_count: 12,
            owner_representative_count: 5,
            selected_products: vec![campaigns::visit::SelectionInput {
                name: "岳西翠兰".into(),
                supplier_name: Some("岳西县翠兰茶业有限公司".into()),
            }],
            summary: Some("业主代表参与选品，确定定制翠兰礼盒。".into()),
        },
    )
    .await
    .map_err(domain)?;
    campaigns::employment::record(
        db,
        admin,
        &on(2019, 7, 1)?,
        campaigns::employment::EmploymentInput {
            campaign_id: CAMPAIGN,
            enterprise_id: Some(huirun.id),
            county_code: "340828".into(),
            role: "保洁员".into(),
            starts_on: day(2019, 7, 1)?,
            person_ref: "YX-2019-0001".into(),
        },
    )
    .await
    .map_err(domain)?;
    Ok(Some(visit.id))
}

async fn association_named(
    db: &DatabaseTransaction,
    name: &str,
) -> anyhow::Result<association::Model> {
    association::Entity::find()
        .filter(association::Column::Name.eq(name))
        .one(db)
        .await?
        .with_context(|| format!("the demo association {name}"))
}
