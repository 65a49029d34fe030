//! The group-buy relations' DataLoaders: a page of group buys loads its items in one statement
//! and the caller's visible joins in another; a page of joins loads their lines in one.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::dataloader::Loader;
use procurement::groupbuy::entity::{item, join, join_line};
use uuid::Uuid;

use crate::schema::loaders::{LoadError, Loaders};

/// The items a group buy offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct GroupBuyItemsKey(pub Uuid);

/// The joins of a group buy the caller may see (a resident only its own).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct GroupBuyJoinsKey(pub Uuid);

/// The lines of a join (read through a join the caller sees).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct JoinLinesKey(pub Uuid);

impl Loader<GroupBuyItemsKey> for Loaders {
    type Value = Vec<item::Model>;
    type Error = LoadError;

    async fn load(
        &self,
        keys: &[GroupBuyItemsKey],
    ) -> Result<HashMap<GroupBuyItemsKey, Self::Value>, Self::Error> {
        let ids: Vec<Uuid> = keys.iter().map(|k| k.0).collect();
        let rows = procurement::groupbuy::query::items_of(self.db(), &ids)
            .await
            .map_err(Arc::new)?;
        let mut out: HashMap<GroupBuyItemsKey, Self::Value> = HashMap::new();
        for row in rows {
            out.entry(GroupBuyItemsKey(row.group_buy_id))
                .or_default()
                .push(row);
        }
        Ok(out)
    }
}

impl Loader<GroupBuyJoinsKey> for Loaders {
    type Value = Vec<join::Model>;
    type Error = LoadError;

    async fn load(
        &self,
        keys: &[GroupBuyJoinsKey],
    ) -> Result<HashMap<GroupBuyJoinsKey, Self::Value>, Self::Error> {
        let Some(actor) = self.actor() else {
            return Ok(HashMap::new());
        };
        let ids: Vec<Uuid> = keys.iter().map(|k| k.0).collect();
        let rows = procurement::groupbuy::query::joins_of(self.db(), actor, &ids)
            .await
            .map_err(Arc::new)?;
        let mut out: HashMap<GroupBuyJoinsKey, Self::Value> = HashMap::new();
        for row in rows {
            out.entry(GroupBuyJoinsKey(row.group_buy_id))
                .or_default()
                .push(row);
        }
        Ok(out)
    }
}

impl Loader<JoinLinesKey> for Loaders {
    type Value = Vec<join_line::Model>;
    type Error = LoadError;

    async fn load(
        &self,
        keys: &[JoinLinesKey],
    ) -> Result<HashMap<JoinLinesKey, Self::Value>, Self::Error> {
        let ids: Vec<Uuid> = keys.iter().map(|k| k.0).collect();
        let rows = procurement::groupbuy::query::join_lines_of(self.db(), &ids)
            .await
            .map_err(Arc::new)?;
        let mut out: HashMap<JoinLinesKey, Self::Value> = HashMap::new();
        for row in rows {
            out.entry(JoinLinesKey(row.join_id)).or_default().push(row);
        }
        Ok(out)
    }
}
