//! The order's history: every change writes an event row and an outbox row (for the company's
//! webhooks) in the same transaction as the change.

use kernel::outbox::{NewEvent, Tenants};
use kernel::{Clock, DomainResult};
use sea_orm::{ActiveModelTrait, DatabaseTransaction, Set};

use crate::entity::event::{self, EventKind};
use crate::entity::order;

/// The aggregate type of order events in the outbox.
pub const AGGREGATE: &str = "Order";

/// Records `kind` for `order`, by `actor` (a subject), with `detail`.
pub async fn log(
    txn: &DatabaseTransaction,
    clock: &Clock,
    order: &order::Model,
    kind: EventKind,
    actor: &str,
    detail: serde_json::Value,
) -> DomainResult<()> {
    let at = clock.now();
    event::ActiveModel {
        id: Set(kernel::new_id()),
        order_id: Set(order.id),
        enterprise_id: Set(order.enterprise_id),
        kind: Set(kind),
        actor: Set(actor.to_owned()),
        detail: Set(detail.clone()),
        at: Set(at),
    }
    .insert(txn)
    .await?;
    kernel::outbox::enqueue(
        txn,
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
    )
    .await?;
    Ok(())
}
