//! `yijin generate`: a realistic campaign at a chosen size, for benchmarks, demos and the
//! scenario tests — 57 cities with their associations, enterprises, up to 10,000 communities
//! and 1,000,000 households, suppliers and products, and up to 10,000,000 sealed ledger entries
//! over the phases, with the skew the campaign's reports show (a few cities and enterprises
//! sell most: Zipf weights). A seeded generator makes a run reproducible.
//!
//! It writes into a freshly migrated database: the organisations ([`world`]), the entries with
//! their seals ([`sales`]), then every rollup with one `INSERT … SELECT … GROUP BY` per
//! dimension and period ([`ledger::rollup::rebuild`]), so rankings and scorecards read rollups
//! exactly as after the sealer. Named scenarios fix the outcome: [`Scenario::Hefei`] is the
//! seed's published phase-1 result, 合肥 first of 57 cities with 45 enterprises and about
//! 46万斤.

pub mod bulk;
pub mod copy;
pub mod sales;
pub mod skew;
pub mod world;

use std::time::Instant;

use anyhow::Context;
use chrono::{NaiveDate, TimeZone, Utc};
use ledger::rollup::rebuild::{Rebuild, rebuild};
use rand::SeedableRng;
use rand::rngs::StdRng;
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection, EntityTrait,
    PaginatorTrait,
};

/// Which campaign to build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scenario {
    /// Sales over the three phases (2019-05 → 2020-09), cities ranked by a Zipf in a seeded
    /// order.
    General,
    /// The 合肥 report (2019-09): phase-1 sales (2019-05 → 2019-08); 合肥 first of 57 cities
    /// with 45 enterprises and about 460,000 jin, a quarter of all sales.
    Hefei,
}

#[derive(Debug, Clone)]
pub struct Options {
    pub scenario: Scenario,
    pub cities: usize,
    pub enterprises: usize,
    pub communities: usize,
    pub households: usize,
    pub suppliers: usize,
    pub entries: u64,
    pub seed: u64,
    /// Also fill the rollups' seen-set (see [`Rebuild::seen`]).
    pub seen: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            scenario: Scenario::General,
            cities: 57,
            enterprises: 1_000,
            communities: 10_000,
            households: 1_000_000,
            suppliers: 300,
            entries: 1_000_000,
            seed: 2019,
            seen: false,
        }
    }
}

/// Told how far each stage got.
pub trait Progress {
    fn stage(&mut self, stage: &str, done: u64, total: u64);
}

impl<F: FnMut(&str, u64, u64)> Progress for F {
    fn stage(&mut self, stage: &str, done: u64, total: u64) {
        self(stage, done, total)
    }
}

/// What was built.
#[derive(Debug, Clone)]
pub struct Generated {
    pub cities: usize,
    pub enterprises: usize,
    pub communities: usize,
    pub households: usize,
    pub products: usize,
    pub entries: u64,
    pub rollup_rows: u64,
    /// 合肥's grams (the scenario aims at 230,000,000: 46万斤).
    pub hefei_grams: i64,
    pub seconds: f64,
}

/// Multi-row INSERTs of `per_insert` rows (keep rows × columns under SQLite's 32,766 bound
/// parameters).
pub async fn insert_chunked<A>(
    conn: &impl ConnectionTrait,
    rows: Vec<A>,
    per_insert: usize,
) -> anyhow::Result<()>
where
    A: ActiveModelTrait + Send,
{
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(per_insert.max(1)).collect();
        <A::Entity as EntityTrait>::insert_many(chunk)
            .exec_without_returning(conn)
            .await?;
    }
    Ok(())
}

/// Puts back the indexes dropped for the load, in one transaction with room to sort.
async fn restore(
    db: &DatabaseConnection,
    dropped: bulk::Dropped,
    progress: &mut impl Progress,
) -> anyhow::Result<()> {
    if dropped.is_empty() {
        return Ok(());
    }
    let txn = kernel::db::begin_write(db).await?;
    txn.execute_unprepared("SET LOCAL maintenance_work_mem = '1GB'")
        .await?;
    dropped
        .restore(&txn, |done, total| {
            progress.stage("entry indexes", done, total)
        })
        .await?;
    txn.commit().await?;
    // Statistics for the rollups' GROUP BYs, which the planner would otherwise size from a
    // table it last saw empty (autovacuum gets there, but later).
    db.execute_unprepared("ANALYZE ledger_entry, ledger_seal")
        .await?;
    Ok(())
}

fn day(y: i32, m: u32, d: u32) -> anyhow::Result<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d).context("a campaign date")
}

/// Builds the campaign into `db` (migrated, with no organisations or entries yet).
pub async fn generate(
    db: &DatabaseConnection,
    options: &Options,
    mut progress: impl Progress,
) -> anyhow::Result<Generated> {
    let started = Instant::now();
    anyhow::ensure!(
        options.cities >= 1 && options.cities <= 200,
        "--cities must be 1..=200"
    );
    let needed = match options.scenario {
        Scenario::General => options.cities,
        Scenario::Hefei => world::HEFEI_ENTERPRISES + options.cities - 1,
    };
    anyhow::ensure!(
        options.enterprises >= needed,
        "--enterprises must be at least {needed} (one per city; 45 in 合肥 for the scenario)"
    );
    anyhow::ensure!(options.suppliers >= 1, "--suppliers must be at least 1");
    anyhow::ensure!(
        participants::entity::enterprise::Entity::find()
            .count(db)
            .await?
            == 0
            && ledger::entity::entry::Entity::find().count(db).await? == 0,
        "generate needs a freshly migrated database (this one has enterprises or entries)"
    );
    let mut rng = StdRng::seed_from_u64(options.seed);
    let at = Utc
        .with_ymd_and_hms(2019, 4, 12, 2, 0, 0)
        .single()
        .context("the notice's date")?;
    let world = world::build(db, options, &mut rng, at, &mut progress).await?;
    let span = match options.scenario {
        Scenario::General => (day(2019, 5, 1)?, day(2020, 9, 30)?),
        Scenario::Hefei => (day(2019, 5, 1)?, day(2019, 8, 31)?),
    };
    // PostgreSQL: load the entries and seals into tables without indexes or keys, then build
    // each index once (see [`bulk`]); if the load fails, still put them back.
    let loading = bulk::drop_indexes(db, &["ledger_entry", "ledger_seal"]).await?;
    let written = sales::write(db, options, &world, &mut rng, span, &mut progress).await;
    let restored = restore(db, loading, &mut progress).await;
    let written = written?;
    restored?;
    let rollup_rows = rollups(db, options.seen, &mut progress).await?;
    Ok(Generated {
        cities: world.cities.len(),
        enterprises: world.enterprises.len(),
        communities: world.projects.len(),
        households: world.households.len(),
        products: world.products.len(),
        entries: written.entries,
        rollup_rows,
        hefei_grams: written.hefei_grams,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// Builds every rollup, count and first sale from the sealed entries in one transaction
/// ([`ledger::rollup::rebuild`]); on PostgreSQL into tables without their indexes (unless the
/// seen-set is built too, whose statements join the rollups by their key), which are rebuilt
/// after. What `generate` does once the entries are loaded, and `yijin ledger rebuild-rollups
/// --no-seen` on a loaded database. Returns the rollup rows written.
pub async fn rollups(
    db: &DatabaseConnection,
    seen: bool,
    progress: &mut impl Progress,
) -> anyhow::Result<u64> {
    let txn = kernel::db::begin_write(db).await?;
    let postgres = db.get_database_backend() == DatabaseBackend::Postgres;
    if postgres {
        // The GROUP BYs sort up to every entry (COUNT(DISTINCT …) sorts): in memory rather
        // than in 4 MB runs on disk. For this transaction only.
        txn.execute_unprepared("SET LOCAL work_mem = '512MB'")
            .await?;
        txn.execute_unprepared("SET LOCAL maintenance_work_mem = '1GB'")
            .await?;
    }
    // The rollup tables are filled by `INSERT … SELECT` alone, so they too are loaded without
    // their indexes and the indexes built after (in the same transaction). The seen-set's
    // statements join the rollups by their key, so with `--seen` the indexes stay.
    let rollup_indexes = if seen {
        bulk::Dropped::default()
    } else {
        bulk::drop_indexes(
            &txn,
            &[
                "ledger_rollup",
                "ledger_rollup_count",
                "ledger_first_sale",
                "ledger_sold_count",
            ],
        )
        .await?
    };
    let total =
        ledger::rollup::Dimension::ALL.len() as u64 * ledger::rollup::Period::ALL.len() as u64;
    let mut done = 0;
    let rollup_rows = rebuild(&txn, Rebuild { seen }, |_, _| {
        done += 1;
        progress.stage("rollups", done, total);
    })
    .await?;
    rollup_indexes
        .restore(&txn, |done, total| {
            progress.stage("rollup indexes", done, total)
        })
        .await?;
    txn.commit().await?;
    if postgres {
        // Statistics for the tables just filled, which the planner last saw empty. Without
        // them it read "the communities ahead of mine in my city" through the scope's
        // households index (every one of the city's rows: 2,116 rows, 133 ms at a million
        // entries) instead of the grams index (the 462 ahead, 4 ms), until autovacuum came by;
        // the extended statistics on the rollup's key (migration `20261203_001000`) are filled
        // here too. VACUUM marks the new pages all-visible, so the index-only scans of the
        // rollups and first sales read no table pages, as they would once autovacuum passed.
        db.execute_unprepared(
            "VACUUM (ANALYZE) ledger_rollup, ledger_rollup_count, ledger_first_sale, \
             ledger_sold_count, ledger_household_seen",
        )
        .await?;
    }
    Ok(rollup_rows)
}
