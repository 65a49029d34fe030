use sea_orm::entity::prelude::*;

/// Which households a rollup row has counted: the sealer inserts (rollup, household) pairs with
/// insert-if-absent and adds only the newly inserted ones to `households`, so a distinct count
/// applied batch by batch stays exact.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ledger_household_seen")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub rollup_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub household_id: Uuid,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
