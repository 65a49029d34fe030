//! `begin_write`, `finish` and `write`: the write-transaction convention.

use std::time::Duration;

use futures_util::future::join_all;
use kernel::db::{begin_write, write};
use kernel::{Clock, DomainError, Message};
use sea_orm::{ConnectOptions, ConnectionTrait, Database};
use uuid::Uuid;

use crate::{database, event, is_sqlite};

/// Forty use cases that each read, then write: on SQLite a deferred transaction would fail
/// with "database is locked" when another writer committed between its read and its write;
/// an IMMEDIATE one waits for the lock. On PostgreSQL they simply run side by side.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn forty_concurrent_read_then_write_use_cases_all_commit() {
    let (db, _guard) = database().await;
    let tasks = (0..40).map(|_| {
        let db = db.clone();
        tokio::spawn(async move {
            write(&db, async |txn| {
                let seen = kernel::outbox::pending(txn, 1000).await?.len();
                kernel::outbox::enqueue(txn, &Clock::System, event("order.paid", Uuid::now_v7()))
                    .await?;
                Ok(seen)
            })
            .await
        })
    });
    let results: Vec<_> = join_all(tasks)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    let failed: Vec<_> = results.iter().filter(|r| r.is_err()).collect();
    assert!(failed.is_empty(), "every use case commits: {failed:?}");
    let mut seen: Vec<usize> = results.into_iter().map(Result::unwrap).collect();
    seen.sort_unstable();
    if is_sqlite(&db) {
        assert_eq!(
            seen,
            (0..40).collect::<Vec<_>>(),
            "on SQLite the use cases ran one after the other, each seeing all before it"
        );
    }
    assert_eq!(kernel::outbox::pending(&db, 1000).await.unwrap().len(), 40);
}

#[tokio::test]
async fn a_use_case_that_fails_after_writing_leaves_nothing_behind() {
    let (db, _guard) = database().await;
    let result: Result<(), DomainError> = write(&db, async |txn| {
        kernel::outbox::enqueue(txn, &Clock::System, event("order.paid", Uuid::now_v7())).await?;
        Err(DomainError::invalid(
            &["quantity"],
            "OUT_OF_RANGE",
            Message::new("数量无效", "bad quantity"),
        ))
    })
    .await;
    assert!(matches!(result, Err(DomainError::Invalid(_))), "{result:?}");
    assert!(
        kernel::outbox::pending(&db, 10).await.unwrap().is_empty(),
        "the event written before the failure was rolled back"
    );
}

/// A writer that cannot get the lock in time is told to retry, not that the server failed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_writer_that_waits_past_its_timeout_gets_a_retryable_contention_error() {
    let (db, guard) = database().await;
    let holder = begin_write(&db).await.unwrap();
    let stored =
        kernel::outbox::enqueue(&holder, &Clock::System, event("order.paid", Uuid::now_v7()))
            .await
            .unwrap();
    let err = if is_sqlite(&db) {
        // A second pool whose writers give up after 50 ms.
        let mut options = ConnectOptions::new(guard.url.clone());
        options.map_sqlx_sqlite_opts(|o| o.busy_timeout(Duration::from_millis(50)));
        let impatient = Database::connect(options).await.unwrap();
        let err = begin_write(&impatient).await.unwrap_err();
        DomainError::from(err)
    } else {
        // PostgreSQL: the row the holder wrote is locked until it ends.
        holder.commit().await.unwrap();
        let holder = begin_write(&db).await.unwrap();
        holder
            .execute_unprepared(&format!(
                "UPDATE outbox_event SET event_type = 'order.held' WHERE id = '{}'",
                stored.id
            ))
            .await
            .unwrap();
        let waiter = begin_write(&db).await.unwrap();
        waiter
            .execute_unprepared("SET LOCAL lock_timeout = '50ms'")
            .await
            .unwrap();
        let err = waiter
            .execute_unprepared(&format!(
                "UPDATE outbox_event SET event_type = 'order.late' WHERE id = '{}'",
                stored.id
            ))
            .await
            .unwrap_err();
        drop(holder);
        DomainError::from(err)
    };
    assert!(matches!(err, DomainError::Contention(_)), "{err:?}");
}
