//! A project's shelf (货架): every listing that could be in its 带一斤回家 catalogue on some
//! day — on the shelf, in a store serving the project, its product ACTIVE and holding a LISTED
//! certification — read in one statement with its product, supplier, store kind and
//! certifications, so that the catalogue's pages are answered from memory.
//!
//! Dates are not baked in: a shelf keeps each certification's validity and [`Item::badge_on`]
//! decides per request, so a certification that lapses at midnight leaves the catalogue at
//! midnight without anyone rebuilding anything. Everything else a shelf holds can only change
//! by a write, and every such write moves the catalogue's [`version`] (database triggers, see
//! the migration `track_catalogue_changes`), which tells its holders to rebuild.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use chrono::NaiveDate;
use kernel::{DomainResult, Fen};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter};
use uuid::Uuid;

use crate::entity::certification::{self, CertificationState as State};
use crate::entity::product::{self, ProductStatus};
use crate::entity::store::{self, StoreKind};
use crate::entity::{listing, store_project, supplier};

/// One listing on a shelf, with everything a catalogue page shows of it. The product, its
/// supplier and its certifications are shared with every other shelf that lists the product
/// ([`Common`]).
#[derive(Debug, Clone)]
pub struct Item {
    pub listing: listing::Model,
    pub product: Arc<product::Model>,
    pub supplier: Option<Arc<supplier::Model>>,
    pub store_kind: StoreKind,
    /// The product's LISTED certifications, whatever their dates.
    pub certifications: Arc<Vec<certification::Model>>,
    /// The product's name in lower case, for searching.
    pub(crate) folded_name: Arc<str>,
}

/// Products, suppliers and certifications as shelves hold them: one copy of each, however many
/// shelves list it. The campaign sells the same counties' products in thousands of
/// communities, so shelves differ in their listings, not in what they list. A shelf being read
/// always takes the row it read: a copy is shared only while it equals that row, so sharing
/// can never make a shelf older than its own reading.
#[derive(Debug, Default)]
pub struct Common {
    inner: Mutex<CommonInner>,
}

#[derive(Debug, Default)]
struct CommonInner {
    products: HashMap<Uuid, (Arc<product::Model>, Arc<str>)>,
    suppliers: HashMap<Uuid, Arc<supplier::Model>>,
    /// By product.
    certifications: HashMap<Uuid, Arc<Vec<certification::Model>>>,
}

impl Common {
    /// Forgets every copy (when every shelf is dropped).
    pub fn clear(&self) {
        *self.inner.lock().unwrap_or_else(PoisonError::into_inner) = CommonInner::default();
    }
}

/// The copy of `fresh` already held when it is equal, or `fresh`, now held.
fn one_copy<T: PartialEq>(held: &mut HashMap<Uuid, Arc<T>>, id: Uuid, fresh: T) -> Arc<T> {
    match held.get(&id) {
        Some(copy) if **copy == fresh => Arc::clone(copy),
        _ => {
            let copy = Arc::new(fresh);
            held.insert(id, Arc::clone(&copy));
            copy
        }
    }
}

impl Item {
    /// The selling price: the store's, or the product's when the store sets none.
    pub fn price_fen(&self) -> Fen {
        self.listing
            .store_price_fen
            .unwrap_or(self.product.price_fen)
    }

    /// The certification valid on `day` (the catalogue's badge): of several, the one valid
    /// longest.
    pub fn badge_on(&self, day: NaiveDate) -> Option<&certification::Model> {
        self.certifications
            .iter()
            .filter(|c| c.valid_from.is_some_and(|f| f <= day))
            .filter(|c| c.valid_to.is_some_and(|t| t >= day))
            .max_by_key(|c| (c.valid_to, c.created_at, c.id))
    }
}

/// The shelf of one project as of one catalogue version.
#[derive(Debug, Clone)]
pub struct Shelf {
    pub project_id: Uuid,
    /// The catalogue version the shelf was read at (or before).
    pub version: i64,
    pub items: Vec<Item>,
}

#[derive(Debug, FromQueryResult)]
struct VersionRow {
    version: i64,
}

/// The catalogue's version: it moves whenever a committed write can change some shelf.
pub async fn version(conn: &impl ConnectionTrait) -> DomainResult<i64> {
    let statement = conn.get_database_backend().build(
        Query::select()
            .column(sea_orm::sea_query::Alias::new("version"))
            .from(sea_orm::sea_query::Alias::new("catalogue_version"))
            .and_where(Expr::col(sea_orm::sea_query::Alias::new("id")).eq(1)),
    );
    let row = VersionRow::find_by_statement(statement).one(conn).await?;
    Ok(row.map_or(0, |r| r.version))
}

impl Shelf {
    /// Reads the shelf of `project_id` in one statement. `version` must have been read before
    /// (a shelf may be newer than its tag, never older).
    pub async fn read(
        conn: &impl ConnectionTrait,
        project_id: Uuid,
        version: i64,
        common: &Common,
    ) -> DomainResult<Self> {
        let serving = Query::select()
            .column(store_project::Column::StoreId)
            .from(store_project::Entity)
            .and_where(Expr::col(store_project::Column::ProjectId).eq(project_id))
            .to_owned();
        let rows = listing::Entity::find()
            .find_also_related(product::Entity)
            .find_also(product::Entity, supplier::Entity)
            .find_also(product::Entity, certification::Entity)
            .find_also(listing::Entity, store::Entity)
            .filter(listing::Column::StoreId.in_subquery(serving))
            .filter(listing::Column::OnShelf.eq(true))
            .filter(product::Column::Status.eq(ProductStatus::Active))
            .filter(certification::Column::State.eq(State::Listed))
            .all(conn)
            .await?;
        // A listing comes once per LISTED certification of its product.
        let mut read: Vec<(
            listing::Model,
            product::Model,
            Option<supplier::Model>,
            StoreKind,
        )> = Vec::with_capacity(rows.len());
        let mut certifications: HashMap<Uuid, Vec<certification::Model>> = HashMap::new();
        let mut at: HashMap<Uuid, usize> = HashMap::new();
        for (listing, product, supplier, certification, store) in rows {
            let (Some(product), Some(store)) = (product, store) else {
                continue;
            };
            if let Some(c) = certification {
                let of_product = certifications.entry(product.id).or_default();
                if !of_product.iter().any(|held| held.id == c.id) {
                    of_product.push(c);
                }
            }
            at.entry(listing.id).or_insert_with(|| {
                read.push((listing, product, supplier, store.kind));
                read.len() - 1
            });
        }
        let mut common = common.inner.lock().unwrap_or_else(PoisonError::into_inner);
        let common = &mut *common;
        let certifications: HashMap<Uuid, Arc<Vec<certification::Model>>> = certifications
            .into_iter()
            .map(|(product, mut list)| {
                list.sort_by_key(|c| c.id);
                let shared = one_copy(&mut common.certifications, product, list);
                (product, shared)
            })
            .collect();
        let items = read
            .into_iter()
            .map(|(listing, product, supplier, store_kind)| {
                let id = product.id;
                let (product, folded_name) = match common.products.get(&id) {
                    Some((copy, name)) if **copy == product => (Arc::clone(copy), Arc::clone(name)),
                    _ => {
                        let name: Arc<str> = product.name.to_lowercase().into();
                        let copy = Arc::new(product);
                        common
                            .products
                            .insert(id, (Arc::clone(&copy), Arc::clone(&name)));
                        (copy, name)
                    }
                };
                let supplier = supplier.map(|s| one_copy(&mut common.suppliers, s.id, s));
                Item {
                    listing,
                    product,
                    supplier,
                    store_kind,
                    certifications: certifications.get(&id).cloned().unwrap_or_default(),
                    folded_name,
                }
            })
            .collect();
        Ok(Self {
            project_id,
            version,
            items,
        })
    }

    /// Listings held, for sizing caches.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}
