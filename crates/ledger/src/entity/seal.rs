use sea_orm::entity::prelude::*;

/// 封存: an entry's place in the chain. Append-only, like entries: the sequence numbers run
/// 1, 2, 3 … without gaps, and each hash covers the entry's canonical content and the previous
/// hash, so changing or removing any entry or seal breaks the chain from there on.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ledger_seal")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub seq: i64,
    #[sea_orm(unique)]
    pub entry_id: Uuid,
    /// Lower-case hex SHA-256.
    pub prev_hash: String,
    pub hash: String,
    pub sealed_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
