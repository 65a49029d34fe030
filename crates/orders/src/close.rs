//! Closing an unpaid order: cancelled by the buyer or the store, or expired when its payment
//! did not come in time. Its reserved stock is released in the same transaction.

use kernel::error::optional_text;
use kernel::{Actor, Clock, DomainError, DomainResult, Message, Role};
use participants::access::require_role;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QuerySelect};
use serde::Serialize;
use uuid::Uuid;

use crate::OrderErrorCode as Code;
use crate::access::{buys, runs_store};
use crate::entity::event::EventKind;
use crate::entity::order::{self, ClosedReason, PaymentStatus};
use crate::place::{lines_by_product, locked};

/// The subject recorded for what the system does on its own (expiry).
pub const SYSTEM: &str = "system";

/// `cancelOrder`'s input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CancelOrder {
    pub order_id: Uuid,
    pub reason: Option<String>,
}

/// Closes a locked, unpaid order: releases its stock, marks it CANCELLED with `reason`, logs.
async fn close(
    txn: &DatabaseTransaction,
    clock: &Clock,
    order: &order::Model,
    reason: ClosedReason,
    by: &str,
    note: Option<String>,
) -> DomainResult<order::Model> {
    let updated = order::Entity::update_many()
        .col_expr(
            order::Column::PaymentStatus,
            Expr::value(PaymentStatus::Cancelled),
        )
        .col_expr(order::Column::ClosedReason, Expr::value(Some(reason)))
        .col_expr(order::Column::UpdatedAt, Expr::value(clock.now()))
        .filter(order::Column::Id.eq(order.id))
        .filter(order::Column::PaymentStatus.eq(PaymentStatus::Unpaid))
        .exec(txn)
        .await?;
    if updated.rows_affected != 1 {
        return Err(DomainError::Conflict);
    }
    for l in lines_by_product(txn, order.id).await? {
        products::stock::release(txn, clock, l.product_id, l.quantity, by).await?;
    }
    let closed = order::Entity::find_by_id(order.id)
        .one(txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    let kind = if reason == ClosedReason::Expired {
        EventKind::Expired
    } else {
        EventKind::Cancelled
    };
    crate::events::log(
        txn,
        clock,
        &closed,
        kind,
        by,
        serde_json::json!({ "reason": sea_orm::ActiveEnum::to_value(&reason), "note": note }),
    )
    .await?;
    Ok(closed)
}

/// Cancels an unpaid order (the buyer's side or the store's side).
pub async fn cancel(
    txn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    input: CancelOrder,
) -> DomainResult<order::Model> {
    require_role(
        actor,
        &[
            Role::Household,
            Role::EnterpriseApp,
            Role::EnterpriseAdmin,
            Role::Operator,
            Role::PlatformAdmin,
        ],
    )?;
    let note = optional_text(&["reason"], input.reason.as_deref(), 200)
        .map_err(|p| DomainError::Invalid(vec![p]))?;
    let order = locked(txn, actor, input.order_id).await?;
    let reason = if buys(actor, &order) {
        ClosedReason::Buyer
    } else if runs_store(actor, &order) {
        ClosedReason::Store
    } else {
        return Err(DomainError::Forbidden);
    };
    if order.payment_status != PaymentStatus::Unpaid {
        return Err(DomainError::invalid(
            &["orderId"],
            Code::NotCancellable.as_str(),
            Message::new(
                "只能取消未支付的订单；已支付的订单请退款",
                "only an unpaid order can be cancelled; refund a paid one",
            ),
        ));
    }
    close(txn, clock, &order, reason, &actor.subject, note).await
}

/// Expires the order if it is unpaid past its expiry; says whether it did. Any caller may
/// trigger this (it is what time does to the order, not a decision).
pub async fn expire_if_due(
    txn: &DatabaseTransaction,
    clock: &Clock,
    order_id: Uuid,
) -> DomainResult<bool> {
    let Some(order) = order::Entity::find_by_id(order_id)
        .lock_exclusive()
        .one(txn)
        .await?
    else {
        return Ok(false);
    };
    if order.payment_status != PaymentStatus::Unpaid || order.expires_at > clock.now() {
        return Ok(false);
    }
    close(txn, clock, &order, ClosedReason::Expired, SYSTEM, None).await?;
    Ok(true)
}
