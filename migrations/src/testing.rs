//! Fresh databases for tests: an SQLite file of its own, or, when `TEST_DATABASE_URL` names a
//! PostgreSQL server, a database created for the test and dropped when the guard goes away.
//! No test shares a database, so tests run in parallel without ordering or retries.

use std::time::Duration;

use sea_orm_migration::MigratorTrait;
use sea_orm_migration::sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbErr,
};

use crate::Migrator;

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

/// Creates an empty database (not migrated) and returns its URL.
pub async fn fresh() -> Result<TestDatabase, DbErr> {
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
            let base = admin_url
                .rsplit_once('/')
                .map_or(admin_url.as_str(), |(b, _)| b);
            Ok(TestDatabase {
                url: format!("{base}/{name}"),
                cleanup: Cleanup::Postgres { admin_url, name },
            })
        }
        None => {
            let dir = std::env::temp_dir().join(format!("yijin-test-{}", unique_suffix()));
            std::fs::create_dir_all(&dir).map_err(|e| DbErr::Custom(e.to_string()))?;
            let url = format!("sqlite://{}?mode=rwc", dir.join("yijin.db").display());
            Ok(TestDatabase {
                url,
                cleanup: Cleanup::Sqlite(dir),
            })
        }
    }
}

/// A fresh, migrated database and a pool on it, set up like the server's (`kernel::db::connect`:
/// WAL, and SQLite writers wait up to 10 s for the write lock), so that concurrency tests see
/// what production sees.
pub async fn migrated() -> Result<(DatabaseConnection, TestDatabase), DbErr> {
    let db = fresh().await?;
    let mut options = ConnectOptions::new(db.url.clone());
    options
        .max_connections(10)
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(|o| o.busy_timeout(Duration::from_secs(10)));
    let conn = Database::connect(options).await?;
    if conn.get_database_backend() == sea_orm_migration::sea_orm::DatabaseBackend::Sqlite {
        conn.execute_unprepared("PRAGMA journal_mode = WAL").await?;
    }
    Migrator::up(&conn, None).await?;
    Ok((conn, db))
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
