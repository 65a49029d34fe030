#![expect(
    clippy::unwrap_used,
    reason = "test helpers that cannot set up must fail the test loudly"
)]

//! Stock under real concurrency, on SQLite and (with TEST_DATABASE_URL) PostgreSQL.

mod fixtures;

use futures_util::future::join_all;
use kernel::{Clock, DomainError};
use products::entity::product;
use sea_orm::{DatabaseConnection, EntityTrait};
use uuid::Uuid;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_concurrent_reservations_against_fifty_give_exactly_fifty() {
    let w = fixtures::world().await;
    let clock = Clock::System;
    kernel::db::write(&w.db, async |txn| {
        products::stock::adjust(
            txn,
            &testkit::actors::platform(),
            &clock,
            w.product.id,
            50,
            "首批到货",
        )
        .await
    })
    .await
    .unwrap();

    let attempts = (0..200).map(|i| {
        let db = w.db.clone();
        let id = w.product.id;
        tokio::spawn(async move {
            kernel::db::write(&db, async |txn| {
                products::stock::reserve(txn, &Clock::System, id, 1, &format!("order-{i}")).await
            })
            .await
        })
    });
    let results: Vec<_> = join_all(attempts)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    let won = results.iter().filter(|r| r.is_ok()).count();
    let lost = results
        .iter()
        .filter(|r| matches!(r, Err(DomainError::Invalid(p)) if p[0].code == "INSUFFICIENT_STOCK"))
        .count();
    assert_eq!(
        (won, lost),
        (50, 150),
        "every attempt either reserved or was told there is not enough: {results:?}"
    );

    let after = product::Entity::find_by_id(w.product.id)
        .one(&w.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((after.on_hand, after.reserved), (50, 50));
    let movements =
        products::stock::movements(&w.db, &testkit::actors::platform(), w.product.id, 500)
            .await
            .unwrap();
    assert_eq!(
        movements.len(),
        51,
        "one adjustment and fifty reservations recorded"
    );
}

#[tokio::test]
async fn stock_never_goes_below_what_is_reserved() {
    let w = fixtures::world().await;
    let clock = Clock::System;
    let admin = testkit::actors::platform();
    kernel::db::write(&w.db, async |txn| {
        products::stock::adjust(txn, &admin, &clock, w.product.id, 10, "到货").await
    })
    .await
    .unwrap();
    kernel::db::write(&w.db, async |txn| {
        products::stock::reserve(txn, &clock, w.product.id, 8, "order").await
    })
    .await
    .unwrap();
    let err = kernel::db::write(&w.db, async |txn| {
        products::stock::adjust(txn, &admin, &clock, w.product.id, -5, "盘亏").await
    })
    .await
    .unwrap_err();
    assert!(
        matches!(err, DomainError::Invalid(ref p) if p[0].code == "INSUFFICIENT_STOCK"),
        "{err:?}"
    );
    kernel::db::write(&w.db, async |txn| {
        products::stock::commit(txn, &clock, w.product.id, 8, "shipped").await
    })
    .await
    .unwrap();
    assert!(
        kernel::db::write(&w.db, async |txn| products::stock::release(
            txn,
            &clock,
            w.product.id,
            1,
            "cancel"
        )
        .await)
        .await
        .is_err(),
        "nothing is reserved any more"
    );
    let after = product::Entity::find_by_id(w.product.id)
        .one(&w.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((after.on_hand, after.reserved), (2, 0));
}

/// Adds `units` to a product's stock (as the platform).
async fn stock(db: &DatabaseConnection, product: Uuid, units: i64) {
    kernel::db::write(db, async |txn| {
        products::stock::adjust(
            txn,
            &testkit::actors::platform(),
            &Clock::System,
            product,
            units,
            "到货",
        )
        .await
    })
    .await
    .unwrap();
}

/// (on hand, reserved) of a product.
async fn levels(db: &DatabaseConnection, id: Uuid) -> (i64, i64) {
    let p = product::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    (p.on_hand, p.reserved)
}

/// Every problem of an `Invalid` error as `field.path CODE`.
fn problems(err: &DomainError) -> Vec<String> {
    match err {
        DomainError::Invalid(list) => list
            .iter()
            .map(|p| format!("{} {}", p.field.join("."), p.code))
            .collect(),
        other => vec![format!("{other:?}")],
    }
}

#[tokio::test]
async fn a_reservation_in_a_transaction_that_rolls_back_leaves_stock_untouched() {
    let w = fixtures::world().await;
    stock(&w.db, w.product.id, 10).await;
    let txn = kernel::db::begin_write(&w.db).await.unwrap();
    products::stock::reserve_lines(&txn, &Clock::System, &[(w.product.id, 3)], "order-1")
        .await
        .unwrap();
    assert_eq!(
        levels_in(&txn, w.product.id).await,
        (10, 3),
        "the order sees its own hold"
    );
    txn.rollback().await.unwrap();
    assert_eq!(levels(&w.db, w.product.id).await, (10, 0));
    let movements =
        products::stock::movements(&w.db, &testkit::actors::platform(), w.product.id, 10)
            .await
            .unwrap();
    assert_eq!(movements.len(), 1, "only the delivery is recorded");
}

async fn levels_in(txn: &kernel::db::DatabaseTransaction, id: Uuid) -> (i64, i64) {
    let p = product::Entity::find_by_id(id)
        .one(txn)
        .await
        .unwrap()
        .unwrap();
    (p.on_hand, p.reserved)
}

#[tokio::test]
async fn reserving_lines_takes_all_of_them_or_none_and_names_every_short_line() {
    let w = fixtures::world().await;
    let tea = w.product.id;
    let honey = fixtures::product(&w.db, w.product.supplier_id, "平武土蜂蜜")
        .await
        .id;
    stock(&w.db, tea, 5).await;
    stock(&w.db, honey, 2).await;
    let reserve = async |lines: &[(Uuid, i64)]| {
        kernel::db::write(&w.db, async |txn| {
            products::stock::reserve_lines(txn, &Clock::System, lines, "order").await
        })
        .await
    };

    let err = reserve(&[(tea, 3), (honey, 3)]).await.unwrap_err();
    assert_eq!(problems(&err), ["lines.1.quantity INSUFFICIENT_STOCK"]);
    let DomainError::Invalid(list) = &err else {
        unreachable!()
    };
    assert!(
        list[0].message.en.contains("only 2 available"),
        "{:?}",
        list[0].message
    );
    assert_eq!(
        levels(&w.db, tea).await,
        (5, 0),
        "the good line was not taken"
    );

    // A product named twice: the second line gets what the first left.
    reserve(&[(honey, 1), (tea, 2), (honey, 1)]).await.unwrap();
    assert_eq!(levels(&w.db, honey).await, (2, 2));
    assert_eq!(levels(&w.db, tea).await, (5, 2));
    let err = reserve(&[(tea, 1), (honey, 1), (tea, 3)])
        .await
        .unwrap_err();
    assert_eq!(
        problems(&err),
        [
            "lines.1.quantity INSUFFICIENT_STOCK",
            "lines.2.quantity INSUFFICIENT_STOCK"
        ],
        "tea has 3 left: line 0 takes 1, line 2 wants 3 of the 2 left"
    );
    assert_eq!(levels(&w.db, tea).await, (5, 2));

    let err = reserve(&[(tea, 0), (Uuid::now_v7(), 1)]).await.unwrap_err();
    assert_eq!(problems(&err), ["lines.0.quantity OUT_OF_RANGE"]);
    let err = reserve(&[(tea, 1), (Uuid::now_v7(), 1)]).await.unwrap_err();
    assert!(matches!(err, DomainError::NotFound), "{err:?}");
}

/// Orders that share two products, half naming them in one order and half in the other, race
/// in five rounds. Locks are taken in product-id order, so on PostgreSQL no two orders wait on
/// each other in a cycle (a deadlock would surface as a RETRY error here); on either database
/// exactly as many orders win as there is stock, and nothing is oversold.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn orders_sharing_products_in_opposite_line_order_never_deadlock_or_oversell() {
    let w = fixtures::world().await;
    let tea = w.product.id;
    let honey = fixtures::product(&w.db, w.product.supplier_id, "平武土蜂蜜")
        .await
        .id;
    for round in 1..=5 {
        stock(&w.db, tea, 25).await;
        stock(&w.db, honey, 25).await;
        let orders = (0..40).map(|i| {
            let db = w.db.clone();
            let lines = if i % 2 == 0 {
                [(tea, 1), (honey, 1)]
            } else {
                [(honey, 1), (tea, 1)]
            };
            tokio::spawn(async move {
                kernel::db::write(&db, async |txn| {
                    // An order reads before it reserves (its listing, its household …).
                    product::Entity::find_by_id(lines[0].0).one(txn).await?;
                    tokio::task::yield_now().await;
                    products::stock::reserve_lines(txn, &Clock::System, &lines, "order").await
                })
                .await
            })
        });
        let results: Vec<_> = join_all(orders)
            .await
            .into_iter()
            .map(Result::unwrap)
            .collect();
        let won = results.iter().filter(|r| r.is_ok()).count();
        let short = results
            .iter()
            .filter(
                |r| matches!(r, Err(DomainError::Invalid(p)) if p[0].code == "INSUFFICIENT_STOCK"),
            )
            .count();
        assert_eq!(
            (won, short),
            (25, 15),
            "round {round}: every order either got both lines or was told what is left: {results:?}"
        );
        let expected = (25 * round, 25 * round);
        assert_eq!(levels(&w.db, tea).await, expected);
        assert_eq!(levels(&w.db, honey).await, expected);
    }
}
