//! Listings: which products a store sells, at which price, in which order, and whether they are
//! on the shelf now. A listing stays as it is when its product's certification lapses; those
//! who buy simply stop seeing it ([`visible`]).

use chrono::NaiveDate;
use kernel::lookup;
use kernel::{Actor, Clock, DomainError, DomainResult, Fen, Message, Problem};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query};
use sea_orm::{
    Condition, ConnectionTrait, DatabaseTransaction, EntityTrait, JoinType, QueryFilter,
    QueryOrder, QuerySelect, RelationTrait, Set,
};
use uuid::Uuid;

use crate::ProductErrorCode as Code;
use crate::access::{managed_stores, visible_stores};
use crate::entity::certification::{self, CertificationState};
use crate::entity::listing::{self, Column, Entity, Model};
use crate::entity::product::{self, ProductStatus};
use crate::entity::store;

#[derive(Debug, Clone)]
pub struct ListingInput {
    pub store_id: Uuid,
    pub product_id: Uuid,
    /// `None` sells at the product's price.
    pub store_price_fen: Option<Fen>,
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
        .is_some_and(|p| !(1..=crate::product::MAX_PRICE_FEN).contains(&p.0))
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

/// The one rule for who sees a listing, on every path that returns listings (`catalogue`,
/// `Store.listings`, `node(id:)`): those who manage its store see it always (they keep what
/// they took off the shelf and what lapsed); everyone else who may see the store sees it only
/// while it is sellable today: on the shelf, its product ACTIVE and certified today (a LISTED
/// certification valid on `today`). A lapsed, suspended or revoked certification hides the
/// listing at once, without anyone editing it.
///
/// The condition reads the product's columns: the query must join `product`.
pub fn visible(actor: &Actor, today: NaiveDate) -> Condition {
    let stores = |managed: bool| {
        let mut stores = Query::select();
        stores
            .column(store::Column::Id)
            .from(store::Entity)
            .cond_where(visible_stores(actor));
        if managed {
            stores.cond_where(managed_stores(actor));
        }
        Expr::col((Entity, Column::StoreId)).in_subquery(stores)
    };
    Condition::any().add(stores(true)).add(
        Condition::all()
            .add(stores(false))
            .add(sellable_today(today)),
    )
}

/// On the shelf, with an ACTIVE product certified today: what residents and APPs may buy. The
/// query must join `product`.
pub fn sellable_today(today: NaiveDate) -> Condition {
    let certified_today = Query::select()
        .expr(Expr::val(1))
        .from(certification::Entity)
        .and_where(
            Expr::col((certification::Entity, certification::Column::ProductId))
                .equals((product::Entity, product::Column::Id)),
        )
        .and_where(
            Expr::col((certification::Entity, certification::Column::State))
                .eq(CertificationState::Listed),
        )
        .and_where(Expr::col((certification::Entity, certification::Column::ValidFrom)).lte(today))
        .and_where(Expr::col((certification::Entity, certification::Column::ValidTo)).gte(today))
        .to_owned();
    Condition::all()
        .add(Expr::col((Entity, Column::OnShelf)).eq(true))
        .add(Expr::col((product::Entity, product::Column::Status)).eq(ProductStatus::Active))
        .add(Expr::exists(certified_today))
}

fn with_product() -> sea_orm::Select<Entity> {
    Entity::find().join(JoinType::InnerJoin, listing::Relation::Product.def())
}

/// The listings of a store the actor may see, in the store's order (see [`visible`]).
pub async fn of_store(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    store_id: Uuid,
    today: NaiveDate,
) -> DomainResult<Vec<Model>> {
    let store = crate::store::get(conn, actor, store_id).await?;
    Ok(with_product()
        .filter(Expr::col((Entity, Column::StoreId)).eq(store.id))
        .filter(visible(actor, today))
        .order_by_asc(Column::SortOrder)
        .order_by_asc(Column::Id)
        .all(conn)
        .await?)
}

/// A listing the actor may see today (see [`visible`]); any other is NOT_FOUND.
pub async fn get(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
    today: NaiveDate,
) -> DomainResult<Model> {
    let visible_today = with_product().filter(visible(actor, today));
    lookup::one(conn, visible_today, Column::Id, id).await
}

/// [`get`] of many ids at once, in one statement: those the actor may see today.
pub async fn get_many(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    ids: &[Uuid],
    today: NaiveDate,
) -> DomainResult<Vec<Model>> {
    let visible_today = with_product().filter(visible(actor, today));
    lookup::many(conn, visible_today, Column::Id, ids).await
}

/// The price a listing sells at: the store's own, or the product's.
pub fn price_fen(listing: &Model, product: &crate::entity::product::Model) -> Fen {
    listing.store_price_fen.unwrap_or(product.price_fen)
}
