//! GraphQL objects of procurement: purchase orders and their lines, partner companies, and
//! occasions with what they moved.

use async_graphql::{Context, ID, Object};
use chrono::{DateTime, NaiveDate, Utc};
use procurement::occasion::entity as occasion;
use procurement::purchase::entity::{line, partner, purchase_order};

use super::loaders::PurchaseLinesKey;
use super::{OccasionKind, PartnerKind, PurchaseOrderState, PurchasePurpose};
use crate::schema::ids;
use crate::schema::loaders::ProjectKey;
use crate::schema::participants::types::Project;
use crate::schema::products::types::Product;
use crate::schema::scalars::{Fen, LineAmount, Measures, Totals};
use crate::schema::{actor, load_children, load_one, state};

/// 集采单: a company's purchase order for its own use, or its partner company's, paid
/// offline. Counted as ENTERPRISE_PROCUREMENT or PARTNER_PROCUREMENT once paid.
pub struct PurchaseOrder(pub purchase_order::Model);

#[Object]
impl PurchaseOrder {
    /// 全局 ID
    pub async fn id(&self) -> ID {
        ids::gid::<ids::PurchaseOrder>(self.0.id)
    }
    /// 标题, e.g. "职工食堂三月采购".
    async fn title(&self) -> &str {
        &self.0.title
    }
    /// 企业: the buyer, or the mobilising enterprise of a partner's order.
    async fn enterprise_id(&self) -> ID {
        ids::gid::<ids::Enterprise>(self.0.enterprise_id)
    }
    /// 合作企业: set for 合作企业集采.
    async fn partner(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<PartnerCompany>> {
        let Some(id) = self.0.partner_id else {
            return Ok(None);
        };
        Ok(
            procurement::purchase::query::partner(&state(ctx)?.db, actor(ctx)?, id)
                .await
                .ok()
                .map(PartnerCompany),
        )
    }
    /// 台账渠道: ENTERPRISE_PROCUREMENT or PARTNER_PROCUREMENT.
    async fn channel(&self) -> crate::schema::ledger::Channel {
        procurement::purchase::lifecycle::channel(&self.0).into()
    }
    /// 用途
    async fn purpose(&self) -> PurchasePurpose {
        self.0.purpose.into()
    }
    /// 节点
    async fn occasion(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Occasion>> {
        let Some(id) = self.0.occasion_id else {
            return Ok(None);
        };
        Ok(procurement::occasion::get(&state(ctx)?.db, actor(ctx)?, id)
            .await
            .ok()
            .map(Occasion))
    }
    /// 状态
    async fn state(&self) -> PurchaseOrderState {
        self.0.state.into()
    }
    /// 申请人 (the requester's credential or user)
    async fn requested_by(&self) -> &str {
        &self.0.requested_by
    }
    /// 审批人: never the requester.
    async fn approved_by(&self) -> Option<&str> {
        self.0.approved_by.as_deref()
    }
    /// 审批时间
    async fn approved_at(&self) -> Option<DateTime<Utc>> {
        self.0.approved_at
    }
    /// 送达项目: the site it is delivered to (a project of the enterprise).
    async fn delivery_project(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Project>> {
        let Some(id) = self.0.delivery_project_id else {
            return Ok(None);
        };
        Ok(load_one(ctx, ProjectKey(id)).await?.map(Project))
    }
    /// 送达地址
    async fn delivery_address(&self) -> Option<&str> {
        self.0.delivery_address.as_deref()
    }
    /// 收货人
    async fn recipient_name(&self) -> Option<&str> {
        self.0.recipient_name.as_deref()
    }
    /// 收货电话
    async fn recipient_phone(&self) -> Option<&str> {
        self.0.recipient_phone.as_deref()
    }
    /// 发票号
    async fn invoice_reference(&self) -> Option<&str> {
        self.0.invoice_reference.as_deref()
    }
    /// 付款流水号
    async fn payment_reference(&self) -> Option<&str> {
        self.0.payment_reference.as_deref()
    }
    /// 金额与重量
    #[graphql(flatten)]
    async fn totals(&self) -> Totals {
        Totals(Measures::new(self.0.total_grams, self.0.total_fen))
    }
    /// 付款时间
    async fn paid_at(&self) -> Option<DateTime<Utc>> {
        self.0.paid_at
    }
    /// 申请时间
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// 集采单行: the lines the caller may see (a supplier only its own).
    async fn lines(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<PurchaseOrderLine>> {
        load_children(ctx, PurchaseLinesKey(self.0.id), PurchaseOrderLine).await
    }
}

/// 集采单行: one product at the agreed price.
pub struct PurchaseOrderLine(pub line::Model);

#[Object]
impl PurchaseOrderLine {
    /// 全局 ID
    async fn id(&self) -> ID {
        ids::gid::<ids::PurchaseOrderLine>(self.0.id)
    }
    /// 产品
    async fn product(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Product>> {
        Product::load(ctx, self.0.product_id).await
    }
    /// 市场主体 (the supplier that ships this line)
    async fn supplier_id(&self) -> ID {
        ids::gid::<ids::Supplier>(self.0.supplier_id)
    }
    /// 数量、单价与金额
    #[graphql(flatten)]
    async fn amount(&self) -> LineAmount {
        LineAmount::new(self.0.quantity, self.0.unit_price_fen, self.0.amount_fen)
    }
    /// 重量（斤）
    async fn jin(&self) -> String {
        self.0.grams.jin()
    }
    /// 台账条目: the SALE entry recorded when the payment was confirmed.
    async fn ledger_entry_id(&self) -> Option<ID> {
        self.0.ledger_entry_id.map(ids::gid::<ids::LedgerEntry>)
    }
}

/// 合作企业: a company of the property industry chain mobilised by an enterprise.
pub struct PartnerCompany(pub partner::Model);

#[Object]
impl PartnerCompany {
    /// 全局 ID
    pub async fn id(&self) -> ID {
        ids::gid::<ids::PartnerCompany>(self.0.id)
    }
    /// 名称
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// 统一社会信用代码
    async fn uscc(&self) -> &str {
        &self.0.uscc
    }
    /// 类型
    async fn kind(&self) -> PartnerKind {
        self.0.kind.into()
    }
    /// 动员企业: the enterprise that mobilised it (credited in the rankings for its orders).
    async fn enterprise_id(&self) -> ID {
        ids::gid::<ids::Enterprise>(self.0.enterprise_id)
    }
    /// 联系人
    async fn contact_name(&self) -> Option<&str> {
        self.0.contact_name.as_deref()
    }
    /// 联系电话
    async fn contact_phone(&self) -> Option<&str> {
        self.0.contact_phone.as_deref()
    }
    /// 已集采（斤）: what its paid purchase orders moved — its own credit, while the ledger
    /// counts the same sales for the mobilising enterprise under PARTNER_PROCUREMENT.
    async fn purchased_jin(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        let (grams, _) =
            procurement::purchase::query::partner_totals(&state(ctx)?.db, self.0.id).await?;
        Ok(kernel::Grams(grams).jin())
    }
    /// 已集采（分）
    async fn purchased_fen(&self, ctx: &Context<'_>) -> async_graphql::Result<Fen> {
        let (_, fen) =
            procurement::purchase::query::partner_totals(&state(ctx)?.db, self.0.id).await?;
        Ok(Fen(fen))
    }
}

/// 节点: a festival, a solar term, a project's 业主节 or a campaign fair that group buys and
/// purchase orders name.
pub struct Occasion(pub occasion::Model);

#[Object]
impl Occasion {
    /// 全局 ID
    pub async fn id(&self) -> ID {
        ids::gid::<ids::Occasion>(self.0.id)
    }
    /// 类型
    async fn kind(&self) -> OccasionKind {
        self.0.kind.into()
    }
    /// 名称, e.g. "三八妇女节".
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// 开始日期
    async fn starts_on(&self) -> NaiveDate {
        self.0.starts_on
    }
    /// 结束日期
    async fn ends_on(&self) -> NaiveDate {
        self.0.ends_on
    }
    /// 企业: null for a national occasion.
    async fn enterprise_id(&self) -> Option<ID> {
        self.0.enterprise_id.map(ids::gid::<ids::Enterprise>)
    }
    /// 项目: the project whose 业主节 it is.
    async fn project(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Project>> {
        let Some(id) = self.0.project_id else {
            return Ok(None);
        };
        Ok(load_one(ctx, ProjectKey(id)).await?.map(Project))
    }
    /// 带动（斤）: what the paid group-buy orders and purchase orders naming it moved, as far
    /// as the caller may see (an enterprise's admins their own, the platform everyone's; "0"
    /// for others).
    async fn moved_jin(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        let (grams, _) =
            procurement::occasion::moved(&state(ctx)?.db, actor(ctx)?, self.0.id).await?;
        Ok(kernel::Grams(grams).jin())
    }
    /// 带动（分）
    async fn moved_fen(&self, ctx: &Context<'_>) -> async_graphql::Result<Fen> {
        let (_, fen) =
            procurement::occasion::moved(&state(ctx)?.db, actor(ctx)?, self.0.id).await?;
        Ok(Fen(fen))
    }
}
