//! One DataLoader per relation, created per request: a list of N items resolves each relation
//! in one statement, not N.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::dataloader::Loader;
use kernel::region;
use participants::entity::{association, enterprise, household, project, team};
use participants::loaders as by;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use uuid::Uuid;

pub struct Loaders {
    db: DatabaseConnection,
}

impl Loaders {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

/// Errors are shared between the waiting resolvers, hence `Arc`.
pub type LoadError = Arc<kernel::DomainError>;

macro_rules! key {
    ($key:ident, $model:ty, $fetch:path) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub struct $key(pub Uuid);

        impl Loader<$key> for Loaders {
            type Value = $model;
            type Error = LoadError;

            async fn load(&self, keys: &[$key]) -> Result<HashMap<$key, Self::Value>, Self::Error> {
                let ids: Vec<Uuid> = keys.iter().map(|k| k.0).collect();
                let rows = $fetch(&self.db, &ids).await.map_err(Arc::new)?;
                Ok(rows.into_iter().map(|(id, m)| ($key(id), m)).collect())
            }
        }
    };
}

key!(AssociationKey, association::Model, by::associations);
key!(EnterpriseKey, enterprise::Model, by::enterprises);
key!(ProjectKey, project::Model, by::projects);
key!(HouseholdKey, household::Model, by::households);
key!(TeamKey, team::Model, by::teams);
key!(TeamMembersKey, Vec<household::Model>, by::team_members);

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RegionKey(pub String);

impl Loader<RegionKey> for Loaders {
    type Value = region::Region;
    type Error = LoadError;

    async fn load(
        &self,
        keys: &[RegionKey],
    ) -> Result<HashMap<RegionKey, Self::Value>, Self::Error> {
        let codes: Vec<String> = keys.iter().map(|k| k.0.clone()).collect();
        let rows = region::Entity::find()
            .filter(region::Column::Code.is_in(codes))
            .all(&self.db)
            .await
            .map_err(|e| Arc::new(e.into()))?;
        Ok(rows
            .into_iter()
            .map(|r| (RegionKey(r.code.clone()), r))
            .collect())
    }
}

impl Loaders {
    /// The pool, for the loaders a domain's schema module defines next to its types.
    pub(crate) fn db(&self) -> &DatabaseConnection {
        &self.db
    }
}
