//! Stock: on hand and reserved per product, changed only by conditional UPDATEs
//! (`… WHERE on_hand - reserved >= n`), so concurrent orders can never take more than there is,
//! on SQLite or PostgreSQL. Every change is recorded as a stock movement in the caller's
//! transaction, and a caller that rolls back leaves stock as it was.
//!
//! An order reserves all its lines at once with [`reserve_lines`]: one conditional UPDATE per
//! line in product-id order (each locks its row until the commit on PostgreSQL; on SQLite the
//! IMMEDIATE write transaction holds the only write lock), so two orders sharing products wait
//! for each other instead of deadlocking. An order gets all its lines or none: when one line
//! is short, the error names every short line with what is left for it, and the caller's
//! transaction rolls back what was reserved before it. An order's own writes use
//! [`reserve_known_lines`] and [`commit_lines`], which write the movements first and the
//! products' rows last, so that the caller can make them the last statements before its commit
//! and a hot product's row is locked for as short a time as possible.

use std::collections::HashMap;

use kernel::{Actor, Clock, DomainError, DomainResult, Message, Problem};
use sea_orm::sea_query::{Expr, ExprTrait, InsertStatement, SubQueryStatement};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait, Set,
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
    check_lines(lines.iter().map(|l| l.1), lines.len())?;
    let order = product_order(lines.iter().map(|l| l.0));
    let mut moved = Vec::with_capacity(lines.len());
    for &i in &order {
        let (id, quantity) = lines[i];
        match change(txn, id, MovementKind::Reserve, quantity).await? {
            Some(supplier_id) => moved.push(Move {
                product_id: id,
                supplier_id,
                kind: MovementKind::Reserve,
                quantity,
                reason: None,
            }),
            None => {
                let moved: Vec<(Uuid, i64)> =
                    moved.iter().map(|m| (m.product_id, m.quantity)).collect();
                return Err(short_lines(txn, lines, &order, &moved, i).await);
            }
        }
    }
    record(txn, moved, by, clock).await?;
    Ok(())
}

/// A line of an order whose product the caller has read already, so its supplier is known and
/// the stock movement can be written before the product row is touched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KnownLine {
    pub product_id: Uuid,
    pub supplier_id: Uuid,
    pub quantity: i64,
}

/// [`reserve_lines`] for lines whose suppliers the caller knows, with the same rules and
/// problems, written so that the products' rows are locked as late as possible: the conditional
/// UPDATEs in product-id order (each locks its row until the commit), the last of them in one
/// statement with the movements' INSERT and the caller's own final writes `with`
/// ([`kernel::db::write_together`]). Callers make it the last write of their transaction, so a
/// hot product's row is held for that statement and the COMMIT only. A short line rolls back
/// everything with the caller's transaction.
pub async fn reserve_known_lines(
    txn: &DatabaseTransaction,
    clock: &Clock,
    lines: &[KnownLine],
    by: &str,
    with: Vec<SubQueryStatement>,
) -> DomainResult<()> {
    check_lines(lines.iter().map(|l| l.quantity), lines.len())?;
    let order = product_order(lines.iter().map(|l| l.product_id));
    let pairs: Vec<(Uuid, i64)> = lines.iter().map(|l| (l.product_id, l.quantity)).collect();
    let updates: Vec<(Uuid, i64)> = order.iter().map(|&i| pairs[i]).collect();
    let mut with = with;
    with.push(movement_rows(moves(lines, MovementKind::Reserve), by, clock).into());
    let mut moved = Vec::with_capacity(lines.len());
    let applied = apply_last_together(txn, MovementKind::Reserve, &updates, with).await?;
    for (n, &i) in order.iter().enumerate() {
        if n < applied {
            moved.push(pairs[i]);
        } else {
            return Err(short_lines(txn, &pairs, &order, &moved, i).await);
        }
    }
    Ok(())
}

/// Applies conditional changes in the order given, the last in one statement with `with`;
/// returns how many held before the first that did not (all of them: `updates.len()`). With no
/// updates, runs `with` alone.
async fn apply_last_together(
    txn: &DatabaseTransaction,
    kind: MovementKind,
    updates: &[(Uuid, i64)],
    with: Vec<SubQueryStatement>,
) -> DomainResult<usize> {
    let Some((&(last_id, last_quantity), first)) = updates.split_last() else {
        kernel::db::write_each(txn, with).await?;
        return Ok(0);
    };
    for (n, &(product_id, quantity)) in first.iter().enumerate() {
        if !change_only(txn, product_id, kind, quantity).await? {
            return Ok(n);
        }
    }
    let last = update(last_id, kind, last_quantity).into_query();
    if kernel::db::write_together(txn, with, last).await? == 1 {
        Ok(updates.len())
    } else {
        Ok(first.len())
    }
}

/// The problems of a reservation's size and quantities, before anything is written.
fn check_lines(quantities: impl Iterator<Item = i64>, count: usize) -> DomainResult<()> {
    let mut problems = kernel::error::Problems::new();
    if count > MAX_LINES {
        problems.push(Problem::new(
            &["lines"],
            Code::TooMany.as_str(),
            Message::new(
                format!("一次最多 {MAX_LINES} 行"),
                format!("at most {MAX_LINES} lines"),
            ),
        ));
    }
    for (i, quantity) in quantities.enumerate() {
        if !(1..=MAX_QUANTITY).contains(&quantity) {
            problems.push(quantity_problem(&["lines", &i.to_string(), "quantity"]));
        }
    }
    problems.finish()
}

/// The lines' indexes in product-id order, the order stock rows are written in: each
/// conditional UPDATE locks its row until the commit, so two orders sharing products take their
/// locks in one order and never deadlock. A stable sort keeps a product's repeated lines in the
/// caller's order.
fn product_order(products: impl Iterator<Item = Uuid>) -> Vec<usize> {
    let ids: Vec<Uuid> = products.collect();
    let mut order: Vec<usize> = (0..ids.len()).collect();
    order.sort_by_key(|&i| ids[i]);
    order
}

/// The movements of `lines`, in product-id order.
fn moves(lines: &[KnownLine], kind: MovementKind) -> Vec<Move> {
    product_order(lines.iter().map(|l| l.product_id))
        .into_iter()
        .map(|i| Move {
            product_id: lines[i].product_id,
            supplier_id: lines[i].supplier_id,
            kind,
            quantity: lines[i].quantity,
            reason: None,
        })
        .collect()
}

/// The problems of an order whose line `failed` could not be reserved after `moved` were:
/// every short line, each with what is left for it (what the database has, plus what this
/// order holds already, handed out in product-id order as the reservation does).
async fn short_lines(
    txn: &DatabaseTransaction,
    lines: &[(Uuid, i64)],
    order: &[usize],
    moved: &[(Uuid, i64)],
    failed: usize,
) -> DomainError {
    let ids: Vec<Uuid> = lines.iter().map(|l| l.0).collect();
    let products = match product::Entity::find()
        .filter(Column::Id.is_in(ids))
        .all(txn)
        .await
    {
        Ok(products) => products,
        Err(e) => return e.into(),
    };
    let mut available: HashMap<Uuid, i64> = products
        .iter()
        .map(|p| (p.id, p.on_hand - p.reserved))
        .collect();
    for &(product_id, quantity) in moved {
        *available.entry(product_id).or_default() += quantity;
    }
    let mut short = Vec::new();
    for &i in order {
        let (id, quantity) = lines[i];
        let left = available.entry(id).or_default();
        if *left >= quantity {
            *left -= quantity;
        } else {
            short.push((i, *left));
        }
    }
    if short.is_empty() {
        // Stock came back between the refused UPDATE and the read: the line still failed.
        let left = available.get(&lines[failed].0).copied().unwrap_or(0);
        short.push((failed, std::cmp::min(left, lines[failed].1 - 1)));
    }
    short.sort_unstable();
    DomainError::Invalid(
        short
            .into_iter()
            .map(|(i, left)| short_line(i, left))
            .collect(),
    )
}

/// One stock movement to record.
struct Move {
    product_id: Uuid,
    supplier_id: Uuid,
    kind: MovementKind,
    quantity: i64,
    reason: Option<String>,
}

/// The conditional UPDATE of one change.
fn update(
    product_id: Uuid,
    kind: MovementKind,
    quantity: i64,
) -> sea_orm::UpdateMany<product::Entity> {
    let update = product::Entity::update_many().filter(Column::Id.eq(product_id));
    match kind {
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
    }
}

/// Applies one conditional change; the product's supplier (from `RETURNING`, no second read)
/// when the condition held, `None` when it did not, NOT_FOUND without the product.
async fn change(
    txn: &DatabaseTransaction,
    product_id: Uuid,
    kind: MovementKind,
    quantity: i64,
) -> DomainResult<Option<Uuid>> {
    let update = update(product_id, kind, quantity);
    if let Some(p) = update.exec_with_returning(txn).await?.first() {
        return Ok(Some(p.supplier_id));
    }
    match product::Entity::find_by_id(product_id).one(txn).await? {
        Some(_) => Ok(None),
        None => Err(DomainError::NotFound),
    }
}

/// Applies one conditional change of a product whose supplier the caller knows; whether the
/// condition held (a product that does not exist fails it too).
async fn change_only(
    txn: &DatabaseTransaction,
    product_id: Uuid,
    kind: MovementKind,
    quantity: i64,
) -> DomainResult<bool> {
    Ok(update(product_id, kind, quantity)
        .exec(txn)
        .await?
        .rows_affected
        == 1)
}

/// Records movements, all in one INSERT.
async fn record(
    txn: &DatabaseTransaction,
    moves: Vec<Move>,
    actor: &str,
    clock: &Clock,
) -> DomainResult<()> {
    txn.execute(&movement_rows(moves, actor, clock)).await?;
    Ok(())
}

/// The one INSERT of [`record`].
fn movement_rows(moves: Vec<Move>, actor: &str, clock: &Clock) -> InsertStatement {
    let at = clock.now();
    let rows = moves.into_iter().map(|m| stock_movement::ActiveModel {
        id: Set(kernel::new_id()),
        product_id: Set(m.product_id),
        supplier_id: Set(m.supplier_id),
        kind: Set(m.kind),
        quantity: Set(m.quantity),
        reason: Set(m.reason),
        actor: Set(actor.to_owned()),
        at: Set(at),
    });
    stock_movement::Entity::insert_many(rows).into_query()
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
    let Some(supplier_id) = change(txn, product_id, kind, quantity).await? else {
        return Ok(false);
    };
    let one = Move {
        product_id,
        supplier_id,
        kind,
        quantity,
        reason,
    };
    record(txn, vec![one], actor, clock).await?;
    Ok(true)
}

/// Turns the holds of an order's lines into shipments (on hand and reserved both go down),
/// written so that the products' rows are locked as late as possible: one conditional UPDATE
/// per line in product-id order (each locks its row until the commit), the last of them in one
/// statement with the movements' INSERT and the caller's own final writes `with`
/// ([`kernel::db::write_together`]). Callers make it the last write of their transaction, so a
/// hot product's row is held for that statement and the COMMIT only. A line without its hold
/// fails with INSUFFICIENT_STOCK, and the caller's transaction rolls back everything.
pub async fn commit_lines(
    txn: &DatabaseTransaction,
    clock: &Clock,
    lines: &[KnownLine],
    by: &str,
    with: Vec<SubQueryStatement>,
) -> DomainResult<()> {
    for l in lines {
        check_quantity(l.quantity)?;
    }
    let moves = moves(lines, MovementKind::Commit);
    let updates: Vec<(Uuid, i64)> = moves.iter().map(|m| (m.product_id, m.quantity)).collect();
    let mut with = with;
    with.push(movement_rows(moves, by, clock).into());
    if apply_last_together(txn, MovementKind::Commit, &updates, with).await? < updates.len() {
        return Err(insufficient());
    }
    Ok(())
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
