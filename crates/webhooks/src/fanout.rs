//! 分发: turns outbox events into attempts, one per (event, endpoint) that subscribes to the
//! event's type and whose subscriber may read the event's object. Runs in one write
//! transaction per batch, and marks the events taken in the same transaction, so an event is
//! fanned out exactly when its attempts exist. Two workers offering the same event insert one
//! attempt (a unique index, `ON CONFLICT DO NOTHING`); on PostgreSQL they do not even try, as
//! the batch's events are locked with `SKIP LOCKED`.

use chrono::{DateTime, Utc};
use kernel::outbox::entity as outbox;
use kernel::{DomainResult, EventType};
use sea_orm::sea_query::{LockBehavior, LockType};
use sea_orm::{
    ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

use crate::entity::attempt::{self, AttemptStatus};
use crate::entity::endpoint;
use crate::{endpoint as endpoints, scope};

/// What one batch did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FannedOut {
    pub events: u64,
    pub attempts: u64,
}

/// Fans out up to `batch` pending events in the caller's transaction.
pub async fn fan_out(
    txn: &DatabaseTransaction,
    now: DateTime<Utc>,
    batch: u64,
) -> DomainResult<FannedOut> {
    let events = outbox::Entity::find()
        .filter(outbox::Column::DeliveredAt.is_null())
        .order_by_asc(outbox::Column::Id)
        .limit(batch)
        .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
        .all(txn)
        .await?;
    if events.is_empty() {
        return Ok(FannedOut::default());
    }
    let ids: Vec<_> = events.iter().map(|e| e.id).collect();
    let subscribers = endpoint::Entity::find()
        .filter(endpoint::Column::DisabledAt.is_null())
        .all(txn)
        .await?;
    let mut attempts = Vec::new();
    for e in &subscribers {
        let types: Vec<EventType> = endpoints::event_types(e);
        let Some(actor) = scope::subscriber(e) else {
            continue;
        };
        let visible: Vec<(uuid::Uuid, uuid::Uuid)> = outbox::Entity::find()
            .select_only()
            .column(outbox::Column::Id)
            .column(outbox::Column::AggregateId)
            .filter(outbox::Column::Id.is_in(ids.iter().copied()))
            .filter(scope::visible(&actor, &types))
            .into_tuple()
            .all(txn)
            .await?;
        attempts.extend(
            visible
                .into_iter()
                .map(|(event, aggregate)| attempt::ActiveModel {
                    id: Set(kernel::new_id()),
                    event_id: Set(event),
                    endpoint_id: Set(e.id),
                    aggregate_id: Set(aggregate),
                    status: Set(AttemptStatus::Pending),
                    tries: Set(0),
                    next_at: Set(now),
                    lease_until: Set(None),
                    claimed_by: Set(None),
                    last_status_code: Set(None),
                    created_at: Set(now),
                    finished_at: Set(None),
                }),
        );
    }
    let made = u64::try_from(attempts.len()).unwrap_or(u64::MAX);
    for chunk in attempts.chunks(200) {
        attempt::Entity::insert_many(chunk.to_vec())
            .on_conflict_do_nothing_on([attempt::Column::EventId, attempt::Column::EndpointId])
            .exec_without_returning(txn)
            .await?;
    }
    kernel::outbox::mark_delivered(txn, &ids, now).await?;
    Ok(FannedOut {
        events: u64::try_from(ids.len()).unwrap_or(u64::MAX),
        attempts: made,
    })
}
