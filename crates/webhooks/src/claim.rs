//! 领取: a worker takes due attempts under a lease, so two workers (or two instances) never
//! send the same attempt at the same time, and an attempt whose worker died is sent again once
//! its lease lapses.
//!
//! A claim is one write transaction: it selects attempts that are due (pending, `next_at`
//! passed, no live lease, endpoint enabled, and no earlier unfinished attempt of the same
//! object for the same endpoint: one object's events arrive in order), then sets their lease
//! with an UPDATE that repeats the conditions, and returns them. On PostgreSQL the selection is
//! `FOR UPDATE SKIP LOCKED`, so concurrent claims take different rows instead of queueing (and
//! the rows stay locked until the lease is written); on SQLite the transaction holds the write
//! lock from its start (`BEGIN IMMEDIATE`). (One UPDATE with the locked selection as a
//! subquery would do, but PostgreSQL runs a locking subquery again for every row it updates.)

use std::time::Duration;

use chrono::{DateTime, Utc};
use kernel::DomainResult;
use kernel::outbox::entity as outbox;
use sea_orm::sea_query::{Expr, ExprTrait, LockBehavior, LockType, Query};
use sea_orm::{
    ColumnTrait, Condition, DatabaseBackend, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

use crate::entity::attempt::{AttemptStatus, Column, Entity, Model};
use crate::entity::endpoint;

/// An attempt with what sending it needs.
#[derive(Debug, Clone)]
pub struct Claimed {
    pub attempt: Model,
    pub event: outbox::Model,
    pub endpoint: endpoint::Model,
}

/// No earlier attempt of the same object for the same endpoint is unfinished.
const IN_ORDER: &str = "NOT EXISTS (SELECT 1 FROM webhook_attempt AS earlier \
     WHERE earlier.endpoint_id = webhook_attempt.endpoint_id \
     AND earlier.aggregate_id = webhook_attempt.aggregate_id \
     AND earlier.event_id < webhook_attempt.event_id \
     AND earlier.status = 'PENDING')";

fn due(now: DateTime<Utc>) -> Condition {
    Condition::all()
        .add(Column::Status.eq(AttemptStatus::Pending))
        .add(Column::NextAt.lte(now))
        .add(
            Condition::any()
                .add(Column::LeaseUntil.is_null())
                .add(Column::LeaseUntil.lte(now)),
        )
        .add(
            Column::EndpointId.in_subquery(
                Query::select()
                    .column(endpoint::Column::Id)
                    .from(endpoint::Entity)
                    .and_where(endpoint::Column::DisabledAt.is_null())
                    .to_owned(),
            ),
        )
        .add(Expr::cust(IN_ORDER))
}

/// Claims up to `limit` due attempts for `worker` until `now + lease`; each claim counts as a
/// try (`tries + 1`).
pub async fn claim(
    db: &DatabaseConnection,
    worker: &str,
    now: DateTime<Utc>,
    lease: Duration,
    limit: u64,
) -> DomainResult<Vec<Claimed>> {
    let until = now + chrono::TimeDelta::from_std(lease).unwrap_or(chrono::TimeDelta::seconds(60));
    let txn = kernel::db::begin_write(db).await?;
    let mut candidates = Entity::find()
        .select_only()
        .column(Column::Id)
        .filter(due(now))
        .order_by_asc(Column::NextAt)
        .limit(limit);
    if db.get_database_backend() == DatabaseBackend::Postgres {
        candidates = candidates.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
    }
    let ids: Vec<uuid::Uuid> = candidates.into_tuple().all(&txn).await?;
    let attempts = if ids.is_empty() {
        Vec::new()
    } else {
        Entity::update_many()
            .col_expr(Column::LeaseUntil, Expr::value(until))
            .col_expr(Column::ClaimedBy, Expr::value(worker))
            .col_expr(Column::Tries, Expr::col(Column::Tries).add(1))
            .filter(Column::Id.is_in(ids))
            .filter(due(now))
            .exec_with_returning(&txn)
            .await?
    };
    txn.commit().await?;
    let conn = db;
    if attempts.is_empty() {
        return Ok(Vec::new());
    }
    let events: std::collections::HashMap<_, _> = outbox::Entity::find()
        .filter(outbox::Column::Id.is_in(attempts.iter().map(|a| a.event_id)))
        .all(conn)
        .await?
        .into_iter()
        .map(|e| (e.id, e))
        .collect();
    let endpoints: std::collections::HashMap<_, _> = endpoint::Entity::find()
        .filter(endpoint::Column::Id.is_in(attempts.iter().map(|a| a.endpoint_id)))
        .all(conn)
        .await?
        .into_iter()
        .map(|e| (e.id, e))
        .collect();
    Ok(attempts
        .into_iter()
        .filter_map(|attempt| {
            Some(Claimed {
                event: events.get(&attempt.event_id)?.clone(),
                endpoint: endpoints.get(&attempt.endpoint_id)?.clone(),
                attempt,
            })
        })
        .collect())
}
