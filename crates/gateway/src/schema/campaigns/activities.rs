//! GraphQL objects of the campaign's activities: market fairs and their two-fairs figure,
//! community events and closing reports, county visits, employment.

use async_graphql::{Context, Enum, ID, Object, SimpleObject};
use campaigns::entity::{
    closing_report, community_event, county_visit, county_visit_selection, employment, market_fair,
};
use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use super::loaders::{ClosingReportKey, SelectionsKey};
use super::types::{Campaign, association_of, campaign_of, enterprise_of};
use crate::schema::ids;
use crate::schema::loaders::{ProjectKey, VisitProductsKey};
use crate::schema::participants::types::{Association, Enterprise, Project};
use crate::schema::products::types::Product;
use crate::schema::regions::{Region, region_by_code};
use crate::schema::scalars::{Date, Fen};
use crate::schema::state;
use crate::schema::{load_children, load_one};

/// 市集状态
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "campaigns::entity::market_fair::FairStatus")]
pub enum FairStatus {
    /// 计划中: planned.
    Planned,
    /// 已举办: held.
    Held,
    /// 已取消: cancelled.
    Cancelled,
}

/// 社区活动状态: APPLIED → APPROVED / REJECTED → HELD → CLOSED (closing report filed).
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "campaigns::entity::community_event::EventState")]
pub enum EventState {
    /// 已申请: waiting for the platform's decision.
    Applied,
    /// 已批准: approved.
    Approved,
    /// 未批准: rejected, with a reason.
    Rejected,
    /// 已举办: held, closing report due.
    Held,
    /// 已结案: closed by its closing report.
    Closed,
}

async fn project_of(ctx: &Context<'_>, id: Option<Uuid>) -> async_graphql::Result<Option<Project>> {
    let Some(id) = id else { return Ok(None) };
    Ok(load_one(ctx, ProjectKey(id)).await?.map(Project))
}

/// The campaign and the organiser of a fair, an event or a county visit: an association, or an
/// enterprise and the association it belongs to (the domain's `Organizer::tenant`). Flattened
/// into each; the type itself does not appear in the schema.
pub struct Organisers {
    campaign_id: Uuid,
    association_id: Option<Uuid>,
    enterprise_id: Option<Uuid>,
}

#[Object]
impl Organisers {
    /// 战役
    async fn campaign(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Campaign>> {
        campaign_of(ctx, self.campaign_id).await
    }
    /// 主办协会: the organising association, or the organising enterprise's association.
    async fn association(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Association>> {
        association_of(ctx, self.association_id).await
    }
    /// 主办企业: the organising enterprise, if an enterprise organised it.
    async fn enterprise(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Enterprise>> {
        enterprise_of(ctx, self.enterprise_id).await
    }
}

impl Organisers {
    fn new(campaign_id: Uuid, association_id: Option<Uuid>, enterprise_id: Option<Uuid>) -> Self {
        Self {
            campaign_id,
            association_id,
            enterprise_id,
        }
    }
}

impl From<&market_fair::Model> for Organisers {
    fn from(f: &market_fair::Model) -> Self {
        Self::new(f.campaign_id, Some(f.association_id), f.enterprise_id)
    }
}

impl From<&community_event::Model> for Organisers {
    fn from(e: &community_event::Model) -> Self {
        Self::new(e.campaign_id, e.association_id, e.enterprise_id)
    }
}

impl From<&county_visit::Model> for Organisers {
    fn from(v: &county_visit::Model) -> Self {
        Self::new(v.campaign_id, v.association_id, v.enterprise_id)
    }
}

/// Where and when a fair or an event takes place. Flattened into each; the type itself does
/// not appear in the schema.
pub struct Venue<'a> {
    project_id: Option<Uuid>,
    address: Option<&'a str>,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
}

#[Object]
impl Venue<'_> {
    /// 地点（项目）: the project it is held in, if any.
    async fn project(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Project>> {
        project_of(ctx, self.project_id).await
    }
    /// 地址
    async fn address(&self) -> Option<&str> {
        self.address
    }
    /// 开始日期
    async fn starts_on(&self) -> Date {
        Date(self.starts_on)
    }
    /// 结束日期
    async fn ends_on(&self) -> Date {
        Date(self.ends_on)
    }
}

impl<'a> Venue<'a> {
    fn new(
        project_id: Option<Uuid>,
        address: Option<&'a str>,
        starts_on: NaiveDate,
        ends_on: NaiveDate,
    ) -> Self {
        Self {
            project_id,
            address,
            starts_on,
            ends_on,
        }
    }
}

impl<'a> From<&'a market_fair::Model> for Venue<'a> {
    fn from(f: &'a market_fair::Model) -> Self {
        Self::new(f.project_id, f.address.as_deref(), f.starts_on, f.ends_on)
    }
}

impl<'a> From<&'a community_event::Model> for Venue<'a> {
    fn from(e: &'a community_event::Model) -> Self {
        Self::new(e.project_id, e.address.as_deref(), e.starts_on, e.ends_on)
    }
}

/// 市集: a market fair of a local association (or of an enterprise under it).
pub struct MarketFair(pub market_fair::Model);

#[Object]
impl MarketFair {
    /// 全局 ID
    pub async fn id(&self) -> ID {
        ids::gid::<ids::MarketFair>(self.0.id)
    }
    /// 战役与主办方
    #[graphql(flatten)]
    async fn organisers(&self) -> Organisers {
        Organisers::from(&self.0)
    }
    /// 名称
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// 地点与日期
    #[graphql(flatten)]
    async fn venue(&self) -> Venue<'_> {
        Venue::from(&self.0)
    }
    /// 状态
    async fn status(&self) -> FairStatus {
        self.0.status.into()
    }
    /// 到场人数: visitors, once held.
    async fn visitor_count(&self) -> Option<i32> {
        self.0.visitor_count
    }
    /// 销售额（分）: sales, once held.
    async fn sales(&self) -> Option<Fen> {
        self.0.sales_fen.map(Fen)
    }
    /// 销售额（元）: sales as a decimal string of yuan.
    async fn sales_yuan(&self) -> Option<String> {
        self.0.sales_fen.map(|f| kernel::Fen(f).yuan())
    }
}

/// 市集达标情况: a local association's fairs in one year against the rule "at least two fairs
/// a year".
pub struct FairCompliance(pub campaigns::fair::FairCompliance);

#[Object]
impl FairCompliance {
    /// 协会
    async fn association(&self) -> Association {
        Association(self.0.association.clone())
    }
    /// 年度
    async fn year(&self) -> i32 {
        self.0.year
    }
    /// 已举办: fairs held that year.
    async fn held(&self) -> u32 {
        self.0.held
    }
    /// 计划中: fairs planned and not yet held or cancelled.
    async fn planned(&self) -> u32 {
        self.0.planned
    }
    /// 要求场数: fairs required a year (2).
    async fn required(&self) -> u32 {
        self.0.required
    }
    /// 已达标: at least the required number held.
    async fn compliant(&self) -> bool {
        self.0.compliant()
    }
    /// 可望达标: held and planned together reach the requirement.
    async fn on_track(&self) -> bool {
        self.0.on_track()
    }
    /// 差额: fairs still to hold.
    async fn shortfall(&self) -> u32 {
        self.0.shortfall()
    }
}

/// 社区活动: a community event with tasting.
pub struct CommunityEvent(pub community_event::Model);

#[Object]
impl CommunityEvent {
    /// 全局 ID
    pub async fn id(&self) -> ID {
        ids::gid::<ids::CommunityEvent>(self.0.id)
    }
    /// 战役与主办方
    #[graphql(flatten)]
    async fn organisers(&self) -> Organisers {
        Organisers::from(&self.0)
    }
    /// 活动名称
    async fn title(&self) -> &str {
        &self.0.title
    }
    /// 地点与日期
    #[graphql(flatten)]
    async fn venue(&self) -> Venue<'_> {
        Venue::from(&self.0)
    }
    /// 品鉴产品: the products to be tasted.
    async fn tasting_products(&self) -> Vec<String> {
        campaigns::event::tasting_products(&self.0)
    }
    /// 预计人数: expected attendance.
    async fn expected_attendance(&self) -> i32 {
        self.0.expected_attendance
    }
    /// 状态
    async fn state(&self) -> EventState {
        self.0.state.into()
    }
    /// 申请日期: the day of the application (Asia/Shanghai).
    async fn applied_on(&self) -> Date {
        Date(self.0.applied_on)
    }
    /// 审批意见: the reason given with the decision.
    async fn decision_reason(&self) -> Option<&str> {
        self.0.decision_reason.as_deref()
    }
    /// 审批时间
    async fn decided_at(&self) -> Option<DateTime<Utc>> {
        self.0.decided_at
    }
    /// 举办登记时间: when it was recorded as held.
    async fn held_at(&self) -> Option<DateTime<Utc>> {
        self.0.held_at
    }
    /// 结案逾期: approved or held, past its last day, and no closing report yet.
    async fn overdue(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        Ok(campaigns::event::is_overdue(
            &self.0,
            state(ctx)?.clock.today(),
        ))
    }
    /// 结案报告: the closing report, once filed.
    async fn closing_report(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<ClosingReport>> {
        Ok(load_one(ctx, ClosingReportKey(self.0.id))
            .await?
            .map(ClosingReport))
    }
}

/// 结案报告: what happened at a community event.
pub struct ClosingReport(pub closing_report::Model);

#[Object]
impl ClosingReport {
    /// 到场人数: attendance.
    async fn attendance(&self) -> i32 {
        self.0.attendance
    }
    /// 品鉴产品: the products tasted.
    async fn products_tasted(&self) -> Vec<String> {
        campaigns::event::products_tasted(&self.0)
    }
    /// 销售额（分）: sales made, if any.
    async fn sales(&self) -> Option<Fen> {
        self.0.sales_fen.map(Fen)
    }
    /// 销售额（元）
    async fn sales_yuan(&self) -> Option<String> {
        self.0.sales_fen.map(|f| kernel::Fen(f).yuan())
    }
    /// 照片: photo URLs.
    async fn photo_urls(&self) -> Vec<String> {
        campaigns::event::photo_urls(&self.0)
    }
    /// 总结: summary.
    async fn summary(&self) -> &str {
        &self.0.summary
    }
    /// 提交时间
    async fn filed_at(&self) -> DateTime<Utc> {
        self.0.filed_at
    }
}

/// 选品: a product selected on a county visit.
#[derive(SimpleObject)]
pub struct SelectedProduct {
    /// 产品名称
    pub name: String,
    /// 供应商: the supplier, as named on the visit.
    pub supplier_name: Option<String>,
}

/// 县域考察选品: a visit to a poor county to select products.
pub struct CountyVisit(pub county_visit::Model);

#[Object]
impl CountyVisit {
    /// 全局 ID
    pub async fn id(&self) -> ID {
        ids::gid::<ids::CountyVisit>(self.0.id)
    }
    /// 战役与主办方
    #[graphql(flatten)]
    async fn organisers(&self) -> Organisers {
        Organisers::from(&self.0)
    }
    /// 考察县: the county visited.
    async fn county(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Region>> {
        region_by_code(ctx, Some(&self.0.county_code)).await
    }
    /// 开始日期
    async fn starts_on(&self) -> Date {
        Date(self.0.starts_on)
    }
    /// 结束日期
    async fn ends_on(&self) -> Date {
        Date(self.0.ends_on)
    }
    /// 参与人数: participants.
    async fn participant_count(&self) -> i32 {
        self.0.participant_count
    }
    /// 业主代表人数: owners' representatives among the participants.
    async fn owner_representative_count(&self) -> i32 {
        self.0.owner_representative_count
    }
    /// 选定产品: the products selected, in order.
    async fn selected_products(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<SelectedProduct>> {
        let selected = |s: county_visit_selection::Model| SelectedProduct {
            name: s.name,
            supplier_name: s.supplier_name,
        };
        load_children(ctx, SelectionsKey(self.0.id), selected).await
    }
    /// 总结: summary.
    async fn summary(&self) -> Option<&str> {
        self.0.summary.as_deref()
    }
    /// 定制产品: the products on sale that this visit led to (those created with its
    /// `countyVisitId`).
    async fn custom_products(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Product>> {
        load_children(ctx, VisitProductsKey(self.0.id), Product::from).await
    }
}

/// 就业扶贫: a job given to a member of a registered poor household (pseudonymous).
pub struct Employment(pub employment::Model);

#[Object]
impl Employment {
    /// 全局 ID
    pub async fn id(&self) -> ID {
        ids::gid::<ids::Employment>(self.0.id)
    }
    /// 战役
    async fn campaign(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Campaign>> {
        campaign_of(ctx, self.0.campaign_id).await
    }
    /// 用工企业: the employer.
    async fn enterprise(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Enterprise>> {
        enterprise_of(ctx, Some(self.0.enterprise_id)).await
    }
    /// 来源县: the county the worker comes from.
    async fn county(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Region>> {
        region_by_code(ctx, Some(&self.0.county_code)).await
    }
    /// 岗位: the job.
    async fn role(&self) -> &str {
        &self.0.role
    }
    /// 入职日期: start date.
    async fn starts_on(&self) -> Date {
        Date(self.0.starts_on)
    }
    /// 人员编号: the employer's pseudonymous reference (never a name or ID number).
    async fn person_ref(&self) -> &str {
        &self.0.person_ref
    }
}
