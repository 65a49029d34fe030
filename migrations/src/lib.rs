//! The one ordered history of yijin's database. An applied migration is never edited: a change
//! is a new file `mYYYYMMDD_HHMMSS_verb_object.rs` appended to [`Migrator::migrations`].

pub use sea_orm_migration::prelude::*;

mod m20261123_000001_create_regions;
mod m20261123_000002_create_participants;
mod m20261123_000003_create_campaigns;
mod m20261123_000004_create_products;
mod m20261202_000001_create_idempotency_and_outbox;
mod m20261202_000002_enforce_single_open_rows;
mod m20261202_000200_create_ledger;
mod m20261202_000201_create_reported_sales;
mod m20261202_000300_create_orders;
mod m20261202_000400_rename_community_power_phases;
mod m20261202_000500_create_webhooks;
mod m20261202_000600_create_group_buys;
mod m20261202_000601_create_purchase_orders;
mod m20261202_000640_create_certification_expiry_notices;
mod m20261202_000640_widen_rollup_keys;
mod m20261202_000900_track_catalogue_changes;
mod m20261202_000910_create_ledger_first_sales;
mod m20261203_000100_track_calendar_changes;
mod m20261203_000920_index_rollups_by_scope;
mod m20261203_001000_estimate_rollup_scopes;

/// A fingerprint of the migrations' source (`build.rs`): test databases are copied from a
/// template migrated with exactly this history (`testkit::db`), so a migration being written is
/// never served from a stale template.
pub const FINGERPRINT: &str = env!("MIGRATIONS_FINGERPRINT");

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_create_regions::Migration),
            Box::new(m20261123_000002_create_participants::Migration),
            Box::new(m20261123_000003_create_campaigns::Migration),
            Box::new(m20261123_000004_create_products::Migration),
            Box::new(m20261202_000001_create_idempotency_and_outbox::Migration),
            Box::new(m20261202_000002_enforce_single_open_rows::Migration),
            Box::new(m20261202_000200_create_ledger::Migration),
            Box::new(m20261202_000201_create_reported_sales::Migration),
            Box::new(m20261202_000300_create_orders::Migration),
            Box::new(m20261202_000400_rename_community_power_phases::Migration),
            Box::new(m20261202_000500_create_webhooks::Migration),
            Box::new(m20261202_000600_create_group_buys::Migration),
            Box::new(m20261202_000601_create_purchase_orders::Migration),
            Box::new(m20261202_000640_create_certification_expiry_notices::Migration),
            Box::new(m20261202_000640_widen_rollup_keys::Migration),
            Box::new(m20261202_000900_track_catalogue_changes::Migration),
            Box::new(m20261202_000910_create_ledger_first_sales::Migration),
            Box::new(m20261203_000100_track_calendar_changes::Migration),
            Box::new(m20261203_000920_index_rollups_by_scope::Migration),
            Box::new(m20261203_001000_estimate_rollup_scopes::Migration),
        ]
    }
}
