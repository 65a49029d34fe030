//! The campaign calendar's version: one row whose token changes, in the writing transaction,
//! whenever a campaign or a phase is inserted, updated or deleted (triggers, so that every
//! writer — this process, another instance, the CLI, a hand-written SQL fix — moves it).
//!
//! The ledger's attribution keeps the calendar in memory keyed by this token and reads the
//! token with a statement every sale runs anyway, so a sale costs no read of the calendar
//! unless it changed, on this instance or another.
//!
//! The token is random (128 bits), not a counter: a counter bumped by a transaction that rolls
//! back is bumped again, to the same number, by the next change, so a calendar read inside the
//! rolled-back transaction would be taken for that later one; and test databases copied from
//! one template would share every number. The trigger runs before the statement's own writes
//! and, on PostgreSQL, is not deferred: a transaction that changes the calendar sees its new
//! token at once (its own sales are attributed by the calendar it wrote), and since every
//! calendar write takes the version row's lock before any campaign or phase row, two calendar
//! writers cannot deadlock on each other.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLES: [&str; 2] = ["campaign", "campaign_phase"];
const OPS: [&str; 3] = ["INSERT", "UPDATE", "DELETE"];

fn token(postgres: bool) -> &'static str {
    if postgres {
        "gen_random_uuid()::text"
    } else {
        "lower(hex(randomblob(16)))"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let postgres = manager.get_database_backend() == DatabaseBackend::Postgres;
        let token = token(postgres);
        db.execute_unprepared(
            "CREATE TABLE calendar_version (id integer NOT NULL PRIMARY KEY, \
             version text NOT NULL)",
        )
        .await?;
        db.execute_unprepared(&format!(
            "INSERT INTO calendar_version (id, version) VALUES (1, {token})"
        ))
        .await?;
        if postgres {
            db.execute_unprepared(&format!(
                "CREATE FUNCTION calendar_changed() RETURNS trigger LANGUAGE plpgsql AS $$ \
                 BEGIN UPDATE calendar_version SET version = {token} WHERE id = 1; \
                 RETURN NULL; END $$"
            ))
            .await?;
            for table in TABLES {
                db.execute_unprepared(&format!(
                    "CREATE TRIGGER {table}_calendar_changed \
                     BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} \
                     FOR EACH STATEMENT EXECUTE FUNCTION calendar_changed()"
                ))
                .await?;
            }
        } else {
            // SQLite has row triggers only; its writers are serialised anyway.
            for table in TABLES {
                for op in OPS {
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER {table}_{}_calendar BEFORE {op} ON {table} BEGIN \
                         UPDATE calendar_version SET version = {token} WHERE id = 1; END",
                        op.to_lowercase()
                    ))
                    .await?;
                }
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            for table in TABLES {
                db.execute_unprepared(&format!(
                    "DROP TRIGGER IF EXISTS {table}_calendar_changed ON {table}"
                ))
                .await?;
            }
            db.execute_unprepared("DROP FUNCTION IF EXISTS calendar_changed()")
                .await?;
        } else {
            for table in TABLES {
                for op in OPS {
                    db.execute_unprepared(&format!(
                        "DROP TRIGGER IF EXISTS {table}_{}_calendar",
                        op.to_lowercase()
                    ))
                    .await?;
                }
            }
        }
        db.execute_unprepared("DROP TABLE calendar_version").await?;
        Ok(())
    }
}
