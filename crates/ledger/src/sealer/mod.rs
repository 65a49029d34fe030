//! 封存器: the one background task per deployment that seals committed entries in batches.
//!
//! - **One per deployment.** On PostgreSQL the task must hold a session advisory lock
//!   ([`leader::LOCK`]) on a dedicated connection, and every batch runs on that connection and
//!   first checks the lock is still held; other instances stand by and retry. SQLite is one
//!   process's embedded database, so its sealer simply leads. Either way the chain head only
//!   moves with a conditional UPDATE from where the batch began, so two sealers could never fork
//!   the chain even if the lock were somehow lost.
//! - **Batches.** Each batch is one transaction ([`batch::seal_batch`]); the task drains the
//!   queue batch by batch until it is empty, then sleeps.
//! - **Wake-ups.** An in-process [`Signal`] that writers ring after their transaction commits;
//!   on PostgreSQL also `LISTEN yijin_ledger` (a standby instance forwards its own signals as
//!   `NOTIFY`, outside any writer's transaction, so no commit waits for the notify queue); and
//!   a short poll interval as the safety net.

pub mod batch;
mod leader;

use std::sync::Arc;
use std::time::Duration;

use kernel::DomainResult;
use sea_orm::DatabaseConnection;
use tokio::sync::{Notify, watch};
use tokio::task::JoinHandle;

pub use batch::{Sealed, seal_batch};
pub use leader::{CHANNEL, LOCK};

/// Rings the sealer after a transaction that recorded entries has committed. Cheap to clone;
/// ringing it many times before the sealer wakes costs one wake-up.
#[derive(Debug, Clone, Default)]
pub struct Signal(Arc<Notify>);

impl Signal {
    pub fn new() -> Self {
        Self::default()
    }

    /// Call after commit: a sealer woken before the commit would not see the entries yet.
    pub fn notify(&self) {
        self.0.notify_one();
    }

    pub(crate) async fn rung(&self) {
        self.0.notified().await;
    }
}

/// How the sealer runs.
#[derive(Debug, Clone)]
pub struct SealerConfig {
    /// The database URL, for the sealer's dedicated connections on PostgreSQL.
    pub database_url: String,
    /// Entries per batch (one transaction).
    pub batch_size: u64,
    /// How often the sealer looks at the queue without being woken.
    pub poll_interval: Duration,
    /// How often a standby tries to take the lock.
    pub standby_retry: Duration,
}

impl SealerConfig {
    pub fn new(database_url: impl Into<String>) -> Self {
        Self {
            database_url: database_url.into(),
            batch_size: 500,
            poll_interval: Duration::from_millis(500),
            standby_retry: Duration::from_secs(2),
        }
    }
}

/// What the sealer is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SealerRole {
    Starting,
    /// Holds the lock (or runs on SQLite) and seals.
    Leader,
    /// Another instance holds the lock.
    Standby,
    Stopped,
}

/// The running sealer. Dropping it aborts the task; [`SealerHandle::stop`] ends it cleanly
/// (finishing the batch in hand and releasing the lock).
pub struct SealerHandle {
    stop: watch::Sender<bool>,
    role: watch::Receiver<SealerRole>,
    task: Option<JoinHandle<()>>,
}

impl SealerHandle {
    pub fn role(&self) -> SealerRole {
        *self.role.borrow()
    }

    /// Waits until the sealer is in `role`, at most `timeout`; whether it got there.
    pub async fn wait_for(&self, role: SealerRole, timeout: Duration) -> bool {
        let mut rx = self.role.clone();
        tokio::time::timeout(timeout, rx.wait_for(|r| *r == role))
            .await
            .is_ok_and(|r| r.is_ok())
    }

    pub async fn stop(mut self) {
        let _ = self.stop.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for SealerHandle {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

/// Starts the sealer on the current tokio runtime.
pub fn spawn(db: DatabaseConnection, signal: Signal, config: SealerConfig) -> SealerHandle {
    let (stop_tx, stop_rx) = watch::channel(false);
    let (role_tx, role_rx) = watch::channel(SealerRole::Starting);
    let task = tokio::spawn(leader::run(db, signal, config, stop_rx, role_tx));
    SealerHandle {
        stop: stop_tx,
        role: role_rx,
        task: Some(task),
    }
}

/// Seals everything queued now, batch by batch, in this task (tests, the CLI, the benchmark).
/// Safe beside a running sealer: the chain head's conditional update makes one of two racing
/// batches fail with `Conflict` and roll back.
pub async fn seal_all(conn: &DatabaseConnection, batch_size: u64) -> DomainResult<u64> {
    let mut total = 0;
    loop {
        let txn = kernel::db::begin_write(conn).await?;
        let sealed = seal_batch(&txn, batch_size).await?;
        txn.commit().await?;
        total += sealed.count;
        if sealed.count < batch_size {
            return Ok(total);
        }
    }
}
