//! Orders (订单): the order with its payment and fulfilment status kept apart, its lines (each
//! carrying the tenant columns the one tenant rule reads: enterprise, household, supplier, and
//! whether the store is hosted), and the event log of everything that happened to it.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum CustomerOrder {
    Table,
    Id,
    EnterpriseId,
    ProjectId,
    HouseholdId,
    StoreId,
    StoreKind,
    PaymentStatus,
    FulfilmentStatus,
    DeliveryMethod,
    PickupPoint,
    RecipientName,
    RecipientPhone,
    DeliveryAddress,
    Note,
    TotalFen,
    TotalGrams,
    PaidFen,
    RefundedFen,
    PaymentReference,
    PaidAt,
    ExpiresAt,
    ClosedReason,
    PickupCode,
    PickedUpAt,
    PickedUpBy,
    PlacedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum OrderLine {
    Table,
    Id,
    OrderId,
    LineIndex,
    EnterpriseId,
    HouseholdId,
    SupplierId,
    Hosted,
    ListingId,
    ProductId,
    Quantity,
    UnitPriceFen,
    UnitGrams,
    AmountFen,
    Grams,
    RefundedQuantity,
    RefundedFen,
    RestockedQuantity,
    LedgerEntryId,
    Carrier,
    TrackingNumber,
    ShippedAt,
}

#[derive(DeriveIden)]
enum OrderEvent {
    Table,
    Id,
    OrderId,
    EnterpriseId,
    Kind,
    Actor,
    Detail,
    At,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CustomerOrder::Table)
                    .col(pk_uuid(CustomerOrder::Id))
                    .col(uuid(CustomerOrder::EnterpriseId))
                    .col(uuid(CustomerOrder::ProjectId))
                    .col(uuid(CustomerOrder::HouseholdId))
                    .col(uuid(CustomerOrder::StoreId))
                    .col(string_len(CustomerOrder::StoreKind, 16))
                    .col(string_len(CustomerOrder::PaymentStatus, 24))
                    .col(string_len(CustomerOrder::FulfilmentStatus, 24))
                    .col(string_len(CustomerOrder::DeliveryMethod, 16))
                    .col(string_len_null(CustomerOrder::PickupPoint, 200))
                    .col(string_len_null(CustomerOrder::RecipientName, 50))
                    .col(string_len_null(CustomerOrder::RecipientPhone, 20))
                    .col(string_len_null(CustomerOrder::DeliveryAddress, 300))
                    .col(string_len_null(CustomerOrder::Note, 500))
                    .col(big_integer(CustomerOrder::TotalFen))
                    .col(big_integer(CustomerOrder::TotalGrams))
                    .col(big_integer(CustomerOrder::PaidFen))
                    .col(big_integer(CustomerOrder::RefundedFen))
                    .col(string_len_null(CustomerOrder::PaymentReference, 100))
                    .col(timestamp_with_time_zone_null(CustomerOrder::PaidAt))
                    .col(timestamp_with_time_zone(CustomerOrder::ExpiresAt))
                    .col(string_len_null(CustomerOrder::ClosedReason, 24))
                    .col(string_len_null(CustomerOrder::PickupCode, 16))
                    .col(timestamp_with_time_zone_null(CustomerOrder::PickedUpAt))
                    .col(string_len_null(CustomerOrder::PickedUpBy, 200))
                    .col(string_len(CustomerOrder::PlacedBy, 200))
                    .col(timestamp_with_time_zone(CustomerOrder::CreatedAt))
                    .col(timestamp_with_time_zone(CustomerOrder::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        for (name, cols) in [
            (
                "idx_customer_order_enterprise",
                vec![CustomerOrder::EnterpriseId],
            ),
            (
                "idx_customer_order_household",
                vec![CustomerOrder::HouseholdId],
            ),
            ("idx_customer_order_store", vec![CustomerOrder::StoreId]),
            (
                "idx_customer_order_expiry",
                vec![CustomerOrder::PaymentStatus, CustomerOrder::ExpiresAt],
            ),
        ] {
            let mut index = Index::create();
            index.name(name).table(CustomerOrder::Table);
            for col in cols {
                index.col(col);
            }
            manager.create_index(index.to_owned()).await?;
        }
        // A pickup code names one order: staff redeem by the code alone.
        manager
            .create_index(
                Index::create()
                    .name("uq_customer_order_pickup_code")
                    .table(CustomerOrder::Table)
                    .col(CustomerOrder::PickupCode)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(OrderLine::Table)
                    .col(pk_uuid(OrderLine::Id))
                    .col(uuid(OrderLine::OrderId))
                    .col(integer(OrderLine::LineIndex))
                    .col(uuid(OrderLine::EnterpriseId))
                    .col(uuid(OrderLine::HouseholdId))
                    .col(uuid(OrderLine::SupplierId))
                    .col(boolean(OrderLine::Hosted))
                    .col(uuid(OrderLine::ListingId))
                    .col(uuid(OrderLine::ProductId))
                    .col(big_integer(OrderLine::Quantity))
                    .col(big_integer(OrderLine::UnitPriceFen))
                    .col(big_integer(OrderLine::UnitGrams))
                    .col(big_integer(OrderLine::AmountFen))
                    .col(big_integer(OrderLine::Grams))
                    .col(big_integer(OrderLine::RefundedQuantity))
                    .col(big_integer(OrderLine::RefundedFen))
                    .col(big_integer(OrderLine::RestockedQuantity))
                    .col(uuid_null(OrderLine::LedgerEntryId))
                    .col(string_len_null(OrderLine::Carrier, 50))
                    .col(string_len_null(OrderLine::TrackingNumber, 50))
                    .col(timestamp_with_time_zone_null(OrderLine::ShippedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_order_line_order")
                            .from(OrderLine::Table, OrderLine::OrderId)
                            .to(CustomerOrder::Table, CustomerOrder::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, col) in [
            ("idx_order_line_order", OrderLine::OrderId),
            ("idx_order_line_supplier", OrderLine::SupplierId),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(OrderLine::Table)
                        .col(col)
                        .to_owned(),
                )
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(OrderEvent::Table)
                    .col(pk_uuid(OrderEvent::Id))
                    .col(uuid(OrderEvent::OrderId))
                    .col(uuid(OrderEvent::EnterpriseId))
                    .col(string_len(OrderEvent::Kind, 32))
                    .col(string_len(OrderEvent::Actor, 200))
                    .col(json_binary(OrderEvent::Detail))
                    .col(timestamp_with_time_zone(OrderEvent::At))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_order_event_order")
                            .from(OrderEvent::Table, OrderEvent::OrderId)
                            .to(CustomerOrder::Table, CustomerOrder::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_order_event_order")
                    .table(OrderEvent::Table)
                    .col(OrderEvent::OrderId)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(OrderEvent::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(OrderLine::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(CustomerOrder::Table).to_owned())
            .await
    }
}
