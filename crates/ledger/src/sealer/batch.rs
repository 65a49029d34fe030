//! Sealing one batch, in one transaction: take the oldest entries from the queue, number them
//! after the chain head without gaps, hash each onto the previous, write their seals, add the
//! batch to the rollups, empty those queue rows, and advance the head with a conditional
//! UPDATE. Either all of that commits or none of it does, so the sealer's progress is recorded
//! exactly with its work, and a batch is never sealed twice.

use chrono::{SubsecRound, Utc};
use kernel::{DomainError, DomainResult};
use sea_orm::{
    ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use crate::canonical::chain_hash;
use crate::entity::{chain_head, entry, pending, seal};
use crate::sql::ROWS_PER_INSERT;

/// What one batch did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Sealed {
    /// Entries sealed in this batch.
    pub count: u64,
    /// The chain head's sequence number after it.
    pub through: i64,
}

/// The head row's id.
pub const HEAD: i32 = 1;

/// Seals up to `limit` queued entries in `txn` (which the caller commits). The queue is read in
/// entry-id order (UUIDv7: roughly the order `record` ran), and whatever is in it is sealed:
/// entries that committed late are simply in a later batch, never skipped.
pub async fn seal_batch(txn: &DatabaseTransaction, limit: u64) -> DomainResult<Sealed> {
    let head = chain_head::Entity::find_by_id(HEAD)
        .one(txn)
        .await?
        .ok_or_else(|| {
            DomainError::Database(sea_orm::DbErr::RecordNotFound("ledger_chain_head".into()))
        })?;
    let ids: Vec<Uuid> = pending::Entity::find()
        .select_only()
        .column(pending::Column::EntryId)
        .order_by_asc(pending::Column::EntryId)
        .limit(limit)
        .into_tuple()
        .all(txn)
        .await?;
    if ids.is_empty() {
        return Ok(Sealed {
            count: 0,
            through: head.seq,
        });
    }
    let entries = entry::Entity::find()
        .filter(entry::Column::Id.is_in(ids.iter().copied()))
        .order_by_asc(entry::Column::Id)
        .all(txn)
        .await?;
    let now = Utc::now().trunc_subsecs(6);
    let mut seq = head.seq;
    let mut hash = head.hash.clone();
    let mut seals = Vec::with_capacity(entries.len());
    for e in &entries {
        seq += 1;
        let next = chain_hash(&hash, seq, e);
        seals.push(seal::ActiveModel {
            seq: Set(seq),
            entry_id: Set(e.id),
            prev_hash: Set(std::mem::replace(&mut hash, next.clone())),
            hash: Set(next),
            sealed_at: Set(now),
        });
    }
    for chunk in seals.chunks(ROWS_PER_INSERT) {
        seal::Entity::insert_many(chunk.iter().cloned())
            .exec_without_returning(txn)
            .await?;
    }
    crate::rollup::apply::apply(txn, &entries).await?;
    pending::Entity::delete_many()
        .filter(pending::Column::EntryId.is_in(ids))
        .exec(txn)
        .await?;
    // The head moves only from where this batch started: if anything else sealed in between
    // (it cannot while the sealer holds its lock, but a manual `seal_all` might race), this
    // batch rolls back instead of forking the chain.
    let advanced = chain_head::Entity::update_many()
        .set(chain_head::ActiveModel {
            seq: Set(seq),
            hash: Set(hash),
            sealed_at: Set(Some(now)),
            ..Default::default()
        })
        .filter(chain_head::Column::Id.eq(HEAD))
        .filter(chain_head::Column::Seq.eq(head.seq))
        .exec(txn)
        .await?;
    if advanced.rows_affected != 1 {
        return Err(DomainError::Conflict);
    }
    Ok(Sealed {
        count: entries.len() as u64,
        through: seq,
    })
}
