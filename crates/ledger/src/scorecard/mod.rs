//! 目标完成情况 (scorecard): a campaign's figures against its targets, for the whole campaign
//! and per phase, optionally within an association, enterprise, project, province or city.
//!
//! The ledger's figures (jin, yuan, households, and which communities, suppliers and products
//! sold) come from the rollups, or from the scope's sealed entries where the rollups are not
//! keyed by the scope ([`crate::ranking::standings`]); the campaign's own records (enlistments,
//! fairs, employment, suppliers' beneficiaries) are counted in [`records`]. The README defines
//! each figure; the domain tests recompute each one with a fresh GROUP BY.

pub mod period;
pub mod records;

use std::collections::{HashMap, HashSet};

use campaigns::entity::campaign_phase;
use campaigns::entity::campaign_target::TargetKind;
use kernel::{DomainResult, Fen, Grams};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use crate::ranking::{Span, Standing, Within, standings};
use crate::rollup::{self, Dimension};

/// One figure against its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Figure {
    pub value: i64,
    /// The campaign's target for this figure, if it set one.
    pub target: Option<i64>,
}

impl Figure {
    /// Percent of the target reached, to one decimal (`None` without a positive target).
    pub fn percent(&self) -> Option<f64> {
        let target = self.target.filter(|t| *t > 0)?;
        Some((self.value as f64 * 1000.0 / target as f64).round() / 10.0)
    }
}

/// The figures of one span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    pub grams: Grams,
    pub fen: Fen,
    /// 参与家庭: distinct households with a counted sale (target HOUSEHOLDS_PARTICIPATING).
    pub households: Figure,
    /// 有销售的社区: projects whose counted sales are above zero (target COMMUNITIES_JOINED).
    pub communities_with_sales: Figure,
    /// 参战社区: projects of enterprises with a confirmed enlistment (target COMMUNITIES_JOINED).
    pub communities_enlisted: Figure,
    /// 定制产品销售: custom products (定制研发) whose counted sales are above zero
    /// (target CUSTOM_PRODUCTS).
    pub custom_products_sold: Figure,
    /// 直接帮扶: distinct beneficiary references of suppliers with counted sales above zero,
    /// plus employment records (target POOR_HOUSEHOLDS_DIRECT).
    pub poor_households_direct: Figure,
    /// 间接帮扶: the linked poor households those suppliers declared (target
    /// POOR_HOUSEHOLDS_INDIRECT).
    pub poor_households_indirect: Figure,
    /// 大型市集: fairs held (target MARKET_FAIRS).
    pub fairs_held: Figure,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scorecard {
    pub campaign_id: Uuid,
    pub within: Within,
    pub whole: Card,
    /// One card per phase of the campaign, in order.
    pub phases: Vec<(campaign_phase::Model, Card)>,
}

/// The rollup row that holds a scope's own totals, when there is one.
fn rollup_key(within: &Within) -> Option<(Dimension, String)> {
    match within {
        Within::Campaign => Some((Dimension::All, String::new())),
        Within::Association(id) => Some((Dimension::Association, id.to_string())),
        Within::Enterprise(id) => Some((Dimension::Enterprise, id.to_string())),
        Within::Project(id) => Some((Dimension::Project, id.to_string())),
        Within::City(code) => Some((Dimension::City, code.clone())),
        // The PROVINCE rollup is the products' origin, not the buyers' province.
        Within::Province(_) => None,
    }
}

/// Keys of a dimension whose counted sales in the scope and span are above zero.
async fn sold(
    conn: &impl ConnectionTrait,
    campaign_id: Uuid,
    dimension: Dimension,
    span: Span,
    within: &Within,
) -> DomainResult<Vec<String>> {
    Ok(standings(conn, Some(campaign_id), dimension, span, within)
        .await?
        .into_iter()
        .filter(|s| s.fen.0 > 0)
        .map(|s| s.key)
        .collect())
}

async fn card(
    conn: &impl ConnectionTrait,
    campaign_id: Uuid,
    within: &Within,
    phase: Option<&campaign_phase::Model>,
    targets: &HashMap<TargetKind, i64>,
    custom: &HashSet<String>,
) -> DomainResult<Card> {
    let span = phase.map_or(Span::All, |p| Span::Phase(p.id));
    let dates = phase.map(|p| (p.starts_on, p.ends_on));
    let figure = |kind: TargetKind, value: i64| Figure {
        value,
        target: targets.get(&kind).copied(),
    };
    let totals = match rollup_key(within) {
        Some((dimension, key)) => {
            let t = rollup::totals(
                conn,
                Some(campaign_id),
                dimension,
                &key,
                span.period(),
                &span.key(),
            )
            .await?;
            Standing {
                key,
                grams: t.grams,
                fen: t.fen,
                households: t.households,
            }
        }
        None => standings(conn, Some(campaign_id), Dimension::All, span, within)
            .await?
            .pop()
            .unwrap_or(Standing {
                key: String::new(),
                grams: Grams(0),
                fen: Fen(0),
                households: 0,
            }),
    };
    let communities = crate::ranking::standings::count_sold(
        conn,
        Some(campaign_id),
        Dimension::Project,
        span,
        within,
    )
    .await?;
    let products = sold(conn, campaign_id, Dimension::Product, span, within).await?;
    let suppliers: Vec<Uuid> = sold(conn, campaign_id, Dimension::Supplier, span, within)
        .await?
        .iter()
        .filter_map(|k| k.parse().ok())
        .collect();
    let helped = records::helped(conn, &suppliers).await?;
    let jobs = records::jobs(conn, campaign_id, within, dates).await?;
    let count = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
    Ok(Card {
        grams: totals.grams,
        fen: totals.fen,
        households: figure(TargetKind::HouseholdsParticipating, totals.households),
        communities_with_sales: figure(TargetKind::CommunitiesJoined, communities),
        communities_enlisted: figure(
            TargetKind::CommunitiesJoined,
            records::communities_enlisted(conn, campaign_id, within).await?,
        ),
        custom_products_sold: figure(
            TargetKind::CustomProducts,
            count(products.iter().filter(|p| custom.contains(*p)).count()),
        ),
        poor_households_direct: figure(
            TargetKind::PoorHouseholdsDirect,
            helped.beneficiaries + jobs,
        ),
        poor_households_indirect: figure(TargetKind::PoorHouseholdsIndirect, helped.linked),
        fairs_held: figure(
            TargetKind::MarketFairs,
            records::fairs_held(conn, campaign_id, within, dates).await?,
        ),
    })
}

/// The scorecard of a campaign within a scope. The caller checks the scope first
/// ([`crate::ranking::access::check`]).
pub async fn scorecard(
    conn: &impl ConnectionTrait,
    campaign_id: Uuid,
    within: Within,
) -> DomainResult<Scorecard> {
    campaigns::calendar::get(conn, campaign_id).await?;
    let targets: HashMap<TargetKind, i64> = campaigns::calendar::targets(conn, campaign_id)
        .await?
        .into_iter()
        .map(|t| (t.kind, t.value))
        .collect();
    let custom = records::custom_products(conn).await?;
    let whole = card(conn, campaign_id, &within, None, &targets, &custom).await?;
    let mut phases = Vec::new();
    for phase in campaigns::calendar::phases(conn, campaign_id).await? {
        let c = card(conn, campaign_id, &within, Some(&phase), &targets, &custom).await?;
        phases.push((phase, c));
    }
    Ok(Scorecard {
        campaign_id,
        within,
        whole,
        phases,
    })
}
