//! The objects of KPI and ranking reads.

use async_graphql::{ID, Object, SimpleObject};
use ledger::ranking::{Position, Ranked, Within};
use ledger::rollup::Dimension;
use uuid::Uuid;

use crate::schema::campaigns::types::PhaseSpan;
use crate::schema::ids;
use crate::schema::ledger::RollupDimension;
use crate::schema::scalars::{Fen, Grams};

/// 指标: one figure against the campaign's target.
#[derive(SimpleObject)]
pub struct KpiFigure {
    /// 实际值
    pub value: i64,
    /// 目标值 (null: the campaign set no target for this figure).
    pub target: Option<i64>,
    /// 完成率（%）, one decimal; null without a target.
    pub percent: Option<f64>,
}

impl From<ledger::scorecard::Figure> for KpiFigure {
    fn from(f: ledger::scorecard::Figure) -> Self {
        Self {
            value: f.value,
            target: f.target,
            percent: f.percent(),
        }
    }
}

/// 指标卡: the figures of the whole campaign or one phase (definitions in the README).
pub struct ScorecardCard(pub ledger::scorecard::Card);

#[Object]
impl ScorecardCard {
    /// 斤数
    async fn jin(&self) -> String {
        self.0.grams.jin()
    }
    /// 重量（克）
    async fn grams(&self) -> Grams {
        self.0.grams.into()
    }
    /// 金额（元）
    async fn yuan(&self) -> String {
        self.0.fen.yuan()
    }
    /// 金额（分）
    async fn fen(&self) -> Fen {
        self.0.fen.into()
    }
    /// 参与家庭: distinct households with a counted sale (target HOUSEHOLDS_PARTICIPATING).
    async fn households(&self) -> KpiFigure {
        self.0.households.into()
    }
    /// 有销售的社区: communities with at least one counted sale; a refund does not un-count one
    /// (target COMMUNITIES_JOINED).
    async fn communities_with_sales(&self) -> KpiFigure {
        self.0.communities_with_sales.into()
    }
    /// 参战社区: communities of enterprises with a confirmed enlistment (target
    /// COMMUNITIES_JOINED).
    async fn communities_enlisted(&self) -> KpiFigure {
        self.0.communities_enlisted.into()
    }
    /// 定制产品销售: custom products (定制研发) with at least one counted sale (target
    /// CUSTOM_PRODUCTS).
    async fn custom_products_sold(&self) -> KpiFigure {
        self.0.custom_products_sold.into()
    }
    /// 直接帮扶建档立卡贫困户: distinct beneficiary references of suppliers with counted sales,
    /// plus employment records (target POOR_HOUSEHOLDS_DIRECT).
    async fn poor_households_direct(&self) -> KpiFigure {
        self.0.poor_households_direct.into()
    }
    /// 间接帮扶: the linked poor households those suppliers declared (target
    /// POOR_HOUSEHOLDS_INDIRECT).
    async fn poor_households_indirect(&self) -> KpiFigure {
        self.0.poor_households_indirect.into()
    }
    /// 大型市集: fairs held (target MARKET_FAIRS).
    async fn fairs_held(&self) -> KpiFigure {
        self.0.fairs_held.into()
    }
}

/// 阶段指标
pub struct ScorecardPhase(
    pub campaigns::entity::campaign_phase::Model,
    pub ledger::scorecard::Card,
);

#[Object]
impl ScorecardPhase {
    /// 阶段 (a CampaignPhase id)
    async fn phase_id(&self) -> ID {
        ids::gid::<ids::CampaignPhase>(self.0.id)
    }
    /// 阶段名称与日期
    #[graphql(flatten)]
    async fn span(&self) -> PhaseSpan<'_> {
        PhaseSpan(&self.0)
    }
    /// 指标
    async fn card(&self) -> ScorecardCard {
        ScorecardCard(self.1.clone())
    }
}

/// 目标完成情况: a campaign's figures against its targets, whole and per phase.
pub struct Scorecard(pub ledger::scorecard::Scorecard);

#[Object]
impl Scorecard {
    /// 战役
    async fn campaign_id(&self) -> ID {
        ids::gid::<ids::Campaign>(self.0.campaign_id)
    }
    /// 整个战役
    async fn whole(&self) -> ScorecardCard {
        ScorecardCard(self.0.whole.clone())
    }
    /// 各阶段, in the calendar's order.
    async fn phases(&self) -> Vec<ScorecardPhase> {
        self.0
            .phases
            .iter()
            .map(|(p, c)| ScorecardPhase(p.clone(), c.clone()))
            .collect()
    }
}

/// The global id of a ranked key, for dimensions whose keys are ids.
fn key_id(dimension: Dimension, key: &str) -> Option<ID> {
    let id: Uuid = key.parse().ok()?;
    Some(match dimension {
        Dimension::Association => ids::gid::<ids::Association>(id),
        Dimension::Enterprise => ids::gid::<ids::Enterprise>(id),
        Dimension::Project => ids::gid::<ids::Project>(id),
        Dimension::Team => ids::gid::<ids::Team>(id),
        Dimension::Supplier => ids::gid::<ids::Supplier>(id),
        _ => return None,
    })
}

/// 排名行
#[derive(Clone)]
pub struct RankingRow {
    pub dimension: Dimension,
    pub ranked: Ranked,
    pub name: Option<String>,
}

#[Object]
impl RankingRow {
    /// 名次: competition ranking, equal values share a place (1, 2, 2, 4).
    async fn rank(&self) -> u32 {
        self.ranked.rank
    }
    /// 键: the region code, or the id's uuid.
    async fn key(&self) -> &str {
        &self.ranked.standing.key
    }
    /// 全局 ID of an association, enterprise, project, team or supplier (null for regions).
    async fn id(&self) -> Option<ID> {
        key_id(self.dimension, &self.ranked.standing.key)
    }
    /// 名称
    async fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }
    /// 排名值: grams, fen or households, by the ranking's metric.
    async fn value(&self) -> i64 {
        self.ranked.value
    }
    /// 斤数
    async fn jin(&self) -> String {
        self.ranked.standing.grams.jin()
    }
    /// 重量（克）
    async fn grams(&self) -> Grams {
        self.ranked.standing.grams.into()
    }
    /// 金额（元）
    async fn yuan(&self) -> String {
        self.ranked.standing.fen.yuan()
    }
    /// 金额（分）
    async fn fen(&self) -> Fen {
        self.ranked.standing.fen.into()
    }
    /// 参与家庭
    async fn households(&self) -> i64 {
        self.ranked.standing.households
    }
}

/// 排行榜
#[derive(SimpleObject, Clone)]
pub struct Ranking {
    /// 维度
    pub dimension: RollupDimension,
    /// 参与排名的数量: everyone with a counted entry in the period and scope.
    pub total: i32,
    /// 前 N 名, and whoever ties with the last of them.
    pub rows: Vec<RankingRow>,
}

/// 范围种类
#[derive(async_graphql::Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeKind {
    /// 整个战役
    Campaign,
    /// 协会
    Association,
    /// 企业
    Enterprise,
    /// 项目/社区
    Project,
    /// 省
    Province,
    /// 市
    City,
}

/// 我的排名: one of the caller's places.
pub struct MyRank {
    pub rank: ledger::ranking::mine::MyRank,
    pub name: Option<String>,
}

#[Object]
impl MyRank {
    /// 维度: TEAM, PROJECT or ENTERPRISE.
    async fn dimension(&self) -> RollupDimension {
        self.rank.dimension.into()
    }
    /// 我的键 (the team's, community's or enterprise's id)
    async fn id(&self) -> Option<ID> {
        key_id(self.rank.dimension, &self.rank.key)
    }
    /// 名称
    async fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }
    /// 在哪个范围内排名
    async fn scope(&self) -> ScopeKind {
        match self.rank.within {
            Within::Campaign => ScopeKind::Campaign,
            Within::Association(_) => ScopeKind::Association,
            Within::Enterprise(_) => ScopeKind::Enterprise,
            Within::Project(_) => ScopeKind::Project,
            Within::Province(_) => ScopeKind::Province,
            Within::City(_) => ScopeKind::City,
        }
    }
    /// 范围键: the association's, enterprise's or project's id, or the region code.
    async fn scope_key(&self) -> Option<ID> {
        match &self.rank.within {
            Within::Campaign => None,
            Within::Association(id) => Some(ids::gid::<ids::Association>(*id)),
            Within::Enterprise(id) => Some(ids::gid::<ids::Enterprise>(*id)),
            Within::Project(id) => Some(ids::gid::<ids::Project>(*id)),
            Within::Province(code) | Within::City(code) => Some(ID(code.clone())),
        }
    }
    /// 名次
    async fn rank(&self) -> u32 {
        self.position().rank
    }
    /// 参与排名的数量
    async fn of(&self) -> u32 {
        self.position().of
    }
    /// 我的值
    async fn value(&self) -> i64 {
        self.position().value
    }
    /// 与上一名的差距 (null when first)
    async fn gap_to_above(&self) -> Option<i64> {
        self.position().gap_to_above
    }
}

impl MyRank {
    fn position(&self) -> &Position {
        &self.rank.position
    }
}
