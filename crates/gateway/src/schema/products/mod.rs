//! The products part of the schema: poverty counties and pairings, suppliers, products with
//! their certification and stock, stores and listings, and the 带一斤回家 catalogue.

pub mod certification;
pub mod certification_mutations;
pub mod mutations;
pub mod references;
pub mod store_mutations;
pub mod stores;
pub mod types;

use crate::schema::payload::user_error;
use async_graphql::{Context, ID, Object};
use gateway_macros::connections;
use products::product::ProductFilter;

use crate::schema::connection::connect_scoped;
use crate::schema::connection::{Conn, PageArgs};
use crate::schema::ids;
use crate::schema::regions::RegionCode;
use crate::schema::{actor, by_id, state, visible};
use certification::{Certification, CertificationState};
pub use certification_mutations::CertificationMutation;
pub use mutations::ProductsMutation;
pub use store_mutations::StoresMutation;
pub use stores::CatalogueQuery;
use stores::Store;
use types::{Category, CountyPairing, PovertyCounty, Product, ProductStatus, Supplier};

user_error!(
    ProductUserError,
    products::ProductErrorCode,
    "产品用户错误: a problem with the input the caller can fix."
);

#[derive(Default)]
pub struct ProductsQuery;

#[connections]
#[Object]
impl ProductsQuery {
    /// 贫困县: designated poverty counties, optionally within a province or city.
    async fn poverty_counties(
        &self,
        ctx: &Context<'_>,
        within: Option<RegionCode>,
    ) -> async_graphql::Result<Vec<PovertyCounty>> {
        actor(ctx)?;
        let rows =
            products::county::list(&state(ctx)?.db, within.as_ref().map(|c| c.0.as_str())).await?;
        Ok(rows.into_iter().map(PovertyCounty).collect())
    }

    /// 结对帮扶: the counties an enterprise or association is paired with; null when the
    /// organisation does not exist or the caller may not see its pairings.
    async fn county_pairings(
        &self,
        ctx: &Context<'_>,
        organisation_id: ID,
    ) -> async_graphql::Result<Option<Vec<CountyPairing>>> {
        let (db, actor) = (&state(ctx)?.db, actor(ctx)?);
        let org = mutations::paired_org(&organisation_id)?;
        let rows = visible(products::county::pairings(db, actor, org).await)?;
        Ok(rows.map(|rows| rows.into_iter().map(CountyPairing).collect()))
    }

    /// 市场主体列表: suppliers, optionally of one county.
    async fn suppliers(
        &self,
        ctx: &Context<'_>,
        county_code: Option<RegionCode>,
        args: PageArgs,
    ) -> async_graphql::Result<Conn<Supplier>> {
        let code = county_code.as_ref().map(|c| c.0.as_str());
        let (list, count) = (products::supplier::list, products::supplier::count);
        connect_scoped(ctx, args, code, list, count, Supplier).await
    }

    /// 市场主体: null when it does not exist or the caller may not see it.
    async fn supplier(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Option<Supplier>> {
        by_id::<ids::Supplier, _, _>(ctx, &id, products::supplier::get, Supplier).await
    }

    /// 产品列表: a supplier sees its own products in every state and the active ones of
    /// others; the platform and operators see all; everyone else the active ones.
    async fn products(
        &self,
        ctx: &Context<'_>,
        supplier_id: Option<ID>,
        status: Option<ProductStatus>,
        category: Option<Category>,
        args: PageArgs,
    ) -> async_graphql::Result<Conn<Product>> {
        actor(ctx)?;
        let filter = ProductFilter {
            supplier_id: ids::parse_opt::<ids::Supplier>("supplierId", supplier_id.as_ref())?,
            status: status.map(Into::into),
            category: category.map(Into::into),
        };
        let (list, count) = (products::product::list, products::product::count);
        connect_scoped(ctx, args, &filter, list, count, Product::from).await
    }

    /// 产品: null when it does not exist or the caller may not see it.
    async fn product(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Option<Product>> {
        by_id::<ids::Product, _, _>(ctx, &id, products::product::get, Product::from).await
    }

    /// 认定申请: applications, newest first, optionally in one state or of one product. A
    /// supplier sees its own; the platform (the reviewer) and operators all.
    async fn certifications(
        &self,
        ctx: &Context<'_>,
        #[graphql(name = "state")] state_is: Option<CertificationState>,
        product_id: Option<ID>,
    ) -> async_graphql::Result<Vec<Certification>> {
        let (db, actor) = (&state(ctx)?.db, actor(ctx)?);
        let product = ids::parse_opt::<ids::Product>("productId", product_id.as_ref())?;
        let rows =
            products::certification::list_for(db, actor, state_is.map(Into::into), product).await?;
        Ok(rows.into_iter().map(Certification).collect())
    }

    /// 认定申请: null when it does not exist or the caller may not see it.
    async fn certification(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<Option<Certification>> {
        by_id::<ids::Certification, _, _>(ctx, &id, products::certification::get, Certification)
            .await
    }

    /// 店铺: the stores the caller may see (its enterprise's; operators the hosted ones; a
    /// resident those serving its project), optionally of one enterprise.
    async fn stores(
        &self,
        ctx: &Context<'_>,
        enterprise_id: Option<ID>,
    ) -> async_graphql::Result<Vec<Store>> {
        let (db, actor) = (&state(ctx)?.db, actor(ctx)?);
        let enterprise = ids::parse_opt::<ids::Enterprise>("enterpriseId", enterprise_id.as_ref())?;
        let rows = products::store::list(db, actor, enterprise).await?;
        Ok(rows.into_iter().map(Store).collect())
    }

    /// 店铺: null when it does not exist or the caller may not see it.
    async fn store(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Option<Store>> {
        by_id::<ids::Store, _, _>(ctx, &id, products::store::get, Store).await
    }
}
