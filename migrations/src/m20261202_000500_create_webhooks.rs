//! Webhooks (see the `webhooks` crate): subscribers' endpoints, one delivery attempt per
//! (event, endpoint), and the log of every try.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum WebhookEndpoint {
    Table,
    Id,
    Role,
    EnterpriseId,
    AssociationId,
    SupplierId,
    Url,
    Description,
    EventTypes,
    Secret,
    PreviousSecret,
    PreviousSecretUntil,
    DisabledAt,
    DisabledReason,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum WebhookAttempt {
    Table,
    Id,
    EventId,
    EndpointId,
    AggregateId,
    Status,
    Tries,
    NextAt,
    LeaseUntil,
    ClaimedBy,
    LastStatusCode,
    CreatedAt,
    FinishedAt,
}

#[derive(DeriveIden)]
enum WebhookDelivery {
    Table,
    Id,
    AttemptId,
    EndpointId,
    EventId,
    EventType,
    TryNo,
    StartedAt,
    LatencyMs,
    StatusCode,
    Outcome,
    Error,
    ResponseExcerpt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(WebhookEndpoint::Table)
                    .col(pk_uuid(WebhookEndpoint::Id))
                    .col(string_len(WebhookEndpoint::Role, 32))
                    .col(uuid_null(WebhookEndpoint::EnterpriseId))
                    .col(uuid_null(WebhookEndpoint::AssociationId))
                    .col(uuid_null(WebhookEndpoint::SupplierId))
                    .col(string_len(WebhookEndpoint::Url, 2048))
                    .col(string_len_null(WebhookEndpoint::Description, 500))
                    .col(text(WebhookEndpoint::EventTypes))
                    .col(text(WebhookEndpoint::Secret))
                    .col(text_null(WebhookEndpoint::PreviousSecret))
                    .col(timestamp_with_time_zone_null(
                        WebhookEndpoint::PreviousSecretUntil,
                    ))
                    .col(timestamp_with_time_zone_null(WebhookEndpoint::DisabledAt))
                    .col(string_len_null(WebhookEndpoint::DisabledReason, 500))
                    .col(string_len(WebhookEndpoint::CreatedBy, 200))
                    .col(timestamp_with_time_zone(WebhookEndpoint::CreatedAt))
                    .col(timestamp_with_time_zone(WebhookEndpoint::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(WebhookAttempt::Table)
                    .col(pk_uuid(WebhookAttempt::Id))
                    .col(uuid(WebhookAttempt::EventId))
                    .col(uuid(WebhookAttempt::EndpointId))
                    .col(uuid(WebhookAttempt::AggregateId))
                    .col(string_len(WebhookAttempt::Status, 16))
                    .col(integer(WebhookAttempt::Tries))
                    .col(timestamp_with_time_zone(WebhookAttempt::NextAt))
                    .col(timestamp_with_time_zone_null(WebhookAttempt::LeaseUntil))
                    .col(string_len_null(WebhookAttempt::ClaimedBy, 100))
                    .col(integer_null(WebhookAttempt::LastStatusCode))
                    .col(timestamp_with_time_zone(WebhookAttempt::CreatedAt))
                    .col(timestamp_with_time_zone_null(WebhookAttempt::FinishedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(WebhookAttempt::Table, WebhookAttempt::EndpointId)
                            .to(WebhookEndpoint::Table, WebhookEndpoint::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // Fan-out is idempotent: two workers offering the same event insert one attempt.
        manager
            .create_index(
                Index::create()
                    .name("uq_webhook_attempt_event_endpoint")
                    .table(WebhookAttempt::Table)
                    .col(WebhookAttempt::EventId)
                    .col(WebhookAttempt::EndpointId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        // The claim reads pending attempts by due time; finished ones drop out of the index.
        manager
            .create_index(
                Index::create()
                    .name("idx_webhook_attempt_due")
                    .table(WebhookAttempt::Table)
                    .col(WebhookAttempt::NextAt)
                    .and_where(Expr::col(WebhookAttempt::Status).eq("PENDING"))
                    .to_owned(),
            )
            .await?;
        // Per-endpoint ordering looks for an earlier unfinished attempt of the same object.
        manager
            .create_index(
                Index::create()
                    .name("idx_webhook_attempt_endpoint_aggregate")
                    .table(WebhookAttempt::Table)
                    .col(WebhookAttempt::EndpointId)
                    .col(WebhookAttempt::AggregateId)
                    .col(WebhookAttempt::EventId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(WebhookDelivery::Table)
                    .col(pk_uuid(WebhookDelivery::Id))
                    .col(uuid(WebhookDelivery::AttemptId))
                    .col(uuid(WebhookDelivery::EndpointId))
                    .col(uuid(WebhookDelivery::EventId))
                    .col(string_len(WebhookDelivery::EventType, 100))
                    .col(integer(WebhookDelivery::TryNo))
                    .col(timestamp_with_time_zone(WebhookDelivery::StartedAt))
                    .col(big_integer(WebhookDelivery::LatencyMs))
                    .col(integer_null(WebhookDelivery::StatusCode))
                    .col(string_len(WebhookDelivery::Outcome, 16))
                    .col(string_len_null(WebhookDelivery::Error, 500))
                    .col(string_len_null(WebhookDelivery::ResponseExcerpt, 1000))
                    .foreign_key(
                        ForeignKey::create()
                            .from(WebhookDelivery::Table, WebhookDelivery::EndpointId)
                            .to(WebhookEndpoint::Table, WebhookEndpoint::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_webhook_delivery_endpoint")
                    .table(WebhookDelivery::Table)
                    .col(WebhookDelivery::EndpointId)
                    .col(WebhookDelivery::Id)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            WebhookDelivery::Table.into_iden(),
            WebhookAttempt::Table.into_iden(),
            WebhookEndpoint::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
