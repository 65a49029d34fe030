//! Input objects and payloads of the campaigns mutations. Each mutation takes one `input` and
//! returns the changed object with `userErrors`.

use crate::schema::payload::payload;
use async_graphql::{ID, InputObject, SimpleObject};
use campaigns::enlistment::form;

use super::CampaignUserError;
use super::activities::{ClosingReport, CommunityEvent, CountyVisit, Employment, MarketFair};
use super::enlistment::{
    CommunityActivity, CountyActivity, Enlistment, GroupBuyingOffline, GroupBuyingOnline,
    PromotionTalk, PublicityOffline, PublicityOnline, SalesPlatform,
};
use super::reports::ProgressReport;
use super::types::{Campaign, PhaseKind, TargetKind};
use crate::schema::scalars::Date;

payload!(CampaignPayload, campaign: Campaign, CampaignUserError, "战役变更结果");
payload!(EnlistmentPayload, enlistment: Enlistment, CampaignUserError, "参战书变更结果");
payload!(MarketFairPayload, market_fair: MarketFair, CampaignUserError, "市集变更结果");
payload!(CountyVisitPayload, county_visit: CountyVisit, CampaignUserError, "县域考察变更结果");
payload!(EmploymentPayload, employment: Employment, CampaignUserError, "就业扶贫登记结果");
payload!(ProgressReportPayload, progress_report: ProgressReport, CampaignUserError, "进度报告提交结果");

/// 社区活动变更结果 (filing the closing report also returns it).
#[derive(SimpleObject)]
pub struct CommunityEventPayload {
    /// The event as it is now; null when the input had errors.
    pub community_event: Option<CommunityEvent>,
    /// 结案报告: the report just filed (fileClosingReport only).
    pub closing_report: Option<ClosingReport>,
    /// 用户错误: problems with the input; empty on success.
    pub user_errors: Vec<CampaignUserError>,
}

/// 战役阶段
#[derive(InputObject)]
pub struct CampaignPhaseInput {
    /// 类型
    pub kind: PhaseKind,
    /// 名称
    pub name: String,
    /// 开始日期
    pub starts_on: Date,
    /// 结束日期 (inclusive)
    pub ends_on: Date,
}

/// 战役目标
#[derive(InputObject)]
pub struct CampaignTargetInput {
    /// 类型: one target per kind.
    pub kind: TargetKind,
    /// 目标值
    pub value: i64,
    /// 单位, e.g. 个
    pub unit: String,
    /// 说明
    pub description: Option<String>,
}

/// 新建战役 (platform admins): a campaign with its phases and targets.
#[derive(InputObject)]
pub struct CreateCampaignInput {
    /// 名称 (unique)
    pub name: String,
    /// 口号
    pub slogan: Option<String>,
    /// 开始日期
    pub starts_on: Date,
    /// 结束日期 (inclusive)
    pub ends_on: Date,
    /// 阶段, in order (at most 50)
    #[graphql(default, validator(max_items = 50))]
    pub phases: Vec<CampaignPhaseInput>,
    /// 目标 (at most 50)
    #[graphql(default, validator(max_items = 50))]
    pub targets: Vec<CampaignTargetInput>,
}

/// 联系人
#[derive(InputObject, Default)]
pub struct EnlistmentContactInput {
    /// 姓名
    pub name: Option<String>,
    /// 职务
    pub position: Option<String>,
    /// 手机
    pub phone: Option<String>,
    /// 电子邮箱
    pub email: Option<String>,
}

impl From<EnlistmentContactInput> for form::Contact {
    fn from(c: EnlistmentContactInput) -> Self {
        Self {
            name: c.name,
            position: c.position,
            phone: c.phone,
            email: c.email,
        }
    }
}

/// 特色产品
#[derive(InputObject)]
pub struct FeaturedProductInput {
    /// 产品名称
    pub name: String,
    /// 产地行政区划代码
    pub region_code: Option<String>,
}

/// 协会版参战书. A draft may be incomplete; submission checks every rule.
#[derive(InputObject)]
pub struct AssociationEnlistmentFormInput {
    /// 扶贫地区: region codes.
    #[graphql(default)]
    pub poverty_regions: Vec<String>,
    /// 对口支援地区: region codes.
    #[graphql(default)]
    pub support_regions: Vec<String>,
    /// 特色产品
    #[graphql(default)]
    pub featured_products: Vec<FeaturedProductInput>,
    /// 战役负责人 (name and mobile required to submit)
    pub lead: Option<EnlistmentContactInput>,
    /// 联络人 (name and mobile required to submit)
    pub liaison: Option<EnlistmentContactInput>,
    /// 本地推介会
    #[graphql(default)]
    pub promotion_talks: Vec<PromotionTalk>,
    /// 市集计划月份, `YYYY-MM`, within the campaign (at least two to submit)
    #[graphql(default)]
    pub fair_months: Vec<String>,
    /// 需求
    pub needs: Option<String>,
    /// 接受承诺 (required to submit)
    #[graphql(default)]
    pub pledge_accepted: bool,
}

impl From<AssociationEnlistmentFormInput> for form::AssociationForm {
    fn from(f: AssociationEnlistmentFormInput) -> Self {
        Self {
            poverty_regions: f.poverty_regions,
            support_regions: f.support_regions,
            featured_products: f
                .featured_products
                .into_iter()
                .map(|p| form::FeaturedProduct {
                    name: p.name,
                    region_code: p.region_code,
                })
                .collect(),
            lead: f.lead.unwrap_or_default().into(),
            liaison: f.liaison.unwrap_or_default().into(),
            promotion_talks: f.promotion_talks.into_iter().map(Into::into).collect(),
            fair_months: f.fair_months,
            needs: f.needs,
            pledge_accepted: f.pledge_accepted,
        }
    }
}

/// 保存协会版参战书（草稿）: association admins for their own association; the platform names
/// it. Creates the enlistment on first save; a submitted or confirmed form cannot be edited.
#[derive(InputObject)]
pub struct SaveAssociationEnlistmentInput {
    /// 战役
    pub campaign_id: ID,
    /// 协会 (platform admins only)
    pub association_id: Option<ID>,
    /// 表单内容
    pub form: AssociationEnlistmentFormInput,
}

/// 企业版参战书. A draft may be incomplete; submission checks that publicity, platforms and
/// community activities each have a choice and the project count matches the project list.
#[derive(InputObject)]
pub struct EnterpriseEnlistmentFormInput {
    /// 线上宣传
    #[graphql(default)]
    pub publicity_online: Vec<PublicityOnline>,
    /// 线下宣传
    #[graphql(default)]
    pub publicity_offline: Vec<PublicityOffline>,
    /// 线上团购
    #[graphql(default)]
    pub group_buying_online: Vec<GroupBuyingOnline>,
    /// 线下团购
    #[graphql(default)]
    pub group_buying_offline: Vec<GroupBuyingOffline>,
    /// 销售平台
    #[graphql(default)]
    pub platforms: Vec<SalesPlatform>,
    /// 其他平台说明 (required with OTHER)
    pub platform_other: Option<String>,
    /// 县域活动
    #[graphql(default)]
    pub county_activities: Vec<CountyActivity>,
    /// 社区活动
    #[graphql(default)]
    pub community_activities: Vec<CommunityActivity>,
    /// 其他社区活动说明 (required with OTHER)
    pub community_activity_other: Option<String>,
    /// 扶贫地区: region codes.
    #[graphql(default)]
    pub poverty_regions: Vec<String>,
    /// 对口支援地区: region codes.
    #[graphql(default)]
    pub support_regions: Vec<String>,
    /// 参战项目数 (must equal the project list's length to submit)
    pub participating_project_count: Option<i32>,
    /// 需求
    pub needs: Option<String>,
}

fn remote<A: Copy, B: From<A>>(list: Vec<A>) -> Vec<B> {
    list.into_iter().map(B::from).collect()
}

impl From<EnterpriseEnlistmentFormInput> for form::EnterpriseForm {
    fn from(f: EnterpriseEnlistmentFormInput) -> Self {
        Self {
            publicity_online: remote(f.publicity_online),
            publicity_offline: remote(f.publicity_offline),
            group_buying_online: remote(f.group_buying_online),
            group_buying_offline: remote(f.group_buying_offline),
            platforms: remote(f.platforms),
            platform_other: f.platform_other,
            county_activities: remote(f.county_activities),
            community_activities: remote(f.community_activities),
            community_activity_other: f.community_activity_other,
            poverty_regions: f.poverty_regions,
            support_regions: f.support_regions,
            participating_project_count: f.participating_project_count,
            needs: f.needs,
        }
    }
}

/// 保存企业版参战书（草稿）: enterprise admins for their own enterprise; the platform names it.
#[derive(InputObject)]
pub struct SaveEnterpriseEnlistmentInput {
    /// 战役
    pub campaign_id: ID,
    /// 企业 (platform admins only)
    pub enterprise_id: Option<ID>,
    /// 表单内容
    pub form: EnterpriseEnlistmentFormInput,
}

/// 提交 / 确认参战书
#[derive(InputObject)]
pub struct EnlistmentIdInput {
    /// 参战书
    pub id: ID,
}

/// 退回参战书
#[derive(InputObject)]
pub struct ReturnEnlistmentInput {
    /// 参战书
    pub id: ID,
    /// 退回原因 (required)
    pub reason: String,
}
