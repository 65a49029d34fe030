//! A purchase order after its request: approved (by someone other than its requester), paid
//! (offline, confirmed with the payment reference: stock committed and every line counted in
//! the ledger in the same transaction), or cancelled before payment (stock released). Each
//! change locks the order's row and moves its state with a conditional UPDATE.

use chrono::{DateTime, TimeDelta, Utc};
use kernel::error::{Problems, optional_text, required_text};
use kernel::{Actor, Clock, DomainError, DomainResult, Message, Problem, Role};
use ledger::attribution::{Buyer, Sale};
use ledger::{Amounts, Channel, Source};
use participants::access::require_role;
use participants::entity::enterprise;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde::Serialize;
use uuid::Uuid;

use super::entity::line;
use super::entity::purchase_order::{self, PurchaseOrderState};
use crate::ProcurementErrorCode as Code;

/// How far in the future a payment time may lie (clocks differ a little).
pub const CLOCK_SKEW: TimeDelta = TimeDelta::minutes(5);

/// `confirmPurchaseOrderPayment`'s input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConfirmPurchasePayment {
    pub purchase_order_id: Uuid,
    /// The bank transfer's reference.
    pub reference: String,
    pub amount: i64,
    pub paid_at: DateTime<Utc>,
    /// The invoice's number, if it came with the payment.
    pub invoice_reference: Option<String>,
}

/// The ledger channel of a purchase order.
pub fn channel(order: &purchase_order::Model) -> Channel {
    if order.partner_id.is_some() {
        Channel::PartnerProcurement
    } else {
        Channel::EnterpriseProcurement
    }
}

/// The purchase order the actor may change, locked for this transaction.
async fn locked(
    txn: &DatabaseTransaction,
    actor: &Actor,
    id: Uuid,
) -> DomainResult<purchase_order::Model> {
    require_role(actor, &[Role::EnterpriseAdmin, Role::PlatformAdmin])?;
    purchase_order::Entity::find_by_id(id)
        .filter(super::access::visible(actor))
        .lock_exclusive()
        .one(txn)
        .await?
        .ok_or(DomainError::NotFound)
}

fn wrong_state(order: &purchase_order::Model, zh: &str, en: &str) -> DomainError {
    let state = sea_orm::ActiveEnum::to_value(&order.state);
    DomainError::invalid(
        &["purchaseOrderId"],
        Code::InvalidTransition.as_str(),
        Message::new(
            format!("{zh}（当前状态 {state}）"),
            format!("{en} (it is {state})"),
        ),
    )
}

/// Moves the order from `from` to `to` with the extra columns set; the row is locked already,
/// the condition still guards it.
async fn transition(
    txn: &DatabaseTransaction,
    clock: &Clock,
    order: &purchase_order::Model,
    from: &[PurchaseOrderState],
    to: PurchaseOrderState,
    extra: Vec<(purchase_order::Column, Expr)>,
) -> DomainResult<purchase_order::Model> {
    let mut update = purchase_order::Entity::update_many()
        .col_expr(purchase_order::Column::State, Expr::value(to))
        .col_expr(purchase_order::Column::UpdatedAt, Expr::value(clock.now()));
    for (column, value) in extra {
        update = update.col_expr(column, value);
    }
    let done = update
        .filter(purchase_order::Column::Id.eq(order.id))
        .filter(purchase_order::Column::State.is_in(from.iter().copied()))
        .exec(txn)
        .await?;
    if done.rows_affected != 1 {
        return Err(DomainError::Conflict);
    }
    purchase_order::Entity::find_by_id(order.id)
        .one(txn)
        .await?
        .ok_or(DomainError::NotFound)
}

async fn lines_by_product(
    txn: &DatabaseTransaction,
    order_id: Uuid,
) -> DomainResult<Vec<line::Model>> {
    Ok(line::Entity::find()
        .filter(line::Column::PurchaseOrderId.eq(order_id))
        .order_by_asc(line::Column::ProductId)
        .all(txn)
        .await?)
}

/// 审批: someone other than the requester approves a requested order.
pub async fn approve(
    txn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    id: Uuid,
) -> DomainResult<purchase_order::Model> {
    let order = locked(txn, actor, id).await?;
    if order.state != PurchaseOrderState::Requested {
        return Err(wrong_state(
            &order,
            "只能审批待审批的集采单",
            "only a requested order can be approved",
        ));
    }
    if order.requested_by == actor.subject {
        return Err(DomainError::invalid(
            &["purchaseOrderId"],
            Code::ApproverIsRequester.as_str(),
            Message::new(
                "审批人不能是申请人，请由另一位管理员审批",
                "the requester cannot approve their own order; another admin must",
            ),
        ));
    }
    let now = clock.now();
    transition(
        txn,
        clock,
        &order,
        &[PurchaseOrderState::Requested],
        PurchaseOrderState::Approved,
        vec![
            (
                purchase_order::Column::ApprovedBy,
                Expr::value(Some(actor.subject.clone())),
            ),
            (purchase_order::Column::ApprovedAt, Expr::value(Some(now))),
        ],
    )
    .await
}

/// 取消: before payment; the reserved stock is released.
pub async fn cancel(
    txn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    id: Uuid,
) -> DomainResult<purchase_order::Model> {
    let order = locked(txn, actor, id).await?;
    let open = [PurchaseOrderState::Requested, PurchaseOrderState::Approved];
    if !open.contains(&order.state) {
        return Err(wrong_state(
            &order,
            "只能取消未付款的集采单",
            "only an unpaid order can be cancelled",
        ));
    }
    let cancelled = transition(
        txn,
        clock,
        &order,
        &open,
        PurchaseOrderState::Cancelled,
        vec![(
            purchase_order::Column::ClosedAt,
            Expr::value(Some(clock.now())),
        )],
    )
    .await?;
    for l in lines_by_product(txn, order.id).await? {
        products::stock::release(txn, clock, l.product_id, l.quantity, &actor.subject).await?;
    }
    Ok(cancelled)
}

/// 确认付款: the enterprise's admin confirms the offline payment of an approved order. In the
/// same transaction: stock committed, one ledger SALE entry per line (no household; the
/// partner's orders credited to the mobilising enterprise), each line pointing at its entry.
pub async fn confirm_payment(
    txn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    input: ConfirmPurchasePayment,
) -> DomainResult<purchase_order::Model> {
    let mut problems = Problems::new();
    let reference = problems.take(required_text(&["reference"], &input.reference, 100));
    let invoice = problems
        .take(optional_text(
            &["invoiceReference"],
            input.invoice_reference.as_deref(),
            100,
        ))
        .flatten();
    if input.paid_at > clock.now() + CLOCK_SKEW {
        problems.push(Problem::new(
            &["paidAt"],
            Code::OutOfRange.as_str(),
            Message::new(
                "付款时间不能晚于现在",
                "the payment time lies in the future",
            ),
        ));
    }
    problems.finish()?;
    let order = locked(txn, actor, input.purchase_order_id).await?;
    if order.state != PurchaseOrderState::Approved {
        return Err(wrong_state(
            &order,
            "只能为已审批的集采单确认付款",
            "only an approved order can be paid",
        ));
    }
    if input.amount != order.total_fen.0 {
        return Err(DomainError::invalid(
            &["amount"],
            Code::AmountMismatch.as_str(),
            Message::new(
                format!("付款金额须等于集采单金额 {} 元", order.total_fen.yuan()),
                format!(
                    "the amount must equal the order total, {} yuan",
                    order.total_fen.yuan()
                ),
            ),
        ));
    }
    let mut extra = vec![
        (
            purchase_order::Column::PaymentReference,
            Expr::value(reference),
        ),
        (
            purchase_order::Column::PaidAt,
            Expr::value(Some(input.paid_at)),
        ),
    ];
    if let Some(invoice) = invoice {
        extra.push((
            purchase_order::Column::InvoiceReference,
            Expr::value(Some(invoice)),
        ));
    }
    let paid = transition(
        txn,
        clock,
        &order,
        &[PurchaseOrderState::Approved],
        PurchaseOrderState::Paid,
        extra,
    )
    .await?;

    // Without a delivery site the sale counts for the enterprise's own city.
    let city_code = match order.delivery_project_id {
        Some(_) => None,
        None => enterprise::Entity::find_by_id(order.enterprise_id)
            .one(txn)
            .await?
            .and_then(|e| e.region_code)
            .and_then(|r| ledger::attribution::city_of(&r)),
    };
    let lines = lines_by_product(txn, order.id).await?;
    let sales = lines
        .iter()
        .map(|l| Sale {
            source: Source::PurchaseLine,
            source_ref: l.id.to_string(),
            channel: channel(&order),
            occurred_at: input.paid_at,
            product_id: l.product_id,
            amounts: Amounts::new(l.quantity, l.grams, l.amount_fen),
            buyer: Buyer {
                enterprise_id: Some(order.enterprise_id),
                project_id: order.delivery_project_id,
                city_code: city_code.clone(),
                ..Buyer::default()
            },
            recorded_by: actor.subject.clone(),
        })
        .collect();
    let entries = ledger::attribution::resolve(txn, sales).await?;
    for l in &lines {
        products::stock::commit(txn, clock, l.product_id, l.quantity, &actor.subject).await?;
    }
    let recorded = ledger::record(txn, entries).await?;
    for entry in &recorded {
        line::Entity::update_many()
            .col_expr(line::Column::LedgerEntryId, Expr::value(Some(entry.id)))
            .filter(line::Column::Id.eq(entry.source_ref.parse::<Uuid>().ok()))
            .exec(txn)
            .await?;
    }
    Ok(paid)
}
