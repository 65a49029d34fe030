//! One use case under an idempotency key, as `orders::commands` runs its own: one write
//! transaction that claims the key first (scoped to the credential, `orders::commands::scope`),
//! runs the writer, stores what identifies the result with the key and commits. The same key
//! with the same input answers the stored result as it is now (`replayed`); with another input
//! it is IDEMPOTENCY_KEY_REUSED; a request that fails leaves its key unused.

use kernel::idempotency::{self, Claim, Fingerprint, Request};
use kernel::{Actor, Clock, DomainResult};
use sea_orm::{DatabaseConnection, DatabaseTransaction};
use serde::Serialize;

/// Runs `work` under `key` (if any). `stored` says what to keep of the result (ids), `replay`
/// reads the result back from it.
#[expect(
    clippy::too_many_arguments,
    reason = "the use case, its key and its two directions of storage"
)]
pub async fn run<I: Serialize, T>(
    db: &DatabaseConnection,
    actor: &Actor,
    clock: &Clock,
    operation: &str,
    key: Option<&str>,
    input: &I,
    work: impl AsyncFnOnce(&DatabaseTransaction) -> DomainResult<T>,
    stored: impl FnOnce(&T) -> serde_json::Value,
    replay: impl AsyncFnOnce(&DatabaseTransaction, serde_json::Value) -> DomainResult<T>,
) -> DomainResult<(T, bool)> {
    let fingerprint = Fingerprint::of(input)?;
    let scope = orders::commands::scope(actor);
    let txn = kernel::db::begin_write(db).await?;
    let result = async {
        let ticket = match key {
            None => None,
            Some(key) => {
                let request = Request {
                    scope: &scope,
                    operation,
                    key,
                    fingerprint,
                };
                match idempotency::claim(&txn, clock, &request).await? {
                    Claim::Fresh(ticket) => Some(ticket),
                    Claim::Mismatch => return Err(idempotency::key_reused()),
                    Claim::Replay(value) => return Ok((replay(&txn, value).await?, true)),
                }
            }
        };
        let done = work(&txn).await?;
        if let Some(ticket) = ticket {
            idempotency::complete(&txn, ticket, &stored(&done)).await?;
        }
        Ok((done, false))
    }
    .await;
    kernel::db::finish(txn, result).await
}

/// A uuid stored under `name` in a kept result.
pub fn id_in(stored: &serde_json::Value, name: &str) -> Option<uuid::Uuid> {
    stored
        .get(name)
        .and_then(|v| v.as_str())
        .and_then(|s| s.parse().ok())
}
