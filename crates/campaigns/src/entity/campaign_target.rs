use sea_orm::entity::prelude::*;

/// 目标类型: what a campaign target counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(40))")]
pub enum TargetKind {
    /// 参与社区
    #[sea_orm(string_value = "COMMUNITIES_JOINED")]
    CommunitiesJoined,
    /// 参与家庭
    #[sea_orm(string_value = "HOUSEHOLDS_PARTICIPATING")]
    HouseholdsParticipating,
    /// 定制研发产品
    #[sea_orm(string_value = "CUSTOM_PRODUCTS")]
    CustomProducts,
    /// 直接帮扶建档立卡贫困户
    #[sea_orm(string_value = "POOR_HOUSEHOLDS_DIRECT")]
    PoorHouseholdsDirect,
    /// 间接帮扶建档立卡贫困户
    #[sea_orm(string_value = "POOR_HOUSEHOLDS_INDIRECT")]
    PoorHouseholdsIndirect,
    /// 大型市集
    #[sea_orm(string_value = "MARKET_FAIRS")]
    MarketFairs,
}

/// 战役目标: a number with its unit.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "campaign_target")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub campaign_id: Uuid,
    pub kind: TargetKind,
    pub value: i64,
    pub unit: String,
    pub description: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
