#![expect(
    clippy::unwrap_used,
    reason = "a fixture that cannot be built must fail the test"
)]

//! Fan-out, claims, ordering and answers against a real database (SQLite, or PostgreSQL when
//! `TEST_DATABASE_URL` is set). The HTTP side is tested black-box in `tests/api/webhooks`.

use std::collections::HashSet;
use std::time::Duration;

use chrono::{TimeDelta, Utc};
use kernel::outbox::{NewEvent, Tenants};
use kernel::{Actor, Clock, EventType, OrgKind, OrgRef, Role};
use sea_orm::{DatabaseConnection, EntityTrait};
use uuid::Uuid;
use webhooks::claim::{Claimed, claim};
use webhooks::endpoint::{NewEndpoint, register};
use webhooks::entity::attempt::{self, AttemptStatus};
use webhooks::entity::delivery::Outcome;
use webhooks::entity::endpoint;
use webhooks::outcome::{Sent, record};
use webhooks::{Schedule, SecretKey, Verdict};

fn key() -> SecretKey {
    SecretKey::from_passphrase(b"a-test-passphrase-that-is-long-enough")
}

fn actor(role: Role, kind: Option<OrgKind>) -> (Actor, Option<Uuid>) {
    let id = kind.map(|_| Uuid::now_v7());
    let org = kind.zip(id).map(|(kind, id)| OrgRef { kind, id });
    (Actor::new("tester", role, org, None).unwrap(), id)
}

async fn endpoint_for(db: &DatabaseConnection, who: &Actor, types: &[EventType]) -> Uuid {
    let new = NewEndpoint {
        url: "http://127.0.0.1:9/hooks".into(),
        event_types: types.to_vec(),
        description: None,
    };
    kernel::db::write(db, async |txn| {
        register(txn, who, &Clock::System, &key(), new).await
    })
    .await
    .unwrap()
    .0
    .id
}

async fn event(db: &DatabaseConnection, t: EventType, aggregate: Uuid, tenants: Tenants) -> Uuid {
    kernel::db::write(db, async |txn| {
        kernel::outbox::enqueue(
            txn,
            &Clock::System,
            NewEvent {
                event_type: t.as_str().into(),
                aggregate_type: "Test".into(),
                aggregate_id: aggregate,
                tenants,
                payload: serde_json::json!({"n": 1}),
                occurred_at: Utc::now(),
            },
        )
        .await
    })
    .await
    .unwrap()
    .id
}

async fn fan_out(db: &DatabaseConnection) {
    kernel::db::write(db, async |txn| {
        webhooks::fanout::fan_out(txn, Utc::now(), 1000).await
    })
    .await
    .unwrap();
}

async fn received(db: &DatabaseConnection, endpoint: Uuid) -> HashSet<Uuid> {
    attempt::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .filter(|a| a.endpoint_id == endpoint)
        .map(|a| a.event_id)
        .collect()
}

fn ok(status: u16) -> Sent {
    Sent {
        started_at: Utc::now(),
        latency: Duration::from_millis(3),
        status: Some(status),
        outcome: if status < 300 {
            Outcome::Succeeded
        } else {
            Outcome::HttpError
        },
        error: None,
        response_excerpt: Some("ok".into()),
    }
}

#[tokio::test]
async fn subscribers_receive_only_events_about_objects_they_may_read() {
    let (db, _guard) = testkit::db::migrated().await.unwrap();
    let all = EventType::ALL;
    let (a, a_id) = actor(Role::EnterpriseAdmin, Some(OrgKind::Enterprise));
    let (b, b_id) = actor(Role::EnterpriseAdmin, Some(OrgKind::Enterprise));
    let (s, s_id) = actor(Role::Supplier, Some(OrgKind::Supplier));
    let (platform, _) = actor(Role::PlatformAdmin, None);
    let ea = endpoint_for(&db, &a, all).await;
    let eb = endpoint_for(&db, &b, all).await;
    let es = endpoint_for(&db, &s, all).await;
    let ep = endpoint_for(&db, &platform, all).await;
    let only_listed = endpoint_for(&db, &platform, &[EventType::CertificationListed]).await;

    let of_a = event(
        &db,
        EventType::EnlistmentConfirmed,
        Uuid::now_v7(),
        Tenants {
            enterprise_id: a_id,
            ..Tenants::default()
        },
    )
    .await;
    let of_b = event(
        &db,
        EventType::SalesReportVerified,
        Uuid::now_v7(),
        Tenants {
            enterprise_id: b_id,
            ..Tenants::default()
        },
    )
    .await;
    let of_s = event(
        &db,
        EventType::CertificationListed,
        Uuid::now_v7(),
        Tenants {
            supplier_id: s_id,
            ..Tenants::default()
        },
    )
    .await;
    let of_other_supplier = event(
        &db,
        EventType::CertificationSuspended,
        Uuid::now_v7(),
        Tenants {
            supplier_id: Some(Uuid::now_v7()),
            ..Tenants::default()
        },
    )
    .await;
    fan_out(&db).await;

    assert_eq!(received(&db, ea).await, HashSet::from([of_a]));
    assert_eq!(received(&db, eb).await, HashSet::from([of_b]));
    assert_eq!(
        received(&db, es).await,
        HashSet::from([of_s]),
        "not another supplier's"
    );
    assert_eq!(
        received(&db, ep).await,
        HashSet::from([of_a, of_b, of_s, of_other_supplier])
    );
    assert_eq!(
        received(&db, only_listed).await,
        HashSet::from([of_s]),
        "by type"
    );
    assert!(kernel::outbox::pending(&db, 10).await.unwrap().is_empty());
    fan_out(&db).await;
    assert_eq!(
        attempt::Entity::find().all(&db).await.unwrap().len(),
        8,
        "once"
    );
}

#[tokio::test]
async fn two_workers_never_claim_the_same_attempt() {
    let (db, _guard) = testkit::db::migrated().await.unwrap();
    let (p, _) = actor(Role::PlatformAdmin, None);
    endpoint_for(&db, &p, EventType::ALL).await;
    for _ in 0..120 {
        event(
            &db,
            EventType::CertificationListed,
            Uuid::now_v7(),
            Tenants::default(),
        )
        .await;
    }
    fan_out(&db).await;
    let worker = |name: &'static str| {
        let db = db.clone();
        tokio::spawn(async move {
            let mut mine = Vec::new();
            loop {
                let got = claim(&db, name, Utc::now(), Duration::from_secs(60), 7)
                    .await
                    .unwrap();
                if got.is_empty() {
                    return mine;
                }
                mine.extend(got.into_iter().map(|c| c.attempt.id));
            }
        })
    };
    let (one, two) = (worker("one"), worker("two"));
    let (one, two) = (one.await.unwrap(), two.await.unwrap());
    let all: HashSet<Uuid> = one.iter().chain(&two).copied().collect();
    assert_eq!(all.len(), 120, "every attempt claimed");
    assert_eq!(one.len() + two.len(), 120, "none claimed twice");
}

#[tokio::test]
async fn a_claim_whose_lease_lapsed_is_taken_over_and_the_late_answer_ignored() {
    let (db, _guard) = testkit::db::migrated().await.unwrap();
    let (p, _) = actor(Role::PlatformAdmin, None);
    endpoint_for(&db, &p, EventType::ALL).await;
    event(
        &db,
        EventType::CertificationListed,
        Uuid::now_v7(),
        Tenants::default(),
    )
    .await;
    fan_out(&db).await;
    let now = Utc::now();
    let lease = Duration::from_secs(30);
    let first = claim(&db, "crashed", now, lease, 10).await.unwrap();
    assert_eq!(first.len(), 1);
    assert!(
        claim(&db, "other", now, lease, 10)
            .await
            .unwrap()
            .is_empty(),
        "leased"
    );
    let later = now + TimeDelta::seconds(31);
    let second = claim(&db, "other", later, lease, 10).await.unwrap();
    assert_eq!(second.len(), 1, "taken over after the lease");
    assert_eq!(second[0].attempt.tries, 2);
    // The first worker answers late: logged, but the attempt is the second worker's.
    record(
        &db,
        &Schedule::default(),
        "crashed",
        &first[0],
        ok(200),
        later,
    )
    .await
    .unwrap();
    let a = attempt::Entity::find().one(&db).await.unwrap().unwrap();
    assert_eq!(a.status, AttemptStatus::Pending);
    assert_eq!(a.claimed_by.as_deref(), Some("other"));
    record(
        &db,
        &Schedule::default(),
        "other",
        &second[0],
        ok(204),
        later,
    )
    .await
    .unwrap();
    let a = attempt::Entity::find().one(&db).await.unwrap().unwrap();
    assert_eq!(a.status, AttemptStatus::Succeeded);
}

#[tokio::test]
async fn one_objects_events_reach_an_endpoint_in_order() {
    let (db, _guard) = testkit::db::migrated().await.unwrap();
    let (p, _) = actor(Role::PlatformAdmin, None);
    endpoint_for(&db, &p, EventType::ALL).await;
    let object = Uuid::now_v7();
    let first = event(
        &db,
        EventType::CertificationListed,
        object,
        Tenants::default(),
    )
    .await;
    let second = event(
        &db,
        EventType::CertificationSuspended,
        object,
        Tenants::default(),
    )
    .await;
    let unrelated = event(
        &db,
        EventType::CertificationListed,
        Uuid::now_v7(),
        Tenants::default(),
    )
    .await;
    fan_out(&db).await;
    let now = Utc::now();
    let got = claim(&db, "w", now, Duration::from_secs(30), 10)
        .await
        .unwrap();
    let ids: HashSet<Uuid> = got.iter().map(|c| c.event.id).collect();
    assert_eq!(
        ids,
        HashSet::from([first, unrelated]),
        "the second waits for the first"
    );
    // The first fails and waits for its retry: the second still waits.
    let c = got.iter().find(|c| c.event.id == first).unwrap();
    record(&db, &Schedule::default(), "w", c, ok(503), now)
        .await
        .unwrap();
    assert!(
        claim(&db, "w", now, Duration::from_secs(30), 10)
            .await
            .unwrap()
            .is_empty()
    );
    let retry_at = now + TimeDelta::seconds(6);
    let again: Vec<Claimed> = claim(&db, "w", retry_at, Duration::from_secs(30), 10)
        .await
        .unwrap();
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].event.id, first);
    record(&db, &Schedule::default(), "w", &again[0], ok(200), retry_at)
        .await
        .unwrap();
    let last = claim(&db, "w", retry_at, Duration::from_secs(30), 10)
        .await
        .unwrap();
    assert_eq!(last.len(), 1);
    assert_eq!(last[0].event.id, second);
}

#[tokio::test]
async fn answers_decide_retry_give_up_and_disable() {
    let (db, _guard) = testkit::db::migrated().await.unwrap();
    let (p, _) = actor(Role::PlatformAdmin, None);
    let e = endpoint_for(&db, &p, EventType::ALL).await;
    for _ in 0..3 {
        event(
            &db,
            EventType::CertificationListed,
            Uuid::now_v7(),
            Tenants::default(),
        )
        .await;
    }
    fan_out(&db).await;
    let now = Utc::now();
    let got = claim(&db, "w", now, Duration::from_secs(30), 10)
        .await
        .unwrap();
    let schedule = Schedule::default();
    assert_eq!(
        record(&db, &schedule, "w", &got[0], ok(500), now)
            .await
            .unwrap(),
        Verdict::Retry
    );
    assert_eq!(
        record(&db, &schedule, "w", &got[1], ok(400), now)
            .await
            .unwrap(),
        Verdict::GiveUp
    );
    let a0 = attempt::Entity::find_by_id(got[0].attempt.id)
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(a0.status, AttemptStatus::Pending);
    let wait = (a0.next_at - now).num_milliseconds();
    assert!(
        (4_500..=5_500).contains(&wait),
        "first retry after about 5 s: {wait} ms"
    );
    let a1 = attempt::Entity::find_by_id(got[1].attempt.id)
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(a1.status, AttemptStatus::Failed);
    let ep = endpoint::Entity::find_by_id(e)
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert!(ep.disabled_at.is_none(), "one 400 does not disable");

    assert_eq!(
        record(&db, &schedule, "w", &got[2], ok(410), now)
            .await
            .unwrap(),
        Verdict::Gone
    );
    let ep = endpoint::Entity::find_by_id(e)
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert!(ep.disabled_at.is_some());
    assert_eq!(
        ep.disabled_reason.as_deref(),
        Some(webhooks::endpoint::reasons::GONE)
    );
    let later = now + TimeDelta::hours(1);
    assert!(
        claim(&db, "w", later, Duration::from_secs(30), 10)
            .await
            .unwrap()
            .is_empty(),
        "a disabled endpoint's attempts wait"
    );
}

#[tokio::test]
async fn an_attempt_failing_past_the_schedule_is_given_up_and_disables_its_endpoint() {
    let (db, _guard) = testkit::db::migrated().await.unwrap();
    let (p, _) = actor(Role::PlatformAdmin, None);
    let e = endpoint_for(&db, &p, EventType::ALL).await;
    event(
        &db,
        EventType::CertificationListed,
        Uuid::now_v7(),
        Tenants::default(),
    )
    .await;
    fan_out(&db).await;
    let schedule = Schedule {
        delays: vec![Duration::from_secs(1), Duration::from_secs(2)],
    };
    let mut now = Utc::now();
    let mut verdicts = Vec::new();
    for _ in 0..3 {
        let got = claim(&db, "w", now, Duration::from_secs(30), 10)
            .await
            .unwrap();
        assert_eq!(got.len(), 1);
        verdicts.push(
            record(&db, &schedule, "w", &got[0], ok(503), now)
                .await
                .unwrap(),
        );
        now += TimeDelta::seconds(5);
    }
    assert_eq!(verdicts, vec![Verdict::Retry; 3]);
    let a = attempt::Entity::find().one(&db).await.unwrap().unwrap();
    assert_eq!(a.status, AttemptStatus::Failed);
    let ep = endpoint::Entity::find_by_id(e)
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        ep.disabled_reason.as_deref(),
        Some(webhooks::endpoint::reasons::EXHAUSTED)
    );
}
