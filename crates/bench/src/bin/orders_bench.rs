//! `yijin-orders-bench`: place + confirm payment per second, through the same use cases the
//! API runs (`orders::commands`: one write transaction each, idempotency key, stock reserved
//! then committed, ledger entries recorded, outbox rows), against a fresh database of its own.
//!
//! Closed-loop scenarios with N buyers (default 16) for D seconds each, in one run:
//!
//! - `uncontended`: every buyer orders its own product (N products);
//! - `contended`: every buyer orders the same hot product;
//! - on PostgreSQL, `pgbench -N` (simple-update, no hot branch rows) on a scratch database of the
//!   same server with the same number of clients, as the reference of what the machine does.
//!
//! Each round is two transactions (place, confirm). It prints orders/s and the ratios the
//! README quotes, and checks that no product was oversold.
//!
//! ```sh
//! cargo run --release -p bench --bin yijin-orders-bench                                   # SQLite
//! TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
//!   cargo run --release -p bench --bin yijin-orders-bench                                 # PostgreSQL
//! ```
//!
//! The database comes from `testkit::db` (a copy of the migrated template, dropped
//! afterwards), which reads `TEST_DATABASE_URL` like the tests do.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context;
use chrono::TimeDelta;
use clap::Parser;
use kernel::{Actor, Clock, OrgKind, OrgRef, Role};
use orders::place::{Delivery, LineInput, PlaceOrder};
use products::certification::ListingDecision;
use products::entity::store::StoreKind;
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait};
use uuid::Uuid;

#[derive(Parser, Debug)]
#[command(
    name = "yijin-orders-bench",
    about = "place + confirm payment per second"
)]
struct Args {
    /// Concurrent buyers (and pgbench clients).
    #[arg(long, default_value_t = 16)]
    buyers: usize,
    /// Measured seconds per scenario.
    #[arg(long, default_value_t = 10)]
    seconds: u64,
}

fn err(e: kernel::DomainError) -> anyhow::Error {
    anyhow::anyhow!("{e:?}")
}

struct World {
    enterprise: Uuid,
    households: Vec<Uuid>,
    zone: Uuid,
    /// (listing, product), one per buyer; the first is the hot one.
    listings: Vec<(Uuid, Uuid)>,
}

/// An enterprise with a project, one household and one product (listed, certified, with a
/// million units) per buyer.
async fn world(db: &DatabaseConnection, n: usize) -> anyhow::Result<World> {
    let platform = Actor::new("bench", Role::PlatformAdmin, None, None)?;
    let now = Clock::System.now();
    let before = |days| Clock::Fixed(now - TimeDelta::days(days));
    let today = Clock::System.today();
    kernel::db::write(db, async |txn| {
        let clock = before(10);
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
        let zone = products::store::create(
            txn,
            &platform,
            &clock,
            products::store::StoreInput {
                enterprise_id: Some(enterprise.id),
                kind: StoreKind::Zone,
                name: "基准专区".into(),
                project_ids: vec![project.id],
            },
        )
        .await?;
        let mut households = Vec::with_capacity(n);
        let mut listings = Vec::with_capacity(n);
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
            let product = products::product::create(
                txn,
                &platform,
                &clock,
                &products::product::NoCountyVisits,
                products::product::ProductInput {
                    supplier_id: Some(supplier.id),
                    name: format!("基准绿茶{i}"),
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
            let status = products::entity::product::ProductStatus::Active;
            products::product::set_status(txn, &platform, &clock, product.id, status).await?;
            products::stock::adjust(txn, &platform, &clock, product.id, 1_000_000, "入库").await?;
            use products::certification as c;
            let applied = c::apply(txn, &platform, &clock, product.id).await?;
            c::decide(txn, &platform, &clock, applied.id, true, None).await?;
            c::start_publicity(txn, &platform, &clock, applied.id, None).await?;
            c::list(
                txn,
                &platform,
                &before(1),
                applied.id,
                ListingDecision {
                    catalogue_batch: "基准批次".into(),
                    certificate_no: format!("FP-BENCH-{i:05}"),
                    valid_from: today - TimeDelta::days(1),
                    valid_to: today + TimeDelta::days(365),
                },
            )
            .await?;
            let listing = products::listing::put(
                txn,
                &platform,
                &clock,
                products::listing::ListingInput {
                    store_id: zone.id,
                    product_id: product.id,
                    store_price_fen: None,
                    sort_order: 0,
                    featured: false,
                    on_shelf: true,
                },
            )
            .await?;
            listings.push((listing.id, product.id));
        }
        Ok(World {
            enterprise: enterprise.id,
            households,
            zone: zone.id,
            listings,
        })
    })
    .await
    .map_err(err)
}

/// One buyer's round: place one unit, confirm its payment.
async fn round(
    db: &DatabaseConnection,
    w: &World,
    buyer: usize,
    listing: Uuid,
    n: u64,
) -> anyhow::Result<()> {
    let clock = Clock::System;
    let household = w.households[buyer];
    let org = Some(OrgRef {
        kind: OrgKind::Enterprise,
        id: w.enterprise,
    });
    let resident = Actor::new(
        format!("h-{household}"),
        Role::Household,
        org,
        Some(household),
    )?;
    let app = Actor::new("bench-app", Role::EnterpriseApp, org, None)?;
    let input = PlaceOrder {
        store_id: w.zone,
        household_id: None,
        lines: vec![LineInput {
            listing_id: listing,
            quantity: 1,
        }],
        delivery: Delivery::Pickup { point: None },
        note: None,
    };
    let key = format!("b{buyer}-{n}");
    let placed =
        orders::commands::place(db, &resident, &clock, TimeDelta::minutes(30), &key, input)
            .await
            .map_err(err)?
            .order;
    let payment = orders::payment::ConfirmPayment {
        order_id: placed.id,
        reference: format!("wx-{}", placed.id),
        amount: placed.total_fen,
        paid_at: clock.now(),
    };
    orders::commands::confirm_payment(db, &ledger::Signal::new(), &app, &clock, &key, payment)
        .await
        .map_err(err)?;
    Ok(())
}

/// Per SQL text: how many statements ran and their time in all.
type Timing = HashMap<String, (u64, Duration)>;

/// Counts the statements the pool runs; while `log` holds a list, keeps their SQL too; while
/// `timing` holds a map, adds up each statement's time (by its SQL text, values left out).
#[derive(Clone, Default)]
struct Probe {
    count: Arc<AtomicU64>,
    log: Arc<Mutex<Option<Vec<String>>>>,
    timing: Arc<Mutex<Option<Timing>>>,
}

impl Probe {
    fn record(&self, info: &sea_orm::metric::Info<'_>) {
        self.count.fetch_add(1, Ordering::Relaxed);
        // The SQL is only formatted while someone keeps it: formatting every statement (values
        // inlined) would be the bench's work, not the use cases'.
        if let Ok(mut log) = self.log.lock()
            && let Some(log) = log.as_mut()
        {
            log.push(info.statement.to_string());
        }
        if let Ok(mut timing) = self.timing.lock()
            && let Some(timing) = timing.as_mut()
        {
            let slot = timing.entry(info.statement.sql.clone()).or_default();
            slot.0 += 1;
            slot.1 += info.elapsed;
        }
    }

    fn start(&self) -> u64 {
        if let Ok(mut log) = self.log.lock() {
            *log = Some(Vec::new());
        }
        self.count.load(Ordering::Relaxed)
    }

    fn stop(&self, since: u64, label: &str) -> u64 {
        let n = self.count.load(Ordering::Relaxed) - since;
        let log = self.log.lock().ok().and_then(|mut l| l.take());
        if std::env::var_os("YIJIN_BENCH_SQL").is_some() {
            for (i, sql) in log.unwrap_or_default().iter().enumerate() {
                println!("{label} {:>2}: {sql}", i + 1);
            }
        }
        n
    }

    /// Starts adding up statement times (`YIJIN_BENCH_PROFILE=1`).
    fn time(&self) {
        if let Ok(mut timing) = self.timing.lock() {
            *timing = Some(HashMap::new());
        }
    }

    /// Prints the statement times added up since [`Probe::time`], longest total first.
    fn report(&self, rounds: u64) {
        let Some(timing) = self.timing.lock().ok().and_then(|mut t| t.take()) else {
            return;
        };
        let mut rows: Vec<_> = timing.into_iter().collect();
        rows.sort_by_key(|(_, (_, total))| std::cmp::Reverse(*total));
        let all: Duration = rows.iter().map(|(_, (_, t))| *t).sum();
        println!(
            "statement time per order (client side, from send to answer): {:.0} µs in all",
            all.as_secs_f64() * 1e6 / rounds.max(1) as f64
        );
        for (sql, (n, total)) in rows {
            let head: String = sql.chars().take(110).collect();
            println!(
                "{:>8.0} µs/order {:>6.2}/order {:>6.0} µs each  {head}",
                total.as_secs_f64() * 1e6 / rounds.max(1) as f64,
                n as f64 / rounds.max(1) as f64,
                total.as_secs_f64() * 1e6 / n.max(1) as f64,
            );
        }
    }
}

/// CPU time (user + system) of a process so far, from `/proc/<pid>/stat` (Linux; `None`
/// elsewhere or when the process is gone).
fn cpu_of(pid: u32) -> Option<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name (which may hold spaces), from field 3 on.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    // USER_HZ is 100 on Linux.
    Some(Duration::from_millis(ticks * 10))
}

/// The server processes serving database `name` and its committed transactions so far (the
/// server runs on this machine: PostgreSQL only).
async fn backends(admin: &DatabaseConnection, name: &str) -> anyhow::Result<(Vec<u32>, i64)> {
    let rows = admin
        .query_all_raw(sea_orm::Statement::from_sql_and_values(
            sea_orm::DatabaseBackend::Postgres,
            "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
            [name.into()],
        ))
        .await?;
    let pids = rows
        .iter()
        .filter_map(|r| r.try_get_by_index::<i32>(0).ok())
        .filter_map(|p| u32::try_from(p).ok())
        .collect();
    let commits = admin
        .query_one_raw(sea_orm::Statement::from_sql_and_values(
            sea_orm::DatabaseBackend::Postgres,
            "SELECT xact_commit FROM pg_stat_database WHERE datname = $1",
            [name.into()],
        ))
        .await?
        .context("pg_stat_database")?
        .try_get_by_index::<i64>(0)?;
    Ok((pids, commits))
}

/// CPU spent by a set of processes between two moments.
struct CpuWatch {
    start: Vec<(u32, Duration)>,
}

impl CpuWatch {
    fn new(pids: &[u32]) -> Self {
        Self {
            start: pids
                .iter()
                .filter_map(|p| Some((*p, cpu_of(*p)?)))
                .collect(),
        }
    }

    /// CPU since [`CpuWatch::new`] of the processes still alive.
    fn spent(&self) -> Duration {
        self.start
            .iter()
            .filter_map(|(p, t0)| Some(cpu_of(*p)?.saturating_sub(*t0)))
            .sum()
    }

    /// CPU since [`CpuWatch::new`] of `now`'s processes, all of it for those started since.
    fn spent_by(&self, now: &[u32]) -> Duration {
        now.iter()
            .filter_map(|p| {
                let t0 = self
                    .start
                    .iter()
                    .find(|(q, _)| q == p)
                    .map_or(Duration::ZERO, |(_, t)| *t);
                Some(cpu_of(*p)?.saturating_sub(t0))
            })
            .sum()
    }
}

/// One order placed and paid alone, before the scenarios, counting the statements of each
/// transaction (what the round trips per order are).
async fn probe_round(
    db: &DatabaseConnection,
    w: &World,
    probe: &Probe,
) -> anyhow::Result<(u64, u64)> {
    let clock = Clock::System;
    let household = w.households[0];
    let org = Some(OrgRef {
        kind: OrgKind::Enterprise,
        id: w.enterprise,
    });
    let resident = Actor::new(
        format!("h-{household}"),
        Role::Household,
        org,
        Some(household),
    )?;
    let app = Actor::new("bench-app", Role::EnterpriseApp, org, None)?;
    let input = PlaceOrder {
        store_id: w.zone,
        household_id: None,
        lines: vec![LineInput {
            listing_id: w.listings[0].0,
            quantity: 1,
        }],
        delivery: Delivery::Pickup { point: None },
        note: None,
    };
    let since = probe.start();
    let placed = orders::commands::place(
        db,
        &resident,
        &clock,
        TimeDelta::minutes(30),
        "probe",
        input,
    )
    .await
    .map_err(err)?
    .order;
    let place = probe.stop(since, "place");
    let payment = orders::payment::ConfirmPayment {
        order_id: placed.id,
        reference: format!("wx-{}", placed.id),
        amount: placed.total_fen,
        paid_at: clock.now(),
    };
    let since = probe.start();
    orders::commands::confirm_payment(db, &ledger::Signal::new(), &app, &clock, "probe", payment)
        .await
        .map_err(err)?;
    let confirm = probe.stop(since, "confirm");
    Ok((place, confirm))
}

/// What one scenario did: completed rounds per second, failed rounds, and the CPU per
/// completed round of the bench process and of the server processes serving its database
/// (PostgreSQL on this machine only).
struct Run {
    rate: f64,
    failed: u64,
    bench_cpu: Option<Duration>,
    server_cpu: Option<Duration>,
}

/// Runs the buyers for `seconds`.
async fn scenario(db: &DatabaseConnection, w: &Arc<World>, hot: bool, seconds: u64) -> Run {
    let stop = Arc::new(AtomicBool::new(false));
    let (done, failed) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
    let server = server_processes(db).await.map(|pids| CpuWatch::new(&pids));
    let bench_cpu = cpu_of(std::process::id());
    let mut tasks = Vec::new();
    for buyer in 0..w.households.len() {
        let (db, w, stop, done, failed) = (
            db.clone(),
            w.clone(),
            stop.clone(),
            done.clone(),
            failed.clone(),
        );
        let listing = if hot {
            w.listings[0].0
        } else {
            w.listings[buyer].0
        };
        tasks.push(tokio::spawn(async move {
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                n += 1;
                match round(&db, &w, buyer, listing, n + if hot { 1 << 32 } else { 0 }).await {
                    Ok(()) => done.fetch_add(1, Ordering::Relaxed),
                    Err(e) => {
                        eprintln!("round failed: {e}");
                        failed.fetch_add(1, Ordering::Relaxed)
                    }
                };
            }
        }));
    }
    let started = Instant::now();
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    stop.store(true, Ordering::Relaxed);
    for t in tasks {
        let _ = t.await;
    }
    let elapsed = started.elapsed();
    let bench_cpu = bench_cpu
        .zip(cpu_of(std::process::id()))
        .map(|(before, after)| after.saturating_sub(before));
    // Connections the pool opened during the run count with all their CPU.
    let server_cpu = match server {
        Some(watch) => server_processes(db).await.map(|now| watch.spent_by(&now)),
        None => None,
    };
    let done = done.load(Ordering::Relaxed);
    let per = |cpu: Duration| cpu / u32::try_from(done.max(1)).unwrap_or(u32::MAX);
    Run {
        rate: done as f64 / elapsed.as_secs_f64(),
        failed: failed.load(Ordering::Relaxed),
        bench_cpu: bench_cpu.map(per),
        server_cpu: server_cpu.map(per),
    }
}

/// The server processes serving the pool's database, when it is PostgreSQL.
async fn server_processes(db: &DatabaseConnection) -> Option<Vec<u32>> {
    if db.get_database_backend() != sea_orm::DatabaseBackend::Postgres {
        return None;
    }
    let name: String = db
        .query_one_raw(sea_orm::Statement::from_string(
            sea_orm::DatabaseBackend::Postgres,
            "SELECT current_database()",
        ))
        .await
        .ok()??
        .try_get_by_index(0)
        .ok()?;
    backends(db, &name).await.ok().map(|(pids, _)| pids)
}

/// What `pgbench -N` did: tps, and CPU per transaction of the server processes serving it and
/// of pgbench itself, measured from its second second to its second-to-last.
struct Reference {
    tps: f64,
    server_cpu: Option<Duration>,
    client_cpu: Option<Duration>,
}

/// `pgbench -N` with `clients` clients on a scratch database of the same server.
async fn pgbench(admin: &str, clients: usize, seconds: u64) -> anyhow::Result<Reference> {
    let name = format!("yijin_pgbench_{}", std::process::id());
    let base = admin.rsplit_once('/').map_or(admin, |(b, _)| b);
    let url = format!("{base}/{name}");
    let psql = |sql: &str| {
        std::process::Command::new("psql")
            .arg(admin)
            .arg("-qc")
            .arg(sql)
            .status()
    };
    psql(&format!("DROP DATABASE IF EXISTS \"{name}\""))?;
    psql(&format!("CREATE DATABASE \"{name}\""))?;
    let init = std::process::Command::new("pgbench")
        .args(["-i", "-q", "-s", "10", &url])
        .output()?;
    anyhow::ensure!(
        init.status.success(),
        "pgbench -i: {}",
        String::from_utf8_lossy(&init.stderr)
    );
    let watcher = sea_orm::Database::connect(admin).await?;
    let run = std::process::Command::new("pgbench")
        .args([
            "-N",
            "-c",
            &clients.to_string(),
            "-j",
            "2",
            "-T",
            &seconds.to_string(),
            &url,
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()?;
    let client = Some(run.id());
    let mut cpu = None;
    if seconds >= 4 {
        tokio::time::sleep(Duration::from_secs(1)).await;
        let (pids, commits0) = backends(&watcher, &name).await?;
        let server = CpuWatch::new(&pids);
        let client0 = client.and_then(cpu_of);
        tokio::time::sleep(Duration::from_secs(seconds - 2)).await;
        let server = server.spent();
        let client1 = client.and_then(cpu_of);
        let (_, commits1) = backends(&watcher, &name).await?;
        let n = u32::try_from((commits1 - commits0).max(1)).unwrap_or(u32::MAX);
        cpu = Some((
            server / n,
            client0.zip(client1).map(|(a, b)| b.saturating_sub(a) / n),
        ));
    }
    // The bench has nothing else to do meanwhile: blocking here is fine.
    let out = run.wait_with_output()?;
    drop(watcher);
    psql(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let tps = stdout
        .lines()
        .find_map(|l| {
            l.strip_prefix("tps = ")
                .and_then(|r| r.split_whitespace().next())
                .and_then(|v| v.parse().ok())
        })
        .with_context(|| format!("no tps in pgbench's output: {stdout}"))?;
    Ok(Reference {
        tps,
        server_cpu: cpu.map(|c| c.0),
        client_cpu: cpu.and_then(|c| c.1),
    })
}

fn micros(d: Option<Duration>) -> String {
    d.map_or_else(
        || "—".to_owned(),
        |d| format!("{:.0}", d.as_secs_f64() * 1e6),
    )
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let admin = std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty());
    let (mut db, database) = testkit::db::migrated().await?;
    let probe = Probe::default();
    let sink = probe.clone();
    db.set_metric_callback(move |info| sink.record(info));
    let w = Arc::new(world(&db, args.buyers).await?);
    let (place_statements, confirm_statements) = probe_round(&db, &w, &probe).await?;
    let backend = if admin.is_some() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    let profile = std::env::var_os("YIJIN_BENCH_PROFILE").is_some();
    if profile {
        probe.time();
    }
    let free = scenario(&db, &w, false, args.seconds).await;
    if profile {
        probe.report((free.rate * args.seconds as f64) as u64);
    }
    let hot = scenario(&db, &w, true, args.seconds).await;
    // As many pgbench clients as the pool has connections: the database sees the same number
    // of sessions from both (the buyers beyond the pool wait for a connection).
    let clients = args.buyers.min(testkit::db::POOL_SIZE as usize);
    let reference = match &admin {
        Some(admin) => Some(pgbench(admin, clients, args.seconds).await?),
        None => None,
    };
    // No oversell: every product's on hand + reserved adds up, and nothing is reserved once
    // every round confirmed its order.
    let mut oversold = 0;
    for (_, product) in &w.listings {
        let p = products::entity::product::Entity::find_by_id(*product)
            .one(&db)
            .await?
            .context("product")?;
        if p.on_hand < 0 || p.reserved < 0 || p.reserved > p.on_hand {
            oversold += 1;
        }
    }
    let orders: i64 = {
        let row = db
            .query_one_raw(sea_orm::Statement::from_string(
                db.get_database_backend(),
                "SELECT CAST(COUNT(*) AS BIGINT) FROM customer_order WHERE payment_status = 'PAID'",
            ))
            .await?
            .context("count")?;
        row.try_get_by_index(0)?
    };
    println!(
        "{backend}, {} buyers on a pool of {}, {} s per scenario, place + confirm payment \
         (2 transactions per order)",
        args.buyers,
        testkit::db::POOL_SIZE,
        args.seconds
    );
    println!(
        "{:<28} {:>10} {:>8} {:>8} {:>14} {:>14}",
        "scenario", "orders/s", "failed", "ratio", "bench µs CPU", "server µs CPU"
    );
    println!(
        "{:<28} {:>10.1} {:>8} {:>8} {:>14} {:>14}",
        "uncontended (own product)",
        free.rate,
        free.failed,
        "1.00",
        micros(free.bench_cpu),
        micros(free.server_cpu)
    );
    println!(
        "{:<28} {:>10.1} {:>8} {:>8.2} {:>14} {:>14}",
        "contended (one product)",
        hot.rate,
        hot.failed,
        hot.rate / free.rate,
        micros(hot.bench_cpu),
        micros(hot.server_cpu)
    );
    if let Some(r) = reference {
        println!(
            "{:<28} {:>10.1} {:>8} {:>8} {:>14} {:>14}",
            format!("pgbench -N -c {clients} (tps)"),
            r.tps,
            "",
            "",
            micros(r.client_cpu),
            micros(r.server_cpu)
        );
        println!(
            "uncontended / pgbench -N: {:.2} (transactions: {:.2})",
            free.rate / r.tps,
            2.0 * free.rate / r.tps
        );
    }
    println!("(CPU per order, or per pgbench transaction: user + system time of the process)");
    println!(
        "statements per order: place {place_statements} + confirm {confirm_statements} \
         (BEGIN/COMMIT not counted; YIJIN_BENCH_SQL=1 prints them)"
    );
    println!("paid orders: {orders}; products oversold: {oversold}");
    drop(db);
    drop(database);
    Ok(())
}
