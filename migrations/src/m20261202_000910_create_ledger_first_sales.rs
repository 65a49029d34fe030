//! What has sold, per scope, kept by the sealer so that a scorecard reads a few rows whatever
//! the size of the ledger.
//!
//! `ledger_first_sale` holds one row per campaign × period (ALL, or a PHASE) × scope (the
//! campaign, an association, an enterprise or a city) × kind (PROJECT, PRODUCT, SUPPLIER) ×
//! thing that has had at least one sealed SALE there. The sealer inserts it with `ON CONFLICT
//! DO NOTHING` and adds only the rows it actually inserted to `ledger_sold_count`, so the
//! count of communities with sales in a scope is one row. Both are rollups: `yijin ledger
//! rebuild-rollups` rebuilds them from the sealed entries (run it once on a database sealed
//! before this migration).
//!
//! `ledger_entry` also gets indexes on `project_id` and `city_code` (with `id`, as the other
//! scope columns have), which a project's or a city's scoped reads and export pages filter by.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum LedgerFirstSale {
    Table,
    CampaignId,
    Period,
    PeriodKey,
    Scope,
    ScopeKey,
    Kind,
    ThingId,
}

#[derive(DeriveIden)]
enum LedgerSoldCount {
    Table,
    CampaignId,
    Period,
    PeriodKey,
    Scope,
    ScopeKey,
    Kind,
    Things,
}

#[derive(DeriveIden)]
enum LedgerEntry {
    Table,
}

const ENTRY_INDEXES: [(&str, [&str; 2]); 2] = [
    ("idx_ledger_entry_project", ["project_id", "id"]),
    ("idx_ledger_entry_city", ["city_code", "id"]),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(LedgerFirstSale::Table)
                    .col(uuid(LedgerFirstSale::CampaignId))
                    .col(string_len(LedgerFirstSale::Period, 8))
                    .col(string_len(LedgerFirstSale::PeriodKey, 40))
                    .col(string_len(LedgerFirstSale::Scope, 16))
                    .col(string_len(LedgerFirstSale::ScopeKey, 40))
                    .col(string_len(LedgerFirstSale::Kind, 16))
                    .col(uuid(LedgerFirstSale::ThingId))
                    .primary_key(
                        Index::create()
                            .col(LedgerFirstSale::CampaignId)
                            .col(LedgerFirstSale::Period)
                            .col(LedgerFirstSale::PeriodKey)
                            .col(LedgerFirstSale::Scope)
                            .col(LedgerFirstSale::ScopeKey)
                            .col(LedgerFirstSale::Kind)
                            .col(LedgerFirstSale::ThingId),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(LedgerSoldCount::Table)
                    .col(uuid(LedgerSoldCount::CampaignId))
                    .col(string_len(LedgerSoldCount::Period, 8))
                    .col(string_len(LedgerSoldCount::PeriodKey, 40))
                    .col(string_len(LedgerSoldCount::Scope, 16))
                    .col(string_len(LedgerSoldCount::ScopeKey, 40))
                    .col(string_len(LedgerSoldCount::Kind, 16))
                    .col(big_integer(LedgerSoldCount::Things))
                    .primary_key(
                        Index::create()
                            .col(LedgerSoldCount::CampaignId)
                            .col(LedgerSoldCount::Period)
                            .col(LedgerSoldCount::PeriodKey)
                            .col(LedgerSoldCount::Scope)
                            .col(LedgerSoldCount::ScopeKey)
                            .col(LedgerSoldCount::Kind),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, cols) in ENTRY_INDEXES {
            let mut index = Index::create();
            index.name(name).table(LedgerEntry::Table);
            for col in cols {
                index.col(Alias::new(col));
            }
            manager.create_index(index.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, _) in ENTRY_INDEXES {
            manager
                .drop_index(
                    Index::drop()
                        .name(name)
                        .table(LedgerEntry::Table)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .drop_table(Table::drop().table(LedgerSoldCount::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(LedgerFirstSale::Table).to_owned())
            .await
    }
}
