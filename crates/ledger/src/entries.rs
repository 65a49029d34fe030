//! Reading entries: a filtered, scoped list (a Relay page by id, which is creation order),
//! one entry, and the seals of a batch of entries.

use std::collections::HashMap;

use chrono::NaiveDate;
use kernel::lookup;
use kernel::page::{self, PageSpec};
use kernel::{Actor, DomainResult, Page};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Select,
};
use uuid::Uuid;

use crate::access;
use crate::entity::{entry, pending, seal};
use crate::types::{Channel, EntryKind};

/// Which entries to list. Every filter narrows; none widens the actor's scope.
#[derive(Debug, Clone, Default)]
pub struct EntryFilter {
    pub campaign_id: Option<Uuid>,
    pub phase_id: Option<Uuid>,
    /// Counted on or after this day.
    pub from: Option<NaiveDate>,
    /// Counted on or before this day.
    pub to: Option<NaiveDate>,
    pub association_id: Option<Uuid>,
    pub enterprise_id: Option<Uuid>,
    pub project_id: Option<Uuid>,
    pub city_code: Option<String>,
    pub team_id: Option<Uuid>,
    pub household_id: Option<Uuid>,
    pub channel: Option<Channel>,
    pub product_id: Option<Uuid>,
    pub supplier_id: Option<Uuid>,
    pub county_code: Option<String>,
    pub kind: Option<EntryKind>,
    pub certified: Option<bool>,
    /// `Some(true)`: sealed only; `Some(false)`: still queued for the sealer.
    pub sealed: Option<bool>,
}

fn filtered(actor: &Actor, f: &EntryFilter) -> Select<entry::Entity> {
    use entry::Column as C;
    let mut q = entry::Entity::find().filter(access::entries(actor));
    macro_rules! eq {
        ($field:expr, $col:expr) => {
            if let Some(v) = $field.clone() {
                q = q.filter($col.eq(v));
            }
        };
    }
    eq!(f.campaign_id, C::CampaignId);
    eq!(f.phase_id, C::PhaseId);
    eq!(f.association_id, C::AssociationId);
    eq!(f.enterprise_id, C::EnterpriseId);
    eq!(f.project_id, C::ProjectId);
    eq!(f.city_code, C::CityCode);
    eq!(f.team_id, C::TeamId);
    eq!(f.household_id, C::HouseholdId);
    eq!(f.channel, C::Channel);
    eq!(f.product_id, C::ProductId);
    eq!(f.supplier_id, C::SupplierId);
    eq!(f.county_code, C::CountyCode);
    eq!(f.kind, C::Kind);
    eq!(f.certified, C::Certified);
    if let Some(from) = f.from {
        q = q.filter(C::CountedOn.gte(from));
    }
    if let Some(to) = f.to {
        q = q.filter(C::CountedOn.lte(to));
    }
    if let Some(sealed) = f.sealed {
        // The queue holds only what is not sealed yet, so it stays small.
        let queued = Query::select()
            .column(pending::Column::EntryId)
            .from(pending::Entity)
            .to_owned();
        q = q.filter(if sealed {
            Expr::col(C::Id).not_in_subquery(queued)
        } else {
            Expr::col(C::Id).in_subquery(queued)
        });
    }
    q
}

/// The next `limit` entries after `after` (in id order, which is creation order): the keyset
/// page an export streams by, so memory stays flat however many rows it writes.
pub async fn after(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    filter: &EntryFilter,
    after: Option<Uuid>,
    limit: u64,
) -> DomainResult<Vec<entry::Model>> {
    let mut q = filtered(actor, filter);
    if let Some(after) = after {
        q = q.filter(entry::Column::Id.gt(after));
    }
    Ok(q.order_by_asc(entry::Column::Id)
        .limit(limit)
        .all(conn)
        .await?)
}

pub async fn list(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    filter: &EntryFilter,
    spec: PageSpec,
) -> DomainResult<Page<entry::Model>> {
    page::paginate(
        conn,
        filtered(actor, filter),
        entry::Column::Id,
        spec,
        |m| m.id,
    )
    .await
}

pub async fn count(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    filter: &EntryFilter,
) -> DomainResult<u64> {
    page::count(conn, filtered(actor, filter)).await
}

/// One entry the actor may see, else `NotFound`.
pub async fn get(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
) -> DomainResult<entry::Model> {
    lookup::one(
        conn,
        entry::Entity::find().filter(access::entries(actor)),
        entry::Column::Id,
        id,
    )
    .await
}

/// [`get`] of many ids at once, in one statement: those the actor may see.
pub async fn get_many(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    ids: &[Uuid],
) -> DomainResult<Vec<entry::Model>> {
    lookup::many(
        conn,
        entry::Entity::find().filter(access::entries(actor)),
        entry::Column::Id,
        ids,
    )
    .await
}

/// Entries by id, unscoped: for loaders whose keys come from rows the actor already sees.
pub async fn by_ids(
    conn: &impl ConnectionTrait,
    ids: &[Uuid],
) -> DomainResult<HashMap<Uuid, entry::Model>> {
    let rows = entry::Entity::find()
        .filter(entry::Column::Id.is_in(ids.iter().copied()))
        .all(conn)
        .await?;
    Ok(rows.into_iter().map(|m| (m.id, m)).collect())
}

/// The seals of these entries (those sealed so far).
pub async fn seals(
    conn: &impl ConnectionTrait,
    ids: &[Uuid],
) -> DomainResult<HashMap<Uuid, seal::Model>> {
    let rows = seal::Entity::find()
        .filter(seal::Column::EntryId.is_in(ids.iter().copied()))
        .all(conn)
        .await?;
    Ok(rows.into_iter().map(|m| (m.entry_id, m)).collect())
}

/// The refunds and corrections of each of these sales, oldest first.
pub async fn reversals(
    conn: &impl ConnectionTrait,
    ids: &[Uuid],
) -> DomainResult<HashMap<Uuid, Vec<entry::Model>>> {
    let rows = entry::Entity::find()
        .filter(entry::Column::ReversesId.is_in(ids.iter().copied()))
        .order_by_asc(entry::Column::Id)
        .all(conn)
        .await?;
    let mut out: HashMap<Uuid, Vec<entry::Model>> = HashMap::new();
    for r in rows {
        if let Some(original) = r.reverses_id {
            out.entry(original).or_default().push(r);
        }
    }
    Ok(out)
}
