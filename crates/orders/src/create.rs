//! Writing a new order: the order row, its lines and its PLACED event, from lines whose price
//! and weight the caller has settled. [`crate::place`] uses it for a resident's order (and
//! reserves the stock after); a group buy's closing uses it for each join, whose stock the join
//! reserved already, so the reservation simply passes to the order.

use chrono::{SubsecRound, TimeDelta};
use kernel::{Clock, DomainResult, Fen, Grams};
use products::entity::store::StoreKind;
use sea_orm::{DatabaseTransaction, EntityTrait, QueryTrait, Set};
use uuid::Uuid;

use crate::entity::event::EventKind;
use crate::entity::order::{DeliveryMethod, FulfilmentStatus, PaymentStatus};
use crate::entity::{line, order};

/// One line of a [`NewOrder`]: the price and weight it is sold at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLine {
    pub listing_id: Uuid,
    pub product_id: Uuid,
    pub supplier_id: Uuid,
    pub quantity: i64,
    pub unit_price: Fen,
    pub unit_grams: Grams,
}

/// An order as [`insert`] writes it, checked by its caller: [`place`] for a resident's order,
/// a group buy's closing for each join (at the group price, with the join's reservation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOrder {
    pub enterprise_id: Uuid,
    pub project_id: Uuid,
    pub household_id: Uuid,
    pub store_id: Uuid,
    pub store_kind: StoreKind,
    pub delivery_method: DeliveryMethod,
    pub pickup_point: Option<String>,
    pub recipient_name: Option<String>,
    pub recipient_phone: Option<String>,
    pub delivery_address: Option<String>,
    pub note: Option<String>,
    pub group_buy_id: Option<Uuid>,
    pub placed_by: String,
    pub lines: Vec<NewLine>,
}

/// Writes an unpaid order, its lines and its PLACED event in the caller's transaction; it
/// reserves no stock (the caller has, or does next). `window` is how long it waits for the
/// payment.
pub async fn insert(
    txn: &DatabaseTransaction,
    clock: &Clock,
    window: TimeDelta,
    new: NewOrder,
) -> DomainResult<order::Model> {
    // To the microsecond, as the databases keep it: the order answered is the order stored,
    // without reading it back.
    let now = clock.now().trunc_subsecs(6);
    let id = kernel::new_id();
    let hosted = new.store_kind == StoreKind::Hosted;
    let mut lines = Vec::with_capacity(new.lines.len());
    let (mut total_fen, mut total_grams) = (Fen::ZERO, Grams(0));
    for (i, l) in new.lines.iter().enumerate() {
        let amount = Fen(l.unit_price.0 * l.quantity);
        let grams = Grams(l.unit_grams.0 * l.quantity);
        total_fen += amount;
        total_grams += grams;
        lines.push(line::ActiveModel {
            id: Set(kernel::new_id()),
            order_id: Set(id),
            line_index: Set(i32::try_from(i).unwrap_or(i32::MAX)),
            enterprise_id: Set(new.enterprise_id),
            household_id: Set(new.household_id),
            supplier_id: Set(l.supplier_id),
            hosted: Set(hosted),
            listing_id: Set(l.listing_id),
            product_id: Set(l.product_id),
            quantity: Set(l.quantity),
            unit_price_fen: Set(l.unit_price),
            unit_grams: Set(l.unit_grams),
            amount_fen: Set(amount),
            grams: Set(grams),
            refunded_quantity: Set(0),
            refunded_fen: Set(Fen::ZERO),
            restocked_quantity: Set(0),
            ledger_entry_id: Set(None),
            carrier: Set(None),
            tracking_number: Set(None),
            shipped_at: Set(None),
        });
    }
    let line_count = lines.len();
    let order = order::Model {
        id,
        enterprise_id: new.enterprise_id,
        project_id: new.project_id,
        household_id: new.household_id,
        store_id: new.store_id,
        store_kind: new.store_kind,
        payment_status: PaymentStatus::Unpaid,
        fulfilment_status: FulfilmentStatus::Unfulfilled,
        delivery_method: new.delivery_method,
        pickup_point: new.pickup_point,
        recipient_name: new.recipient_name,
        recipient_phone: new.recipient_phone,
        delivery_address: new.delivery_address,
        note: new.note,
        total_fen,
        total_grams,
        paid_fen: Fen::ZERO,
        refunded_fen: Fen::ZERO,
        payment_reference: None,
        paid_at: None,
        expires_at: now + window,
        closed_reason: None,
        pickup_code: None,
        picked_up_at: None,
        picked_up_by: None,
        placed_by: new.placed_by.clone(),
        created_at: now,
        updated_at: now,
        group_buy_id: new.group_buy_id,
    };
    let mut detail = serde_json::json!({ "lines": line_count, "totalFen": total_fen.0 });
    if let Some(group_buy) = new.group_buy_id {
        detail["groupBuyId"] = serde_json::json!(group_buy);
    }
    // The order, its lines, its event and its outbox row in one round trip on PostgreSQL.
    let mut rows = vec![
        order::Entity::insert(order::ActiveModel::from(order.clone())).into_query(),
        line::Entity::insert_many(lines).into_query(),
    ];
    rows.extend(crate::events::rows(
        clock,
        &order,
        EventKind::Placed,
        &new.placed_by,
        detail,
    )?);
    kernel::db::insert_together(txn, rows).await?;
    Ok(order)
}
