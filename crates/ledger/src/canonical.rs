//! The canonical content of an entry and the chain hash over it.
//!
//! The content is a JSON array of every column in a fixed order (version tag first), with
//! timestamps as RFC 3339 UTC to the microsecond and amounts as integers: unambiguous, and the
//! same whichever database the entry was read back from. Each seal's hash is
//! `SHA-256(prev_hash "\n" seq "\n" content)` in lower-case hex, so it binds the entry, its
//! place in the sequence and everything sealed before it.

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::entity::entry;

/// The hash before the first seal.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

fn time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

fn opt<T: ToString>(v: &Option<T>) -> Value {
    v.as_ref()
        .map_or(Value::Null, |v| Value::String(v.to_string()))
}

/// The entry's canonical content.
pub fn content(e: &entry::Model) -> String {
    json!([
        "yijin-ledger-v1",
        e.id.to_string(),
        e.kind.as_str(),
        opt(&e.reverses_id),
        e.source.as_str(),
        e.source_ref,
        opt(&e.campaign_id),
        opt(&e.phase_id),
        e.counted_on.format("%Y-%m-%d").to_string(),
        time(e.occurred_at),
        time(e.recorded_at),
        e.recorded_by,
        e.quantity,
        e.grams.0,
        e.fen.0,
        e.product_id.to_string(),
        e.supplier_id.to_string(),
        e.county_code,
        e.province_code,
        e.certified,
        opt(&e.enterprise_id),
        opt(&e.project_id),
        opt(&e.city_code),
        opt(&e.association_id),
        opt(&e.household_id),
        opt(&e.team_id),
        e.channel.as_str(),
    ])
    .to_string()
}

/// The hash of the seal numbered `seq` over `entry`, chained to `prev_hash`.
pub fn chain_hash(prev_hash: &str, seq: i64, entry: &entry::Model) -> String {
    let mut hasher = Sha256::new();
    hasher.update(prev_hash.as_bytes());
    hasher.update(b"\n");
    hasher.update(seq.to_string().as_bytes());
    hasher.update(b"\n");
    hasher.update(content(entry).as_bytes());
    hex::encode(hasher.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{Channel, EntryKind, Source};
    use chrono::NaiveDate;
    use kernel::{Fen, Grams};
    use uuid::Uuid;

    fn sample() -> entry::Model {
        let at = DateTime::parse_from_rfc3339("2019-06-03T10:00:00.123456+08:00")
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default();
        entry::Model {
            id: Uuid::from_u128(1),
            kind: EntryKind::Sale,
            reverses_id: None,
            source: Source::OrderLine,
            source_ref: "line-1".into(),
            campaign_id: Some(Uuid::from_u128(2)),
            phase_id: None,
            counted_on: NaiveDate::from_ymd_opt(2019, 6, 3).unwrap_or_default(),
            occurred_at: at,
            recorded_at: at,
            recorded_by: "app".into(),
            quantity: 2,
            grams: Grams(1000),
            fen: Fen(5980),
            product_id: Uuid::from_u128(3),
            supplier_id: Uuid::from_u128(4),
            county_code: "510727".into(),
            province_code: "510000".into(),
            certified: true,
            enterprise_id: Some(Uuid::from_u128(5)),
            project_id: None,
            city_code: Some("340100".into()),
            association_id: None,
            household_id: None,
            team_id: None,
            channel: Channel::Zone,
        }
    }

    #[test]
    fn content_is_stable_and_names_every_fact() {
        let text = content(&sample());
        assert!(text.starts_with("[\"yijin-ledger-v1\",\"00000000-0000-0000-0000-000000000001\",\"SALE\",null,\"ORDER_LINE\""));
        assert!(text.contains("\"2019-06-03T02:00:00.123456Z\""));
        assert!(text.contains(",2,1000,5980,"));
    }

    #[test]
    fn any_change_to_an_entry_or_its_place_changes_the_hash() {
        let e = sample();
        let h = chain_hash(GENESIS, 1, &e);
        assert_eq!(h.len(), 64);
        assert_eq!(h, chain_hash(GENESIS, 1, &e));
        assert_ne!(h, chain_hash(GENESIS, 2, &e));
        assert_ne!(h, chain_hash(&h, 1, &e));
        let mut changed = e.clone();
        changed.fen = Fen(5981);
        assert_ne!(h, chain_hash(GENESIS, 1, &changed));
        let mut recounted = e;
        recounted.certified = false;
        assert_ne!(h, chain_hash(GENESIS, 1, &recounted));
    }
}
