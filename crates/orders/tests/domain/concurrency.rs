//! Many requests at once against one database: stock is never oversold, opposite line orders
//! never deadlock, one key makes one order, a replayed payment counts once, and a failure
//! between the stock and the ledger writes (or at the ledger's) leaves nothing behind.

use kernel::DomainError;
use orders::entity::order::PaymentStatus;

use crate::fixtures::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_concurrent_orders_for_fifty_units_give_fifty_orders_and_fifty_entries() {
    let w = std::sync::Arc::new(world(50).await);
    let (listing, product) = (w.a.listings[0], w.products[0]);
    let mut tasks = Vec::new();
    for i in 0..200 {
        let w = w.clone();
        tasks.push(tokio::spawn(async move {
            let resident = w.a.resident(i % 4);
            place(
                &w,
                &resident,
                &format!("k-{i}"),
                pickup(w.a.zone, &[(listing, 1)]),
            )
            .await
        }));
    }
    let (mut placed, mut short) = (Vec::new(), 0);
    for task in tasks {
        match task.await.unwrap() {
            Ok(outcome) => placed.push(outcome.order),
            Err(e) if codes(&e) == ["INSUFFICIENT_STOCK"] => short += 1,
            Err(e) => panic!("unexpected: {e:?}"),
        }
    }
    assert_eq!((placed.len(), short), (50, 150));
    assert_eq!(w.stock(product).await, (50, 50));
    let expected_fen: i64 = placed.iter().map(|o| o.total_fen.0).sum();

    let mut payments = Vec::new();
    for order in placed {
        let w = w.clone();
        payments.push(tokio::spawn(async move {
            confirm(
                &w.db,
                &w.a.app(),
                &clock(),
                &format!("pay-{}", order.id),
                &order,
            )
            .await
        }));
    }
    for p in payments {
        assert_eq!(
            p.await.unwrap().unwrap().order.payment_status,
            PaymentStatus::Paid
        );
    }
    assert_eq!(w.stock(product).await, (0, 0));
    assert_eq!(
        rows(&w.db, "ledger_entry", "WHERE source = 'ORDER_LINE'").await,
        50
    );
    assert_eq!(sum(&w.db, "ledger_entry", "fen", "").await, expected_fen);
    assert_eq!(sum(&w.db, "ledger_entry", "grams", "").await, 50 * 500);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn orders_sharing_two_products_in_opposite_line_order_never_deadlock() {
    let w = std::sync::Arc::new(world(1000).await);
    let [l0, l1] = w.a.listings;
    let mut tasks = Vec::new();
    for i in 0..100 {
        let w = w.clone();
        let lines = if i % 2 == 0 {
            [(l0, 1), (l1, 2)]
        } else {
            [(l1, 2), (l0, 1)]
        };
        tasks.push(tokio::spawn(async move {
            place(
                &w,
                &w.a.resident(i % 4),
                &format!("k-{i}"),
                pickup(w.a.zone, &lines),
            )
            .await
        }));
    }
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    assert_eq!(w.stock(w.products[0]).await, (1000, 100));
    assert_eq!(w.stock(w.products[1]).await, (1000, 200));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_concurrent_requests_with_one_key_make_one_order() {
    let w = std::sync::Arc::new(world(100).await);
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let w = w.clone();
        tasks.push(tokio::spawn(async move {
            let input = pickup(w.a.zone, &[(w.a.listings[1], 3)]);
            place(&w, &w.a.resident(0), "one-key", input).await
        }));
    }
    let mut outcomes = Vec::new();
    for task in tasks {
        outcomes.push(task.await.unwrap().unwrap());
    }
    let first = outcomes.iter().find(|o| !o.replayed).unwrap().order.id;
    assert!(outcomes.iter().all(|o| o.order.id == first));
    assert_eq!(outcomes.iter().filter(|o| !o.replayed).count(), 1);
    assert_eq!(rows(&w.db, "customer_order", "").await, 1);
    assert_eq!(w.stock(w.products[1]).await, (100, 3));

    // The same key from another credential is another request.
    let other = place(
        &w,
        &w.a.resident(1),
        "one-key",
        pickup(w.a.zone, &[(w.a.listings[1], 3)]),
    )
    .await
    .unwrap();
    assert!(!other.replayed);
    // The same key with another input is refused, and changes nothing.
    let reused = place(
        &w,
        &w.a.resident(0),
        "one-key",
        pickup(w.a.zone, &[(w.a.listings[1], 4)]),
    )
    .await
    .unwrap_err();
    assert_eq!(codes(&reused), ["IDEMPOTENCY_KEY_REUSED"]);
    assert_eq!(rows(&w.db, "customer_order", "").await, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_payment_confirmed_ten_times_at_once_counts_once() {
    let w = std::sync::Arc::new(world(10).await);
    let order = place(
        &w,
        &w.a.resident(0),
        "k",
        pickup(w.a.zone, &w.a.listings.map(|l| (l, 2))),
    )
    .await
    .unwrap()
    .order;
    let mut tasks = Vec::new();
    for _ in 0..10 {
        let (w, order) = (w.clone(), order.clone());
        tasks.push(tokio::spawn(async move {
            confirm(&w.db, &w.a.app(), &clock(), "pay-once", &order).await
        }));
    }
    let mut replays = 0;
    for task in tasks {
        let outcome = task.await.unwrap().unwrap();
        assert_eq!(outcome.order.payment_status, PaymentStatus::Paid);
        replays += usize::from(outcome.replayed);
    }
    assert_eq!(replays, 9);
    // Confirmed again under another key: refused, still counted once.
    let again = confirm(&w.db, &w.a.app(), &clock(), "pay-twice", &order)
        .await
        .unwrap_err();
    assert_eq!(codes(&again), ["ALREADY_PAID"]);
    assert_eq!(rows(&w.db, "ledger_entry", "").await, 2);
    assert_eq!(
        sum(&w.db, "ledger_entry", "fen", "").await,
        order.total_fen.0
    );
    assert_eq!(
        sum(&w.db, "ledger_entry", "grams", "").await,
        order.total_grams.0
    );
    assert_eq!(
        rows(&w.db, "outbox_event", "WHERE event_type = 'order.paid'").await,
        1
    );
    assert_eq!(w.stock(w.products[0]).await, (8, 0));
}

/// The payment writes the ledger first and the stock last (a hot product's row is then locked
/// for the final UPDATE only), so the fault is injected at the stock: the order's hold is
/// released behind its back, the payment's ledger entry, its queue row, the line's link, the
/// PAID event and outbox row and the key's result are written, and then the stock commit finds
/// no hold and fails.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failure_between_the_stock_and_the_ledger_writes_leaves_nothing_behind() {
    let w = world(10).await;
    let order = place(
        &w,
        &w.a.resident(0),
        "k",
        pickup(w.a.zone, &[(w.a.listings[0], 2)]),
    )
    .await
    .unwrap()
    .order;
    // The fault: the hold is gone when the payment comes to commit the stock.
    let txn = kernel::db::begin_write(&w.db).await.unwrap();
    products::stock::release(&txn, &clock(), w.products[0], 2, "fault")
        .await
        .unwrap();
    txn.commit().await.unwrap();
    assert_eq!(w.stock(w.products[0]).await, (10, 0));
    let outbox_before = rows(&w.db, "outbox_event", "").await;
    let movements_before = rows(&w.db, "stock_movement", "").await;

    let err = confirm(&w.db, &w.a.app(), &clock(), "pay", &order)
        .await
        .unwrap_err();
    assert_eq!(codes(&err), ["INSUFFICIENT_STOCK"], "{err:?}");

    let after = orders::query::get(&w.db, &platform(), order.id)
        .await
        .unwrap();
    assert_eq!(after.payment_status, PaymentStatus::Unpaid);
    assert_eq!(after.paid_at, None);
    assert_eq!(w.stock(w.products[0]).await, (10, 0), "stock not committed");
    assert_eq!(rows(&w.db, "stock_movement", "").await, movements_before);
    assert_eq!(rows(&w.db, "ledger_entry", "").await, 0, "no ledger entry");
    assert_eq!(
        rows(&w.db, "ledger_pending", "").await,
        0,
        "no sealer queue row"
    );
    assert_eq!(
        rows(&w.db, "order_line", "WHERE ledger_entry_id IS NOT NULL").await,
        0,
        "no line linked to an entry"
    );
    assert_eq!(rows(&w.db, "outbox_event", "").await, outbox_before);
    assert_eq!(rows(&w.db, "order_event", "WHERE kind = 'PAID'").await, 0);
    let key = kernel::idempotency::find(
        &w.db,
        &orders::commands::scope(&w.a.app()),
        "confirmPayment",
        "pay",
    )
    .await
    .unwrap();
    assert!(key.is_none(), "a failed request does not use up its key");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failure_at_the_ledger_write_leaves_nothing_behind() {
    use ledger::attribution::{Buyer, Sale};
    use ledger::{Amounts, Channel, Source};
    let w = world(10).await;
    let order = place(
        &w,
        &w.a.resident(0),
        "k",
        pickup(w.a.zone, &[(w.a.listings[0], 2)]),
    )
    .await
    .unwrap()
    .order;
    let line = orders::query::lines_of(&w.db, &platform(), &[order.id])
        .await
        .unwrap()[0]
        .clone();
    // The fault: the ledger already holds an entry for this order line, so recording the
    // payment's entry fails after the order was marked paid in the same transaction.
    let txn = kernel::db::begin_write(&w.db).await.unwrap();
    let entries = ledger::attribution::resolve(
        &txn,
        vec![Sale {
            source: Source::OrderLine,
            source_ref: line.id.to_string(),
            channel: Channel::Zone,
            occurred_at: now(),
            product_id: line.product_id,
            amounts: Amounts::new(1, kernel::Grams(1), kernel::Fen(1)),
            buyer: Buyer::default(),
            recorded_by: "fault".into(),
        }],
    )
    .await
    .unwrap();
    ledger::record(&txn, entries).await.unwrap();
    txn.commit().await.unwrap();
    let outbox_before = rows(&w.db, "outbox_event", "").await;
    let movements_before = rows(&w.db, "stock_movement", "").await;

    let err = confirm(&w.db, &w.a.app(), &clock(), "pay", &order)
        .await
        .unwrap_err();
    assert!(matches!(err, DomainError::Conflict), "{err:?}");

    let after = orders::query::get(&w.db, &platform(), order.id)
        .await
        .unwrap();
    assert_eq!(after.payment_status, PaymentStatus::Unpaid);
    assert_eq!(after.paid_at, None);
    assert_eq!(w.stock(w.products[0]).await, (10, 2), "stock not committed");
    assert_eq!(rows(&w.db, "stock_movement", "").await, movements_before);
    assert_eq!(
        rows(&w.db, "ledger_entry", "").await,
        1,
        "only the injected entry"
    );
    assert_eq!(rows(&w.db, "outbox_event", "").await, outbox_before);
    assert_eq!(rows(&w.db, "order_event", "WHERE kind = 'PAID'").await, 0);
    let key = kernel::idempotency::find(
        &w.db,
        &orders::commands::scope(&w.a.app()),
        "confirmPayment",
        "pay",
    )
    .await
    .unwrap();
    assert!(key.is_none(), "a failed request does not use up its key");
}
