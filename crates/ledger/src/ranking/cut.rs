//! A screen's top N and a caller's place, read from the rollups without fetching every
//! competitor. Where rollup rows hold the ranking (the whole campaign, a scope's rows of a
//! scoped dimension, or a [`KeyRange`] of cities), the total is one `ledger_rollup_count` row
//! (a range of cities is counted: at most a few hundred), the top is `ORDER BY value DESC LIMIT
//! n` plus whoever ties with the last, and a place is the caller's row by key and one aggregate
//! over the rows ahead (how many, and the smallest value among them). Within a scope — a
//! city's communities, a community's teams — the rows are read through the partial indexes on
//! `(…, scope_key, metric)`, so the top reads n rows and a place reads the rows ahead of the
//! caller: the work follows the caller's rank, not the size of its city. Elsewhere both fall
//! back to [`standings`].

use kernel::DomainResult;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Select,
};
use uuid::Uuid;

use super::standings::KeyRange;
use super::{Metric, Position, Ranked, Span, Standing, Within, order, position, standings};
use crate::entity::rollup;
use crate::rollup::{Dimension, campaign_key, count};

fn column(metric: Metric) -> rollup::Column {
    match metric {
        Metric::Jin => rollup::Column::Grams,
        Metric::Yuan => rollup::Column::Fen,
        Metric::Households => rollup::Column::Households,
    }
}

/// The rollup rows holding a ranking, when rollups hold it.
struct Rows {
    /// The ranking's rows.
    select: Select<rollup::Entity>,
    /// The rollup dimension the rows are of.
    dimension: Dimension,
    /// The prefix of each key that is the scope's (cut off to leave the competitor's).
    prefix: String,
    /// The `ledger_rollup_count` scope key that counts exactly these rows, if one does.
    counted: Option<String>,
}

fn rows(
    campaign_id: Option<Uuid>,
    dimension: Dimension,
    span: Span,
    within: &Within,
) -> Option<Rows> {
    let range = match within {
        Within::Campaign => None,
        _ => Some(KeyRange::of(dimension, within)?),
    };
    let dimension = range.as_ref().map_or(dimension, |r| r.dimension);
    let mut select = by_period(campaign_id, dimension, span);
    let (prefix, counted) = match &range {
        None => (String::new(), Some(String::new())),
        Some(range) => match range.scope() {
            // A scoped dimension: the scope's rows, by the partial indexes on `scope_key`.
            Some(scope) => {
                select = select.filter(rollup::Column::ScopeKey.eq(scope));
                (range.prefix.clone(), Some(scope.to_owned()))
            }
            // Cities of a province or a city: a key range, not LIKE, which the unique index
            // serves on both databases whatever the collation.
            None => {
                select = select
                    .filter(rollup::Column::DimKey.gte(range.prefix.as_str()))
                    .filter(rollup::Column::DimKey.lt(range.end()));
                (String::new(), None)
            }
        },
    };
    Some(Rows {
        select,
        dimension,
        prefix,
        counted,
    })
}

/// The rollup rows of one dimension and period, in every scope.
fn by_period(
    campaign_id: Option<Uuid>,
    dimension: Dimension,
    span: Span,
) -> Select<rollup::Entity> {
    rollup::Entity::find()
        .filter(rollup::Column::CampaignId.eq(campaign_key(campaign_id)))
        .filter(rollup::Column::Dimension.eq(dimension.as_str()))
        .filter(rollup::Column::Period.eq(span.period().as_str()))
        .filter(rollup::Column::PeriodKey.eq(span.key()))
}

impl Rows {
    /// Everyone ranked: one count row, or a count of a range of cities.
    async fn total(
        &self,
        conn: &impl ConnectionTrait,
        campaign_id: Option<Uuid>,
        span: Span,
    ) -> DomainResult<i64> {
        match &self.counted {
            Some(scope) => {
                count::rows(conn, campaign_key(campaign_id), self.dimension, span, scope).await
            }
            None => Ok(i64::try_from(self.select.clone().count(conn).await?).unwrap_or(i64::MAX)),
        }
    }

    fn standing(&self, r: rollup::Model) -> Standing {
        Standing {
            key: r
                .dim_key
                .get(self.prefix.len()..)
                .unwrap_or_default()
                .to_owned(),
            grams: r.grams,
            fen: r.fen,
            households: r.households,
        }
    }
}

/// Everyone ranked (the total) and the first `n` places with whoever ties at the cut.
pub async fn top(
    conn: &impl ConnectionTrait,
    campaign_id: Option<Uuid>,
    dimension: Dimension,
    metric: Metric,
    span: Span,
    within: &Within,
    n: usize,
) -> DomainResult<(usize, Vec<Ranked>)> {
    let Some(rows) = rows(campaign_id, dimension, span, within) else {
        let ranked = order(
            standings(conn, campaign_id, dimension, span, within).await?,
            metric,
        );
        return Ok((ranked.len(), super::top(ranked, n)));
    };
    let total = usize::try_from(rows.total(conn, campaign_id, span).await?).unwrap_or(0);
    if n == 0 || total == 0 {
        return Ok((total, Vec::new()));
    }
    let col = column(metric);
    let last: Option<i64> = rows
        .select
        .clone()
        .select_only()
        .column(col)
        .order_by_desc(col)
        .offset(u64::try_from(n - 1).unwrap_or(u64::MAX))
        .limit(1)
        .into_tuple()
        .one(conn)
        .await?;
    let q = match last {
        Some(v) => rows.select.clone().filter(Expr::col(col).gte(v)),
        // Fewer than n: everyone.
        None => rows.select.clone(),
    };
    let standings = q
        .all(conn)
        .await?
        .into_iter()
        .map(|r| rows.standing(r))
        .collect();
    Ok((total, super::top(order(standings, metric), n)))
}

/// Where `key` stands, as [`super::position`] defines it.
pub async fn place(
    conn: &impl ConnectionTrait,
    campaign_id: Option<Uuid>,
    (dimension, key): (Dimension, &str),
    metric: Metric,
    span: Span,
    within: &Within,
) -> DomainResult<Position> {
    let Some(rows) = rows(campaign_id, dimension, span, within) else {
        let ranked = order(
            standings(conn, campaign_id, dimension, span, within).await?,
            metric,
        );
        return Ok(position(&ranked, key));
    };
    let col = column(metric);
    // The caller's own row, by the unique key.
    let mine: Option<i64> = by_period(campaign_id, rows.dimension, span)
        .select_only()
        .column(col)
        .filter(rollup::Column::DimKey.eq(format!("{}{key}", rows.prefix)))
        .into_tuple()
        .one(conn)
        .await?;
    let value = mine.unwrap_or(0);
    // The rows ahead: how many, and the smallest value among them.
    let (ahead, above): (i64, Option<i64>) = rows
        .select
        .clone()
        .select_only()
        .expr(Expr::cust("CAST(COUNT(*) AS BIGINT)"))
        .expr(Expr::col(col).min())
        .filter(Expr::col(col).gt(value))
        .into_tuple()
        .one(conn)
        .await?
        .unwrap_or((0, None));
    let ranked = rows.total(conn, campaign_id, span).await?;
    let to_u32 = |n: i64| u32::try_from(n).unwrap_or(u32::MAX);
    Ok(Position {
        rank: to_u32(ahead + 1),
        of: to_u32(ranked + i64::from(mine.is_none())),
        value,
        gap_to_above: above.map(|a| a - value),
    })
}
