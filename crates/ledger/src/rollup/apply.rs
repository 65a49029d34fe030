//! Adding a sealed batch to the rollups, inside the sealer's transaction.
//!
//! The batch's deltas are summed in memory per rollup row and applied with one upsert per chunk
//! (`INSERT … ON CONFLICT DO UPDATE SET grams = grams + excluded.grams …`), so each row is
//! written once per batch however many entries hit it. Distinct households go through the
//! seen-set: (rollup row, household) pairs are inserted with `ON CONFLICT DO NOTHING RETURNING`,
//! and only the pairs actually inserted are added to `households`: a household seen in an
//! earlier batch, or twice in this one, is never counted again. The upsert returns each row's
//! `entries`; a row holding no more entries than this batch added was inserted by it, and is
//! added to its ranking's count ([`super::count`]). Scoped rows carry their scope's key in
//! `scope_key`, which the ranking indexes order by.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use kernel::{DomainResult, Fen, Grams};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, InsertStatement, OnConflict, Query};
use sea_orm::{ConnectionTrait, DatabaseTransaction, DbErr, QueryResult, Value};
use uuid::Uuid;

use super::keys::{Dimension, Period, RollupKey, keys_of};
use crate::entity::{entry, household_seen, rollup};
use crate::types::EntryKind;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Delta {
    grams: Grams,
    fen: Fen,
    entries: i64,
    certified_grams: Grams,
    certified_fen: Fen,
}

const UPSERT_ROWS: usize = 500;
const SEEN_ROWS: usize = 1000;

/// Adds `entries` (one sealed batch) to the rollups.
pub async fn apply(txn: &DatabaseTransaction, entries: &[entry::Model]) -> DomainResult<()> {
    let mut deltas: BTreeMap<RollupKey, Delta> = BTreeMap::new();
    let mut buyers: BTreeMap<RollupKey, BTreeSet<Uuid>> = BTreeMap::new();
    for e in entries {
        for key in keys_of(e) {
            let d = deltas.entry(key.clone()).or_default();
            d.grams += e.grams;
            d.fen += e.fen;
            d.entries += 1;
            if e.certified {
                d.certified_grams += e.grams;
                d.certified_fen += e.fen;
            }
            if let (EntryKind::Sale, Some(h)) = (e.kind, e.household_id) {
                buyers.entry(key).or_default().insert(h);
            }
        }
    }
    let rows: Vec<(RollupKey, Delta)> = deltas.into_iter().collect();
    let mut ids: HashMap<RollupKey, i64> = HashMap::new();
    let mut inserted: Vec<RollupKey> = Vec::new();
    for chunk in rows.chunks(UPSERT_ROWS) {
        let added: HashMap<&RollupKey, i64> = chunk.iter().map(|(k, d)| (k, d.entries)).collect();
        for row in txn.query_all(&upsert(chunk)).await? {
            let (key, id, entries) = returned_key(&row)?;
            // A row holds every entry summed into it, so it was inserted by this statement
            // exactly when it holds no more than this batch's entries.
            if added.get(&key) == Some(&entries) {
                inserted.push(key.clone());
            }
            ids.insert(key, id);
        }
    }
    super::count::add(txn, &inserted).await?;
    let mut pairs = Vec::new();
    for (key, households) in &buyers {
        let id = ids
            .get(key)
            .copied()
            .ok_or_else(|| DbErr::Custom(format!("rollup row {key:?} was not returned")))?;
        pairs.extend(households.iter().map(|h| (id, *h)));
    }
    let mut new_households: BTreeMap<i64, i64> = BTreeMap::new();
    for chunk in pairs.chunks(SEEN_ROWS) {
        for row in txn.query_all(&insert_seen(chunk)).await? {
            let id: i64 = row.try_get("", "rollup_id")?;
            *new_households.entry(id).or_default() += 1;
        }
    }
    // Rows that gained the same number of households share one UPDATE.
    let mut by_count: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    for (id, n) in new_households {
        by_count.entry(n).or_default().push(id);
    }
    for (n, ids) in by_count {
        for chunk in ids.chunks(SEEN_ROWS) {
            let update = Query::update()
                .table(rollup::Entity)
                .value(
                    rollup::Column::Households,
                    Expr::col(rollup::Column::Households).add(n),
                )
                .and_where(Expr::col(rollup::Column::Id).is_in(chunk.iter().copied()))
                .to_owned();
            txn.execute(&update).await?;
        }
    }
    super::first_sale::apply(txn, entries).await
}

fn upsert(rows: &[(RollupKey, Delta)]) -> InsertStatement {
    use rollup::Column as C;
    let mut insert = Query::insert();
    insert.into_table(rollup::Entity).columns([
        C::CampaignId,
        C::Dimension,
        C::DimKey,
        C::Period,
        C::PeriodKey,
        C::Grams,
        C::Fen,
        C::Entries,
        C::CertifiedGrams,
        C::CertifiedFen,
        C::Households,
        C::ScopeKey,
    ]);
    for (key, d) in rows {
        insert.values_panic([
            Value::from(key.campaign_id).into(),
            key.dimension.as_str().into(),
            key.dim_key.clone().into(),
            key.period.as_str().into(),
            key.period_key.clone().into(),
            d.grams.into(),
            d.fen.into(),
            d.entries.into(),
            d.certified_grams.into(),
            d.certified_fen.into(),
            0i64.into(),
            key.scope_key().map(str::to_owned).into(),
        ]);
    }
    let excluded = Alias::new("excluded");
    let mut on_conflict = OnConflict::columns([
        C::CampaignId,
        C::Dimension,
        C::Period,
        C::PeriodKey,
        C::DimKey,
    ]);
    for col in [
        C::Grams,
        C::Fen,
        C::Entries,
        C::CertifiedGrams,
        C::CertifiedFen,
    ] {
        on_conflict.value(
            col,
            Expr::col((rollup::Entity, col)).add(Expr::col((excluded.clone(), col))),
        );
    }
    insert
        .on_conflict(on_conflict.to_owned())
        .returning(Query::returning().columns([
            C::Id,
            C::CampaignId,
            C::Dimension,
            C::DimKey,
            C::Period,
            C::PeriodKey,
            C::Entries,
        ]))
        .to_owned()
}

/// The row's key, id and entries summed (after this upsert).
fn returned_key(row: &QueryResult) -> Result<(RollupKey, i64, i64), DbErr> {
    let dimension: String = row.try_get("", "dimension")?;
    let period: String = row.try_get("", "period")?;
    let bad = |what: &str| DbErr::Custom(format!("unknown rollup {what} in the database"));
    let key = RollupKey {
        campaign_id: row.try_get("", "campaign_id")?,
        dimension: Dimension::parse(&dimension).ok_or_else(|| bad("dimension"))?,
        dim_key: row.try_get("", "dim_key")?,
        period: Period::parse(&period).ok_or_else(|| bad("period"))?,
        period_key: row.try_get("", "period_key")?,
    };
    Ok((key, row.try_get("", "id")?, row.try_get("", "entries")?))
}

fn insert_seen(pairs: &[(i64, Uuid)]) -> InsertStatement {
    use household_seen::Column as C;
    let mut insert = Query::insert();
    insert
        .into_table(household_seen::Entity)
        .columns([C::RollupId, C::HouseholdId]);
    for (id, household) in pairs {
        insert.values_panic([(*id).into(), Value::from(*household).into()]);
    }
    insert
        .on_conflict(
            OnConflict::columns([C::RollupId, C::HouseholdId])
                .do_nothing()
                .to_owned(),
        )
        .returning(Query::returning().column(C::RollupId))
        .to_owned()
}
