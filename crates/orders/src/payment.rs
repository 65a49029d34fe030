//! 确认支付: the side that collected the money (the company's APP, or the alliance for hosted
//! stores) confirms it. In the caller's one transaction: the order is paid, one ledger SALE
//! entry recorded per line (channel from the store kind), the PAID event queued, and its stock
//! committed, last (a hot product's row is locked from that UPDATE to the commit only). If any
//! step fails, none of it happened.

use chrono::{DateTime, SubsecRound, TimeDelta, Utc};
use kernel::error::required_text;
use kernel::{Actor, Clock, DomainError, DomainResult, Fen, Message, Role};
use ledger::attribution::{Buyer, Sale};
use ledger::{Amounts, Channel, Source};
use participants::access::require_role;
use products::entity::store::StoreKind;
use products::stock::KnownLine;
use sea_orm::sea_query::{CaseStatement, Expr, ExprTrait, SubQueryStatement, UpdateStatement};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryTrait};
use serde::Serialize;
use uuid::Uuid;

use crate::OrderErrorCode as Code;
use crate::access::collects;
use crate::entity::event::EventKind;
use crate::entity::line;
use crate::entity::order::{self, ClosedReason, PaymentStatus};
use crate::place::{locked_with_lines, locked_with_lines_query, with_lines};

/// The payment's first read (the order locked, with its lines), for a caller that runs it
/// together with the idempotency key's claim and passes its rows to [`settle`].
pub fn first_read(actor: &Actor, input: &ConfirmPayment) -> sea_orm::sea_query::SelectStatement {
    locked_with_lines_query(actor, input.order_id)
}

/// How far in the future a payment time may lie (clocks differ a little).
pub const CLOCK_SKEW: TimeDelta = TimeDelta::minutes(5);

/// `confirmPayment`'s input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConfirmPayment {
    pub order_id: Uuid,
    /// The payment's reference at WeChat Pay, Alipay or the alliance's account.
    pub reference: String,
    #[serde(serialize_with = "fen")]
    pub amount: Fen,
    pub paid_at: DateTime<Utc>,
}

fn fen<S: serde::Serializer>(value: &Fen, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_i64(value.0)
}

/// The ledger channel of an order: GROUP_BUY for an order made from a group buy, otherwise
/// its store kind's.
pub fn order_channel(order: &order::Model) -> Channel {
    if order.group_buy_id.is_some() {
        Channel::GroupBuy
    } else {
        channel(order.store_kind)
    }
}

/// The ledger channel of a store kind (三专).
pub fn channel(kind: StoreKind) -> Channel {
    match kind {
        StoreKind::Zone => Channel::Zone,
        StoreKind::Hosted => Channel::Hosted,
        StoreKind::Counter => Channel::Counter,
    }
}

/// The problem for an order that is not waiting for its payment.
pub fn not_payable(order: &order::Model) -> DomainError {
    let (code, zh, en) = match (order.payment_status, order.closed_reason) {
        (PaymentStatus::Cancelled, Some(ClosedReason::Expired)) => (
            Code::OrderExpired,
            "订单已超时关闭，库存已释放",
            "the order expired and its stock was released",
        ),
        (PaymentStatus::Cancelled, _) => (
            Code::OrderCancelled,
            "订单已取消",
            "the order was cancelled",
        ),
        _ => (Code::AlreadyPaid, "订单已支付", "the order is paid already"),
    };
    DomainError::invalid(&["orderId"], code.as_str(), Message::new(zh, en))
}

/// Confirms an order's payment in the caller's transaction.
pub async fn confirm(
    txn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    input: ConfirmPayment,
) -> DomainResult<order::Model> {
    let settled = settle(txn, actor, clock, input, None).await?;
    commit_stock(txn, clock, actor, &settled.commits, settled.writes).await?;
    Ok(settled.order)
}

/// Commits the stock [`settle`] left to commit, as the last writes of the transaction
/// (product-id order, the last product's UPDATE in one statement with the movements and the
/// caller's final writes `with`), so a hot product's row is locked for that statement and the
/// commit. A line whose hold is gone fails the payment and rolls
/// back everything written before (the order, the ledger entries, the events).
pub async fn commit_stock(
    txn: &DatabaseTransaction,
    clock: &Clock,
    actor: &Actor,
    commits: &[KnownLine],
    with: Vec<SubQueryStatement>,
) -> DomainResult<()> {
    products::stock::commit_lines(txn, clock, commits, &actor.subject, with).await
}

/// What [`settle`] decided and leaves for the caller to write.
#[derive(Debug)]
pub struct Settled {
    /// The order as paid.
    pub order: order::Model,
    /// The stock to commit, last ([`commit_stock`]).
    pub commits: Vec<KnownLine>,
    /// The payment's writes, none of which needs an answer (the order marked paid, the ledger
    /// entries and their queue rows, the lines linked to them, the PAID event and its outbox
    /// row), in the order they may run one by one: for [`commit_stock`]'s `with`, so that on
    /// PostgreSQL they go in one statement with the stock commit.
    pub writes: Vec<SubQueryStatement>,
}

/// Everything of [`confirm`] but the writes, which it returns for the caller to make (with
/// [`commit_stock`], the stock last) before its commit: the order paid, the ledger entries
/// recorded and linked to the lines, the PAID event queued. The order's row is locked here
/// (and seen unpaid), so marking it paid cannot miss: by [`locked_with_lines`], or by the
/// caller, who passes the rows its [`first_read`] gave.
pub async fn settle(
    txn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    input: ConfirmPayment,
    read: Option<Vec<sea_orm::QueryResult>>,
) -> DomainResult<Settled> {
    require_role(
        actor,
        &[
            Role::EnterpriseApp,
            Role::EnterpriseAdmin,
            Role::Operator,
            Role::PlatformAdmin,
        ],
    )?;
    let mut problems = kernel::error::Problems::new();
    let reference = problems.take(required_text(&["reference"], &input.reference, 100));
    let now = clock.now();
    if input.paid_at > now + CLOCK_SKEW {
        problems.push(kernel::Problem::new(
            &["paidAt"],
            Code::OutOfRange.as_str(),
            Message::new(
                "支付时间不能晚于现在",
                "the payment time lies in the future",
            ),
        ));
    }
    problems.finish()?;
    let (order, lines) = match read {
        Some(rows) => with_lines(&rows)?,
        None => locked_with_lines(txn, actor, input.order_id).await?,
    };
    if !collects(actor, &order) {
        return Err(DomainError::Forbidden);
    }
    if order.payment_status != PaymentStatus::Unpaid {
        return Err(not_payable(&order));
    }
    // Past its time but not swept yet (the use case expires due orders first; this covers the
    // moments in between): its stock is no longer promised, so the payment is refused.
    if order.expires_at <= now {
        return Err(DomainError::invalid(
            &["orderId"],
            Code::OrderExpired.as_str(),
            Message::new(
                "订单已超时关闭，库存已释放",
                "the order expired and its stock was released",
            ),
        ));
    }
    if input.amount != order.total_fen {
        return Err(DomainError::invalid(
            &["amount"],
            Code::AmountMismatch.as_str(),
            Message::new(
                format!("支付金额须等于订单金额 {} 元", order.total_fen.yuan()),
                format!(
                    "the amount must equal the order total, {} yuan",
                    order.total_fen.yuan()
                ),
            ),
        ));
    }
    // The order row is locked and unpaid: this is the one confirmation, so the UPDATE names the
    // row by its id alone. (A `payment_status = 'UNPAID'` filter beside it once led PostgreSQL's
    // generic plan to the expiry index on (payment_status, expires_at), walking every unpaid
    // order's index entry, live or dead, to find this one.)
    let mark_paid = order::Entity::update_many()
        .col_expr(
            order::Column::PaymentStatus,
            Expr::value(PaymentStatus::Paid),
        )
        .col_expr(order::Column::PaidFen, Expr::value(order.total_fen))
        .col_expr(order::Column::PaidAt, Expr::value(input.paid_at))
        .col_expr(
            order::Column::PaymentReference,
            Expr::value(reference.clone()),
        )
        .col_expr(order::Column::UpdatedAt, Expr::value(now))
        .filter(order::Column::Id.eq(order.id))
        .into_query();

    let sales = lines
        .iter()
        .map(|l| Sale {
            source: Source::OrderLine,
            source_ref: l.id.to_string(),
            channel: order_channel(&order),
            occurred_at: input.paid_at,
            product_id: l.product_id,
            amounts: Amounts::new(l.quantity, l.grams, l.amount_fen),
            buyer: Buyer {
                household_id: Some(order.household_id),
                ..Buyer::default()
            },
            recorded_by: actor.subject.clone(),
        })
        .collect();
    // No product row is locked here: the stock is committed last, by the caller, so a hot
    // product waits only for that UPDATE and the commit.
    let entries = ledger::attribution::resolve(txn, sales).await?;
    let commits: Vec<KnownLine> = lines
        .iter()
        .map(|l| KnownLine {
            product_id: l.product_id,
            supplier_id: l.supplier_id,
            quantity: l.quantity,
        })
        .collect();
    let (recorded, entry_rows) = ledger::record::prepare(txn, entries).await?;

    // What the UPDATE above writes, without reading the row back (times to the microsecond,
    // as the databases keep them).
    let paid = order::Model {
        payment_status: PaymentStatus::Paid,
        paid_fen: order.total_fen,
        paid_at: Some(input.paid_at.trunc_subsecs(6)),
        payment_reference: reference,
        updated_at: now.trunc_subsecs(6),
        ..order
    };
    let event_rows = crate::events::rows(
        clock,
        &paid,
        EventKind::Paid,
        &actor.subject,
        serde_json::json!({
            "reference": paid.payment_reference,
            "amountFen": paid.paid_fen.0,
            "paidAt": input.paid_at,
            "ledgerEntries": recorded.iter().map(|e| e.id).collect::<Vec<_>>(),
        }),
    )?;
    let mut writes: Vec<SubQueryStatement> = vec![mark_paid.into()];
    writes.extend(entry_rows.into_iter().map(Into::into));
    writes.extend(link_entries(&recorded).map(Into::into));
    writes.extend(event_rows.into_iter().map(Into::into));
    Ok(Settled {
        order: paid,
        commits,
        writes,
    })
}

/// Writes each line's ledger entry onto it, all lines in one UPDATE (`CASE id WHEN … THEN …`);
/// none without entries.
fn link_entries(recorded: &[ledger::entity::entry::Model]) -> Option<UpdateStatement> {
    let links: Vec<(Uuid, Uuid)> = recorded
        .iter()
        .filter_map(|e| Some((e.source_ref.parse::<Uuid>().ok()?, e.id)))
        .collect();
    let ((first_line, first_entry), rest) = links.split_first()?;
    let mut case = CaseStatement::new().case(
        Expr::col(line::Column::Id).eq(*first_line),
        Expr::value(Some(*first_entry)),
    );
    for (line_id, entry_id) in rest {
        case = case.case(
            Expr::col(line::Column::Id).eq(*line_id),
            Expr::value(Some(*entry_id)),
        );
    }
    Some(
        line::Entity::update_many()
            .col_expr(line::Column::LedgerEntryId, case.into())
            .filter(line::Column::Id.is_in(links.iter().map(|(l, _)| *l)))
            .into_query(),
    )
}
