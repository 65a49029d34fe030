//! A page of purchase orders loads its lines in one statement, scoped to the caller like the
//! order (a supplier gets only its own lines).

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::dataloader::Loader;
use procurement::purchase::entity::line;
use uuid::Uuid;

use crate::schema::loaders::{LoadError, Loaders};

/// The lines of a purchase order the caller may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PurchaseLinesKey(pub Uuid);

impl Loader<PurchaseLinesKey> for Loaders {
    type Value = Vec<line::Model>;
    type Error = LoadError;

    async fn load(
        &self,
        keys: &[PurchaseLinesKey],
    ) -> Result<HashMap<PurchaseLinesKey, Self::Value>, Self::Error> {
        let Some(actor) = self.actor() else {
            return Ok(HashMap::new());
        };
        let ids: Vec<Uuid> = keys.iter().map(|k| k.0).collect();
        let rows = procurement::purchase::query::lines_of(self.db(), actor, &ids)
            .await
            .map_err(Arc::new)?;
        let mut out: HashMap<PurchaseLinesKey, Self::Value> = HashMap::new();
        for row in rows {
            out.entry(PurchaseLinesKey(row.purchase_order_id))
                .or_default()
                .push(row);
        }
        Ok(out)
    }
}
