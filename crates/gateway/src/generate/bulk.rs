//! Bulk loading without the indexes (PostgreSQL).
//!
//! PostgreSQL maintains every index and checks every foreign key row by row while COPY or
//! `INSERT … SELECT` writes; `ledger_entry` alone has ten indexes (four of them keyed by a
//! random uuid) and a foreign key, `ledger_seal` a unique key and a foreign key onto the
//! entries, so each loaded entry cost a dozen B-tree insertions at random places and two
//! look-ups. Building an index once from the loaded table is one sort. So `generate` drops the
//! indexes and constraints of the tables it fills, loads, and recreates them from the
//! definitions PostgreSQL itself reports (`pg_get_constraintdef`, `pg_get_indexdef`): same
//! names, same columns, same partial predicates as the migrations made them, and the keys and
//! foreign keys are checked once over the whole table when they come back.
//!
//! Only for a database nobody else writes to (a fresh one, as `generate` demands): while they
//! are dropped, nothing enforces the keys.

use sea_orm::{ConnectionTrait, Statement};

/// What was dropped, as the statements that put it back (in order).
#[derive(Debug, Default)]
#[must_use = "restore() puts the indexes back"]
pub struct Dropped {
    restore: Vec<String>,
}

fn list(tables: &[&str]) -> String {
    tables
        .iter()
        .map(|t| format!("'{}'", t.replace('\'', "''")))
        .collect::<Vec<_>>()
        .join(", ")
}

async fn rows(conn: &impl ConnectionTrait, sql: String) -> anyhow::Result<Vec<(String, String)>> {
    conn.query_all_raw(Statement::from_string(conn.get_database_backend(), sql))
        .await?
        .iter()
        .map(|row| -> anyhow::Result<(String, String)> {
            Ok((row.try_get("", "drop_sql")?, row.try_get("", "create_sql")?))
        })
        .collect()
}

/// Drops the foreign keys from or onto `tables`, their primary, unique and exclusion keys and
/// their other indexes, and returns how to put them back. PostgreSQL only; a no-op elsewhere
/// (SQLite's inserts stay as they are).
pub async fn drop_indexes(conn: &impl ConnectionTrait, tables: &[&str]) -> anyhow::Result<Dropped> {
    if conn.get_database_backend() != sea_orm::DatabaseBackend::Postgres {
        return Ok(Dropped::default());
    }
    let tables = list(tables);
    // In dependency order: a foreign key needs the key it references, so foreign keys go
    // first and come back last.
    let foreign = rows(
        conn,
        format!(
            "SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname) \
             AS drop_sql, format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, \
             c.conname, pg_get_constraintdef(c.oid)) AS create_sql FROM pg_constraint c \
             WHERE c.contype = 'f' AND (c.conrelid::regclass::text IN ({tables}) \
             OR c.confrelid::regclass::text IN ({tables})) ORDER BY c.conname"
        ),
    )
    .await?;
    let keys = format!(
        "SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname) \
         AS drop_sql, format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, \
         c.conname, pg_get_constraintdef(c.oid)) AS create_sql FROM pg_constraint c \
         WHERE c.contype IN ('p', 'u', 'x') AND c.conrelid::regclass::text IN ({tables}) \
         ORDER BY c.conname"
    );
    // Indexes that back no constraint (the constraints' own indexes go with them).
    let indexes = format!(
        "SELECT format('DROP INDEX %s', i.indexrelid::regclass) AS drop_sql, \
         pg_get_indexdef(i.indexrelid) AS create_sql FROM pg_index i \
         WHERE i.indrelid::regclass::text IN ({tables}) AND NOT EXISTS \
         (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) \
         ORDER BY i.indexrelid::regclass::text"
    );
    let mut dropped = Dropped::default();
    let mut foreign_back = Vec::new();
    for (drop, create) in foreign {
        exec(conn, &drop).await?;
        foreign_back.push(create);
    }
    for (drop, create) in rows(conn, keys).await? {
        exec(conn, &drop).await?;
        dropped.restore.push(create);
    }
    for (drop, create) in rows(conn, indexes).await? {
        exec(conn, &drop).await?;
        dropped.restore.push(create);
    }
    dropped.restore.extend(foreign_back);
    Ok(dropped)
}

async fn exec(conn: &impl ConnectionTrait, sql: &str) -> anyhow::Result<()> {
    conn.execute_unprepared(sql)
        .await
        .map_err(|e| anyhow::anyhow!("{sql}: {e}"))?;
    Ok(())
}

impl Dropped {
    /// Recreates what [`drop_indexes`] dropped: keys, then indexes, then foreign keys (each
    /// validated over the loaded rows). Run it in a transaction with a generous
    /// `maintenance_work_mem` so that each index is one sort in memory.
    pub async fn restore(
        self,
        conn: &impl ConnectionTrait,
        mut progress: impl FnMut(u64, u64),
    ) -> anyhow::Result<()> {
        let total = self.restore.len() as u64;
        for (i, sql) in self.restore.iter().enumerate() {
            exec(conn, sql).await?;
            progress(i as u64 + 1, total);
        }
        Ok(())
    }

    pub fn is_empty(&self) -> bool {
        self.restore.is_empty()
    }
}
