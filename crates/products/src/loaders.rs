//! Batch lookups by key for the gateway's DataLoaders. Keys come from rows the caller could
//! already see, so these do not re-check scope.

use std::collections::HashMap;

use chrono::NaiveDate;
use kernel::DomainResult;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use crate::entity::{
    certification, certification_event, poverty_county, product, store, store_project, supplier,
    supplier_beneficiary,
};

pub async fn products(
    conn: &impl ConnectionTrait,
    ids: &[Uuid],
) -> DomainResult<HashMap<Uuid, product::Model>> {
    let rows = product::Entity::find()
        .filter(product::Column::Id.is_in(ids.iter().copied()))
        .all(conn)
        .await?;
    Ok(rows.into_iter().map(|m| (m.id, m)).collect())
}

pub async fn suppliers(
    conn: &impl ConnectionTrait,
    ids: &[Uuid],
) -> DomainResult<HashMap<Uuid, supplier::Model>> {
    let rows = supplier::Entity::find()
        .filter(supplier::Column::Id.is_in(ids.iter().copied()))
        .all(conn)
        .await?;
    Ok(rows.into_iter().map(|m| (m.id, m)).collect())
}

pub async fn stores(
    conn: &impl ConnectionTrait,
    ids: &[Uuid],
) -> DomainResult<HashMap<Uuid, store::Model>> {
    let rows = store::Entity::find()
        .filter(store::Column::Id.is_in(ids.iter().copied()))
        .all(conn)
        .await?;
    Ok(rows.into_iter().map(|m| (m.id, m)).collect())
}

/// The projects each store serves.
pub async fn store_projects(
    conn: &impl ConnectionTrait,
    store_ids: &[Uuid],
) -> DomainResult<HashMap<Uuid, Vec<Uuid>>> {
    let rows = store_project::Entity::find()
        .filter(store_project::Column::StoreId.is_in(store_ids.iter().copied()))
        .order_by_asc(store_project::Column::ProjectId)
        .all(conn)
        .await?;
    let mut out: HashMap<Uuid, Vec<Uuid>> = store_ids.iter().map(|id| (*id, Vec::new())).collect();
    for row in rows {
        out.entry(row.store_id).or_default().push(row.project_id);
    }
    Ok(out)
}

pub async fn poverty_counties(
    conn: &impl ConnectionTrait,
    codes: &[String],
) -> DomainResult<HashMap<String, poverty_county::Model>> {
    let rows = poverty_county::Entity::find()
        .filter(poverty_county::Column::RegionCode.is_in(codes.iter().cloned()))
        .all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|m| (m.region_code.clone(), m))
        .collect())
}

/// The certification valid on `day` per product (the catalogue's badge).
pub async fn valid_certifications(
    conn: &impl ConnectionTrait,
    product_ids: &[Uuid],
    day: NaiveDate,
) -> DomainResult<HashMap<Uuid, certification::Model>> {
    crate::certification::valid_on(conn, product_ids, day).await
}

/// Each certification's recorded transitions, oldest first.
pub async fn certification_events(
    conn: &impl ConnectionTrait,
    certification_ids: &[Uuid],
) -> DomainResult<HashMap<Uuid, Vec<certification_event::Model>>> {
    let rows = certification_event::Entity::find()
        .filter(
            certification_event::Column::CertificationId.is_in(certification_ids.iter().copied()),
        )
        .order_by_asc(certification_event::Column::At)
        .order_by_asc(certification_event::Column::Id)
        .all(conn)
        .await?;
    let mut out: HashMap<Uuid, Vec<certification_event::Model>> = certification_ids
        .iter()
        .map(|id| (*id, Vec::new()))
        .collect();
    for row in rows {
        out.entry(row.certification_id).or_default().push(row);
    }
    Ok(out)
}

/// How many registered poor households (by pseudonymous reference) each supplier sources from.
pub async fn beneficiary_counts(
    conn: &impl ConnectionTrait,
    supplier_ids: &[Uuid],
) -> DomainResult<HashMap<Uuid, u64>> {
    let rows: Vec<(Uuid, i64)> = supplier_beneficiary::Entity::find()
        .select_only()
        .column(supplier_beneficiary::Column::SupplierId)
        .column_as(supplier_beneficiary::Column::Id.count(), "n")
        .filter(supplier_beneficiary::Column::SupplierId.is_in(supplier_ids.iter().copied()))
        .group_by(supplier_beneficiary::Column::SupplierId)
        .into_tuple()
        .all(conn)
        .await?;
    let mut out: HashMap<Uuid, u64> = supplier_ids.iter().map(|id| (*id, 0)).collect();
    for (id, n) in rows {
        out.insert(id, u64::try_from(n).unwrap_or(0));
    }
    Ok(out)
}

/// The ACTIVE products each county visit (县域考察) led to, by visit id: the custom products a
/// visit's page shows.
pub async fn active_products_of_visits(
    conn: &impl ConnectionTrait,
    visit_ids: &[Uuid],
) -> DomainResult<HashMap<Uuid, Vec<product::Model>>> {
    let rows = product::Entity::find()
        .filter(product::Column::CountyVisitId.is_in(visit_ids.iter().copied()))
        .filter(product::Column::Status.eq(product::ProductStatus::Active))
        .order_by_asc(product::Column::Id)
        .all(conn)
        .await?;
    let mut out: HashMap<Uuid, Vec<product::Model>> =
        visit_ids.iter().map(|id| (*id, Vec::new())).collect();
    for row in rows {
        if let Some(visit) = row.county_visit_id {
            out.entry(visit).or_default().push(row);
        }
    }
    Ok(out)
}

/// Every certification of each product, newest first (a supplier's product list with the state
/// of each application).
pub async fn certifications_of_products(
    conn: &impl ConnectionTrait,
    product_ids: &[Uuid],
) -> DomainResult<HashMap<Uuid, Vec<certification::Model>>> {
    let rows = certification::Entity::find()
        .filter(certification::Column::ProductId.is_in(product_ids.iter().copied()))
        .order_by_desc(certification::Column::Id)
        .all(conn)
        .await?;
    let mut out: HashMap<Uuid, Vec<certification::Model>> =
        product_ids.iter().map(|id| (*id, Vec::new())).collect();
    for row in rows {
        out.entry(row.product_id).or_default().push(row);
    }
    Ok(out)
}
