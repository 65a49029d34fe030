use kernel::{Fen, Grams};
use sea_orm::entity::prelude::*;

/// 参团状态
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum JoinState {
    /// 已参团: its units are reserved and counted in the group buy's totals.
    #[sea_orm(string_value = "ACTIVE")]
    Active,
    /// 已退团: withdrawn before closing; nothing reserved.
    #[sea_orm(string_value = "WITHDRAWN")]
    Withdrawn,
    /// 已下单: the group buy succeeded and this join became `order_id`.
    #[sea_orm(string_value = "ORDERED")]
    Ordered,
    /// 已释放: the group buy failed and the reservation was given back.
    #[sea_orm(string_value = "RELEASED")]
    Released,
}

/// 参团: one household's quantities in one group buy (one row per household and group buy).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "group_buy_join")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub group_buy_id: Uuid,
    pub enterprise_id: Uuid,
    pub project_id: Uuid,
    pub household_id: Uuid,
    pub state: JoinState,
    pub units: i64,
    pub grams: Grams,
    pub fen: Fen,
    pub order_id: Option<Uuid>,
    pub joined_by: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
