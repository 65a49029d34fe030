//! The body of a delivery: the event as the subscriber receives it.
//!
//! ```json
//! {"id": "…", "type": "certification.listed", "timestamp": "2026-12-02T09:00:00Z",
//!  "occurredAt": "2026-12-02T09:00:00Z", "apiVersion": "2026-12-01", "data": {…}}
//! ```
//!
//! `type`, `timestamp` and `data` are the fields Standard Webhooks recommends; `id` equals the
//! `webhook-id` header (the same on every retry and redelivery, for de-duplication);
//! `occurredAt` is when the change happened (the same as `timestamp`); `data` is the object as
//! the API shows it, written by the producer in the transaction of the change.

use kernel::event_type::API_VERSION;
use kernel::outbox::entity::Model as Event;
use serde_json::json;

/// The id sent as `webhook-id` and `id`.
pub fn message_id(event: &Event) -> String {
    format!("evt_{}", event.id.simple())
}

/// The JSON body, as bytes (signed as they are sent).
pub fn body(event: &Event) -> Vec<u8> {
    let occurred = event
        .occurred_at
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    json!({
        "id": message_id(event),
        "type": event.event_type,
        "timestamp": occurred,
        "occurredAt": occurred,
        "apiVersion": API_VERSION,
        "data": event.payload,
    })
    .to_string()
    .into_bytes()
}
