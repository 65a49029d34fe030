//! Reading orders: one order, lists with filters (a resident's own, an enterprise's, an
//! operator's hosted stores', the platform's), a supplier's lines to ship, and an order's lines
//! and events. Every read is scoped in SQL by [`crate::access`]; an order the caller may not see
//! is NOT_FOUND like one that does not exist.

use chrono::{DateTime, Utc};
use kernel::lookup;
use kernel::page::{PageSpec, count as count_rows, paginate};
use kernel::{Actor, DomainResult, Page};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Select,
};
use uuid::Uuid;

use crate::access::{visible_lines, visible_orders};
use crate::entity::order::{self, DeliveryMethod, FulfilmentStatus, PaymentStatus};
use crate::entity::{event, line};

/// Filters of the order lists; each narrows what the caller may see, none widens it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrderFilter {
    pub household_id: Option<Uuid>,
    pub enterprise_id: Option<Uuid>,
    pub project_id: Option<Uuid>,
    pub store_id: Option<Uuid>,
    pub payment_status: Option<PaymentStatus>,
    pub fulfilment_status: Option<FulfilmentStatus>,
    /// Placed at or after.
    pub placed_from: Option<DateTime<Utc>>,
    /// Placed before.
    pub placed_to: Option<DateTime<Utc>>,
}

fn scoped(actor: &Actor, f: &OrderFilter) -> Select<order::Entity> {
    let mut c = Condition::all().add(visible_orders(actor));
    if let Some(v) = f.household_id {
        c = c.add(order::Column::HouseholdId.eq(v));
    }
    if let Some(v) = f.enterprise_id {
        c = c.add(order::Column::EnterpriseId.eq(v));
    }
    if let Some(v) = f.project_id {
        c = c.add(order::Column::ProjectId.eq(v));
    }
    if let Some(v) = f.store_id {
        c = c.add(order::Column::StoreId.eq(v));
    }
    if let Some(v) = f.payment_status {
        c = c.add(order::Column::PaymentStatus.eq(v));
    }
    if let Some(v) = f.fulfilment_status {
        c = c.add(order::Column::FulfilmentStatus.eq(v));
    }
    if let Some(v) = f.placed_from {
        c = c.add(order::Column::CreatedAt.gte(v));
    }
    if let Some(v) = f.placed_to {
        c = c.add(order::Column::CreatedAt.lt(v));
    }
    order::Entity::find().filter(c)
}

/// One page of the orders the caller sees, oldest first.
pub async fn list(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    filter: &OrderFilter,
    spec: PageSpec,
) -> DomainResult<Page<order::Model>> {
    paginate(conn, scoped(actor, filter), order::Column::Id, spec, |m| {
        m.id
    })
    .await
}

pub async fn count(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    filter: &OrderFilter,
) -> DomainResult<u64> {
    count_rows(conn, scoped(actor, filter)).await
}

/// An order the caller may see.
pub async fn get(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
) -> DomainResult<order::Model> {
    lookup::one(
        conn,
        order::Entity::find().filter(visible_orders(actor)),
        order::Column::Id,
        id,
    )
    .await
}

/// [`get`] of many ids at once, in one statement: those the actor may see.
pub async fn get_many(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    ids: &[Uuid],
) -> DomainResult<Vec<order::Model>> {
    lookup::many(
        conn,
        order::Entity::find().filter(visible_orders(actor)),
        order::Column::Id,
        ids,
    )
    .await
}

/// The lines of orders the caller may see (a supplier only its own lines), in line order.
pub async fn lines_of(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    order_ids: &[Uuid],
) -> DomainResult<Vec<line::Model>> {
    Ok(line::Entity::find()
        .filter(line::Column::OrderId.is_in(order_ids.iter().copied()))
        .filter(visible_lines(actor))
        .order_by_asc(line::Column::OrderId)
        .order_by_asc(line::Column::LineIndex)
        .all(conn)
        .await?)
}

/// The events of orders the caller may see, oldest first.
pub async fn events_of(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    order_ids: &[Uuid],
) -> DomainResult<Vec<event::Model>> {
    let visible = Query::select()
        .column(order::Column::Id)
        .from(order::Entity)
        .cond_where(visible_orders(actor))
        .to_owned();
    Ok(event::Entity::find()
        .filter(event::Column::OrderId.is_in(order_ids.iter().copied()))
        .filter(Expr::col((event::Entity, event::Column::OrderId)).in_subquery(visible))
        .order_by_asc(event::Column::Id)
        .all(conn)
        .await?)
}

fn to_ship(actor: &Actor) -> Select<line::Entity> {
    let waiting = Query::select()
        .column(order::Column::Id)
        .from(order::Entity)
        .and_where(
            order::Column::PaymentStatus
                .is_in([PaymentStatus::Paid, PaymentStatus::PartiallyRefunded]),
        )
        .and_where(order::Column::DeliveryMethod.eq(DeliveryMethod::Delivery))
        .to_owned();
    line::Entity::find()
        .filter(visible_lines(actor))
        .filter(line::Column::ShippedAt.is_null())
        .filter(Expr::col(line::Column::RefundedQuantity).lt(Expr::col(line::Column::Quantity)))
        .filter(Expr::col((line::Entity, line::Column::OrderId)).in_subquery(waiting))
}

/// 待发货: the paid delivery lines the caller may see that are not shipped yet (a supplier its
/// own, an operator those of hosted stores), oldest first.
pub async fn lines_to_ship(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    spec: PageSpec,
) -> DomainResult<Page<line::Model>> {
    paginate(conn, to_ship(actor), line::Column::Id, spec, |m| m.id).await
}

pub async fn count_lines_to_ship(conn: &impl ConnectionTrait, actor: &Actor) -> DomainResult<u64> {
    count_rows(conn, to_ship(actor)).await
}
