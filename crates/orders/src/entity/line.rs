use kernel::{Fen, Grams};
use sea_orm::entity::prelude::*;

/// 订单行: one listing of the order, at the price and weight it had when the order was placed.
/// It carries the tenant columns (enterprise, household, supplier, hosted) so that the one
/// tenant rule scopes lines without a join.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "order_line")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub order_id: Uuid,
    /// The line's position in the order as placed (0-based).
    pub line_index: i32,
    pub enterprise_id: Uuid,
    pub household_id: Uuid,
    pub supplier_id: Uuid,
    pub hosted: bool,
    pub listing_id: Uuid,
    pub product_id: Uuid,
    pub quantity: i64,
    pub unit_price_fen: Fen,
    pub unit_grams: Grams,
    pub amount_fen: Fen,
    pub grams: Grams,
    pub refunded_quantity: i64,
    pub refunded_fen: Fen,
    pub restocked_quantity: i64,
    /// The SALE entry recorded when the order was paid.
    pub ledger_entry_id: Option<Uuid>,
    pub carrier: Option<String>,
    pub tracking_number: Option<String>,
    pub shipped_at: Option<DateTimeUtc>,
}

impl Model {
    /// Units paid for and not refunded.
    pub fn remaining(&self) -> i64 {
        self.quantity - self.refunded_quantity
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
