//! The transactional outbox.

use chrono::Utc;
use kernel::Clock;
use kernel::db::{begin_write, write};
use uuid::Uuid;

use crate::{database, event};

#[tokio::test]
async fn an_event_exists_exactly_when_its_transaction_commits() {
    let (db, _guard) = database().await;
    let txn = begin_write(&db).await.unwrap();
    kernel::outbox::enqueue(&txn, &Clock::System, event("order.paid", Uuid::now_v7()))
        .await
        .unwrap();
    txn.rollback().await.unwrap();
    assert!(kernel::outbox::pending(&db, 10).await.unwrap().is_empty());

    let order = Uuid::now_v7();
    let stored = write(&db, async |txn| {
        kernel::outbox::enqueue(txn, &Clock::System, event("order.paid", order)).await
    })
    .await
    .unwrap();
    let pending = kernel::outbox::pending(&db, 10).await.unwrap();
    assert_eq!(pending, vec![stored.clone()]);
    assert_eq!(
        (stored.aggregate_id, stored.payload["jin"].as_i64()),
        (order, Some(3))
    );
    assert!(stored.enterprise_id.is_some() && stored.supplier_id.is_none());
}

#[tokio::test]
async fn pending_lists_undelivered_events_oldest_first_and_delivered_ones_drop_out() {
    let (db, _guard) = database().await;
    let mut written = Vec::new();
    for kind in ["order.placed", "order.paid", "order.shipped"] {
        let e = write(&db, async |txn| {
            kernel::outbox::enqueue(txn, &Clock::System, event(kind, Uuid::now_v7())).await
        })
        .await
        .unwrap();
        written.push(e);
    }
    let kinds = |rows: &[kernel::outbox::entity::Model]| {
        rows.iter()
            .map(|r| r.event_type.clone())
            .collect::<Vec<_>>()
    };
    let pending = kernel::outbox::pending(&db, 10).await.unwrap();
    assert_eq!(
        kinds(&pending),
        ["order.placed", "order.paid", "order.shipped"]
    );
    assert_eq!(
        kinds(&kernel::outbox::pending(&db, 2).await.unwrap()).len(),
        2
    );

    let marked = write(&db, async |txn| {
        kernel::outbox::mark_delivered(txn, &[written[0].id, written[1].id], Utc::now()).await
    })
    .await
    .unwrap();
    assert_eq!(marked, 2);
    let again = write(&db, async |txn| {
        kernel::outbox::mark_delivered(txn, &[written[0].id], Utc::now()).await
    })
    .await
    .unwrap();
    assert_eq!(again, 0, "a delivered event keeps its first delivery");
    let pending = kernel::outbox::pending(&db, 10).await.unwrap();
    assert_eq!(kinds(&pending), ["order.shipped"]);
}

#[tokio::test]
async fn an_event_type_with_spaces_is_refused() {
    let (db, _guard) = database().await;
    let result = write(&db, async |txn| {
        kernel::outbox::enqueue(txn, &Clock::System, event("order paid", Uuid::now_v7())).await
    })
    .await;
    assert!(result.is_err());
}
