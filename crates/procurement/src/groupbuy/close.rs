//! 结团: at its closing time a group buy either succeeds — every active join becomes an order
//! awaiting payment, at the group price, picked up at the group buy's pickup point, its
//! reservation passed to the order — or fails, and every reservation is released.
//!
//! Exactly once: the closer claims the group buy with one conditional UPDATE (`OPEN → CLOSING`
//! where it is due) and does all the work in the same transaction. Of two closers (two server
//! instances' sweeps, a sweep and a request that touched the group buy) the second's UPDATE
//! waits for the first's row lock on PostgreSQL, or for the write lock on SQLite, then finds
//! the row no longer OPEN and does nothing. A closer that fails or dies rolls back to OPEN, and
//! the next sweep (after a restart too) claims it again.

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::TimeDelta;
use kernel::outbox::{NewEvent, Tenants};
use kernel::{Clock, DomainError, DomainResult, EventType};
use orders::create::{NewLine, NewOrder};
use orders::entity::order::DeliveryMethod;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, DatabaseConnection, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

use super::entity::group_buy::{self, GroupBuyState};
use super::entity::join::{self, JoinState};
use super::entity::{item, join_line};

/// How long an order made at closing waits for its payment: a day, since residents pay after
/// they hear the group buy succeeded, not at a checkout.
pub const PAYMENT_WINDOW: TimeDelta = TimeDelta::hours(24);

/// The subject recorded for closing (it is what time does to the group buy).
pub const SYSTEM: &str = orders::close::SYSTEM;

/// Group buys looked at per round of the sweep.
pub const BATCH: u64 = 100;

/// Closes the group buy if it is OPEN and due; returns the state it closed in, or `None` when
/// it was not due or another closer had it.
pub async fn close_if_due(
    txn: &DatabaseTransaction,
    clock: &Clock,
    window: TimeDelta,
    id: Uuid,
) -> DomainResult<Option<GroupBuyState>> {
    let now = clock.now();
    let claimed = group_buy::Entity::update_many()
        .col_expr(
            group_buy::Column::State,
            Expr::value(GroupBuyState::Closing),
        )
        .col_expr(group_buy::Column::UpdatedAt, Expr::value(now))
        .filter(group_buy::Column::Id.eq(id))
        .filter(group_buy::Column::State.eq(GroupBuyState::Open))
        .filter(group_buy::Column::ClosesAt.lte(now))
        .exec(txn)
        .await?;
    if claimed.rows_affected != 1 {
        return Ok(None);
    }
    let group_buy = group_buy::Entity::find_by_id(id)
        .one(txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    let joins = join::Entity::find()
        .filter(join::Column::GroupBuyId.eq(id))
        .filter(join::Column::State.eq(JoinState::Active))
        .order_by_asc(join::Column::Id)
        .all(txn)
        .await?;
    let lines = join_line::Entity::find()
        .filter(join_line::Column::GroupBuyId.eq(id))
        .filter(join_line::Column::JoinId.is_in(joins.iter().map(|j| j.id)))
        .all(txn)
        .await?;
    let state = if group_buy.minimum_met() {
        let items = super::query::items_of(txn, &[id]).await?;
        let store = products::entity::store::Entity::find_by_id(group_buy.store_id)
            .one(txn)
            .await?
            .ok_or(DomainError::NotFound)?;
        for j in &joins {
            order_join(
                txn, clock, window, &group_buy, store.kind, &items, &lines, j,
            )
            .await?;
        }
        GroupBuyState::Succeeded
    } else {
        // One release per product, in id order, like every writer of stock.
        let mut held: BTreeMap<Uuid, i64> = BTreeMap::new();
        for l in &lines {
            *held.entry(l.product_id).or_default() += l.quantity;
        }
        for (product, quantity) in held {
            products::stock::release(txn, clock, product, quantity, SYSTEM).await?;
        }
        join::Entity::update_many()
            .col_expr(join::Column::State, Expr::value(JoinState::Released))
            .col_expr(join::Column::UpdatedAt, Expr::value(now))
            .filter(join::Column::GroupBuyId.eq(id))
            .filter(join::Column::State.eq(JoinState::Active))
            .exec(txn)
            .await?;
        GroupBuyState::Failed
    };
    group_buy::Entity::update_many()
        .col_expr(group_buy::Column::State, Expr::value(state))
        .col_expr(group_buy::Column::ClosedAt, Expr::value(Some(now)))
        .col_expr(group_buy::Column::UpdatedAt, Expr::value(now))
        .filter(group_buy::Column::Id.eq(id))
        .filter(group_buy::Column::State.eq(GroupBuyState::Closing))
        .exec(txn)
        .await?;
    // The organiser's webhooks hear of it in the closing's transaction: once, like the closing.
    let event_type = match state {
        GroupBuyState::Succeeded => EventType::GroupBuySucceeded,
        _ => EventType::GroupBuyFailed,
    };
    kernel::outbox::enqueue(
        txn,
        clock,
        NewEvent {
            event_type: event_type.as_str().to_owned(),
            aggregate_type: "GroupBuy".to_owned(),
            aggregate_id: id,
            tenants: Tenants {
                enterprise_id: Some(group_buy.enterprise_id),
                ..Tenants::default()
            },
            payload: serde_json::json!({
                "groupBuyId": id,
                "projectId": group_buy.project_id,
                "state": sea_orm::ActiveEnum::to_value(&state),
                "joinedHouseholds": group_buy.joined_households,
                "joinedUnits": group_buy.joined_units,
                "joinedGrams": group_buy.joined_grams.0,
                "joinedFen": group_buy.joined_fen.0,
            }),
            occurred_at: now,
        },
    )
    .await?;
    Ok(Some(state))
}

/// Turns one join into an order awaiting payment.
#[expect(
    clippy::too_many_arguments,
    reason = "the closing's facts, passed down once per join"
)]
async fn order_join(
    txn: &DatabaseTransaction,
    clock: &Clock,
    window: TimeDelta,
    group_buy: &group_buy::Model,
    store_kind: products::entity::store::StoreKind,
    items: &[item::Model],
    lines: &[join_line::Model],
    j: &join::Model,
) -> DomainResult<()> {
    let mut order_lines = Vec::new();
    for it in items {
        if let Some(l) = lines
            .iter()
            .find(|l| l.join_id == j.id && l.item_id == it.id)
        {
            order_lines.push(NewLine {
                listing_id: it.listing_id,
                product_id: it.product_id,
                supplier_id: it.supplier_id,
                quantity: l.quantity,
                unit_price: it.group_price_fen,
                unit_grams: it.unit_grams,
            });
        }
    }
    let order = orders::create::insert(
        txn,
        clock,
        window,
        NewOrder {
            enterprise_id: group_buy.enterprise_id,
            project_id: group_buy.project_id,
            household_id: j.household_id,
            store_id: group_buy.store_id,
            store_kind,
            delivery_method: DeliveryMethod::Pickup,
            pickup_point: Some(group_buy.pickup_point.clone()),
            recipient_name: None,
            recipient_phone: None,
            delivery_address: None,
            note: Some(format!("团购：{}", group_buy.title)),
            group_buy_id: Some(group_buy.id),
            placed_by: SYSTEM.to_owned(),
            lines: order_lines,
        },
    )
    .await?;
    join::Entity::update_many()
        .col_expr(join::Column::State, Expr::value(JoinState::Ordered))
        .col_expr(join::Column::OrderId, Expr::value(Some(order.id)))
        .col_expr(join::Column::UpdatedAt, Expr::value(clock.now()))
        .filter(join::Column::Id.eq(j.id))
        .exec(txn)
        .await?;
    Ok(())
}

/// Closes every due group buy, each in a transaction of its own; returns how many it closed.
pub async fn sweep(db: &DatabaseConnection, clock: &Clock, window: TimeDelta) -> DomainResult<u64> {
    let mut closed = 0;
    loop {
        let due: Vec<Uuid> = group_buy::Entity::find()
            .select_only()
            .column(group_buy::Column::Id)
            .filter(group_buy::Column::State.eq(GroupBuyState::Open))
            .filter(group_buy::Column::ClosesAt.lte(clock.now()))
            .order_by_asc(group_buy::Column::ClosesAt)
            .limit(BATCH)
            .into_tuple()
            .all(db)
            .await?;
        let round = due.len() as u64;
        for id in due {
            let done =
                kernel::db::write(db, async |txn| close_if_due(txn, clock, window, id).await)
                    .await?;
            closed += u64::from(done.is_some());
        }
        // A group buy another closer had is left out of the count but no longer due, so the
        // next round does not see it again.
        if round < BATCH {
            return Ok(closed);
        }
    }
}

/// Runs [`sweep`] every `interval` until the task is aborted; failures are logged and the next
/// round tries again.
pub fn spawn(
    db: DatabaseConnection,
    clock: Clock,
    window: TimeDelta,
    interval: Duration,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(interval);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match sweep(&db, &clock, window).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(closed = n, "closed group buys"),
                Err(e) => tracing::warn!(error = %e, "group buy closing sweep failed"),
            }
        }
    })
}
