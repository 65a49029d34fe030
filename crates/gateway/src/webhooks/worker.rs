//! 投递工作者: the background task that delivers webhooks. Each round it fans pending outbox
//! events out into attempts, claims due attempts under a lease, sends them concurrently and
//! records every answer in one transaction. Any number of workers (in one process or many) may
//! run against one database: claims never overlap, and a dead worker's claims lapse.

use kernel::Clock;
use sea_orm::DatabaseConnection;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use super::sender::Sender;
use crate::config::WebhookConfig;

/// Events fanned out per transaction.
const FAN_OUT_BATCH: u64 = 500;

/// The running worker. Dropping it aborts the task; [`WorkerHandle::stop`] lets the batch in
/// hand finish first.
pub struct WorkerHandle {
    stop: watch::Sender<bool>,
    task: Option<JoinHandle<()>>,
}

impl WorkerHandle {
    pub async fn stop(mut self) {
        let _ = self.stop.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for WorkerHandle {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

/// One worker's parts.
#[derive(Clone)]
pub struct Worker {
    pub db: DatabaseConnection,
    pub sender: Sender,
    pub config: WebhookConfig,
    pub clock: Clock,
    /// Written into claims, so a record knows whether the claim is still its own.
    pub name: String,
}

impl Worker {
    pub fn new(
        db: DatabaseConnection,
        config: WebhookConfig,
        clock: Clock,
        policy: webhooks::address::Policy,
    ) -> anyhow::Result<Self> {
        Ok(Self {
            db,
            sender: Sender::new(&config, policy)?,
            config,
            clock,
            name: format!("worker-{}", kernel::new_id()),
        })
    }

    /// Fans out everything pending; returns how many events.
    pub async fn fan_out(&self) -> anyhow::Result<u64> {
        let mut total = 0;
        loop {
            let now = self.clock.now();
            let done = kernel::db::write(&self.db, async |txn| {
                webhooks::fanout::fan_out(txn, now, FAN_OUT_BATCH).await
            })
            .await?;
            total += done.events;
            if done.events < FAN_OUT_BATCH {
                return Ok(total);
            }
        }
    }

    /// One round: fan out, claim, send, record. Returns how many attempts were sent.
    pub async fn round(&self) -> anyhow::Result<usize> {
        self.fan_out().await?;
        let claimed = webhooks::claim::claim(
            &self.db,
            &self.name,
            self.clock.now(),
            self.config.lease(),
            self.config.batch,
        )
        .await?;
        if claimed.is_empty() {
            return Ok(0);
        }
        let sent =
            futures_util::future::join_all(claimed.iter().map(|c| self.sender.send(c))).await;
        let now = self.clock.now();
        kernel::db::write(&self.db, async |txn| {
            for (c, s) in claimed.iter().zip(sent) {
                webhooks::outcome::record(txn, &self.config.schedule, &self.name, c, s, now)
                    .await?;
            }
            Ok(())
        })
        .await?;
        Ok(claimed.len())
    }
}

/// Starts a worker on the current runtime.
pub fn spawn(worker: Worker) -> WorkerHandle {
    let (stop_tx, mut stop_rx) = watch::channel(false);
    let task = tokio::spawn(async move {
        let poll = worker.config.poll_interval;
        loop {
            if *stop_rx.borrow() {
                break;
            }
            let busy = match worker.round().await {
                Ok(n) => n > 0,
                Err(e) => {
                    tracing::error!(error = %format!("{e:#}"), "webhook round failed");
                    false
                }
            };
            if !busy {
                tokio::select! {
                    () = tokio::time::sleep(poll) => {}
                    _ = stop_rx.changed() => {}
                }
            }
        }
    });
    WorkerHandle {
        stop: stop_tx,
        task: Some(task),
    }
}
