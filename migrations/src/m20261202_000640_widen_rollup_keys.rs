//! Rollup keys of the scoped dimensions (`CITY_PROJECT`: `340100/<project id>`, `PROJECT_TEAM`:
//! `<project id>/<team id>`) are up to 73 characters: the key column grows from 40 to 80.
//! PostgreSQL enforces the width (widening a varchar rewrites nothing); SQLite does not, so
//! there is nothing to do there.
//!
//! Rollups sealed before this migration have no rows of the scoped dimensions: `yijin ledger
//! rebuild-rollups` recomputes every rollup from the sealed entries once.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum LedgerRollup {
    Table,
    DimKey,
}

async fn set_width(manager: &SchemaManager<'_>, width: u32) -> Result<(), DbErr> {
    if manager.get_database_backend() != DatabaseBackend::Postgres {
        return Ok(());
    }
    manager
        .alter_table(
            Table::alter()
                .table(LedgerRollup::Table)
                .modify_column(
                    ColumnDef::new(LedgerRollup::DimKey)
                        .string_len(width)
                        .not_null(),
                )
                .to_owned(),
        )
        .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        set_width(manager, 80).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        set_width(manager, 40).await
    }
}
