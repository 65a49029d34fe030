use sea_orm::entity::prelude::*;

/// What happened to an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
pub enum EventKind {
    #[sea_orm(string_value = "PLACED")]
    Placed,
    #[sea_orm(string_value = "PAID")]
    Paid,
    #[sea_orm(string_value = "CANCELLED")]
    Cancelled,
    #[sea_orm(string_value = "EXPIRED")]
    Expired,
    #[sea_orm(string_value = "REFUNDED")]
    Refunded,
    #[sea_orm(string_value = "SHIPPED")]
    Shipped,
    #[sea_orm(string_value = "READY_FOR_PICKUP")]
    ReadyForPickup,
    #[sea_orm(string_value = "PICKED_UP")]
    PickedUp,
    #[sea_orm(string_value = "DELIVERED")]
    Delivered,
}

impl EventKind {
    /// The outbox event type, e.g. `order.paid`, from the one list webhooks subscribe to. A
    /// delivered order is complete, so its event is `order.completed`.
    pub fn event_type(self) -> kernel::EventType {
        use kernel::EventType as E;
        match self {
            Self::Placed => E::OrderCreated,
            Self::Paid => E::OrderPaid,
            Self::Cancelled => E::OrderCancelled,
            Self::Expired => E::OrderExpired,
            Self::Refunded => E::OrderRefunded,
            Self::Shipped => E::OrderShipped,
            Self::ReadyForPickup => E::OrderReadyForPickup,
            Self::PickedUp => E::OrderPickedUp,
            Self::Delivered => E::OrderCompleted,
        }
    }
}

/// 订单事件: one entry of an order's history (append-only).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "order_event")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub order_id: Uuid,
    pub enterprise_id: Uuid,
    pub kind: EventKind,
    /// The credential or user that caused it (`Actor::subject`, or `system` for expiry).
    pub actor: String,
    #[sea_orm(column_type = "JsonBinary")]
    pub detail: Json,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
