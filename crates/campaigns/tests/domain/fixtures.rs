#![expect(
    clippy::unwrap_used,
    reason = "a fixture that cannot be built must fail the test loudly"
)]

//! Shared set-up for the campaigns integration tests: a migrated database of the test's own
//! (SQLite, or PostgreSQL with `TEST_DATABASE_URL`), two tenants made through the participants
//! services, actors, and a clock fixed on the campaign calendar.

use chrono::{DateTime, NaiveDate, Utc};
use kernel::{Actor, Clock, DomainError, OrgKind, OrgRef, Role};
use migrations::testing::TestDatabase;
use participants::entity::association::AssociationKind;
use participants::entity::enterprise::AllianceRegion;
use sea_orm::DatabaseConnection;
use uuid::Uuid;

pub fn platform() -> Actor {
    Actor::new("platform", Role::PlatformAdmin, None, None).unwrap()
}

pub fn association_admin(id: Uuid) -> Actor {
    Actor::new(
        "association-admin",
        Role::AssociationAdmin,
        Some(OrgRef {
            kind: OrgKind::Association,
            id,
        }),
        None,
    )
    .unwrap()
}

pub fn enterprise_admin(id: Uuid) -> Actor {
    Actor::new(
        "enterprise-admin",
        Role::EnterpriseAdmin,
        Some(OrgRef {
            kind: OrgKind::Enterprise,
            id,
        }),
        None,
    )
    .unwrap()
}

pub fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A clock whose "today" (Asia/Shanghai) is `s`, at 10:00 local time.
pub fn on(s: &str) -> Clock {
    let at = DateTime::parse_from_rfc3339(&format!("{s}T10:00:00+08:00")).unwrap();
    Clock::Fixed(at.with_timezone(&Utc))
}

/// The stable code of an error: the first problem's code, or the kind of error.
pub fn code(err: &DomainError) -> &str {
    match err {
        DomainError::Invalid(p) => p[0].code,
        DomainError::Forbidden => "FORBIDDEN",
        DomainError::NotFound => "NOT_FOUND",
        DomainError::Conflict => "CONFLICT",
        DomainError::Contention(_) => "RETRY",
        DomainError::Database(_) => "DATABASE",
    }
}

/// Every problem of an `Invalid` error as `field.path CODE`, sorted.
pub fn problems(err: &DomainError) -> Vec<String> {
    let mut out: Vec<String> = match err {
        DomainError::Invalid(list) => list
            .iter()
            .map(|p| format!("{} {}", p.field.join("."), p.code))
            .collect(),
        other => vec![format!("{other:?}")],
    };
    out.sort();
    out
}

/// A local association with one member enterprise, which has `projects` projects.
pub struct Tenant {
    pub association: Uuid,
    pub enterprise: Uuid,
    pub projects: Vec<Uuid>,
}

pub struct World {
    pub db: DatabaseConnection,
    pub a: Tenant,
    pub b: Tenant,
    _database: TestDatabase,
}

pub async fn tenant(db: &DatabaseConnection, name: &str, city: &str, projects: usize) -> Tenant {
    let clock = Clock::System;
    let association = kernel::db::write(db, async |txn| {
        participants::association::create(
            txn,
            &platform(),
            &clock,
            participants::association::AssociationInput {
                name: format!("{name}物业管理协会"),
                kind: Some(AssociationKind::Local),
                region_code: Some(city.into()),
                ..Default::default()
            },
        )
        .await
    })
    .await
    .unwrap();
    let enterprise = kernel::db::write(db, async |txn| {
        participants::enterprise::create(
            txn,
            &platform(),
            &clock,
            participants::enterprise::EnterpriseInput {
                name: format!("{name}物业服务有限公司"),
                association_id: Some(association.id),
                alliance_region: AllianceRegion::EastChina,
                region_code: Some(city.into()),
                address: None,
                wechat_official_account: None,
                website: None,
                lead_name: None,
                lead_phone: None,
                specialist_name: None,
                specialist_phone: None,
            },
        )
        .await
    })
    .await
    .unwrap();
    let mut ids = Vec::new();
    for i in 0..projects {
        let project = kernel::db::write(db, async |txn| {
            participants::project::create(
                txn,
                &platform(),
                &clock,
                Some(enterprise.id),
                participants::project::ProjectInput {
                    city_code: city.into(),
                    name: format!("{name}第{i}小区"),
                    property_type: "住宅".into(),
                    household_count: 500,
                    ..Default::default()
                },
            )
            .await
        })
        .await
        .unwrap();
        ids.push(project.id);
    }
    Tenant {
        association: association.id,
        enterprise: enterprise.id,
        projects: ids,
    }
}

pub async fn world() -> World {
    let (db, database) = migrations::testing::migrated().await.unwrap();
    let a = tenant(&db, "合肥", "340100", 3).await;
    let b = tenant(&db, "深圳", "440300", 1).await;
    World {
        db,
        a,
        b,
        _database: database,
    }
}
