//! The order relations' DataLoaders: a page of orders loads its lines in one statement and its
//! events in another, each scoped to the caller like the order itself (a supplier gets only its
//! own lines).

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::dataloader::Loader;
use orders::entity::{event, line};
use uuid::Uuid;

use crate::schema::loaders::{LoadError, Loaders};

/// The lines of an order the caller may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct OrderLinesKey(pub Uuid);

/// The events of an order the caller may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct OrderEventsKey(pub Uuid);

impl Loader<OrderLinesKey> for Loaders {
    type Value = Vec<line::Model>;
    type Error = LoadError;

    async fn load(
        &self,
        keys: &[OrderLinesKey],
    ) -> Result<HashMap<OrderLinesKey, Self::Value>, Self::Error> {
        let Some(actor) = self.actor() else {
            return Ok(HashMap::new());
        };
        let ids: Vec<Uuid> = keys.iter().map(|k| k.0).collect();
        let rows = orders::query::lines_of(self.db(), actor, &ids)
            .await
            .map_err(Arc::new)?;
        let mut out: HashMap<OrderLinesKey, Self::Value> = HashMap::new();
        for row in rows {
            out.entry(OrderLinesKey(row.order_id))
                .or_default()
                .push(row);
        }
        Ok(out)
    }
}

impl Loader<OrderEventsKey> for Loaders {
    type Value = Vec<event::Model>;
    type Error = LoadError;

    async fn load(
        &self,
        keys: &[OrderEventsKey],
    ) -> Result<HashMap<OrderEventsKey, Self::Value>, Self::Error> {
        let Some(actor) = self.actor() else {
            return Ok(HashMap::new());
        };
        let ids: Vec<Uuid> = keys.iter().map(|k| k.0).collect();
        let rows = orders::query::events_of(self.db(), actor, &ids)
            .await
            .map_err(Arc::new)?;
        let mut out: HashMap<OrderEventsKey, Self::Value> = HashMap::new();
        for row in rows {
            out.entry(OrderEventsKey(row.order_id))
                .or_default()
                .push(row);
        }
        Ok(out)
    }
}
