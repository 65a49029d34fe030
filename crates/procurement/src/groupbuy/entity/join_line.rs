use sea_orm::entity::prelude::*;

/// 参团明细: units of one item of the group buy in one join (what is reserved for it).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "group_buy_join_line")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub join_id: Uuid,
    pub group_buy_id: Uuid,
    pub item_id: Uuid,
    pub product_id: Uuid,
    pub quantity: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
