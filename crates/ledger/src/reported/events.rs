//! The review events written to the outbox with the review: `sales_report.verified` and
//! `sales_report.rejected`, one per reported row. The payload is the row as the API shows it
//! (no personal data: a row names its project and product, not a buyer), so the reporting
//! enterprise, its association and the platform get the same.

use kernel::outbox::{NewEvent, Tenants, enqueue};
use kernel::{Clock, DomainResult, EventType, GlobalId};
use sea_orm::{ActiveEnum, DatabaseTransaction};
use serde_json::json;

use crate::entity::reported_row::{Model as Row, ReportedStatus};

/// Writes the event of `row`'s new status in the caller's transaction.
pub async fn publish(txn: &DatabaseTransaction, clock: &Clock, row: &Row) -> DomainResult<()> {
    let event = match row.status {
        ReportedStatus::Verified => EventType::SalesReportVerified,
        ReportedStatus::Rejected => EventType::SalesReportRejected,
        ReportedStatus::Reported => return Ok(()),
    };
    let gid = |t: &'static str, id| GlobalId::new(t, id).to_string();
    let payload = json!({
        "id": gid("ReportedRow", row.id),
        "batch": {"id": gid("ReportedBatch", row.batch_id)},
        "enterprise": {"id": gid("Enterprise", row.enterprise_id)},
        "association": row.association_id.map(|a| json!({"id": gid("Association", a)})),
        "externalOrderId": row.external_order_id,
        "externalLine": row.external_line,
        "soldOn": row.sold_on,
        "project": {"id": gid("Project", row.project_id)},
        "product": row.product_id.map(|p| json!({"id": gid("Product", p)})),
        "quantity": row.quantity,
        "grams": row.grams.0,
        "jin": row.grams.jin(),
        "fen": row.fen.0,
        "channel": row.channel.as_str(),
        "status": row.status.to_value(),
        "reviewReason": row.review_reason,
        "reviewedAt": row.reviewed_at,
        "ledgerEntry": row.entry_id.map(|e| json!({"id": gid("LedgerEntry", e)})),
    });
    enqueue(
        txn,
        clock,
        NewEvent {
            event_type: event.as_str().to_owned(),
            aggregate_type: "ReportedRow".to_owned(),
            aggregate_id: row.id,
            tenants: Tenants {
                enterprise_id: Some(row.enterprise_id),
                association_id: row.association_id,
                supplier_id: None,
            },
            payload,
            occurred_at: row.reviewed_at.unwrap_or_else(|| clock.now()),
        },
    )
    .await?;
    Ok(())
}
