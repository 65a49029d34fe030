use sea_orm::entity::prelude::*;

/// 阶段类型: what a phase of the campaign is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum PhaseKind {
    /// 报名
    #[sea_orm(string_value = "SIGN_UP")]
    SignUp,
    /// 誓师大会
    #[sea_orm(string_value = "RALLY")]
    Rally,
    /// 试点
    #[sea_orm(string_value = "PILOT")]
    Pilot,
    /// 推进阶段 (第一/二/三阶段)
    #[sea_orm(string_value = "PHASE")]
    Phase,
    /// 阶段总结
    #[sea_orm(string_value = "SUMMARY")]
    Summary,
    /// 总结大会
    #[sea_orm(string_value = "CLOSING")]
    Closing,
}

/// One phase of a campaign; phases may overlap (the rally and the pilots fall in phase 1).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "campaign_phase")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub campaign_id: Uuid,
    pub ordinal: i32,
    pub kind: PhaseKind,
    pub name: String,
    pub starts_on: Date,
    pub ends_on: Date,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
