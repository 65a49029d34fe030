//! `yijin seed --demo`: the 社区的力量 campaign's organisations as a newcomer needs them to try
//! every query — the national association, local associations, enterprises with projects,
//! households and teams. Names are realistic but fictional; phone numbers are test numbers.
//! Running it twice changes nothing. The catalogue's side (counties, suppliers, products,
//! stores) is in [`catalogue`]; group buys, a partner company and the occasions calendar in
//! [`bulk`].

mod activities;
mod bulk;
mod catalogue;
mod catalogue_data;

use anyhow::Context;
use kernel::{Actor, Clock, OrgKind, OrgRef, Role};
use participants::entity::association::{self, AssociationKind};
use participants::entity::enterprise::AllianceRegion;
use participants::project::ProjectInput;
use participants::project_import::{ErrorPolicy, import};
use sea_orm::{ColumnTrait, DatabaseConnection, DatabaseTransaction, EntityTrait, QueryFilter};

pub const NATIONAL: &str = "中国物业管理协会";

/// What the seed created, for the CLI to print.
pub struct Seeded {
    pub enterprise_ids: Vec<(String, uuid::Uuid)>,
    pub already: bool,
    /// Whether this run added the catalogue (it is added to an older demo that lacks it).
    pub catalogue: bool,
}

struct DemoEnterprise {
    name: &'static str,
    association: usize,
    region: AllianceRegion,
    city: &'static str,
    projects: &'static [(&'static str, &'static str, i32)],
}

const LOCALS: [(&str, &str); 3] = [
    ("合肥市物业管理协会", "340100"),
    ("深圳市物业管理行业协会", "440300"),
    ("成都市物业管理协会", "510100"),
];

const ENTERPRISES: [DemoEnterprise; 4] = [
    DemoEnterprise {
        name: "徽润物业服务有限公司",
        association: 0,
        region: AllianceRegion::EastChina,
        city: "340100",
        projects: &[
            ("滨湖春晓花园", "住宅", 1860),
            ("天鹅湖畔小区", "住宅", 2400),
            ("政务中心写字楼", "写字楼", 0),
        ],
    },
    DemoEnterprise {
        name: "庐州家园物业管理有限公司",
        association: 0,
        region: AllianceRegion::EastChina,
        city: "340100",
        projects: &[("蜀山翠苑", "住宅", 1320), ("瑶海新村", "住宅", 980)],
    },
    DemoEnterprise {
        name: "鹏城安居物业服务集团",
        association: 1,
        region: AllianceRegion::SouthChina,
        city: "440300",
        projects: &[
            ("南山海韵花园", "住宅", 3100),
            ("科技园创新大厦", "写字楼", 0),
        ],
    },
    DemoEnterprise {
        name: "锦城物业服务有限公司",
        association: 2,
        region: AllianceRegion::NorthwestAndSouthwest,
        city: "510100",
        projects: &[("锦江瑞景小区", "住宅", 1500)],
    },
];

const RESIDENTS: [&str; 6] = ["王芳", "李强", "张敏", "刘洋", "陈静", "杨帆"];

/// Seeds the demo in one write transaction: a seed that fails half-way leaves nothing behind.
pub async fn demo(conn: &DatabaseConnection) -> anyhow::Result<Seeded> {
    let txn = kernel::db::begin_write(conn).await?;
    let seeded = seed(&txn).await?;
    txn.commit().await?;
    Ok(seeded)
}

async fn seed(db: &DatabaseTransaction) -> anyhow::Result<Seeded> {
    let clock = Clock::System;
    let admin = Actor::new("seed", Role::PlatformAdmin, None, None).context("seed actor")?;
    let existing = association::Entity::find()
        .filter(association::Column::Name.eq(NATIONAL))
        .one(db)
        .await?;
    if existing.is_some() {
        return Ok(Seeded {
            enterprise_ids: Vec::new(),
            already: true,
            catalogue: rest(db, &admin).await?,
        });
    }
    let national = participants::association::create(
        db,
        &admin,
        &clock,
        participants::association::AssociationInput {
            name: NATIONAL.into(),
            kind: Some(AssociationKind::National),
            region_code: Some("110000".into()),
            ..Default::default()
        },
    )
    .await
    .map_err(domain)?;
    let mut locals = Vec::new();
    for (name, region) in LOCALS {
        let local = participants::association::create(
            db,
            &admin,
            &clock,
            participants::association::AssociationInput {
                name: name.into(),
                kind: Some(AssociationKind::Local),
                region_code: Some(region.into()),
                parent_id: Some(national.id),
                contact_name: Some("秘书处".into()),
                contact_phone: Some("13800138000".into()),
            },
        )
        .await
        .map_err(domain)?;
        locals.push(local.id);
    }
    let mut enterprise_ids = Vec::new();
    for (i, demo) in ENTERPRISES.iter().enumerate() {
        let enterprise = participants::enterprise::create(
            db,
            &admin,
            &clock,
            participants::enterprise::EnterpriseInput {
                name: demo.name.into(),
                association_id: locals.get(demo.association).copied(),
                alliance_region: demo.region,
                region_code: Some(demo.city.into()),
                address: Some(format!(
                    "{}示范路 {} 号",
                    demo.name.chars().take(2).collect::<String>(),
                    i + 1
                )),
                wechat_official_account: Some(format!(
                    "{}服务号",
                    demo.name.chars().take(4).collect::<String>()
                )),
                website: None,
                lead_name: Some("赵国强".into()),
                lead_phone: Some(format!("1380013{:04}", 8001 + i)),
                specialist_name: Some("孙丽".into()),
                specialist_phone: Some(format!("1390013{:04}", 8001 + i)),
            },
        )
        .await
        .map_err(domain)?;
        let rows = demo
            .projects
            .iter()
            .map(|(name, kind, households)| ProjectInput {
                city_code: demo.city.into(),
                name: (*name).into(),
                property_type: (*kind).into(),
                address: Some(format!("{name}物业服务中心")),
                household_count: *households,
                contact_name: Some("客服中心".into()),
                contact_phone: Some("13800138000".into()),
            })
            .collect();
        let report = import(
            db,
            &admin,
            &clock,
            Some(enterprise.id),
            rows,
            ErrorPolicy::RejectEverything,
        )
        .await
        .map_err(domain)?;
        let app = Actor::new(
            "seed-app",
            Role::EnterpriseApp,
            Some(OrgRef {
                kind: OrgKind::Enterprise,
                id: enterprise.id,
            }),
            None,
        )
        .context("seed app actor")?;
        if let Some(project) = report.rows.first().and_then(|r| r.project.clone()) {
            let mut households = Vec::new();
            for (n, name) in RESIDENTS.iter().enumerate() {
                let (household, _) = participants::household::for_app_user(
                    db,
                    &app,
                    &clock,
                    participants::household::AppUser {
                        external_user_id: format!("demo-user-{}-{n}", i + 1),
                        project_id: project.id,
                        display_name: Some((*name).into()),
                    },
                )
                .await
                .map_err(domain)?;
                households.push(household.id);
            }
            let team = participants::team::create(
                db,
                &app,
                &clock,
                participants::team::TeamInput {
                    project_id: project.id,
                    name: "一斤先锋队".into(),
                    captain_id: households.first().copied(),
                },
            )
            .await
            .map_err(domain)?;
            for household in households.iter().skip(1).take(3) {
                participants::team::join(db, &app, &clock, team.id, Some(*household))
                    .await
                    .map_err(domain)?;
            }
        }
        enterprise_ids.push((demo.name.to_owned(), enterprise.id));
    }
    Ok(Seeded {
        enterprise_ids,
        already: false,
        catalogue: rest(db, &admin).await?,
    })
}

/// What later issues added to the demo, each part skipped when already there, so an older demo
/// database gains them on the next `seed --demo`.
async fn rest(db: &DatabaseTransaction, admin: &Actor) -> anyhow::Result<bool> {
    let visit = activities::demo(db, admin).await?;
    let catalogue = catalogue::demo(db, admin, visit).await?;
    let bulk = bulk::demo(db, admin).await?;
    Ok(catalogue || bulk)
}

async fn enterprise_named(
    db: &DatabaseTransaction,
    name: &str,
) -> anyhow::Result<participants::entity::enterprise::Model> {
    use participants::entity::enterprise;
    enterprise::Entity::find()
        .filter(enterprise::Column::Name.eq(name))
        .one(db)
        .await?
        .with_context(|| format!("the demo enterprise {name}"))
}

fn domain(e: kernel::DomainError) -> anyhow::Error {
    anyhow::anyhow!("seeding failed: {e}")
}
