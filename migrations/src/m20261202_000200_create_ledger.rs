//! The ledger (消费扶贫台账): append-only entries, their seals (sequence number and hash chain)
//! in a table of their own, the chain head, the queue of entries not sealed yet, the rollups and
//! the seen-set that keeps distinct household counts exact.
//!
//! Entries and seals are never changed once written. Triggers forbid UPDATE and DELETE on both,
//! on PostgreSQL (and TRUNCATE there) and on SQLite alike: the ledger's own code only inserts,
//! so a trigger firing means someone is editing facts by hand.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Product {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum LedgerEntry {
    Table,
    Id,
    Kind,
    ReversesId,
    Source,
    SourceRef,
    CampaignId,
    PhaseId,
    CountedOn,
    OccurredAt,
    RecordedAt,
    RecordedBy,
    Quantity,
    Grams,
    Fen,
    ProductId,
    SupplierId,
    CountyCode,
    ProvinceCode,
    Certified,
    EnterpriseId,
    ProjectId,
    CityCode,
    AssociationId,
    HouseholdId,
    TeamId,
    Channel,
}

#[derive(DeriveIden)]
enum LedgerPending {
    Table,
    EntryId,
    RecordedAt,
}

#[derive(DeriveIden)]
enum LedgerSeal {
    Table,
    Seq,
    EntryId,
    PrevHash,
    Hash,
    SealedAt,
}

#[derive(DeriveIden)]
enum LedgerChainHead {
    Table,
    Id,
    Seq,
    Hash,
    SealedAt,
}

#[derive(DeriveIden)]
enum LedgerRollup {
    Table,
    Id,
    CampaignId,
    Dimension,
    DimKey,
    Period,
    PeriodKey,
    Grams,
    Fen,
    Entries,
    CertifiedGrams,
    CertifiedFen,
    Households,
}

#[derive(DeriveIden)]
enum LedgerHouseholdSeen {
    Table,
    RollupId,
    HouseholdId,
}

/// The hash a chain starts from (no entry sealed yet).
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

fn index(name: &str, table: impl IntoIden + 'static, cols: &[&str]) -> IndexCreateStatement {
    let mut index = Index::create();
    index.name(name).table(table);
    for col in cols {
        index.col(Alias::new(*col));
    }
    index.to_owned()
}

async fn entries(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(LedgerEntry::Table)
                .col(pk_uuid(LedgerEntry::Id))
                .col(string_len(LedgerEntry::Kind, 16))
                .col(uuid_null(LedgerEntry::ReversesId))
                .col(string_len(LedgerEntry::Source, 16))
                .col(string_len(LedgerEntry::SourceRef, 80))
                .col(uuid_null(LedgerEntry::CampaignId))
                .col(uuid_null(LedgerEntry::PhaseId))
                .col(date(LedgerEntry::CountedOn))
                .col(timestamp_with_time_zone(LedgerEntry::OccurredAt))
                .col(timestamp_with_time_zone(LedgerEntry::RecordedAt))
                .col(string_len(LedgerEntry::RecordedBy, 200))
                .col(big_integer(LedgerEntry::Quantity))
                .col(big_integer(LedgerEntry::Grams))
                .col(big_integer(LedgerEntry::Fen))
                .col(uuid(LedgerEntry::ProductId))
                .col(uuid(LedgerEntry::SupplierId))
                .col(string_len(LedgerEntry::CountyCode, 6))
                .col(string_len(LedgerEntry::ProvinceCode, 6))
                .col(boolean(LedgerEntry::Certified))
                .col(uuid_null(LedgerEntry::EnterpriseId))
                .col(uuid_null(LedgerEntry::ProjectId))
                .col(string_len_null(LedgerEntry::CityCode, 6))
                .col(uuid_null(LedgerEntry::AssociationId))
                .col(uuid_null(LedgerEntry::HouseholdId))
                .col(uuid_null(LedgerEntry::TeamId))
                .col(string_len(LedgerEntry::Channel, 24))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_ledger_entry_product")
                        .from(LedgerEntry::Table, LedgerEntry::ProductId)
                        .to(Product::Table, Product::Id)
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_ledger_entry_reverses")
                        .from(LedgerEntry::Table, LedgerEntry::ReversesId)
                        .to(LedgerEntry::Table, LedgerEntry::Id)
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .to_owned(),
        )
        .await?;
    // One entry per fact: recording the same order line, reported row or fair sale twice is a
    // unique violation, whatever the caller's retry logic does.
    manager
        .create_index(
            index(
                "uq_ledger_entry_source",
                LedgerEntry::Table,
                &["source", "source_ref"],
            )
            .unique()
            .to_owned(),
        )
        .await?;
    for (name, cols) in [
        ("idx_ledger_entry_reverses", &["reverses_id"][..]),
        ("idx_ledger_entry_enterprise", &["enterprise_id", "id"][..]),
        (
            "idx_ledger_entry_association",
            &["association_id", "id"][..],
        ),
        ("idx_ledger_entry_supplier", &["supplier_id", "id"][..]),
        ("idx_ledger_entry_household", &["household_id", "id"][..]),
        ("idx_ledger_entry_product", &["product_id", "id"][..]),
    ] {
        manager
            .create_index(index(name, LedgerEntry::Table, cols))
            .await?;
    }
    Ok(())
}

async fn seals(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(LedgerPending::Table)
                .col(pk_uuid(LedgerPending::EntryId))
                .col(timestamp_with_time_zone(LedgerPending::RecordedAt))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_ledger_pending_entry")
                        .from(LedgerPending::Table, LedgerPending::EntryId)
                        .to(LedgerEntry::Table, LedgerEntry::Id)
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .to_owned(),
        )
        .await?;
    manager
        .create_table(
            Table::create()
                .table(LedgerSeal::Table)
                .col(big_integer(LedgerSeal::Seq).primary_key())
                .col(uuid_uniq(LedgerSeal::EntryId))
                .col(string_len(LedgerSeal::PrevHash, 64))
                .col(string_len(LedgerSeal::Hash, 64))
                .col(timestamp_with_time_zone(LedgerSeal::SealedAt))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_ledger_seal_entry")
                        .from(LedgerSeal::Table, LedgerSeal::EntryId)
                        .to(LedgerEntry::Table, LedgerEntry::Id)
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .to_owned(),
        )
        .await?;
    manager
        .create_table(
            Table::create()
                .table(LedgerChainHead::Table)
                .col(integer(LedgerChainHead::Id).primary_key())
                .col(big_integer(LedgerChainHead::Seq))
                .col(string_len(LedgerChainHead::Hash, 64))
                .col(timestamp_with_time_zone_null(LedgerChainHead::SealedAt))
                .to_owned(),
        )
        .await?;
    let genesis = Query::insert()
        .into_table(LedgerChainHead::Table)
        .columns([
            LedgerChainHead::Id,
            LedgerChainHead::Seq,
            LedgerChainHead::Hash,
        ])
        .values_panic([1.into(), 0i64.into(), GENESIS.into()])
        .to_owned();
    manager.exec_stmt(genesis).await?;
    Ok(())
}

async fn rollups(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(LedgerRollup::Table)
                .col(big_pk_auto(LedgerRollup::Id))
                .col(uuid(LedgerRollup::CampaignId))
                .col(string_len(LedgerRollup::Dimension, 16))
                .col(string_len(LedgerRollup::DimKey, 40))
                .col(string_len(LedgerRollup::Period, 8))
                .col(string_len(LedgerRollup::PeriodKey, 40))
                .col(big_integer(LedgerRollup::Grams))
                .col(big_integer(LedgerRollup::Fen))
                .col(big_integer(LedgerRollup::Entries))
                .col(big_integer(LedgerRollup::CertifiedGrams))
                .col(big_integer(LedgerRollup::CertifiedFen))
                .col(big_integer(LedgerRollup::Households))
                .to_owned(),
        )
        .await?;
    manager
        .create_index(
            index(
                "uq_ledger_rollup_key",
                LedgerRollup::Table,
                &[
                    "campaign_id",
                    "dimension",
                    "period",
                    "period_key",
                    "dim_key",
                ],
            )
            .unique()
            .to_owned(),
        )
        .await?;
    manager
        .create_table(
            Table::create()
                .table(LedgerHouseholdSeen::Table)
                .col(big_integer(LedgerHouseholdSeen::RollupId))
                .col(uuid(LedgerHouseholdSeen::HouseholdId))
                .primary_key(
                    Index::create()
                        .col(LedgerHouseholdSeen::RollupId)
                        .col(LedgerHouseholdSeen::HouseholdId),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_ledger_household_seen_rollup")
                        .from(LedgerHouseholdSeen::Table, LedgerHouseholdSeen::RollupId)
                        .to(LedgerRollup::Table, LedgerRollup::Id)
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .to_owned(),
        )
        .await?;
    Ok(())
}

/// Triggers that refuse UPDATE and DELETE (and, on PostgreSQL, TRUNCATE) of entries and seals.
async fn append_only(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = manager.get_connection();
    match manager.get_database_backend() {
        sea_orm_migration::sea_orm::DatabaseBackend::Postgres => {
            db.execute_unprepared(
                "CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ \
                 BEGIN RAISE EXCEPTION 'ledger rows are append-only: % on % is not allowed', \
                 TG_OP, TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation'; END $$",
            )
            .await?;
            for table in ["ledger_entry", "ledger_seal"] {
                db.execute_unprepared(&format!(
                    "CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} \
                     FOR EACH ROW EXECUTE FUNCTION ledger_append_only()"
                ))
                .await?;
                db.execute_unprepared(&format!(
                    "CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} \
                     FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only()"
                ))
                .await?;
            }
        }
        _ => {
            for table in ["ledger_entry", "ledger_seal"] {
                for op in ["UPDATE", "DELETE"] {
                    let name = format!("{table}_no_{}", op.to_lowercase());
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER {name} BEFORE {op} ON {table} BEGIN \
                         SELECT RAISE(ABORT, 'ledger rows are append-only: {op} on {table} \
                         is not allowed'); END"
                    ))
                    .await?;
                }
            }
        }
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        entries(manager).await?;
        seals(manager).await?;
        rollups(manager).await?;
        append_only(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            LedgerHouseholdSeen::Table.into_iden(),
            LedgerRollup::Table.into_iden(),
            LedgerChainHead::Table.into_iden(),
            LedgerSeal::Table.into_iden(),
            LedgerPending::Table.into_iden(),
            LedgerEntry::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        if manager.get_database_backend() == sea_orm_migration::sea_orm::DatabaseBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared("DROP FUNCTION IF EXISTS ledger_append_only()")
                .await?;
        }
        Ok(())
    }
}
