//! Reading purchase orders, their lines and partner companies, scoped by [`super::access`].

use kernel::lookup;
use kernel::page::{PageSpec, count as count_rows, paginate};
use kernel::{Actor, DomainResult, Page};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Select,
};
use uuid::Uuid;

use super::access::{visible, visible_lines, visible_partners};
use super::entity::purchase_order::{self, PurchaseOrderState};
use super::entity::{line, partner};

/// Filters of the purchase-order list; each narrows what the caller may see.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PurchaseOrderFilter {
    pub state: Option<PurchaseOrderState>,
    pub partner_id: Option<Uuid>,
    pub occasion_id: Option<Uuid>,
}

fn scoped(actor: &Actor, f: &PurchaseOrderFilter) -> Select<purchase_order::Entity> {
    let mut c = Condition::all().add(visible(actor));
    if let Some(v) = f.state {
        c = c.add(purchase_order::Column::State.eq(v));
    }
    if let Some(v) = f.partner_id {
        c = c.add(purchase_order::Column::PartnerId.eq(v));
    }
    if let Some(v) = f.occasion_id {
        c = c.add(purchase_order::Column::OccasionId.eq(v));
    }
    purchase_order::Entity::find().filter(c)
}

pub async fn list(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    filter: &PurchaseOrderFilter,
    spec: PageSpec,
) -> DomainResult<Page<purchase_order::Model>> {
    paginate(
        conn,
        scoped(actor, filter),
        purchase_order::Column::Id,
        spec,
        |m| m.id,
    )
    .await
}

pub async fn count(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    filter: &PurchaseOrderFilter,
) -> DomainResult<u64> {
    count_rows(conn, scoped(actor, filter)).await
}

pub async fn get(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
) -> DomainResult<purchase_order::Model> {
    lookup::one(
        conn,
        purchase_order::Entity::find().filter(visible(actor)),
        purchase_order::Column::Id,
        id,
    )
    .await
}

/// [`get`] of many ids at once, in one statement: those the actor may see.
pub async fn get_many(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    ids: &[Uuid],
) -> DomainResult<Vec<purchase_order::Model>> {
    lookup::many(
        conn,
        purchase_order::Entity::find().filter(visible(actor)),
        purchase_order::Column::Id,
        ids,
    )
    .await
}

/// The lines of purchase orders the caller may see (a supplier only its own), in line order.
pub async fn lines_of(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    ids: &[Uuid],
) -> DomainResult<Vec<line::Model>> {
    Ok(line::Entity::find()
        .filter(line::Column::PurchaseOrderId.is_in(ids.iter().copied()))
        .filter(visible_lines(actor))
        .order_by_asc(line::Column::PurchaseOrderId)
        .order_by_asc(line::Column::LineIndex)
        .all(conn)
        .await?)
}

/// The partner companies the caller may see, in registration order.
pub async fn partners(
    conn: &impl ConnectionTrait,
    actor: &Actor,
) -> DomainResult<Vec<partner::Model>> {
    Ok(partner::Entity::find()
        .filter(visible_partners(actor))
        .order_by_asc(partner::Column::Id)
        .all(conn)
        .await?)
}

/// One partner company the caller may see.
pub async fn partner(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
) -> DomainResult<partner::Model> {
    lookup::one(
        conn,
        partner::Entity::find().filter(visible_partners(actor)),
        partner::Column::Id,
        id,
    )
    .await
}

/// [`partner`] of many ids at once, in one statement: those the actor may see.
pub async fn partner_many(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    ids: &[Uuid],
) -> DomainResult<Vec<partner::Model>> {
    lookup::many(
        conn,
        partner::Entity::find().filter(visible_partners(actor)),
        partner::Column::Id,
        ids,
    )
    .await
}

/// What a partner's paid purchase orders moved: (grams, fen) — its credit, while the ledger
/// credits the same sales to the mobilising enterprise under PARTNER_PROCUREMENT.
pub async fn partner_totals(
    conn: &impl ConnectionTrait,
    partner_id: Uuid,
) -> DomainResult<(i64, i64)> {
    let paid = purchase_order::Entity::find()
        .filter(purchase_order::Column::PartnerId.eq(partner_id))
        .filter(purchase_order::Column::State.eq(PurchaseOrderState::Paid))
        .all(conn)
        .await?;
    Ok(paid
        .iter()
        .fold((0, 0), |(g, f), o| (g + o.total_grams.0, f + o.total_fen.0)))
}
