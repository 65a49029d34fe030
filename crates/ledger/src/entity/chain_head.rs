use sea_orm::entity::prelude::*;

/// The chain head: the one row (id 1) the sealer advances with a conditional UPDATE in each
/// batch's transaction. Only the sealer touches it, never the write path.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ledger_chain_head")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i32,
    /// The last sequence number sealed (0: none yet).
    pub seq: i64,
    pub hash: String,
    pub sealed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
