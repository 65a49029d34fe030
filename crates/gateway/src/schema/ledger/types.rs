//! GraphQL objects of the ledger: entries with their seals, rollup totals, the sealer's
//! status, and the audit's report.

use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use kernel::Role;
use ledger::entity::{entry, seal};
use uuid::Uuid;

use super::loaders::{EntryKey, PhaseKey, SealKey};
use super::{Channel, EntryKind, EntrySource, RollupDimension, RollupPeriod};
use crate::schema::campaigns::types::{
    Campaign, CampaignPhase, association_of, campaign_of, enterprise_of,
};
use crate::schema::ids;
use crate::schema::loaders::{HouseholdKey, ProjectKey, SupplierKey, TeamKey};
use crate::schema::participants::types::{Association, Enterprise, Household, Project, Team};
use crate::schema::products::types::{Product, Supplier};
use crate::schema::regions::{Region, region_by_code};
use crate::schema::scalars::{Date, Fen, Grams, Measures};
use crate::schema::{actor, load_one};

/// 台账条目: one counted sale line, or a refund or correction of one (negative amounts). Every
/// fact a ranking needs was copied onto it when it was recorded; it is never changed.
pub struct LedgerEntry(pub entry::Model);

#[Object]
impl LedgerEntry {
    /// 全局 ID
    pub async fn id(&self) -> ID {
        ids::gid::<ids::LedgerEntry>(self.0.id)
    }
    /// 类型: sale, refund or correction.
    async fn kind(&self) -> EntryKind {
        self.0.kind.into()
    }
    /// 被冲减的销售: the sale a refund or correction takes back from.
    async fn reverses(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<LedgerEntry>> {
        let Some(id) = self.0.reverses_id else {
            return Ok(None);
        };
        Ok(load_one(ctx, EntryKey(id)).await?.map(LedgerEntry))
    }
    /// 来源: order line, verified reported row or fair sale.
    async fn source(&self) -> EntrySource {
        self.0.source.into()
    }
    /// 来源编号: the id of the fact recorded (order line, refund, reported row, fair sale).
    async fn source_ref(&self) -> &str {
        &self.0.source_ref
    }
    /// 战役: the campaign the sale counts for (null outside every campaign).
    async fn campaign(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Campaign>> {
        match self.0.campaign_id {
            Some(id) => campaign_of(ctx, id).await,
            None => Ok(None),
        }
    }
    /// 阶段: the phase the sale counts for.
    async fn phase(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<CampaignPhase>> {
        let Some(id) = self.0.phase_id else {
            return Ok(None);
        };
        Ok(load_one(ctx, PhaseKey(id)).await?.map(CampaignPhase))
    }
    /// 计入日期: the day (Asia/Shanghai) the sale counts for; a refund counts on its sale's day.
    async fn counted_on(&self) -> Date {
        Date(self.0.counted_on)
    }
    /// 发生时间: when the sale (or refund) happened.
    async fn occurred_at(&self) -> DateTime<Utc> {
        self.0.occurred_at
    }
    /// 记账时间: when the ledger recorded it.
    async fn recorded_at(&self) -> DateTime<Utc> {
        self.0.recorded_at
    }
    /// 数量: units (negative for reversals).
    async fn quantity(&self) -> i64 {
        self.0.quantity
    }
    /// 重量与金额
    #[graphql(flatten)]
    async fn measures(&self) -> Measures {
        Measures::new(self.0.grams, self.0.fen)
    }
    /// 产品
    async fn product(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Product>> {
        Product::load(ctx, self.0.product_id).await
    }
    /// 市场主体: the product's supplier.
    async fn supplier(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Supplier>> {
        Ok(load_one(ctx, SupplierKey(self.0.supplier_id))
            .await?
            .map(Supplier))
    }
    /// 产地县
    async fn county(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Region>> {
        region_by_code(ctx, Some(&self.0.county_code)).await
    }
    /// 产地省份
    async fn province(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Region>> {
        region_by_code(ctx, Some(&self.0.province_code)).await
    }
    /// 认定有效: whether the product's certification (扶贫产品认定) was valid when it sold.
    async fn certified(&self) -> bool {
        self.0.certified
    }
    /// 购买企业
    async fn enterprise(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Enterprise>> {
        enterprise_of(ctx, self.0.enterprise_id).await
    }
    /// 项目/社区
    async fn project(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Project>> {
        let Some(id) = self.0.project_id else {
            return Ok(None);
        };
        Ok(load_one(ctx, ProjectKey(id)).await?.map(Project))
    }
    /// 城市: the buyer's city.
    async fn city(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Region>> {
        region_by_code(ctx, self.0.city_code.as_deref()).await
    }
    /// 协会
    async fn association(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Association>> {
        association_of(ctx, self.0.association_id).await
    }
    /// 住户: shown to the household itself, its enterprise and the platform; null for others
    /// (a supplier sees that its product sold, not to whom).
    async fn household(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Household>> {
        let Some(id) = self.0.household_id else {
            return Ok(None);
        };
        let who = actor(ctx)?;
        let may = match who.role {
            Role::PlatformAdmin => true,
            Role::Household => who.household == Some(id),
            Role::EnterpriseAdmin | Role::EnterpriseApp => {
                who.enterprise_id().is_some() && who.enterprise_id() == self.0.enterprise_id
            }
            _ => false,
        };
        if !may {
            return Ok(None);
        }
        Ok(load_one(ctx, HouseholdKey(id)).await?.map(Household))
    }
    /// 战队: the team the household was in when it bought.
    async fn team(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Team>> {
        let Some(id) = self.0.team_id else {
            return Ok(None);
        };
        Ok(load_one(ctx, TeamKey(id)).await?.map(Team))
    }
    /// 渠道
    async fn channel(&self) -> Channel {
        self.0.channel.into()
    }
    /// 封存: the entry's place in the hash chain; null until the sealer has sealed it
    /// (usually milliseconds after the sale).
    async fn seal(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<EntrySeal>> {
        Ok(load_one(ctx, SealKey(self.0.id)).await?.map(EntrySeal))
    }
}

/// 封存信息: a sealed entry's sequence number and hash chain link.
pub struct EntrySeal(pub seal::Model);

#[Object]
impl EntrySeal {
    /// 序号: 1, 2, 3 … without gaps, in the order entries were sealed.
    async fn sequence(&self) -> i64 {
        self.0.seq
    }
    /// 哈希: SHA-256 (hex) over the previous hash, the sequence number and the entry's
    /// canonical content.
    async fn hash(&self) -> &str {
        &self.0.hash
    }
    /// 前一哈希: the hash of the seal before (64 zeros for the first).
    async fn prev_hash(&self) -> &str {
        &self.0.prev_hash
    }
    /// 封存时间
    async fn sealed_at(&self) -> DateTime<Utc> {
        self.0.sealed_at
    }
}

/// 汇总数据: the sums of sealed entries for one campaign, dimension key and period.
pub struct LedgerTotals {
    pub dimension: ledger::rollup::Dimension,
    pub key: String,
    pub period: ledger::rollup::Period,
    pub period_key: String,
    pub totals: ledger::rollup::Totals,
}

#[Object]
impl LedgerTotals {
    /// 维度
    async fn dimension(&self) -> RollupDimension {
        self.dimension.into()
    }
    /// 维度键: the id, region code or channel name ("" for ALL).
    async fn key(&self) -> &str {
        &self.key
    }
    /// 周期
    async fn period(&self) -> RollupPeriod {
        self.period.into()
    }
    /// 周期键: "", a phase id, "YYYY-MM" or "YYYY-MM-DD".
    async fn period_key(&self) -> &str {
        &self.period_key
    }
    /// 重量与金额
    #[graphql(flatten)]
    async fn measures(&self) -> Measures {
        Measures::new(self.totals.grams, self.totals.fen)
    }
    /// 条目数: entries summed (sales and reversals).
    async fn entries(&self) -> i64 {
        self.totals.entries
    }
    /// 认定产品重量（克）: the part sold while the product's certification was valid.
    async fn certified_grams(&self) -> Grams {
        self.totals.certified_grams.into()
    }
    /// 认定产品重量（斤）
    async fn certified_jin(&self) -> String {
        self.totals.certified_grams.jin()
    }
    /// 认定产品金额（分）
    async fn certified_fen(&self) -> Fen {
        self.totals.certified_fen.into()
    }
    /// 认定产品金额（元）
    async fn certified_yuan(&self) -> String {
        self.totals.certified_fen.yuan()
    }
    /// 参与家庭数: distinct households with at least one sale here.
    async fn households(&self) -> i64 {
        self.totals.households
    }
}

/// 台账状态: how far the sealer has got.
#[derive(SimpleObject)]
pub struct LedgerStatus {
    /// 已封存至: the last sequence number sealed (0: none yet).
    pub sealed_through: i64,
    /// 最近封存时间
    pub last_sealed_at: Option<DateTime<Utc>>,
    /// 待封存: committed entries not sealed yet.
    pub pending: u64,
    /// 延迟（毫秒）: how long the oldest unsealed entry has waited (0 when none waits).
    pub lag: i64,
}

impl From<ledger::status::Status> for LedgerStatus {
    fn from(s: ledger::status::Status) -> Self {
        Self {
            sealed_through: s.sealed_through,
            last_sealed_at: s.last_sealed_at,
            pending: s.pending,
            lag: s.lag.num_milliseconds(),
        }
    }
}

/// 链断裂: where and why the seal chain breaks.
#[derive(SimpleObject)]
pub struct ChainBreak {
    /// 序号: the first sequence number that does not verify.
    pub sequence: i64,
    /// 原因: MISSING, PREV_HASH_MISMATCH, HASH_MISMATCH, ENTRY_MISSING or HEAD_MISMATCH.
    pub reason: String,
}

/// 汇总差异: a rollup row that does not match the entries.
#[derive(SimpleObject)]
pub struct RollupDifference {
    /// 战役 ID (null: sales outside every campaign).
    pub campaign_id: Option<ID>,
    /// 维度
    pub dimension: RollupDimension,
    /// 维度键
    pub key: String,
    /// 周期
    pub period: RollupPeriod,
    /// 周期键
    pub period_key: String,
    /// 按条目重算（克）
    pub expected_grams: Grams,
    /// 汇总中（克）
    pub found_grams: Grams,
    /// 按条目重算（分）
    pub expected_fen: Fen,
    /// 汇总中（分）
    pub found_fen: Fen,
    /// 按条目重算的家庭数
    pub expected_households: i64,
    /// 汇总中的家庭数
    pub found_households: i64,
}

/// 审计报告: the chain walked from the first seal, and every rollup recomputed from the raw
/// entries.
#[derive(SimpleObject)]
pub struct LedgerAudit {
    /// 无异常: nothing broken, nothing unaccounted, no rollup differs.
    pub clean: bool,
    /// 已验证封存数: seals verified from 1 up to the first break.
    pub verified: i64,
    /// 链头序号
    pub head: i64,
    /// 首个断点
    pub first_break: Option<ChainBreak>,
    /// 未入链条目: entries neither sealed nor queued for the sealer.
    pub unaccounted: u64,
    /// 已核对汇总行数
    pub rollup_rows_checked: u64,
    /// 差异行数
    pub difference_count: u64,
    /// 差异 (the first 100)
    pub differences: Vec<RollupDifference>,
}

impl From<ledger::audit::AuditReport> for LedgerAudit {
    fn from(r: ledger::audit::AuditReport) -> Self {
        let campaign = |id: Uuid| (!id.is_nil()).then(|| ids::gid::<ids::Campaign>(id));
        Self {
            clean: r.is_clean(),
            verified: r.chain.verified,
            head: r.chain.head,
            first_break: r.chain.first_broken.map(|b| ChainBreak {
                sequence: b.seq,
                reason: b.reason.as_str().to_owned(),
            }),
            unaccounted: r.chain.unaccounted,
            // The sold counts are rollups too; their differences are counted here (the list
            // shows the sums' differences).
            rollup_rows_checked: r.rollups.rows_checked + r.sold.rows_checked,
            difference_count: r.rollups.difference_count + r.sold.difference_count,
            differences: r
                .rollups
                .differences
                .into_iter()
                .map(|d| RollupDifference {
                    campaign_id: campaign(d.key.campaign_id),
                    dimension: d.key.dimension.into(),
                    key: d.key.dim_key,
                    period: d.key.period.into(),
                    period_key: d.key.period_key,
                    expected_grams: d.expected.grams.into(),
                    found_grams: d.found.grams.into(),
                    expected_fen: d.expected.fen.into(),
                    found_fen: d.found.fen.into(),
                    expected_households: d.expected.households,
                    found_households: d.found.households,
                })
                .collect(),
        }
    }
}
