//! Databases for tests, each a copy of a template migrated once: an SQLite file of its own, or,
//! when `TEST_DATABASE_URL` names a PostgreSQL server, a database created for the test
//! (`CREATE DATABASE … TEMPLATE`) and dropped when the guard goes away. No test shares a
//! database, so tests run in parallel without ordering or retries, and no test pays for the
//! whole migration history (on PostgreSQL about a second each).
//!
//! A template is named after a fingerprint of the migrations' source (`build.rs`), so a
//! changed or added migration gets a template of its own. On PostgreSQL templates are built and
//! copied under an advisory lock (a template cannot be copied while anyone is connected to it),
//! and test databases left by crashed runs (their process is gone) are dropped on the way.

use std::time::Duration;

use migrations::{FINGERPRINT, Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbErr,
    Statement,
};
/// The advisory-lock key under which templates are built and copied.
const TEMPLATE_LOCK: i64 = 0x7969_6a69_6e00_0001;

/// Removes the test database when dropped.
pub struct TestDatabase {
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    Sqlite(std::path::PathBuf),
    Postgres { admin_url: String, name: String },
}

fn unique_suffix() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    format!("{}_{nanos}_{n}", std::process::id())
}

fn custom(e: impl std::fmt::Display) -> DbErr {
    DbErr::Custom(e.to_string())
}

/// An empty database of its own (no migration applied), for tests that drive the migrations
/// themselves, e.g. an upgrade over data an older version left behind.
pub async fn empty() -> Result<TestDatabase, DbErr> {
    match std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())
    {
        Some(admin_url) => {
            let name = format!("yijin_test_{}", unique_suffix());
            let admin = Database::connect(&admin_url).await?;
            admin
                .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                .await?;
            admin.close().await?;
            Ok(TestDatabase {
                url: with_database(&admin_url, &name),
                cleanup: Cleanup::Postgres { admin_url, name },
            })
        }
        None => {
            let dir = std::env::temp_dir().join(format!("yijin-test-{}", unique_suffix()));
            std::fs::create_dir_all(&dir).map_err(custom)?;
            Ok(TestDatabase {
                url: format!("sqlite://{}?mode=rwc", dir.join("yijin.db").display()),
                cleanup: Cleanup::Sqlite(dir),
            })
        }
    }
}

/// Applies every migration that comes before the one named `name` (which must exist).
pub async fn migrate_before(db: &DatabaseConnection, name: &str) -> Result<(), DbErr> {
    let position = Migrator::migrations()
        .iter()
        .position(|m| m.name() == name)
        .ok_or_else(|| custom(format!("no migration named {name}")))?;
    let steps = u32::try_from(position).map_err(custom)?;
    if steps > 0 {
        Migrator::up(db, Some(steps)).await?;
    }
    Ok(())
}

/// A database of its own with every migration applied, and its URL.
pub async fn fresh() -> Result<TestDatabase, DbErr> {
    match std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())
    {
        Some(admin_url) => postgres_copy(admin_url).await,
        None => sqlite_copy().await,
    }
}

/// [`migrated`], for fixtures: the pool and the guard that drops the database with it.
pub async fn database() -> (DatabaseConnection, TestDatabase) {
    migrated().await.unwrap()
}

/// Runs `f` in one write transaction (`kernel::db::begin_write`) and commits it, as a use case
/// would: a fixture's set-up.
pub async fn write<T>(
    db: &DatabaseConnection,
    f: impl AsyncFnOnce(&DatabaseTransaction) -> T,
) -> T {
    let txn = kernel::db::begin_write(db).await.unwrap();
    let out = f(&txn).await;
    txn.commit().await.unwrap();
    out
}

/// The connections of a [`migrated`] pool (the server's default `YIJIN_DB_MAX_CONNECTIONS`).
pub const POOL_SIZE: u32 = 10;

/// A database of its own with every migration applied, and a pool on it set up like the
/// server's (`kernel::db::connect`: WAL, and SQLite writers wait up to 10 s for the write lock),
/// so that concurrency tests see what production sees.
pub async fn migrated() -> Result<(DatabaseConnection, TestDatabase), DbErr> {
    let db = fresh().await?;
    let mut options = ConnectOptions::new(db.url.clone());
    options
        .max_connections(POOL_SIZE)
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(|o| o.busy_timeout(Duration::from_secs(10)));
    let conn = Database::connect(options).await?;
    if conn.get_database_backend() == sea_orm::DatabaseBackend::Sqlite {
        conn.execute_unprepared("PRAGMA journal_mode = WAL").await?;
    }
    // A no-op on a copy of the template; kept so a stale template could never pass unnoticed.
    Migrator::up(&conn, None).await?;
    Ok((conn, db))
}

fn with_database(url: &str, name: &str) -> String {
    let base = url.rsplit_once('/').map_or(url, |(b, _)| b);
    format!("{base}/{name}")
}

async fn postgres_copy(admin_url: String) -> Result<TestDatabase, DbErr> {
    // One connection, so that the session-level advisory lock and everything under it share it.
    let mut options = ConnectOptions::new(admin_url.clone());
    options.max_connections(1).sqlx_logging(false);
    let admin = Database::connect(options).await?;
    let template = format!("yijin_tmpl_{FINGERPRINT}");
    let name = format!("yijin_test_{}", unique_suffix());
    admin
        .execute_unprepared(&format!("SELECT pg_advisory_lock({TEMPLATE_LOCK})"))
        .await?;
    let copied = async {
        sweep_leftovers(&admin).await?;
        if !database_exists(&admin, &template).await? {
            build_template(&admin, &admin_url, &template).await?;
        }
        admin
            .execute_unprepared(&format!(
                "CREATE DATABASE \"{name}\" TEMPLATE \"{template}\""
            ))
            .await
    }
    .await;
    let unlocked = admin
        .execute_unprepared(&format!("SELECT pg_advisory_unlock({TEMPLATE_LOCK})"))
        .await;
    admin.close().await?;
    copied?;
    unlocked?;
    Ok(TestDatabase {
        url: with_database(&admin_url, &name),
        cleanup: Cleanup::Postgres { admin_url, name },
    })
}

async fn database_exists(admin: &DatabaseConnection, name: &str) -> Result<bool, DbErr> {
    let row = admin
        .query_one_raw(Statement::from_sql_and_values(
            admin.get_database_backend(),
            "SELECT 1 AS one FROM pg_database WHERE datname = $1",
            [name.into()],
        ))
        .await?;
    Ok(row.is_some())
}

/// Migrates a database under a temporary name and publishes it by renaming, so a template
/// that exists is always complete.
async fn build_template(
    admin: &DatabaseConnection,
    admin_url: &str,
    template: &str,
) -> Result<(), DbErr> {
    let building = format!("{template}_building");
    admin
        .execute_unprepared(&format!(
            "DROP DATABASE IF EXISTS \"{building}\" WITH (FORCE)"
        ))
        .await?;
    admin
        .execute_unprepared(&format!("CREATE DATABASE \"{building}\""))
        .await?;
    let conn = Database::connect(with_database(admin_url, &building)).await?;
    let migrated = Migrator::up(&conn, None).await;
    conn.close().await?;
    migrated?;
    admin
        .execute_unprepared(&format!(
            "ALTER DATABASE \"{building}\" RENAME TO \"{template}\""
        ))
        .await?;
    Ok(())
}

/// Drops test databases whose process is gone (a crashed or killed run).
async fn sweep_leftovers(admin: &DatabaseConnection) -> Result<(), DbErr> {
    if !std::path::Path::new("/proc/self").exists() {
        return Ok(());
    }
    let rows = admin
        .query_all_raw(Statement::from_string(
            admin.get_database_backend(),
            "SELECT datname FROM pg_database WHERE datname LIKE 'yijin\\_test\\_%'",
        ))
        .await?;
    for row in rows {
        let name: String = row.try_get("", "datname")?;
        let pid = name.trim_start_matches("yijin_test_").split('_').next();
        let alive = pid.is_some_and(|p| std::path::Path::new(&format!("/proc/{p}")).exists());
        if !alive {
            admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                .await?;
        }
    }
    Ok(())
}

async fn sqlite_copy() -> Result<TestDatabase, DbErr> {
    let template = std::env::temp_dir().join(format!("yijin-template-{FINGERPRINT}.db"));
    if !template.exists() {
        build_sqlite_template(&template).await?;
    }
    let dir = std::env::temp_dir().join(format!("yijin-test-{}", unique_suffix()));
    std::fs::create_dir_all(&dir).map_err(custom)?;
    let file = dir.join("yijin.db");
    std::fs::copy(&template, &file).map_err(custom)?;
    Ok(TestDatabase {
        url: format!("sqlite://{}?mode=rwc", file.display()),
        cleanup: Cleanup::Sqlite(dir),
    })
}

/// Migrates a file of its own and renames it into place (atomic), so concurrent test
/// processes never see half a template; if two build one, either result is the same.
async fn build_sqlite_template(template: &std::path::Path) -> Result<(), DbErr> {
    let building = template.with_extension(format!("building-{}", unique_suffix()));
    let url = format!("sqlite://{}?mode=rwc", building.display());
    let conn = Database::connect(&url).await?;
    let migrated = Migrator::up(&conn, None).await;
    conn.close().await?;
    migrated?;
    std::fs::rename(&building, template).map_err(custom)
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::Sqlite(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Cleanup::Postgres { admin_url, name } => {
                let (admin_url, name) = (admin_url.clone(), name.clone());
                // Drop is not async: a short-lived runtime on its own thread drops the database.
                let _ = std::thread::spawn(move || {
                    let runtime = tokio_runtime()?;
                    runtime.block_on(async {
                        if let Ok(admin) = Database::connect(&admin_url).await {
                            let _ = admin
                                .execute_unprepared(&format!(
                                    "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
                                ))
                                .await;
                        }
                    });
                    std::io::Result::Ok(())
                })
                .join();
            }
        }
    }
}

fn tokio_runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
}
