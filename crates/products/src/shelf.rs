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

use chrono::NaiveDate;
use kernel::{DomainResult, Fen};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter};
use uuid::Uuid;

use crate::entity::certification::{self, CertificationState as State};
use crate::entity::product::{self, ProductStatus};
use crate::entity::store::{self, StoreKind};
use crate::entity::{listing, store_project, supplier};

/// One listing on a shelf, with everything a catalogue page shows of it.
#[derive(Debug, Clone)]
pub struct Item {
    pub listing: listing::Model,
    pub product: product::Model,
    pub supplier: Option<supplier::Model>,
    pub store_kind: StoreKind,
    /// The product's LISTED certifications, whatever their dates.
    pub certifications: Vec<certification::Model>,
    /// The product's name in lower case, for searching.
    pub(crate) folded_name: String,
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
        let mut items: Vec<Item> = Vec::new();
        let mut at: HashMap<Uuid, usize> = HashMap::new();
        for (listing, product, supplier, certification, store) in rows {
            let (Some(product), Some(store)) = (product, store) else {
                continue;
            };
            let index = *at.entry(listing.id).or_insert_with(|| {
                items.push(Item {
                    folded_name: product.name.to_lowercase(),
                    listing,
                    product,
                    supplier,
                    store_kind: store.kind,
                    certifications: Vec::new(),
                });
                items.len() - 1
            });
            if let (Some(c), Some(item)) = (certification, items.get_mut(index)) {
                item.certifications.push(c);
            }
        }
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
