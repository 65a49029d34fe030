//! The sealer's loop: become leader (on PostgreSQL, by the advisory lock), drain the queue,
//! sleep until woken, and step down on any error, retrying after a pause.

use std::time::Duration;

use kernel::{DomainError, DomainResult};
use sea_orm::sqlx::postgres::PgListener;
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseBackend, DatabaseConnection, DbErr,
    Statement,
};
use tokio::sync::watch;

use super::batch::seal_batch;
use super::{SealerConfig, SealerRole, Signal};

/// The advisory lock a PostgreSQL sealer holds: `pg_try_advisory_lock(LOCK.0, LOCK.1)`
/// ("yijin" as an int4, then 1 for the ledger's sealer).
pub const LOCK: (i32, i32) = (0x7969_6a69, 1);

/// The channel writers' instances NOTIFY and the leader LISTENs on.
pub const CHANNEL: &str = "yijin_ledger";

/// How long to wait after an error before trying again.
const BACKOFF: Duration = Duration::from_secs(1);

enum Exit {
    Stopped,
    /// The lock or its connection went away; stand by again.
    LostLeadership,
}

pub(super) async fn run(
    db: DatabaseConnection,
    signal: Signal,
    config: SealerConfig,
    mut stop: watch::Receiver<bool>,
    role: watch::Sender<SealerRole>,
) {
    loop {
        if *stop.borrow() {
            break;
        }
        let result = match db.get_database_backend() {
            DatabaseBackend::Postgres => {
                lead_postgres(&db, &signal, &config, &mut stop, &role).await
            }
            _ => lead_sqlite(&db, &signal, &config, &mut stop, &role).await,
        };
        match result {
            Ok(Exit::Stopped) => break,
            Ok(Exit::LostLeadership) => {
                tracing::warn!("the ledger sealer lost its lock; standing by");
            }
            Err(err) => tracing::error!(error = %err, "the ledger sealer failed; retrying"),
        }
        let _ = role.send(SealerRole::Standby);
        tokio::select! {
            _ = stop.changed() => break,
            () = tokio::time::sleep(BACKOFF) => {}
        }
    }
    let _ = role.send(SealerRole::Stopped);
}

/// Seals until the queue is empty; `Ok(None)` if the lock check failed.
async fn drain(
    conn: &DatabaseConnection,
    batch_size: u64,
    check_lock: bool,
) -> DomainResult<Option<u64>> {
    let mut total = 0;
    loop {
        let txn = kernel::db::begin_write(conn).await?;
        if check_lock && !holds_lock(&txn).await? {
            txn.rollback().await?;
            return Ok(None);
        }
        let sealed = seal_batch(&txn, batch_size).await?;
        txn.commit().await?;
        total += sealed.count;
        if sealed.count < batch_size {
            if total > 0 {
                tracing::debug!(sealed = total, through = sealed.through, "ledger sealed");
            }
            return Ok(Some(total));
        }
    }
}

async fn lead_sqlite(
    db: &DatabaseConnection,
    signal: &Signal,
    config: &SealerConfig,
    stop: &mut watch::Receiver<bool>,
    role: &watch::Sender<SealerRole>,
) -> DomainResult<Exit> {
    let _ = role.send(SealerRole::Leader);
    loop {
        drain(db, config.batch_size, false).await?;
        tokio::select! {
            _ = stop.changed() => return Ok(Exit::Stopped),
            () = signal.rung() => {}
            () = tokio::time::sleep(config.poll_interval) => {}
        }
    }
}

fn scalar_bool(row: Option<sea_orm::QueryResult>) -> Result<bool, DbErr> {
    match row {
        Some(row) => row.try_get_by_index::<bool>(0),
        None => Ok(false),
    }
}

async fn try_lock(conn: &impl ConnectionTrait) -> Result<bool, DbErr> {
    let stmt = Statement::from_sql_and_values(
        DatabaseBackend::Postgres,
        "SELECT pg_try_advisory_lock($1, $2)",
        [LOCK.0.into(), LOCK.1.into()],
    );
    scalar_bool(conn.query_one_raw(stmt).await?)
}

/// Whether this session still holds the lock: a lost connection (which a pool would replace
/// quietly) shows up here as `false`.
async fn holds_lock(conn: &impl ConnectionTrait) -> Result<bool, DbErr> {
    let stmt = Statement::from_sql_and_values(
        DatabaseBackend::Postgres,
        "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' \
         AND pid = pg_backend_pid() AND classid = $1::int4::oid AND objid = $2::int4::oid \
         AND objsubid = 2 AND granted)",
        [LOCK.0.into(), LOCK.1.into()],
    );
    scalar_bool(conn.query_one_raw(stmt).await?)
}

/// Wakes the leader, wherever it runs. Outside any writer's transaction, so no commit waits on
/// PostgreSQL's notification queue.
async fn forward(db: &DatabaseConnection) -> Result<(), DbErr> {
    let stmt = Statement::from_sql_and_values(
        DatabaseBackend::Postgres,
        "SELECT pg_notify($1, '')",
        [CHANNEL.into()],
    );
    db.execute_raw(stmt).await.map(|_| ())
}

async fn lead_postgres(
    db: &DatabaseConnection,
    signal: &Signal,
    config: &SealerConfig,
    stop: &mut watch::Receiver<bool>,
    role: &watch::Sender<SealerRole>,
) -> DomainResult<Exit> {
    // One connection that lives as long as the leadership: the lock belongs to its session.
    let mut options = ConnectOptions::new(config.database_url.clone());
    options
        .max_connections(1)
        .min_connections(1)
        .idle_timeout(None)
        .max_lifetime(None)
        .sqlx_logging(false);
    let session = Database::connect(options).await?;
    while !try_lock(&session).await? {
        let _ = role.send(SealerRole::Standby);
        tokio::select! {
            _ = stop.changed() => return Ok(Exit::Stopped),
            () = signal.rung() => {
                if let Err(err) = forward(db).await {
                    tracing::warn!(error = %err, "could not notify the ledger sealer");
                }
            }
            () = tokio::time::sleep(config.standby_retry) => {}
        }
    }
    let _ = role.send(SealerRole::Leader);
    tracing::info!("this instance seals the ledger");
    let mut listener = PgListener::connect(&config.database_url)
        .await
        .map_err(|e| DomainError::Database(DbErr::Custom(format!("LISTEN connection: {e}"))))?;
    listener
        .listen(CHANNEL)
        .await
        .map_err(|e| DomainError::Database(DbErr::Custom(format!("LISTEN {CHANNEL}: {e}"))))?;
    let exit = loop {
        if drain(&session, config.batch_size, true).await?.is_none() {
            break Exit::LostLeadership;
        }
        tokio::select! {
            _ = stop.changed() => break Exit::Stopped,
            () = signal.rung() => {}
            received = listener.recv() => {
                if let Err(err) = received {
                    tracing::warn!(error = %err, "LISTEN connection interrupted");
                    tokio::time::sleep(config.poll_interval).await;
                }
            }
            () = tokio::time::sleep(config.poll_interval) => {}
        }
    };
    let unlock = Statement::from_sql_and_values(
        DatabaseBackend::Postgres,
        "SELECT pg_advisory_unlock($1, $2)",
        [LOCK.0.into(), LOCK.1.into()],
    );
    let _ = session.query_one_raw(unlock).await;
    let _ = session.close().await;
    Ok(exit)
}
