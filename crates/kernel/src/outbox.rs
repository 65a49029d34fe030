//! The transactional outbox: events for the outside world (webhooks to a company's APP, later
//! other consumers) are rows written by [`enqueue`] in the same transaction as the change they
//! report, so an event exists exactly when its change committed. Delivery is a separate worker
//! (a later issue) that reads [`pending`] rows and marks them [`mark_delivered`] after sending.
//!
//! No hot row: enqueueing only inserts. Ids are UUIDv7, so reading by id is reading in the
//! order events were written; because a transaction may commit after a later-started one, the
//! reader selects every row not yet delivered (`delivered_at IS NULL`) rather than "after the
//! last id seen", and a late commit is never skipped.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use crate::clock::Clock;
use crate::error::{DomainError, DomainResult};

/// The stored events.
pub mod entity {
    use sea_orm::entity::prelude::*;

    /// 待发事件: one event, written with the change it reports.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "outbox_event")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        /// What happened, e.g. `order.paid`.
        pub event_type: String,
        /// What it happened to, e.g. `Order`, and its id.
        pub aggregate_type: String,
        pub aggregate_id: Uuid,
        /// The tenants the event belongs to, so that delivery can be scoped and a distributed
        /// database can keep it next to the tenant's other rows.
        pub enterprise_id: Option<Uuid>,
        pub association_id: Option<Uuid>,
        pub supplier_id: Option<Uuid>,
        #[sea_orm(column_type = "JsonBinary")]
        pub payload: Json,
        /// When the change happened (the domain's clock).
        pub occurred_at: DateTimeUtc,
        /// When the row was written.
        pub created_at: DateTimeUtc,
        pub delivered_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

use entity::{Column, Entity, Model};

/// The longest event or aggregate type name.
pub const MAX_TYPE_LEN: usize = 100;

/// The tenants an event belongs to; any may be absent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tenants {
    pub enterprise_id: Option<Uuid>,
    pub association_id: Option<Uuid>,
    pub supplier_id: Option<Uuid>,
}

/// An event to enqueue.
#[derive(Debug, Clone)]
pub struct NewEvent {
    pub event_type: String,
    pub aggregate_type: String,
    pub aggregate_id: Uuid,
    pub tenants: Tenants,
    pub payload: serde_json::Value,
    pub occurred_at: DateTime<Utc>,
}

fn check_name(name: &str) -> DomainResult<()> {
    if name.is_empty() || name.len() > MAX_TYPE_LEN || name.chars().any(char::is_whitespace) {
        // The names come from code, not from clients: a bad one is a fault, not a userError.
        return Err(DomainError::Database(sea_orm::DbErr::Custom(format!(
            "outbox type names are 1 to {MAX_TYPE_LEN} characters without spaces: {name:?}"
        ))));
    }
    Ok(())
}

/// Writes `event` in the caller's transaction; returns the stored row.
pub async fn enqueue(
    txn: &DatabaseTransaction,
    clock: &Clock,
    event: NewEvent,
) -> DomainResult<Model> {
    check_name(&event.event_type)?;
    check_name(&event.aggregate_type)?;
    Ok(entity::ActiveModel {
        id: Set(crate::new_id()),
        event_type: Set(event.event_type),
        aggregate_type: Set(event.aggregate_type),
        aggregate_id: Set(event.aggregate_id),
        enterprise_id: Set(event.tenants.enterprise_id),
        association_id: Set(event.tenants.association_id),
        supplier_id: Set(event.tenants.supplier_id),
        payload: Set(event.payload),
        occurred_at: Set(event.occurred_at),
        created_at: Set(clock.now()),
        delivered_at: Set(None),
    }
    .insert(txn)
    .await?)
}

/// The INSERT [`enqueue`] runs, for a caller that writes it together with others
/// ([`crate::db::insert_together`]).
pub fn enqueue_statement(
    clock: &Clock,
    event: NewEvent,
) -> DomainResult<sea_orm::sea_query::InsertStatement> {
    use sea_orm::QueryTrait;
    check_name(&event.event_type)?;
    check_name(&event.aggregate_type)?;
    Ok(Entity::insert(entity::ActiveModel {
        id: Set(crate::new_id()),
        event_type: Set(event.event_type),
        aggregate_type: Set(event.aggregate_type),
        aggregate_id: Set(event.aggregate_id),
        enterprise_id: Set(event.tenants.enterprise_id),
        association_id: Set(event.tenants.association_id),
        supplier_id: Set(event.tenants.supplier_id),
        payload: Set(event.payload),
        occurred_at: Set(event.occurred_at),
        created_at: Set(clock.now()),
        delivered_at: Set(None),
    })
    .into_query())
}

/// Up to `limit` events not yet delivered, oldest first.
pub async fn pending(conn: &impl ConnectionTrait, limit: u64) -> DomainResult<Vec<Model>> {
    Ok(Entity::find()
        .filter(Column::DeliveredAt.is_null())
        .order_by_asc(Column::Id)
        .limit(limit)
        .all(conn)
        .await?)
}

/// Marks events delivered (in the delivering worker's transaction); returns how many changed.
/// An event delivered already keeps its first delivery time.
pub async fn mark_delivered(
    txn: &DatabaseTransaction,
    ids: &[Uuid],
    at: DateTime<Utc>,
) -> DomainResult<u64> {
    if ids.is_empty() {
        return Ok(0);
    }
    let updated = Entity::update_many()
        .col_expr(Column::DeliveredAt, Expr::value(at))
        .filter(Column::Id.is_in(ids.iter().copied()))
        .filter(Column::DeliveredAt.is_null())
        .exec(txn)
        .await?;
    Ok(updated.rows_affected)
}
