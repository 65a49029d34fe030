use kernel::{Fen, Grams};
use products::entity::store::StoreKind;
use sea_orm::entity::prelude::*;

/// 支付状态: where the money stands, kept apart from fulfilment.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    EnumIter,
    DeriveActiveEnum,
    serde::Serialize,
    serde::Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(24))")]
pub enum PaymentStatus {
    /// 待支付: placed, stock reserved, waiting for the payment until it expires.
    #[sea_orm(string_value = "UNPAID")]
    Unpaid,
    /// 已支付
    #[sea_orm(string_value = "PAID")]
    Paid,
    /// 部分退款
    #[sea_orm(string_value = "PARTIALLY_REFUNDED")]
    PartiallyRefunded,
    /// 已退款
    #[sea_orm(string_value = "REFUNDED")]
    Refunded,
    /// 已取消 (by the buyer, the store, or expiry: see `closed_reason`)
    #[sea_orm(string_value = "CANCELLED")]
    Cancelled,
}

impl PaymentStatus {
    /// Paid and not wholly refunded: what can be fulfilled and refunded.
    pub fn is_paid(self) -> bool {
        matches!(self, Self::Paid | Self::PartiallyRefunded)
    }
}

/// 履约状态
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    EnumIter,
    DeriveActiveEnum,
    serde::Serialize,
    serde::Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(24))")]
pub enum FulfilmentStatus {
    #[sea_orm(string_value = "UNFULFILLED")]
    Unfulfilled,
    #[sea_orm(string_value = "SHIPPED")]
    Shipped,
    #[sea_orm(string_value = "READY_FOR_PICKUP")]
    ReadyForPickup,
    #[sea_orm(string_value = "DELIVERED")]
    Delivered,
    #[sea_orm(string_value = "PICKED_UP")]
    PickedUp,
}

/// 配送方式
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    EnumIter,
    DeriveActiveEnum,
    serde::Serialize,
    serde::Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum DeliveryMethod {
    /// 自提: at a pickup point of the project (the service centre by default).
    #[sea_orm(string_value = "PICKUP")]
    Pickup,
    /// 配送: to an address.
    #[sea_orm(string_value = "DELIVERY")]
    Delivery,
}

/// Why an unpaid order was closed.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    EnumIter,
    DeriveActiveEnum,
    serde::Serialize,
    serde::Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(24))")]
pub enum ClosedReason {
    /// 买家取消
    #[sea_orm(string_value = "BUYER")]
    Buyer,
    /// 店铺取消
    #[sea_orm(string_value = "STORE")]
    Store,
    /// 超时未支付
    #[sea_orm(string_value = "EXPIRED")]
    Expired,
}

/// 订单 (serialisable: an idempotent request's answer is kept as a snapshot of the order)
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "customer_order")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub enterprise_id: Uuid,
    pub project_id: Uuid,
    pub household_id: Uuid,
    pub store_id: Uuid,
    /// The store's kind when the order was placed: decides the ledger channel and whether the
    /// alliance's operators run the order.
    pub store_kind: StoreKind,
    pub payment_status: PaymentStatus,
    pub fulfilment_status: FulfilmentStatus,
    pub delivery_method: DeliveryMethod,
    pub pickup_point: Option<String>,
    /// Personal data (delivery only): shown masked to all but the household, the store's
    /// operator and the shipping supplier.
    pub recipient_name: Option<String>,
    pub recipient_phone: Option<String>,
    pub delivery_address: Option<String>,
    pub note: Option<String>,
    pub total_fen: Fen,
    pub total_grams: Grams,
    pub paid_fen: Fen,
    pub refunded_fen: Fen,
    pub payment_reference: Option<String>,
    pub paid_at: Option<DateTimeUtc>,
    pub expires_at: DateTimeUtc,
    pub closed_reason: Option<ClosedReason>,
    pub pickup_code: Option<String>,
    pub picked_up_at: Option<DateTimeUtc>,
    pub picked_up_by: Option<String>,
    pub placed_by: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// The community group buy (社区团购) this order was made from at its closing, if any:
    /// its lines carry the group price and count in the ledger as GROUP_BUY.
    pub group_buy_id: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
