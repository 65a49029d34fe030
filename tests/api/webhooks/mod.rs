#![expect(
    clippy::unwrap_used,
    reason = "a fixture that cannot be built must fail the test"
)]

//! Webhooks over real HTTP: receivers on loopback get signed events (verified with the
//! Standard Webhooks reference library), retried with backoff, timed out, disabled by 410,
//! redelivered on request, and never another tenant's.

mod receiver;
mod reference;

use std::time::Duration;

use chrono::{DateTime, Utc};
use kernel::outbox::{NewEvent, Tenants};
use kernel::{Clock, EventType};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::{TestApp, assert_hidden, error_code, spawn_with};
use crate::products::{active_product, certify, supplier, supplier_token};
use receiver::Receiver;

const WAIT: Duration = Duration::from_secs(20);

/// A server whose worker retries after 300 ms, 600 ms and 1.2 s and waits 700 ms for an answer.
async fn spawn_webhooks() -> TestApp {
    spawn_with(|c| {
        c.clock = Clock::shifted();
        c.webhooks.schedule = webhooks::Schedule {
            delays: vec![
                Duration::from_millis(300),
                Duration::from_millis(600),
                Duration::from_millis(1200),
            ],
        };
        c.webhooks.timeout = Duration::from_millis(700);
        c.webhooks.poll_interval = Duration::from_millis(50);
    })
    .await
}

const CREATE: &str = "mutation($i: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $i) { webhookEndpoint { id enabled } secret userErrors { field code } } }";

/// Registers an endpoint for `url`; returns its id and secret.
async fn register(app: &TestApp, token: &str, url: &str, types: Value) -> (String, String) {
    let body = app
        .gql(
            token,
            CREATE,
            json!({ "i": { "url": url, "eventTypes": types, "description": "测试" } }),
        )
        .await;
    let p = &body["data"]["createWebhookEndpoint"];
    let id = p["webhookEndpoint"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{body}"));
    (id.to_owned(), p["secret"].as_str().unwrap().to_owned())
}

/// Writes an event straight into the outbox, as a producer would.
async fn enqueue(app: &TestApp, t: EventType, aggregate: Uuid) -> Uuid {
    let db = &app.running.state.db;
    kernel::db::write(db, async |txn| {
        kernel::outbox::enqueue(
            txn,
            &Clock::System,
            NewEvent {
                event_type: t.as_str().into(),
                aggregate_type: "Certification".into(),
                aggregate_id: aggregate,
                tenants: Tenants::default(),
                payload: json!({ "id": format!("gid://yijin/Certification/{aggregate}") }),
                occurred_at: Utc::now(),
            },
        )
        .await
    })
    .await
    .unwrap()
    .id
}

const LOG: &str = "query($id: ID!) { webhookEndpoint(id: $id) { enabled disabledReason deliveries(first: 50) { totalCount nodes { eventId eventType attemptNumber startedAt latencyMs statusCode outcome error responseExcerpt } } attempts(first: 50) { nodes { eventId status tries } } } }";

async fn log(app: &TestApp, token: &str, endpoint: &str) -> Value {
    let body = app.gql(token, LOG, json!({ "id": endpoint })).await;
    body["data"]["webhookEndpoint"].clone()
}

/// The log once it has `n` tries: the receiver may have answered before the worker recorded.
async fn log_with(app: &TestApp, token: &str, endpoint: &str, n: usize) -> Value {
    let mut state = Value::Null;
    for _ in 0..200 {
        state = log(app, token, endpoint).await;
        if state["deliveries"]["nodes"].as_array().map_or(0, Vec::len) >= n {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    state
}

fn started(d: &Value) -> DateTime<Utc> {
    d["startedAt"].as_str().unwrap().parse().unwrap()
}

#[tokio::test]
async fn a_supplier_receives_its_own_certification_events_signed_as_the_reference_library_verifies()
{
    let app = spawn_webhooks().await;
    let (s1, s2) = (supplier(&app, 1).await, supplier(&app, 2).await);
    let (r1, r2) = (Receiver::ok().await, Receiver::ok().await);
    let types = json!([
        "CERTIFICATION_DECIDED",
        "CERTIFICATION_LISTED",
        "CERTIFICATION_SUSPENDED"
    ]);
    let t1 = supplier_token(&app, s1);
    let (e1, secret) = register(&app, &t1, &r1.url(), types.clone()).await;
    assert!(secret.starts_with("whsec_"));
    let (_e2, _) = register(&app, &supplier_token(&app, s2), &r2.url(), types).await;

    let product = active_product(&app, s1, "平武高山绿茶", 8800).await;
    let certification = certify(&app, s1, &product).await;
    let got = r1.wait_for(2, WAIT).await;
    let kinds: Vec<Value> = got.iter().map(|g| g.json()["type"].clone()).collect();
    assert_eq!(
        kinds,
        vec![
            json!("certification.decided"),
            json!("certification.listed")
        ],
        "in order"
    );
    let listed = got[1].json();
    assert_eq!(listed["data"]["id"], json!(certification));
    assert_eq!(listed["data"]["state"], "LISTED");
    assert_eq!(
        listed["data"]["supplier"]["id"],
        json!(format!("gid://yijin/Supplier/{s1}"))
    );
    assert_eq!(listed["apiVersion"], kernel::event_type::API_VERSION);
    assert_eq!(
        listed["id"],
        json!(got[1].id),
        "the body's id is the webhook-id"
    );

    // A rotation: the new secret and the old one both sign during the overlap.
    let rotated = app.gql(&t1, "mutation($i: RotateWebhookEndpointSecretInput!) { rotateWebhookEndpointSecret(input: $i) { secret webhookEndpoint { previousSecretExpiresAt } userErrors { code } } }", json!({ "i": { "id": e1 } })).await;
    let new_secret = rotated["data"]["rotateWebhookEndpointSecret"]["secret"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_ne!(new_secret, secret);
    assert!(rotated["data"]["rotateWebhookEndpointSecret"]["webhookEndpoint"]["previousSecretExpiresAt"].is_string());
    let suspended = app.gql(&app.platform(), "mutation($i: CertificationCommentInput!) { suspendCertification(input: $i) { certification { id } userErrors { code } } }", json!({ "i": { "id": certification, "comment": "抽检不合格" } })).await;
    assert!(
        suspended["data"]["suspendCertification"]["userErrors"]
            .as_array()
            .unwrap()
            .is_empty(),
        "{suspended}"
    );
    let got = r1.wait_for(3, WAIT).await;
    assert_eq!(got.len(), 3);
    assert_eq!(got[2].json()["type"], "certification.suspended");
    assert_eq!(
        got[2].signature.split(' ').count(),
        2,
        "two signatures during the overlap"
    );

    // Every delivery verifies with the reference library: the first two with the first secret,
    // the third with either.
    let mut checks: Vec<(String, &receiver::Got)> =
        got.iter().map(|g| (secret.clone(), g)).collect();
    checks.push((new_secret.clone(), &got[2]));
    reference::verify(&checks);

    // Another supplier's endpoint got nothing; it cannot see this endpoint either.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        r2.got().is_empty(),
        "another supplier's events: {:?}",
        r2.got()
    );
    let body = app
        .gql(&supplier_token(&app, s2), LOG, json!({ "id": e1 }))
        .await;
    assert_hidden(&body, "webhookEndpoint");

    // The delivery log, as the subscriber reads it: each of the three events delivered once.
    // On a loaded machine an attempt can pass the receiver's timeout first; the log shows that
    // attempt too, and its retry.
    let succeeded = |log: &Value| -> Vec<Value> {
        log["deliveries"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["outcome"] == "SUCCEEDED")
            .cloned()
            .collect()
    };
    let mut log = log_with(&app, &t1, &e1, 3).await;
    for _ in 0..200 {
        if succeeded(&log).len() >= 3 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
        log = log_with(&app, &t1, &e1, 3).await;
    }
    let delivered = succeeded(&log);
    assert_eq!(delivered.len(), 3, "{log}");
    let events: std::collections::HashSet<&str> = delivered
        .iter()
        .map(|d| d["eventId"].as_str().unwrap())
        .collect();
    assert_eq!(events.len(), 3, "three events, each delivered once: {log}");
    for d in &delivered {
        assert_eq!(d["statusCode"], 200);
        assert!(d["responseExcerpt"].as_str().unwrap().starts_with("answer"));
    }
    let deliveries = log["deliveries"]["nodes"].as_array().unwrap();
    assert!(
        deliveries
            .iter()
            .all(|d| d["outcome"] == "SUCCEEDED" || d["outcome"] == "TIMEOUT"),
        "{log}"
    );
    assert_eq!(
        log["deliveries"]["totalCount"].as_u64(),
        Some(deliveries.len() as u64)
    );
}

#[tokio::test]
async fn a_failing_receiver_that_recovers_gets_the_event_after_backoff_and_can_ask_for_it_again() {
    let app = spawn_webhooks().await;
    let r = Receiver::scripted(|n| (if n < 2 { 500 } else { 200 }, Duration::ZERO)).await;
    let admin = app.platform();
    let (e, _) = register(&app, &admin, &r.url(), json!(["CERTIFICATION_LISTED"])).await;
    enqueue(&app, EventType::CertificationListed, Uuid::now_v7()).await;
    let got = r.wait_for(3, WAIT).await;
    assert_eq!(got.len(), 3);
    assert!(got.iter().all(|g| g.id == got[0].id), "one event, one id");
    let log = log_with(&app, &admin, &e, 3).await;
    let d = log["deliveries"]["nodes"].as_array().unwrap();
    let codes: Vec<&Value> = d.iter().map(|d| &d["statusCode"]).collect();
    assert_eq!(codes, vec![&json!(500), &json!(500), &json!(200)], "{log}");
    let numbers: Vec<&Value> = d.iter().map(|d| &d["attemptNumber"]).collect();
    assert_eq!(numbers, vec![&json!(1), &json!(2), &json!(3)]);
    let gap1 = (started(&d[1]) - started(&d[0])).num_milliseconds();
    let gap2 = (started(&d[2]) - started(&d[1])).num_milliseconds();
    assert!(gap1 >= 270, "first retry after about 300 ms: {gap1}");
    assert!(
        gap2 >= 540 && gap2 > gap1,
        "the backoff grows: {gap1} then {gap2}"
    );
    // The attempt's status is the worker's next write after the delivery's.
    let mut settled = log.clone();
    for _ in 0..200 {
        if settled["attempts"]["nodes"][0]["status"] == "SUCCEEDED" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
        settled = log_with(&app, &admin, &e, 3).await;
    }
    assert_eq!(
        settled["attempts"]["nodes"][0]["status"], "SUCCEEDED",
        "{settled}"
    );

    // Redelivery of the one event, then of everything since a time: the same id again.
    let event = d[0]["eventId"].as_str().unwrap();
    let again = app.gql(&admin, "mutation($i: RedeliverWebhookEventsInput!) { redeliverWebhookEvents(input: $i) { redelivered userErrors { code } } }", json!({ "i": { "endpointId": e, "eventId": event } })).await;
    assert_eq!(
        again["data"]["redeliverWebhookEvents"]["redelivered"], 1,
        "{again}"
    );
    let got = r.wait_for(4, WAIT).await;
    assert_eq!(got[3].id, got[0].id);
    let since = app.gql(&admin, "mutation($i: RedeliverWebhookEventsInput!) { redeliverWebhookEvents(input: $i) { redelivered userErrors { code } } }", json!({ "i": { "endpointId": e, "since": "2020-01-01T00:00:00Z" } })).await;
    assert_eq!(
        since["data"]["redeliverWebhookEvents"]["redelivered"], 1,
        "{since}"
    );
    assert_eq!(r.wait_for(5, WAIT).await.len(), 5);
}

#[tokio::test]
async fn a_slow_receiver_times_out_and_is_tried_again() {
    let app = spawn_webhooks().await;
    let r = Receiver::scripted(|n| {
        (
            200,
            if n == 0 {
                Duration::from_secs(3)
            } else {
                Duration::ZERO
            },
        )
    })
    .await;
    let admin = app.platform();
    let (e, _) = register(&app, &admin, &r.url(), json!(["CERTIFICATION_LISTED"])).await;
    enqueue(&app, EventType::CertificationListed, Uuid::now_v7()).await;
    r.wait_for(2, WAIT).await;
    // The log is written when the round's answers are in.
    let mut d = Vec::new();
    for _ in 0..100 {
        d = log(&app, &admin, &e).await["deliveries"]["nodes"]
            .as_array()
            .unwrap()
            .clone();
        if d.len() >= 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(d[0]["outcome"], "TIMEOUT", "{d:?}");
    assert!(d[0]["statusCode"].is_null());
    assert!(d[0]["latencyMs"].as_i64().unwrap() >= 650, "{d:?}");
    assert_eq!(d[1]["outcome"], "SUCCEEDED");
}

#[tokio::test]
async fn a_receiver_answering_410_disables_its_endpoint() {
    let app = spawn_webhooks().await;
    let r = Receiver::scripted(|_| (410, Duration::ZERO)).await;
    let admin = app.platform();
    let (e, _) = register(&app, &admin, &r.url(), json!(["CERTIFICATION_LISTED"])).await;
    enqueue(&app, EventType::CertificationListed, Uuid::now_v7()).await;
    r.wait_for(1, WAIT).await;
    let mut state = Value::Null;
    for _ in 0..100 {
        state = log(&app, &admin, &e).await;
        if state["enabled"] == false {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(state["enabled"], false, "{state}");
    assert!(state["disabledReason"].as_str().unwrap().contains("410"));
    assert_eq!(state["attempts"]["nodes"][0]["status"], "FAILED");
    enqueue(&app, EventType::CertificationListed, Uuid::now_v7()).await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(r.got().len(), 1, "nothing more to a disabled endpoint");
}

#[tokio::test]
async fn two_workers_on_one_database_deliver_each_event_once() {
    let app = spawn_webhooks().await;
    let r = Receiver::scripted(|_| (200, Duration::from_millis(5))).await;
    let admin = app.platform();
    register(&app, &admin, &r.url(), json!(["CERTIFICATION_LISTED"])).await;
    let s = &app.running.state;
    let second = gateway::webhooks::worker::Worker::new(
        s.db.clone(),
        s.config.webhooks.clone(),
        s.clock.clone(),
        s.config.webhook_policy(),
    )
    .unwrap();
    let _second = gateway::webhooks::spawn(second);
    for _ in 0..200 {
        enqueue(&app, EventType::CertificationListed, Uuid::now_v7()).await;
    }
    let got = r.wait_for(200, Duration::from_secs(60)).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let got = r.got().len().max(got.len());
    assert_eq!(got, 200, "each event once");
    assert_eq!(r.overlaps(), 0);
}

#[tokio::test]
async fn endpoints_are_for_subscribers_and_follow_the_url_rules() {
    let app = spawn_webhooks().await;
    let admin = app.platform();
    let refused = app
        .gql(
            &admin,
            CREATE,
            json!({ "i": { "url": "http://example.com/hooks", "eventTypes": ["ORDER_PAID"] } }),
        )
        .await;
    assert_eq!(
        refused["data"]["createWebhookEndpoint"]["userErrors"][0]["code"], "URL_NOT_ALLOWED",
        "{refused}"
    );
    let none = app
        .gql(
            &admin,
            CREATE,
            json!({ "i": { "url": "https://example.com/hooks", "eventTypes": [] } }),
        )
        .await;
    assert_eq!(
        none["data"]["createWebhookEndpoint"]["userErrors"][0]["code"], "BLANK",
        "{none}"
    );
    let reporter = app.token(kernel::Role::Reporter, None, None);
    let body = app
        .gql(
            &reporter,
            CREATE,
            json!({ "i": { "url": "https://example.com/hooks", "eventTypes": ["ORDER_PAID"] } }),
        )
        .await;
    assert_eq!(error_code(&body), Some("FORBIDDEN"), "{body}");
    let body = app
        .gql(
            &reporter,
            "{ webhookEndpoints(first: 5) { nodes { id } } }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&body), Some("FORBIDDEN"), "{body}");
}
