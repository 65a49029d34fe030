//! 履约: a paid delivery order is shipped line by line (carrier and tracking number) by the
//! supplier of the lines or the store's side, then delivered; a paid pickup order is made ready
//! for pickup, which gives it a pickup code (核销码: a short code and a QR payload) that the
//! project's staff redeem once when the resident collects.

use kernel::error::{Problems, required_text};
use kernel::{Actor, Clock, DomainError, DomainResult, Message, Role};
use participants::access::require_role;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QuerySelect};
use serde::Serialize;
use uuid::Uuid;

use crate::OrderErrorCode as Code;
use crate::access::{redeems, runs_store};
use crate::entity::event::EventKind;
use crate::entity::line;
use crate::entity::order::{self, DeliveryMethod, FulfilmentStatus};
use crate::place::locked;

/// The prefix of a pickup code's QR payload.
pub const QR_PREFIX: &str = "yijin:pickup:";

/// The QR payload of a pickup code.
pub fn qr_payload(code: &str) -> String {
    format!("{QR_PREFIX}{code}")
}

/// `fulfilOrderShipped`'s input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ship {
    pub order_id: Uuid,
    /// `None`: every line the caller ships that is not shipped yet.
    pub line_ids: Option<Vec<Uuid>>,
    pub carrier: String,
    pub tracking_number: String,
}

fn transition(zh: &str, en: &str) -> DomainError {
    DomainError::invalid(
        &["orderId"],
        Code::InvalidTransition.as_str(),
        Message::new(zh, en),
    )
}

fn wrong_method(zh: &str, en: &str) -> DomainError {
    DomainError::invalid(
        &["orderId"],
        Code::WrongDeliveryMethod.as_str(),
        Message::new(zh, en),
    )
}

fn require_paid(order: &order::Model) -> DomainResult<()> {
    if order.payment_status.is_paid() {
        Ok(())
    } else {
        Err(transition(
            "订单未支付或已全额退款",
            "the order is not paid, or wholly refunded",
        ))
    }
}

/// Whether the actor ships this line: its supplier, or the store's side.
fn ships(actor: &Actor, order: &order::Model, line: &line::Model) -> bool {
    match actor.role {
        Role::Supplier => actor.supplier_id() == Some(line.supplier_id),
        _ => runs_store(actor, order),
    }
}

const SHIPPERS: &[Role] = &[
    Role::Supplier,
    Role::Operator,
    Role::EnterpriseAdmin,
    Role::PlatformAdmin,
];

async fn reload(txn: &DatabaseTransaction, id: Uuid) -> DomainResult<order::Model> {
    order::Entity::find_by_id(id)
        .one(txn)
        .await?
        .ok_or(DomainError::NotFound)
}

/// Marks lines shipped; the order is SHIPPED once every line is.
pub async fn ship(
    txn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    input: Ship,
) -> DomainResult<order::Model> {
    require_role(actor, SHIPPERS)?;
    let mut problems = Problems::new();
    let carrier = problems.take(required_text(&["carrier"], &input.carrier, 50));
    let tracking = problems.take(required_text(
        &["trackingNumber"],
        &input.tracking_number,
        50,
    ));
    problems.finish()?;
    let order = locked(txn, actor, input.order_id).await?;
    if order.delivery_method != DeliveryMethod::Delivery {
        return Err(wrong_method(
            "自提订单无需发货",
            "a pickup order is not shipped",
        ));
    }
    require_paid(&order)?;
    let lines = line::Entity::find()
        .filter(line::Column::OrderId.eq(order.id))
        .all(txn)
        .await?;
    let chosen: Vec<&line::Model> = match &input.line_ids {
        Some(ids) => {
            let mut chosen = Vec::new();
            for (i, id) in ids.iter().enumerate() {
                match lines
                    .iter()
                    .find(|l| l.id == *id && ships(actor, &order, l))
                {
                    Some(l) => chosen.push(l),
                    None => {
                        return Err(DomainError::invalid(
                            &["lineIds", &i.to_string()],
                            Code::UnknownReference.as_str(),
                            Message::new(
                                "订单中没有您可发货的该行",
                                "no such line of yours in this order",
                            ),
                        ));
                    }
                }
            }
            chosen
        }
        None => lines.iter().filter(|l| ships(actor, &order, l)).collect(),
    };
    let chosen: Vec<Uuid> = chosen
        .into_iter()
        .filter(|l| l.shipped_at.is_none() && l.remaining() > 0)
        .map(|l| l.id)
        .collect();
    if chosen.is_empty() {
        return Err(transition(
            "没有待发货的行",
            "no line is waiting to be shipped",
        ));
    }
    let now = clock.now();
    line::Entity::update_many()
        .col_expr(line::Column::Carrier, Expr::value(carrier))
        .col_expr(line::Column::TrackingNumber, Expr::value(tracking))
        .col_expr(line::Column::ShippedAt, Expr::value(Some(now)))
        .filter(line::Column::Id.is_in(chosen.clone()))
        .exec(txn)
        .await?;
    let unshipped = lines
        .iter()
        .filter(|l| l.shipped_at.is_none() && l.remaining() > 0 && !chosen.contains(&l.id))
        .count();
    if unshipped == 0 {
        order::Entity::update_many()
            .col_expr(
                order::Column::FulfilmentStatus,
                Expr::value(FulfilmentStatus::Shipped),
            )
            .col_expr(order::Column::UpdatedAt, Expr::value(now))
            .filter(order::Column::Id.eq(order.id))
            .exec(txn)
            .await?;
    }
    let after = reload(txn, order.id).await?;
    crate::events::log(
        txn,
        clock,
        &after,
        EventKind::Shipped,
        &actor.subject,
        serde_json::json!({ "lines": chosen, "carrier": input.carrier.trim(), "trackingNumber": input.tracking_number.trim() }),
    )
    .await?;
    Ok(after)
}

/// A fresh 8-digit pickup code, from the random bits of a UUIDv7.
fn new_code() -> String {
    let bytes = kernel::new_id().into_bytes();
    let mut tail = [0u8; 8];
    tail.copy_from_slice(&bytes[8..]);
    format!("{:08}", u64::from_be_bytes(tail) % 100_000_000)
}

/// How many fresh codes one order tries. Codes are unique over every order ever made ready (a
/// unique index), so a collision grows likelier as the table fills (1 % at a million codes);
/// five in a row means something else is wrong, and the order answers CONFLICT.
pub const PICKUP_CODE_ATTEMPTS: usize = 5;

/// Marks the order ready with a fresh code, trying another code when one is taken. The update
/// writes a code only when no order holds it (one conditional statement, so a taken code never
/// raises an error that would end the caller's transaction on PostgreSQL); the unique index
/// still decides between two orders racing for the same code, and the loser answers CONFLICT.
async fn assign_code(
    txn: &DatabaseTransaction,
    clock: &Clock,
    order_id: Uuid,
    codes: &mut impl FnMut() -> String,
) -> DomainResult<()> {
    let now = clock.now();
    let taken = Alias::new("taken");
    for _ in 0..PICKUP_CODE_ATTEMPTS {
        let code = codes();
        let holder = Query::select()
            .expr(Expr::val(1))
            .from_as(order::Entity, taken.clone())
            .and_where(Expr::col((taken.clone(), order::Column::PickupCode)).eq(code.as_str()))
            .to_owned();
        let written = order::Entity::update_many()
            .col_expr(
                order::Column::FulfilmentStatus,
                Expr::value(FulfilmentStatus::ReadyForPickup),
            )
            .col_expr(order::Column::PickupCode, Expr::value(Some(code)))
            .col_expr(order::Column::UpdatedAt, Expr::value(now))
            .filter(order::Column::Id.eq(order_id))
            .filter(Expr::exists(holder).not())
            .exec(txn)
            .await?;
        if written.rows_affected == 1 {
            return Ok(());
        }
    }
    tracing::warn!(%order_id, "no free pickup code in {PICKUP_CODE_ATTEMPTS} tries");
    Err(DomainError::Conflict)
}

/// Makes a paid pickup order ready for pickup and gives it its pickup code.
pub async fn ready_for_pickup(
    txn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    order_id: Uuid,
) -> DomainResult<order::Model> {
    ready_for_pickup_with_codes(txn, actor, clock, order_id, &mut new_code).await
}

/// [`ready_for_pickup`] drawing its candidate codes from `codes` (tests make them collide).
pub async fn ready_for_pickup_with_codes(
    txn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    order_id: Uuid,
    codes: &mut impl FnMut() -> String,
) -> DomainResult<order::Model> {
    require_role(actor, SHIPPERS)?;
    let order = locked(txn, actor, order_id).await?;
    let lines = line::Entity::find()
        .filter(line::Column::OrderId.eq(order.id))
        .all(txn)
        .await?;
    if !(runs_store(actor, &order) || lines.iter().all(|l| ships(actor, &order, l))) {
        return Err(DomainError::Forbidden);
    }
    if order.delivery_method != DeliveryMethod::Pickup {
        return Err(wrong_method(
            "配送订单没有核销码",
            "a delivery order has no pickup code",
        ));
    }
    require_paid(&order)?;
    if order.fulfilment_status != FulfilmentStatus::Unfulfilled {
        return Err(transition(
            "订单已备货或已完成",
            "the order is ready or done already",
        ));
    }
    assign_code(txn, clock, order.id, codes).await?;
    let after = reload(txn, order.id).await?;
    crate::events::log(
        txn,
        clock,
        &after,
        EventKind::ReadyForPickup,
        &actor.subject,
        serde_json::json!({ "pickupPoint": after.pickup_point }),
    )
    .await?;
    Ok(after)
}

/// Marks a shipped order delivered (the store's side, a supplier of its lines, or the
/// company's APP reporting the resident's receipt).
pub async fn delivered(
    txn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    order_id: Uuid,
) -> DomainResult<order::Model> {
    require_role(
        actor,
        &[
            Role::Supplier,
            Role::Operator,
            Role::EnterpriseAdmin,
            Role::EnterpriseApp,
            Role::PlatformAdmin,
        ],
    )?;
    let order = locked(txn, actor, order_id).await?;
    let allowed = match actor.role {
        Role::EnterpriseApp => crate::access::collects(actor, &order),
        // A supplier sees only orders holding its lines.
        Role::Supplier => true,
        _ => runs_store(actor, &order),
    };
    if !allowed {
        return Err(DomainError::Forbidden);
    }
    if order.fulfilment_status != FulfilmentStatus::Shipped {
        return Err(transition(
            "只有已发货的订单可以签收",
            "only a shipped order can be delivered",
        ));
    }
    let now = clock.now();
    order::Entity::update_many()
        .col_expr(
            order::Column::FulfilmentStatus,
            Expr::value(FulfilmentStatus::Delivered),
        )
        .col_expr(order::Column::UpdatedAt, Expr::value(now))
        .filter(order::Column::Id.eq(order.id))
        .exec(txn)
        .await?;
    let after = reload(txn, order.id).await?;
    crate::events::log(
        txn,
        clock,
        &after,
        EventKind::Delivered,
        &actor.subject,
        serde_json::json!({}),
    )
    .await?;
    Ok(after)
}

/// `redeemPickupCode`'s input: the short code or the QR payload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Redeem {
    pub code: String,
}

/// Redeems a pickup code, once: the order is PICKED_UP. Only the project's staff (the
/// enterprise's admins or APP) redeem; a code of another enterprise is unknown to them.
pub async fn redeem(
    txn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    input: Redeem,
) -> DomainResult<order::Model> {
    require_role(
        actor,
        &[
            Role::EnterpriseAdmin,
            Role::EnterpriseApp,
            Role::PlatformAdmin,
        ],
    )?;
    let raw = input.code.trim();
    let code = raw.strip_prefix(QR_PREFIX).unwrap_or(raw);
    let invalid = || {
        DomainError::invalid(
            &["code"],
            Code::InvalidPickupCode.as_str(),
            Message::new("核销码无效", "no order waits for pickup with this code"),
        )
    };
    if code.is_empty() || code.len() > 16 {
        return Err(invalid());
    }
    let order = order::Entity::find()
        .filter(order::Column::PickupCode.eq(code))
        .filter(crate::access::visible_orders(actor))
        .lock_exclusive()
        .one(txn)
        .await?
        .filter(|o| redeems(actor, o))
        .ok_or_else(invalid)?;
    match order.fulfilment_status {
        FulfilmentStatus::ReadyForPickup => {}
        FulfilmentStatus::PickedUp => {
            return Err(DomainError::invalid(
                &["code"],
                Code::AlreadyRedeemed.as_str(),
                Message::new("该核销码已核销", "this pickup code was redeemed already"),
            ));
        }
        _ => return Err(invalid()),
    }
    require_paid(&order).map_err(|_| invalid())?;
    let now = clock.now();
    order::Entity::update_many()
        .col_expr(
            order::Column::FulfilmentStatus,
            Expr::value(FulfilmentStatus::PickedUp),
        )
        .col_expr(order::Column::PickedUpAt, Expr::value(Some(now)))
        .col_expr(
            order::Column::PickedUpBy,
            Expr::value(Some(actor.subject.clone())),
        )
        .col_expr(order::Column::UpdatedAt, Expr::value(now))
        .filter(order::Column::Id.eq(order.id))
        .filter(order::Column::FulfilmentStatus.eq(FulfilmentStatus::ReadyForPickup))
        .exec(txn)
        .await?;
    let after = reload(txn, order.id).await?;
    crate::events::log(
        txn,
        clock,
        &after,
        EventKind::PickedUp,
        &actor.subject,
        serde_json::json!({}),
    )
    .await?;
    Ok(after)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pickup_codes_are_eight_digits_and_their_qr_payload_names_them() {
        let code = new_code();
        assert_eq!(code.len(), 8);
        assert!(code.chars().all(|c| c.is_ascii_digit()));
        assert_eq!(
            qr_payload(&code).strip_prefix(QR_PREFIX),
            Some(code.as_str())
        );
    }
}
