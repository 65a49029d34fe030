use kernel::{Fen, Grams};
use sea_orm::entity::prelude::*;

/// 团购商品: a listing of the group buy's store offered at the group price (never above the
/// store's price when the group buy was opened).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "group_buy_item")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub group_buy_id: Uuid,
    pub enterprise_id: Uuid,
    pub line_index: i32,
    pub listing_id: Uuid,
    pub product_id: Uuid,
    pub supplier_id: Uuid,
    pub group_price_fen: Fen,
    pub unit_grams: Grams,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
