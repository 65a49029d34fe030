//! 重新投递: the subscriber asks for one event again, or for everything since a time (after
//! fixing a receiver). The attempt is scheduled afresh (tries from zero, due now); the event
//! keeps its id, so a receiver that had it already recognises it.

use chrono::{DateTime, Utc};
use kernel::{Actor, Clock, DomainError, DomainResult};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, UpdateMany};
use uuid::Uuid;

use crate::endpoint;
use crate::entity::attempt::{AttemptStatus, Column, Entity};

fn reschedule(now: DateTime<Utc>) -> UpdateMany<Entity> {
    Entity::update_many()
        .col_expr(Column::Status, Expr::value(AttemptStatus::Pending))
        .col_expr(Column::Tries, Expr::value(0))
        .col_expr(Column::NextAt, Expr::value(now))
        .col_expr(
            Column::FinishedAt,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
}

/// Sends one event to the endpoint again. An event the endpoint never had is `NotFound`.
pub async fn event(
    txn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    endpoint_id: Uuid,
    event_id: Uuid,
) -> DomainResult<u64> {
    endpoint::get(txn, actor, endpoint_id).await?;
    let updated = reschedule(clock.now())
        .filter(Column::EndpointId.eq(endpoint_id))
        .filter(Column::EventId.eq(event_id))
        .exec(txn)
        .await?;
    if updated.rows_affected == 0 {
        return Err(DomainError::NotFound);
    }
    Ok(updated.rows_affected)
}

/// Sends every event the endpoint had since `since` again; returns how many.
pub async fn since(
    txn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    endpoint_id: Uuid,
    since: DateTime<Utc>,
) -> DomainResult<u64> {
    endpoint::get(txn, actor, endpoint_id).await?;
    let updated = reschedule(clock.now())
        .filter(Column::EndpointId.eq(endpoint_id))
        .filter(Column::CreatedAt.gte(since))
        .exec(txn)
        .await?;
    Ok(updated.rows_affected)
}
