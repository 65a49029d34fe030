//! Write plumbing that orders and the ledger build on (see `kernel::idempotency` and
//! `kernel::outbox`): the idempotency-key store and the transactional outbox.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum IdempotencyKey {
    Table,
    Id,
    Scope,
    Operation,
    Key,
    Fingerprint,
    Result,
    CreatedAt,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum OutboxEvent {
    Table,
    Id,
    EventType,
    AggregateType,
    AggregateId,
    EnterpriseId,
    AssociationId,
    SupplierId,
    Payload,
    OccurredAt,
    CreatedAt,
    DeliveredAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(IdempotencyKey::Table)
                    .col(pk_uuid(IdempotencyKey::Id))
                    .col(string_len(IdempotencyKey::Scope, 200))
                    .col(string_len(IdempotencyKey::Operation, 200))
                    .col(string_len(IdempotencyKey::Key, 200))
                    .col(string_len(IdempotencyKey::Fingerprint, 64))
                    .col(json_binary_null(IdempotencyKey::Result))
                    .col(timestamp_with_time_zone(IdempotencyKey::CreatedAt))
                    .col(timestamp_with_time_zone(IdempotencyKey::ExpiresAt))
                    .to_owned(),
            )
            .await?;
        // One claim per key: the second of two concurrent claims waits for the first
        // transaction and then finds its result (the claim is `ON CONFLICT DO NOTHING`).
        manager
            .create_index(
                Index::create()
                    .name("uq_idempotency_key_scope_operation_key")
                    .table(IdempotencyKey::Table)
                    .col(IdempotencyKey::Scope)
                    .col(IdempotencyKey::Operation)
                    .col(IdempotencyKey::Key)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_idempotency_key_expires_at")
                    .table(IdempotencyKey::Table)
                    .col(IdempotencyKey::ExpiresAt)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(OutboxEvent::Table)
                    .col(pk_uuid(OutboxEvent::Id))
                    .col(string_len(OutboxEvent::EventType, 100))
                    .col(string_len(OutboxEvent::AggregateType, 100))
                    .col(uuid(OutboxEvent::AggregateId))
                    .col(uuid_null(OutboxEvent::EnterpriseId))
                    .col(uuid_null(OutboxEvent::AssociationId))
                    .col(uuid_null(OutboxEvent::SupplierId))
                    .col(json_binary(OutboxEvent::Payload))
                    .col(timestamp_with_time_zone(OutboxEvent::OccurredAt))
                    .col(timestamp_with_time_zone(OutboxEvent::CreatedAt))
                    .col(timestamp_with_time_zone_null(OutboxEvent::DeliveredAt))
                    .to_owned(),
            )
            .await?;
        // The delivery worker reads undelivered rows in id order; delivered ones drop out of
        // this (partial) index, so it stays as small as the backlog.
        manager
            .create_index(
                Index::create()
                    .name("idx_outbox_event_pending")
                    .table(OutboxEvent::Table)
                    .col(OutboxEvent::Id)
                    .and_where(Expr::col(OutboxEvent::DeliveredAt).is_null())
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(OutboxEvent::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(IdempotencyKey::Table).to_owned())
            .await
    }
}
