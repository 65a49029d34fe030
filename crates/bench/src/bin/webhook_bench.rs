//! `yijin-webhook-bench`: how many events per second one webhook worker delivers to a fast
//! receiver on loopback, against a fresh database of its own.
//!
//! N events (default 5000) are written to the outbox for one endpoint that subscribes to them;
//! then one worker (the server's: fan-out, leased claims, signed POSTs, recorded answers) runs
//! until every attempt has succeeded. The baseline is the same number of unsigned POSTs sent
//! by the same kind of client, at the same concurrency, straight to the receiver: what the
//! network path alone allows. Both are printed, with their ratio.
//!
//! ```sh
//! cargo run --release -p bench --bin yijin-webhook-bench                   # SQLite
//! cargo run --release -p bench --bin yijin-webhook-bench -- \
//!   --admin-url postgres://postgres@127.0.0.1:5432/postgres                # PostgreSQL
//! ```

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::routing::post;
use clap::Parser;
use kernel::outbox::{NewEvent, Tenants};
use kernel::{Actor, Clock, EventType, Role};
use migrations::{Migrator, MigratorTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};
use secrecy::SecretString;
use uuid::Uuid;
use webhooks::entity::attempt::{self, AttemptStatus};

#[derive(Parser, Debug)]
#[command(name = "yijin-webhook-bench", about = "Webhook worker throughput")]
struct Args {
    /// A PostgreSQL server to create a fresh database on (dropped afterwards); without it, a
    /// fresh SQLite file under a temporary directory.
    #[arg(long)]
    admin_url: Option<String>,
    /// Events to deliver.
    #[arg(long, default_value_t = 5000)]
    events: usize,
    /// Attempts one worker claims and sends concurrently (`YIJIN_WEBHOOK_BATCH`).
    #[arg(long, default_value_t = 64)]
    batch: u64,
}

async fn receiver() -> anyhow::Result<(String, Arc<AtomicU64>)> {
    let count = Arc::new(AtomicU64::new(0));
    let c = Arc::clone(&count);
    let app = Router::new().route(
        "/hooks",
        post(move || {
            c.fetch_add(1, Ordering::Relaxed);
            async { "ok" }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/hooks", listener.local_addr()?);
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Ok((url, count))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let suffix = format!("{}_{}", std::process::id(), Uuid::now_v7().simple());
    let (url, admin, dir) = match &args.admin_url {
        Some(admin) => {
            let name = format!("yijin_webhook_bench_{suffix}");
            let db = sea_orm::Database::connect(admin.as_str()).await?;
            db.execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                .await?;
            db.close().await?;
            let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
            (format!("{base}/{name}"), Some((admin.clone(), name)), None)
        }
        None => {
            let dir = std::env::temp_dir().join(format!("yijin-webhook-bench-{suffix}"));
            std::fs::create_dir_all(&dir)?;
            let url = format!("sqlite://{}", dir.join("bench.db").display());
            (url, None, Some(dir))
        }
    };
    let db = kernel::db::connect(&url, 10).await?;
    Migrator::up(&db, None).await?;
    let (hook, received) = receiver().await?;

    let mut config = gateway::config::WebhookConfig::with_key(SecretString::from(
        "bench-webhook-key-0123456789abcdefghij",
    ));
    config.batch = args.batch;
    let platform =
        Actor::new("bench", Role::PlatformAdmin, None, None).map_err(|e| anyhow::anyhow!("{e}"))?;
    let key = config.sealing_key();
    let endpoint = webhooks::endpoint::NewEndpoint {
        url: hook.clone(),
        event_types: vec![EventType::CertificationListed],
        description: None,
    };
    kernel::db::write(&db, async |txn| {
        webhooks::endpoint::register(txn, &platform, &Clock::System, &key, endpoint).await
    })
    .await
    .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    for chunk in 0..args.events.div_ceil(500) {
        let n = (args.events - chunk * 500).min(500);
        kernel::db::write(&db, async |txn| {
            for _ in 0..n {
                kernel::outbox::enqueue(
                    txn,
                    &Clock::System,
                    NewEvent {
                        event_type: EventType::CertificationListed.as_str().into(),
                        aggregate_type: "Certification".into(),
                        aggregate_id: Uuid::now_v7(),
                        tenants: Tenants::default(),
                        payload: serde_json::json!({ "state": "LISTED", "certificateNo": "FP-2020-0001" }),
                        occurred_at: chrono::Utc::now(),
                    },
                )
                .await?;
            }
            Ok(())
        })
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    }

    // Baseline: plain POSTs of a similar body, `batch` at a time.
    let client = reqwest::Client::new();
    let body = vec![b'x'; 300];
    let started = Instant::now();
    let mut sent = 0;
    while sent < args.events {
        let n = (args.events - sent).min(usize::try_from(args.batch).unwrap_or(64));
        let posts = (0..n).map(|_| client.post(&hook).body(body.clone()).send());
        for r in futures_util::future::join_all(posts).await {
            r?;
        }
        sent += n;
    }
    let baseline = started.elapsed();
    received.store(0, Ordering::Relaxed);

    let worker = gateway::webhooks::worker::Worker::new(
        db.clone(),
        config,
        Clock::System,
        webhooks::address::Policy::Development,
    )?;
    let started = Instant::now();
    let total = u64::try_from(args.events)?;
    loop {
        worker.round().await?;
        let done = attempt::Entity::find()
            .filter(attempt::Column::Status.eq(AttemptStatus::Succeeded))
            .count(&db)
            .await?;
        if done >= total {
            break;
        }
        if started.elapsed() > Duration::from_secs(600) {
            anyhow::bail!("not done after 10 minutes: {done} of {total}");
        }
    }
    let delivered = started.elapsed();
    let rate = |d: Duration| args.events as f64 / d.as_secs_f64();
    println!(
        "database: {}",
        if admin.is_some() {
            "PostgreSQL"
        } else {
            "SQLite"
        }
    );
    println!("events: {}, batch: {}", args.events, args.batch);
    println!(
        "baseline (plain POSTs): {:.0} requests/s ({:.2} s)",
        rate(baseline),
        baseline.as_secs_f64()
    );
    println!(
        "worker (fan-out, claim, sign, POST, record): {:.0} events/s ({:.2} s), {:.2} of baseline",
        rate(delivered),
        delivered.as_secs_f64(),
        baseline.as_secs_f64() / delivered.as_secs_f64()
    );
    println!("receiver counted {}", received.load(Ordering::Relaxed));
    db.close().await?;
    if let Some((admin, name)) = admin {
        let db = sea_orm::Database::connect(admin.as_str()).await?;
        db.execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
            .await?;
    }
    if let Some(dir) = dir {
        std::fs::remove_dir_all(dir)?;
    }
    Ok(())
}
