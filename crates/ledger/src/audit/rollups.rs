//! Recomputing the rollups from the raw entries with GROUP BY, independently of the sealer's
//! code: each (dimension, period) pair is one query over the sealed entries, written out in SQL
//! here, and compared row by row with what the sealer stored; the rows' counts per ranking
//! (`ledger_rollup_count`) are compared with the rows recomputed.

use std::collections::{BTreeMap, BTreeSet};

use kernel::{DomainResult, Fen, Grams};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, DbErr, EntityTrait, QueryFilter, QueryResult,
    Statement,
};
use uuid::Uuid;

use crate::entity::rollup;
use crate::rollup::count::{self, CountOf, count_of};
use crate::rollup::{Dimension, Period, RollupKey, SCOPE_SEPARATOR, Totals, campaign_key};

/// A rollup row that does not match the entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    pub key: RollupKey,
    /// Recomputed from the sealed entries (zero if no entry has this key).
    pub expected: Totals,
    /// As stored (zero if the row is missing).
    pub found: Totals,
}

/// A ranking's count of rollup rows (`ledger_rollup_count`) that does not match the rows
/// recomputed from the entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountDifference {
    pub key: CountOf,
    pub expected: i64,
    pub found: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RollupReport {
    /// Rollup rows compared (recomputed or stored).
    pub rows_checked: u64,
    /// Rows that differ, counts that differ, and rows whose `scope_key` is not their key's.
    pub difference_count: u64,
    /// The first differences (at most [`MAX_REPORTED`]).
    pub differences: Vec<Difference>,
    /// The first count differences (at most [`MAX_REPORTED`]).
    pub count_differences: Vec<CountDifference>,
    /// Stored rows whose `scope_key` is not the scope part of their key.
    pub misplaced_scope_keys: u64,
}

pub const MAX_REPORTED: usize = 100;

/// The entry column(s) a dimension groups by, each with whether it holds a uuid: none for ALL,
/// two for a scoped dimension (its key is the two joined by [`SCOPE_SEPARATOR`], joined here
/// rather than in SQL, where the databases spell a uuid as text differently).
fn dim_cols(d: Dimension) -> Vec<(&'static str, bool)> {
    let col = |d: Dimension| match d {
        Dimension::Province => ("province_code", false),
        Dimension::City => ("city_code", false),
        Dimension::Association => ("association_id", true),
        Dimension::Enterprise => ("enterprise_id", true),
        Dimension::Project => ("project_id", true),
        Dimension::Team => ("team_id", true),
        Dimension::County => ("county_code", false),
        Dimension::Supplier => ("supplier_id", true),
        Dimension::Product => ("product_id", true),
        Dimension::Channel => ("channel", false),
        Dimension::Household => ("household_id", true),
        // Scoped dimensions are split below; ALL has no column.
        _ => ("''", false),
    };
    match (d, d.scoped()) {
        (Dimension::All, _) => Vec::new(),
        (_, Some((scope, inner))) => vec![col(scope), col(inner)],
        (_, None) => vec![col(d)],
    }
}

fn period_sql(p: Period, backend: DatabaseBackend) -> &'static str {
    match (p, backend) {
        (Period::All, _) => "''",
        (Period::Phase, _) => "phase_id",
        (Period::Month, DatabaseBackend::Postgres) => "to_char(counted_on, 'YYYY-MM')",
        (Period::Day, DatabaseBackend::Postgres) => "to_char(counted_on, 'YYYY-MM-DD')",
        (Period::Month, _) => "substr(counted_on, 1, 7)",
        (Period::Day, _) => "substr(counted_on, 1, 10)",
    }
}

fn query(d: Dimension, p: Period, backend: DatabaseBackend) -> String {
    let dims = dim_cols(d);
    let period = period_sql(p, backend);
    let mut filters = vec!["id IN (SELECT entry_id FROM ledger_seal)".to_owned()];
    for (col, _) in &dims {
        filters.push(format!("{col} IS NOT NULL"));
    }
    if p == Period::Phase {
        filters.push("phase_id IS NOT NULL".to_owned());
    }
    let selected: String = dims
        .iter()
        .enumerate()
        .map(|(i, (col, _))| format!("{col} AS dim{i}, "))
        .collect();
    // PostgreSQL refuses a constant in GROUP BY, so ALL's `''` is selected but not grouped.
    let group: Vec<&str> = ["campaign_id", period]
        .into_iter()
        .chain(dims.iter().map(|(col, _)| *col))
        .filter(|e| *e != "''")
        .collect();
    format!(
        "SELECT campaign_id, {selected}{period} AS period, \
         CAST(SUM(grams) AS BIGINT) AS grams, CAST(SUM(fen) AS BIGINT) AS fen, \
         CAST(COUNT(*) AS BIGINT) AS entries, \
         CAST(SUM(CASE WHEN certified THEN grams ELSE 0 END) AS BIGINT) AS certified_grams, \
         CAST(SUM(CASE WHEN certified THEN fen ELSE 0 END) AS BIGINT) AS certified_fen, \
         CAST(COUNT(DISTINCT CASE WHEN kind = 'SALE' THEN household_id END) AS BIGINT) AS households \
         FROM ledger_entry WHERE {} GROUP BY {}",
        filters.join(" AND "),
        group.join(", ")
    )
}

/// A recomputed key column as the rollups store it: ids as text, absent as empty.
pub(super) fn text_or_uuid(row: &QueryResult, col: &str, uuid: bool) -> Result<String, DbErr> {
    if uuid {
        Ok(row
            .try_get_by::<Option<Uuid>, _>(col)?
            .map(|u| u.to_string())
            .unwrap_or_default())
    } else {
        Ok(row
            .try_get_by::<Option<String>, _>(col)?
            .unwrap_or_default())
    }
}

fn recomputed(row: &QueryResult, d: Dimension, p: Period) -> Result<(RollupKey, Totals), DbErr> {
    let parts = dim_cols(d)
        .into_iter()
        .enumerate()
        .map(|(i, (_, uuid))| text_or_uuid(row, &format!("dim{i}"), uuid))
        .collect::<Result<Vec<String>, DbErr>>()?;
    let key = RollupKey {
        campaign_id: campaign_key(row.try_get_by::<Option<Uuid>, _>("campaign_id")?),
        dimension: d,
        dim_key: parts.join(&SCOPE_SEPARATOR.to_string()),
        period: p,
        period_key: text_or_uuid(row, "period", p == Period::Phase)?,
    };
    let totals = Totals {
        grams: Grams(row.try_get_by("grams")?),
        fen: Fen(row.try_get_by("fen")?),
        entries: row.try_get_by("entries")?,
        certified_grams: Grams(row.try_get_by("certified_grams")?),
        certified_fen: Fen(row.try_get_by("certified_fen")?),
        households: row.try_get_by("households")?,
    };
    Ok((key, totals))
}

/// Recomputes every (dimension, period) pair and compares it with the stored rollups.
/// What [`compare`] found: how many keys it walked, how many differ, and the first
/// [`MAX_REPORTED`] of those.
struct Compared<D> {
    keys: u64,
    differing: u64,
    first: Vec<D>,
}

/// Walks the keys of both maps (a key missing from one counts as zero there) and describes each
/// whose values differ with `differs(key, expected, found)`.
fn compare<K: Ord + Clone, V: Copy + Default + PartialEq, D>(
    expected: &BTreeMap<K, V>,
    found: &BTreeMap<K, V>,
    differs: impl Fn(K, V, V) -> D,
) -> Compared<D> {
    let keys: BTreeSet<&K> = expected.keys().chain(found.keys()).collect();
    let mut out = Compared {
        keys: u64::try_from(keys.len()).unwrap_or(u64::MAX),
        differing: 0,
        first: Vec::new(),
    };
    for key in keys {
        let e = expected.get(key).copied().unwrap_or_default();
        let f = found.get(key).copied().unwrap_or_default();
        if e != f {
            out.differing += 1;
            if out.first.len() < MAX_REPORTED {
                out.first.push(differs(key.clone(), e, f));
            }
        }
    }
    out
}

impl RollupReport {
    /// Adds what [`compare`] found to the difference count and to the list `to` picks.
    fn note<D>(&mut self, compared: Compared<D>, to: impl FnOnce(&mut Self) -> &mut Vec<D>) {
        self.difference_count += compared.differing;
        let list = to(self);
        let room = MAX_REPORTED.saturating_sub(list.len());
        list.extend(compared.first.into_iter().take(room));
    }
}

pub async fn recompute(conn: &impl ConnectionTrait) -> DomainResult<RollupReport> {
    let backend = conn.get_database_backend();
    let mut report = RollupReport {
        rows_checked: 0,
        difference_count: 0,
        differences: Vec::new(),
        count_differences: Vec::new(),
        misplaced_scope_keys: 0,
    };
    for d in Dimension::ALL {
        for p in Period::ALL {
            let rows = conn
                .query_all_raw(Statement::from_string(backend, query(d, p, backend)))
                .await?;
            let mut expected: BTreeMap<RollupKey, Totals> = BTreeMap::new();
            for row in &rows {
                let (key, totals) = recomputed(row, d, p)?;
                expected.insert(key, totals);
            }
            let stored: BTreeMap<RollupKey, Totals> = rollup::Entity::find()
                .filter(rollup::Column::Dimension.eq(d.as_str()))
                .filter(rollup::Column::Period.eq(p.as_str()))
                .all(conn)
                .await?
                .iter()
                .map(|m| {
                    let key = RollupKey {
                        campaign_id: m.campaign_id,
                        dimension: d,
                        dim_key: m.dim_key.clone(),
                        period: p,
                        period_key: m.period_key.clone(),
                    };
                    if m.scope_key.as_deref() != key.scope_key() {
                        report.misplaced_scope_keys += 1;
                        report.difference_count += 1;
                    }
                    (key, Totals::from(m))
                })
                .collect();
            // Everyone ranked: the rows recomputed per campaign, period and scope.
            let mut counts: BTreeMap<CountOf, i64> = BTreeMap::new();
            for key in expected.keys() {
                *counts.entry(count_of(key)).or_default() += 1;
            }
            let stored_counts = count::stored(conn, d, p).await?;
            let count_differences = compare(&counts, &stored_counts, |key, expected, found| {
                CountDifference {
                    key,
                    expected,
                    found,
                }
            });
            report.note(count_differences, |r| &mut r.count_differences);
            let differences = compare(&expected, &stored, |key, expected, found| Difference {
                key,
                expected,
                found,
            });
            report.rows_checked += differences.keys;
            report.note(differences, |r| &mut r.differences);
        }
    }
    Ok(report)
}
