//! The automatic checks on reported rows: flags for the reviewer, never a refusal. A flagged
//! row waits like any other; the reviewer decides.

use std::collections::{HashMap, HashSet};

use campaigns::entity::campaign;
use kernel::{DomainResult, Fen, Grams};
use products::entity::{listing, product};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::{ReportedRowInput, moment_of};
use crate::entity::reported_row;

/// 自动标记
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Flag {
    /// 销售日未在认定有效期内: the product was not certified on the day of sale.
    NotCertified,
    /// 产品未识别: neither the product id nor the certificate number names a product.
    UnknownProduct,
    /// 单价异常: the price per jin is under half or over twice the listing's.
    PriceOutlier,
    /// 不在战役期内: the day of sale lies outside every campaign.
    OutsideCampaign,
    /// 疑似重复: the same sale (day, project, product, quantity, weight, amount) was reported
    /// under another external order id.
    PossibleDuplicate,
}

impl Flag {
    pub const ALL: [Flag; 5] = [
        Flag::NotCertified,
        Flag::UnknownProduct,
        Flag::PriceOutlier,
        Flag::OutsideCampaign,
        Flag::PossibleDuplicate,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Flag::NotCertified => "NOT_CERTIFIED",
            Flag::UnknownProduct => "UNKNOWN_PRODUCT",
            Flag::PriceOutlier => "PRICE_OUTLIER",
            Flag::OutsideCampaign => "OUTSIDE_CAMPAIGN",
            Flag::PossibleDuplicate => "POSSIBLE_DUPLICATE",
        }
    }

    /// The flags stored on a row (`"A,B"`).
    pub fn parse_list(s: &str) -> Vec<Flag> {
        s.split(',')
            .filter_map(|f| Flag::ALL.into_iter().find(|x| x.as_str() == f.trim()))
            .collect()
    }

    pub fn join(flags: &[Flag]) -> String {
        flags
            .iter()
            .map(|f| f.as_str())
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// Whether a price per gram is under half or over twice the reference's (exact integers).
pub fn price_outlier(fen: Fen, grams: Grams, reference_fen: Fen, reference_grams: Grams) -> bool {
    if grams.0 <= 0 || reference_grams.0 <= 0 || reference_fen.0 <= 0 {
        return false;
    }
    // Fen per gram against fen per gram, cross-multiplied in i128: exact, no division.
    let (got, reference) = (
        i128::from(fen.0) * i128::from(reference_grams.0),
        i128::from(reference_fen.0) * i128::from(grams.0),
    );
    got * 2 < reference || got > reference * 2
}

/// The sale part of a row, hashed: what a duplicate under another order id would repeat. It is
/// stored on each row (indexed with the enterprise), so the duplicate check reads only the rows
/// that share a key with the call, however many rows the enterprise has reported.
pub fn sale_key(i: &ReportedRowInput) -> String {
    let text = format!(
        "{}|{}|{}|{}|{}|{}",
        i.sold_on,
        i.project_id,
        i.product.as_text(),
        i.quantity,
        i.grams.0,
        i.fen.0
    );
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// A row to check: its input, the product it resolved to, and its external identity.
pub struct Candidate<'a> {
    pub input: &'a ReportedRowInput,
    pub product: Option<&'a product::Model>,
}

/// The flags of each candidate (in order), with lookups batched for the whole call.
pub async fn flags(
    conn: &impl ConnectionTrait,
    enterprise_id: Uuid,
    rows: &[Candidate<'_>],
) -> DomainResult<Vec<Vec<Flag>>> {
    let product_ids: Vec<Uuid> = rows
        .iter()
        .filter_map(|r| r.product.map(|p| p.id))
        .collect();
    let listings = listing::Entity::find()
        .filter(listing::Column::EnterpriseId.eq(enterprise_id))
        .filter(listing::Column::ProductId.is_in(product_ids))
        .all(conn)
        .await?;
    let campaigns = campaign::Entity::find().all(conn).await?;
    let keys: Vec<String> = rows.iter().map(|r| sale_key(r.input)).collect();
    let earlier = reported_row::Entity::find()
        .filter(reported_row::Column::EnterpriseId.eq(enterprise_id))
        .filter(reported_row::Column::SaleKey.is_in(keys.iter().cloned().collect::<HashSet<_>>()))
        .all(conn)
        .await?;
    // Sale key → external identities already reported with it.
    let mut seen: HashMap<String, HashSet<(String, String)>> = HashMap::new();
    for r in earlier {
        seen.entry(r.sale_key)
            .or_default()
            .insert((r.external_order_id, r.external_line));
    }
    let mut out = Vec::with_capacity(rows.len());
    for (r, key) in rows.iter().zip(keys) {
        let i = r.input;
        let mut flags = Vec::new();
        match r.product {
            None => flags.push(Flag::UnknownProduct),
            Some(p) => {
                if !products::certification::certified_at(conn, p.id, moment_of(i.sold_on)).await? {
                    flags.push(Flag::NotCertified);
                }
                let reference = listings
                    .iter()
                    .find(|l| l.product_id == p.id)
                    .map_or(p.price_fen, |l| products::listing::price_fen(l, p));
                if price_outlier(i.fen, i.grams, reference, p.net_weight_grams) {
                    flags.push(Flag::PriceOutlier);
                }
            }
        }
        if !campaigns
            .iter()
            .any(|c| c.starts_on <= i.sold_on && i.sold_on <= c.ends_on)
        {
            flags.push(Flag::OutsideCampaign);
        }
        let me = (
            i.external_order_id.trim().to_owned(),
            i.external_line.trim().to_owned(),
        );
        let others = seen.entry(key).or_default();
        if others.iter().any(|o| *o != me) {
            flags.push(Flag::PossibleDuplicate);
        }
        others.insert(me);
        out.push(flags);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_per_jin_outside_half_to_double_are_outliers() {
        // Listing: 30 yuan per 500 g.
        assert!(!price_outlier(Fen(3000), Grams(500), Fen(3000), Grams(500)));
        assert!(!price_outlier(Fen(1500), Grams(500), Fen(3000), Grams(500)));
        assert!(!price_outlier(Fen(6000), Grams(500), Fen(3000), Grams(500)));
        assert!(price_outlier(Fen(1499), Grams(500), Fen(3000), Grams(500)));
        assert!(price_outlier(Fen(6001), Grams(500), Fen(3000), Grams(500)));
        assert!(
            !price_outlier(Fen(6000), Grams(1000), Fen(3000), Grams(500)),
            "same price per jin, bigger pack"
        );
    }

    #[test]
    fn flags_round_trip_through_their_stored_form() {
        let all = Flag::ALL.to_vec();
        assert_eq!(Flag::parse_list(&Flag::join(&all)), all);
        assert_eq!(Flag::parse_list(""), Vec::<Flag>::new());
    }
}
