use kernel::{Fen, Grams};
use sea_orm::entity::prelude::*;

use crate::types::{Channel, EntryKind, Source};

/// 台账条目: one counted sale line, or a refund or correction of one. Append-only: every fact a
/// ranking needs is copied here when the entry is written, so later changes to a product, a
/// project or a household never rewrite what was counted.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ledger_entry")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub kind: EntryKind,
    /// For refunds and corrections: the SALE entry they take back from.
    pub reverses_id: Option<Uuid>,
    pub source: Source,
    /// The id of the fact this entry records (order line, refund, reported row, fair sale).
    pub source_ref: String,
    /// The campaign and phase the sale counts for; `None` outside every campaign (phase).
    pub campaign_id: Option<Uuid>,
    pub phase_id: Option<Uuid>,
    /// The day (Asia/Shanghai) the sale counts for. A reversal counts on its sale's day, so no
    /// day, month or phase of a sale ever goes below zero.
    pub counted_on: Date,
    pub occurred_at: DateTimeUtc,
    /// When `record` wrote the entry (wall clock), the start of the sealer's lag.
    pub recorded_at: DateTimeUtc,
    /// The credential that caused the entry (`sub`), for audit.
    pub recorded_by: String,
    /// Units sold; negative for reversals.
    pub quantity: i64,
    pub grams: Grams,
    pub fen: Fen,
    pub product_id: Uuid,
    pub supplier_id: Uuid,
    /// The product's origin county and its province (GB/T 2260).
    pub county_code: String,
    pub province_code: String,
    /// Whether the product's certification (扶贫产品认定) was valid when it was sold.
    pub certified: bool,
    pub enterprise_id: Option<Uuid>,
    pub project_id: Option<Uuid>,
    pub city_code: Option<String>,
    pub association_id: Option<Uuid>,
    pub household_id: Option<Uuid>,
    /// The team (战队) the household was in when it bought.
    pub team_id: Option<Uuid>,
    pub channel: Channel,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
