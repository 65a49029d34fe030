use kernel::{Fen, Grams};
use sea_orm::entity::prelude::*;

/// 汇总: the sums of sealed entries for one campaign × dimension key × period. KPIs and
/// rankings read these rows, never the entries. `campaign_id` is the nil uuid for sales
/// outside every campaign; the `ALL` dimension and the `ALL` period have the key `""`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ledger_rollup")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub campaign_id: Uuid,
    pub dimension: String,
    pub dim_key: String,
    pub period: String,
    pub period_key: String,
    pub grams: Grams,
    pub fen: Fen,
    /// Entries summed (sales and reversals).
    pub entries: i64,
    /// The part of `grams` and `fen` sold while the product's certification was valid.
    pub certified_grams: Grams,
    pub certified_fen: Fen,
    /// Distinct households with at least one sale here (a refund does not un-count a household).
    pub households: i64,
    /// The scope's part of a scoped dimension's key (`340100` of `CITY_PROJECT`
    /// `340100/<project>`), NULL for the other dimensions: partial indexes on it and each
    /// metric order a scope's rows, so a ranking within a city reads its top by index.
    pub scope_key: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
