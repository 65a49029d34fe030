use sea_orm::entity::prelude::*;

/// The sealer's queue: one row per committed entry not sealed yet, written by `record` in the
/// caller's transaction and deleted by the sealer in the transaction that seals the entry. The
/// sealer takes what is here, not "ids above the last sealed one": on PostgreSQL entries commit
/// out of id order.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ledger_pending")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub entry_id: Uuid,
    pub recorded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
