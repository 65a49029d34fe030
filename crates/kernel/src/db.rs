//! The database handle and the write-transaction convention. SQLite (a file under `./data/` by
//! default) for a fresh machine, PostgreSQL in production; the same code and migrations run on
//! both.
//!
//! # Who owns the transaction
//!
//! The caller. A use case (a gateway resolver, the demo seed, or a thin per-use-case function)
//! calls [`begin_write`] once, hands `&txn` to every domain writer it needs, and commits with
//! [`finish`] (or uses [`write`], which does both). So:
//!
//! - **Domain writers take `&DatabaseTransaction`** and never `begin()` or `commit()`. "Runs in
//!   the caller's transaction" is then a compile-time fact: an order that reserves stock, records
//!   ledger entries and queues an outbox row cannot forget to pass the same transaction, and no
//!   writer silently opens a SAVEPOINT of its own.
//! - **Reads take `&impl ConnectionTrait`**, so the same function runs on the pool or inside a
//!   writer's transaction (where it sees the transaction's own writes).
//! - **A failed use case leaves nothing behind**: [`finish`] rolls back on any error, including
//!   a validation error found after some rows were written.
//!
//! # Why `BEGIN IMMEDIATE` on SQLite
//!
//! SQLite allows one writer at a time. A plain (deferred) transaction starts as a reader and
//! upgrades when it first writes; in WAL mode, if another writer committed in between, the
//! upgrade fails at once with `SQLITE_BUSY_SNAPSHOT` instead of waiting. An IMMEDIATE
//! transaction takes the write lock at `BEGIN`, waiting up to [`SQLITE_BUSY_TIMEOUT`] for it, so
//! concurrent writers queue up and every check a writer makes ("is this name free?", "is there
//! an open application?") still holds when it writes. On PostgreSQL a write transaction is a
//! normal READ COMMITTED transaction: writers that check then write lock the row they decide on
//! (`SELECT … FOR UPDATE`, which SQLite's builder leaves out) or let a unique index decide.
//!
//! A writer that still cannot get the lock (SQLite busy past the timeout, a PostgreSQL deadlock
//! or lock timeout) fails with [`DomainError::Contention`], which clients see as a retryable
//! error, never as an internal one.

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use sea_orm::{
    AccessMode, ConnectOptions, ConnectionTrait, Database, DatabaseBackend, DatabaseConnection,
    DbErr, IsolationLevel, SqliteTransactionMode, TransactionOptions,
};

pub use sea_orm::{DatabaseTransaction, TransactionTrait};

use crate::error::DomainResult;

/// How long an SQLite writer waits for the write lock before it gives up with
/// [`crate::DomainError::Contention`]. Write transactions last milliseconds; a long wait means a
/// queue of writers, and waiting beats failing. Kept under the gateway's request timeout.
pub const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Each SQLite connection's page cache (negative: KiB). SQLite's default is 2 MiB per
/// connection, which a pool of ten fills with copies of the same pages once the catalogue has
/// been read through (about 12 MB of the server's memory in the benchmark); the operating
/// system's file cache holds those pages once for all connections, and hot reads are served by
/// the gateway's shelves, not by SQLite.
const SQLITE_CACHE_SIZE: &str = "-512";

/// Opens a pool. For SQLite the file and its directory are created if missing, the journal is
/// switched to WAL (readers never block the writer, nor it them) and every connection waits up
/// to [`SQLITE_BUSY_TIMEOUT`] for the write lock.
pub async fn connect(url: &str, max_connections: u32) -> Result<DatabaseConnection, DbErr> {
    let url = prepare_sqlite_url(url)?;
    let mut options = ConnectOptions::new(url.clone());
    options
        .max_connections(max_connections)
        .min_connections(1)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(30))
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(|o| {
            o.busy_timeout(SQLITE_BUSY_TIMEOUT)
                .pragma("cache_size", SQLITE_CACHE_SIZE)
        });
    let conn = Database::connect(options).await?;
    if conn.get_database_backend() == DatabaseBackend::Sqlite {
        conn.execute_unprepared("PRAGMA journal_mode = WAL").await?;
    }
    Ok(conn)
}

/// `sqlite:path` with a file that does not exist yet needs `mode=rwc` and an existing parent
/// directory; other URLs pass through unchanged.
fn prepare_sqlite_url(url: &str) -> Result<String, DbErr> {
    let Some(rest) = url.strip_prefix("sqlite:") else {
        return Ok(url.to_owned());
    };
    let path = rest.trim_start_matches("//");
    let (file, query) = path.split_once('?').unwrap_or((path, ""));
    if file.is_empty() || file == ":memory:" {
        return Ok(url.to_owned());
    }
    if let Some(dir) = Path::new(file)
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
    {
        std::fs::create_dir_all(dir)
            .map_err(|e| DbErr::Custom(format!("cannot create {}: {e}", dir.display())))?;
    }
    let query = if query.contains("mode=") {
        query.to_owned()
    } else if query.is_empty() {
        "mode=rwc".to_owned()
    } else {
        format!("{query}&mode=rwc")
    };
    Ok(format!("sqlite://{file}?{query}"))
}

/// Use cases this process has committed through [`finish`]. Read models compare it between
/// requests: when it has not moved, nothing this process wrote can have made them stale, and
/// only other processes' writes remain to be checked for (see the gateway's shelves).
static COMMITTED: AtomicU64 = AtomicU64::new(0);

/// How many use cases this process has committed so far.
pub fn commits() -> u64 {
    COMMITTED.load(Ordering::Acquire)
}

/// Begins a use case's write transaction: `BEGIN IMMEDIATE` on SQLite (the write lock is taken
/// now, waiting for it if another writer holds it), a normal transaction on PostgreSQL.
pub async fn begin_write(conn: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    conn.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..TransactionOptions::default()
    })
    .await
}

/// Begins a read-only transaction that sees one moment of the database throughout: several
/// reads that must agree with each other (the ledger audit's recomputations) run in it, and
/// it is rolled back at the end. REPEATABLE READ, READ ONLY on PostgreSQL; on SQLite every
/// transaction already reads one snapshot (WAL), and a deferred one takes no write lock.
pub async fn begin_snapshot(conn: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    match conn.get_database_backend() {
        DatabaseBackend::Postgres => {
            conn.begin_with_config(
                Some(IsolationLevel::RepeatableRead),
                Some(AccessMode::ReadOnly),
            )
            .await
        }
        _ => conn.begin().await,
    }
}

/// Ends a use case: commits when it succeeded, rolls back when it failed (so a request
/// rejected half-way, by validation or by a rule, leaves no trace).
pub async fn finish<T>(txn: DatabaseTransaction, result: DomainResult<T>) -> DomainResult<T> {
    match result {
        Ok(value) => {
            txn.commit().await?;
            COMMITTED.fetch_add(1, Ordering::Release);
            Ok(value)
        }
        Err(err) => {
            // The caller needs the reason the use case failed, not a failed rollback's (the
            // connection drops the transaction either way).
            if let Err(rollback) = txn.rollback().await {
                tracing::warn!(error = %rollback, "rollback after a failed use case failed");
            }
            Err(err)
        }
    }
}

/// Runs `work` as one use case: [`begin_write`], `work(&txn)`, [`finish`].
pub async fn write<T>(
    conn: &DatabaseConnection,
    work: impl AsyncFnOnce(&DatabaseTransaction) -> DomainResult<T>,
) -> DomainResult<T> {
    let txn = begin_write(conn).await?;
    let result = work(&txn).await;
    finish(txn, result).await
}

/// Runs an `INSERT … ON CONFLICT … DO NOTHING` and says whether it inserted the row. Writers
/// use it where a concurrent writer may have stored the same key first: a failed insert would
/// end the caller's transaction on PostgreSQL, a skipped one does not. (The row is then read
/// back by its id; sea-orm's `exec_with_returning` reports a skipped row as an error.)
pub async fn insert_if_absent<A>(
    txn: &DatabaseTransaction,
    insert: sea_orm::TryInsert<A>,
) -> Result<bool, DbErr>
where
    A: sea_orm::ActiveModelTrait,
{
    Ok(matches!(
        insert.exec_without_returning(txn).await?,
        sea_orm::TryInsertResult::Inserted(n) if n > 0
    ))
}

/// Runs INSERTs that do not read each other's rows in one round trip on PostgreSQL: each but
/// the last becomes a data-modifying CTE of the last (`WITH w0 AS (INSERT …), w1 AS (INSERT …)
/// INSERT …`; PostgreSQL runs every one of them, on one snapshot, and checks foreign keys at the
/// end of the statement, so a row may reference one inserted beside it). SQLite has no writes in
/// CTEs: there they run one after the other, in the order given (referenced rows first).
pub async fn insert_together(
    txn: &DatabaseTransaction,
    mut statements: Vec<sea_orm::sea_query::InsertStatement>,
) -> Result<(), DbErr> {
    use sea_orm::sea_query::{Alias, CommonTableExpression, WithClause};
    if txn.get_database_backend() == DatabaseBackend::Postgres && statements.len() > 1 {
        let last = statements.remove(statements.len() - 1);
        let mut with = WithClause::new();
        for (i, statement) in statements.into_iter().enumerate() {
            with.cte(
                CommonTableExpression::new()
                    .query(statement)
                    .table_name(Alias::new(format!("w{i}")))
                    .to_owned(),
            );
        }
        txn.execute(&with.query(last)).await?;
        return Ok(());
    }
    for statement in statements {
        txn.execute(&statement).await?;
    }
    Ok(())
}

/// Runs `with` and then `last` in one round trip on PostgreSQL (each of `with` a data-modifying
/// CTE of `last`, all on one snapshot: none may need another's effect), one after the other on
/// SQLite; returns the rows `last` affected. A use case's final writes go this way: its
/// answer-less rows together with the conditional UPDATE whose outcome decides it.
pub async fn write_together(
    txn: &DatabaseTransaction,
    with: Vec<sea_orm::sea_query::SubQueryStatement>,
    last: sea_orm::sea_query::UpdateStatement,
) -> Result<u64, DbErr> {
    use sea_orm::sea_query::{Alias, CommonTableExpression, WithClause};
    if txn.get_database_backend() == DatabaseBackend::Postgres && !with.is_empty() {
        let mut clause = WithClause::new();
        for (i, statement) in with.into_iter().enumerate() {
            clause.cte(
                CommonTableExpression::new()
                    .query(statement)
                    .table_name(Alias::new(format!("w{i}")))
                    .to_owned(),
            );
        }
        return Ok(txn.execute(&clause.query(last)).await?.rows_affected());
    }
    write_each(txn, with).await?;
    Ok(txn.execute(&last).await?.rows_affected())
}

/// Runs statements one after the other (SQLite's [`write_together`], and for callers that got
/// writes to run but have no final statement of their own).
pub async fn write_each(
    txn: &DatabaseTransaction,
    statements: Vec<sea_orm::sea_query::SubQueryStatement>,
) -> Result<(), DbErr> {
    use sea_orm::sea_query::SubQueryStatement as S;
    for statement in statements {
        match statement {
            S::InsertStatement(s) => txn.execute(&s).await?,
            S::UpdateStatement(s) => txn.execute(&s).await?,
            S::DeleteStatement(s) => txn.execute(&s).await?,
            S::SelectStatement(s) => txn.execute(&s).await?,
            S::WithStatement(s) => txn.execute(&s).await?,
        };
    }
    Ok(())
}

/// Adds every column of `E` to `query` as `<prefix><column>`, the way sea-orm's own
/// multi-entity selects name them (`A_`, `B_`, …), so that `E::Model::from_query_result(row,
/// prefix)` (or `from_query_result_optional` after a left join) reads them back. For one
/// statement that reads more entities than `select_also` takes.
pub fn select_prefixed<E: sea_orm::EntityTrait>(
    query: &mut sea_orm::sea_query::SelectStatement,
    prefix: &str,
) {
    use sea_orm::{ColumnTrait, IdenStatic, Iterable};
    for col in <E::Column as Iterable>::iter() {
        query.expr_as(
            col.select_as(col.into_expr()),
            sea_orm::sea_query::Alias::new(format!("{prefix}{}", col.as_str())),
        );
    }
}

/// Whether a database error means "another writer holds what you need; try again": SQLite
/// busy or locked, a PostgreSQL deadlock, serialisation failure or lock timeout, or no pooled
/// connection free in time.
pub fn is_contention(err: &DbErr) -> bool {
    use sea_orm::sqlx;
    match err {
        DbErr::ConnectionAcquire(_) => true,
        DbErr::Conn(sea_orm::RuntimeErr::SqlxError(e))
        | DbErr::Exec(sea_orm::RuntimeErr::SqlxError(e))
        | DbErr::Query(sea_orm::RuntimeErr::SqlxError(e)) => match e.as_ref() {
            sqlx::Error::PoolTimedOut => true,
            sqlx::Error::Database(db) => {
                if db.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some() {
                    // Primary result codes SQLITE_BUSY (5) and SQLITE_LOCKED (6), whatever the
                    // extended code (BUSY_SNAPSHOT, BUSY_TIMEOUT, …).
                    let code = db.code().and_then(|c| c.parse::<i32>().ok());
                    code.is_some_and(|c| matches!(c & 0xff, 5 | 6))
                } else if db
                    .try_downcast_ref::<sqlx::postgres::PgDatabaseError>()
                    .is_some()
                {
                    matches!(db.code().as_deref(), Some("40001" | "40P01" | "55P03"))
                } else {
                    false
                }
            }
            _ => false,
        },
        _ => false,
    }
}

/// Whether the database answers (for `/readyz`).
pub async fn ping(conn: &DatabaseConnection) -> bool {
    conn.ping().await.is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_urls_get_create_mode() {
        let dir = std::env::temp_dir().join(format!("yijin-db-{}", uuid::Uuid::now_v7()));
        let file = dir.join("x.db");
        let url = prepare_sqlite_url(&format!("sqlite://{}", file.display())).unwrap();
        assert_eq!(url, format!("sqlite://{}?mode=rwc", file.display()));
        assert!(dir.is_dir());
        std::fs::remove_dir_all(dir).unwrap();
        assert_eq!(
            prepare_sqlite_url("postgres://h/db").unwrap(),
            "postgres://h/db"
        );
    }
}
