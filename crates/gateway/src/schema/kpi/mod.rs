//! KPIs and rankings (目标完成情况、排行榜): the scorecard of a campaign against its targets,
//! rankings by dimension × metric × period within a scope, and the caller's own places. All
//! read the ledger's rollups (or a scope's sealed entries) through `ledger::ranking` and
//! `ledger::scorecard`; scopes are checked by the one tenant rule first.

pub mod inputs;
pub mod live;
pub mod types;

use async_graphql::{Context, ID, Object};
use gateway_macros::ranking_args;
use kernel::Message;
use kernel::error::codes;
use ledger::ranking::{self, Metric, Span, Within, labels};
use ledger::rollup::Dimension;
use uuid::Uuid;

use crate::schema::ids;
use crate::schema::ledger::RollupPeriod;
use crate::schema::{actor, state, visible};
use inputs::{KpiScope, RankingDimension, RankingMetric, span};
use types::{MyRank, Ranking, RankingRow, Scorecard};

/// The most rows a ranking returns (before ties at the cut).
pub const MAX_TOP: i32 = 100;

#[derive(Default)]
pub struct KpiQuery;

#[ranking_args]
#[Object]
impl KpiQuery {
    /// 目标完成情况: the campaign's figures against its targets, as a whole and per phase,
    /// optionally within one scope; null when the campaign, or the organisation the scope
    /// names, does not exist or the caller may not read it.
    async fn scorecard(
        &self,
        ctx: &Context<'_>,
        campaign_id: ID,
        scope: Option<KpiScope>,
    ) -> async_graphql::Result<Option<Scorecard>> {
        let (db, actor) = (&state(ctx)?.db, actor(ctx)?);
        let campaign = ids::parse::<ids::Campaign>("campaignId", &campaign_id)?;
        let within = scope.unwrap_or_default().within()?;
        if visible(ranking::access::check(db, actor, &within).await)?.is_none() {
            return Ok(None);
        }
        let card = visible(ledger::scorecard::scorecard(db, campaign, within).await)?;
        Ok(card.map(Scorecard))
    }

    /// 排行榜: the top `top` (at most 100, and whoever ties with the last) by dimension and
    /// metric over a period (key: "", a phase id, "YYYY-MM" or "YYYY-MM-DD"), optionally within
    /// one scope (null when the campaign or the organisation the scope names does not exist
    /// or the caller may not read it). Sealed sales only; equal values share a place (1, 2, 2, 4).
    async fn ranking(
        &self,
        ctx: &Context<'_>,
        args: RankingArgs,
    ) -> async_graphql::Result<Option<Ranking>> {
        match RankingKey::read(ctx, args).await? {
            Some(key) => Ok(Some(compute(&state(ctx)?.db, &key).await?)),
            None => Ok(None),
        }
    }

    /// 我的排名: a resident's team among its community's teams and its community among its
    /// city's; an enterprise among the enterprises buying in its city and among its
    /// association's members. Empty for other roles.
    async fn my_ranks(
        &self,
        ctx: &Context<'_>,
        campaign_id: ID,
        #[graphql(default_with = "RankingMetric::Jin")] metric: RankingMetric,
        #[graphql(default_with = "RollupPeriod::All")] period: RollupPeriod,
        #[graphql(default)] period_key: String,
    ) -> async_graphql::Result<Vec<MyRank>> {
        let (db, actor) = (&state(ctx)?.db, actor(ctx)?);
        let campaign = ids::parse::<ids::Campaign>("campaignId", &campaign_id)?;
        let span = span(period, &period_key)?;
        let mine = ranking::mine::my_ranks(db, actor, Some(campaign), metric.into(), span).await?;
        let mut out = Vec::with_capacity(mine.len());
        for rank in mine {
            let names = labels::names(db, rank.dimension, std::slice::from_ref(&rank.key)).await?;
            out.push(MyRank {
                name: names.get(&rank.key).cloned(),
                rank,
            });
        }
        Ok(out)
    }
}

/// A ranking's arguments as `ranking` and `rankingChanged` take them (`#[ranking_args]` writes
/// them out as the fields' seven arguments, with their defaults).
pub struct RankingArgs {
    pub campaign_id: ID,
    pub dimension: RankingDimension,
    pub metric: RankingMetric,
    pub period: RollupPeriod,
    pub period_key: String,
    pub scope: Option<KpiScope>,
    pub top: i32,
}

/// What a ranking ranks: its coordinates, checked and parsed from its arguments.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RankingKey {
    pub campaign: Uuid,
    pub dimension: Dimension,
    pub metric: Metric,
    pub span: Span,
    pub within: Within,
    pub top: i32,
}

impl RankingKey {
    /// The key of a ranking's arguments, or `None` when the campaign does not exist or the
    /// scope names an organisation that does not exist or that the caller may not read.
    pub async fn read(ctx: &Context<'_>, args: RankingArgs) -> async_graphql::Result<Option<Self>> {
        let (db, actor) = (&state(ctx)?.db, actor(ctx)?);
        let campaign = ids::parse::<ids::Campaign>("campaignId", &args.campaign_id)?;
        check_top(args.top)?;
        let within = args.scope.unwrap_or_default().within()?;
        let span = span(args.period, &args.period_key)?;
        let seen = async {
            campaigns::calendar::get(db, campaign).await?;
            ranking::access::check(db, actor, &within).await
        };
        if visible(seen.await)?.is_none() {
            return Ok(None);
        }
        Ok(Some(Self {
            campaign,
            dimension: args.dimension.into(),
            metric: args.metric.into(),
            span,
            within,
            top: args.top,
        }))
    }
}

/// One ranking: ordered, cut at `top` (ties kept), named.
pub async fn compute(
    db: &impl sea_orm::ConnectionTrait,
    key: &RankingKey,
) -> Result<Ranking, kernel::DomainError> {
    let d = key.dimension;
    let (total, rows) = ranking::cut::top(
        db,
        Some(key.campaign),
        d,
        key.metric,
        key.span,
        &key.within,
        usize::try_from(key.top).unwrap_or(10),
    )
    .await?;
    let total = i32::try_from(total).unwrap_or(i32::MAX);
    let keys: Vec<String> = rows.iter().map(|r| r.standing.key.clone()).collect();
    let names = labels::names(db, d, &keys).await?;
    Ok(Ranking {
        dimension: d.into(),
        total,
        rows: rows
            .into_iter()
            .map(|ranked| RankingRow {
                dimension: d,
                name: names.get(&ranked.standing.key).cloned(),
                ranked,
            })
            .collect(),
    })
}

/// `top` must be 1..=100.
pub fn check_top(top: i32) -> Result<(), kernel::DomainError> {
    if (1..=MAX_TOP).contains(&top) {
        return Ok(());
    }
    Err(kernel::DomainError::invalid(
        &["top"],
        codes::OUT_OF_RANGE,
        Message::new("top 须在 1 到 100 之间", "top must be between 1 and 100"),
    ))
}
