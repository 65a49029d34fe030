//! The enlistment events written to the outbox with the decision: `enlistment.returned` and
//! `enlistment.confirmed`. The payload is the enlistment without its form (the form carries
//! contacts, which the API masks for some readers): a receiver reads the form through the API
//! with the id when it needs it, and sees it as its own credential may.

use kernel::outbox::{NewEvent, Tenants, enqueue};
use kernel::{Clock, DomainResult, EventType, GlobalId};
use sea_orm::{ActiveEnum, DatabaseTransaction};
use serde_json::json;

use crate::entity::enlistment::{EnlistmentKind, Model};

/// Writes `event` about enlistment `m` in the caller's transaction.
pub async fn publish(
    txn: &DatabaseTransaction,
    clock: &Clock,
    event: EventType,
    m: &Model,
) -> DomainResult<()> {
    let org_type = match m.org_kind {
        EnlistmentKind::Association => "Association",
        EnlistmentKind::Enterprise => "Enterprise",
    };
    let payload = json!({
        "id": GlobalId::new("Enlistment", m.id).to_string(),
        "campaign": {"id": GlobalId::new("Campaign", m.campaign_id).to_string()},
        "kind": m.org_kind.to_value(),
        "organisation": {"id": GlobalId::new(org_type, m.org_id).to_string()},
        "state": m.state.to_value(),
        "returnReason": m.return_reason,
        "submittedAt": m.submitted_at,
        "decidedAt": m.decided_at,
        "createdAt": m.created_at,
        "updatedAt": m.updated_at,
    });
    enqueue(
        txn,
        clock,
        NewEvent {
            event_type: event.as_str().to_owned(),
            aggregate_type: "Enlistment".to_owned(),
            aggregate_id: m.id,
            tenants: Tenants {
                enterprise_id: m.enterprise_id,
                association_id: m.association_id,
                supplier_id: None,
            },
            payload,
            occurred_at: m.updated_at,
        },
    )
    .await?;
    Ok(())
}
