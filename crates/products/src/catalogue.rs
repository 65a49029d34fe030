//! The 带一斤回家 catalogue a resident sees: the listings of the stores serving its project that
//! are on the shelf, whose product is ACTIVE and certified *today* — so a lapsed certification
//! hides its listings without anyone editing them.
//!
//! One statement selects a page (the certification check is an EXISTS subquery); suppliers,
//! counties and badges are batch-loaded by the caller, so a page costs the same number of
//! statements whatever its size.

use chrono::NaiveDate;
use kernel::{Actor, DomainError, DomainResult, Message};
use sea_orm::sea_query::{Expr, ExprTrait, Func, LikeExpr, Query, SimpleExpr};
use sea_orm::{
    ConnectionTrait, EntityTrait, JoinType, Order, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, RelationTrait, Select,
};
use uuid::Uuid;

use crate::entity::listing::{self, Model};
use crate::entity::product::{self, Category};
use crate::entity::store::{self, StoreKind};
use crate::entity::store_project;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Featured first, then the store's order.
    #[default]
    Featured,
    PriceAscending,
    PriceDescending,
    Newest,
}

#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Which kinds of store; by default the online ones (ZONE and HOSTED).
    pub store_kinds: Vec<StoreKind>,
    pub category: Option<Category>,
    /// A province, city or county code: products from within it.
    pub origin: Option<String>,
    pub min_price_fen: Option<i64>,
    pub max_price_fen: Option<i64>,
    /// Words in the product name.
    pub text: Option<String>,
    pub custom_only: bool,
}

/// The most characters a text search may have.
pub const MAX_TEXT: usize = 50;

/// The catalogue of a project as `actor` may see it (a resident its own project; an APP or
/// admin its enterprise's projects).
pub struct Catalogue {
    query: Select<listing::Entity>,
}

impl Catalogue {
    pub async fn of_project(
        conn: &impl ConnectionTrait,
        actor: &Actor,
        project_id: Uuid,
        filter: &Filter,
        today: NaiveDate,
    ) -> DomainResult<Self> {
        participants::project::get(conn, actor, project_id).await?;
        if filter
            .text
            .as_deref()
            .is_some_and(|t| t.chars().count() > MAX_TEXT)
        {
            return Err(DomainError::invalid(
                &["filter", "text"],
                kernel::error::codes::TOO_LONG,
                Message::new("搜索词过长", "search text too long"),
            ));
        }
        Ok(Self {
            query: base(project_id, filter, today),
        })
    }

    /// One page: `limit` listings after `offset` with their products (the page's join already
    /// reads them, so they cost no statement of their own), and whether more follow.
    pub async fn page(
        &self,
        conn: &impl ConnectionTrait,
        sort: Sort,
        offset: u64,
        limit: u64,
    ) -> DomainResult<(Vec<(Model, product::Model)>, bool)> {
        let rows = sorted(self.query.clone(), sort)
            .select_also(product::Entity)
            .offset(offset)
            .limit(limit + 1)
            .all(conn)
            .await?;
        let more = rows.len() as u64 > limit;
        let page = rows
            .into_iter()
            .take(usize::try_from(limit).unwrap_or(usize::MAX))
            .filter_map(|(listing, product)| product.map(|p| (listing, p)))
            .collect();
        Ok((page, more))
    }

    pub async fn count(&self, conn: &impl ConnectionTrait) -> DomainResult<u64> {
        Ok(self.query.clone().count(conn).await?)
    }
}

fn price() -> SimpleExpr {
    Func::coalesce([
        Expr::col((listing::Entity, listing::Column::StorePriceFen)),
        Expr::col((product::Entity, product::Column::PriceFen)),
    ])
    .into()
}

/// `%`, `_` and `\` in a search are literal characters, not wildcards.
fn like_pattern(text: &str) -> String {
    let escaped: String = text
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    format!("%{escaped}%")
}

/// A region code as a prefix of the codes within it: 510000 → "51", 510700 → "5107".
fn region_prefix(code: &str) -> String {
    let mut prefix = code.trim();
    while prefix.len() > 2 && prefix.ends_with("00") {
        prefix = &prefix[..prefix.len() - 2];
    }
    prefix.to_owned()
}

fn base(project_id: Uuid, filter: &Filter, today: NaiveDate) -> Select<listing::Entity> {
    let kinds = if filter.store_kinds.is_empty() {
        vec![StoreKind::Zone, StoreKind::Hosted]
    } else {
        filter.store_kinds.clone()
    };
    let serving = Query::select()
        .column((store_project::Entity, store_project::Column::StoreId))
        .from(store_project::Entity)
        .inner_join(
            store::Entity,
            Expr::col((store::Entity, store::Column::Id))
                .equals((store_project::Entity, store_project::Column::StoreId)),
        )
        .and_where(
            Expr::col((store_project::Entity, store_project::Column::ProjectId)).eq(project_id),
        )
        .and_where(Expr::col((store::Entity, store::Column::Kind)).is_in(kinds))
        .to_owned();
    let mut query = listing::Entity::find()
        .join(JoinType::InnerJoin, listing::Relation::Product.def())
        .filter(Expr::col((listing::Entity, listing::Column::StoreId)).in_subquery(serving))
        .filter(crate::listing::sellable_today(today));
    if let Some(category) = filter.category {
        query = query.filter(Expr::col((product::Entity, product::Column::Category)).eq(category));
    }
    if let Some(origin) = filter.origin.as_deref() {
        let pattern = format!("{}%", region_prefix(origin));
        query = query
            .filter(Expr::col((product::Entity, product::Column::OriginCountyCode)).like(pattern));
    }
    if let Some(min) = filter.min_price_fen {
        query = query.filter(price().gte(min));
    }
    if let Some(max) = filter.max_price_fen {
        query = query.filter(price().lte(max));
    }
    if let Some(text) = filter
        .text
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        let like = LikeExpr::new(like_pattern(text)).escape('\\');
        query = query.filter(Expr::col((product::Entity, product::Column::Name)).like(like));
    }
    if filter.custom_only {
        query = query.filter(
            Expr::col((product::Entity, product::Column::CustomForEnterpriseId)).is_not_null(),
        );
    }
    query
}

fn sorted(query: Select<listing::Entity>, sort: Sort) -> Select<listing::Entity> {
    let id = (listing::Entity, listing::Column::Id);
    match sort {
        Sort::Featured => query
            .order_by(
                Expr::col((listing::Entity, listing::Column::Featured)),
                Order::Desc,
            )
            .order_by(
                Expr::col((listing::Entity, listing::Column::SortOrder)),
                Order::Asc,
            )
            .order_by(Expr::col(id), Order::Asc),
        Sort::PriceAscending => query
            .order_by(price(), Order::Asc)
            .order_by(Expr::col(id), Order::Asc),
        Sort::PriceDescending => query
            .order_by(price(), Order::Desc)
            .order_by(Expr::col(id), Order::Asc),
        Sort::Newest => query.order_by(Expr::col(id), Order::Desc),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_codes_become_prefixes() {
        assert_eq!(region_prefix("510000"), "51");
        assert_eq!(region_prefix("510700"), "5107");
        assert_eq!(region_prefix("510727"), "510727");
        assert_eq!(region_prefix("110100"), "1101");
    }

    #[test]
    fn search_text_wildcards_are_literal() {
        assert_eq!(like_pattern("100%_纯"), "%100\\%\\_纯%");
    }
}
