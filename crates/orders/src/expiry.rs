//! The expiry sweep: unpaid orders past their expiry are closed and their stock released, by a
//! background task the server starts (and whenever a request touches such an order, see
//! [`crate::commands`]). Each order expires in a transaction of its own, so one slow or failing
//! order never holds back the others, and the sweep touches no row every order shares.

use std::time::Duration;

use kernel::{Clock, DomainResult};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use crate::entity::order::{self, PaymentStatus};

/// Orders looked at per round of the sweep.
pub const BATCH: u64 = 200;

/// Expires every due order (in rounds of [`BATCH`]); returns how many it expired.
pub async fn sweep(db: &DatabaseConnection, clock: &Clock) -> DomainResult<u64> {
    let mut expired = 0;
    loop {
        let due: Vec<Uuid> = order::Entity::find()
            .select_only()
            .column(order::Column::Id)
            .filter(order::Column::PaymentStatus.eq(PaymentStatus::Unpaid))
            .filter(order::Column::ExpiresAt.lte(clock.now()))
            .order_by_asc(order::Column::ExpiresAt)
            .limit(BATCH)
            .into_tuple()
            .all(db)
            .await?;
        let round = due.len() as u64;
        for id in due {
            let done = kernel::db::write(db, async |txn| {
                crate::close::expire_if_due(txn, clock, id).await
            })
            .await?;
            expired += u64::from(done);
        }
        if round < BATCH {
            return Ok(expired);
        }
    }
}

/// Runs [`sweep`] every `interval` until the task is aborted; failures are logged and the
/// next round tries again.
pub fn spawn(
    db: DatabaseConnection,
    clock: Clock,
    interval: Duration,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(interval);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match sweep(&db, &clock).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(expired = n, "expired unpaid orders"),
                Err(e) => tracing::warn!(error = %e, "order expiry sweep failed"),
            }
        }
    })
}
