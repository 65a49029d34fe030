use sea_orm::entity::prelude::*;

/// The three 三专 channels a store can be.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    EnumIter,
    DeriveActiveEnum,
    serde::Serialize,
    serde::Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum StoreKind {
    /// 专区: a zone in the company's own APP or mini-store.
    #[sea_orm(string_value = "ZONE")]
    Zone,
    /// 专馆/托管: a store the alliance's e-commerce team runs for a company without an app.
    #[sea_orm(string_value = "HOSTED")]
    Hosted,
    /// 专柜: a counter in a community.
    #[sea_orm(string_value = "COUNTER")]
    Counter,
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "store")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub enterprise_id: Uuid,
    pub kind: StoreKind,
    pub name: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
