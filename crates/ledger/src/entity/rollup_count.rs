use sea_orm::entity::prelude::*;

/// How many [`super::rollup`] rows one campaign × dimension × period (key) × scope has: the
/// number of competitors a ranking has, read as one row. `scope_key` is the rollup row's
/// `scope_key` (`""` for the unscoped dimensions). The sealer adds the rows it inserts.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ledger_rollup_count")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub campaign_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub dimension: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub period: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub period_key: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub scope_key: String,
    pub row_count: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
