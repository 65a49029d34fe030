//! 汇总: sums of sealed entries per campaign × dimension × period, kept by the sealer and read by
//! KPIs and rankings. Reads here take a few rows by key; none sums raw entries.

pub mod apply;
pub mod count;
pub mod first_sale;
pub mod keys;
pub mod rebuild;

use kernel::{DomainResult, Fen, Grams};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

pub use keys::{Dimension, Period, RollupKey, SCOPE_SEPARATOR, campaign_key, keys_of};

use crate::entity::rollup;

/// The figures of one rollup row (zero where nothing was sold).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    pub grams: Grams,
    pub fen: Fen,
    pub entries: i64,
    pub certified_grams: Grams,
    pub certified_fen: Fen,
    pub households: i64,
}

impl From<&rollup::Model> for Totals {
    fn from(m: &rollup::Model) -> Self {
        Self {
            grams: m.grams,
            fen: m.fen,
            entries: m.entries,
            certified_grams: m.certified_grams,
            certified_fen: m.certified_fen,
            households: m.households,
        }
    }
}

/// The totals of one rollup row: a campaign (`None`: sales outside every campaign), a
/// dimension key (`""` for ALL) and a period key (`""` for ALL).
pub async fn totals(
    conn: &impl ConnectionTrait,
    campaign_id: Option<Uuid>,
    dimension: Dimension,
    dim_key: &str,
    period: Period,
    period_key: &str,
) -> DomainResult<Totals> {
    let row = rollup::Entity::find()
        .filter(rollup::Column::CampaignId.eq(campaign_key(campaign_id)))
        .filter(rollup::Column::Dimension.eq(dimension.as_str()))
        .filter(rollup::Column::DimKey.eq(dim_key))
        .filter(rollup::Column::Period.eq(period.as_str()))
        .filter(rollup::Column::PeriodKey.eq(period_key))
        .one(conn)
        .await?;
    Ok(row.as_ref().map(Totals::from).unwrap_or_default())
}

/// All-time totals of one dimension key over every campaign (one row per campaign): what a
/// household's "my jin" shows. `households` is summed too, which is exact only within one
/// campaign.
pub async fn all_time(
    conn: &impl ConnectionTrait,
    dimension: Dimension,
    dim_key: &str,
) -> DomainResult<Totals> {
    let rows = rollup::Entity::find()
        .filter(rollup::Column::Dimension.eq(dimension.as_str()))
        .filter(rollup::Column::DimKey.eq(dim_key))
        .filter(rollup::Column::Period.eq(Period::All.as_str()))
        .all(conn)
        .await?;
    Ok(rows
        .iter()
        .map(Totals::from)
        .fold(Totals::default(), |a, b| Totals {
            grams: a.grams + b.grams,
            fen: a.fen + b.fen,
            entries: a.entries + b.entries,
            certified_grams: a.certified_grams + b.certified_grams,
            certified_fen: a.certified_fen + b.certified_fen,
            households: a.households + b.households,
        }))
}
