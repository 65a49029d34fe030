//! The group-buy use cases for callers holding a connection (the gateway): each is one write
//! transaction that claims the idempotency key first (scoped like orders' keys, see
//! `orders::commands::scope`), runs the writer, stores the result with the key and commits.
//! A group buy past its closing time is closed first (in a transaction of its own, which stands
//! whatever the request then does), so a late join meets a closed group buy, never a stale one.

use chrono::TimeDelta;
use kernel::idempotency::{self, Claim, Fingerprint, Request};
use kernel::{Actor, Clock, DomainError, DomainResult};
use sea_orm::{DatabaseConnection, DatabaseTransaction, EntityTrait};
use serde::Serialize;
use uuid::Uuid;

use super::entity::group_buy::{self, GroupBuyState};
use super::entity::join;

/// What a use case answers: the group buy as it is now, the join it changed (if any), and
/// whether this was a replay of an earlier request.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub group_buy: group_buy::Model,
    pub join: Option<join::Model>,
    pub replayed: bool,
}

/// The operation names keys are kept under.
pub mod operation {
    pub const OPEN: &str = "openGroupBuy";
    pub const JOIN: &str = "joinGroupBuy";
    pub const WITHDRAW: &str = "withdrawFromGroupBuy";
}

async fn keyed<I: Serialize>(
    db: &DatabaseConnection,
    actor: &Actor,
    clock: &Clock,
    operation: &str,
    key: Option<&str>,
    input: &I,
    work: impl AsyncFnOnce(
        &DatabaseTransaction,
    ) -> DomainResult<(group_buy::Model, Option<join::Model>)>,
) -> DomainResult<Outcome> {
    let fingerprint = Fingerprint::of(input)?;
    let scope = orders::commands::scope(actor);
    let txn = kernel::db::begin_write(db).await?;
    let result = async {
        let ticket = match key {
            None => None,
            Some(key) => {
                let request = Request {
                    scope: &scope,
                    operation,
                    key,
                    fingerprint,
                };
                match idempotency::claim(&txn, clock, &request).await? {
                    Claim::Fresh(ticket) => Some(ticket),
                    Claim::Mismatch => return Err(idempotency::key_reused()),
                    Claim::Replay(stored) => {
                        let id = |name: &str| {
                            stored
                                .get(name)
                                .and_then(|v| v.as_str())
                                .and_then(|s| s.parse::<Uuid>().ok())
                        };
                        let group_buy = super::query::get(
                            &txn,
                            actor,
                            id("groupBuyId").ok_or(DomainError::Conflict)?,
                        )
                        .await?;
                        let join = match id("joinId") {
                            Some(j) => join::Entity::find_by_id(j).one(&txn).await?,
                            None => None,
                        };
                        return Ok(Outcome {
                            group_buy,
                            join,
                            replayed: true,
                        });
                    }
                }
            }
        };
        let (group_buy, join) = work(&txn).await?;
        if let Some(ticket) = ticket {
            let stored = serde_json::json!({
                "groupBuyId": group_buy.id,
                "joinId": join.as_ref().map(|j| j.id),
            });
            idempotency::complete(&txn, ticket, &stored).await?;
        }
        Ok(Outcome {
            group_buy,
            join,
            replayed: false,
        })
    }
    .await;
    kernel::db::finish(txn, result).await
}

/// Closes the group buy first if it is due (its own transaction). A read first: only a group
/// buy that is due takes a write transaction.
pub async fn touch(
    db: &DatabaseConnection,
    clock: &Clock,
    window: TimeDelta,
    id: Uuid,
) -> DomainResult<()> {
    let due = group_buy::Entity::find_by_id(id)
        .one(db)
        .await?
        .is_some_and(|g| g.state == GroupBuyState::Open && g.closes_at <= clock.now());
    if due {
        kernel::db::write(db, async |txn| {
            super::close::close_if_due(txn, clock, window, id).await
        })
        .await?;
    }
    Ok(())
}

/// `openGroupBuy`.
pub async fn open(
    db: &DatabaseConnection,
    actor: &Actor,
    clock: &Clock,
    key: Option<&str>,
    input: super::open::OpenGroupBuy,
) -> DomainResult<Outcome> {
    let fingerprint = input.clone();
    keyed(
        db,
        actor,
        clock,
        operation::OPEN,
        key,
        &fingerprint,
        async |txn| {
            let (group_buy, _) = super::open::open(txn, actor, clock, input).await?;
            Ok((group_buy, None))
        },
    )
    .await
}

/// `joinGroupBuy` (a join or a change of it).
pub async fn join(
    db: &DatabaseConnection,
    actor: &Actor,
    clock: &Clock,
    window: TimeDelta,
    key: &str,
    input: super::join::JoinGroupBuy,
) -> DomainResult<Outcome> {
    touch(db, clock, window, input.group_buy_id).await?;
    let fingerprint = input.clone();
    keyed(
        db,
        actor,
        clock,
        operation::JOIN,
        Some(key),
        &fingerprint,
        async |txn| {
            let (group_buy, join) = super::join::join(txn, actor, clock, input).await?;
            Ok((group_buy, Some(join)))
        },
    )
    .await
}

/// `withdrawFromGroupBuy`.
pub async fn withdraw(
    db: &DatabaseConnection,
    actor: &Actor,
    clock: &Clock,
    window: TimeDelta,
    key: Option<&str>,
    input: super::join::Withdraw,
) -> DomainResult<Outcome> {
    touch(db, clock, window, input.group_buy_id).await?;
    let fingerprint = input.clone();
    keyed(
        db,
        actor,
        clock,
        operation::WITHDRAW,
        key,
        &fingerprint,
        async |txn| {
            let (group_buy, join) = super::join::withdraw(txn, actor, clock, input).await?;
            Ok((group_buy, Some(join)))
        },
    )
    .await
}
