//! Stores (专区 / 专馆 / 专柜), their listings, and the 带一斤回家 catalogue a resident's APP
//! shows: the listings of the stores serving a project that are on the shelf and whose product
//! is active and certified today.

use async_graphql::connection::{Connection, Edge};
use async_graphql::{Context, Enum, ID, InputObject, Object};
use chrono::{DateTime, Utc};
use kernel::page::OffsetCursor;
use kernel::{DomainError, Problem};
use products::catalogue::{self, Filter};
use products::entity::{listing, store};

use super::types::{Category, Product, ProductRow};
use crate::error::to_graphql;
use crate::schema::connection::{Conn, TotalCount, cost};
use crate::schema::ids;
use crate::schema::loaders::{EnterpriseKey, ProductKey, ProjectKey, StoreKey, StoreProjectsKey};
use crate::schema::participants::types::{Enterprise, Project};
use crate::schema::scalars::Fen;
use crate::schema::{actor, load_one, loader, state, visible};

/// 店铺类型: the 三专 channels.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "products::entity::store::StoreKind")]
pub enum StoreKind {
    /// 专区: a zone in the company's own APP or mini-store.
    Zone,
    /// 专馆 / 托管: a store the alliance's e-commerce team runs for a company without an app.
    Hosted,
    /// 专柜: a counter in a community.
    Counter,
}

/// 店铺: a zone, hosted store or counter of an enterprise, serving some of its projects.
pub struct Store(pub store::Model);

#[Object]
impl Store {
    /// 全局 ID
    pub async fn id(&self) -> ID {
        ids::gid::<ids::Store>(self.0.id)
    }
    /// 店铺名称
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// 类型
    async fn kind(&self) -> StoreKind {
        self.0.kind.into()
    }
    /// 所属企业
    async fn enterprise(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Enterprise>> {
        Ok(load_one(ctx, EnterpriseKey(self.0.enterprise_id))
            .await?
            .map(Enterprise))
    }
    /// 服务项目: the projects (communities) the store serves. Shown to those who manage the
    /// store; null for residents and APPs, who see only their own project.
    async fn projects(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Vec<Project>>> {
        if !products::access::manages_store(actor(ctx)?, self.0.kind, self.0.enterprise_id) {
            return Ok(None);
        }
        let ids = load_one(ctx, StoreProjectsKey(self.0.id))
            .await?
            .unwrap_or_default();
        let found = loader(ctx)?
            .load_many(ids.iter().copied().map(ProjectKey))
            .await
            .map_err(|e| crate::error::internal(ctx, &e))?;
        Ok(Some(
            ids.into_iter()
                .filter_map(|id| found.get(&ProjectKey(id)).cloned().map(Project))
                .collect(),
        ))
    }
    /// 上架商品: every listing for those who manage the store; for others those sellable
    /// today (on the shelf, the product active and certified today), as in the catalogue.
    async fn listings(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Listing>> {
        let s = state(ctx)?;
        let rows =
            products::listing::of_store(&s.db, actor(ctx)?, self.0.id, s.clock.today()).await?;
        Ok(rows.into_iter().map(Listing::from).collect())
    }
    /// 创建时间
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// 上架: a product in a store, with the store's price, order and shelf state.
pub struct Listing(
    pub listing::Model,
    /// The product when whatever found the listing read it too (the catalogue's shelf).
    pub Option<ProductRow>,
);

impl From<listing::Model> for Listing {
    fn from(row: listing::Model) -> Self {
        Listing(row, None)
    }
}

impl Listing {
    async fn product_row(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<ProductRow>> {
        match &self.1 {
            Some(product) => Ok(Some(product.clone())),
            None => Ok(load_one(ctx, ProductKey(self.0.product_id))
                .await?
                .map(ProductRow::Row)),
        }
    }

    /// The selling price, when the product is found.
    async fn price_fen(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<(kernel::Fen, kernel::Grams)>> {
        Ok(self.product_row(ctx).await?.map(|p| {
            let p = p.model();
            (products::listing::price_fen(&self.0, p), p.net_weight_grams)
        }))
    }
}

#[Object]
impl Listing {
    /// 全局 ID
    pub async fn id(&self) -> ID {
        ids::gid::<ids::Listing>(self.0.id)
    }
    /// 店铺
    async fn store(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Store>> {
        Ok(load_one(ctx, StoreKey(self.0.store_id)).await?.map(Store))
    }
    /// 产品, with supplier, origin county and certification badge.
    async fn product(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Product>> {
        Ok(self.product_row(ctx).await?.map(Product))
    }
    /// 售价 (fen): the store's price, or the product's when the store sets none.
    async fn price(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Fen>> {
        Ok(self.price_fen(ctx).await?.map(|(fen, _)| fen.into()))
    }
    /// 售价 (yuan, decimal string)
    async fn price_yuan(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        Ok(self.price_fen(ctx).await?.map(|(fen, _)| fen.yuan()))
    }
    /// 每斤价格 at the selling price (yuan per jin, decimal string).
    async fn price_per_jin(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        Ok(self
            .price_fen(ctx)
            .await?
            .and_then(|(fen, grams)| products::product::price_per_jin(fen, grams)))
    }
    /// 店铺价 (fen): null when the product's own price applies.
    async fn store_price(&self) -> Option<Fen> {
        self.0.store_price_fen.map(Into::into)
    }
    /// 排序 (ascending)
    async fn sort_order(&self) -> i32 {
        self.0.sort_order
    }
    /// 推荐
    async fn featured(&self) -> bool {
        self.0.featured
    }
    /// 在架
    async fn on_shelf(&self) -> bool {
        self.0.on_shelf
    }
    /// 更新时间
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

/// 专区排序
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Default)]
#[graphql(remote = "products::catalogue::Sort")]
pub enum CatalogueSort {
    /// 推荐优先: featured first, then the store's order.
    #[default]
    Featured,
    /// 价格从低到高
    PriceAscending,
    /// 价格从高到低
    PriceDescending,
    /// 最新上架
    Newest,
}

/// 专区筛选
#[derive(InputObject, Default)]
pub struct CatalogueFilter {
    /// 店铺类型: by default the online ones (ZONE and HOSTED); add COUNTER for a community
    /// counter's shelf.
    #[graphql(default)]
    pub store_kinds: Vec<StoreKind>,
    /// 类目
    pub category: Option<Category>,
    /// 产地: a province, city or county code; products from within it.
    pub origin: Option<crate::schema::regions::RegionCode>,
    /// 最低价 (fen, inclusive, at the selling price)
    pub min_price: Option<Fen>,
    /// 最高价 (fen, inclusive)
    pub max_price: Option<Fen>,
    /// 搜索: words in the product name (at most 50 characters).
    pub text: Option<String>,
    /// 只看定制产品 (xx物业优选)
    #[graphql(default)]
    pub custom_only: bool,
}

impl From<CatalogueFilter> for Filter {
    fn from(f: CatalogueFilter) -> Self {
        Filter {
            store_kinds: f.store_kinds.into_iter().map(Into::into).collect(),
            category: f.category.map(Into::into),
            origin: f.origin.map(|c| c.0),
            min_price_fen: f.min_price.map(Into::into),
            max_price_fen: f.max_price.map(Into::into),
            text: f.text,
            custom_only: f.custom_only,
        }
    }
}

#[derive(Default)]
pub struct CatalogueQuery;

#[Object]
impl CatalogueQuery {
    /// 带一斤回家专区: the catalogue of a project (community) — listings on the shelf in the
    /// stores serving it, whose product is active and certified today. A resident's token may
    /// leave `projectId` out (its own project); an APP or admin names one of its enterprise's
    /// projects. Pages forward only (`first`, `after`). Served from the project's shelf held in
    /// memory: a page costs at most one SQL statement once the shelf is read, whatever its size
    /// and filter, and shows every committed change on the next request. Null when the project
    /// does not exist or the caller may not read it.
    #[graphql(complexity = "cost(first, None, child_complexity)")]
    async fn catalogue(
        &self,
        ctx: &Context<'_>,
        project_id: Option<ID>,
        filter: Option<CatalogueFilter>,
        #[graphql(desc = "Default FEATURED.")] sort: Option<CatalogueSort>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Option<Conn<Listing>>> {
        let s = state(ctx)?;
        let named = ids::parse_opt::<ids::Project>("projectId", project_id.as_ref())
            .map_err(|e| to_graphql(ctx, e))?;
        let (offset, limit) = page_window(first, after.as_deref())
            .map_err(|p| to_graphql(ctx, DomainError::Invalid(vec![p])))?;
        let filter: Filter = filter.unwrap_or_default().into();
        catalogue::check(&filter)?;
        let Some(project) = readable_project(ctx, named).await? else {
            return Ok(None);
        };
        let shelf = s.shelves.shelf(&s.db, project).await?;
        let today = s.clock.today();
        let selected = catalogue::select(&shelf, &filter, sort.unwrap_or_default().into(), today);
        let total = u64::try_from(selected.len()).unwrap_or(u64::MAX);
        let start = usize::try_from(offset).unwrap_or(usize::MAX);
        let size = usize::try_from(limit).unwrap_or(usize::MAX);
        let more = selected.len() > start.saturating_add(size);
        let mut conn = Connection::with_additional_fields(offset > 0, more, TotalCount(total));
        // The page's size is known: one allocation, not a doubling vector of large edges.
        conn.edges
            .reserve_exact(selected.len().saturating_sub(start).min(size));
        conn.edges.extend(
            selected
                .iter()
                .skip(start)
                .take(size)
                .zip(offset + 1..)
                .filter_map(|(&index, next)| {
                    let product = ProductRow::shelved(&shelf, index)?;
                    let listing = shelf.items.get(index)?.listing.clone();
                    Some(Edge::new(
                        OffsetCursor(next).encode(),
                        Listing(listing, Some(product)),
                    ))
                }),
        );
        Ok(Some(conn))
    }
}

/// The project whose catalogue is asked for, if the caller may read it: the named one, or a
/// resident's own; `None` when it does not exist or the caller may not read it. Decided in
/// memory for every role but association-scoped ones.
async fn readable_project(
    ctx: &Context<'_>,
    named: Option<uuid::Uuid>,
) -> async_graphql::Result<Option<uuid::Uuid>> {
    let (s, actor) = (state(ctx)?, actor(ctx)?);
    let own = match actor.household {
        Some(household) if actor.role == kernel::Role::Household => {
            s.shelves.household_project(&s.db, household).await?
        }
        _ => None,
    };
    let Some(project) = named.or(own) else {
        return Err(to_graphql(
            ctx,
            DomainError::invalid(
                &["projectId"],
                kernel::error::codes::BLANK,
                kernel::Message::new("请指定项目", "name the project"),
            ),
        ));
    };
    let Some(enterprise) = visible(s.shelves.project_enterprise(&s.db, project).await)? else {
        return Ok(None);
    };
    match participants::access::reads_project(actor, project, enterprise, own) {
        Some(true) => Ok(Some(project)),
        Some(false) => Ok(None),
        None => Ok(visible(participants::project::get(&s.db, actor, project).await)?.map(|p| p.id)),
    }
}

/// The offset and size of a forward page: `after` is the position of the last item seen.
fn page_window(first: Option<i32>, after: Option<&str>) -> Result<(u64, u64), Problem> {
    let limit = match first {
        None => kernel::page::DEFAULT_PAGE_SIZE,
        Some(n) if (0..=kernel::page::MAX_PAGE_SIZE).contains(&n) => n,
        Some(_) => {
            return Err(Problem::new(
                &["first"],
                kernel::error::codes::OUT_OF_RANGE,
                kernel::Message::new(
                    format!("每页数量必须在 0 到 {} 之间", kernel::page::MAX_PAGE_SIZE),
                    format!(
                        "page size must be between 0 and {}",
                        kernel::page::MAX_PAGE_SIZE
                    ),
                ),
            ));
        }
    };
    // A cursor this API issued is never past the end of a real catalogue; a forged one far out
    // is refused rather than handed to the database as a huge OFFSET.
    const MAX_OFFSET: u64 = 1_000_000;
    let offset = match after {
        Some(cursor) => {
            OffsetCursor::decode("after", cursor)
                .ok()
                .filter(|c| c.0 <= MAX_OFFSET)
                .ok_or_else(|| {
                    Problem::new(
                        &["after"],
                        kernel::error::codes::INVALID,
                        kernel::Message::new("无效的分页游标", "not a cursor this API issued"),
                    )
                })?
                .0
        }
        None => 0,
    };
    Ok((offset, u64::try_from(limit).unwrap_or(0)))
}
