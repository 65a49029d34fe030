//! 台账状态: how far the sealer has got, so a client (or a test) can wait for its sale to count.

use chrono::{DateTime, TimeDelta, Utc};
use kernel::{DomainError, DomainResult};
use sea_orm::{ConnectionTrait, EntityTrait, PaginatorTrait, QueryOrder};

use crate::entity::{chain_head, pending};
use crate::sealer::batch::HEAD;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// The last sequence number sealed (0: none).
    pub sealed_through: i64,
    /// When the last batch was sealed.
    pub last_sealed_at: Option<DateTime<Utc>>,
    /// Committed entries not sealed yet.
    pub pending: u64,
    /// How long the oldest of them has waited (zero when none waits).
    pub lag: TimeDelta,
}

pub async fn status(conn: &impl ConnectionTrait, now: DateTime<Utc>) -> DomainResult<Status> {
    let head = chain_head::Entity::find_by_id(HEAD)
        .one(conn)
        .await?
        .ok_or(DomainError::NotFound)?;
    let pending_count = pending::Entity::find().count(conn).await?;
    let oldest = pending::Entity::find()
        .order_by_asc(pending::Column::RecordedAt)
        .one(conn)
        .await?;
    Ok(Status {
        sealed_through: head.seq,
        last_sealed_at: head.sealed_at,
        pending: pending_count,
        lag: oldest.map_or(TimeDelta::zero(), |p| {
            (now - p.recorded_at).max(TimeDelta::zero())
        }),
    })
}
