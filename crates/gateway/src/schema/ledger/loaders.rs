//! The ledger relations' DataLoaders: one statement per relation and batch.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::dataloader::Loader;
use campaigns::entity::campaign_phase;
use kernel::DomainResult;
use ledger::entity::{entry, seal};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::schema::loaders::{LoadError, Loaders, key};

async fn phases(
    conn: &impl ConnectionTrait,
    ids: &[Uuid],
) -> DomainResult<HashMap<Uuid, campaign_phase::Model>> {
    let rows = campaign_phase::Entity::find()
        .filter(campaign_phase::Column::Id.is_in(ids.iter().copied()))
        .all(conn)
        .await?;
    Ok(rows.into_iter().map(|p| (p.id, p)).collect())
}

key!(SealKey, seal::Model, ledger::entries::seals);
key!(EntryKey, entry::Model, ledger::entries::by_ids);
key!(PhaseKey, campaign_phase::Model, phases);
