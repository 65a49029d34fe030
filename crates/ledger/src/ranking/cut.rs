//! A screen's top N and a caller's place, read from the rollups without fetching every
//! competitor: where rollup rows hold the ranking ([`KeyRange`] or the whole campaign), the top
//! is `ORDER BY value DESC LIMIT n` plus whoever ties with the last, and a place is three
//! aggregates in one pass (how many are ranked, how many are ahead, the smallest value ahead). A city's
//! thousands of communities stay in the database. Elsewhere both fall back to [`standings`].

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
use crate::rollup::{Dimension, campaign_key};

fn column(metric: Metric) -> rollup::Column {
    match metric {
        Metric::Jin => rollup::Column::Grams,
        Metric::Yuan => rollup::Column::Fen,
        Metric::Households => rollup::Column::Households,
    }
}

/// The rollup rows of the ranking and how much of each key to cut off, when rollups hold it.
fn rows(
    campaign_id: Option<Uuid>,
    dimension: Dimension,
    span: Span,
    within: &Within,
) -> Option<(Select<rollup::Entity>, usize)> {
    let range = match within {
        Within::Campaign => None,
        _ => Some(KeyRange::of(dimension, within)?),
    };
    let mut q = rollup::Entity::find()
        .filter(rollup::Column::CampaignId.eq(campaign_key(campaign_id)))
        .filter(
            rollup::Column::Dimension
                .eq(range.as_ref().map_or(dimension, |r| r.dimension).as_str()),
        )
        .filter(rollup::Column::Period.eq(span.period().as_str()))
        .filter(rollup::Column::PeriodKey.eq(span.key()));
    let mut cut = 0;
    if let Some(range) = &range {
        q = q
            .filter(rollup::Column::DimKey.gte(range.prefix.as_str()))
            .filter(rollup::Column::DimKey.lt(range.end()));
        if range.scoped {
            cut = range.prefix.len();
        }
    }
    Some((q, cut))
}

fn standing(r: rollup::Model, cut: usize) -> Standing {
    Standing {
        key: r.dim_key.get(cut..).unwrap_or_default().to_owned(),
        grams: r.grams,
        fen: r.fen,
        households: r.households,
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
    let Some((q, cut)) = rows(campaign_id, dimension, span, within) else {
        let ranked = order(
            standings(conn, campaign_id, dimension, span, within).await?,
            metric,
        );
        return Ok((ranked.len(), super::top(ranked, n)));
    };
    let total = usize::try_from(q.clone().count(conn).await?).unwrap_or(usize::MAX);
    if n == 0 || total == 0 {
        return Ok((total, Vec::new()));
    }
    let col = column(metric);
    let last: Option<i64> = q
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
        Some(v) => q.filter(Expr::col(col).gte(v)),
        // Fewer than n: everyone.
        None => q,
    };
    let standings = q
        .all(conn)
        .await?
        .into_iter()
        .map(|r| standing(r, cut))
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
    let Some((q, cut)) = rows(campaign_id, dimension, span, within) else {
        let ranked = order(
            standings(conn, campaign_id, dimension, span, within).await?,
            metric,
        );
        return Ok(position(&ranked, key));
    };
    let col = column(metric);
    let prefix = match within {
        Within::Campaign => String::new(),
        _ => KeyRange::of(dimension, within)
            .filter(|r| r.scoped)
            .map(|r| r.prefix)
            .unwrap_or_default(),
    };
    debug_assert_eq!(prefix.len(), cut);
    let mine: Option<i64> = q
        .clone()
        .select_only()
        .column(col)
        .filter(rollup::Column::DimKey.eq(format!("{prefix}{key}")))
        .into_tuple()
        .one(conn)
        .await?;
    let value = mine.unwrap_or(0);
    // One pass over the scope's rows: everyone ranked, those ahead, the smallest value ahead.
    // `value` is an i64 the database returned, so it is written into the SQL as a number.
    let name = match metric {
        Metric::Jin => "grams",
        Metric::Yuan => "fen",
        Metric::Households => "households",
    };
    let (ranked, ahead, above): (i64, i64, Option<i64>) = q
        .select_only()
        .expr(Expr::cust("CAST(COUNT(*) AS BIGINT)"))
        .expr(Expr::cust(format!(
            "CAST(COALESCE(SUM(CASE WHEN {name} > {value} THEN 1 ELSE 0 END), 0) AS BIGINT)"
        )))
        .expr(Expr::cust(format!(
            "MIN(CASE WHEN {name} > {value} THEN {name} END)"
        )))
        .into_tuple()
        .one(conn)
        .await?
        .unwrap_or((0, 0, None));
    let to_u32 = |n: i64| u32::try_from(n).unwrap_or(u32::MAX);
    Ok(Position {
        rank: to_u32(ahead + 1),
        of: to_u32(ranked + i64::from(mine.is_none())),
        value,
        gap_to_above: above.map(|a| a - value),
    })
}
