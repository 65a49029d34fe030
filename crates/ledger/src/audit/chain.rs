//! Walking the chain of seals.

use std::collections::HashMap;

use kernel::{DomainError, DomainResult};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::canonical::{GENESIS, chain_hash};
use crate::entity::{chain_head, entry, pending, seal};
use crate::sealer::batch::HEAD;

/// Why the chain breaks at a sequence number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BrokenReason {
    /// No seal has this number (a seal was removed, or numbers skip).
    Missing,
    /// The seal's previous hash is not the hash of the seal before it.
    PrevHashMismatch,
    /// The entry's content (or the seal's hash) was changed: the hash does not recompute.
    HashMismatch,
    /// The sealed entry is gone.
    EntryMissing,
    /// The chain head does not point at the last seal.
    HeadMismatch,
}

impl BrokenReason {
    pub fn as_str(self) -> &'static str {
        match self {
            BrokenReason::Missing => "MISSING",
            BrokenReason::PrevHashMismatch => "PREV_HASH_MISMATCH",
            BrokenReason::HashMismatch => "HASH_MISMATCH",
            BrokenReason::EntryMissing => "ENTRY_MISSING",
            BrokenReason::HeadMismatch => "HEAD_MISMATCH",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Broken {
    pub seq: i64,
    pub reason: BrokenReason,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainReport {
    /// Seals that verified, from 1 up to the first break (or all of them).
    pub verified: i64,
    /// The chain head's sequence number.
    pub head: i64,
    pub first_broken: Option<Broken>,
    /// Entries neither sealed nor queued for the sealer (they would never be counted).
    pub unaccounted: u64,
}

const PAGE: u64 = 1000;

/// Walks every seal in sequence order, a page at a time.
pub async fn verify(conn: &impl ConnectionTrait) -> DomainResult<ChainReport> {
    let head = chain_head::Entity::find_by_id(HEAD)
        .one(conn)
        .await?
        .ok_or(DomainError::NotFound)?;
    let mut expected = 1i64;
    let mut prev = GENESIS.to_owned();
    let mut first_broken = None;
    'walk: loop {
        let seals = seal::Entity::find()
            .filter(seal::Column::Seq.gte(expected))
            .order_by_asc(seal::Column::Seq)
            .limit(PAGE)
            .all(conn)
            .await?;
        if seals.is_empty() {
            break;
        }
        let ids: Vec<Uuid> = seals.iter().map(|s| s.entry_id).collect();
        let entries: HashMap<Uuid, entry::Model> = entry::Entity::find()
            .filter(entry::Column::Id.is_in(ids))
            .all(conn)
            .await?
            .into_iter()
            .map(|e| (e.id, e))
            .collect();
        for s in &seals {
            let reason = if s.seq != expected {
                Some(BrokenReason::Missing)
            } else if s.prev_hash != prev {
                Some(BrokenReason::PrevHashMismatch)
            } else {
                match entries.get(&s.entry_id) {
                    None => Some(BrokenReason::EntryMissing),
                    Some(e) if chain_hash(&prev, s.seq, e) != s.hash => {
                        Some(BrokenReason::HashMismatch)
                    }
                    Some(_) => None,
                }
            };
            if let Some(reason) = reason {
                first_broken = Some(Broken {
                    seq: expected,
                    reason,
                });
                break 'walk;
            }
            prev.clone_from(&s.hash);
            expected += 1;
        }
    }
    let verified = expected - 1;
    if first_broken.is_none() && (head.seq != verified || head.hash != prev) {
        first_broken = Some(Broken {
            seq: std::cmp::min(verified, head.seq) + 1,
            reason: if head.seq > verified {
                BrokenReason::Missing
            } else {
                BrokenReason::HeadMismatch
            },
        });
    }
    let sealed = Query::select()
        .column(seal::Column::EntryId)
        .from(seal::Entity)
        .to_owned();
    let queued = Query::select()
        .column(pending::Column::EntryId)
        .from(pending::Entity)
        .to_owned();
    let unaccounted = entry::Entity::find()
        .filter(Expr::col(entry::Column::Id).not_in_subquery(sealed))
        .filter(Expr::col(entry::Column::Id).not_in_subquery(queued))
        .count(conn)
        .await?;
    Ok(ChainReport {
        verified,
        head: head.seq,
        first_broken,
        unaccounted,
    })
}
