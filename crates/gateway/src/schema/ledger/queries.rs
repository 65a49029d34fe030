//! The ledger's root queries: entries, totals, the sealer's status, the audit, reported
//! batches and rows, and a fair's counted sales.

use async_graphql::{Context, ID, InputObject, Object};
use gateway_macros::connections;
use kernel::{DomainError, Role};
use ledger::entries::EntryFilter;
use ledger::rollup::{Dimension, Period};

use super::reported::{
    FairSale, FairSales, ReportFlag, ReportedBatch, ReportedRow, ReportedStatus,
};
use super::types::{LedgerAudit, LedgerEntry, LedgerStatus, LedgerTotals};
use super::{Channel, EntryKind, RollupDimension, RollupPeriod};
use crate::error::to_graphql;
use crate::schema::connection::Conn;
use crate::schema::connection::PageArgs;
use crate::schema::connection::{ListFilter, connect_filtered, connect_scoped};
use crate::schema::ids;
use crate::schema::regions::RegionCode;
use crate::schema::scalars::{Date, Fen, Grams};
use crate::schema::{actor, by_id, state, visible};

/// 台账条目筛选: every filter narrows what the caller may see; none widens it.
#[derive(InputObject, Default)]
pub struct LedgerEntryFilter {
    /// 战役
    pub campaign_id: Option<ID>,
    /// 阶段 (a CampaignPhase's id)
    pub phase_id: Option<ID>,
    /// 计入日期起 (inclusive)
    pub from: Option<Date>,
    /// 计入日期止 (inclusive)
    pub to: Option<Date>,
    /// 协会
    pub association_id: Option<ID>,
    /// 企业
    pub enterprise_id: Option<ID>,
    /// 项目/社区
    pub project_id: Option<ID>,
    /// 城市 (the buyer's)
    pub city_code: Option<RegionCode>,
    /// 战队
    pub team_id: Option<ID>,
    /// 住户
    pub household_id: Option<ID>,
    /// 渠道
    pub channel: Option<Channel>,
    /// 产品
    pub product_id: Option<ID>,
    /// 市场主体
    pub supplier_id: Option<ID>,
    /// 产地县
    pub county_code: Option<RegionCode>,
    /// 条目类型
    pub kind: Option<EntryKind>,
    /// 认定有效
    pub certified: Option<bool>,
    /// 已封存 (false: still waiting for the sealer)
    pub sealed: Option<bool>,
}

impl ListFilter for LedgerEntryFilter {
    type Domain = EntryFilter;
    fn domain(self) -> Result<EntryFilter, DomainError> {
        Ok(EntryFilter {
            campaign_id: ids::parse_opt::<ids::Campaign>("campaignId", self.campaign_id.as_ref())?,
            phase_id: ids::parse_opt::<ids::CampaignPhase>("phaseId", self.phase_id.as_ref())?,
            from: self.from.map(|d| d.0),
            to: self.to.map(|d| d.0),
            association_id: ids::parse_opt::<ids::Association>(
                "associationId",
                self.association_id.as_ref(),
            )?,
            enterprise_id: ids::parse_opt::<ids::Enterprise>(
                "enterpriseId",
                self.enterprise_id.as_ref(),
            )?,
            project_id: ids::parse_opt::<ids::Project>("projectId", self.project_id.as_ref())?,
            city_code: self.city_code.map(|c| c.0),
            team_id: ids::parse_opt::<ids::Team>("teamId", self.team_id.as_ref())?,
            household_id: ids::parse_opt::<ids::Household>(
                "householdId",
                self.household_id.as_ref(),
            )?,
            channel: self.channel.map(Into::into),
            product_id: ids::parse_opt::<ids::Product>("productId", self.product_id.as_ref())?,
            supplier_id: ids::parse_opt::<ids::Supplier>("supplierId", self.supplier_id.as_ref())?,
            county_code: self.county_code.map(|c| c.0),
            kind: self.kind.map(Into::into),
            certified: self.certified,
            sealed: self.sealed,
        })
    }
}

/// Whether the actor may read a rollup of this dimension key: the platform and reporters any;
/// everyone the campaign as a whole; others only their own organisation's (or household's).
fn may_read_totals(actor: &kernel::Actor, dimension: Dimension, key: &str) -> bool {
    let own = |id: Option<uuid::Uuid>| id.is_some_and(|id| id.to_string() == key);
    match (actor.role, dimension) {
        (Role::PlatformAdmin | Role::Reporter, _) | (_, Dimension::All) => true,
        (Role::AssociationAdmin, Dimension::Association) => own(actor.association_id()),
        (Role::EnterpriseAdmin | Role::EnterpriseApp, Dimension::Enterprise) => {
            own(actor.enterprise_id())
        }
        (Role::Household, Dimension::Household) => own(actor.household),
        (Role::Supplier, Dimension::Supplier) => own(actor.supplier_id()),
        _ => false,
    }
}

#[derive(Default)]
pub struct LedgerEntryQuery;

#[connections]
#[Object]
impl LedgerEntryQuery {
    /// 台账条目: counted entries the caller may see (an enterprise its own, an association its
    /// members', a supplier the sales of its products, a resident its own, the platform and
    /// reporters all), oldest first.
    async fn ledger_entries(
        &self,
        ctx: &Context<'_>,
        filter: Option<LedgerEntryFilter>,
        args: PageArgs,
    ) -> async_graphql::Result<Conn<LedgerEntry>> {
        let (list, count) = (ledger::entries::list, ledger::entries::count);
        connect_filtered(ctx, args, filter, list, count, LedgerEntry).await
    }

    /// 台账条目: null when it does not exist or the caller may not see it.
    async fn ledger_entry(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<Option<LedgerEntry>> {
        by_id::<ids::LedgerEntry, _, _>(ctx, &id, ledger::entries::get, LedgerEntry).await
    }

    /// 台账状态: how far the sealer has got; poll it to wait for a sale to count.
    async fn ledger_status(&self, ctx: &Context<'_>) -> async_graphql::Result<LedgerStatus> {
        actor(ctx)?;
        let s = state(ctx)?;
        Ok(ledger::status::status(&s.db, chrono::Utc::now())
            .await
            .map(Into::into)?)
    }

    /// 汇总数据: the totals of one campaign (omit: sales outside every campaign), dimension key
    /// and period, read from the rollups. Everyone may read the campaign as a whole (ALL); an
    /// organisation its own key; the platform and reporters any.
    async fn ledger_totals(
        &self,
        ctx: &Context<'_>,
        campaign_id: Option<ID>,
        dimension: RollupDimension,
        #[graphql(default)] key: String,
        #[graphql(default_with = "RollupPeriod::All")] period: RollupPeriod,
        #[graphql(default)] period_key: String,
    ) -> async_graphql::Result<LedgerTotals> {
        let (db, actor) = (&state(ctx)?.db, actor(ctx)?);
        let campaign = ids::parse_opt::<ids::Campaign>("campaignId", campaign_id.as_ref())?;
        let (dimension, period): (Dimension, Period) = (dimension.into(), period.into());
        if !may_read_totals(actor, dimension, &key) {
            return Err(to_graphql(ctx, DomainError::Forbidden));
        }
        let totals =
            ledger::rollup::totals(db, campaign, dimension, &key, period, &period_key).await?;
        Ok(LedgerTotals {
            dimension,
            key,
            period,
            period_key,
            totals,
        })
    }

    /// 我的斤数: a resident's own counted purchases, all time (every campaign).
    async fn my_jin(&self, ctx: &Context<'_>) -> async_graphql::Result<LedgerTotals> {
        let (db, actor) = (&state(ctx)?.db, actor(ctx)?);
        let household = actor
            .household
            .filter(|_| actor.role == Role::Household)
            .ok_or_else(|| to_graphql(ctx, DomainError::Forbidden))?;
        let key = household.to_string();
        let totals = ledger::rollup::all_time(db, Dimension::Household, &key).await?;
        Ok(LedgerTotals {
            dimension: Dimension::Household,
            key,
            period: Period::All,
            period_key: String::new(),
            totals,
        })
    }

    /// 台账审计 (platform admins): walks the seal chain and recomputes every rollup from the raw
    /// entries. Reads the whole ledger; run it off-peak on a large one.
    async fn ledger_audit(&self, ctx: &Context<'_>) -> async_graphql::Result<LedgerAudit> {
        let (db, actor) = (&state(ctx)?.db, actor(ctx)?);
        ledger::audit::audit_as(db, actor)
            .await
            .map(Into::into)
            .map_err(|e| to_graphql(ctx, e))
    }
}

#[derive(Default)]
pub struct ReportedSalesQuery;

#[connections]
#[Object]
impl ReportedSalesQuery {
    /// 上报批次: an enterprise sees its own, an association its members', the platform and
    /// reporters all; newest last.
    async fn reported_batches(
        &self,
        ctx: &Context<'_>,
        enterprise_id: Option<ID>,
        args: PageArgs,
    ) -> async_graphql::Result<Conn<ReportedBatch>> {
        actor(ctx)?;
        let enterprise = ids::parse_opt::<ids::Enterprise>("enterpriseId", enterprise_id.as_ref())?;
        let (list, count) = (ledger::reported::batches, ledger::reported::count_batches);
        connect_scoped(ctx, args, enterprise, list, count, ReportedBatch).await
    }

    /// 上报批次: null when it does not exist or the caller may not see it.
    async fn reported_batch(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<Option<ReportedBatch>> {
        by_id::<ids::ReportedBatch, _, _>(ctx, &id, ledger::reported::batch, ReportedBatch).await
    }

    /// 上报销售行: the review queue (status REPORTED) or any rows, by batch, enterprise,
    /// status or flag, as visible to the caller.
    async fn reported_rows(
        &self,
        ctx: &Context<'_>,
        batch_id: Option<ID>,
        enterprise_id: Option<ID>,
        status: Option<ReportedStatus>,
        flag: Option<ReportFlag>,
        args: PageArgs,
    ) -> async_graphql::Result<Conn<ReportedRow>> {
        actor(ctx)?;
        let filter = (|| {
            Ok::<_, DomainError>(ledger::reported::RowFilter {
                batch_id: ids::parse_opt::<ids::ReportedBatch>("batchId", batch_id.as_ref())?,
                enterprise_id: ids::parse_opt::<ids::Enterprise>(
                    "enterpriseId",
                    enterprise_id.as_ref(),
                )?,
                status: status.map(Into::into),
                flag: flag.map(Into::into),
            })
        })()?;
        let (list, count) = (ledger::reported::rows, ledger::reported::count_rows);
        connect_scoped(ctx, args, &filter, list, count, ReportedRow).await
    }

    /// 上报销售行: null when it does not exist or the caller may not see it.
    async fn reported_row(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<Option<ReportedRow>> {
        by_id::<ids::ReportedRow, _, _>(ctx, &id, ledger::reported::row, ReportedRow).await
    }

    /// 市集计入销售: what the ledger counted for a fair the caller may see, beside what the
    /// organiser declared; null when the fair does not exist or the caller may not see it.
    async fn fair_sales(
        &self,
        ctx: &Context<'_>,
        fair_id: ID,
    ) -> async_graphql::Result<Option<FairSales>> {
        let (db, actor) = (&state(ctx)?.db, actor(ctx)?);
        let id = ids::parse::<ids::MarketFair>("fairId", &fair_id)?;
        let Some(fair) = visible(campaigns::fair::get(db, actor, id).await)? else {
            return Ok(None);
        };
        let lines = ledger::fair_sales::of_fair(db, actor, id).await?;
        let (grams, fen, _) = ledger::fair_sales::counted(db, id).await?;
        Ok(Some(FairSales {
            lines: lines.into_iter().map(FairSale).collect(),
            grams: Grams(grams.0),
            jin: grams.jin(),
            fen: Fen(fen.0),
            yuan: fen.yuan(),
            declared_fen: fair.sales_fen.map(Fen),
        }))
    }
}
