//! The webhooks part of the schema (回调): subscribers manage their endpoints, read the
//! delivery log and ask for redelivery. Delivery itself is `crate::webhooks`.

mod mutations;
mod queries;
pub mod types;

use async_graphql::Enum;

use crate::schema::payload::user_error;

pub use mutations::WebhooksMutation;
pub use queries::WebhooksQuery;

user_error!(
    WebhookUserError,
    webhooks::WebhookErrorCode,
    "回调用户错误: a problem with the input the caller can fix."
);

/// 事件类型. On the wire (the body's `type`) each is written in lower case with dots, e.g.
/// `CERTIFICATION_LISTED` is `certification.listed`. The `ORDER_*` types are sent once orders
/// are taken in yijin.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "kernel::EventType")]
pub enum WebhookEventType {
    /// order.created: 订单已创建
    OrderCreated,
    /// order.paid: 订单已支付
    OrderPaid,
    /// order.cancelled: 订单已取消
    OrderCancelled,
    /// order.expired: 订单超时未付
    OrderExpired,
    /// order.shipped: 订单已发货
    OrderShipped,
    /// order.ready_for_pickup: 订单待自提
    OrderReadyForPickup,
    /// order.picked_up: 订单已自提
    OrderPickedUp,
    /// order.completed: 订单已完成
    OrderCompleted,
    /// order.refunded: 订单已退款
    OrderRefunded,
    /// certification.decided: 认定审核 (approved or rejected)
    CertificationDecided,
    /// certification.listed: 入目录
    CertificationListed,
    /// certification.suspended: 下架
    CertificationSuspended,
    /// certification.expiring: 认定 30 天后到期 (a daily scan; once per certification and valid-to)
    CertificationExpiring,
    /// sales_report.verified: 上报销售已核实 (counted in the ledger)
    SalesReportVerified,
    /// sales_report.rejected: 上报销售已驳回
    SalesReportRejected,
    /// enlistment.returned: 参战书退回修改
    EnlistmentReturned,
    /// enlistment.confirmed: 参战书已确认
    EnlistmentConfirmed,
    /// group_buy.succeeded: 成团 (every join became an order awaiting payment)
    GroupBuySucceeded,
    /// group_buy.failed: 未成团 (every reservation released)
    GroupBuyFailed,
}

/// 投递任务状态
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "webhooks::entity::attempt::AttemptStatus")]
pub enum WebhookAttemptStatus {
    /// 待投递: due, in flight, or waiting for its next retry.
    Pending,
    /// 已送达 (2xx)
    Succeeded,
    /// 已放弃: a 4xx retrying cannot fix, every retry failed, or 410 Gone.
    Failed,
}

/// 单次投递结果
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "webhooks::entity::delivery::Outcome")]
pub enum WebhookDeliveryOutcome {
    /// 2xx
    Succeeded,
    /// 其他状态码
    HttpError,
    /// 超时: no answer within the timeout.
    Timeout,
    /// 网络错误: no connection (refused, DNS, TLS, a refused address).
    Network,
}
