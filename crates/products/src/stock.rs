//! Stock: on hand and reserved per product, changed only by single conditional UPDATEs
//! (`… WHERE on_hand - reserved >= n`), so concurrent orders can never take more than there is,
//! on SQLite or PostgreSQL, without locks held across statements. Every change is recorded as a
//! stock movement in the same transaction.

use kernel::{Actor, Clock, DomainError, DomainResult, Message, Problem};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, TransactionSession, TransactionTrait,
};
use uuid::Uuid;

use crate::ProductErrorCode as Code;
use crate::entity::product::{self, Column};
use crate::entity::stock_movement::{self, MovementKind};
use participants::access::Object;

/// The most one movement may move: a guard against typing errors, not a business rule.
pub const MAX_QUANTITY: i64 = 1_000_000;

fn insufficient() -> DomainError {
    DomainError::invalid(
        &["quantity"],
        Code::InsufficientStock.as_str(),
        Message::new("库存不足", "not enough stock available"),
    )
}

fn check_quantity(quantity: i64) -> DomainResult<()> {
    if (1..=MAX_QUANTITY).contains(&quantity) {
        Ok(())
    } else {
        Err(DomainError::invalid(
            &["quantity"],
            kernel::error::codes::OUT_OF_RANGE,
            Message::new(
                format!("数量应在 1 到 {MAX_QUANTITY} 之间"),
                format!("quantity must be 1 to {MAX_QUANTITY}"),
            ),
        ))
    }
}

/// Applies one conditional change and records it; `Ok(false)` when the condition did not hold.
async fn apply<C>(
    conn: &C,
    product_id: Uuid,
    kind: MovementKind,
    quantity: i64,
    reason: Option<String>,
    actor: &str,
    clock: &Clock,
) -> DomainResult<bool>
where
    C: ConnectionTrait + TransactionTrait,
{
    // The conditional UPDATE is the transaction's first statement: on SQLite (WAL) a transaction
    // that reads before it writes fails with SQLITE_BUSY_SNAPSHOT when another writer got in
    // between, instead of waiting its turn.
    let txn = conn.begin().await?;
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
    if update.exec(&txn).await?.rows_affected == 0 {
        txn.rollback().await?;
        return match product::Entity::find_by_id(product_id).one(conn).await? {
            Some(_) => Ok(false),
            None => Err(DomainError::NotFound),
        };
    }
    let product = product::Entity::find_by_id(product_id)
        .one(&txn)
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
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(true)
}

/// Holds `quantity` units for an order; fails with INSUFFICIENT_STOCK if fewer are available.
pub async fn reserve<C: ConnectionTrait + TransactionTrait>(
    conn: &C,
    clock: &Clock,
    product_id: Uuid,
    quantity: i64,
    by: &str,
) -> DomainResult<()> {
    check_quantity(quantity)?;
    if apply(
        conn,
        product_id,
        MovementKind::Reserve,
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

/// Gives back a hold.
pub async fn release<C: ConnectionTrait + TransactionTrait>(
    conn: &C,
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
pub async fn commit<C: ConnectionTrait + TransactionTrait>(
    conn: &C,
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

/// Corrects on-hand stock by `delta` (a delivery, a count, breakage) with a reason. The
/// product's supplier, the platform or the alliance's operators may adjust.
pub async fn adjust<C: ConnectionTrait + TransactionTrait>(
    conn: &C,
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
