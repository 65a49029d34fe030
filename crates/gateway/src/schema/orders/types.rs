//! GraphQL objects of orders: the order (payment and fulfilment status apart), its lines, its
//! delivery details (masked as `orders::privacy` decides), its pickup code and its events.

use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use orders::entity::{event, line, order};
use participants::privacy::Disclosure;

use super::loaders::{OrderEventsKey, OrderLinesKey};
use super::{ClosedReason, DeliveryMethod, FulfilmentStatus, OrderEventKind, PaymentStatus};
use crate::schema::ids;
use crate::schema::loaders::{HouseholdKey, StoreKey};
use crate::schema::participants::types::Household;
use crate::schema::products::stores::Store;
use crate::schema::products::types::Product;
use crate::schema::scalars::{Fen, Grams, LineAmount, Measures, Totals};
use crate::schema::{actor, load_children, load_one};

/// 订单: a household's order from one store. Payment status and fulfilment status are kept
/// apart; a paid order's lines are in the ledger.
pub struct Order(pub order::Model);

/// 配送信息: personal data, masked for everyone but the household, the store's side and the
/// supplier shipping it.
#[derive(SimpleObject)]
pub struct DeliveryDetails {
    /// 收件人
    pub recipient_name: Option<String>,
    /// 手机号
    pub phone: Option<String>,
    /// 地址
    pub address: Option<String>,
    /// 是否已打码: whether the values above are masked for this caller.
    pub masked: bool,
}

/// 核销码: what the resident shows at the pickup point; redeemed once by the project's staff.
#[derive(SimpleObject)]
pub struct PickupCode {
    /// 短码: 8 digits, to type in.
    pub code: String,
    /// 二维码内容: the payload to render as a QR code.
    pub qr_payload: String,
}

#[Object]
impl Order {
    /// 全局 ID
    pub async fn id(&self) -> ID {
        ids::gid::<ids::Order>(self.0.id)
    }
    /// 店铺
    async fn store(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Store>> {
        Ok(load_one(ctx, StoreKey(self.0.store_id)).await?.map(Store))
    }
    /// 住户: the buyer (null for callers who may not see households, e.g. suppliers).
    async fn household(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Household>> {
        let who = actor(ctx)?;
        let may = match who.role {
            kernel::Role::PlatformAdmin => true,
            kernel::Role::Household => who.household == Some(self.0.household_id),
            kernel::Role::EnterpriseAdmin | kernel::Role::EnterpriseApp => {
                who.enterprise_id() == Some(self.0.enterprise_id)
            }
            _ => false,
        };
        if !may {
            return Ok(None);
        }
        Ok(load_one(ctx, HouseholdKey(self.0.household_id))
            .await?
            .map(Household))
    }
    /// 支付状态
    async fn payment_status(&self) -> PaymentStatus {
        self.0.payment_status.into()
    }
    /// 履约状态
    async fn fulfilment_status(&self) -> FulfilmentStatus {
        self.0.fulfilment_status.into()
    }
    /// 关闭原因: why an unpaid order was closed (null otherwise).
    async fn closed_reason(&self) -> Option<ClosedReason> {
        self.0.closed_reason.map(Into::into)
    }
    /// 配送方式
    async fn delivery_method(&self) -> DeliveryMethod {
        self.0.delivery_method.into()
    }
    /// 自提点 (pickup orders)
    async fn pickup_point(&self) -> Option<&str> {
        self.0.pickup_point.as_deref()
    }
    /// 配送信息 (delivery orders), masked as the caller's role requires.
    async fn delivery(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<DeliveryDetails>> {
        if self.0.delivery_method != order::DeliveryMethod::Delivery {
            return Ok(None);
        }
        let disclosure = orders::privacy::delivery(actor(ctx)?, &self.0);
        Ok(Some(DeliveryDetails {
            recipient_name: disclosure.name(self.0.recipient_name.as_deref()),
            phone: disclosure.phone(self.0.recipient_phone.as_deref()),
            address: orders::privacy::address(disclosure, self.0.delivery_address.as_deref()),
            masked: disclosure != Disclosure::Full,
        }))
    }
    /// 备注
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }
    /// 金额与重量
    #[graphql(flatten)]
    async fn totals(&self) -> Totals {
        Totals(Measures::new(self.0.total_grams, self.0.total_fen))
    }
    /// 已付金额（分）
    async fn paid_fen(&self) -> Fen {
        self.0.paid_fen.into()
    }
    /// 已退金额（分）
    async fn refunded_fen(&self) -> Fen {
        self.0.refunded_fen.into()
    }
    /// 支付流水号: the payer's reference (WeChat Pay, Alipay, the alliance's account).
    async fn payment_reference(&self) -> Option<&str> {
        self.0.payment_reference.as_deref()
    }
    /// 支付时间
    async fn paid_at(&self) -> Option<DateTime<Utc>> {
        self.0.paid_at
    }
    /// 支付截止: an unpaid order expires then and its stock is released.
    async fn expires_at(&self) -> DateTime<Utc> {
        self.0.expires_at
    }
    /// 核销码: shown to the household and the company's APP (which shows it to the resident),
    /// once the order is ready for pickup.
    async fn pickup_code(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<PickupCode>> {
        let Some(code) = &self.0.pickup_code else {
            return Ok(None);
        };
        if !orders::privacy::sees_pickup_code(actor(ctx)?, &self.0) {
            return Ok(None);
        }
        Ok(Some(PickupCode {
            code: code.clone(),
            qr_payload: orders::fulfil::qr_payload(code),
        }))
    }
    /// 自提时间
    async fn picked_up_at(&self) -> Option<DateTime<Utc>> {
        self.0.picked_up_at
    }
    /// 下单时间
    async fn placed_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// 订单行: the lines the caller may see (a supplier only its own).
    async fn lines(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<OrderLine>> {
        load_children(ctx, OrderLinesKey(self.0.id), OrderLine).await
    }
    /// 订单事件: what happened, when, and by which credential or user; oldest first.
    async fn events(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<OrderEvent>> {
        load_children(ctx, OrderEventsKey(self.0.id), OrderEvent).await
    }
}

/// 订单行: one listing of an order, at the price and weight it had when ordered.
pub struct OrderLine(pub line::Model);

#[Object]
impl OrderLine {
    /// 全局 ID
    async fn id(&self) -> ID {
        ids::gid::<ids::OrderLine>(self.0.id)
    }
    /// 订单
    async fn order_id(&self) -> ID {
        ids::gid::<ids::Order>(self.0.order_id)
    }
    /// 上架商品
    async fn listing_id(&self) -> ID {
        ids::gid::<ids::Listing>(self.0.listing_id)
    }
    /// 产品
    async fn product(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Product>> {
        Product::load(ctx, self.0.product_id).await
    }
    /// 数量、单价与金额
    #[graphql(flatten)]
    async fn amount(&self) -> LineAmount {
        LineAmount::new(self.0.quantity, self.0.unit_price_fen, self.0.amount_fen)
    }
    /// 重量（克）
    async fn grams(&self) -> Grams {
        self.0.grams.into()
    }
    /// 重量（斤）
    async fn jin(&self) -> String {
        self.0.grams.jin()
    }
    /// 已退数量
    async fn refunded_quantity(&self) -> i64 {
        self.0.refunded_quantity
    }
    /// 已退金额（分）
    async fn refunded_fen(&self) -> Fen {
        self.0.refunded_fen.into()
    }
    /// 台账条目: the SALE entry recorded when the order was paid.
    async fn ledger_entry_id(&self) -> Option<ID> {
        self.0.ledger_entry_id.map(ids::gid::<ids::LedgerEntry>)
    }
    /// 快递公司
    async fn carrier(&self) -> Option<&str> {
        self.0.carrier.as_deref()
    }
    /// 运单号
    async fn tracking_number(&self) -> Option<&str> {
        self.0.tracking_number.as_deref()
    }
    /// 发货时间
    async fn shipped_at(&self) -> Option<DateTime<Utc>> {
        self.0.shipped_at
    }
}

/// 订单事件: one entry of an order's history.
pub struct OrderEvent(pub event::Model);

#[Object]
impl OrderEvent {
    /// 事件
    async fn kind(&self) -> OrderEventKind {
        self.0.kind.into()
    }
    /// 时间
    async fn at(&self) -> DateTime<Utc> {
        self.0.at
    }
    /// 操作者: the credential or user (token subject), or `system` for expiry.
    async fn actor(&self) -> &str {
        &self.0.actor
    }
    /// 详情 (JSON): amounts, references, lines.
    async fn detail(&self) -> String {
        self.0.detail.to_string()
    }
}
