//! The generated sales: ledger entries over the campaign's phases, sealed as they are written
//! (numbered, hash-chained onto the chain head in the same order the sealer would chain them),
//! in transactions of [`ROWS_PER_TXN`] entries (COPY on PostgreSQL, see [`super::copy`]). No
//! queue rows: the entries are sealed already.

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use kernel::{Fen, Grams};
use ledger::canonical::chain_hash;
use ledger::entity::{chain_head, entry, seal};
use ledger::sealer::batch::HEAD;
use ledger::{Channel, EntryKind, Source};
use rand::Rng;
use rand::rngs::StdRng;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

use super::skew::{Weighted, zipf};
use super::world::{HEFEI, World, id_at};
use super::{Options, Progress, Scenario};

pub const ROWS_PER_TXN: usize = 20_000;

/// 合肥's published total: about 46万斤, in grams.
pub const HEFEI_GRAMS: i64 = 460_000 * 500;

const CHANNELS: [(Channel, f64); 6] = [
    (Channel::Zone, 40.0),
    (Channel::Counter, 25.0),
    (Channel::GroupBuy, 15.0),
    (Channel::EnterpriseProcurement, 10.0),
    (Channel::Hosted, 5.0),
    (Channel::Fair, 5.0),
];

/// What was written.
#[derive(Debug, Clone, Copy, Default)]
pub struct Written {
    pub entries: u64,
    pub hefei_grams: i64,
}

/// Draws the city of every entry first, so the 合肥 scenario knows how many entries 合肥 has
/// and can size them to its published total.
fn cities(world: &World, n: u64, rng: &mut StdRng) -> Vec<u8> {
    let weights = Weighted::new(&world.city_weights);
    let mut out: Vec<u8> = (0..n)
        .map(|_| u8::try_from(weights.draw(rng)).unwrap_or(u8::MAX))
        .collect();
    // Every city sells at least once (all 57 are ranked).
    for (i, c) in out.iter_mut().take(world.cities.len()).enumerate() {
        *c = u8::try_from(i).unwrap_or(u8::MAX);
    }
    out
}

pub async fn write(
    db: &DatabaseConnection,
    options: &Options,
    world: &World,
    rng: &mut StdRng,
    (first_day, last_day): (NaiveDate, NaiveDate),
    progress: &mut impl Progress,
) -> anyhow::Result<Written> {
    let phases = campaigns::calendar::phases(db, campaigns::COMMUNITY_POWER_CAMPAIGN_ID).await?;
    let head = chain_head::Entity::find_by_id(HEAD)
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the ledger's chain head is missing: migrate first"))?;
    anyhow::ensure!(
        head.seq == 0,
        "the ledger already has sealed entries: generate needs a fresh database"
    );
    let city_of = cities(world, options.entries, rng);
    let hefei = world.cities.iter().position(|c| c.code == HEFEI);
    let hefei_entries = hefei.map_or(0, |h| {
        city_of.iter().filter(|c| usize::from(**c) == h).count()
    });
    // Grams an entry aims at: the 合肥 scenario sizes 合肥's entries to its published total
    // and everyone else's alike; otherwise 1 to 3 units of the product.
    let aim = match options.scenario {
        Scenario::Hefei if hefei_entries > 0 => Some(HEFEI_GRAMS as f64 / hefei_entries as f64),
        _ => None,
    };
    let enterprise_pick: Vec<Weighted> = world
        .cities
        .iter()
        .map(|c| Weighted::new(&zipf(c.enterprises.len(), 1.0)))
        .collect();
    let project_pick: Vec<Weighted> = world
        .enterprises
        .iter()
        .map(|e| Weighted::new(&zipf(e.projects.len(), 0.8)))
        .collect();
    let product_pick = Weighted::new(&zipf(world.products.len(), 1.0));
    let channel_pick = Weighted::new(&CHANNELS.map(|(_, w)| w));
    let days = (last_day - first_day).num_days().max(0) + 1;

    let mut seq = head.seq;
    let mut hash = head.hash.clone();
    let mut written = Written::default();
    let mut hefei_aimed = 0.0f64;
    // Each 合肥 enterprise sells at least once: the first entries of 合肥 go round its list.
    let mut hefei_seen = 0usize;
    let sealed_at = Utc::now();
    let mut k = 0u64;
    // The chunk being written while the next one is drawn and hashed: COPY and the Rust work
    // overlap (two cores), and chunks still commit one after the other, in order.
    let mut writing: Option<tokio::task::JoinHandle<anyhow::Result<()>>> = None;
    while k < options.entries {
        let n = (options.entries - k).min(ROWS_PER_TXN as u64);
        let mut entries = Vec::with_capacity(n as usize);
        let mut seals = Vec::with_capacity(n as usize);
        for i in k..k + n {
            let c = usize::from(city_of[i as usize]);
            let city = &world.cities[c];
            let in_hefei = Some(c) == hefei;
            let e = if in_hefei && hefei_seen < city.enterprises.len() {
                hefei_seen += 1;
                city.enterprises[hefei_seen - 1]
            } else {
                city.enterprises[enterprise_pick[c].draw(rng)]
            };
            let enterprise = &world.enterprises[e];
            let project = &world.projects[enterprise.projects[project_pick[e].draw(rng)]];
            let product = &world.products[product_pick.draw(rng)];
            let channel = CHANNELS[channel_pick.draw(rng)].0;
            let household = (channel != Channel::EnterpriseProcurement
                && project.household_count > 0)
                .then(|| {
                    &world.households
                        [project.first_household + rng.random_range(0..project.household_count)]
                });
            let day = first_day + Duration::days(rng.random_range(0..days));
            // Before 16:00 UTC, so the day in Asia/Shanghai is `day`.
            let at = Utc.from_utc_datetime(&day.and_hms_opt(0, 0, 0).unwrap_or_default())
                + Duration::seconds(rng.random_range(0..57_600));
            let quantity = match aim {
                Some(aim) if in_hefei => {
                    // Error diffusion: 合肥's running total tracks its aim to within a unit.
                    hefei_aimed += aim;
                    let q =
                        ((hefei_aimed - written.hefei_grams as f64) / product.grams as f64).round();
                    (q as i64).max(1)
                }
                Some(aim) => ((aim * rng.random_range(0.5..1.5)) / product.grams as f64)
                    .round()
                    .max(1.0) as i64,
                None => rng.random_range(1..=3),
            };
            let grams = quantity * product.grams;
            if in_hefei {
                written.hefei_grams += grams;
            }
            let model = entry::Model {
                id: id_at(rng, at),
                kind: EntryKind::Sale,
                reverses_id: None,
                source: Source::OrderLine,
                source_ref: format!("generated-{i}"),
                campaign_id: Some(campaigns::COMMUNITY_POWER_CAMPAIGN_ID),
                phase_id: campaigns::calendar::attribution_phase(&phases, day).map(|p| p.id),
                counted_on: day,
                occurred_at: at,
                recorded_at: at,
                recorded_by: "generate".into(),
                quantity,
                grams: Grams(grams),
                fen: Fen(quantity * product.fen),
                product_id: product.id,
                supplier_id: product.supplier,
                county_code: product.county.clone(),
                province_code: format!("{}0000", product.county.get(..2).unwrap_or("00")),
                certified: product.certified,
                enterprise_id: Some(enterprise.id),
                project_id: Some(project.id),
                city_code: Some(city.code.clone()),
                association_id: Some(city.association),
                household_id: household.map(|h| h.id),
                team_id: household.and_then(|h| h.team),
                channel,
            };
            seq += 1;
            let next = chain_hash(&hash, seq, &model);
            seals.push(seal::Model {
                seq,
                entry_id: model.id,
                prev_hash: std::mem::replace(&mut hash, next.clone()),
                hash: next,
                sealed_at,
            });
            entries.push(model);
        }
        if let Some(previous) = writing.take() {
            previous.await??;
        }
        let conn = db.clone();
        writing = Some(tokio::spawn(async move {
            super::copy::write(&conn, entries, seals).await
        }));
        k += n;
        written.entries = k;
        progress.stage("entries", k, options.entries);
    }
    if let Some(last) = writing.take() {
        last.await??;
    }
    let txn = kernel::db::begin_write(db).await?;
    let advanced = chain_head::Entity::update_many()
        .set(chain_head::ActiveModel {
            seq: Set(seq),
            hash: Set(hash),
            sealed_at: Set(Some(sealed_at)),
            ..Default::default()
        })
        .filter(chain_head::Column::Id.eq(HEAD))
        .filter(chain_head::Column::Seq.eq(head.seq))
        .exec(&txn)
        .await?;
    anyhow::ensure!(
        advanced.rows_affected == 1,
        "the chain head moved while generating"
    );
    txn.commit().await?;
    Ok(written)
}
