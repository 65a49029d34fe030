//! Recomputing the sold counts (`ledger_sold_count`: how many communities, products and
//! suppliers have had a sealed SALE per campaign, period and scope) with `COUNT(DISTINCT …)`
//! over the sealed entries, written out in SQL here, and comparing them with what the sealer
//! stored.

use std::collections::{BTreeMap, BTreeSet};

use kernel::DomainResult;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, QueryFilter, Statement};
use uuid::Uuid;

use super::rollups::text_or_uuid;
use crate::entity::sold_count;
use crate::rollup::first_sale::{CountKey, KINDS, PERIODS, SCOPES};
use crate::rollup::{Dimension, Period, campaign_key};

/// A sold count that does not match the entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SoldDifference {
    pub key: CountKey,
    pub expected: i64,
    pub found: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SoldReport {
    pub rows_checked: u64,
    pub difference_count: u64,
    /// The first differences (at most [`super::rollups::MAX_REPORTED`]).
    pub differences: Vec<SoldDifference>,
}

/// The entry column of a scope or a kind, and whether it holds a uuid.
fn column(d: Dimension) -> (&'static str, bool) {
    match d {
        Dimension::Association => ("association_id", true),
        Dimension::Enterprise => ("enterprise_id", true),
        Dimension::City => ("city_code", false),
        Dimension::Project => ("project_id", true),
        Dimension::Product => ("product_id", true),
        Dimension::Supplier => ("supplier_id", true),
        _ => ("''", false),
    }
}

fn query(p: Period, scope: Dimension, kind: Dimension) -> String {
    let (scope_col, _) = column(scope);
    let (thing, _) = column(kind);
    let period = if p == Period::Phase { "phase_id" } else { "''" };
    let mut filters = vec![
        "id IN (SELECT entry_id FROM ledger_seal)".to_owned(),
        "kind = 'SALE'".to_owned(),
        format!("{thing} IS NOT NULL"),
    ];
    let mut group = vec!["campaign_id"];
    if scope != Dimension::All {
        filters.push(format!("{scope_col} IS NOT NULL"));
        group.push(scope_col);
    }
    if p == Period::Phase {
        filters.push("phase_id IS NOT NULL".to_owned());
        group.push("phase_id");
    }
    format!(
        "SELECT campaign_id, {scope_col} AS scope_key, {period} AS period_key, \
         CAST(COUNT(DISTINCT {thing}) AS BIGINT) AS things \
         FROM ledger_entry WHERE {} GROUP BY {}",
        filters.join(" AND "),
        group.join(", ")
    )
}

/// Recomputes every sold count and compares it with the stored ones.
pub async fn recompute(conn: &impl ConnectionTrait) -> DomainResult<SoldReport> {
    let backend: DatabaseBackend = conn.get_database_backend();
    let mut report = SoldReport::default();
    for period in PERIODS {
        for scope in SCOPES {
            for kind in KINDS {
                let mut expected: BTreeMap<CountKey, i64> = BTreeMap::new();
                let sql = query(period, scope, kind);
                for row in conn
                    .query_all_raw(Statement::from_string(backend, sql))
                    .await?
                {
                    let key = CountKey {
                        campaign_id: campaign_key(
                            row.try_get_by::<Option<Uuid>, _>("campaign_id")?,
                        ),
                        period,
                        period_key: text_or_uuid(&row, "period_key", period == Period::Phase)?,
                        scope,
                        scope_key: text_or_uuid(&row, "scope_key", column(scope).1)?,
                        kind,
                    };
                    expected.insert(key, row.try_get_by("things")?);
                }
                let stored: BTreeMap<CountKey, i64> = sold_count::Entity::find()
                    .filter(sold_count::Column::Period.eq(period.as_str()))
                    .filter(sold_count::Column::Scope.eq(scope.as_str()))
                    .filter(sold_count::Column::Kind.eq(kind.as_str()))
                    .all(conn)
                    .await?
                    .into_iter()
                    .map(|m| {
                        let key = CountKey {
                            campaign_id: m.campaign_id,
                            period,
                            period_key: m.period_key,
                            scope,
                            scope_key: m.scope_key,
                            kind,
                        };
                        (key, m.things)
                    })
                    .collect();
                let keys: BTreeSet<&CountKey> = expected.keys().chain(stored.keys()).collect();
                for key in keys {
                    report.rows_checked += 1;
                    let e = expected.get(key).copied().unwrap_or_default();
                    let f = stored.get(key).copied().unwrap_or_default();
                    if e != f {
                        report.difference_count += 1;
                        if report.differences.len() < super::rollups::MAX_REPORTED {
                            report.differences.push(SoldDifference {
                                key: key.clone(),
                                expected: e,
                                found: f,
                            });
                        }
                    }
                }
            }
        }
    }
    Ok(report)
}
