//! `yijin-bench`: a closed-loop load generator for a running yijin server.
//!
//! N connections each send a request, wait for the answer, and send the next, for D seconds
//! after a warm-up; the tool prints requests/s and latency percentiles per scenario and, with
//! `--scenario all`, each scenario's throughput as a ratio to `GET /healthz` measured in the same
//! run, so figures from different machines can be compared. It only targets loopback addresses.
//!
//! ```sh
//! cargo run --release -p gateway -- seed --demo
//! cargo run --release -p gateway &
//! cargo run --release -p bench -- --scenario all --connections 16 --duration 10s \
//!   --token "$(cargo run -q --release -p gateway -- mint-token --role PLATFORM_ADMIN)"
//! ```

use std::net::IpAddr;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use clap::Parser;
use serde_json::{Value, json};

#[derive(Parser, Debug)]
#[command(
    name = "yijin-bench",
    about = "Load generator for a running yijin server (loopback only)"
)]
struct Args {
    /// Base URL of the server.
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    url: String,
    /// Concurrent connections.
    #[arg(long, default_value_t = 16)]
    connections: usize,
    /// Measured time per scenario: 500ms, 10s, 1m.
    #[arg(long, default_value = "10s", value_parser = parse_duration)]
    duration: Duration,
    /// Unmeasured warm-up per scenario.
    #[arg(long, default_value = "2s", value_parser = parse_duration)]
    warmup: Duration,
    /// healthz, graphql-viewer, graphql-projects, graphql-catalogue, custom (with --query), or
    /// all. The catalogue scenario reads the zone of the first project a ZONE store serves (the
    /// demo seed has one), as a platform token sees it.
    #[arg(long, default_value = "all")]
    scenario: String,
    /// Bearer token for the GraphQL scenarios.
    #[arg(long, env = "YIJIN_BENCH_TOKEN")]
    token: Option<String>,
    /// The GraphQL query of the `custom` scenario.
    #[arg(long)]
    query: Option<String>,
    /// One JSON object per scenario instead of a table.
    #[arg(long)]
    json: bool,
    /// A running `yijin-ceiling` (bare async-graphql on the same stack): with `--scenario all`,
    /// its `{ __typename }` and its catalogue page are measured too, and yijin's viewer and
    /// catalogue reported as ratios to them.
    #[arg(long)]
    ceiling_url: Option<String>,
}

/// One kind of request. New scenarios (the catalogue, the ledger) are added here.
#[derive(Debug, Clone)]
struct Scenario {
    name: &'static str,
    /// `None`: `GET /healthz`; `Some(query)`: `POST /graphql`.
    query: Option<String>,
    /// Another server than `--url` (the ceiling).
    base: Option<String>,
    /// Projects taken in turn, one per request, in place of `PROJECT` in the query.
    rotate: Option<std::sync::Arc<Rotation>>,
    /// A writer changes a listing's price ten times a second while this scenario runs.
    with_writes: bool,
}

#[derive(Debug, Default)]
struct Rotation {
    projects: Vec<String>,
    next: std::sync::atomic::AtomicUsize,
}

impl Rotation {
    fn next(&self) -> &str {
        let i = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.projects
            .get(i % self.projects.len().max(1))
            .map_or("", String::as_str)
    }
}

const VIEWER: &str = "{ viewer { role } }";
const PROJECTS: &str = "{ projects(first: 20) { totalCount nodes { id name householdCount city { name } enterprise { name } } } }";
/// A page of 20 listings as an APP shows the zone: price, supplier, origin county and badge.
const CATALOGUE: &str = "query { catalogue(projectId: \"PROJECT\", first: 20) { totalCount pageInfo { hasNextPage endCursor } nodes { id priceYuan pricePerJin featured product { name jinPerUnit inStock images origin { name displayName } supplier { name } certification { certificateNo validTo } } } } }";
/// The zones, found before the scenarios run: stores and their projects only. With their
/// listings this one request (10,000 listings across 1,000 zones, a statement per store)
/// would be a large part of the server's memory before any scenario starts, so only the first
/// zones (the demo's, made first) are asked for their listings afterwards ([`ZONE_LISTINGS`]).
const ZONES: &str = "{ stores { id kind projects { id } } }";
/// How many of the first zones are compared for the fullest.
const ZONES_COMPARED: usize = 20;
const ZONE_LISTINGS: &str =
    "zZ: node(id: \"STORE\") { ... on Store { listings { product { id } } } }";
/// What the writer of `graphql-catalogue-under-writes` sends: a new price for one listing.
const PUT_LISTING: &str =
    "mutation($i: PutListingInput!) { putListing(input: $i) { userErrors { code message } } }";

fn catalogue(project: &str) -> Scenario {
    Scenario {
        name: "graphql-catalogue",
        query: Some(CATALOGUE.replace("PROJECT", project)),
        base: None,
        rotate: None,
        with_writes: false,
    }
}

/// The zones of the database: each one's store id, first project and first listed product.
struct Zones {
    /// Every project a ZONE store serves, the fullest zone's first.
    projects: Vec<String>,
    /// A store and a product it lists, for the writer.
    listing: Option<(String, String)>,
}

async fn zones(client: &reqwest::Client, args: &Args) -> anyhow::Result<Zones> {
    let probe = Scenario {
        name: "zones",
        query: Some(ZONES.into()),
        base: None,
        rotate: None,
        with_writes: false,
    };
    let (_, body) = send(client, args, &probe)
        .await
        .with_context(|| format!("{} is not reachable", args.url))?;
    let stores = body
        .as_ref()
        .and_then(|b| b.pointer("/data/stores"))
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut zones: Vec<&Value> = stores.iter().filter(|s| s["kind"] == "ZONE").collect();
    // The fullest of the first zones first: the single-project scenarios read a page of 20
    // when one exists.
    let compared = zones.len().min(ZONES_COMPARED);
    let aliases: Vec<String> = zones[..compared]
        .iter()
        .enumerate()
        .filter_map(|(i, z)| {
            let store = z["id"].as_str()?;
            Some(
                ZONE_LISTINGS
                    .replace("STORE", store)
                    .replacen('Z', &i.to_string(), 1),
            )
        })
        .collect();
    let listings = Scenario {
        name: "zone listings",
        query: Some(format!("{{ {} }}", aliases.join(" "))),
        ..probe
    };
    let (_, body) = send(client, args, &listings).await?;
    let listed = |i: usize| {
        body.as_ref()
            .and_then(|b| b.pointer(&format!("/data/z{i}/listings")))
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    let fullest = (0..compared).max_by_key(|&i| (listed(i).len(), std::cmp::Reverse(i)));
    if let Some(i) = fullest {
        zones.swap(0, i);
    }
    let projects = zones
        .iter()
        .filter_map(|s| s.pointer("/projects/0/id").and_then(Value::as_str))
        .map(str::to_owned)
        .collect();
    let listing = fullest.and_then(|i| {
        let store = zones.first()?["id"].as_str()?;
        let product = listed(i)
            .first()?
            .pointer("/product/id")?
            .as_str()?
            .to_owned();
        Some((store.to_owned(), product))
    });
    Ok(Zones { projects, listing })
}

/// Changes one listing's price ten times a second until `stop_at`; returns the writes made.
async fn write_prices(
    client: reqwest::Client,
    args: Args,
    listing: (String, String),
    stop_at: Instant,
) -> anyhow::Result<u64> {
    let mut writes = 0u64;
    while Instant::now() < stop_at {
        let input = json!({ "i": { "storeId": listing.0, "productId": listing.1, "storePrice": 1000 + writes % 100 } });
        let mut request = client
            .post(format!("{}/graphql", args.url))
            .json(&json!({ "query": PUT_LISTING, "variables": input }));
        if let Some(token) = &args.token {
            request = request.bearer_auth(token);
        }
        let body: Value = request.send().await?.json().await?;
        if body.pointer("/data/putListing/userErrors/0").is_some() || has_errors(Some(&body)) {
            bail!("the writer's putListing failed: {body}");
        }
        writes += 1;
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok(writes)
}

fn scenarios(args: &Args, zones: &Zones) -> anyhow::Result<Vec<Scenario>> {
    let zone = zones.projects.first().map(String::as_str);
    let rotating = Scenario {
        name: "graphql-catalogue-rotating",
        query: Some(CATALOGUE.into()),
        base: None,
        rotate: Some(std::sync::Arc::new(Rotation {
            projects: zones.projects.clone(),
            next: std::sync::atomic::AtomicUsize::new(0),
        })),
        with_writes: false,
    };
    let under_writes = zone.map(|project| Scenario {
        name: "graphql-catalogue-under-writes",
        with_writes: true,
        ..catalogue(project)
    });
    let healthz = Scenario {
        name: "healthz",
        query: None,
        base: None,
        rotate: None,
        with_writes: false,
    };
    let viewer = Scenario {
        name: "graphql-viewer",
        query: Some(VIEWER.into()),
        base: None,
        rotate: None,
        with_writes: false,
    };
    let projects = Scenario {
        name: "graphql-projects",
        query: Some(PROJECTS.into()),
        base: None,
        rotate: None,
        with_writes: false,
    };
    Ok(match args.scenario.as_str() {
        "healthz" => vec![healthz],
        "graphql-viewer" => vec![viewer],
        "graphql-projects" => vec![projects],
        "graphql-catalogue" => vec![catalogue(zone.context(
            "no ZONE store serves a project: load the demo with `yijin seed --demo`",
        )?)],
        "graphql-catalogue-rotating" => vec![rotating],
        "graphql-catalogue-under-writes" => {
            vec![under_writes.context(
                "no ZONE store serves a project: load the demo with `yijin seed --demo`",
            )?]
        }
        "custom" => vec![Scenario {
            base: None,
            rotate: None,
            with_writes: false,
            name: "custom",
            query: Some(
                args.query
                    .clone()
                    .context("--scenario custom needs --query")?,
            ),
        }],
        "all" => {
            let mut all = vec![healthz, viewer, projects];
            match zone {
                Some(project) => all.push(catalogue(project)),
                None => eprintln!("no ZONE store serves a project: skipping graphql-catalogue"),
            }
            if let Some(ceiling) = &args.ceiling_url {
                all.push(Scenario {
                    name: "ceiling-typename",
                    query: Some("{ __typename }".into()),
                    base: Some(ceiling.clone()),
                    rotate: None,
                    with_writes: false,
                });
                all.push(Scenario {
                    name: "ceiling-catalogue",
                    query: Some(CATALOGUE.replace("PROJECT", "any")),
                    base: Some(ceiling.clone()),
                    rotate: None,
                    with_writes: false,
                });
            }
            if let Some(q) = &args.query {
                all.push(Scenario {
                    base: None,
                    rotate: None,
                    with_writes: false,
                    name: "custom",
                    query: Some(q.clone()),
                });
            }
            all
        }
        other => bail!("unknown scenario {other}"),
    })
}

#[derive(Debug, Default)]
struct Tally {
    latencies_us: Vec<u32>,
    http_errors: u64,
    graphql_errors: u64,
    transport_errors: u64,
}

#[derive(Debug)]
struct Report {
    name: &'static str,
    requests: usize,
    per_second: f64,
    errors: (u64, u64, u64),
    p50_ms: f64,
    p90_ms: f64,
    p99_ms: f64,
    max_ms: f64,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    check_loopback(&args.url)?;
    if let Some(ceiling) = &args.ceiling_url {
        check_loopback(ceiling)?;
    }
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(args.connections)
        .timeout(Duration::from_secs(30))
        .build()?;
    let zones = match args.scenario.as_str() {
        "healthz" | "graphql-viewer" | "graphql-projects" | "custom" => Zones {
            projects: Vec::new(),
            listing: None,
        },
        _ => zones(&client, &args).await?,
    };
    let mut reports = Vec::new();
    for scenario in scenarios(&args, &zones)? {
        probe(&client, &args, &scenario).await?;
        let writer = match (&zones.listing, scenario.with_writes) {
            (Some(listing), true) => {
                let stop_at = Instant::now() + args.warmup + args.duration;
                let writer_args = Args {
                    token: args.token.clone(),
                    url: args.url.clone(),
                    query: None,
                    scenario: String::new(),
                    ceiling_url: None,
                    ..args
                };
                Some(tokio::spawn(write_prices(
                    client.clone(),
                    writer_args,
                    listing.clone(),
                    stop_at,
                )))
            }
            (None, true) => bail!("no zone listing to write to"),
            _ => None,
        };
        let report = run(&client, &args, &scenario).await;
        if let Some(writer) = writer {
            let writes = writer.await??;
            eprintln!(
                "{}: {writes} listing writes beside the reads",
                scenario.name
            );
        }
        print_report(&report, reports.first(), args.json);
        reports.push(report);
    }
    print_ceiling_ratios(&reports);
    Ok(())
}

/// yijin against bare async-graphql on the same stack, when the ceiling was measured.
fn print_ceiling_ratios(reports: &[Report]) {
    let rate = |name: &str| {
        reports
            .iter()
            .find(|r| r.name == name)
            .map(|r| r.per_second)
            .filter(|r| *r > 0.0)
    };
    for (ours, ceiling) in [
        ("graphql-viewer", "ceiling-typename"),
        ("graphql-catalogue", "ceiling-catalogue"),
    ] {
        if let (Some(a), Some(b)) = (rate(ours), rate(ceiling)) {
            println!("{ours} / {ceiling}: {:.3}", a / b);
        }
    }
}

/// Refuses any target but this machine: load is only ever sent to loopback here.
fn check_loopback(url: &str) -> anyhow::Result<()> {
    let rest = url
        .strip_prefix("http://")
        .context("--url must start with http://")?;
    let authority = rest.split('/').next().unwrap_or_default();
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => authority.rsplit_once(':').map_or(authority, |(h, _)| h),
    };
    let loopback = host == "localhost" || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback());
    if !loopback {
        bail!("refusing to load {host}: yijin-bench only targets loopback addresses");
    }
    Ok(())
}

async fn send(
    client: &reqwest::Client,
    args: &Args,
    scenario: &Scenario,
) -> Result<(u16, Option<Value>), reqwest::Error> {
    match &scenario.query {
        None => {
            let response = client.get(format!("{}/healthz", args.url)).send().await?;
            let status = response.status().as_u16();
            response.bytes().await?;
            Ok((status, None))
        }
        Some(query) => {
            let rotated;
            let query = match &scenario.rotate {
                Some(rotation) => {
                    rotated = query.replace("PROJECT", rotation.next());
                    &rotated
                }
                None => query,
            };
            let base = scenario.base.as_deref().unwrap_or(&args.url);
            let mut request = client
                .post(format!("{base}/graphql"))
                .json(&json!({ "query": query }));
            if let Some(token) = &args.token {
                request = request.bearer_auth(token);
            }
            let response = request.send().await?;
            let status = response.status().as_u16();
            Ok((status, response.json().await.ok()))
        }
    }
}

fn has_errors(body: Option<&Value>) -> bool {
    body.and_then(|b| b.get("errors"))
        .and_then(Value::as_array)
        .is_some_and(|e| !e.is_empty())
}

/// One request before the run, so a wrong URL or token fails loudly instead of measuring errors.
async fn probe(client: &reqwest::Client, args: &Args, scenario: &Scenario) -> anyhow::Result<()> {
    let (status, body) = send(client, args, scenario)
        .await
        .with_context(|| format!("{} is not reachable", args.url))?;
    if !(200..300).contains(&status) || has_errors(body.as_ref()) {
        bail!(
            "{}: HTTP {status}: {}",
            scenario.name,
            body.map(|b| b.to_string()).unwrap_or_default()
        );
    }
    Ok(())
}

async fn run(client: &reqwest::Client, args: &Args, scenario: &Scenario) -> Report {
    let warm_until = Instant::now() + args.warmup;
    let stop_at = warm_until + args.duration;
    let tasks: Vec<_> = (0..args.connections)
        .map(|_| {
            let (client, scenario) = (client.clone(), scenario.clone());
            let args = Args {
                token: args.token.clone(),
                url: args.url.clone(),
                query: None,
                scenario: String::new(),
                ceiling_url: None,
                ..*args
            };
            tokio::spawn(async move {
                let mut tally = Tally::default();
                while Instant::now() < stop_at {
                    let started = Instant::now();
                    let outcome = send(&client, &args, &scenario).await;
                    if started < warm_until {
                        continue;
                    }
                    match outcome {
                        Err(_) => tally.transport_errors += 1,
                        Ok((status, _)) if !(200..300).contains(&status) => tally.http_errors += 1,
                        Ok((_, body)) if has_errors(body.as_ref()) => tally.graphql_errors += 1,
                        Ok(_) => tally
                            .latencies_us
                            .push(u32::try_from(started.elapsed().as_micros()).unwrap_or(u32::MAX)),
                    }
                }
                tally
            })
        })
        .collect();
    let mut all = Tally::default();
    for task in tasks {
        if let Ok(t) = task.await {
            all.latencies_us.extend(t.latencies_us);
            all.http_errors += t.http_errors;
            all.graphql_errors += t.graphql_errors;
            all.transport_errors += t.transport_errors;
        }
    }
    all.latencies_us.sort_unstable();
    let ms = |q: f64| f64::from(percentile(&all.latencies_us, q)) / 1000.0;
    Report {
        name: scenario.name,
        requests: all.latencies_us.len(),
        per_second: all.latencies_us.len() as f64 / args.duration.as_secs_f64(),
        errors: (all.http_errors, all.graphql_errors, all.transport_errors),
        p50_ms: ms(0.50),
        p90_ms: ms(0.90),
        p99_ms: ms(0.99),
        max_ms: ms(1.0),
    }
}

/// The value at quantile `q` of sorted samples (nearest rank).
fn percentile(sorted: &[u32], q: f64) -> u32 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = (q * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn print_report(report: &Report, baseline: Option<&Report>, json: bool) {
    let ratio = baseline
        .filter(|b| b.per_second > 0.0)
        .map(|b| report.per_second / b.per_second);
    if json {
        let line = json!({
            "scenario": report.name, "requests": report.requests, "requests_per_second": report.per_second,
            "ratio_to_healthz": ratio, "http_errors": report.errors.0, "graphql_errors": report.errors.1,
            "transport_errors": report.errors.2, "p50_ms": report.p50_ms, "p90_ms": report.p90_ms,
            "p99_ms": report.p99_ms, "max_ms": report.max_ms,
        });
        println!("{line}");
        return;
    }
    let ratio = ratio.map_or_else(|| "baseline".to_owned(), |r| format!("{r:.3}x of healthz"));
    println!(
        "{:<18} {:>9.1} req/s  {:<18} p50 {:>7.2} ms  p90 {:>7.2} ms  p99 {:>7.2} ms  max {:>7.2} ms  errors http/graphql/transport {}/{}/{}  ({} requests)",
        report.name,
        report.per_second,
        ratio,
        report.p50_ms,
        report.p90_ms,
        report.p99_ms,
        report.max_ms,
        report.errors.0,
        report.errors.1,
        report.errors.2,
        report.requests
    );
}

fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (number, unit) = s.split_at(split);
    let n: u64 = number
        .parse()
        .map_err(|_| format!("bad duration {s:?}: use 500ms, 10s or 1m"))?;
    match unit {
        "ms" => Ok(Duration::from_millis(n)),
        "s" | "" => Ok(Duration::from_secs(n)),
        "m" => Ok(Duration::from_secs(n * 60)),
        _ => Err(format!("bad duration unit in {s:?}: use ms, s or m")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse() {
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("10s"), Ok(Duration::from_secs(10)));
        assert_eq!(parse_duration("1m"), Ok(Duration::from_secs(60)));
        assert!(parse_duration("1h").is_err());
        assert!(parse_duration("fast").is_err());
    }

    #[test]
    fn percentiles_use_the_nearest_rank() {
        let samples: Vec<u32> = (1..=100).collect();
        assert_eq!(percentile(&samples, 0.5), 50);
        assert_eq!(percentile(&samples, 0.99), 99);
        assert_eq!(percentile(&samples, 1.0), 100);
        assert_eq!(percentile(&[], 0.5), 0);
    }

    #[test]
    fn only_loopback_is_a_target() {
        for ok in [
            "http://127.0.0.1:8080",
            "http://localhost:1/x",
            "http://[::1]:8080",
            "http://127.9.9.9",
        ] {
            assert!(check_loopback(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://10.0.0.1:8080",
            "http://example.com",
            "https://127.0.0.1",
            "http://192.168.1.2:80",
        ] {
            assert!(check_loopback(bad).is_err(), "{bad}");
        }
    }
}
