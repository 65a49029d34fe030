//! The sales of a progress report's period (销售额 and 斤数 of a month or week), pre-filled
//! from the ledger: the sealed entries of the campaign counted on a day of the period, of one
//! association (or everyone's, for the service team's weekly report), summed from the DAY
//! rollups — at most 31 rows.

use chrono::NaiveDate;
use kernel::{DomainResult, Fen, Grams};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::entity::rollup;
use crate::rollup::{Dimension, Period};

pub async fn period_sales(
    conn: &impl ConnectionTrait,
    campaign_id: Uuid,
    association_id: Option<Uuid>,
    start: NaiveDate,
    end: NaiveDate,
) -> DomainResult<(Fen, Grams)> {
    let (dimension, key) = match association_id {
        Some(a) => (Dimension::Association, a.to_string()),
        None => (Dimension::All, String::new()),
    };
    let day = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    let rows = rollup::Entity::find()
        .filter(rollup::Column::CampaignId.eq(campaign_id))
        .filter(rollup::Column::Dimension.eq(dimension.as_str()))
        .filter(rollup::Column::DimKey.eq(key))
        .filter(rollup::Column::Period.eq(Period::Day.as_str()))
        // ISO dates order as text, so the key range is the date range.
        .filter(rollup::Column::PeriodKey.between(day(start), day(end)))
        .all(conn)
        .await?;
    Ok(rows
        .iter()
        .fold((Fen(0), Grams(0)), |(f, g), r| (f + r.fen, g + r.grams)))
}
