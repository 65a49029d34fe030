//! The orders part of the schema (订单): placing an order, confirming its payment, cancelling,
//! refunding, fulfilment and pickup codes; a resident's own orders, an enterprise's, an
//! operator's hosted stores', a supplier's lines to ship, one order by id.

mod inputs;
mod loaders;
mod mutations;
mod queries;
pub mod types;

use crate::schema::payload::user_error;
use async_graphql::{Enum, MergedObject};

/// The orders root queries, merged into the schema's `Query`.
#[derive(MergedObject, Default)]
pub struct OrdersQuery(queries::OrderQuery);

/// The orders mutations, merged into the schema's `Mutation`.
#[derive(MergedObject, Default)]
pub struct OrdersMutation(mutations::OrderMutation);

user_error!(
    OrderUserError,
    orders::OrderErrorCode,
    "订单用户错误: a problem with the input the caller can fix."
);

/// 支付状态: where the money stands (kept apart from fulfilment).
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "orders::entity::order::PaymentStatus")]
pub enum PaymentStatus {
    /// 待支付: stock reserved, waiting for the payment until `expiresAt`.
    Unpaid,
    /// 已支付: counted in the ledger.
    Paid,
    /// 部分退款
    PartiallyRefunded,
    /// 已退款
    Refunded,
    /// 已取消: by the buyer or the store, or expired (see `closedReason`); stock released.
    Cancelled,
}

/// 履约状态
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "orders::entity::order::FulfilmentStatus")]
pub enum FulfilmentStatus {
    /// 待履约
    Unfulfilled,
    /// 已发货: every line shipped.
    Shipped,
    /// 待自提: a pickup code is waiting to be redeemed.
    ReadyForPickup,
    /// 已签收
    Delivered,
    /// 已自提: the pickup code was redeemed.
    PickedUp,
}

/// 配送方式
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "orders::entity::order::DeliveryMethod")]
pub enum DeliveryMethod {
    /// 自提: at a pickup point of the project.
    Pickup,
    /// 配送: to an address.
    Delivery,
}

/// 关闭原因: why an unpaid order was closed.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "orders::entity::order::ClosedReason")]
pub enum ClosedReason {
    /// 买家取消
    Buyer,
    /// 店铺取消
    Store,
    /// 超时未支付
    Expired,
}

/// 订单事件类型
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "orders::entity::event::EventKind")]
pub enum OrderEventKind {
    /// 下单
    Placed,
    /// 支付确认
    Paid,
    /// 取消
    Cancelled,
    /// 超时关闭
    Expired,
    /// 退款
    Refunded,
    /// 发货
    Shipped,
    /// 待自提
    ReadyForPickup,
    /// 已自提（核销）
    PickedUp,
    /// 已签收
    Delivered,
}
