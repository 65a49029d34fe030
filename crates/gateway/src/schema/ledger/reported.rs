//! GraphQL objects of sales reported from outside (外部上报) and of fair sales.

use async_graphql::{Context, Enum, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use ledger::entity::{fair_sale, reported_batch, reported_row};

use super::Channel;
use super::loaders::EntryKey;
use super::types::LedgerEntry;
use crate::schema::campaigns::types::{association_of, enterprise_of};
use crate::schema::ids;
use crate::schema::load_one;
use crate::schema::loaders::ProjectKey;
use crate::schema::participants::mutations::ErrorPolicy;
use crate::schema::participants::types::{Association, Enterprise, Project};
use crate::schema::products::types::Product;
use crate::schema::scalars::{Date, Fen, Grams, Measures};

/// 上报状态
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "ledger::entity::reported_row::ReportedStatus")]
pub enum ReportedStatus {
    /// 待审核: held, not counted.
    Reported,
    /// 已核实: counted in the ledger.
    Verified,
    /// 已驳回: not counted (a verified row rejected later was taken back by a correction).
    Rejected,
}

/// 自动标记: what the automatic checks want a reviewer to look at.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "ledger::reported::Flag")]
pub enum ReportFlag {
    /// 销售日未在认定有效期内: the product was not certified on the day of sale.
    NotCertified,
    /// 产品未识别: no product has this id or certificate number (the row cannot be verified).
    UnknownProduct,
    /// 单价异常: the price per jin is under half or over twice the listing's.
    PriceOutlier,
    /// 不在战役期内: the day of sale lies outside every campaign.
    OutsideCampaign,
    /// 疑似重复: the same sale was reported under another external order id.
    PossibleDuplicate,
}

/// 上报行处理结果
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "ledger::reported::RowOutcome")]
pub enum ReportedRowOutcome {
    /// 已接收: new, held for review.
    Received,
    /// 重复上报: sent before with the same content; the earlier row stands.
    Repeated,
    /// 未处理: good, but not held because another row failed (REJECT_EVERYTHING).
    Skipped,
    /// 失败: see the row's userErrors.
    Failed,
}

/// 上报批次: one `reportSales` call.
pub struct ReportedBatch(pub reported_batch::Model);

#[Object]
impl ReportedBatch {
    /// 全局 ID
    pub async fn id(&self) -> ID {
        ids::gid::<ids::ReportedBatch>(self.0.id)
    }
    /// 上报企业
    async fn enterprise(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Enterprise>> {
        enterprise_of(ctx, Some(self.0.enterprise_id)).await
    }
    /// 审核协会: the enterprise's association when the batch came in.
    async fn association(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Association>> {
        association_of(ctx, self.0.association_id).await
    }
    /// 上报人: the credential's subject.
    async fn submitted_by(&self) -> &str {
        &self.0.submitted_by
    }
    /// 上报时间
    async fn submitted_at(&self) -> DateTime<Utc> {
        self.0.submitted_at
    }
    /// 错误策略
    async fn error_policy(&self) -> ErrorPolicy {
        if self.0.error_policy == ledger::reported::ErrorPolicy::RejectFailedRows.as_str() {
            ErrorPolicy::RejectFailedRows
        } else {
            ErrorPolicy::RejectEverything
        }
    }
    /// 行数: rows in the call.
    async fn row_count(&self) -> i32 {
        self.0.row_count
    }
    /// 接收数: new rows held for review.
    async fn received_count(&self) -> i32 {
        self.0.received_count
    }
    /// 重复数: rows recognised as sent before.
    async fn repeated_count(&self) -> i32 {
        self.0.repeated_count
    }
    /// 失败数
    async fn failed_count(&self) -> i32 {
        self.0.failed_count
    }
}

/// 上报销售行: a sale a company's own mall made, as reported, with the checks' flags and the
/// review's outcome.
pub struct ReportedRow(pub reported_row::Model);

#[Object]
impl ReportedRow {
    /// 全局 ID
    pub async fn id(&self) -> ID {
        ids::gid::<ids::ReportedRow>(self.0.id)
    }
    /// 批次 ID
    async fn batch_id(&self) -> ID {
        ids::gid::<ids::ReportedBatch>(self.0.batch_id)
    }
    /// 上报企业
    async fn enterprise(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Enterprise>> {
        enterprise_of(ctx, Some(self.0.enterprise_id)).await
    }
    /// 外部订单号
    async fn external_order_id(&self) -> &str {
        &self.0.external_order_id
    }
    /// 外部订单行号
    async fn external_line(&self) -> &str {
        &self.0.external_line
    }
    /// 销售日期
    async fn sold_on(&self) -> Date {
        Date(self.0.sold_on)
    }
    /// 项目/社区
    async fn project(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Project>> {
        Ok(load_one(ctx, ProjectKey(self.0.project_id))
            .await?
            .map(Project))
    }
    /// 产品 (null when the id or certificate number named none)
    async fn product(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Product>> {
        let Some(id) = self.0.product_id else {
            return Ok(None);
        };
        Product::load(ctx, id).await
    }
    /// 上报的产品标识: the product id or `cert:<certificate number>` as sent.
    async fn product_ref(&self) -> &str {
        &self.0.product_ref
    }
    /// 数量
    async fn quantity(&self) -> i64 {
        self.0.quantity
    }
    /// 重量与金额
    #[graphql(flatten)]
    async fn measures(&self) -> Measures {
        Measures::new(self.0.grams, self.0.fen)
    }
    /// 渠道
    async fn channel(&self) -> Channel {
        self.0.channel.into()
    }
    /// 状态
    async fn status(&self) -> ReportedStatus {
        self.0.status.into()
    }
    /// 自动标记
    async fn flags(&self) -> Vec<ReportFlag> {
        ledger::reported::Flag::parse_list(&self.0.flags)
            .into_iter()
            .map(Into::into)
            .collect()
    }
    /// 审核意见: the reason given when rejecting.
    async fn review_reason(&self) -> Option<&str> {
        self.0.review_reason.as_deref()
    }
    /// 审核人
    async fn reviewed_by(&self) -> Option<&str> {
        self.0.reviewed_by.as_deref()
    }
    /// 审核时间
    async fn reviewed_at(&self) -> Option<DateTime<Utc>> {
        self.0.reviewed_at
    }
    /// 台账条目: the SALE entry a verified row became.
    async fn entry(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<LedgerEntry>> {
        let Some(id) = self.0.entry_id else {
            return Ok(None);
        };
        Ok(load_one(ctx, EntryKey(id)).await?.map(LedgerEntry))
    }
    /// 接收时间
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// 市集销售: a line of what a fair sold, and the FAIR entry it became.
pub struct FairSale(pub fair_sale::Model);

#[Object]
impl FairSale {
    /// ID of the line (`gid://yijin/FairSale/<uuid>`).
    async fn id(&self) -> ID {
        ids::gid::<ids::FairSale>(self.0.id)
    }
    /// 市集 ID
    async fn fair_id(&self) -> ID {
        ids::gid::<ids::MarketFair>(self.0.fair_id)
    }
    /// 产品
    async fn product(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Product>> {
        Product::load(ctx, self.0.product_id).await
    }
    /// 主办方编号: the organiser's own reference for the line.
    async fn reference(&self) -> Option<&str> {
        self.0.reference.as_deref()
    }
    /// 销售日期
    async fn sold_on(&self) -> Date {
        Date(self.0.sold_on)
    }
    /// 数量
    async fn quantity(&self) -> i64 {
        self.0.quantity
    }
    /// 重量与金额
    #[graphql(flatten)]
    async fn measures(&self) -> Measures {
        Measures::new(self.0.grams, self.0.fen)
    }
    /// 台账条目
    async fn entry(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<LedgerEntry>> {
        Ok(load_one(ctx, EntryKey(self.0.entry_id))
            .await?
            .map(LedgerEntry))
    }
}

/// 市集计入销售: what the ledger counted for a fair, beside what its organiser declared.
#[derive(SimpleObject)]
pub struct FairSales {
    /// 销售明细
    pub lines: Vec<FairSale>,
    /// 计入重量（克）
    pub grams: Grams,
    /// 计入重量（斤）
    pub jin: String,
    /// 计入金额（分）
    pub fen: Fen,
    /// 计入金额（元）
    pub yuan: String,
    /// 申报销售额（分）: the fair's own `sales`, as the organiser declared it when holding it.
    pub declared_fen: Option<Fen>,
}
