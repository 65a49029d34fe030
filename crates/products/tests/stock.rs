//! Stock under real concurrency, on SQLite and (with TEST_DATABASE_URL) PostgreSQL.

mod fixtures;

use futures_util::future::join_all;
use kernel::{Clock, DomainError};
use products::entity::product;
use sea_orm::EntityTrait;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_concurrent_reservations_against_fifty_give_exactly_fifty() {
    let w = fixtures::world().await;
    let clock = Clock::System;
    products::stock::adjust(
        &w.db,
        &fixtures::platform(),
        &clock,
        w.product.id,
        50,
        "首批到货",
    )
    .await
    .unwrap();

    let attempts = (0..200).map(|i| {
        let db = w.db.clone();
        let id = w.product.id;
        tokio::spawn(async move {
            products::stock::reserve(&db, &Clock::System, id, 1, &format!("order-{i}")).await
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
    let movements = products::stock::movements(&w.db, &fixtures::platform(), w.product.id, 500)
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
    let admin = fixtures::platform();
    products::stock::adjust(&w.db, &admin, &clock, w.product.id, 10, "到货")
        .await
        .unwrap();
    products::stock::reserve(&w.db, &clock, w.product.id, 8, "order")
        .await
        .unwrap();
    let err = products::stock::adjust(&w.db, &admin, &clock, w.product.id, -5, "盘亏")
        .await
        .unwrap_err();
    assert!(
        matches!(err, DomainError::Invalid(ref p) if p[0].code == "INSUFFICIENT_STOCK"),
        "{err:?}"
    );
    products::stock::commit(&w.db, &clock, w.product.id, 8, "shipped")
        .await
        .unwrap();
    assert!(
        products::stock::release(&w.db, &clock, w.product.id, 1, "cancel")
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
