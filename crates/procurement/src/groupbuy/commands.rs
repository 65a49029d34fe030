//! The group-buy use cases for callers holding a connection (the gateway): each is one write
//! transaction under its idempotency key ([`crate::keyed`]).
//! A group buy past its closing time is closed first (in a transaction of its own, which stands
//! whatever the request then does), so a late join meets a closed group buy, never a stale one.

use chrono::TimeDelta;
use kernel::{Actor, Clock, DomainError, DomainResult};
use sea_orm::{DatabaseConnection, DatabaseTransaction, EntityTrait};
use serde::Serialize;
use uuid::Uuid;

use super::entity::group_buy::{self, GroupBuyState};
use super::entity::join;
use crate::keyed::id_in;

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
    let ((group_buy, join), replayed) = crate::keyed::run(
        db,
        actor,
        clock,
        operation,
        key,
        input,
        work,
        |(group_buy, join)| {
            serde_json::json!({ "groupBuyId": group_buy.id, "joinId": join.as_ref().map(|j| j.id) })
        },
        async |txn, stored| {
            let id = id_in(&stored, "groupBuyId").ok_or(DomainError::Conflict)?;
            let group_buy = super::query::get(txn, actor, id).await?;
            let join = match id_in(&stored, "joinId") {
                Some(j) => join::Entity::find_by_id(j).one(txn).await?,
                None => None,
            };
            Ok((group_buy, join))
        },
    )
    .await?;
    Ok(Outcome {
        group_buy,
        join,
        replayed,
    })
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
