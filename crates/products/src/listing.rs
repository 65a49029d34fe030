//! Listings: which products a store sells, at which price, in which order, and whether they are
//! on the shelf now. A listing stays as it is when its product's certification lapses; the
//! catalogue simply stops showing it.

use kernel::{Actor, Clock, DomainError, DomainResult, Message, Problem};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, Set,
};
use uuid::Uuid;

use crate::ProductErrorCode as Code;
use crate::entity::listing::{self, Column, Entity, Model};
use crate::entity::product::ProductStatus;

#[derive(Debug, Clone)]
pub struct ListingInput {
    pub store_id: Uuid,
    pub product_id: Uuid,
    /// `None` sells at the product's price.
    pub store_price_fen: Option<i64>,
    pub sort_order: i32,
    pub featured: bool,
    pub on_shelf: bool,
}

/// Creates or replaces the listing of a product in a store.
pub async fn put(
    conn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    input: ListingInput,
) -> DomainResult<Model> {
    let store = crate::store::managed(conn, actor, input.store_id).await?;
    let product = crate::product::get(conn, actor, input.product_id)
        .await
        .map_err(|e| match e {
            DomainError::NotFound => DomainError::invalid(
                &["productId"],
                Code::UnknownReference.as_str(),
                Message::new("产品不存在", "no such product"),
            ),
            other => other,
        })?;
    let mut problems = kernel::error::Problems::new();
    if product.status != ProductStatus::Active {
        problems.push(Problem::new(
            &["productId"],
            Code::NotSellable.as_str(),
            Message::new(
                "只能上架在售（ACTIVE）的产品",
                "only ACTIVE products can be listed",
            ),
        ));
    }
    if product
        .custom_for_enterprise_id
        .is_some_and(|e| e != store.enterprise_id)
    {
        problems.push(Problem::new(
            &["productId"],
            Code::NotSellable.as_str(),
            Message::new(
                "该定制产品属于其他企业",
                "this custom product was developed for another enterprise",
            ),
        ));
    }
    if input
        .store_price_fen
        .is_some_and(|p| !(1..=crate::product::MAX_PRICE_FEN).contains(&p))
    {
        problems.push(Problem::new(
            &["storePrice"],
            kernel::error::codes::OUT_OF_RANGE,
            Message::new(
                "价格应大于 0 且不超过 10 万元",
                "price must be above 0 and at most 100,000 yuan",
            ),
        ));
    }
    problems.finish()?;
    let now = clock.now();
    // One upsert on (store, product): two managers listing the same product at once both
    // succeed and the later one's placement stays, instead of one failing on the unique index.
    let upsert = OnConflict::columns([Column::StoreId, Column::ProductId])
        .update_columns([
            Column::StorePriceFen,
            Column::SortOrder,
            Column::Featured,
            Column::OnShelf,
            Column::UpdatedAt,
        ])
        .to_owned();
    let model = listing::ActiveModel {
        id: Set(kernel::new_id()),
        store_id: Set(store.id),
        enterprise_id: Set(store.enterprise_id),
        product_id: Set(product.id),
        store_price_fen: Set(input.store_price_fen),
        sort_order: Set(input.sort_order),
        featured: Set(input.featured),
        on_shelf: Set(input.on_shelf),
        created_at: Set(now),
        updated_at: Set(now),
    };
    Ok(Entity::insert(model)
        .on_conflict(upsert)
        .exec_with_returning(conn)
        .await?)
}

/// The listings of a store: all of them for its managers, those on the shelf for others.
pub async fn of_store(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    store_id: Uuid,
) -> DomainResult<Vec<Model>> {
    let store = crate::store::get(conn, actor, store_id).await?;
    let mut query = Entity::find().filter(Column::StoreId.eq(store.id));
    // Residents and APPs see what is on the shelf; managers also what they took off it.
    if !crate::access::manages_store(actor, store.kind, store.enterprise_id) {
        query = query.filter(Column::OnShelf.eq(true));
    }
    Ok(query
        .order_by_asc(Column::SortOrder)
        .order_by_asc(Column::Id)
        .all(conn)
        .await?)
}

/// A listing the actor may see: one of a store it may see, and on the shelf unless the actor
/// manages the store.
pub async fn get(conn: &impl ConnectionTrait, actor: &Actor, id: Uuid) -> DomainResult<Model> {
    let found = Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(DomainError::NotFound)?;
    let store = crate::store::get(conn, actor, found.store_id).await?;
    if found.on_shelf || crate::access::manages_store(actor, store.kind, store.enterprise_id) {
        Ok(found)
    } else {
        Err(DomainError::NotFound)
    }
}

/// The price a listing sells at: the store's own, or the product's.
pub fn price_fen(listing: &Model, product: &crate::entity::product::Model) -> i64 {
    listing.store_price_fen.unwrap_or(product.price_fen)
}
