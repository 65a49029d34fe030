//! Sales the ledger did not see happen: batches of rows reported by a company's own mall (held
//! as REPORTED until a reviewer verifies or rejects them) and the sales recorded at a market
//! fair. Both point at the ledger entry they became, if any.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Enterprise {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum MarketFair {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Product {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum ReportedBatch {
    Table,
    Id,
    EnterpriseId,
    AssociationId,
    SubmittedBy,
    SubmittedAt,
    ErrorPolicy,
    RowCount,
    ReceivedCount,
    RepeatedCount,
    FailedCount,
}

#[derive(DeriveIden)]
enum ReportedRow {
    Table,
    Id,
    BatchId,
    EnterpriseId,
    AssociationId,
    ExternalOrderId,
    ExternalLine,
    ContentHash,
    SaleKey,
    SoldOn,
    ProjectId,
    ProductId,
    ProductRef,
    Quantity,
    Grams,
    Fen,
    Channel,
    Status,
    Flags,
    ReviewReason,
    ReviewedBy,
    ReviewedAt,
    EntryId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum FairSale {
    Table,
    Id,
    FairId,
    AssociationId,
    EnterpriseId,
    ProjectId,
    ProductId,
    Reference,
    SoldOn,
    Quantity,
    Grams,
    Fen,
    RecordedBy,
    CreatedAt,
    EntryId,
}

fn index(name: &str, table: impl IntoIden + 'static, cols: &[&str]) -> IndexCreateStatement {
    let mut index = Index::create();
    index.name(name).table(table);
    for col in cols {
        index.col(Alias::new(*col));
    }
    index.to_owned()
}

async fn reported(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(ReportedBatch::Table)
                .col(pk_uuid(ReportedBatch::Id))
                .col(uuid(ReportedBatch::EnterpriseId))
                .col(uuid_null(ReportedBatch::AssociationId))
                .col(string_len(ReportedBatch::SubmittedBy, 200))
                .col(timestamp_with_time_zone(ReportedBatch::SubmittedAt))
                .col(string_len(ReportedBatch::ErrorPolicy, 24))
                .col(integer(ReportedBatch::RowCount))
                .col(integer(ReportedBatch::ReceivedCount))
                .col(integer(ReportedBatch::RepeatedCount))
                .col(integer(ReportedBatch::FailedCount))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_reported_batch_enterprise")
                        .from(ReportedBatch::Table, ReportedBatch::EnterpriseId)
                        .to(Enterprise::Table, Enterprise::Id)
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .to_owned(),
        )
        .await?;
    manager
        .create_index(index(
            "idx_reported_batch_enterprise",
            ReportedBatch::Table,
            &["enterprise_id", "id"],
        ))
        .await?;
    manager
        .create_table(
            Table::create()
                .table(ReportedRow::Table)
                .col(pk_uuid(ReportedRow::Id))
                .col(uuid(ReportedRow::BatchId))
                .col(uuid(ReportedRow::EnterpriseId))
                .col(uuid_null(ReportedRow::AssociationId))
                .col(string_len(ReportedRow::ExternalOrderId, 64))
                .col(string_len(ReportedRow::ExternalLine, 32))
                .col(string_len(ReportedRow::ContentHash, 64))
                .col(string_len(ReportedRow::SaleKey, 64))
                .col(date(ReportedRow::SoldOn))
                .col(uuid(ReportedRow::ProjectId))
                .col(uuid_null(ReportedRow::ProductId))
                .col(string_len(ReportedRow::ProductRef, 80))
                .col(big_integer(ReportedRow::Quantity))
                .col(big_integer(ReportedRow::Grams))
                .col(big_integer(ReportedRow::Fen))
                .col(string_len(ReportedRow::Channel, 24))
                .col(string_len(ReportedRow::Status, 16))
                .col(string_len(ReportedRow::Flags, 200))
                .col(text_null(ReportedRow::ReviewReason))
                .col(string_len_null(ReportedRow::ReviewedBy, 200))
                .col(timestamp_with_time_zone_null(ReportedRow::ReviewedAt))
                .col(uuid_null(ReportedRow::EntryId))
                .col(timestamp_with_time_zone(ReportedRow::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_reported_row_batch")
                        .from(ReportedRow::Table, ReportedRow::BatchId)
                        .to(ReportedBatch::Table, ReportedBatch::Id)
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .to_owned(),
        )
        .await?;
    // The idempotency key of a reported row: one row per external order line and enterprise.
    manager
        .create_index(
            index(
                "uq_reported_row_external",
                ReportedRow::Table,
                &["enterprise_id", "external_order_id", "external_line"],
            )
            .unique()
            .to_owned(),
        )
        .await?;
    for (name, cols) in [
        ("idx_reported_row_batch", &["batch_id", "id"][..]),
        (
            "idx_reported_row_association",
            &["association_id", "status"][..],
        ),
        // Looking for the same sale under another external id (the duplicate flag).
        ("idx_reported_row_sale", &["enterprise_id", "sale_key"][..]),
    ] {
        manager
            .create_index(index(name, ReportedRow::Table, cols))
            .await?;
    }
    Ok(())
}

async fn fair_sales(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(FairSale::Table)
                .col(pk_uuid(FairSale::Id))
                .col(uuid(FairSale::FairId))
                .col(uuid(FairSale::AssociationId))
                .col(uuid_null(FairSale::EnterpriseId))
                .col(uuid_null(FairSale::ProjectId))
                .col(uuid(FairSale::ProductId))
                .col(string_len_null(FairSale::Reference, 64))
                .col(date(FairSale::SoldOn))
                .col(big_integer(FairSale::Quantity))
                .col(big_integer(FairSale::Grams))
                .col(big_integer(FairSale::Fen))
                .col(string_len(FairSale::RecordedBy, 200))
                .col(timestamp_with_time_zone(FairSale::CreatedAt))
                .col(uuid(FairSale::EntryId))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_fair_sale_fair")
                        .from(FairSale::Table, FairSale::FairId)
                        .to(MarketFair::Table, MarketFair::Id)
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_fair_sale_product")
                        .from(FairSale::Table, FairSale::ProductId)
                        .to(Product::Table, Product::Id)
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .to_owned(),
        )
        .await?;
    // An organiser's own line reference makes re-sending a fair's sales safe.
    manager
        .create_index(
            index(
                "uq_fair_sale_reference",
                FairSale::Table,
                &["fair_id", "reference"],
            )
            .unique()
            .to_owned(),
        )
        .await?;
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        reported(manager).await?;
        fair_sales(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            FairSale::Table.into_iden(),
            ReportedRow::Table.into_iden(),
            ReportedBatch::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
