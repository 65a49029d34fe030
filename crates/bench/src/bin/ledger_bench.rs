//! `yijin-ledger-bench`: the ledger's write path under concurrency, and how far behind the
//! sealer runs, against a fresh database of its own.
//!
//! Three closed-loop scenarios with N writers (default 16) for D seconds each, all in one run:
//!
//! - `baseline`: each transaction is `begin_write` → one INSERT into a scratch table → commit:
//!   the cheapest write transaction the database can do at that concurrency;
//! - `record`: each transaction records one entry with `ledger::record` (its facts resolved
//!   beforehand), as an order's payment does after reserving stock;
//! - `resolve+record`: the same, resolving the facts (product, household, team, certification
//!   on the day, campaign phase) inside the transaction first.
//!
//! Throughput is reported as entries/s and as a ratio to the baseline. The sealer runs through
//! the two ledger scenarios, woken by the writers' signal; its lag (commit of `record` to the
//! entry's seal) is reported as p50/p99 over every entry of the run.
//!
//! ```sh
//! cargo run --release -p bench --bin yijin-ledger-bench                    # SQLite
//! cargo run --release -p bench --bin yijin-ledger-bench -- \
//!   --admin-url postgres://postgres@127.0.0.1:5432/postgres                 # PostgreSQL
//! ```

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Parser;
use kernel::{Actor, Clock, Fen, Grams, Role};
use ledger::attribution::{Buyer, Sale, resolve};
use ledger::{Amounts, Body, Channel, NewEntry, SealerConfig, Signal, Source};
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use uuid::Uuid;

#[derive(Parser, Debug)]
#[command(
    name = "yijin-ledger-bench",
    about = "The ledger's write path and sealer lag"
)]
struct Args {
    /// A PostgreSQL server to create a fresh database on (dropped afterwards); without it, a
    /// fresh SQLite file under a temporary directory.
    #[arg(long)]
    admin_url: Option<String>,
    /// Concurrent writers.
    #[arg(long, default_value_t = 16)]
    writers: usize,
    /// Measured seconds per scenario.
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// Households the sales go to.
    #[arg(long, default_value_t = 200)]
    households: usize,
}

/// A fresh database and how to remove it.
struct Fresh {
    url: String,
    admin: Option<(String, String)>,
    dir: Option<std::path::PathBuf>,
}

async fn fresh(args: &Args) -> anyhow::Result<Fresh> {
    let suffix = format!("{}_{}", std::process::id(), Uuid::now_v7().simple());
    match &args.admin_url {
        Some(admin) => {
            let name = format!("yijin_ledger_bench_{suffix}");
            let db = sea_orm::Database::connect(admin.as_str()).await?;
            db.execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                .await?;
            db.close().await?;
            let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
            Ok(Fresh {
                url: format!("{base}/{name}"),
                admin: Some((admin.clone(), name)),
                dir: None,
            })
        }
        None => {
            let dir = std::env::temp_dir().join(format!("yijin-ledger-bench-{suffix}"));
            std::fs::create_dir_all(&dir)?;
            Ok(Fresh {
                url: format!("sqlite://{}", dir.join("bench.db").display()),
                admin: None,
                dir: Some(dir),
            })
        }
    }
}

impl Fresh {
    async fn remove(self) -> anyhow::Result<()> {
        if let Some((admin, name)) = self.admin {
            let db = sea_orm::Database::connect(admin.as_str()).await?;
            db.execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                .await?;
        }
        if let Some(dir) = self.dir {
            std::fs::remove_dir_all(dir)?;
        }
        Ok(())
    }
}

/// An enterprise with one project and `n` households, and a supplier's product.
async fn world(db: &DatabaseConnection, n: usize) -> anyhow::Result<(Vec<Uuid>, Uuid)> {
    let platform =
        Actor::new("bench", Role::PlatformAdmin, None, None).map_err(|e| anyhow::anyhow!("{e}"))?;
    let clock = Clock::System;
    let err = |e: kernel::DomainError| anyhow::anyhow!("{e:?}");
    kernel::db::write(db, async |txn| {
        let enterprise = participants::enterprise::create(
            txn,
            &platform,
            &clock,
            participants::enterprise::EnterpriseInput {
                name: "基准物业".into(),
                association_id: None,
                alliance_region: participants::entity::enterprise::AllianceRegion::EastChina,
                region_code: Some("340100".into()),
                address: None,
                wechat_official_account: None,
                website: None,
                lead_name: None,
                lead_phone: None,
                specialist_name: None,
                specialist_phone: None,
            },
        )
        .await?;
        let project = participants::project::create(
            txn,
            &platform,
            &clock,
            Some(enterprise.id),
            participants::project::ProjectInput {
                city_code: "340100".into(),
                name: "基准花园".into(),
                property_type: "住宅".into(),
                household_count: 1000,
                ..Default::default()
            },
        )
        .await?;
        let mut households = Vec::with_capacity(n);
        for i in 0..n {
            let h = participants::household::create(
                txn,
                &platform,
                &clock,
                participants::household::HouseholdInput {
                    project_id: project.id,
                    external_user_id: Some(format!("bench-{i}")),
                    display_name: None,
                    phone: None,
                },
            )
            .await?;
            households.push(h.id);
        }
        let supplier = products::supplier::create(
            txn,
            &platform,
            &clock,
            products::supplier::SupplierInput {
                name: "基准合作社".into(),
                kind: products::entity::supplier::SupplierKind::Cooperative,
                uscc: "91350100M000100Y43".into(),
                county_code: "510727".into(),
                contact_name: None,
                contact_phone: None,
                benefit_mechanisms: vec!["WAGE".into()],
                linked_poor_households: 10,
            },
        )
        .await?;
        let product = products::product::create(
            txn,
            &platform,
            &clock,
            &products::product::NoCountyVisits,
            products::product::ProductInput {
                supplier_id: Some(supplier.id),
                name: "基准绿茶".into(),
                category: products::entity::product::Category::TeaAndDrinks,
                description: None,
                images: vec![],
                spec: None,
                unit: "罐".into(),
                net_weight_grams: kernel::Grams(250),
                weight_is_equivalent: false,
                price_fen: kernel::Fen(3000),
                origin_county_code: None,
                custom_for_enterprise_id: products::product::Link::Keep,
                county_visit_id: products::product::Link::Keep,
            },
        )
        .await?;
        Ok((households, product.id))
    })
    .await
    .map_err(err)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Scenario {
    Baseline,
    Record,
    ResolveAndRecord,
}

fn sale(household: Uuid, product: Uuid) -> Sale {
    Sale {
        source: Source::OrderLine,
        source_ref: Uuid::now_v7().to_string(),
        channel: Channel::Zone,
        occurred_at: chrono::Utc::now(),
        product_id: product,
        amounts: Amounts::new(1, Grams(250), Fen(3000)),
        buyer: Buyer {
            household_id: Some(household),
            ..Buyer::default()
        },
        recorded_by: "bench".into(),
    }
}

/// One transaction of the scenario.
async fn one(
    db: &DatabaseConnection,
    scenario: Scenario,
    template: &NewEntry,
    household: Uuid,
    product: Uuid,
) -> anyhow::Result<()> {
    let txn = kernel::db::begin_write(db).await?;
    match scenario {
        Scenario::Baseline => {
            let stmt = Statement::from_sql_and_values(
                db.get_database_backend(),
                match db.get_database_backend() {
                    sea_orm::DatabaseBackend::Postgres => {
                        "INSERT INTO bench_baseline (id, n) VALUES ($1, $2)"
                    }
                    _ => "INSERT INTO bench_baseline (id, n) VALUES (?, ?)",
                },
                [Uuid::now_v7().to_string().into(), 1i64.into()],
            );
            txn.execute_raw(stmt).await?;
        }
        Scenario::Record => {
            let mut entry = template.clone();
            entry.source_ref = Uuid::now_v7().to_string();
            if let Body::Sale(facts) = &mut entry.body {
                facts.household_id = Some(household);
            }
            ledger::record(&txn, vec![entry])
                .await
                .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        }
        Scenario::ResolveAndRecord => {
            let entries = resolve(&txn, vec![sale(household, product)])
                .await
                .map_err(|e| anyhow::anyhow!("{e:?}"))?;
            ledger::record(&txn, entries)
                .await
                .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        }
    }
    txn.commit().await?;
    Ok(())
}

/// Runs `scenario` with `writers` for `seconds`; transactions per second.
async fn run(
    db: &DatabaseConnection,
    signal: &Signal,
    args: &Args,
    scenario: Scenario,
    template: &NewEntry,
    households: &Arc<Vec<Uuid>>,
    product: Uuid,
) -> anyhow::Result<f64> {
    let done = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let mut tasks = Vec::new();
    for w in 0..args.writers {
        let (db, signal, done, stop, households, template) = (
            db.clone(),
            signal.clone(),
            done.clone(),
            stop.clone(),
            households.clone(),
            template.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let mut i = w;
            while !stop.load(Ordering::Relaxed) {
                let household = households[i % households.len()];
                one(&db, scenario, &template, household, product).await?;
                if scenario != Scenario::Baseline {
                    signal.notify();
                }
                done.fetch_add(1, Ordering::Relaxed);
                i += stride(&households);
            }
            anyhow::Ok(())
        }));
    }
    let started = Instant::now();
    tokio::time::sleep(Duration::from_secs(args.seconds)).await;
    stop.store(true, Ordering::Relaxed);
    let elapsed = started.elapsed();
    for t in tasks {
        t.await??;
    }
    Ok(done.load(Ordering::Relaxed) as f64 / elapsed.as_secs_f64())
}

/// Writers walk the households with a stride, so concurrent sales rarely share a household.
fn stride(households: &[Uuid]) -> usize {
    households.len() / 7 + 1
}

fn percentile(sorted: &[i64], q: f64) -> i64 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = (q * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Lag of every sealed entry, in microseconds: seal time minus record time.
async fn lags(db: &DatabaseConnection) -> anyhow::Result<Vec<i64>> {
    let rows = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT e.recorded_at, s.sealed_at FROM ledger_entry e JOIN ledger_seal s ON s.entry_id = e.id",
        ))
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let recorded: chrono::DateTime<chrono::Utc> = r.try_get_by_index(0)?;
        let sealed: chrono::DateTime<chrono::Utc> = r.try_get_by_index(1)?;
        out.push((sealed - recorded).num_microseconds().unwrap_or(i64::MAX));
    }
    out.sort_unstable();
    Ok(out)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let fresh = fresh(&args).await?;
    let pool = u32::try_from(args.writers + 4).unwrap_or(20);
    let db = kernel::db::connect(&fresh.url, pool)
        .await
        .context("connect")?;
    <migrations::Migrator as migrations::MigratorTrait>::up(&db, None).await?;
    db.execute_unprepared(
        "CREATE TABLE bench_baseline (id VARCHAR(36) PRIMARY KEY, n BIGINT NOT NULL)",
    )
    .await?;
    let (households, product) = world(&db, args.households).await?;
    let households = Arc::new(households);
    let template = resolve(&db, vec![sale(households[0], product)])
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?
        .remove(0);
    let backend = format!("{:?}", db.get_database_backend());

    let signal = Signal::new();
    let sealer = ledger::sealer::spawn(
        db.clone(),
        signal.clone(),
        SealerConfig::new(fresh.url.clone()),
    );
    let mut results = Vec::new();
    for (name, scenario) in [
        ("baseline (one-row write transaction)", Scenario::Baseline),
        ("record", Scenario::Record),
        ("resolve+record", Scenario::ResolveAndRecord),
    ] {
        let per_second = run(
            &db,
            &signal,
            &args,
            scenario,
            &template,
            &households,
            product,
        )
        .await?;
        results.push((name, per_second));
    }
    // Let the sealer finish what the writers left, then stop it.
    loop {
        let status = ledger::status::status(&db, chrono::Utc::now())
            .await
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        if status.pending == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    sealer.stop().await;
    let lags = lags(&db).await?;
    let audit = ledger::audit::audit(&db)
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;

    let baseline = results[0].1;
    println!(
        "database: {backend} · {} writers · {} s per scenario",
        args.writers, args.seconds
    );
    println!("{:<40} {:>12} {:>8}", "scenario", "entries/s", "ratio");
    for (name, per_second) in &results {
        println!(
            "{name:<40} {per_second:>12.0} {:>8.3}",
            per_second / baseline
        );
    }
    println!(
        "sealer lag (record → sealed) over {} entries: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        lags.len(),
        percentile(&lags, 0.50) as f64 / 1000.0,
        percentile(&lags, 0.99) as f64 / 1000.0,
        lags.last().copied().unwrap_or(0) as f64 / 1000.0,
    );
    println!(
        "audit after the run: {}",
        if audit.is_clean() {
            "clean"
        } else {
            "NOT CLEAN"
        }
    );
    db.close().await?;
    fresh.remove().await?;
    Ok(())
}
