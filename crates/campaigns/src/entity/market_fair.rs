use sea_orm::entity::prelude::*;

/// 市集状态
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum FairStatus {
    /// 计划中
    #[sea_orm(string_value = "PLANNED")]
    Planned,
    /// 已举办
    #[sea_orm(string_value = "HELD")]
    Held,
    /// 已取消
    #[sea_orm(string_value = "CANCELLED")]
    Cancelled,
}

/// 市集: a market fair of a local association (or of an enterprise under it, counted for the
/// association).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "market_fair")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub campaign_id: Uuid,
    pub association_id: Uuid,
    pub enterprise_id: Option<Uuid>,
    pub name: String,
    pub project_id: Option<Uuid>,
    pub address: Option<String>,
    pub starts_on: Date,
    pub ends_on: Date,
    pub status: FairStatus,
    pub visitor_count: Option<i32>,
    pub sales_fen: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
