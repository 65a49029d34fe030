//! The demo's bulk buying: the occasions calendar (national festivals and solar terms of the
//! coming months, and 滨湖春晓花园's 业主节), a 三八 group buy of 滨湖妈妈团 in 徽润's zone with
//! a few residents joined, and a partner company 徽润 mobilised. Skipped when the calendar is
//! there already.

use anyhow::Context;
use chrono::{Datelike, NaiveDate, TimeDelta};
use kernel::{Actor, Clock, OrgKind, OrgRef, Role};
use participants::entity::{household, project};
use procurement::occasion::entity::{self as occasion, OccasionKind};
use procurement::occasion::{CreateOccasion, create};
use products::entity::{listing, store};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder};

use crate::{domain, enterprise_named};

const WOMENS_DAY: &str = "三八妇女节";

fn date(y: i32, m: u32, d: u32) -> anyhow::Result<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d).context("a calendar date")
}

/// Returns whether it added anything.
pub async fn demo(db: &DatabaseTransaction, admin: &Actor) -> anyhow::Result<bool> {
    let there = occasion::Entity::find()
        .filter(occasion::Column::Name.eq(WOMENS_DAY))
        .one(db)
        .await?
        .is_some();
    if there {
        return Ok(false);
    }
    let clock = Clock::System;
    let year = clock.today().year() + i32::from(clock.today().month() > 3);
    let national: [(OccasionKind, &str, NaiveDate, NaiveDate); 6] = [
        (
            OccasionKind::SolarTerm,
            "冬至",
            date(year - 1, 12, 21)?,
            date(year - 1, 12, 22)?,
        ),
        (
            OccasionKind::SolarTerm,
            "立春",
            date(year, 2, 3)?,
            date(year, 2, 4)?,
        ),
        (
            OccasionKind::Festival,
            WOMENS_DAY,
            date(year, 3, 1)?,
            date(year, 3, 8)?,
        ),
        (
            OccasionKind::Festival,
            "五一劳动节",
            date(year, 4, 25)?,
            date(year, 5, 5)?,
        ),
        (
            OccasionKind::Festival,
            "端午节",
            date(year, 6, 10)?,
            date(year, 6, 19)?,
        ),
        (
            OccasionKind::CampaignFair,
            "消费扶贫市集（合肥）",
            date(year, 9, 20)?,
            date(year, 9, 21)?,
        ),
    ];
    let mut womens_day = None;
    for (kind, name, starts_on, ends_on) in national {
        let made = create(
            db,
            admin,
            &clock,
            CreateOccasion {
                kind,
                name: name.into(),
                starts_on,
                ends_on,
                enterprise_id: None,
                project_id: None,
            },
        )
        .await
        .map_err(domain)?;
        if name == WOMENS_DAY {
            womens_day = Some(made.id);
        }
    }

    let huirun = enterprise_named(db, "徽润物业服务有限公司").await?;
    let org = Some(OrgRef {
        kind: OrgKind::Enterprise,
        id: huirun.id,
    });
    let organiser = Actor::new("seed-admin", Role::EnterpriseAdmin, org, None).context("actor")?;
    let garden = project::Entity::find()
        .filter(project::Column::EnterpriseId.eq(huirun.id))
        .filter(project::Column::Name.eq("滨湖春晓花园"))
        .one(db)
        .await?
        .context("the demo project 滨湖春晓花园")?;
    create(
        db,
        &organiser,
        &clock,
        CreateOccasion {
            kind: OccasionKind::OwnersFestival,
            name: "滨湖春晓花园第五届业主节".into(),
            starts_on: date(year, 5, 16)?,
            ends_on: date(year, 5, 17)?,
            enterprise_id: None,
            project_id: Some(garden.id),
        },
    )
    .await
    .map_err(domain)?;

    let zone = store::Entity::find()
        .filter(store::Column::EnterpriseId.eq(huirun.id))
        .filter(store::Column::Kind.eq(store::StoreKind::Zone))
        .one(db)
        .await?
        .context("徽润's zone")?;
    let listings = listing::Entity::find()
        .find_also_related(products::entity::product::Entity)
        .filter(listing::Column::StoreId.eq(zone.id))
        .filter(products::listing::sellable_today(clock.today()))
        .order_by_asc(listing::Column::SortOrder)
        .all(db)
        .await?;
    let items: Vec<procurement::groupbuy::open::ItemInput> = listings
        .iter()
        .take(2)
        .filter_map(|(l, p)| {
            p.as_ref().map(|p| procurement::groupbuy::open::ItemInput {
                listing_id: l.id,
                // A tenth off the store's price.
                group_price: products::listing::price_fen(l, p).0 * 9 / 10,
            })
        })
        .collect();
    let residents = household::Entity::find()
        .filter(household::Column::ProjectId.eq(garden.id))
        .order_by_asc(household::Column::CreatedAt)
        .all(db)
        .await?;
    let (group_buy, offered) = procurement::groupbuy::open::open(
        db,
        &organiser,
        &clock,
        procurement::groupbuy::open::OpenGroupBuy {
            project_id: garden.id,
            store_id: zone.id,
            title: "三八节·滨湖妈妈团扶贫好物".into(),
            club_kind: procurement::groupbuy::entity::group_buy::ClubKind::Mothers,
            club_name: Some("滨湖妈妈团".into()),
            leader_household_id: residents.first().map(|h| h.id),
            occasion_id: womens_day,
            items,
            minimum: procurement::groupbuy::open::Minimum::Units(20),
            cap_units: Some(200),
            opens_at: None,
            closes_at: clock.now() + TimeDelta::days(7),
            pickup_point: Some("滨湖春晓花园 3 号楼架空层".into()),
            note: Some("满 20 件成团，截团后凭核销码自提。".into()),
        },
    )
    .await
    .map_err(domain)?;
    let app = Actor::new("seed-app", Role::EnterpriseApp, org, None).context("actor")?;
    if let Some(first) = offered.first() {
        for (n, resident) in residents.iter().take(3).enumerate() {
            procurement::groupbuy::join::join(
                db,
                &app,
                &clock,
                procurement::groupbuy::join::JoinGroupBuy {
                    group_buy_id: group_buy.id,
                    household_id: Some(resident.id),
                    lines: vec![procurement::groupbuy::join::JoinLineInput {
                        item_id: first.id,
                        quantity: i64::try_from(n).unwrap_or(0) + 2,
                    }],
                },
            )
            .await
            .map_err(domain)?;
        }
    }

    let partner_code =
        products::uscc::Uscc::complete("91340100MA2UJ0001").context("a partner's credit code")?;
    procurement::purchase::partner::register(
        db,
        &organiser,
        &clock,
        procurement::purchase::partner::RegisterPartner {
            enterprise_id: None,
            name: "安居房产经纪（合肥）有限公司".into(),
            uscc: partner_code.as_str().into(),
            kind: procurement::purchase::entity::partner::PartnerKind::EstateAgency,
            contact_name: Some("周经理".into()),
            contact_phone: Some("13800138123".into()),
        },
    )
    .await
    .map_err(domain)?;
    Ok(true)
}
