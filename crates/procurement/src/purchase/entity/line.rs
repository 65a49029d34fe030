use kernel::{Fen, Grams};
use sea_orm::entity::prelude::*;

/// 集采单行: one product at the agreed price; lines of one order may come from several
/// suppliers, each of whom sees its own.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "purchase_order_line")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub purchase_order_id: Uuid,
    pub enterprise_id: Uuid,
    pub supplier_id: Uuid,
    pub product_id: Uuid,
    pub line_index: i32,
    pub quantity: i64,
    pub unit_price_fen: Fen,
    pub unit_grams: Grams,
    pub amount_fen: Fen,
    pub grams: Grams,
    /// The SALE entry recorded when the payment was confirmed.
    pub ledger_entry_id: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
