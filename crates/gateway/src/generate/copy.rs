//! Writing a chunk of entries and their seals: `COPY … FROM STDIN` on PostgreSQL (through the
//! sqlx pool sea-orm exposes; one transaction for both tables), multi-row INSERTs elsewhere.

use chrono::{DateTime, NaiveDate, Utc};
use ledger::entity::{entry, seal};
use sea_orm::sqlx::Connection;
use sea_orm::sqlx::postgres::PgConnection;
use sea_orm::{ActiveModelTrait, DatabaseBackend, DatabaseConnection, IntoActiveModel};
use uuid::Uuid;

use super::insert_chunked;

/// Writes `entries` and `seals` in one transaction.
pub async fn write(
    db: &DatabaseConnection,
    entries: Vec<entry::Model>,
    seals: Vec<seal::Model>,
) -> anyhow::Result<()> {
    if db.get_database_backend() == DatabaseBackend::Postgres {
        let mut conn = db.get_postgres_connection_pool().acquire().await?;
        let mut txn = conn.begin().await?;
        copy(
            &mut txn,
            ENTRY_COLUMNS,
            &entries.iter().map(entry_line).collect::<String>(),
        )
        .await?;
        copy(
            &mut txn,
            SEAL_COLUMNS,
            &seals.iter().map(seal_line).collect::<String>(),
        )
        .await?;
        txn.commit().await?;
        return Ok(());
    }
    let txn = kernel::db::begin_write(db).await?;
    let entries: Vec<entry::ActiveModel> = entries
        .into_iter()
        .map(|e| e.into_active_model().reset_all())
        .collect();
    let seals: Vec<seal::ActiveModel> = seals
        .into_iter()
        .map(|s| s.into_active_model().reset_all())
        .collect();
    insert_chunked(&txn, entries, 500).await?;
    insert_chunked(&txn, seals, 2_000).await?;
    txn.commit().await?;
    Ok(())
}

const ENTRY_COLUMNS: &str = "ledger_entry (id, kind, reverses_id, source, source_ref, campaign_id, \
    phase_id, counted_on, occurred_at, recorded_at, recorded_by, quantity, grams, fen, product_id, \
    supplier_id, county_code, province_code, certified, enterprise_id, project_id, city_code, \
    association_id, household_id, team_id, channel)";
const SEAL_COLUMNS: &str = "ledger_seal (seq, entry_id, prev_hash, hash, sealed_at)";

async fn copy(conn: &mut PgConnection, table: &str, data: &str) -> anyhow::Result<()> {
    let mut sink = conn
        .copy_in_raw(&format!("COPY {table} FROM STDIN (FORMAT text)"))
        .await?;
    sink.send(data.as_bytes()).await?;
    sink.finish().await?;
    Ok(())
}

/// A text field of COPY's text format (backslash escapes; `\N` is NULL).
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

fn opt<T>(v: Option<T>, f: impl Fn(T) -> String) -> String {
    v.map_or_else(|| "\\N".to_owned(), f)
}

fn uuid(u: Uuid) -> String {
    u.to_string()
}

fn at(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M:%S%.6f+00").to_string()
}

fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn entry_line(e: &entry::Model) -> String {
    let fields = [
        uuid(e.id),
        e.kind.as_str().to_owned(),
        opt(e.reverses_id, uuid),
        e.source.as_str().to_owned(),
        text(&e.source_ref),
        opt(e.campaign_id, uuid),
        opt(e.phase_id, uuid),
        date(e.counted_on),
        at(e.occurred_at),
        at(e.recorded_at),
        text(&e.recorded_by),
        e.quantity.to_string(),
        e.grams.0.to_string(),
        e.fen.0.to_string(),
        uuid(e.product_id),
        uuid(e.supplier_id),
        text(&e.county_code),
        text(&e.province_code),
        (if e.certified { "t" } else { "f" }).to_owned(),
        opt(e.enterprise_id, uuid),
        opt(e.project_id, uuid),
        opt(e.city_code.as_deref(), text),
        opt(e.association_id, uuid),
        opt(e.household_id, uuid),
        opt(e.team_id, uuid),
        e.channel.as_str().to_owned(),
    ];
    let mut line = fields.join("\t");
    line.push('\n');
    line
}

fn seal_line(s: &seal::Model) -> String {
    format!(
        "{}\t{}\t{}\t{}\t{}\n",
        s.seq,
        s.entry_id,
        text(&s.prev_hash),
        text(&s.hash),
        at(s.sealed_at)
    )
}
