use sea_orm::entity::prelude::*;

/// Which form: the association's (协会版) or the enterprise's (企业版).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum EnlistmentKind {
    #[sea_orm(string_value = "ASSOCIATION")]
    Association,
    #[sea_orm(string_value = "ENTERPRISE")]
    Enterprise,
}

/// 参战书状态
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum EnlistmentState {
    /// 草稿
    #[sea_orm(string_value = "DRAFT")]
    Draft,
    /// 已提交
    #[sea_orm(string_value = "SUBMITTED")]
    Submitted,
    /// 已确认
    #[sea_orm(string_value = "CONFIRMED")]
    Confirmed,
    /// 已退回 (with a reason; can be edited and submitted again)
    #[sea_orm(string_value = "RETURNED")]
    Returned,
}

/// 参战书: one organisation's enlistment in one campaign. `org_id` is the enlisting
/// association or enterprise; `association_id` is the association itself or the enterprise's
/// association; `enterprise_id` is set for enterprise forms. The form body is JSON (see
/// [`crate::enlistment::form`]).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "enlistment")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub campaign_id: Uuid,
    pub org_kind: EnlistmentKind,
    pub org_id: Uuid,
    pub association_id: Option<Uuid>,
    pub enterprise_id: Option<Uuid>,
    pub state: EnlistmentState,
    pub form: String,
    pub return_reason: Option<String>,
    pub submitted_at: Option<DateTimeUtc>,
    pub decided_at: Option<DateTimeUtc>,
    pub decided_by: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
