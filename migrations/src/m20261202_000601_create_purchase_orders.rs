//! Bulk procurement (企业集采, 合作企业集采) and the occasions calendar: partner companies a
//! mobilising enterprise registers; purchase orders with lines at agreed prices, a requester and
//! an approver, delivery and invoice references; the occasions (festivals, solar terms, a
//! project's 业主节, campaign fairs) that group buys and purchase orders name.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PartnerCompany {
    Table,
    Id,
    EnterpriseId,
    Name,
    Uscc,
    Kind,
    ContactName,
    ContactPhone,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum PurchaseOrder {
    Table,
    Id,
    EnterpriseId,
    PartnerId,
    Purpose,
    OccasionId,
    Title,
    State,
    RequestedBy,
    ApprovedBy,
    ApprovedAt,
    DeliveryProjectId,
    DeliveryAddress,
    RecipientName,
    RecipientPhone,
    InvoiceReference,
    PaymentReference,
    TotalFen,
    TotalGrams,
    PaidAt,
    ClosedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum PurchaseOrderLine {
    Table,
    Id,
    PurchaseOrderId,
    EnterpriseId,
    SupplierId,
    ProductId,
    LineIndex,
    Quantity,
    UnitPriceFen,
    UnitGrams,
    AmountFen,
    Grams,
    LedgerEntryId,
}

#[derive(DeriveIden)]
enum Occasion {
    Table,
    Id,
    Kind,
    Name,
    StartsOn,
    EndsOn,
    EnterpriseId,
    ProjectId,
    CreatedBy,
    CreatedAt,
}

async fn index(
    manager: &SchemaManager<'_>,
    name: &str,
    table: impl IntoIden + 'static,
    cols: Vec<DynIden>,
    unique: bool,
) -> Result<(), DbErr> {
    let mut index = Index::create();
    index.name(name).table(table);
    for col in cols {
        index.col(col);
    }
    if unique {
        index.unique();
    }
    manager.create_index(index.to_owned()).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PartnerCompany::Table)
                    .col(pk_uuid(PartnerCompany::Id))
                    .col(uuid(PartnerCompany::EnterpriseId))
                    .col(string_len(PartnerCompany::Name, 100))
                    .col(string_len(PartnerCompany::Uscc, 18))
                    .col(string_len(PartnerCompany::Kind, 24))
                    .col(string_len_null(PartnerCompany::ContactName, 50))
                    .col(string_len_null(PartnerCompany::ContactPhone, 20))
                    .col(string_len(PartnerCompany::CreatedBy, 200))
                    .col(timestamp_with_time_zone(PartnerCompany::CreatedAt))
                    .to_owned(),
            )
            .await?;
        // A company is registered once by the enterprise that mobilised it.
        index(
            manager,
            "uq_partner_company_uscc",
            PartnerCompany::Table,
            vec![
                PartnerCompany::EnterpriseId.into_iden(),
                PartnerCompany::Uscc.into_iden(),
            ],
            true,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(PurchaseOrder::Table)
                    .col(pk_uuid(PurchaseOrder::Id))
                    .col(uuid(PurchaseOrder::EnterpriseId))
                    .col(uuid_null(PurchaseOrder::PartnerId))
                    .col(string_len(PurchaseOrder::Purpose, 24))
                    .col(uuid_null(PurchaseOrder::OccasionId))
                    .col(string_len(PurchaseOrder::Title, 100))
                    .col(string_len(PurchaseOrder::State, 16))
                    .col(string_len(PurchaseOrder::RequestedBy, 200))
                    .col(string_len_null(PurchaseOrder::ApprovedBy, 200))
                    .col(timestamp_with_time_zone_null(PurchaseOrder::ApprovedAt))
                    .col(uuid_null(PurchaseOrder::DeliveryProjectId))
                    .col(string_len_null(PurchaseOrder::DeliveryAddress, 300))
                    .col(string_len_null(PurchaseOrder::RecipientName, 50))
                    .col(string_len_null(PurchaseOrder::RecipientPhone, 20))
                    .col(string_len_null(PurchaseOrder::InvoiceReference, 100))
                    .col(string_len_null(PurchaseOrder::PaymentReference, 100))
                    .col(big_integer(PurchaseOrder::TotalFen))
                    .col(big_integer(PurchaseOrder::TotalGrams))
                    .col(timestamp_with_time_zone_null(PurchaseOrder::PaidAt))
                    .col(timestamp_with_time_zone_null(PurchaseOrder::ClosedAt))
                    .col(timestamp_with_time_zone(PurchaseOrder::CreatedAt))
                    .col(timestamp_with_time_zone(PurchaseOrder::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_purchase_order_enterprise",
            PurchaseOrder::Table,
            vec![PurchaseOrder::EnterpriseId.into_iden()],
            false,
        )
        .await?;
        index(
            manager,
            "idx_purchase_order_partner",
            PurchaseOrder::Table,
            vec![PurchaseOrder::PartnerId.into_iden()],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(PurchaseOrderLine::Table)
                    .col(pk_uuid(PurchaseOrderLine::Id))
                    .col(uuid(PurchaseOrderLine::PurchaseOrderId))
                    .col(uuid(PurchaseOrderLine::EnterpriseId))
                    .col(uuid(PurchaseOrderLine::SupplierId))
                    .col(uuid(PurchaseOrderLine::ProductId))
                    .col(integer(PurchaseOrderLine::LineIndex))
                    .col(big_integer(PurchaseOrderLine::Quantity))
                    .col(big_integer(PurchaseOrderLine::UnitPriceFen))
                    .col(big_integer(PurchaseOrderLine::UnitGrams))
                    .col(big_integer(PurchaseOrderLine::AmountFen))
                    .col(big_integer(PurchaseOrderLine::Grams))
                    .col(uuid_null(PurchaseOrderLine::LedgerEntryId))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_purchase_order_line_order")
                            .from(PurchaseOrderLine::Table, PurchaseOrderLine::PurchaseOrderId)
                            .to(PurchaseOrder::Table, PurchaseOrder::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_purchase_order_line_order",
            PurchaseOrderLine::Table,
            vec![PurchaseOrderLine::PurchaseOrderId.into_iden()],
            false,
        )
        .await?;
        index(
            manager,
            "idx_purchase_order_line_supplier",
            PurchaseOrderLine::Table,
            vec![PurchaseOrderLine::SupplierId.into_iden()],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Occasion::Table)
                    .col(pk_uuid(Occasion::Id))
                    .col(string_len(Occasion::Kind, 24))
                    .col(string_len(Occasion::Name, 100))
                    .col(date(Occasion::StartsOn))
                    .col(date(Occasion::EndsOn))
                    .col(uuid_null(Occasion::EnterpriseId))
                    .col(uuid_null(Occasion::ProjectId))
                    .col(string_len(Occasion::CreatedBy, 200))
                    .col(timestamp_with_time_zone(Occasion::CreatedAt))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_occasion_starts_on",
            Occasion::Table,
            vec![Occasion::StartsOn.into_iden()],
            false,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Occasion::Table.into_iden(),
            PurchaseOrderLine::Table.into_iden(),
            PurchaseOrder::Table.into_iden(),
            PartnerCompany::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
