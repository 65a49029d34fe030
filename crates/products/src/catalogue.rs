//! The 带一斤回家 catalogue a resident sees: the listings of the stores serving its project that
//! are on the shelf, whose product is ACTIVE and certified *today* — so a lapsed certification
//! hides its listings without anyone editing them.
//!
//! The catalogue is a selection from the project's [`Shelf`], in memory: filters, sorts and the
//! total are computed over the shelf's items, so a page costs no statement once the shelf is
//! read, whatever its size and whatever the filter.

use chrono::NaiveDate;
use kernel::{DomainError, DomainResult, Fen, Message};

use crate::entity::product::Category;
use crate::entity::store::StoreKind;
use crate::shelf::{Item, Shelf};

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
    pub min_price_fen: Option<Fen>,
    pub max_price_fen: Option<Fen>,
    /// Words in the product name, matched without regard to case.
    pub text: Option<String>,
    pub custom_only: bool,
}

/// The most characters a text search may have.
pub const MAX_TEXT: usize = 50;

/// Refuses a filter the catalogue cannot answer (a search longer than [`MAX_TEXT`]).
pub fn check(filter: &Filter) -> DomainResult<()> {
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
    Ok(())
}

/// The catalogue of a shelf on `today`: the positions on the shelf of the items sellable that
/// day that pass `filter`, in `sort` order. Who may read the shelf is the caller's business.
pub fn select(shelf: &Shelf, filter: &Filter, sort: Sort, today: NaiveDate) -> Vec<usize> {
    let kinds: &[StoreKind] = if filter.store_kinds.is_empty() {
        &[StoreKind::Zone, StoreKind::Hosted]
    } else {
        &filter.store_kinds
    };
    let origin = filter.origin.as_deref().map(region_prefix);
    let text = filter
        .text
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase);
    let mut found: Vec<(usize, &Item)> = shelf
        .items
        .iter()
        .enumerate()
        .filter(|(_, i)| kinds.contains(&i.store_kind))
        .filter(|(_, i)| filter.category.is_none_or(|c| i.product.category == c))
        .filter(|(_, i)| {
            origin
                .as_deref()
                .is_none_or(|p| i.product.origin_county_code.starts_with(p))
        })
        .filter(|(_, i)| filter.min_price_fen.is_none_or(|min| i.price_fen() >= min))
        .filter(|(_, i)| filter.max_price_fen.is_none_or(|max| i.price_fen() <= max))
        .filter(|(_, i)| text.as_deref().is_none_or(|t| i.folded_name.contains(t)))
        .filter(|(_, i)| !filter.custom_only || i.product.custom_for_enterprise_id.is_some())
        .filter(|(_, i)| i.badge_on(today).is_some())
        .collect();
    match sort {
        Sort::Featured => found.sort_by(|(_, a), (_, b)| {
            (b.listing.featured, a.listing.sort_order, a.listing.id).cmp(&(
                a.listing.featured,
                b.listing.sort_order,
                b.listing.id,
            ))
        }),
        Sort::PriceAscending => found.sort_by_key(|(_, i)| (i.price_fen(), i.listing.id)),
        Sort::PriceDescending => found.sort_by(|(_, a), (_, b)| {
            (b.price_fen(), a.listing.id).cmp(&(a.price_fen(), b.listing.id))
        }),
        Sort::Newest => found.sort_by_key(|(_, i)| std::cmp::Reverse(i.listing.id)),
    }
    found.into_iter().map(|(index, _)| index).collect()
}

/// A region code as a prefix of the codes within it: 510000 → "51", 510700 → "5107".
fn region_prefix(code: &str) -> String {
    let mut prefix = code.trim();
    while prefix.len() > 2 && prefix.ends_with("00") {
        prefix = &prefix[..prefix.len() - 2];
    }
    prefix.to_owned()
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
}
