//! 参与排名数: how many rollup rows — competitors of a ranking — each campaign × dimension ×
//! period × scope has, kept beside the rollups so that a ranking's total (and a caller's "of
//! how many") is one row, not a count over a city's thousands of communities.
//!
//! The scope is the rollup row's `scope_key` (a scoped dimension's scope: the city of
//! `CITY_PROJECT`), or `""` for the other dimensions (the whole campaign's ranking). The sealer
//! adds the rows its upsert inserted ([`add`]); [`rebuild`] counts them in SQL after the
//! rollups are rebuilt; the audit compares each count with the rows it recomputes.

use std::collections::BTreeMap;

use kernel::DomainResult;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, InsertStatement, OnConflict, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, QuerySelect,
    Statement, Value,
};
use uuid::Uuid;

use super::keys::{Dimension, Period, RollupKey};
use crate::entity::rollup_count;
use crate::ranking::Span;

const ROWS: usize = 500;

/// One count's identity: campaign, dimension, period, period key, scope key (`""` unscoped).
pub type CountOf = (Uuid, Dimension, Period, String, String);

/// The count a rollup row belongs to.
pub fn count_of(key: &RollupKey) -> CountOf {
    (
        key.campaign_id,
        key.dimension,
        key.period,
        key.period_key.clone(),
        key.scope_key().unwrap_or_default().to_owned(),
    )
}

/// Adds the rollup rows a sealed batch inserted, inside the sealer's transaction.
pub async fn add(txn: &DatabaseTransaction, inserted: &[RollupKey]) -> DomainResult<()> {
    let mut counts: BTreeMap<CountOf, i64> = BTreeMap::new();
    for key in inserted {
        *counts.entry(count_of(key)).or_default() += 1;
    }
    let counts: Vec<(CountOf, i64)> = counts.into_iter().collect();
    for chunk in counts.chunks(ROWS) {
        txn.execute(&add_counts(chunk)).await?;
    }
    Ok(())
}

fn add_counts(rows: &[(CountOf, i64)]) -> InsertStatement {
    use rollup_count::Column as C;
    let key = [
        C::CampaignId,
        C::Dimension,
        C::Period,
        C::PeriodKey,
        C::ScopeKey,
    ];
    let mut insert = Query::insert();
    insert
        .into_table(rollup_count::Entity)
        .columns(key.into_iter().chain([C::RowCount]));
    for ((campaign_id, dimension, period, period_key, scope_key), n) in rows {
        insert.values_panic([
            Value::from(*campaign_id).into(),
            dimension.as_str().into(),
            period.as_str().into(),
            period_key.clone().into(),
            scope_key.clone().into(),
            (*n).into(),
        ]);
    }
    let mut on_conflict = OnConflict::columns(key);
    on_conflict.value(
        C::RowCount,
        Expr::col((rollup_count::Entity, C::RowCount))
            .add(Expr::col((Alias::new("excluded"), C::RowCount))),
    );
    insert.on_conflict(on_conflict.to_owned()).to_owned()
}

/// How many rollup rows `dimension` has in the campaign, span and scope (`""`: unscoped).
pub async fn rows(
    conn: &impl ConnectionTrait,
    campaign_id: Uuid,
    dimension: Dimension,
    span: Span,
    scope_key: &str,
) -> DomainResult<i64> {
    use rollup_count::Column as C;
    let n: Option<i64> = rollup_count::Entity::find()
        .select_only()
        .column(C::RowCount)
        .filter(C::CampaignId.eq(campaign_id))
        .filter(C::Dimension.eq(dimension.as_str()))
        .filter(C::Period.eq(span.period().as_str()))
        .filter(C::PeriodKey.eq(span.key()))
        .filter(C::ScopeKey.eq(scope_key))
        .into_tuple()
        .one(conn)
        .await?;
    Ok(n.unwrap_or(0))
}

/// Every stored count (for the audit).
pub async fn stored(
    conn: &impl ConnectionTrait,
    dimension: Dimension,
    period: Period,
) -> DomainResult<BTreeMap<CountOf, i64>> {
    use rollup_count::Column as C;
    Ok(rollup_count::Entity::find()
        .filter(C::Dimension.eq(dimension.as_str()))
        .filter(C::Period.eq(period.as_str()))
        .all(conn)
        .await?
        .into_iter()
        .map(|m| {
            (
                (m.campaign_id, dimension, period, m.period_key, m.scope_key),
                m.row_count,
            )
        })
        .collect())
}

/// Replaces every count with a count of the rollup rows, in SQL.
pub async fn rebuild(conn: &impl ConnectionTrait) -> DomainResult<()> {
    let backend = conn.get_database_backend();
    let run = |sql: &str| Statement::from_string(backend, sql.to_owned());
    conn.execute_raw(run("DELETE FROM ledger_rollup_count"))
        .await?;
    conn.execute_raw(run(
        "INSERT INTO ledger_rollup_count (campaign_id, dimension, period, period_key, scope_key, \
         row_count) SELECT campaign_id, dimension, period, period_key, COALESCE(scope_key, ''), \
         CAST(COUNT(*) AS BIGINT) FROM ledger_rollup \
         GROUP BY campaign_id, dimension, period, period_key, COALESCE(scope_key, '')",
    ))
    .await?;
    Ok(())
}
