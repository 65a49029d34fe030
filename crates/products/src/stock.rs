//! Stock: on hand and reserved per product, changed only by conditional UPDATEs
//! (`… WHERE on_hand - reserved >= n`), so concurrent orders can never take more than there is,
//! on SQLite or PostgreSQL. Every change is recorded as a stock movement in the caller's
//! transaction, and a caller that rolls back leaves stock as it was.
//!
//! An order reserves all its lines at once with [`reserve_lines`]: the products' rows are locked
//! in product-id order (PostgreSQL `FOR UPDATE`; on SQLite the IMMEDIATE write transaction holds
//! the only write lock), so two orders sharing products wait for each other instead of
//! deadlocking, and every line is checked before any is written, so an order gets all its lines
//! or none, with every short line named.

use std::collections::HashMap;

use kernel::{Actor, Clock, DomainError, DomainResult, Message, Problem};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use crate::ProductErrorCode as Code;
use crate::entity::product::{self, Column};
use crate::entity::stock_movement::{self, MovementKind};
use participants::access::Object;

/// The most one movement may move: a guard against typing errors, not a business rule.
pub const MAX_QUANTITY: i64 = 1_000_000;

/// The most lines one [`reserve_lines`] call may reserve.
pub const MAX_LINES: usize = 200;

fn insufficient() -> DomainError {
    DomainError::invalid(
        &["quantity"],
        Code::InsufficientStock.as_str(),
        Message::new("库存不足", "not enough stock available"),
    )
}

fn quantity_problem(field: &[&str]) -> Problem {
    Problem::new(
        field,
        kernel::error::codes::OUT_OF_RANGE,
        Message::new(
            format!("数量应在 1 到 {MAX_QUANTITY} 之间"),
            format!("quantity must be 1 to {MAX_QUANTITY}"),
        ),
    )
}

fn check_quantity(quantity: i64) -> DomainResult<()> {
    if (1..=MAX_QUANTITY).contains(&quantity) {
        Ok(())
    } else {
        Err(DomainError::Invalid(vec![quantity_problem(&["quantity"])]))
    }
}

/// A line that cannot be reserved: its index in the caller's list and what is left for it.
fn short_line(index: usize, available: i64) -> Problem {
    Problem::new(
        &["lines", &index.to_string(), "quantity"],
        Code::InsufficientStock.as_str(),
        Message::new(
            format!("第 {} 行库存不足：仅剩 {available} 件可用", index + 1),
            format!("line {} is short: only {available} available", index + 1),
        ),
    )
}

/// Reserves every line of an order, all or nothing. `lines` are (product, quantity) in the
/// caller's order; a line that cannot be reserved is reported as a problem on
/// `lines.<index>.quantity` (code INSUFFICIENT_STOCK) saying how many units are left for it,
/// every short line at once, and then nothing is written. A product named twice is reserved
/// twice, the second line getting what the first left. An unknown product is NOT_FOUND.
pub async fn reserve_lines(
    txn: &DatabaseTransaction,
    clock: &Clock,
    lines: &[(Uuid, i64)],
    by: &str,
) -> DomainResult<()> {
    let mut problems = kernel::error::Problems::new();
    if lines.len() > MAX_LINES {
        problems.push(Problem::new(
            &["lines"],
            Code::TooMany.as_str(),
            Message::new(
                format!("一次最多 {MAX_LINES} 行"),
                format!("at most {MAX_LINES} lines"),
            ),
        ));
    }
    for (i, (_, quantity)) in lines.iter().enumerate() {
        if !(1..=MAX_QUANTITY).contains(quantity) {
            problems.push(quantity_problem(&["lines", &i.to_string(), "quantity"]));
        }
    }
    problems.finish()?;

    // Product-id order for locks and writes alike; a stable sort keeps a product's repeated
    // lines in the caller's order.
    let mut order: Vec<usize> = (0..lines.len()).collect();
    order.sort_by_key(|&i| lines[i].0);
    let mut ids: Vec<Uuid> = order.iter().map(|&i| lines[i].0).collect();
    ids.dedup();
    let locked = product::Entity::find()
        .filter(Column::Id.is_in(ids.iter().copied()))
        .order_by_asc(Column::Id)
        .lock_exclusive()
        .all(txn)
        .await?;
    if locked.len() != ids.len() {
        return Err(DomainError::NotFound);
    }
    let mut available: HashMap<Uuid, i64> = locked
        .iter()
        .map(|p| (p.id, p.on_hand - p.reserved))
        .collect();
    let mut short = Vec::new();
    for &i in &order {
        let (id, quantity) = lines[i];
        let left = available.entry(id).or_default();
        if *left >= quantity {
            *left -= quantity;
        } else {
            short.push((i, *left));
        }
    }
    if !short.is_empty() {
        short.sort_unstable();
        return Err(DomainError::Invalid(
            short
                .into_iter()
                .map(|(i, left)| short_line(i, left))
                .collect(),
        ));
    }
    for &i in &order {
        let (id, quantity) = lines[i];
        // Checked above under the lock; the condition still guards the row, as everywhere.
        if !apply(txn, id, MovementKind::Reserve, quantity, None, by, clock).await? {
            let left = product::Entity::find_by_id(id)
                .one(txn)
                .await?
                .map_or(0, |p| p.on_hand - p.reserved);
            return Err(DomainError::Invalid(vec![short_line(i, left)]));
        }
    }
    Ok(())
}

/// Applies one conditional change and records it; `Ok(false)` when the condition did not hold.
async fn apply(
    txn: &DatabaseTransaction,
    product_id: Uuid,
    kind: MovementKind,
    quantity: i64,
    reason: Option<String>,
    actor: &str,
    clock: &Clock,
) -> DomainResult<bool> {
    let update = product::Entity::update_many().filter(Column::Id.eq(product_id));
    let update = match kind {
        MovementKind::Reserve => update
            .col_expr(Column::Reserved, Expr::col(Column::Reserved).add(quantity))
            .filter(
                Expr::col(Column::OnHand)
                    .sub(Expr::col(Column::Reserved))
                    .gte(quantity),
            ),
        MovementKind::Release => update
            .col_expr(Column::Reserved, Expr::col(Column::Reserved).sub(quantity))
            .filter(Column::Reserved.gte(quantity)),
        MovementKind::Commit => update
            .col_expr(Column::Reserved, Expr::col(Column::Reserved).sub(quantity))
            .col_expr(Column::OnHand, Expr::col(Column::OnHand).sub(quantity))
            .filter(Column::Reserved.gte(quantity)),
        // An adjustment may lower stock, but never below what is already promised to orders.
        MovementKind::Adjust => update
            .col_expr(Column::OnHand, Expr::col(Column::OnHand).add(quantity))
            .filter(
                Expr::col(Column::OnHand)
                    .add(quantity)
                    .gte(Expr::col(Column::Reserved)),
            ),
    };
    if update.exec(txn).await?.rows_affected == 0 {
        return match product::Entity::find_by_id(product_id).one(txn).await? {
            Some(_) => Ok(false),
            None => Err(DomainError::NotFound),
        };
    }
    let product = product::Entity::find_by_id(product_id)
        .one(txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    stock_movement::ActiveModel {
        id: Set(kernel::new_id()),
        product_id: Set(product_id),
        supplier_id: Set(product.supplier_id),
        kind: Set(kind),
        quantity: Set(quantity),
        reason: Set(reason),
        actor: Set(actor.to_owned()),
        at: Set(clock.now()),
    }
    .insert(txn)
    .await?;
    Ok(true)
}

/// Holds `quantity` units of one product for an order; fails with INSUFFICIENT_STOCK on
/// `quantity` (saying how many are left) if fewer are available.
pub async fn reserve(
    txn: &DatabaseTransaction,
    clock: &Clock,
    product_id: Uuid,
    quantity: i64,
    by: &str,
) -> DomainResult<()> {
    check_quantity(quantity)?;
    reserve_lines(txn, clock, &[(product_id, quantity)], by)
        .await
        .map_err(|e| match e {
            DomainError::Invalid(problems) => DomainError::Invalid(
                problems
                    .into_iter()
                    .map(|mut p| {
                        p.field = vec!["quantity".into()];
                        p
                    })
                    .collect(),
            ),
            other => other,
        })
}

/// Gives back a hold.
pub async fn release(
    conn: &DatabaseTransaction,
    clock: &Clock,
    product_id: Uuid,
    quantity: i64,
    by: &str,
) -> DomainResult<()> {
    check_quantity(quantity)?;
    if apply(
        conn,
        product_id,
        MovementKind::Release,
        quantity,
        None,
        by,
        clock,
    )
    .await?
    {
        Ok(())
    } else {
        Err(insufficient())
    }
}

/// Turns a hold into a shipment: on hand and reserved both go down.
pub async fn commit(
    conn: &DatabaseTransaction,
    clock: &Clock,
    product_id: Uuid,
    quantity: i64,
    by: &str,
) -> DomainResult<()> {
    check_quantity(quantity)?;
    if apply(
        conn,
        product_id,
        MovementKind::Commit,
        quantity,
        None,
        by,
        clock,
    )
    .await?
    {
        Ok(())
    } else {
        Err(insufficient())
    }
}

/// Puts returned units back on hand (a refund with restock), recorded as an adjustment with
/// `reason`. It checks no stock permission: it is the consequence of a refund whose own rules
/// (who may refund, never more than was sold) the caller has checked.
pub async fn restock(
    conn: &DatabaseTransaction,
    clock: &Clock,
    product_id: Uuid,
    quantity: i64,
    reason: &str,
    by: &str,
) -> DomainResult<()> {
    check_quantity(quantity)?;
    if apply(
        conn,
        product_id,
        MovementKind::Adjust,
        quantity,
        Some(reason.to_owned()),
        by,
        clock,
    )
    .await?
    {
        Ok(())
    } else {
        Err(insufficient())
    }
}

/// Corrects on-hand stock by `delta` (a delivery, a count, breakage) with a reason. The
/// product's supplier, the platform or the alliance's operators may adjust.
pub async fn adjust(
    conn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    product_id: Uuid,
    delta: i64,
    reason: &str,
) -> DomainResult<product::Model> {
    // The role decides FORBIDDEN before the id is looked up; a product of another supplier is
    // NOT_FOUND, like one that does not exist.
    crate::product::writable(conn, actor, product_id, Object::Stock).await?;
    let mut problems = kernel::error::Problems::new();
    let reason = problems.take(kernel::error::required_text(&["reason"], reason, 200));
    if delta == 0 || delta.abs() > MAX_QUANTITY {
        problems.push(Problem::new(
            &["delta"],
            kernel::error::codes::OUT_OF_RANGE,
            Message::new(
                "调整数量不能为 0，且绝对值不超过 1000000",
                "delta must be non-zero and at most 1,000,000 either way",
            ),
        ));
    }
    problems.finish()?;
    if !apply(
        conn,
        product_id,
        MovementKind::Adjust,
        delta,
        reason,
        &actor.subject,
        clock,
    )
    .await?
    {
        return Err(DomainError::invalid(
            &["delta"],
            Code::InsufficientStock.as_str(),
            Message::new(
                "调整后库存将低于已预留数量",
                "stock would fall below what is reserved for orders",
            ),
        ));
    }
    product::Entity::find_by_id(product_id)
        .one(conn)
        .await?
        .ok_or(DomainError::NotFound)
}

/// The latest movements of a product the actor sees the stock of (`Object::Stock`), newest
/// first; none for anyone else.
pub async fn movements(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    product_id: Uuid,
    limit: u64,
) -> DomainResult<Vec<stock_movement::Model>> {
    Ok(stock_movement::Entity::find()
        .filter(crate::access::supplier_rows(
            actor,
            Object::Stock,
            stock_movement::Column::SupplierId,
        ))
        .filter(stock_movement::Column::ProductId.eq(product_id))
        .order_by_desc(stock_movement::Column::Id)
        .limit(limit)
        .all(conn)
        .await?)
}
