//! GraphQL objects of progress reports (进度报告): filed reports, pre-filled drafts, and the
//! periods still missing.

use async_graphql::{Context, Enum, ID, Object};
use campaigns::entity::progress_report;
use campaigns::report::{Figures, MissingReport, ReportDraft};
use chrono::{DateTime, NaiveDate, Utc};

use super::types::{Campaign, association_of, campaign_of};
use crate::schema::ids;
use crate::schema::participants::types::Association;
use crate::schema::scalars::{Date, Fen, Grams};

/// 报告类型: monthly (a local association) or weekly (the service team).
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "campaigns::entity::progress_report::ReportKind")]
pub enum ReportKind {
    /// 月报: a local association's monthly report.
    Monthly,
    /// 周报: the service team's weekly report.
    Weekly,
}

/// 报告数据: a report's figures. Counts are of the period, except `enterprisesEnlisted`
/// (enterprise enlistments confirmed by the period's end).
pub struct ReportFigures(pub Figures);

#[Object]
impl ReportFigures {
    /// 参战企业数: enterprise enlistments confirmed by the period's end.
    async fn enterprises_enlisted(&self) -> i32 {
        self.0.enterprises_enlisted
    }
    /// 举办市集数: fairs held in the period.
    async fn fairs_held(&self) -> i32 {
        self.0.fairs_held
    }
    /// 举办社区活动数: community events held in the period.
    async fn events_held(&self) -> i32 {
        self.0.events_held
    }
    /// 结案活动数: closing reports filed in the period.
    async fn events_closed(&self) -> i32 {
        self.0.events_closed
    }
    /// 县域考察数: county visits started in the period.
    async fn county_visits(&self) -> i32 {
        self.0.county_visits
    }
    /// 就业岗位数: jobs started in the period.
    async fn jobs_created(&self) -> i32 {
        self.0.jobs_created
    }
    /// 销售额（分）: as reported (the ledger will supply it).
    async fn sales(&self) -> Option<Fen> {
        self.0.sales_fen.map(Fen)
    }
    /// 销售额（元）
    async fn sales_yuan(&self) -> Option<String> {
        self.0.sales_fen.map(|f| kernel::Fen(f).yuan())
    }
    /// 销售重量（克）: as reported (the ledger will supply it).
    async fn weight(&self) -> Option<Grams> {
        self.0.weight_grams.map(Grams)
    }
    /// 销售斤数
    async fn jin(&self) -> Option<String> {
        self.0.weight_grams.map(|g| kernel::Grams(g).jin())
    }
}

/// Which report it is: its kind, association and period. A filed report fills the slot and a
/// draft pre-fills it; both flatten it into their own fields. A missing report (缺报: a closed
/// period nobody has reported yet) is the slot left empty, so it is the GraphQL type
/// `MissingProgressReport` itself.
pub struct ReportSlot {
    kind: progress_report::ReportKind,
    association_id: Option<uuid::Uuid>,
    start: NaiveDate,
    end: NaiveDate,
}

#[Object(name = "MissingProgressReport")]
impl ReportSlot {
    /// 类型: monthly or weekly.
    async fn kind(&self) -> ReportKind {
        self.kind.into()
    }
    /// 协会: the association whose report it is (null: the service team's weekly report).
    async fn association(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Association>> {
        association_of(ctx, self.association_id).await
    }
    /// 报告期开始
    async fn period_start(&self) -> Date {
        Date(self.start)
    }
    /// 报告期结束 (inclusive)
    async fn period_end(&self) -> Date {
        Date(self.end)
    }
}

impl ReportSlot {
    fn new(
        kind: progress_report::ReportKind,
        association_id: Option<uuid::Uuid>,
        start: NaiveDate,
        end: NaiveDate,
    ) -> Self {
        Self {
            kind,
            association_id,
            start,
            end,
        }
    }
}

impl From<&progress_report::Model> for ReportSlot {
    fn from(r: &progress_report::Model) -> Self {
        Self::new(r.kind, r.association_id, r.period_start, r.period_end)
    }
}

impl From<&ReportDraft> for ReportSlot {
    fn from(d: &ReportDraft) -> Self {
        Self::new(d.kind, d.association_id, d.period_start, d.period_end)
    }
}

impl From<&MissingReport> for ReportSlot {
    fn from(m: &MissingReport) -> Self {
        Self::new(m.kind, m.association_id, m.period_start, m.period_end)
    }
}

/// 进度报告: a filed monthly or weekly report.
pub struct ProgressReport(pub progress_report::Model);

#[Object]
impl ProgressReport {
    /// 全局 ID
    pub async fn id(&self) -> ID {
        ids::gid::<ids::ProgressReport>(self.0.id)
    }
    /// 战役
    async fn campaign(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Campaign>> {
        campaign_of(ctx, self.0.campaign_id).await
    }
    /// 类型、协会与报告期
    #[graphql(flatten)]
    async fn slot(&self) -> ReportSlot {
        ReportSlot::from(&self.0)
    }
    /// 工作亮点: highlights.
    async fn highlights(&self) -> &str {
        &self.0.highlights
    }
    /// 存在问题: problems.
    async fn problems(&self) -> Option<&str> {
        self.0.problems.as_deref()
    }
    /// 下步计划: next steps.
    async fn next_steps(&self) -> Option<&str> {
        self.0.next_steps.as_deref()
    }
    /// 数据: the figures as filed.
    async fn figures(&self) -> ReportFigures {
        let r = &self.0;
        ReportFigures(Figures {
            enterprises_enlisted: r.enterprises_enlisted,
            fairs_held: r.fairs_held,
            events_held: r.events_held,
            events_closed: r.events_closed,
            county_visits: r.county_visits,
            jobs_created: r.jobs_created,
            sales_fen: r.sales_fen,
            weight_grams: r.weight_grams,
        })
    }
    /// 提交时间
    async fn filed_at(&self) -> DateTime<Utc> {
        self.0.filed_at
    }
}

/// 进度报告草稿: a report form pre-filled with what yijin knows for the period.
pub struct ProgressReportDraft(pub ReportDraft);

#[Object]
impl ProgressReportDraft {
    /// 战役
    async fn campaign(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Campaign>> {
        campaign_of(ctx, self.0.campaign_id).await
    }
    /// 类型、协会与报告期
    #[graphql(flatten)]
    async fn slot(&self) -> ReportSlot {
        ReportSlot::from(&self.0)
    }
    /// 已知数据: the figures yijin knows for the period.
    async fn figures(&self) -> ReportFigures {
        ReportFigures(self.0.figures.clone())
    }
}
