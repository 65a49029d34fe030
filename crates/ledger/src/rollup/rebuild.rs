//! Rebuilding every rollup from the sealed entries in SQL: `INSERT … SELECT … GROUP BY`, one per
//! dimension on PostgreSQL (its four periods as grouping sets), one per dimension × period on
//! SQLite; the sums never leave the database.
//!
//! The sealer adds batch by batch and is the only writer while the server runs; this is for
//! the cases where the batches never happened: a campaign bulk-loaded by `yijin generate`, or
//! a database sealed before a dimension existed (`yijin ledger rebuild-rollups`). The audit
//! recomputes the same sums its own way and compares.

use kernel::DomainResult;
use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};

use super::{Dimension, Period, SCOPE_SEPARATOR};

/// What to rebuild.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rebuild {
    /// Also rebuild the seen-set (which households each row has counted), so that sales sealed
    /// later count a household only once. It holds about one row per rollup row and household:
    /// tens of millions at a million entries, which a database built only to be read (a
    /// benchmark) can do without.
    pub seen: bool,
}

/// The text of a uuid column as the sealer writes it into keys (`Uuid::to_string`).
pub(super) fn uuid_text(col: &str, backend: DatabaseBackend) -> String {
    match backend {
        DatabaseBackend::Postgres => format!("CAST({col} AS TEXT)"),
        // SQLite holds uuids as 16-byte blobs.
        _ => {
            let part = |from: u8, len: u8| format!("substr(hex({col}), {from}, {len})");
            format!(
                "lower({} || '-' || {} || '-' || {} || '-' || {} || '-' || {})",
                part(1, 8),
                part(9, 4),
                part(13, 4),
                part(17, 4),
                part(21, 12)
            )
        }
    }
}

/// The key expression and the columns it needs to be non-null.
fn dim_key(d: Dimension, backend: DatabaseBackend) -> (String, Vec<&'static str>) {
    let one = |d: Dimension| -> (String, &'static str) {
        let text = |c: &'static str| (c.to_owned(), c);
        let uuid = |c: &'static str| (uuid_text(c, backend), c);
        match d {
            Dimension::Province => text("province_code"),
            Dimension::City => text("city_code"),
            Dimension::County => text("county_code"),
            Dimension::Channel => text("channel"),
            Dimension::Association => uuid("association_id"),
            Dimension::Enterprise => uuid("enterprise_id"),
            Dimension::Project => uuid("project_id"),
            Dimension::Team => uuid("team_id"),
            Dimension::Supplier => uuid("supplier_id"),
            Dimension::Product => uuid("product_id"),
            Dimension::Household => uuid("household_id"),
            // ALL and the scoped dimensions are composed below.
            _ => ("''".to_owned(), "campaign_id"),
        }
    };
    match (d, d.scoped()) {
        (Dimension::All, _) => ("''".to_owned(), Vec::new()),
        (_, Some((scope, inner))) => {
            let (a, ca) = one(scope);
            let (b, cb) = one(inner);
            (format!("{a} || '{SCOPE_SEPARATOR}' || {b}"), vec![ca, cb])
        }
        (_, None) => {
            let (a, ca) = one(d);
            (a, vec![ca])
        }
    }
}

fn period_key(p: Period, backend: DatabaseBackend) -> String {
    match (p, backend) {
        (Period::All, _) => "''".to_owned(),
        (Period::Phase, _) => uuid_text("phase_id", backend),
        (Period::Month, DatabaseBackend::Postgres) => "to_char(counted_on, 'YYYY-MM')".to_owned(),
        (Period::Day, DatabaseBackend::Postgres) => "to_char(counted_on, 'YYYY-MM-DD')".to_owned(),
        (Period::Month, _) => "substr(counted_on, 1, 7)".to_owned(),
        (Period::Day, _) => "substr(counted_on, 1, 10)".to_owned(),
    }
}

pub(super) fn nil_campaign(backend: DatabaseBackend) -> &'static str {
    match backend {
        DatabaseBackend::Postgres => "'00000000-0000-0000-0000-000000000000'::uuid",
        _ => "zeroblob(16)",
    }
}

/// The sealed entries of one rollup (dimension, period) with their keys, as a sub-select.
pub(super) fn keyed(d: Dimension, p: Period, backend: DatabaseBackend, columns: &str) -> String {
    let (key, needs) = dim_key(d, backend);
    let mut filters = vec![SEALED.to_owned()];
    filters.extend(needs.iter().map(|c| format!("{c} IS NOT NULL")));
    if p == Period::Phase {
        filters.push("phase_id IS NOT NULL".to_owned());
    }
    format!(
        "SELECT COALESCE(campaign_id, {}) AS campaign_id, {key} AS dim_key, {} AS period_key{columns} \
         FROM ledger_entry WHERE {}",
        nil_campaign(backend),
        period_key(p, backend),
        filters.join(" AND ")
    )
}

/// A scoped dimension's scope part of `dim_key` (what `ledger_rollup.scope_key` holds), NULL
/// for the others.
fn scope_key(d: Dimension, backend: DatabaseBackend) -> String {
    match (d.scoped(), backend) {
        (None, _) => "NULL".to_owned(),
        (Some(_), DatabaseBackend::Postgres) => {
            format!("split_part(dim_key, '{SCOPE_SEPARATOR}', 1)")
        }
        (Some(_), _) => format!("substr(dim_key, 1, instr(dim_key, '{SCOPE_SEPARATOR}') - 1)"),
    }
}

fn insert_rollups(d: Dimension, p: Period, backend: DatabaseBackend) -> String {
    let rows = keyed(d, p, backend, ", grams, fen, certified, kind, household_id");
    format!(
        "INSERT INTO ledger_rollup (campaign_id, dimension, dim_key, period, period_key, grams, fen, \
         entries, certified_grams, certified_fen, households, scope_key) \
         SELECT campaign_id, '{}', dim_key, '{}', period_key, \
         CAST(SUM(grams) AS BIGINT), CAST(SUM(fen) AS BIGINT), CAST(COUNT(*) AS BIGINT), \
         CAST(SUM(CASE WHEN certified THEN grams ELSE 0 END) AS BIGINT), \
         CAST(SUM(CASE WHEN certified THEN fen ELSE 0 END) AS BIGINT), \
         CAST(COUNT(DISTINCT CASE WHEN kind = 'SALE' THEN household_id END) AS BIGINT), {} \
         FROM ({rows}) k GROUP BY campaign_id, dim_key, period_key",
        d.as_str(),
        p.as_str(),
        scope_key(d, backend)
    )
}

fn insert_seen(d: Dimension, p: Period, backend: DatabaseBackend) -> String {
    let buyers = keyed(d, p, backend, ", household_id, kind");
    format!(
        "INSERT INTO ledger_household_seen (rollup_id, household_id) \
         SELECT DISTINCT r.id, k.household_id FROM ({buyers}) k JOIN ledger_rollup r \
         ON r.campaign_id = k.campaign_id AND r.dimension = '{}' AND r.period = '{}' \
         AND r.period_key = k.period_key AND r.dim_key = k.dim_key \
         WHERE k.kind = 'SALE' AND k.household_id IS NOT NULL",
        d.as_str(),
        p.as_str()
    )
}

/// Sealed = not queued, as the scoped reads have it (`ranking::standings::sealed`): the queue
/// is small, the seals as many as the entries.
pub(super) const SEALED: &str = "id NOT IN (SELECT entry_id FROM ledger_pending)";

/// PostgreSQL: a text column compared byte by byte (`COLLATE "C"`), as the grouped statements
/// sort it. The database's collation (C.UTF-8 here, often a language's) compares through
/// `strcoll` without abbreviated keys, which made sorting a million city codes take longer
/// than scanning the entries; the groups are the same, since a deterministic collation's
/// equality is byte equality. Other columns as they are.
pub(super) fn bytewise(col: &str) -> String {
    match col {
        "province_code" | "city_code" | "county_code" | "channel" => {
            format!("{col} COLLATE \"C\" AS {col}")
        }
        _ => col.to_owned(),
    }
}

/// PostgreSQL: every period of one dimension in one statement, one scan of the entries. The
/// entries are grouped by their own columns (uuids, codes, dates: cheap comparisons, where the
/// keys' text sorts by the database's collation) with `GROUPING SETS`: one sort serves ALL,
/// MONTH and DAY (`ROLLUP (month, day)`), a second PHASE; the keys' text is made from the
/// grouped rows afterwards. Same rows as [`insert_rollups`] for each period (a uuid's text and
/// the scoped keys' `scope/competitor` are one-to-one with the columns they are made from).
fn insert_rollups_grouped(d: Dimension) -> String {
    let backend = DatabaseBackend::Postgres;
    let (key, needs) = dim_key(d, backend);
    let scope = match d.scoped() {
        Some((scope, _)) => dim_key(scope, backend).0,
        None => "NULL".to_owned(),
    };
    let mut filters = vec![SEALED.to_owned()];
    filters.extend(needs.iter().map(|c| format!("{c} IS NOT NULL")));
    let cols: String = needs.iter().map(|c| format!(", {c}")).collect();
    // The key's columns lead the sort: PostgreSQL sorts in GROUP BY order and abbreviates
    // only the first column, which would be the one campaign all rows share.
    let keys: String = needs.iter().map(|c| format!("{c}, ")).collect();
    let projected: String = needs.iter().map(|c| format!(", {}", bytewise(c))).collect();
    format!(
        "INSERT INTO ledger_rollup (campaign_id, dimension, dim_key, period, period_key, grams, fen, \
         entries, certified_grams, certified_fen, households, scope_key) \
         SELECT campaign_id, '{dim}', {key}, \
         CASE WHEN by_phase = 0 THEN '{phase}' WHEN by_day = 0 THEN '{day}' \
         WHEN by_month = 0 THEN '{month}' ELSE '{all}' END, \
         CASE WHEN by_phase = 0 THEN CAST(phase_id AS TEXT) \
         WHEN by_day = 0 THEN to_char(counted_on, 'YYYY-MM-DD') \
         WHEN by_month = 0 THEN to_char(month, 'YYYY-MM') ELSE '' END, \
         grams, fen, entries, certified_grams, certified_fen, households, {scope} \
         FROM (SELECT campaign_id{cols}, phase_id, month, counted_on, \
         GROUPING(phase_id) AS by_phase, GROUPING(month) AS by_month, \
         GROUPING(counted_on) AS by_day, \
         CAST(SUM(grams) AS BIGINT) AS grams, CAST(SUM(fen) AS BIGINT) AS fen, \
         CAST(COUNT(*) AS BIGINT) AS entries, \
         CAST(SUM(CASE WHEN certified THEN grams ELSE 0 END) AS BIGINT) AS certified_grams, \
         CAST(SUM(CASE WHEN certified THEN fen ELSE 0 END) AS BIGINT) AS certified_fen, \
         CAST(COUNT(DISTINCT buyer) AS BIGINT) AS households \
         FROM (SELECT COALESCE(campaign_id, {nil}) AS campaign_id{projected}, phase_id, \
         CAST(date_trunc('month', counted_on) AS DATE) AS month, counted_on, grams, fen, \
         certified, CASE WHEN kind = 'SALE' THEN household_id END AS buyer \
         FROM ledger_entry WHERE {filters}) e \
         GROUP BY {keys}campaign_id, GROUPING SETS (ROLLUP (month, counted_on), (phase_id))) g \
         WHERE by_phase = 1 OR phase_id IS NOT NULL",
        dim = d.as_str(),
        phase = Period::Phase.as_str(),
        day = Period::Day.as_str(),
        month = Period::Month.as_str(),
        all = Period::All.as_str(),
        nil = nil_campaign(backend),
        filters = filters.join(" AND "),
    )
}

/// Replaces every rollup row (and, if asked, the seen-set) with sums of the sealed entries,
/// their counts ([`super::count`]) with counts of those rows, and the first sales ([`super::first_sale`]) with those of the sealed entries.
/// Run it in one write transaction while no sealer runs; `progress` is told each (dimension,
/// period) as it is done. Returns the rollup rows written.
pub async fn rebuild(
    conn: &impl ConnectionTrait,
    options: Rebuild,
    mut progress: impl FnMut(Dimension, Period),
) -> DomainResult<u64> {
    let backend = conn.get_database_backend();
    let run = |sql: String| Statement::from_string(backend, sql);
    conn.execute_raw(run("DELETE FROM ledger_household_seen".into()))
        .await?;
    conn.execute_raw(run("DELETE FROM ledger_rollup".into()))
        .await?;
    let mut rows = 0;
    for d in Dimension::ALL {
        if backend == DatabaseBackend::Postgres {
            // One pass over the entries for the dimension's four periods (see
            // [`insert_rollups_grouped`]); SQLite has no GROUPING SETS and takes one per period.
            rows += conn
                .execute_raw(run(insert_rollups_grouped(d)))
                .await?
                .rows_affected();
        } else {
            for p in Period::ALL {
                rows += conn
                    .execute_raw(run(insert_rollups(d, p, backend)))
                    .await?
                    .rows_affected();
            }
        }
        // A (dimension, period)'s seen rows join only that dimension and period's rollups.
        for p in Period::ALL {
            if options.seen {
                conn.execute_raw(run(insert_seen(d, p, backend))).await?;
            }
            progress(d, p);
        }
    }
    super::count::rebuild(conn).await?;
    super::first_sale::rebuild(conn).await?;
    Ok(rows)
}
