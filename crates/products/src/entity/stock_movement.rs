use sea_orm::entity::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum MovementKind {
    /// Held for an order (available goes down, on hand stays).
    #[sea_orm(string_value = "RESERVE")]
    Reserve,
    /// A hold given back (order cancelled or expired).
    #[sea_orm(string_value = "RELEASE")]
    Release,
    /// A hold that shipped: on hand and reserved both go down.
    #[sea_orm(string_value = "COMMIT")]
    Commit,
    /// A correction or a delivery, with a reason.
    #[sea_orm(string_value = "ADJUST")]
    Adjust,
}

/// 库存流水: every change of a product's stock.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "stock_movement")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub product_id: Uuid,
    pub supplier_id: Uuid,
    pub kind: MovementKind,
    pub quantity: i64,
    pub reason: Option<String>,
    pub actor: String,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
