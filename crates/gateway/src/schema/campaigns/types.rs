//! GraphQL objects of the campaign calendar: campaigns, phases, targets.

use async_graphql::{Context, Enum, ID, Object, SimpleObject};
use campaigns::calendar;
use campaigns::entity::{campaign, campaign_phase, campaign_target};
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::loaders::{CampaignKey, PhasesKey, TargetsKey};
use crate::schema::ids;
use crate::schema::participants::types::{Association, Enterprise};
use crate::schema::scalars::Date;
use crate::schema::state;
use crate::schema::{load_children, load_one};

/// 战役状态: derived from the campaign's dates and today (Asia/Shanghai).
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "campaigns::calendar::CampaignStatus")]
pub enum CampaignStatus {
    /// 未开始: before the first day.
    Upcoming,
    /// 进行中: between the first and the last day.
    Active,
    /// 已结束: after the last day.
    Ended,
}

/// 阶段类型: what a phase of a campaign is.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "campaigns::entity::campaign_phase::PhaseKind")]
pub enum PhaseKind {
    /// 报名: local associations sign up.
    SignUp,
    /// 誓师大会: the pledge rally.
    Rally,
    /// 试点: pilots.
    Pilot,
    /// 推进阶段: a main phase (第一/二/三阶段).
    Phase,
    /// 阶段总结: a phase's summary.
    Summary,
    /// 总结大会: the closing conference and white paper.
    Closing,
}

/// 目标类型: what a campaign target counts.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "campaigns::entity::campaign_target::TargetKind")]
pub enum TargetKind {
    /// 参与社区: communities joined.
    CommunitiesJoined,
    /// 参与家庭: households taking part.
    HouseholdsParticipating,
    /// 定制研发产品: custom-developed products.
    CustomProducts,
    /// 直接帮扶建档立卡贫困户: registered poor households helped directly.
    PoorHouseholdsDirect,
    /// 间接帮扶建档立卡贫困户: registered poor households helped indirectly.
    PoorHouseholdsIndirect,
    /// 大型市集: large market fairs held.
    MarketFairs,
}

/// 战役: a campaign with its phases and targets, e.g. 社区的力量 (2019-04 → 2020-10).
pub struct Campaign(pub campaign::Model);

#[Object]
impl Campaign {
    /// 全局 ID
    pub async fn id(&self) -> ID {
        ids::gid::<ids::Campaign>(self.0.id)
    }
    /// 名称: the campaign's name.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// 口号: the slogan, e.g. 带一斤回家.
    async fn slogan(&self) -> Option<&str> {
        self.0.slogan.as_deref()
    }
    /// 开始日期: the first day (Asia/Shanghai).
    async fn starts_on(&self) -> Date {
        Date(self.0.starts_on)
    }
    /// 结束日期: the last day (Asia/Shanghai), inclusive.
    async fn ends_on(&self) -> Date {
        Date(self.0.ends_on)
    }
    /// 状态: upcoming, active or ended, as of today.
    async fn status(&self, ctx: &Context<'_>) -> async_graphql::Result<CampaignStatus> {
        Ok(calendar::status(&self.0, state(ctx)?.clock.today()).into())
    }
    /// 阶段: the phases in order; they may overlap (the rally and the pilots fall in phase 1).
    async fn phases(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<CampaignPhase>> {
        load_children(ctx, PhasesKey(self.0.id), CampaignPhase).await
    }
    /// 目标: the campaign's targets.
    async fn targets(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<CampaignTarget>> {
        load_children(ctx, TargetsKey(self.0.id), CampaignTarget).await
    }
    /// 某日所在阶段: every phase a day falls in (default today), in order.
    async fn phases_on(
        &self,
        ctx: &Context<'_>,
        date: Option<Date>,
    ) -> async_graphql::Result<Vec<CampaignPhase>> {
        let day = date.map_or_else(|| state(ctx).map(|s| s.clock.today()), |d| Ok(d.0))?;
        let phases = load_one(ctx, PhasesKey(self.0.id))
            .await?
            .unwrap_or_default();
        Ok(calendar::phases_on(&phases, day)
            .into_iter()
            .cloned()
            .map(CampaignPhase)
            .collect())
    }
    /// 当前阶段: the one phase a day (default today) is counted in — the main phase it falls
    /// in, else the shortest phase containing it; null outside every phase.
    async fn phase_on(
        &self,
        ctx: &Context<'_>,
        date: Option<Date>,
    ) -> async_graphql::Result<Option<CampaignPhase>> {
        let day = date.map_or_else(|| state(ctx).map(|s| s.clock.today()), |d| Ok(d.0))?;
        let phases = load_one(ctx, PhasesKey(self.0.id))
            .await?
            .unwrap_or_default();
        Ok(calendar::attribution_phase(&phases, day)
            .cloned()
            .map(CampaignPhase))
    }
    /// 创建时间
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// 战役阶段: one phase of a campaign.
pub struct CampaignPhase(pub campaign_phase::Model);

#[Object]
impl CampaignPhase {
    /// 全局 ID (filters such as `ledgerEntries(filter: {phaseId})` take it)
    async fn id(&self) -> ID {
        ids::gid::<ids::CampaignPhase>(self.0.id)
    }
    /// 序号: the phase's position in the campaign, from 1.
    async fn ordinal(&self) -> i32 {
        self.0.ordinal
    }
    /// 类型: sign-up, rally, pilot, phase, summary or closing.
    async fn kind(&self) -> PhaseKind {
        self.0.kind.into()
    }
    /// 名称与日期
    #[graphql(flatten)]
    async fn span(&self) -> PhaseSpan<'_> {
        PhaseSpan(&self.0)
    }
}

/// A phase's name and dates, as the phase itself and a scorecard's phase both show them
/// (flattened into each; the type itself does not appear in the schema).
pub struct PhaseSpan<'a>(pub &'a campaign_phase::Model);

#[Object]
impl PhaseSpan<'_> {
    /// 名称: e.g. 第一阶段：广泛参与.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// 开始日期
    async fn starts_on(&self) -> Date {
        Date(self.0.starts_on)
    }
    /// 结束日期 (inclusive)
    async fn ends_on(&self) -> Date {
        Date(self.0.ends_on)
    }
}

/// 战役目标: a number with its unit.
pub struct CampaignTarget(pub campaign_target::Model);

#[Object]
impl CampaignTarget {
    /// 类型: what the target counts.
    async fn kind(&self) -> TargetKind {
        self.0.kind.into()
    }
    /// 目标值: the number to reach.
    async fn value(&self) -> i64 {
        self.0.value
    }
    /// 单位: e.g. 个, 户, 款, 场.
    async fn unit(&self) -> &str {
        &self.0.unit
    }
    /// 说明: the target as worded in the campaign's plan.
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }
}

/// 时刻所在阶段: the campaign and phase a moment falls in on the Asia/Shanghai calendar.
#[derive(SimpleObject)]
pub struct CampaignMoment {
    /// 战役
    pub campaign: Campaign,
    /// 阶段: the phase the moment is counted in.
    pub phase: CampaignPhase,
    /// 日期: the moment's day on the campaign calendar.
    pub date: Date,
}

/// The campaign of a row (loaded in batches).
pub(crate) async fn campaign_of(
    ctx: &Context<'_>,
    id: Uuid,
) -> async_graphql::Result<Option<Campaign>> {
    Ok(load_one(ctx, CampaignKey(id)).await?.map(Campaign))
}

/// The association of a row, if any (loaded in batches).
pub(crate) async fn association_of(
    ctx: &Context<'_>,
    id: Option<Uuid>,
) -> async_graphql::Result<Option<Association>> {
    let Some(id) = id else { return Ok(None) };
    Ok(load_one(ctx, crate::schema::loaders::AssociationKey(id))
        .await?
        .map(Association))
}

/// The enterprise of a row, if any (loaded in batches).
pub(crate) async fn enterprise_of(
    ctx: &Context<'_>,
    id: Option<Uuid>,
) -> async_graphql::Result<Option<Enterprise>> {
    let Some(id) = id else { return Ok(None) };
    Ok(load_one(ctx, crate::schema::loaders::EnterpriseKey(id))
        .await?
        .map(Enterprise))
}
