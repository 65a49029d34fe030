//! Shared set-up for the campaigns integration tests: a migrated database of the test's own
//! (SQLite, or PostgreSQL with `TEST_DATABASE_URL`), two tenants made through the participants
//! services, and the actors, dates, clocks and error codes of `testkit`.

use kernel::Clock;
use sea_orm::DatabaseConnection;
use testkit::db::TestDatabase;
use uuid::Uuid;

pub use testkit::actors::{association_admin, enterprise_admin, platform};
pub use testkit::errors::{code, problems};
pub use testkit::time::{day, on};

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
    testkit::db::write(db, async |txn| {
        let clock = Clock::System;
        let (association, enterprise) = testkit::make::organisation(txn, &clock, name, city).await;
        let mut ids = Vec::new();
        for i in 0..projects {
            let project_name = format!("{name}第{i}小区");
            let project =
                testkit::make::project(txn, &clock, enterprise.id, city, &project_name, 500).await;
            ids.push(project.id);
        }
        Tenant {
            association: association.id,
            enterprise: enterprise.id,
            projects: ids,
        }
    })
    .await
}

pub async fn world() -> World {
    let (db, database) = testkit::db::database().await;
    let a = tenant(&db, "合肥", "340100", 3).await;
    let b = tenant(&db, "深圳", "440300", 1).await;
    World {
        db,
        a,
        b,
        _database: database,
    }
}
