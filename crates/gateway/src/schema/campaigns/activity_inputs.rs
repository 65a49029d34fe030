//! Input objects of the activity and report mutations: fairs, community events and closing
//! reports, county visits, employment, progress reports.

use async_graphql::{ID, InputObject};

use super::reports::ReportKind;
use crate::schema::scalars::{Date, Fen, Grams};

/// 登记市集: association admins for their association, enterprise admins for their enterprise
/// (counted for its association); the platform names one.
#[derive(InputObject)]
pub struct CreateMarketFairInput {
    /// 战役
    pub campaign_id: ID,
    /// 主办协会 (platform admins only)
    pub association_id: Option<ID>,
    /// 主办企业 (platform admins only)
    pub enterprise_id: Option<ID>,
    /// 名称
    pub name: String,
    /// 地点（项目）: a project of the organiser (or of a member enterprise)
    pub project_id: Option<ID>,
    /// 地址 (a project or an address is required)
    pub address: Option<String>,
    /// 开始日期 (within the campaign)
    pub starts_on: Date,
    /// 结束日期 (default: the start date)
    pub ends_on: Option<Date>,
}

/// 登记市集已举办: on or after its first day.
#[derive(InputObject)]
pub struct RecordMarketFairHeldInput {
    /// 市集
    pub id: ID,
    /// 到场人数
    pub visitor_count: Option<i32>,
    /// 销售额（分）
    pub sales: Option<Fen>,
}

/// 取消市集
#[derive(InputObject)]
pub struct CancelMarketFairInput {
    /// 市集
    pub id: ID,
}

/// 申请社区活动: at least 28 days before its first day.
#[derive(InputObject)]
pub struct ApplyForCommunityEventInput {
    /// 战役
    pub campaign_id: ID,
    /// 主办协会 (platform admins only)
    pub association_id: Option<ID>,
    /// 主办企业 (platform admins only)
    pub enterprise_id: Option<ID>,
    /// 活动名称
    pub title: String,
    /// 地点（项目）
    pub project_id: Option<ID>,
    /// 地址 (a project or an address is required)
    pub address: Option<String>,
    /// 开始日期: at least 28 days after today (Asia/Shanghai)
    pub starts_on: Date,
    /// 结束日期 (default: the start date)
    pub ends_on: Option<Date>,
    /// 品鉴产品 (at least one)
    #[graphql(validator(max_items = 50))]
    pub tasting_products: Vec<String>,
    /// 预计人数
    pub expected_attendance: i32,
}

/// 审批社区活动 (platform admins): a rejection needs a reason.
#[derive(InputObject)]
pub struct DecideCommunityEventInput {
    /// 社区活动
    pub id: ID,
    /// 批准 (true) or 驳回 (false)
    pub approve: bool,
    /// 意见 (required to reject)
    pub reason: Option<String>,
}

/// 登记社区活动已举办: on or after its first day.
#[derive(InputObject)]
pub struct MarkCommunityEventHeldInput {
    /// 社区活动
    pub id: ID,
}

/// 提交结案报告: closes an approved or held event whose first day has come.
#[derive(InputObject)]
pub struct FileClosingReportInput {
    /// 社区活动
    pub event_id: ID,
    /// 到场人数
    pub attendance: i32,
    /// 品鉴产品 (at least one)
    #[graphql(validator(max_items = 50))]
    pub products_tasted: Vec<String>,
    /// 销售额（分）, if any
    pub sales: Option<Fen>,
    /// 照片链接 (http/https, at least one)
    #[graphql(validator(max_items = 30))]
    pub photo_urls: Vec<String>,
    /// 总结
    pub summary: String,
}

/// 选品
#[derive(InputObject)]
pub struct SelectedProductInput {
    /// 产品名称
    pub name: String,
    /// 供应商名称
    pub supplier_name: Option<String>,
}

/// 登记县域考察选品
#[derive(InputObject)]
pub struct CreateCountyVisitInput {
    /// 战役
    pub campaign_id: ID,
    /// 组织协会 (platform admins only)
    pub association_id: Option<ID>,
    /// 组织企业 (platform admins only)
    pub enterprise_id: Option<ID>,
    /// 考察县: a county-level region code
    pub county_code: String,
    /// 开始日期
    pub starts_on: Date,
    /// 结束日期
    pub ends_on: Option<Date>,
    /// 参与人数
    pub participant_count: i32,
    /// 其中业主代表人数
    #[graphql(default)]
    pub owner_representative_count: i32,
    /// 选定产品 (at most 100)
    #[graphql(default, validator(max_items = 100))]
    pub selected_products: Vec<SelectedProductInput>,
    /// 总结
    pub summary: Option<String>,
}

/// 登记就业扶贫: enterprise admins for their enterprise; the platform names it.
#[derive(InputObject)]
pub struct RecordEmploymentInput {
    /// 战役
    pub campaign_id: ID,
    /// 用工企业 (platform admins only)
    pub enterprise_id: Option<ID>,
    /// 来源县: county-level region code
    pub county_code: String,
    /// 岗位
    pub role: String,
    /// 入职日期
    pub starts_on: Date,
    /// 人员编号: a pseudonym kept by the employer — never a name or an ID number
    pub person_ref: String,
}

/// 提交进度报告: monthly by an association (platform admins name it), weekly by the
/// platform's service team. Figures left out take the pre-filled values.
#[derive(InputObject)]
pub struct FileProgressReportInput {
    /// 战役
    pub campaign_id: ID,
    /// 类型
    pub kind: ReportKind,
    /// 协会 (monthly reports filed by the platform)
    pub association_id: Option<ID>,
    /// 报告期开始: the 1st (monthly) or a Monday (weekly)
    pub period_start: Date,
    /// 工作亮点
    pub highlights: String,
    /// 存在问题
    pub problems: Option<String>,
    /// 下步计划
    pub next_steps: Option<String>,
    /// 参战企业数
    pub enterprises_enlisted: Option<i32>,
    /// 举办市集数
    pub fairs_held: Option<i32>,
    /// 举办社区活动数
    pub events_held: Option<i32>,
    /// 结案活动数
    pub events_closed: Option<i32>,
    /// 县域考察数
    pub county_visits: Option<i32>,
    /// 就业岗位数
    pub jobs_created: Option<i32>,
    /// 销售额（分）
    pub sales: Option<Fen>,
    /// 销售重量（克）
    pub weight: Option<Grams>,
}
