use sea_orm::entity::prelude::*;

/// 社区活动状态
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum EventState {
    /// 已申请
    #[sea_orm(string_value = "APPLIED")]
    Applied,
    /// 已批准
    #[sea_orm(string_value = "APPROVED")]
    Approved,
    /// 未批准
    #[sea_orm(string_value = "REJECTED")]
    Rejected,
    /// 已举办
    #[sea_orm(string_value = "HELD")]
    Held,
    /// 已结案 (closing report filed)
    #[sea_orm(string_value = "CLOSED")]
    Closed,
}

/// 社区活动 (with tasting): applied for at least 28 days ahead, closed by a closing report.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "community_event")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub campaign_id: Uuid,
    pub association_id: Option<Uuid>,
    pub enterprise_id: Option<Uuid>,
    pub title: String,
    pub project_id: Option<Uuid>,
    pub address: Option<String>,
    pub starts_on: Date,
    pub ends_on: Date,
    /// JSON array of the products to be tasted.
    pub tasting_products: String,
    pub expected_attendance: i32,
    pub state: EventState,
    /// The campaign-calendar day the application was made.
    pub applied_on: Date,
    pub decision_reason: Option<String>,
    pub decided_at: Option<DateTimeUtc>,
    pub held_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
