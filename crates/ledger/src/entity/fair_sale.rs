use kernel::{Fen, Grams};
use sea_orm::entity::prelude::*;

/// 市集销售: what a market fair sold, as its organiser recorded it; each became a FAIR entry.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "fair_sale")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub fair_id: Uuid,
    pub association_id: Uuid,
    pub enterprise_id: Option<Uuid>,
    pub project_id: Option<Uuid>,
    pub product_id: Uuid,
    /// The organiser's own line reference; unique per fair, so re-sending is safe.
    pub reference: Option<String>,
    pub sold_on: Date,
    pub quantity: i64,
    pub grams: Grams,
    pub fen: Fen,
    pub recorded_by: String,
    pub created_at: DateTimeUtc,
    pub entry_id: Uuid,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
