//! 目标完成情况 (scorecard): a campaign's figures against its targets, for the whole campaign
//! and per phase, optionally within an association, enterprise, project, province or city.
//!
//! The ledger's figures come from the rollups: jin, yuan and households from the scope's own
//! rollup row, and which communities, suppliers and products sold from the first sales the
//! sealer keeps ([`crate::rollup::first_sale`]); or from the scope's sealed entries where
//! neither is keyed by the scope (a project, a province); the campaign's own records (enlistments,
//! fairs, employment, suppliers' beneficiaries) are counted in [`records`]. The README defines
//! each figure; the domain tests recompute each one with a fresh GROUP BY.

pub mod period;
pub mod records;

use std::collections::HashMap;

use campaigns::entity::campaign_phase;
use campaigns::entity::campaign_target::TargetKind;
use kernel::{DomainResult, Fen, Grams};
use sea_orm::ConnectionTrait;
use sea_orm::sea_query::{ColumnRef, IntoColumnRef};
use uuid::Uuid;

use crate::ranking::{Span, Standing, Within, standings};
use crate::rollup::{self, Dimension, first_sale};
use products::entity::{product, supplier, supplier_beneficiary};

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
    /// 有销售的社区: projects with at least one counted sale, which a refund does not un-count
    /// (target COMMUNITIES_JOINED).
    pub communities_with_sales: Figure,
    /// 参战社区: projects of enterprises with a confirmed enlistment (target COMMUNITIES_JOINED).
    pub communities_enlisted: Figure,
    /// 定制产品销售: custom products (定制研发) with at least one counted sale
    /// (target CUSTOM_PRODUCTS).
    pub custom_products_sold: Figure,
    /// 直接帮扶: distinct beneficiary references of suppliers with at least one counted sale,
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

/// What has sold in a scope and span: the communities, custom products and suppliers with at
/// least one sealed SALE, and the poor households behind those suppliers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Sold {
    communities: i64,
    custom_products: i64,
    helped: records::Helped,
}

async fn sold(
    conn: &impl ConnectionTrait,
    campaign_id: Uuid,
    span: Span,
    within: &Within,
) -> DomainResult<Sold> {
    if let Some((scope, key)) = first_sale::scope_of(within) {
        // Kept by the sealer: one row, and probes bounded by the catalogue.
        let has_sold = |kind, thing: ColumnRef| {
            first_sale::has_sold(campaign_id, span, scope, &key, kind, thing)
        };
        return Ok(Sold {
            communities: first_sale::count(
                conn,
                campaign_id,
                span,
                scope,
                &key,
                Dimension::Project,
            )
            .await?,
            custom_products: records::custom_products_where(
                conn,
                has_sold(
                    Dimension::Product,
                    (product::Entity, product::Column::Id).into_column_ref(),
                ),
            )
            .await?,
            helped: records::helped_where(
                conn,
                has_sold(
                    Dimension::Supplier,
                    (
                        supplier_beneficiary::Entity,
                        supplier_beneficiary::Column::SupplierId,
                    )
                        .into_column_ref(),
                ),
                has_sold(
                    Dimension::Supplier,
                    (supplier::Entity, supplier::Column::Id).into_column_ref(),
                ),
            )
            .await?,
        });
    }
    // A project's or a province's own sealed sales.
    let things = |kind| first_sale::from_entries(conn, campaign_id, span, within, kind);
    let custom = records::custom_products(conn).await?;
    let products = things(Dimension::Product).await?;
    let count = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
    Ok(Sold {
        communities: count(things(Dimension::Project).await?.len()),
        custom_products: count(
            products
                .iter()
                .filter(|p| custom.contains(&p.to_string()))
                .count(),
        ),
        helped: records::helped(conn, &things(Dimension::Supplier).await?).await?,
    })
}

async fn card(
    conn: &impl ConnectionTrait,
    campaign_id: Uuid,
    within: &Within,
    phase: Option<&campaign_phase::Model>,
    targets: &HashMap<TargetKind, i64>,
    enlisted: i64,
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
    let sold = sold(conn, campaign_id, span, within).await?;
    let jobs = records::jobs(conn, campaign_id, within, dates).await?;
    Ok(Card {
        grams: totals.grams,
        fen: totals.fen,
        households: figure(TargetKind::HouseholdsParticipating, totals.households),
        communities_with_sales: figure(TargetKind::CommunitiesJoined, sold.communities),
        communities_enlisted: figure(TargetKind::CommunitiesJoined, enlisted),
        custom_products_sold: figure(TargetKind::CustomProducts, sold.custom_products),
        poor_households_direct: figure(
            TargetKind::PoorHouseholdsDirect,
            sold.helped.beneficiaries + jobs,
        ),
        poor_households_indirect: figure(TargetKind::PoorHouseholdsIndirect, sold.helped.linked),
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
    // The same for every span: enlistment is not dated.
    let enlisted = records::communities_enlisted(conn, campaign_id, &within).await?;
    let whole = card(conn, campaign_id, &within, None, &targets, enlisted).await?;
    let mut phases = Vec::new();
    for phase in campaigns::calendar::phases(conn, campaign_id).await? {
        let c = card(conn, campaign_id, &within, Some(&phase), &targets, enlisted).await?;
        phases.push((phase, c));
    }
    Ok(Scorecard {
        campaign_id,
        within,
        whole,
        phases,
    })
}
