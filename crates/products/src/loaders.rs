//! Batch lookups by key for the gateway's DataLoaders. Keys come from rows the caller could
//! already see, so these do not re-check scope.

use std::collections::HashMap;

use chrono::NaiveDate;
use kernel::DomainResult;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::entity::{certification, poverty_county, product, store, supplier};

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
