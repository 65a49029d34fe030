//! One DataLoader per relation, created per request: a list of N items resolves each relation
//! in one statement, not N.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::dataloader::{DataLoader, Loader};
use chrono::NaiveDate;
use kernel::Actor;
use participants::entity::{association, enterprise, household, project, team};
use participants::loaders as by;
use products::entity::{
    certification, certification_event, poverty_county, product, store, supplier,
};
use products::loaders as catalogue;
use sea_orm::DatabaseConnection;
use uuid::Uuid;

pub struct Loaders {
    db: DatabaseConnection,
    /// The request's day on the campaign calendar: the day certification badges are valid on.
    today: NaiveDate,
    /// The caller, for the relations that cross tenants and are scoped like a lookup.
    actor: Option<Actor>,
}

impl Loaders {
    pub fn new(db: DatabaseConnection, today: NaiveDate, actor: Option<Actor>) -> Self {
        Self { db, today, actor }
    }

    /// The loaders of one request. No cache: a document may run several mutations, and a
    /// relation loaded before one of them must not be served stale after it.
    pub fn per_request(
        db: DatabaseConnection,
        today: NaiveDate,
        actor: Option<Actor>,
        delay: std::time::Duration,
    ) -> DataLoader<Self> {
        DataLoader::new(Self::new(db, today, actor), tokio::spawn).delay(delay)
    }
}

/// Errors are shared between the waiting resolvers, hence `Arc`.
pub type LoadError = Arc<kernel::DomainError>;

/// A loader keyed by a uuid: `$fetch(conn, ids)` answers a map from id to value.
macro_rules! key {
    ($key:ident, $model:ty, $fetch:path) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub struct $key(pub Uuid);

        impl Loader<$key> for Loaders {
            type Value = $model;
            type Error = LoadError;

            async fn load(&self, keys: &[$key]) -> Result<HashMap<$key, Self::Value>, Self::Error> {
                let ids: Vec<Uuid> = keys.iter().map(|k| k.0).collect();
                let rows = $fetch(self.db(), &ids).await.map_err(Arc::new)?;
                Ok(rows.into_iter().map(|(id, m)| ($key(id), m)).collect())
            }
        }
    };
}

pub(crate) use key;

/// A loader of the rows under a parent, keyed by the parent's id: `$fetch(conn, ids)` (or,
/// `scoped`, `$fetch(conn, caller, ids)`: no caller, no rows) answers the rows of every parent
/// in the batch at once, each naming its parent in its `$parent` column.
macro_rules! children {
    ($(#[$doc:meta])* $key:ident, $model:ty, $fetch:path, $parent:ident) => {
        $crate::schema::loaders::children!(@key $(#[$doc])* $key);

        impl Loader<$key> for Loaders {
            type Value = Vec<$model>;
            type Error = LoadError;

            async fn load(&self, keys: &[$key]) -> Result<HashMap<$key, Self::Value>, Self::Error> {
                let ids: Vec<Uuid> = keys.iter().map(|k| k.0).collect();
                let rows = $fetch(self.db(), &ids).await.map_err(Arc::new)?;
                Ok($crate::schema::loaders::group(rows, |r| $key(r.$parent)))
            }
        }
    };
    ($(#[$doc:meta])* scoped $key:ident, $model:ty, $fetch:path, $parent:ident) => {
        $crate::schema::loaders::children!(@key $(#[$doc])* $key);

        impl Loader<$key> for Loaders {
            type Value = Vec<$model>;
            type Error = LoadError;

            async fn load(&self, keys: &[$key]) -> Result<HashMap<$key, Self::Value>, Self::Error> {
                let Some(actor) = self.actor() else {
                    return Ok(HashMap::new());
                };
                let ids: Vec<Uuid> = keys.iter().map(|k| k.0).collect();
                let rows = $fetch(self.db(), actor, &ids).await.map_err(Arc::new)?;
                Ok($crate::schema::loaders::group(rows, |r| $key(r.$parent)))
            }
        }
    };
    (@key $(#[$doc:meta])* $key:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub struct $key(pub Uuid);
    };
}

pub(crate) use children;

/// Rows grouped by the key each names.
pub(crate) fn group<K: std::hash::Hash + Eq, M>(
    rows: Vec<M>,
    key: impl Fn(&M) -> K,
) -> HashMap<K, Vec<M>> {
    let mut out: HashMap<K, Vec<M>> = HashMap::new();
    for row in rows {
        out.entry(key(&row)).or_default().push(row);
    }
    out
}

/// An enterprise by id, if the caller may read it (`enterprise(id:)` would find it): a custom
/// product's enterprise is another tenant's row for most who see the product.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct VisibleEnterpriseKey(pub Uuid);

impl Loader<VisibleEnterpriseKey> for Loaders {
    type Value = enterprise::Model;
    type Error = LoadError;

    async fn load(
        &self,
        keys: &[VisibleEnterpriseKey],
    ) -> Result<HashMap<VisibleEnterpriseKey, Self::Value>, Self::Error> {
        let Some(actor) = &self.actor else {
            return Ok(HashMap::new());
        };
        let ids: Vec<Uuid> = keys.iter().map(|k| k.0).collect();
        let rows = participants::enterprise::visible_by_ids(&self.db, actor, &ids)
            .await
            .map_err(Arc::new)?;
        Ok(rows
            .into_iter()
            .map(|(id, m)| (VisibleEnterpriseKey(id), m))
            .collect())
    }
}

key!(AssociationKey, association::Model, by::associations);
key!(EnterpriseKey, enterprise::Model, by::enterprises);
key!(ProjectKey, project::Model, by::projects);
key!(HouseholdKey, household::Model, by::households);
key!(TeamKey, team::Model, by::teams);
key!(TeamMembersKey, Vec<household::Model>, by::team_members);
key!(ProductKey, product::Model, catalogue::products);
key!(SupplierKey, supplier::Model, catalogue::suppliers);
key!(StoreKey, store::Model, catalogue::stores);
key!(StoreProjectsKey, Vec<Uuid>, catalogue::store_projects);
key!(
    ProductCertificationsKey,
    Vec<certification::Model>,
    catalogue::certifications_of_products
);
key!(
    VisitProductsKey,
    Vec<product::Model>,
    catalogue::active_products_of_visits
);
key!(BeneficiaryCountKey, u64, catalogue::beneficiary_counts);
key!(
    CertificationEventsKey,
    Vec<certification_event::Model>,
    catalogue::certification_events
);

/// The certification a product holds today (the catalogue's badge), by product id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CertifiedTodayKey(pub Uuid);

impl Loader<CertifiedTodayKey> for Loaders {
    type Value = certification::Model;
    type Error = LoadError;

    async fn load(
        &self,
        keys: &[CertifiedTodayKey],
    ) -> Result<HashMap<CertifiedTodayKey, Self::Value>, Self::Error> {
        let ids: Vec<Uuid> = keys.iter().map(|k| k.0).collect();
        let rows = catalogue::valid_certifications(&self.db, &ids, self.today)
            .await
            .map_err(Arc::new)?;
        Ok(rows
            .into_iter()
            .map(|(id, m)| (CertifiedTodayKey(id), m))
            .collect())
    }
}

/// A poverty county's designation, by region code.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PovertyCountyKey(pub String);

impl Loader<PovertyCountyKey> for Loaders {
    type Value = poverty_county::Model;
    type Error = LoadError;

    async fn load(
        &self,
        keys: &[PovertyCountyKey],
    ) -> Result<HashMap<PovertyCountyKey, Self::Value>, Self::Error> {
        let codes: Vec<String> = keys.iter().map(|k| k.0.clone()).collect();
        let rows = catalogue::poverty_counties(&self.db, &codes)
            .await
            .map_err(Arc::new)?;
        Ok(rows
            .into_iter()
            .map(|(code, m)| (PovertyCountyKey(code), m))
            .collect())
    }
}

impl Loaders {
    /// The pool, for the loaders a domain's schema module defines next to its types.
    pub(crate) fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    /// The caller, for the loaders whose relations are scoped like a lookup.
    pub(crate) fn actor(&self) -> Option<&Actor> {
        self.actor.as_ref()
    }
}
