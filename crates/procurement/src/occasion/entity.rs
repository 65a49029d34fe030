use sea_orm::entity::prelude::*;

/// 节点类型
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, serde::Serialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(24))")]
pub enum OccasionKind {
    /// 节日: national festivals (三八妇女节, 五一劳动节, 端午, 中秋, 春节 …).
    #[sea_orm(string_value = "FESTIVAL")]
    Festival,
    /// 节气: the 24 solar terms.
    #[sea_orm(string_value = "SOLAR_TERM")]
    SolarTerm,
    /// 业主节: a project's (or an enterprise's) residents' festival.
    #[sea_orm(string_value = "OWNERS_FESTIVAL")]
    OwnersFestival,
    /// 市集: a campaign fair.
    #[sea_orm(string_value = "CAMPAIGN_FAIR")]
    CampaignFair,
}

/// 节点: an occasion group buys and purchase orders refer to, so that reports can say how much
/// each one moved. National ones (no enterprise) are the platform's; an enterprise keeps its
/// own (a project's 业主节).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "occasion")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub kind: OccasionKind,
    pub name: String,
    pub starts_on: Date,
    pub ends_on: Date,
    pub enterprise_id: Option<Uuid>,
    pub project_id: Option<Uuid>,
    pub created_by: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
