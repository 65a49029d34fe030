//! GraphQL objects of enlistments (参战书) and their two forms.

use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use campaigns::enlistment::form;
use campaigns::entity::{enlistment, enlistment_event};
use chrono::{DateTime, Utc};

use super::loaders::EnlistmentHistoryKey;
use super::types::{Campaign, association_of, campaign_of, enterprise_of};
use crate::schema::actor;
use crate::schema::ids;
use crate::schema::load_children;
use crate::schema::participants::types::{Association, Enterprise};
use crate::schema::regions::RegionCode;
use crate::schema::scalars::Date;

/// 参战书类型: the association form (协会版) or the enterprise form (企业版).
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "campaigns::entity::enlistment::EnlistmentKind")]
pub enum EnlistmentKind {
    /// 协会版
    Association,
    /// 企业版
    Enterprise,
}

/// 参战书状态: DRAFT → SUBMITTED → CONFIRMED, or RETURNED (with a reason) and submitted again.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "campaigns::entity::enlistment::EnlistmentState")]
pub enum EnlistmentState {
    /// 草稿: saved, not submitted.
    Draft,
    /// 已提交: waiting for a decision.
    Submitted,
    /// 已确认: accepted.
    Confirmed,
    /// 已退回: returned with a reason; edit and submit again.
    Returned,
}

macro_rules! remote_enum {
    ($(#[$doc:meta])* $name:ident = $remote:literal { $($(#[$vdoc:meta])* $variant:ident),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
        #[graphql(remote = $remote)]
        pub enum $name { $($(#[$vdoc])* $variant),+ }
    };
}

remote_enum!(
    /// 推介会形式: how a promotion talk is held.
    TalkFormat = "campaigns::enlistment::form::TalkFormat" {
        /// 线下: on site.
        Onsite,
        /// 线上: online.
        Online,
        /// 线上线下结合: both.
        Hybrid,
    }
);
remote_enum!(
    /// 线上宣传: online publicity channels.
    PublicityOnline = "campaigns::enlistment::form::PublicityOnline" {
        /// 微信公众号: WeChat official account.
        WechatOfficialAccount,
        /// 官网: website.
        Website,
        /// 微博: Weibo.
        Weibo,
        /// 微信群: WeChat groups.
        WechatGroups,
    }
);
remote_enum!(
    /// 线下宣传: offline publicity channels.
    PublicityOffline = "campaigns::enlistment::form::PublicityOffline" {
        /// 宣传栏: bulletin board.
        BulletinBoard,
        /// 停车场广告: parking-lot ads.
        ParkingLotAds,
        /// 服务中心广告: service-centre ads.
        ServiceCentreAds,
        /// 公告栏: notice board.
        NoticeBoard,
        /// 电梯广告: elevator ads.
        ElevatorAds,
        /// 出入口横幅: entrance banner.
        EntranceBanner,
    }
);
remote_enum!(
    /// 线上团购: online group buying.
    GroupBuyingOnline = "campaigns::enlistment::form::GroupBuyingOnline" {
        /// 社区团购: community group buys.
        CommunityGroupBuy,
    }
);
remote_enum!(
    /// 线下团购: offline group buying.
    GroupBuyingOffline = "campaigns::enlistment::form::GroupBuyingOffline" {
        /// 企业采购: the enterprise's own procurement (staff welfare, canteen, festival gifts).
        EnterpriseProcurement,
        /// 合作企业采购: partner companies' procurement.
        PartnerProcurement,
    }
);
remote_enum!(
    /// 销售平台: where the enterprise sells.
    SalesPlatform = "campaigns::enlistment::form::SalesPlatform" {
        /// 自有 APP: its own app.
        App,
        /// 微信小店: a WeChat mini-store.
        MiniStore,
        /// 托管运营: a store run by the alliance's e-commerce team.
        HostedOperation,
        /// 其他: other (describe in platformOther).
        Other,
    }
);
remote_enum!(
    /// 县域活动: activities in poor counties.
    CountyActivity = "campaigns::enlistment::form::CountyActivity" {
        /// 考察选品: selection visits.
        SelectionVisit,
        /// 吸纳贫困户就业: employing poor-household workers.
        PovertyWorkerEmployment,
    }
);
remote_enum!(
    /// 社区活动形式: how the enterprise takes part in its communities.
    CommunityActivity = "campaigns::enlistment::form::CommunityActivity" {
        /// 扶贫专区: a poverty-alleviation zone.
        Zone,
        /// 社区门店专柜: a counter in a community store.
        CommunityStore,
        /// 其他: other (describe in communityActivityOther).
        Other,
    }
);

fn enums<A: Copy, B: From<A>>(list: &[A]) -> Vec<B> {
    list.iter().copied().map(B::from).collect()
}

fn codes(list: &[String]) -> Vec<RegionCode> {
    list.iter().cloned().map(RegionCode).collect()
}

/// 联系人: a lead (负责人) or liaison (联络人) of an association form.
#[derive(SimpleObject)]
pub struct EnlistmentContact {
    /// 姓名
    pub name: Option<String>,
    /// 职务: position.
    pub position: Option<String>,
    /// 手机: masked except for the association's own admins and the platform.
    pub phone: Option<String>,
    /// 电子邮箱: e-mail.
    pub email: Option<String>,
}

impl EnlistmentContact {
    fn new(c: form::Contact, shown: participants::privacy::Disclosure) -> Self {
        Self {
            name: c.name,
            position: c.position,
            phone: shown.phone(c.phone.as_deref()),
            email: c.email,
        }
    }
}

/// 特色产品: a featured product of a paired region.
#[derive(SimpleObject)]
pub struct FeaturedProduct {
    /// 产品名称
    pub name: String,
    /// 产地: its region code.
    pub region_code: Option<RegionCode>,
}

// The form shows its talks in the shape it takes them in, so one struct is both the output
// and the input type.
/// 本地推介会: a planned local promotion talk.
#[derive(SimpleObject, InputObject)]
#[graphql(input_name = "PromotionTalkInput")]
pub struct PromotionTalk {
    /// 日期: within the campaign (checked when the form is submitted).
    pub date: Date,
    /// 形式: on site, online or both.
    pub format: TalkFormat,
    /// 主题: topic.
    pub topic: Option<String>,
}

impl From<form::PromotionTalk> for PromotionTalk {
    fn from(t: form::PromotionTalk) -> Self {
        Self {
            date: Date(t.date),
            format: t.format.into(),
            topic: t.topic,
        }
    }
}

impl From<PromotionTalk> for form::PromotionTalk {
    fn from(t: PromotionTalk) -> Self {
        Self {
            date: t.date.0,
            format: t.format.into(),
            topic: t.topic,
        }
    }
}

/// 协会版参战书: the association form.
#[derive(SimpleObject)]
pub struct AssociationEnlistmentForm {
    /// 扶贫地区: paired poverty-alleviation regions.
    pub poverty_regions: Vec<RegionCode>,
    /// 对口支援地区: paired support regions.
    pub support_regions: Vec<RegionCode>,
    /// 特色产品: featured products of those regions.
    pub featured_products: Vec<FeaturedProduct>,
    /// 战役负责人: the campaign lead.
    pub lead: EnlistmentContact,
    /// 联络人: the liaison.
    pub liaison: EnlistmentContact,
    /// 本地推介会: planned local promotion talks.
    pub promotion_talks: Vec<PromotionTalk>,
    /// 市集计划月份: planned fair months, `YYYY-MM`.
    pub fair_months: Vec<String>,
    /// 需求: what the association needs from the campaign.
    pub needs: Option<String>,
    /// 接受承诺: whether the pledge is accepted.
    pub pledge_accepted: bool,
}

/// 企业版参战书: the enterprise form, its participation modes as sets.
#[derive(SimpleObject)]
pub struct EnterpriseEnlistmentForm {
    /// 线上宣传
    pub publicity_online: Vec<PublicityOnline>,
    /// 线下宣传
    pub publicity_offline: Vec<PublicityOffline>,
    /// 线上团购
    pub group_buying_online: Vec<GroupBuyingOnline>,
    /// 线下团购
    pub group_buying_offline: Vec<GroupBuyingOffline>,
    /// 销售平台
    pub platforms: Vec<SalesPlatform>,
    /// 其他平台说明: what OTHER platform.
    pub platform_other: Option<String>,
    /// 县域活动
    pub county_activities: Vec<CountyActivity>,
    /// 社区活动
    pub community_activities: Vec<CommunityActivity>,
    /// 其他社区活动说明: what OTHER community activity.
    pub community_activity_other: Option<String>,
    /// 扶贫地区: paired poverty-alleviation regions.
    pub poverty_regions: Vec<RegionCode>,
    /// 对口支援地区: paired support regions.
    pub support_regions: Vec<RegionCode>,
    /// 参战项目数: participating projects (checked against the project list on submission).
    pub participating_project_count: Option<i32>,
    /// 需求: what the enterprise needs from the campaign.
    pub needs: Option<String>,
}

impl From<form::EnterpriseForm> for EnterpriseEnlistmentForm {
    fn from(f: form::EnterpriseForm) -> Self {
        Self {
            publicity_online: enums(&f.publicity_online),
            publicity_offline: enums(&f.publicity_offline),
            group_buying_online: enums(&f.group_buying_online),
            group_buying_offline: enums(&f.group_buying_offline),
            platforms: enums(&f.platforms),
            platform_other: f.platform_other,
            county_activities: enums(&f.county_activities),
            community_activities: enums(&f.community_activities),
            community_activity_other: f.community_activity_other,
            poverty_regions: codes(&f.poverty_regions),
            support_regions: codes(&f.support_regions),
            participating_project_count: f.participating_project_count,
            needs: f.needs,
        }
    }
}

/// 参战书: one organisation's enlistment in a campaign.
pub struct Enlistment(pub enlistment::Model);

#[Object]
impl Enlistment {
    /// 全局 ID
    pub async fn id(&self) -> ID {
        ids::gid::<ids::Enlistment>(self.0.id)
    }
    /// 战役
    async fn campaign(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Campaign>> {
        campaign_of(ctx, self.0.campaign_id).await
    }
    /// 类型: the association or the enterprise form.
    async fn kind(&self) -> EnlistmentKind {
        self.0.org_kind.into()
    }
    /// 状态
    async fn state(&self) -> EnlistmentState {
        self.0.state.into()
    }
    /// 协会: the enlisting association, or the enterprise's association.
    async fn association(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Association>> {
        association_of(ctx, self.0.association_id).await
    }
    /// 企业: the enlisting enterprise (enterprise forms).
    async fn enterprise(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Enterprise>> {
        enterprise_of(ctx, self.0.enterprise_id).await
    }
    /// 退回原因: why the form was returned (while RETURNED).
    async fn return_reason(&self) -> Option<&str> {
        self.0.return_reason.as_deref()
    }
    /// 协会版内容: the association form (null for enterprise forms).
    async fn association_form(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<AssociationEnlistmentForm>> {
        let Some(f) = campaigns::enlistment::association_form(&self.0) else {
            return Ok(None);
        };
        let shown = campaigns::enlistment::contacts(actor(ctx)?, &self.0);
        Ok(Some(AssociationEnlistmentForm {
            poverty_regions: codes(&f.poverty_regions),
            support_regions: codes(&f.support_regions),
            featured_products: f
                .featured_products
                .into_iter()
                .map(|p| FeaturedProduct {
                    name: p.name,
                    region_code: p.region_code.map(RegionCode),
                })
                .collect(),
            lead: EnlistmentContact::new(f.lead, shown),
            liaison: EnlistmentContact::new(f.liaison, shown),
            promotion_talks: f.promotion_talks.into_iter().map(Into::into).collect(),
            fair_months: f.fair_months,
            needs: f.needs,
            pledge_accepted: f.pledge_accepted,
        }))
    }
    /// 企业版内容: the enterprise form (null for association forms).
    async fn enterprise_form(&self) -> Option<EnterpriseEnlistmentForm> {
        campaigns::enlistment::enterprise_form(&self.0).map(Into::into)
    }
    /// 办理记录: every step, oldest first.
    async fn history(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<EnlistmentEvent>> {
        load_children(ctx, EnlistmentHistoryKey(self.0.id), EnlistmentEvent).await
    }
    /// 提交时间
    async fn submitted_at(&self) -> Option<DateTime<Utc>> {
        self.0.submitted_at
    }
    /// 决定时间: when it was confirmed or returned.
    async fn decided_at(&self) -> Option<DateTime<Utc>> {
        self.0.decided_at
    }
    /// 创建时间
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// 更新时间
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

/// 参战书办理记录: one step of an enlistment.
pub struct EnlistmentEvent(pub enlistment_event::Model);

#[Object]
impl EnlistmentEvent {
    /// 原状态: null for the first save.
    async fn from_state(&self) -> Option<EnlistmentState> {
        self.0.from_state.map(Into::into)
    }
    /// 新状态
    async fn to_state(&self) -> EnlistmentState {
        self.0.to_state.into()
    }
    /// 说明: the reason given when returning.
    async fn comment(&self) -> Option<&str> {
        self.0.comment.as_deref()
    }
    /// 时间
    async fn at(&self) -> DateTime<Utc> {
        self.0.at
    }
}
