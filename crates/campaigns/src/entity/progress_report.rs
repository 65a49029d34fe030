use sea_orm::entity::prelude::*;

/// 报告类型: monthly from a local association, weekly from the service team.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum ReportKind {
    /// 月报 (地方协会)
    #[sea_orm(string_value = "MONTHLY")]
    Monthly,
    /// 周报 (服务团队)
    #[sea_orm(string_value = "WEEKLY")]
    Weekly,
}

/// 进度报告: a period, narrative fields and figures.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "progress_report")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub campaign_id: Uuid,
    pub kind: ReportKind,
    /// The association, or the nil uuid for the service team.
    pub reporter_id: Uuid,
    pub association_id: Option<Uuid>,
    pub period_start: Date,
    pub period_end: Date,
    pub highlights: String,
    pub problems: Option<String>,
    pub next_steps: Option<String>,
    pub enterprises_enlisted: i32,
    pub fairs_held: i32,
    pub events_held: i32,
    pub events_closed: i32,
    pub county_visits: i32,
    pub jobs_created: i32,
    pub sales_fen: Option<i64>,
    pub weight_grams: Option<i64>,
    pub filed_by: String,
    pub filed_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
