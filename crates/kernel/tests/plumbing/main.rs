#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers that cannot set up must fail the test loudly"
)]

//! The kernel's write plumbing against a real database: SQLite, or PostgreSQL when
//! `TEST_DATABASE_URL` is set (each test gets a database of its own).

mod db;
mod idempotency;
mod outbox;

use kernel::outbox::{NewEvent, Tenants};
use sea_orm::{DatabaseBackend, DatabaseConnection};
use uuid::Uuid;

/// A migrated database of the test's own; dropped with the guard.
pub async fn database() -> (DatabaseConnection, testkit::db::TestDatabase) {
    testkit::db::migrated()
        .await
        .expect("a migrated test database")
}

pub fn is_sqlite(db: &DatabaseConnection) -> bool {
    sea_orm::ConnectionTrait::get_database_backend(db) == DatabaseBackend::Sqlite
}

/// An event about `aggregate`: the outbox table doubles as a place to write "an effect".
pub fn event(kind: &str, aggregate: Uuid) -> NewEvent {
    NewEvent {
        event_type: kind.to_owned(),
        aggregate_type: "Order".to_owned(),
        aggregate_id: aggregate,
        tenants: Tenants {
            enterprise_id: Some(Uuid::now_v7()),
            ..Tenants::default()
        },
        payload: serde_json::json!({ "order": aggregate.to_string(), "jin": 3 }),
        occurred_at: chrono::Utc::now(),
    }
}
