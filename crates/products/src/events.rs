//! The certification events written to the outbox with the change (see `kernel::outbox`):
//! `certification.decided`, `.listed` and `.suspended` (and `.expiring`, see
//! [`crate::expiring`]). The payload is the certification as
//! the API shows it; it carries no personal data, so every subscriber that may read the
//! certification (its supplier, the platform, the alliance's operators) gets the same.

use chrono::{DateTime, Utc};
use kernel::outbox::{NewEvent, Tenants, enqueue};
use kernel::{Clock, DomainResult, EventType, GlobalId};
use sea_orm::{ActiveEnum, DatabaseTransaction};
use serde_json::json;

use crate::entity::certification::Model;

/// Writes `event` about certification `m` in the caller's transaction (it happened when the
/// certification last changed).
pub async fn certification(
    txn: &DatabaseTransaction,
    clock: &Clock,
    event: EventType,
    m: &Model,
    comment: Option<&str>,
) -> DomainResult<()> {
    certification_at(txn, clock, event, m, comment, m.updated_at).await
}

/// [`certification`] for an event that happened at `occurred_at` without changing the row
/// (`certification.expiring`).
pub async fn certification_at(
    txn: &DatabaseTransaction,
    clock: &Clock,
    event: EventType,
    m: &Model,
    comment: Option<&str>,
    occurred_at: DateTime<Utc>,
) -> DomainResult<()> {
    let payload = json!({
        "id": GlobalId::new("Certification", m.id).to_string(),
        "product": {"id": GlobalId::new("Product", m.product_id).to_string()},
        "supplier": {"id": GlobalId::new("Supplier", m.supplier_id).to_string()},
        "state": m.state.to_value(),
        "comment": comment,
        "publicityEndsOn": m.publicity_ends_on,
        "catalogueBatch": m.catalogue_batch,
        "certificateNo": m.certificate_no,
        "validFrom": m.valid_from,
        "validTo": m.valid_to,
        "createdAt": m.created_at,
        "updatedAt": m.updated_at,
    });
    enqueue(
        txn,
        clock,
        NewEvent {
            event_type: event.as_str().to_owned(),
            aggregate_type: "Certification".to_owned(),
            aggregate_id: m.id,
            tenants: Tenants {
                supplier_id: Some(m.supplier_id),
                ..Tenants::default()
            },
            payload,
            occurred_at,
        },
    )
    .await?;
    Ok(())
}
