//! The order use cases for callers holding a connection (the gateway, the benchmark): each is
//! one write transaction that claims the idempotency key first, runs the writers, stores the
//! result with the key, writes the stock (placing and paying: the products' rows last, so a
//! hot product is locked only for its UPDATE and the commit) and commits; the ledger's sealer
//! is rung after a commit that recorded entries. An order past its expiry is expired (in a transaction of its own, which commits
//! whatever the request then does) before a cancellation is tried on it, and after a payment
//! refused it.
//!
//! Keys are scoped to the credential ([`scope`]) and the operation. The same key with
//! the same input returns the order as the first request answered it (a snapshot kept with the
//! key, not the order as it is now), marked as a replay; with another input it is
//! IDEMPOTENCY_KEY_REUSED; a request that fails leaves its key unused.

use chrono::TimeDelta;
use kernel::idempotency::{self, Claim, Fingerprint, Request};
use kernel::{Actor, Clock, DomainError, DomainResult};
use ledger::Signal;
use sea_orm::sea_query::{SelectStatement, SubQueryStatement};
use sea_orm::{ConnectionTrait, DatabaseConnection, DatabaseTransaction, QueryResult};
use serde::Serialize;
use uuid::Uuid;

use crate::entity::order;

/// What a use case answers: the order, and whether this was a replay of an earlier request.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub order: order::Model,
    pub replayed: bool,
}

/// The operation names keys are kept under.
pub mod operation {
    pub const PLACE: &str = "placeOrder";
    pub const CONFIRM_PAYMENT: &str = "confirmPayment";
    pub const CANCEL: &str = "cancelOrder";
    pub const REFUND: &str = "refundOrder";
    pub const SHIP: &str = "fulfilOrderShipped";
    pub const READY: &str = "fulfilOrderReadyForPickup";
    pub const DELIVERED: &str = "fulfilOrderDelivered";
    pub const REDEEM: &str = "redeemPickupCode";
}

/// Whose keys these are: the credential, i.e. its role, organisation and subject (two
/// enterprises' APP credentials never share keys, even if their subjects were alike).
pub fn scope(actor: &Actor) -> String {
    match actor.org {
        Some(org) => format!("{}:{}:{}", actor.role.as_str(), org.id, actor.subject),
        None => format!("{}:{}", actor.role.as_str(), actor.subject),
    }
}

/// Runs `work` as one use case under the idempotency key, if any.
async fn keyed<I: Serialize>(
    db: &DatabaseConnection,
    actor: &Actor,
    clock: &Clock,
    operation: &str,
    key: Option<&str>,
    input: &I,
    work: impl AsyncFnOnce(&DatabaseTransaction) -> DomainResult<order::Model>,
) -> DomainResult<Outcome> {
    keyed_then(
        db,
        actor,
        clock,
        operation,
        key,
        input,
        None,
        async |txn, _| Ok((work(txn).await?, ())),
        async |txn, (), with| Ok(kernel::db::write_each(txn, with).await?),
    )
    .await
}

/// Runs `work` as one use case under the idempotency key, if any, then `last` with what
/// `work` left for it and the key's result to store (an UPDATE `last` writes together with its
/// own: the last writes before the commit, an order's stock, so that a hot product's row is
/// locked for as short a time as possible). A failure of `last` rolls back everything, the
/// key's claim included. `first`, the use case's first read, runs with the key's claim (one
/// statement on PostgreSQL: [`idempotency::claim_and_read`]); `work` gets its rows.
#[expect(
    clippy::too_many_arguments,
    reason = "keyed's arguments plus the first read and the last step"
)]
async fn keyed_then<I: Serialize, T>(
    db: &DatabaseConnection,
    actor: &Actor,
    clock: &Clock,
    operation: &str,
    key: Option<&str>,
    input: &I,
    first: Option<SelectStatement>,
    work: impl AsyncFnOnce(
        &DatabaseTransaction,
        Option<Vec<QueryResult>>,
    ) -> DomainResult<(order::Model, T)>,
    last: impl AsyncFnOnce(&DatabaseTransaction, T, Vec<SubQueryStatement>) -> DomainResult<()>,
) -> DomainResult<Outcome> {
    let fingerprint = Fingerprint::of(input)?;
    let scope = scope(actor);
    let txn = kernel::db::begin_write(db).await?;
    let result = async {
        let mut read = None;
        let ticket = match key {
            None => {
                if let Some(first) = first {
                    let statement = txn.get_database_backend().build(&first);
                    read = Some(txn.query_all_raw(statement).await?);
                }
                None
            }
            Some(key) => {
                let request = Request {
                    scope: &scope,
                    operation,
                    key,
                    fingerprint,
                };
                let claim = match first {
                    None => idempotency::claim(&txn, clock, &request).await?,
                    Some(first) => {
                        let (claim, rows) =
                            idempotency::claim_and_read(&txn, clock, &request, first).await?;
                        read = Some(rows);
                        claim
                    }
                };
                match claim {
                    Claim::Fresh(ticket) => Some(ticket),
                    Claim::Mismatch => return Err(idempotency::key_reused()),
                    Claim::Replay(stored) => {
                        let order = match snapshot(&stored) {
                            Some(first) => first,
                            // Keys stored before results kept a snapshot name only the order.
                            None => {
                                let id = stored
                                    .get("orderId")
                                    .and_then(|v| v.as_str())
                                    .and_then(|s| s.parse::<Uuid>().ok())
                                    .ok_or(DomainError::Conflict)?;
                                crate::query::get(&txn, actor, id).await?
                            }
                        };
                        return Ok(Outcome {
                            order,
                            replayed: true,
                        });
                    }
                }
            }
        };
        let (order, rest) = work(&txn, read).await?;
        let mut with = Vec::new();
        if let Some(ticket) = ticket {
            let result = serde_json::json!({ "orderId": order.id, "order": order });
            with.push(idempotency::complete_statement(ticket, &result).into());
        }
        last(&txn, rest, with).await?;
        Ok(Outcome {
            order,
            replayed: false,
        })
    }
    .await;
    kernel::db::finish(txn, result).await
}

/// The order as the first request answered it, from a stored result.
fn snapshot(stored: &serde_json::Value) -> Option<order::Model> {
    serde_json::from_value(stored.get("order")?.clone()).ok()
}

/// Expires the order first if it is due (its own transaction: the expiry stands whatever the
/// request does next).
async fn touch(db: &DatabaseConnection, clock: &Clock, order_id: Uuid) -> DomainResult<()> {
    use crate::entity::order::PaymentStatus;
    use sea_orm::EntityTrait;
    // A read first: only an order that is due takes a write transaction (on SQLite the one
    // write lock) for its expiry.
    let due = order::Entity::find_by_id(order_id)
        .one(db)
        .await?
        .is_some_and(|o| o.payment_status == PaymentStatus::Unpaid && o.expires_at <= clock.now());
    if !due {
        return Ok(());
    }
    kernel::db::write(db, async |txn| {
        crate::close::expire_if_due(txn, clock, order_id).await
    })
    .await?;
    Ok(())
}

/// `placeOrder`.
pub async fn place(
    db: &DatabaseConnection,
    actor: &Actor,
    clock: &Clock,
    window: TimeDelta,
    key: &str,
    input: crate::place::PlaceOrder,
) -> DomainResult<Outcome> {
    let fingerprint = input.clone();
    keyed_then(
        db,
        actor,
        clock,
        operation::PLACE,
        Some(key),
        &fingerprint,
        // The store, the buyer and the listings, in one statement with the key's claim.
        crate::place::first_read(actor, clock, &input),
        async |txn, read| crate::place::prepare(txn, actor, clock, window, input, read).await,
        async |txn, reservation, with| {
            crate::place::reserve(txn, clock, actor, &reservation, with).await
        },
    )
    .await
}

/// `confirmPayment`; rings the sealer when entries were recorded.
pub async fn confirm_payment(
    db: &DatabaseConnection,
    signal: &Signal,
    actor: &Actor,
    clock: &Clock,
    key: &str,
    input: crate::payment::ConfirmPayment,
) -> DomainResult<Outcome> {
    let fingerprint = input.clone();
    let order_id = input.order_id;
    let outcome = keyed_then(
        db,
        actor,
        clock,
        operation::CONFIRM_PAYMENT,
        Some(key),
        &fingerprint,
        // The order locked with its lines, in one statement with the key's claim.
        Some(crate::payment::first_read(actor, &input)),
        async |txn, read| {
            let settled = crate::payment::settle(txn, actor, clock, input, read).await?;
            Ok((settled.order, (settled.commits, settled.writes)))
        },
        // The key's result after the payment's own writes, all in one statement with the stock
        // commit on PostgreSQL.
        async |txn, (commits, mut writes), with| {
            writes.extend(with);
            crate::payment::commit_stock(txn, clock, actor, &commits, writes).await
        },
    )
    .await;
    // The payment itself refuses an order past its time (ORDER_EXPIRED); only then is the
    // expiry written, in a transaction of its own, so that a payment in time costs no extra
    // read of the order before its transaction.
    if outcome.is_err()
        && let Err(e) = touch(db, clock, order_id).await
    {
        tracing::warn!(error = %e, "expiring an order after a refused payment failed");
    }
    let outcome = outcome?;
    if !outcome.replayed {
        signal.notify();
    }
    Ok(outcome)
}

/// `cancelOrder`.
pub async fn cancel(
    db: &DatabaseConnection,
    actor: &Actor,
    clock: &Clock,
    key: Option<&str>,
    input: crate::close::CancelOrder,
) -> DomainResult<Outcome> {
    touch(db, clock, input.order_id).await?;
    let fingerprint = input.clone();
    keyed(
        db,
        actor,
        clock,
        operation::CANCEL,
        key,
        &fingerprint,
        async |txn| crate::close::cancel(txn, actor, clock, input).await,
    )
    .await
}

/// `refundOrder`; rings the sealer when entries were recorded.
pub async fn refund(
    db: &DatabaseConnection,
    signal: &Signal,
    actor: &Actor,
    clock: &Clock,
    key: Option<&str>,
    input: crate::refund::RefundOrder,
) -> DomainResult<Outcome> {
    let fingerprint = input.clone();
    let outcome = keyed(
        db,
        actor,
        clock,
        operation::REFUND,
        key,
        &fingerprint,
        async |txn| crate::refund::refund(txn, actor, clock, input).await,
    )
    .await?;
    if !outcome.replayed {
        signal.notify();
    }
    Ok(outcome)
}

/// `fulfilOrderShipped`.
pub async fn ship(
    db: &DatabaseConnection,
    actor: &Actor,
    clock: &Clock,
    key: Option<&str>,
    input: crate::fulfil::Ship,
) -> DomainResult<Outcome> {
    let fingerprint = input.clone();
    keyed(
        db,
        actor,
        clock,
        operation::SHIP,
        key,
        &fingerprint,
        async |txn| crate::fulfil::ship(txn, actor, clock, input).await,
    )
    .await
}

/// `fulfilOrderReadyForPickup`.
pub async fn ready_for_pickup(
    db: &DatabaseConnection,
    actor: &Actor,
    clock: &Clock,
    key: Option<&str>,
    order_id: Uuid,
) -> DomainResult<Outcome> {
    keyed(
        db,
        actor,
        clock,
        operation::READY,
        key,
        &order_id,
        async |txn| crate::fulfil::ready_for_pickup(txn, actor, clock, order_id).await,
    )
    .await
}

/// `fulfilOrderDelivered`.
pub async fn delivered(
    db: &DatabaseConnection,
    actor: &Actor,
    clock: &Clock,
    key: Option<&str>,
    order_id: Uuid,
) -> DomainResult<Outcome> {
    keyed(
        db,
        actor,
        clock,
        operation::DELIVERED,
        key,
        &order_id,
        async |txn| crate::fulfil::delivered(txn, actor, clock, order_id).await,
    )
    .await
}

/// `redeemPickupCode` (no key: a code redeems once by itself).
pub async fn redeem(
    db: &DatabaseConnection,
    actor: &Actor,
    clock: &Clock,
    input: crate::fulfil::Redeem,
) -> DomainResult<Outcome> {
    let fingerprint = input.clone();
    keyed(
        db,
        actor,
        clock,
        operation::REDEEM,
        None,
        &fingerprint,
        async |txn| crate::fulfil::redeem(txn, actor, clock, input).await,
    )
    .await
}
