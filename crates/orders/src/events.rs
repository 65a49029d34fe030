//! The order's history: every change writes an event row and an outbox row (for the company's
//! webhooks) in the same transaction as the change.

use kernel::outbox::{NewEvent, Tenants};
use kernel::{Clock, DomainResult};
use sea_orm::{DatabaseTransaction, Set};

use crate::entity::event::{self, EventKind};
use crate::entity::order;

/// The aggregate type of order events in the outbox.
pub const AGGREGATE: &str = "Order";

/// Records `kind` for `order`, by `actor` (a subject), with `detail` (one round trip on
/// PostgreSQL).
pub async fn log(
    txn: &DatabaseTransaction,
    clock: &Clock,
    order: &order::Model,
    kind: EventKind,
    actor: &str,
    detail: serde_json::Value,
) -> DomainResult<()> {
    let rows = rows(clock, order, kind, actor, detail)?;
    kernel::db::insert_together(txn, rows).await?;
    Ok(())
}

/// The INSERTs of [`log`] (the event row and its outbox row), for a caller that writes them
/// together with others ([`kernel::db::insert_together`]).
pub fn rows(
    clock: &Clock,
    order: &order::Model,
    kind: EventKind,
    actor: &str,
    detail: serde_json::Value,
) -> DomainResult<Vec<sea_orm::sea_query::InsertStatement>> {
    use sea_orm::{EntityTrait, QueryTrait};
    let at = clock.now();
    let event_row = event::Entity::insert(event::ActiveModel {
        id: Set(kernel::new_id()),
        order_id: Set(order.id),
        enterprise_id: Set(order.enterprise_id),
        kind: Set(kind),
        actor: Set(actor.to_owned()),
        detail: Set(detail.clone()),
        at: Set(at),
    })
    .into_query();
    let outbox_row = kernel::outbox::enqueue_statement(
        clock,
        NewEvent {
            event_type: kind.event_type().as_str().to_owned(),
            aggregate_type: AGGREGATE.to_owned(),
            aggregate_id: order.id,
            tenants: Tenants {
                enterprise_id: Some(order.enterprise_id),
                ..Tenants::default()
            },
            payload: serde_json::json!({
                "orderId": order.id,
                "paymentStatus": sea_orm::ActiveEnum::to_value(&order.payment_status),
                "fulfilmentStatus": sea_orm::ActiveEnum::to_value(&order.fulfilment_status),
                "detail": detail,
            }),
            occurred_at: at,
        },
    )?;
    Ok(vec![event_row, outbox_row])
}
