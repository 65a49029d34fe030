//! Store mutations: create a zone, hosted store or counter, choose the projects it serves, and
//! put products on its shelf.

use async_graphql::{Context, ID, InputObject, Object};
use products::listing::ListingInput;
use products::store::StoreInput;

use super::ProductUserError;
use super::stores::{Listing, Store, StoreKind};
use crate::schema::ids;
use crate::schema::mutate;
use crate::schema::payload::payload;
use crate::schema::scalars::Fen;

payload!(StorePayload, store: Store, ProductUserError, "店铺变更结果");
payload!(ListingPayload, listing: Listing, ProductUserError, "上架变更结果");

/// 新建店铺: an enterprise admin its zones and counters; an operator hosted stores; the
/// platform any.
#[derive(InputObject)]
pub struct CreateStoreInput {
    /// The enterprise; an enterprise admin may leave it out (its own).
    pub enterprise_id: Option<ID>,
    pub kind: StoreKind,
    pub name: String,
    /// The projects (communities) the store serves, at most 500.
    #[graphql(default)]
    pub project_ids: Vec<ID>,
}

/// 设置服务项目: replaces the projects a store serves.
#[derive(InputObject)]
pub struct SetStoreProjectsInput {
    pub store_id: ID,
    pub project_ids: Vec<ID>,
}

/// 上架 / 修改上架: creates or replaces a product's listing in a store.
#[derive(InputObject)]
pub struct PutListingInput {
    pub store_id: ID,
    pub product_id: ID,
    /// 店铺价 in fen; leave out to sell at the product's price.
    pub store_price: Option<Fen>,
    #[graphql(default)]
    pub sort_order: i32,
    #[graphql(default)]
    pub featured: bool,
    #[graphql(default = true)]
    pub on_shelf: bool,
}

#[derive(Default)]
pub struct StoresMutation;

#[Object]
impl StoresMutation {
    /// 新建店铺 (专区 / 专馆 / 专柜)
    async fn create_store(
        &self,
        ctx: &Context<'_>,
        input: CreateStoreInput,
    ) -> async_graphql::Result<StorePayload> {
        let store = ids::parse_opt::<ids::Enterprise>("enterpriseId", input.enterprise_id.as_ref())
            .and_then(|enterprise_id| {
                Ok(StoreInput {
                    enterprise_id,
                    kind: input.kind.into(),
                    name: input.name,
                    project_ids: ids::parse_each::<ids::Project>("projectIds", &input.project_ids)?,
                })
            });
        mutate(ctx, store, products::store::create, Store).await
    }

    /// 设置服务项目: the projects (of the store's enterprise) whose residents see the store.
    async fn set_store_projects(
        &self,
        ctx: &Context<'_>,
        input: SetStoreProjectsInput,
    ) -> async_graphql::Result<StorePayload> {
        let parsed = ids::parse::<ids::Store>("storeId", &input.store_id).and_then(|store| {
            ids::parse_each::<ids::Project>("projectIds", &input.project_ids).map(|p| (store, p))
        });
        let set = async |txn: &_, actor: &_, _: &_, (store, projects): (_, Vec<_>)| {
            products::store::set_projects(txn, actor, store, &projects).await
        };
        mutate(ctx, parsed, set, Store).await
    }

    /// 上架: lists an ACTIVE product in a store (or changes its listing). The listing shows in
    /// the catalogue only while the product is certified.
    async fn put_listing(
        &self,
        ctx: &Context<'_>,
        input: PutListingInput,
    ) -> async_graphql::Result<ListingPayload> {
        let listing = ids::parse::<ids::Store>("storeId", &input.store_id).and_then(|store_id| {
            Ok(ListingInput {
                store_id,
                product_id: ids::parse::<ids::Product>("productId", &input.product_id)?,
                store_price_fen: input.store_price.map(Into::into),
                sort_order: input.sort_order,
                featured: input.featured,
                on_shelf: input.on_shelf,
            })
        });
        mutate(ctx, listing, products::listing::put, Listing::from).await
    }
}
