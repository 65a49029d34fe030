use sea_orm::entity::prelude::*;

/// 首笔销售: a thing (a project, product or supplier: `kind`) that has had at least one sealed
/// SALE within a scope (`scope` is a rollup dimension — ALL, ASSOCIATION, ENTERPRISE or CITY —
/// and `scope_key` its key) and a period (ALL, or a PHASE). The sealer inserts it if absent and
/// counts the insert in [`super::sold_count`]; a refund never removes it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ledger_first_sale")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub campaign_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub period: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub period_key: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub scope: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub scope_key: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub kind: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub thing_id: Uuid,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
