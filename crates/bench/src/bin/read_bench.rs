//! `yijin-read-bench`: the KPI reads at growing ledger sizes. For each size it builds a fresh
//! database with `yijin generate` (the same world every time — 57 cities, the enterprises,
//! communities and households — and N sealed entries), then times, one call after another:
//!
//! - `scorecard`: the campaign's scorecard (whole campaign and each phase);
//! - `scorecard of a city`: the same within the leading city;
//! - `city ranking`: the top 10 cities by jin, with their names;
//! - `community ranking`: the top 10 communities by jin within the leading city;
//! - `myRanks`: a resident's places (its team in its community, its community in its city).
//!
//! and the raw SQL GROUP BY over the entries for the same figures, for comparison. It prints
//! p50/p99 per read and size, and the ratio of the largest size's p50 to the smallest's (the
//! goal: at most 1.5).
//!
//! ```sh
//! cargo run -p bench --bin yijin-read-bench                                          # SQLite
//! cargo run -p bench --bin yijin-read-bench -- --admin-url postgres://postgres@127.0.0.1:5432/postgres
//! cargo run -p bench --bin yijin-read-bench -- --sizes 10000,1000000,10000000 --admin-url …
//! # a database `yijin generate` built beforehand (measured as it is, never dropped):
//! cargo run -p bench --bin yijin-read-bench -- --sizes 10000 --admin-url … \
//!   --existing 10000000=postgres://postgres@127.0.0.1:5432/campaign10m
//! ```

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use clap::Parser;
use kernel::{Actor, OrgKind, OrgRef, Role};
use ledger::ranking::{self, Metric, Span, Within};
use ledger::rollup::Dimension;
use participants::entity::household;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection, EntityTrait, PaginatorTrait,
    QueryFilter, Statement, Value,
};
use uuid::Uuid;

#[derive(Parser, Debug)]
#[command(name = "yijin-read-bench", about = "KPI reads at growing ledger sizes")]
struct Args {
    /// A PostgreSQL server to create fresh databases on (dropped afterwards); without it, fresh
    /// SQLite files under a temporary directory.
    #[arg(long)]
    admin_url: Option<String>,
    /// Ledger sizes (entries), comma-separated.
    #[arg(long, default_value = "10000,1000000", value_delimiter = ',')]
    sizes: Vec<u64>,
    /// Timed calls per read (after 10 to warm up).
    #[arg(long, default_value_t = 200)]
    iterations: usize,
    /// Timed calls per raw GROUP BY (they take longer at size).
    #[arg(long, default_value_t = 20)]
    raw_iterations: usize,
    #[arg(long, default_value_t = 1_000_000)]
    households: usize,
    #[arg(long, default_value_t = 10_000)]
    communities: usize,
    #[arg(long, default_value_t = 1_000)]
    enterprises: usize,
    /// Keep the databases (prints their URLs) instead of dropping them.
    #[arg(long)]
    keep: bool,
    /// `ENTRIES=URL`: also measure a database `yijin generate` built beforehand with that many
    /// entries (and the world above); it is neither generated nor dropped, and replaces the
    /// fresh database of the same size in `--sizes`. Repeatable.
    #[arg(long, value_parser = existing)]
    existing: Vec<(u64, String)>,
}

fn existing(s: &str) -> Result<(u64, String), String> {
    let (size, url) = s
        .split_once('=')
        .ok_or_else(|| format!("expected ENTRIES=URL, got {s}"))?;
    let size = size
        .trim()
        .parse()
        .map_err(|e| format!("entries {size}: {e}"))?;
    Ok((size, url.trim().to_owned()))
}

struct Fresh {
    url: String,
    admin: Option<(String, String)>,
    dir: Option<std::path::PathBuf>,
}

async fn fresh(args: &Args, size: u64) -> anyhow::Result<Fresh> {
    let suffix = format!("{size}_{}_{}", std::process::id(), Uuid::now_v7().simple());
    match &args.admin_url {
        Some(admin) => {
            let name = format!("yijin_read_bench_{suffix}");
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
            let dir = std::env::temp_dir().join(format!("yijin-read-bench-{suffix}"));
            std::fs::create_dir_all(&dir)?;
            Ok(Fresh {
                url: format!("sqlite://{}?mode=rwc", dir.join("bench.db").display()),
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

/// p50 and p99 of the timings, in milliseconds.
fn percentiles(mut t: Vec<Duration>) -> (f64, f64) {
    t.sort();
    let at = |q: f64| {
        let i = ((t.len() as f64 * q).ceil() as usize).clamp(1, t.len().max(1)) - 1;
        t.get(i).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    (at(0.50), at(0.99))
}

/// Times `n` calls of `f` after 10 warm-up calls (fewer if `n` is small).
async fn time<F, Fut>(n: usize, mut f: F) -> anyhow::Result<(f64, f64)>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<()>>,
{
    for _ in 0..10.min(n) {
        f().await?;
    }
    let mut timings = Vec::with_capacity(n);
    for _ in 0..n {
        let started = Instant::now();
        f().await?;
        timings.push(started.elapsed());
    }
    Ok(percentiles(timings))
}

fn err(e: kernel::DomainError) -> anyhow::Error {
    anyhow::anyhow!("{e:?}")
}

/// A statement with `?` placeholders, numbered for PostgreSQL.
fn statement(backend: DatabaseBackend, sql: &str, values: Vec<Value>) -> Statement {
    let mut out = String::new();
    let mut n = 0;
    for ch in sql.chars() {
        if ch == '?' && backend == DatabaseBackend::Postgres {
            n += 1;
            out.push_str(&format!("${n}"));
        } else {
            out.push(ch);
        }
    }
    Statement::from_sql_and_values(backend, out, values)
}

async fn raw(db: &DatabaseConnection, sql: &str, values: Vec<Value>) -> anyhow::Result<()> {
    let rows = db
        .query_all_raw(statement(db.get_database_backend(), sql, values))
        .await?;
    anyhow::ensure!(!rows.is_empty(), "the raw read found nothing: {sql}");
    Ok(())
}

type Figures = BTreeMap<&'static str, ((f64, f64), (f64, f64))>;

async fn measure(db: &DatabaseConnection, args: &Args) -> anyhow::Result<Figures> {
    let c = campaigns::COMMUNITY_POWER_CAMPAIGN_ID;
    let cities = ranking::order(
        ranking::standings(db, Some(c), Dimension::City, Span::All, &Within::Campaign)
            .await
            .map_err(err)?,
        Metric::Jin,
    );
    let city = cities
        .first()
        .map(|r| r.standing.key.clone())
        .unwrap_or_default();
    let within_city = Within::City(city.clone());
    let projects = ranking::order(
        ranking::standings(db, Some(c), Dimension::Project, Span::All, &within_city)
            .await
            .map_err(err)?,
        Metric::Jin,
    );
    let project: Uuid = projects
        .first()
        .and_then(|r| r.standing.key.parse().ok())
        .ok_or_else(|| anyhow::anyhow!("no community sold in {city}"))?;
    let resident = household::Entity::find()
        .filter(household::Column::ProjectId.eq(project))
        .filter(household::Column::TeamId.is_not_null())
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no resident with a team in {project}"))?;
    let actor = Actor::new(
        "bench",
        Role::Household,
        Some(OrgRef {
            kind: OrgKind::Enterprise,
            id: resident.enterprise_id,
        }),
        Some(resident.id),
    )
    .map_err(|e| anyhow::anyhow!("{e}"))?;

    let mut out = Figures::new();
    let n = args.iterations;
    let r = args.raw_iterations;
    let scorecard = time(n, || async {
        ledger::scorecard::scorecard(db, c, Within::Campaign)
            .await
            .map_err(err)?;
        Ok(())
    })
    .await?;
    let scorecard_raw = time(r, || {
        raw(
            db,
            "SELECT phase_id, CAST(SUM(grams) AS BIGINT), CAST(SUM(fen) AS BIGINT), \
             COUNT(DISTINCT household_id), COUNT(DISTINCT project_id), COUNT(DISTINCT product_id), \
             COUNT(DISTINCT supplier_id) FROM ledger_entry WHERE campaign_id = ? GROUP BY phase_id",
            vec![c.into()],
        )
    })
    .await?;
    out.insert("scorecard", (scorecard, scorecard_raw));
    // The leading city's scorecard (its communities, products and suppliers with a sale).
    let city_card = time(n, || async {
        ledger::scorecard::scorecard(db, c, within_city.clone())
            .await
            .map_err(err)?;
        Ok(())
    })
    .await?;
    let city_card_raw = time(r, || {
        raw(
            db,
            "SELECT phase_id, CAST(SUM(grams) AS BIGINT), CAST(SUM(fen) AS BIGINT), \
             COUNT(DISTINCT household_id), COUNT(DISTINCT project_id), COUNT(DISTINCT product_id), \
             COUNT(DISTINCT supplier_id) FROM ledger_entry WHERE campaign_id = ? AND city_code = ? \
             GROUP BY phase_id",
            vec![c.into(), city.clone().into()],
        )
    })
    .await?;
    out.insert("scorecard of a city", (city_card, city_card_raw));

    // What the `ranking` query does: the top 10 (ties kept) and the total, then the names.
    let ranked = |d: Dimension, within: Within| async move {
        let (_, top) = ranking::cut::top(db, Some(c), d, Metric::Jin, Span::All, &within, 10)
            .await
            .map_err(err)?;
        let keys: Vec<String> = top.iter().map(|r| r.standing.key.clone()).collect();
        ranking::labels::names(db, d, &keys).await.map_err(err)?;
        anyhow::Ok(())
    };
    let city_ranking = time(n, || ranked(Dimension::City, Within::Campaign)).await?;
    let city_raw = time(r, || {
        raw(
            db,
            "SELECT city_code, CAST(SUM(grams) AS BIGINT) AS g FROM ledger_entry \
             WHERE campaign_id = ? AND city_code IS NOT NULL GROUP BY city_code ORDER BY g DESC LIMIT 10",
            vec![c.into()],
        )
    })
    .await?;
    out.insert("city ranking", (city_ranking, city_raw));

    let community = time(n, || ranked(Dimension::Project, within_city.clone())).await?;
    let community_raw = time(r, || {
        raw(
            db,
            "SELECT project_id, CAST(SUM(grams) AS BIGINT) AS g FROM ledger_entry \
             WHERE campaign_id = ? AND city_code = ? AND project_id IS NOT NULL \
             GROUP BY project_id ORDER BY g DESC LIMIT 10",
            vec![c.into(), city.clone().into()],
        )
    })
    .await?;
    out.insert("community ranking in a city", (community, community_raw));

    let mine = time(n, || async {
        let places = ranking::mine::my_ranks(db, &actor, Some(c), Metric::Jin, Span::All)
            .await
            .map_err(err)?;
        anyhow::ensure!(places.len() == 2, "a resident with a team has two places");
        Ok(())
    })
    .await?;
    let mine_raw = time(r, || async {
        raw(
            db,
            "SELECT team_id, CAST(SUM(grams) AS BIGINT) FROM ledger_entry \
             WHERE campaign_id = ? AND project_id = ? AND team_id IS NOT NULL GROUP BY team_id",
            vec![c.into(), project.into()],
        )
        .await?;
        raw(
            db,
            "SELECT project_id, CAST(SUM(grams) AS BIGINT) FROM ledger_entry \
             WHERE campaign_id = ? AND city_code = ? AND project_id IS NOT NULL GROUP BY project_id",
            vec![c.into(), city.clone().into()],
        )
        .await
    })
    .await?;
    out.insert("myRanks", (mine, mine_raw));
    Ok(out)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let mut results: Vec<(u64, Figures)> = Vec::new();
    // A size given with `--existing` is measured there instead of in a fresh database.
    let mut targets: Vec<(u64, Option<String>)> = args
        .sizes
        .iter()
        .filter(|s| !args.existing.iter().any(|(e, _)| e == *s))
        .map(|s| (*s, None))
        .collect();
    targets.extend(args.existing.iter().map(|(s, u)| (*s, Some(u.clone()))));
    targets.sort_by_key(|(size, _)| *size);
    for (size, url) in targets {
        if let Some(url) = url {
            let db = kernel::db::connect(&url, 4).await?;
            let entries = ledger::entity::entry::Entity::find().count(&db).await?;
            eprintln!("{url}: {entries} entries (given as {size})");
            let figures = measure(&db, &args).await?;
            for (read, ((p50, p99), (raw50, raw99))) in &figures {
                println!("| {size} | {read} | {p50:.2} | {p99:.2} | {raw50:.2} | {raw99:.2} |");
            }
            results.push((size, figures));
            db.close().await?;
            continue;
        }
        let fresh = fresh(&args, size).await?;
        let db = kernel::db::connect(&fresh.url, 4).await?;
        <migrations::Migrator as migrations::MigratorTrait>::up(&db, None).await?;
        let options = gateway::generate::Options {
            entries: size,
            households: args.households,
            communities: args.communities,
            enterprises: args.enterprises,
            ..gateway::generate::Options::default()
        };
        let started = Instant::now();
        let done = gateway::generate::generate(&db, &options, |stage: &str, d: u64, t: u64| {
            eprint!(
                "\r\x1b[K{size} entries: {stage} {d}/{t} ({:.0} s)",
                started.elapsed().as_secs_f64()
            );
        })
        .await?;
        eprintln!(
            "\r\x1b[K{size} entries generated in {:.1} s ({} rollup rows)",
            done.seconds, done.rollup_rows
        );
        let figures = measure(&db, &args).await?;
        for (read, ((p50, p99), (raw50, raw99))) in &figures {
            println!("| {size} | {read} | {p50:.2} | {p99:.2} | {raw50:.2} | {raw99:.2} |");
        }
        results.push((size, figures));
        db.close().await?;
        if args.keep {
            println!("kept {}", fresh.url);
        } else {
            fresh.remove().await?;
        }
    }
    if let (Some((small, first)), Some((large, last))) = (results.first(), results.last()) {
        println!("\nratio of p50 at {large} to p50 at {small} entries (goal ≤ 1.5):");
        for (read, ((p50, _), (raw50, _))) in last {
            if let Some(((base, _), (raw_base, _))) = first.get(read) {
                println!(
                    "| {read} | {:.2} | raw GROUP BY {:.2} |",
                    p50 / base.max(1e-9),
                    raw50 / raw_base.max(1e-9)
                );
            }
        }
    }
    Ok(())
}
