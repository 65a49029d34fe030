use kernel::{Fen, Grams};
use sea_orm::entity::prelude::*;

use crate::types::Channel;

/// 上报状态: a reported row waits as REPORTED; only VERIFIED rows are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum ReportedStatus {
    /// 待审核
    #[sea_orm(string_value = "REPORTED")]
    Reported,
    /// 已核实: counted in the ledger.
    #[sea_orm(string_value = "VERIFIED")]
    Verified,
    /// 已驳回 (with a reason); a verified row rejected later is taken back by a correction.
    #[sea_orm(string_value = "REJECTED")]
    Rejected,
}

/// 上报销售行: a sale a company's own mall made, as reported, with the checks' flags.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reported_row")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub batch_id: Uuid,
    pub enterprise_id: Uuid,
    pub association_id: Option<Uuid>,
    pub external_order_id: String,
    pub external_line: String,
    /// SHA-256 of the row's normalised content: a re-sent row is recognised by it.
    pub content_hash: String,
    /// SHA-256 of the sale without its external identity (day, project, product, quantity,
    /// weight, amount): the same sale reported under another order id has the same key.
    pub sale_key: String,
    pub sold_on: Date,
    pub project_id: Uuid,
    /// `None` when neither the product id nor the certificate number named a product.
    pub product_id: Option<Uuid>,
    /// What the company sent to name the product (a product id or a certificate number).
    pub product_ref: String,
    pub quantity: i64,
    pub grams: Grams,
    pub fen: Fen,
    pub channel: Channel,
    pub status: ReportedStatus,
    /// Comma-separated automatic flags for the reviewer (see `reported::Flag`).
    pub flags: String,
    pub review_reason: Option<String>,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<DateTimeUtc>,
    /// The SALE entry a verified row became.
    pub entry_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
