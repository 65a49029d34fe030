//! Idempotency keys inside the caller's write transaction.

use chrono::{TimeDelta, Utc};
use futures_util::future::join_all;
use kernel::db::{DatabaseTransaction, write};
use kernel::idempotency::{self, Claim, Fingerprint, Request};
use kernel::{Clock, DomainError, DomainResult, Message};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::{database, event};

fn request<'a>(key: &'a str, input: &Value) -> Request<'a> {
    Request {
        scope: "credential:app-1",
        operation: "confirmPayment",
        key,
        fingerprint: Fingerprint::of(input).unwrap(),
    }
}

/// What a use case with a key does: claim, then work and store the result, or replay.
async fn confirm(
    txn: &DatabaseTransaction,
    clock: &Clock,
    key: &str,
    input: &Value,
) -> DomainResult<Value> {
    match idempotency::claim(txn, clock, &request(key, input)).await? {
        Claim::Fresh(ticket) => {
            let order = Uuid::now_v7();
            kernel::outbox::enqueue(txn, clock, event("order.paid", order)).await?;
            let result = json!({ "order": order.to_string(), "paid": input["fen"] });
            idempotency::complete(txn, ticket, &result).await?;
            Ok(result)
        }
        Claim::Replay(result) => Ok(result),
        Claim::Mismatch => Err(idempotency::key_reused()),
    }
}

#[tokio::test]
async fn the_same_key_and_input_returns_the_first_result_without_a_second_effect() {
    let (db, _guard) = database().await;
    let clock = Clock::System;
    let input = json!({ "order": "o-1", "fen": 6800 });
    let first = write(&db, async |txn| confirm(txn, &clock, "k-1", &input).await)
        .await
        .unwrap();
    // The same input with its fields in another order is the same request.
    let again = json!({ "fen": 6800, "order": "o-1" });
    let second = write(&db, async |txn| confirm(txn, &clock, "k-1", &again).await)
        .await
        .unwrap();
    assert_eq!(first, second);
    assert_eq!(kernel::outbox::pending(&db, 10).await.unwrap().len(), 1);
}

#[tokio::test]
async fn the_same_key_with_another_input_is_refused_and_changes_nothing() {
    let (db, _guard) = database().await;
    let clock = Clock::System;
    write(&db, async |txn| {
        confirm(txn, &clock, "k-1", &json!({ "order": "o-1", "fen": 6800 })).await
    })
    .await
    .unwrap();
    let err = write(&db, async |txn| {
        confirm(txn, &clock, "k-1", &json!({ "order": "o-1", "fen": 1 })).await
    })
    .await
    .unwrap_err();
    assert!(
        matches!(&err, DomainError::Invalid(p) if p[0].code == idempotency::KEY_REUSED && p[0].field == ["idempotencyKey"]),
        "{err:?}"
    );
    assert_eq!(kernel::outbox::pending(&db, 10).await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_request_rejected_after_its_claim_does_not_use_up_the_key() {
    let (db, _guard) = database().await;
    let clock = Clock::System;
    let input = json!({ "order": "o-1", "fen": -5 });
    let rejected = write(&db, async |txn| {
        let Claim::Fresh(_ticket) =
            idempotency::claim(txn, &clock, &request("k-1", &input)).await?
        else {
            panic!("a new key is fresh");
        };
        Err::<Value, _>(DomainError::invalid(
            &["fen"],
            "OUT_OF_RANGE",
            Message::new("金额无效", "bad amount"),
        ))
    })
    .await;
    assert!(rejected.is_err());
    // The corrected request may use the same key: the claim went with the rollback.
    let corrected = json!({ "order": "o-1", "fen": 6800 });
    let result = write(&db, async |txn| {
        confirm(txn, &clock, "k-1", &corrected).await
    })
    .await
    .unwrap();
    assert_eq!(result["paid"], 6800);
}

#[tokio::test]
async fn keys_are_separate_per_scope_and_operation() {
    let (db, _guard) = database().await;
    let clock = Clock::System;
    let input = json!({ "fen": 1 });
    for (scope, operation) in [
        ("a", "confirmPayment"),
        ("b", "confirmPayment"),
        ("a", "refund"),
    ] {
        let claim = write(&db, async |txn| {
            let r = Request {
                scope,
                operation,
                key: "same",
                fingerprint: Fingerprint::of(&input)?,
            };
            match idempotency::claim(txn, &clock, &r).await? {
                Claim::Fresh(ticket) => {
                    idempotency::complete(txn, ticket, &json!(true)).await?;
                    Ok(true)
                }
                _ => Ok(false),
            }
        })
        .await
        .unwrap();
        assert!(claim, "{scope}/{operation} is a key of its own");
    }
}

#[tokio::test]
async fn blank_and_overlong_keys_are_problems_on_the_idempotency_key_field() {
    let (db, _guard) = database().await;
    let clock = Clock::System;
    for key in ["  ", &"k".repeat(201), "a\u{0}b"] {
        let err = write(&db, async |txn| {
            let _claim = idempotency::claim(txn, &clock, &request(key, &json!({}))).await?;
            Ok(())
        })
        .await
        .unwrap_err();
        assert!(
            matches!(&err, DomainError::Invalid(p) if p[0].field == ["idempotencyKey"]),
            "{key:?}: {err:?}"
        );
    }
}

#[tokio::test]
async fn keys_are_kept_a_day_then_purged_and_claimable_again() {
    let (db, _guard) = database().await;
    let start = Utc::now();
    let day_one = Clock::Fixed(start);
    let input = json!({ "fen": 6800 });
    write(&db, async |txn| confirm(txn, &day_one, "k-1", &input).await)
        .await
        .unwrap();
    let almost = Clock::Fixed(start + TimeDelta::hours(23));
    assert_eq!(idempotency::purge(&db, &almost).await.unwrap(), 0);
    let replayed = write(&db, async |txn| confirm(txn, &almost, "k-1", &input).await)
        .await
        .unwrap();
    assert_eq!(kernel::outbox::pending(&db, 10).await.unwrap().len(), 1);

    let next_day = Clock::Fixed(start + TimeDelta::hours(25));
    let fresh = write(&db, async |txn| {
        confirm(txn, &next_day, "k-1", &input).await
    })
    .await
    .unwrap();
    assert_ne!(
        fresh["order"], replayed["order"],
        "an expired key is new again"
    );
    let later = Clock::Fixed(start + TimeDelta::hours(50));
    assert_eq!(idempotency::purge(&db, &later).await.unwrap(), 1);
    assert!(
        idempotency::find(&db, "credential:app-1", "confirmPayment", "k-1")
            .await
            .unwrap()
            .is_none()
    );
}

/// Thirty retries of one request racing each other: one effect, thirty equal answers. On
/// PostgreSQL the later claims wait on the unique index until the first commits; on SQLite the
/// IMMEDIATE transactions run one at a time.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn thirty_concurrent_requests_with_one_key_create_one_effect() {
    thirty_at_once_with_one_key(false).await;
}

/// Thirty concurrent requests with one key, claiming with their first read (`reading`) or
/// alone: every one answers the first result, and one effect is queued.
async fn thirty_at_once_with_one_key(reading: bool) {
    let (db, _guard) = database().await;
    let input = json!({ "order": "o-1", "fen": 6800 });
    let tasks = (0..30).map(|_| {
        let db = db.clone();
        let input = input.clone();
        tokio::spawn(async move {
            write(&db, async |txn| {
                let clock = Clock::System;
                if reading {
                    confirm_reading(txn, &clock, "retry-me", &input, true).await
                } else {
                    confirm(txn, &clock, "retry-me", &input).await
                }
            })
            .await
        })
    });
    let results: Vec<Value> = join_all(tasks)
        .await
        .into_iter()
        .map(|r| r.unwrap().unwrap())
        .collect();
    assert!(results.iter().all(|r| *r == results[0]), "{results:?}");
    assert_eq!(kernel::outbox::pending(&db, 100).await.unwrap().len(), 1);
}

/// [`confirm`] with the use case's first read run with the claim
/// (`idempotency::claim_and_read`): a read of one row, or of none (`found: false`, an order
/// that is not there).
async fn confirm_reading(
    txn: &DatabaseTransaction,
    clock: &Clock,
    key: &str,
    input: &Value,
    found: bool,
) -> DomainResult<Value> {
    use sea_orm::sea_query::{Alias, Expr, Query};
    let first = Query::select()
        .expr_as(Expr::val(7), Alias::new("seven"))
        .and_where(Expr::val(found))
        .to_owned();
    match idempotency::claim_and_read(txn, clock, &request(key, input), first).await? {
        (Claim::Fresh(ticket), rows) => {
            if !found {
                assert!(rows.is_empty());
                return Err(DomainError::NotFound);
            }
            assert_eq!(rows.len(), 1);
            assert_eq!(rows[0].try_get::<i32>("", "seven").unwrap(), 7);
            let order = Uuid::now_v7();
            kernel::outbox::enqueue(txn, clock, event("order.paid", order)).await?;
            let result = json!({ "order": order.to_string(), "paid": input["fen"] });
            idempotency::complete(txn, ticket, &result).await?;
            Ok(result)
        }
        (Claim::Replay(result), rows) => {
            assert!(rows.is_empty());
            Ok(result)
        }
        (Claim::Mismatch, _) => Err(idempotency::key_reused()),
    }
}

#[tokio::test]
async fn a_claim_made_with_the_first_read_replays_refuses_and_frees_a_failed_key_alike() {
    let (db, _guard) = database().await;
    let clock = Clock::System;
    let input = json!({ "order": "o-1", "fen": 6800 });
    // Nothing read: the use case fails and its key is not used up.
    let missing = write(&db, async |txn| {
        confirm_reading(txn, &clock, "k-1", &input, false).await
    })
    .await
    .unwrap_err();
    assert!(matches!(missing, DomainError::NotFound), "{missing:?}");
    let first = write(&db, async |txn| {
        confirm_reading(txn, &clock, "k-1", &input, true).await
    })
    .await
    .unwrap();
    // A replay, whether its read finds rows or not, answers the first result.
    for found in [true, false] {
        let again = write(&db, async |txn| {
            confirm_reading(txn, &clock, "k-1", &input, found).await
        })
        .await
        .unwrap();
        assert_eq!(again, first);
    }
    let other = json!({ "order": "o-1", "fen": 1 });
    let err = write(&db, async |txn| {
        confirm_reading(txn, &clock, "k-1", &other, true).await
    })
    .await
    .unwrap_err();
    assert!(
        matches!(&err, DomainError::Invalid(p) if p[0].code == idempotency::KEY_REUSED),
        "{err:?}"
    );
    assert_eq!(kernel::outbox::pending(&db, 10).await.unwrap().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn thirty_concurrent_requests_claiming_with_their_first_read_create_one_effect() {
    thirty_at_once_with_one_key(true).await;
}
