//! The event types the outbox carries and webhooks deliver, named once. Producers in every
//! domain crate write `EventType::X.as_str()` into the outbox in the transaction of the change;
//! the webhooks crate decides from the type which tenant rule scopes the event.
//!
//! The `order.*` types are declared now so that subscribers can choose them; the orders
//! domain enqueues them (they come with orders).

use std::fmt;
use std::str::FromStr;

/// The version of the event payloads, sent in every event as `apiVersion`: a date, changed
/// only when a payload changes in a way a receiver could notice.
pub const API_VERSION: &str = "2026-12-01";

macro_rules! event_types {
    ($( $(#[doc = $doc:literal])* $variant:ident = $name:literal, )*) => {
        /// 事件类型: what happened, e.g. `certification.listed`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum EventType {
            $( $(#[doc = $doc])* $variant, )*
        }

        impl EventType {
            pub const ALL: &'static [EventType] = &[$(EventType::$variant,)*];

            /// The wire name, e.g. `order.paid`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $( EventType::$variant => $name, )*
                }
            }
        }
    };
}

event_types! {
    /// 订单已创建
    OrderCreated = "order.created",
    /// 订单已支付
    OrderPaid = "order.paid",
    /// 订单已取消
    OrderCancelled = "order.cancelled",
    /// 订单已过期 (unpaid in time)
    OrderExpired = "order.expired",
    /// 订单已发货
    OrderShipped = "order.shipped",
    /// 订单待自提
    OrderReadyForPickup = "order.ready_for_pickup",
    /// 订单已自提
    OrderPickedUp = "order.picked_up",
    /// 订单已完成
    OrderCompleted = "order.completed",
    /// 订单已退款
    OrderRefunded = "order.refunded",
    /// 认定审核: approved or rejected.
    CertificationDecided = "certification.decided",
    /// 入目录: listed in the catalogue.
    CertificationListed = "certification.listed",
    /// 下架: suspended after a failed spot check.
    CertificationSuspended = "certification.suspended",
    /// 即将到期: 30 days before valid-to.
    CertificationExpiring = "certification.expiring",
    /// 上报销售已核实 (a reported row counted in the ledger).
    SalesReportVerified = "sales_report.verified",
    /// 上报销售已驳回
    SalesReportRejected = "sales_report.rejected",
    /// 参战书退回修改
    EnlistmentReturned = "enlistment.returned",
    /// 参战书已确认
    EnlistmentConfirmed = "enlistment.confirmed",
    /// 成团: a group buy closed with its minimum met; every join became an order.
    GroupBuySucceeded = "group_buy.succeeded",
    /// 未成团: a group buy closed short of its minimum; every reservation was released.
    GroupBuyFailed = "group_buy.failed",
}

impl EventType {
    /// The kind of object the event is about, by its prefix (`order`, `certification`, …).
    pub fn family(self) -> &'static str {
        let name = self.as_str();
        name.split_once('.').map_or(name, |(family, _)| family)
    }
}

impl fmt::Display for EventType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Not one of [`EventType::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown event type {0:?}")]
pub struct UnknownEventType(pub String);

impl FromStr for EventType {
    type Err = UnknownEventType;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EventType::ALL
            .iter()
            .copied()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| UnknownEventType(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for t in EventType::ALL {
            assert_eq!(t.as_str().parse::<EventType>(), Ok(*t));
            assert!(seen.insert(t.as_str()));
        }
        assert_eq!(EventType::OrderPaid.family(), "order");
        assert!("order.eaten".parse::<EventType>().is_err());
    }
}
