//! 台账状态: how far the sealer has got, so a client (or a test) can wait for its sale to count.

use chrono::{DateTime, TimeDelta, Utc};
use kernel::{DomainError, DomainResult};
use sea_orm::{ConnectionTrait, Statement};

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

/// Reads the head and the queue in one statement, so in one snapshot: `pending == 0` then
/// means every entry committed before the read is sealed through `sealed_through`. (Two reads
/// could see the head before a batch and the queue after it.)
pub async fn status(conn: &impl ConnectionTrait, now: DateTime<Utc>) -> DomainResult<Status> {
    let sql = "SELECT h.seq, h.sealed_at, \
               (SELECT CAST(COUNT(*) AS BIGINT) FROM ledger_pending) AS pending, \
               (SELECT MIN(recorded_at) FROM ledger_pending) AS oldest \
               FROM ledger_chain_head h WHERE h.id = 1";
    let row = conn
        .query_one_raw(Statement::from_string(conn.get_database_backend(), sql))
        .await?
        .ok_or(DomainError::NotFound)?;
    let oldest: Option<DateTime<Utc>> = row.try_get_by_index(3)?;
    let pending: i64 = row.try_get_by_index(2)?;
    Ok(Status {
        sealed_through: row.try_get_by_index(0)?,
        last_sealed_at: row.try_get_by_index(1)?,
        pending: u64::try_from(pending).unwrap_or(0),
        lag: oldest.map_or(TimeDelta::zero(), |t| (now - t).max(TimeDelta::zero())),
    })
}
