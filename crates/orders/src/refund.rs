//! 退款: a paid order is refunded in full or by line and quantity by the side that collected
//! the money, never more than was paid and not yet refunded. In the same transaction the
//! ledger gets one REFUND entry per line reversing its SALE entry, and, with `restock`, the
//! units go back on hand.

use kernel::error::{Problems, optional_text};
use kernel::{Actor, Clock, DomainError, DomainResult, Fen, Grams, Message, Problem, Role};
use ledger::{Amounts, EntryKind, NewEntry, Source};
use participants::access::require_role;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};
use serde::Serialize;
use uuid::Uuid;

use crate::OrderErrorCode as Code;
use crate::access::collects;
use crate::entity::event::EventKind;
use crate::entity::line;
use crate::entity::order::{self, PaymentStatus};
use crate::place::{lines_by_product, locked};

/// One line to refund.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RefundLine {
    pub line_id: Uuid,
    pub quantity: i64,
}

/// `refundOrder`'s input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RefundOrder {
    pub order_id: Uuid,
    /// `None`: everything not refunded yet.
    pub lines: Option<Vec<RefundLine>>,
    /// Put the units back on hand (the goods came back unused).
    pub restock: bool,
    pub reason: Option<String>,
}

fn not_refundable(zh: &str, en: &str) -> DomainError {
    DomainError::invalid(
        &["orderId"],
        Code::NotRefundable.as_str(),
        Message::new(zh, en),
    )
}

/// The (line, units) to refund, checked against what is left of each line.
fn plan(
    lines: &[line::Model],
    asked: Option<&[RefundLine]>,
) -> DomainResult<Vec<(line::Model, i64)>> {
    let Some(asked) = asked else {
        return Ok(lines
            .iter()
            .filter(|l| l.remaining() > 0)
            .map(|l| (l.clone(), l.remaining()))
            .collect());
    };
    let mut problems = Problems::new();
    let mut out = Vec::new();
    for (i, r) in asked.iter().enumerate() {
        let index = i.to_string();
        let Some(l) = lines.iter().find(|l| l.id == r.line_id) else {
            problems.push(Problem::new(
                &["lines", &index, "lineId"],
                Code::UnknownReference.as_str(),
                Message::new("订单中没有该行", "no such line in this order"),
            ));
            continue;
        };
        if asked[..i].iter().any(|o| o.line_id == r.line_id) {
            problems.push(Problem::new(
                &["lines", &index, "lineId"],
                Code::Invalid.as_str(),
                Message::new("同一行请只写一次", "name each line once"),
            ));
            continue;
        }
        if r.quantity < 1 || r.quantity > l.remaining() {
            problems.push(Problem::new(
                &["lines", &index, "quantity"],
                Code::ExceedsPaid.as_str(),
                Message::new(
                    format!("该行最多还可退 {} 件", l.remaining()),
                    format!(
                        "at most {} units of this line can still be refunded",
                        l.remaining()
                    ),
                ),
            ));
            continue;
        }
        out.push((l.clone(), r.quantity));
    }
    problems.finish()?;
    // Product-id order, as the lines came, for the stock writes.
    out.sort_by_key(|(l, _)| (l.product_id, l.line_index));
    Ok(out)
}

/// Refunds an order in the caller's transaction.
pub async fn refund(
    txn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    input: RefundOrder,
) -> DomainResult<order::Model> {
    require_role(
        actor,
        &[
            Role::EnterpriseApp,
            Role::EnterpriseAdmin,
            Role::Operator,
            Role::PlatformAdmin,
        ],
    )?;
    let note = optional_text(&["reason"], input.reason.as_deref(), 200)
        .map_err(|p| DomainError::Invalid(vec![p]))?;
    let order = locked(txn, actor, input.order_id).await?;
    if !collects(actor, &order) {
        return Err(DomainError::Forbidden);
    }
    if !order.payment_status.is_paid() {
        return Err(not_refundable(
            "只有已支付且未全额退款的订单可以退款",
            "only a paid order not wholly refunded can be refunded",
        ));
    }
    let lines = lines_by_product(txn, order.id).await?;
    let plan = plan(&lines, input.lines.as_deref())?;
    if plan.is_empty() {
        return Err(not_refundable(
            "没有可退的商品",
            "nothing is left to refund",
        ));
    }

    let refund_id = kernel::new_id();
    let now = clock.now();
    let mut reversals = Vec::with_capacity(plan.len());
    let mut total = Fen::ZERO;
    let mut detail = Vec::with_capacity(plan.len());
    for (l, quantity) in &plan {
        // The last units of a line take what is left of its money, so a line always refunds
        // to exactly what it was paid.
        let fen = if *quantity == l.remaining() {
            l.amount_fen - l.refunded_fen
        } else {
            Fen(l.unit_price_fen.0 * quantity)
        };
        let grams = Grams(l.unit_grams.0 * quantity);
        total += fen;
        let sale = l.ledger_entry_id.ok_or(DomainError::Conflict)?;
        reversals.push(NewEntry::reversal(
            EntryKind::Refund,
            sale,
            Source::OrderLine,
            format!("{refund_id}:{}", l.line_index),
            now,
            Amounts::new(*quantity, grams, fen),
            actor.subject.clone(),
        ));
        line::Entity::update_many()
            .col_expr(
                line::Column::RefundedQuantity,
                Expr::col(line::Column::RefundedQuantity).add(*quantity),
            )
            .col_expr(
                line::Column::RefundedFen,
                Expr::col(line::Column::RefundedFen).add(fen.0),
            )
            .col_expr(
                line::Column::RestockedQuantity,
                Expr::col(line::Column::RestockedQuantity).add(if input.restock {
                    *quantity
                } else {
                    0
                }),
            )
            .filter(line::Column::Id.eq(l.id))
            .exec(txn)
            .await?;
        if input.restock {
            products::stock::restock(
                txn,
                clock,
                l.product_id,
                *quantity,
                "退款退货",
                &actor.subject,
            )
            .await?;
        }
        detail.push(serde_json::json!({ "lineId": l.id, "quantity": quantity, "fen": fen.0 }));
    }
    let entries = ledger::record(txn, reversals).await?;

    let refunded = order.refunded_fen + total;
    let whole = plan.iter().map(|(_, q)| q).sum::<i64>()
        == lines.iter().map(line::Model::remaining).sum::<i64>();
    let status = if whole {
        PaymentStatus::Refunded
    } else {
        PaymentStatus::PartiallyRefunded
    };
    order::Entity::update_many()
        .col_expr(order::Column::RefundedFen, Expr::value(refunded))
        .col_expr(order::Column::PaymentStatus, Expr::value(status))
        .col_expr(order::Column::UpdatedAt, Expr::value(now))
        .filter(order::Column::Id.eq(order.id))
        .exec(txn)
        .await?;
    let after = order::Entity::find_by_id(order.id)
        .one(txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    crate::events::log(
        txn,
        clock,
        &after,
        EventKind::Refunded,
        &actor.subject,
        serde_json::json!({
            "refundId": refund_id,
            "fen": total.0,
            "restock": input.restock,
            "reason": note,
            "lines": detail,
            "ledgerEntries": entries.iter().map(|e| e.id).collect::<Vec<_>>(),
        }),
    )
    .await?;
    Ok(after)
}
