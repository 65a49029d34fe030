#![expect(
    clippy::unwrap_used,
    reason = "a fixture that cannot be built must fail the test"
)]

//! `kill -9` during webhook delivery: 1,000 events queued, the server killed while it sends
//! them and started again. Every event arrives at least once; an event arrives twice only if
//! its attempt was in flight at the kill (its first arrival came before the kill), and the
//! second arrival carries the same `webhook-id`.

use std::collections::HashMap;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::Router;
use axum::http::HeaderMap;
use axum::routing::post;
use kernel::outbox::{NewEvent, Tenants};
use kernel::{Actor, Clock, EventType, Role};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use webhooks::entity::attempt;

const KEY: &str = "crash-test-webhook-key-0123456789abcdef";
const EVENTS: usize = 1000;
const BATCH: usize = 50;

type Arrivals = Arc<Mutex<Vec<(String, Instant)>>>;

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap()
}

fn serve(database_url: &str, data: &std::path::Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_yijin"))
        .args(["serve"])
        .env_remove("YIJIN_ENV")
        .env("DATABASE_URL", database_url)
        .env("YIJIN_DATA_DIR", data)
        .env("YIJIN_ADDR", format!("127.0.0.1:{}", free_port()))
        .env("YIJIN_WEBHOOK_KEY", KEY)
        .env("YIJIN_WEBHOOK_TIMEOUT_MS", "1000")
        .env("YIJIN_WEBHOOK_BATCH", BATCH.to_string())
        .env("YIJIN_WEBHOOK_POLL_MS", "50")
        .env("YIJIN_LEDGER_SEALER", "false")
        .env(
            "RUST_LOG",
            if std::env::var_os("TEST_LOG").is_some() {
                "info,sqlx=warn"
            } else {
                "warn"
            },
        )
        .stdout(Stdio::null())
        .stderr(if std::env::var_os("TEST_LOG").is_some() {
            Stdio::inherit()
        } else {
            Stdio::null()
        })
        .spawn()
        .unwrap()
}

async fn wait_until(timeout: Duration, mut done: impl FnMut() -> bool) -> bool {
    let end = Instant::now() + timeout;
    while Instant::now() < end {
        if done() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    done()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_event_arrives_after_a_kill_and_only_in_flight_ones_twice() {
    let database = testkit::db::fresh().await.unwrap();
    let db = kernel::db::connect(&database.url, 5).await.unwrap();
    let data = std::env::temp_dir().join(format!("yijin-crash-{}", uuid::Uuid::now_v7()));

    // A receiver that takes 20 ms per request, so that a batch is in flight most of the time.
    let arrivals: Arrivals = Arc::default();
    let log = Arc::clone(&arrivals);
    let app = Router::new().route(
        "/hooks",
        post(move |headers: HeaderMap| {
            let log = Arc::clone(&log);
            async move {
                let id = headers
                    .get("webhook-id")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_owned();
                log.lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push((id, Instant::now()));
                tokio::time::sleep(Duration::from_millis(20)).await;
                "ok"
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hooks", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });

    // The endpoint, and 1,000 events queued before the server starts.
    let platform = Actor::new("crash", Role::PlatformAdmin, None, None).unwrap();
    let key = webhooks::SecretKey::from_passphrase(KEY.as_bytes());
    let endpoint = webhooks::endpoint::NewEndpoint {
        url,
        event_types: vec![EventType::CertificationListed],
        description: None,
    };
    kernel::db::write(&db, async |txn| {
        webhooks::endpoint::register(txn, &platform, &Clock::System, &key, endpoint).await?;
        for _ in 0..EVENTS {
            kernel::outbox::enqueue(
                txn,
                &Clock::System,
                NewEvent {
                    event_type: EventType::CertificationListed.as_str().into(),
                    aggregate_type: "Certification".into(),
                    aggregate_id: uuid::Uuid::now_v7(),
                    tenants: Tenants::default(),
                    payload: serde_json::json!({}),
                    occurred_at: chrono::Utc::now(),
                },
            )
            .await?;
        }
        Ok(())
    })
    .await
    .unwrap();

    let count = || {
        arrivals
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    };
    let mut server = serve(&database.url, &data);
    let started = wait_until(Duration::from_secs(60), || count() >= 300).await;
    let exited = server.try_wait().unwrap();
    assert!(
        exited.is_none(),
        "the server exited early: {exited:?} ({})",
        database.url
    );
    // kill -9: no shutdown, no chance to record the batch in hand.
    server.kill().unwrap();
    server.wait().unwrap();
    let killed_at = Instant::now();
    assert!(
        started,
        "the first server delivered {} before the deadline",
        count()
    );
    let before_kill = count();
    assert!(before_kill < EVENTS, "the kill came during delivery");

    let mut server = serve(&database.url, &data);
    let distinct = || {
        let a = arrivals.lock().unwrap_or_else(PoisonError::into_inner);
        a.iter()
            .map(|(id, _)| id.clone())
            .collect::<std::collections::HashSet<_>>()
            .len()
    };
    let all = wait_until(Duration::from_secs(180), || distinct() >= EVENTS).await;
    // The attempts in flight at the kill are sent again once their lease lapses (2 × 1 s + 5 s):
    // wait until the database records every attempt as delivered.
    let end = Instant::now() + Duration::from_secs(120);
    let mut succeeded = 0;
    while Instant::now() < end {
        succeeded = attempt::Entity::find()
            .filter(attempt::Column::Status.eq(attempt::AttemptStatus::Succeeded))
            .count(&db)
            .await
            .unwrap();
        if succeeded >= EVENTS as u64 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    server.kill().unwrap();
    server.wait().unwrap();
    let _ = std::fs::remove_dir_all(&data);
    assert!(all, "only {} of {EVENTS} events arrived", distinct());
    assert_eq!(
        succeeded, EVENTS as u64,
        "every attempt recorded as delivered"
    );

    let arrivals = arrivals
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone();
    let mut by_id: HashMap<&str, Vec<Instant>> = HashMap::new();
    for (id, at) in &arrivals {
        by_id.entry(id.as_str()).or_default().push(*at);
    }
    assert_eq!(by_id.len(), EVENTS);
    let twice: Vec<_> = by_id.iter().filter(|(_, at)| at.len() > 1).collect();
    for (id, at) in &twice {
        assert_eq!(at.len(), 2, "{id} arrived {} times", at.len());
        assert!(
            at[0] < killed_at,
            "{id}: a duplicate that was not in flight at the kill"
        );
        assert!(at[1] > killed_at);
    }
    assert!(
        twice.len() <= BATCH,
        "{} duplicates; at most one claimed batch ({BATCH}) was in flight",
        twice.len()
    );
    eprintln!(
        "kill -9 after {before_kill} arrivals: {} duplicates of in-flight events, {} arrivals in all",
        twice.len(),
        arrivals.len()
    );
}
