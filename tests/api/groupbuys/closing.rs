//! Closing exactly once: closers on two connection pools (two server instances) race for one
//! due group buy, after a closer that died half-way (its transaction rolled back, as after a
//! restart); one closes it, the others find nothing to do. And the server's own sweep closes a
//! group buy nobody touches.

use std::time::Duration;

use chrono::TimeDelta;
use futures_util::future::join_all;
use kernel::Clock;
use procurement::groupbuy::close::{PAYMENT_WINDOW, close_if_due};
use procurement::groupbuy::entity::group_buy::{self, GroupBuyState};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::json;

use super::*;
use crate::helpers::spawn_with;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn closing_runs_once_when_two_instances_and_a_restart_race_for_it() {
    let app = spawn_with(|c| {
        c.clock = Clock::shifted();
        // The server's own sweep stays out of the race; the test's closers run it.
        c.orders.sweep_interval = Duration::from_secs(3600);
    })
    .await;
    let s = setting(&app, "合肥", "340100", 1, 3).await;
    let (id, item) = open(&app, &s, open_input(&app, &s, 5, None)).await;
    for r in &s.households {
        join(&app, r, &id, &item, 2).await;
    }
    let state = &app.running.state;
    state.clock.advance(TimeDelta::hours(2));
    let uuid = uuid_of(&json!(id));

    // A closer that dies before it commits: everything it did rolls back, the group buy stays
    // OPEN and due.
    let txn = kernel::db::begin_write(&state.db).await.unwrap();
    let claimed = close_if_due(&txn, &state.clock, PAYMENT_WINDOW, uuid)
        .await
        .unwrap();
    assert_eq!(claimed, Some(GroupBuyState::Succeeded));
    drop(txn);
    let after_crash = group_buy::Entity::find_by_id(uuid)
        .one(&state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after_crash.state, GroupBuyState::Open);

    // Two instances, four closers each.
    let second = kernel::db::connect(&state.config.database_url, 5)
        .await
        .unwrap();
    let pools = [state.db.clone(), second];
    let closers = (0..8).map(|n| {
        let db = pools[n % 2].clone();
        let clock = state.clock.clone();
        tokio::spawn(async move {
            kernel::db::write(&db, async |txn| {
                close_if_due(txn, &clock, PAYMENT_WINDOW, uuid).await
            })
            .await
        })
    });
    let outcomes: Vec<Option<GroupBuyState>> = join_all(closers)
        .await
        .into_iter()
        .map(|r| r.unwrap().unwrap())
        .collect();
    assert_eq!(
        outcomes.iter().filter(|o| o.is_some()).count(),
        1,
        "exactly one closer closes: {outcomes:?}"
    );
    // And the organiser's webhooks hear of it once.
    let events = kernel::outbox::entity::Entity::find()
        .filter(kernel::outbox::entity::Column::EventType.eq("group_buy.succeeded"))
        .count(&state.db)
        .await
        .unwrap();
    assert_eq!(events, 1);

    let admin = app.enterprise_admin(s.tenant.enterprise);
    let closed = group_buy(&app, &admin, &id).await;
    assert_eq!(closed["state"], "SUCCEEDED");
    let orders = app
        .gql(&admin, "{ orders { totalCount } }", json!({}))
        .await;
    assert_eq!(
        orders["data"]["orders"]["totalCount"], 3,
        "one order per join"
    );
    assert_eq!(
        stock(&app, &s.product).await,
        json!({ "onHand": 100, "reserved": 6, "available": 94 })
    );
}

#[tokio::test]
async fn the_sweep_closes_a_group_buy_that_nobody_touches() {
    let app = spawn_with(|c| {
        c.clock = Clock::shifted();
        c.orders.sweep_interval = Duration::from_millis(200);
    })
    .await;
    let s = setting(&app, "合肥", "340100", 1, 1).await;
    let (id, item) = open(&app, &s, open_input(&app, &s, 5, None)).await;
    join(&app, &s.households[0], &id, &item, 2).await;
    app.running.state.clock.advance(TimeDelta::hours(2));
    // The list does not close what it shows: only the sweep can have closed it.
    let admin = app.enterprise_admin(s.tenant.enterprise);
    let failed = "{ groupBuys(filter: { state: FAILED }) { nodes { id } } }";
    let mut seen = json!([]);
    for _ in 0..500 {
        let body = app.gql(&admin, failed, json!({})).await;
        seen = body["data"]["groupBuys"]["nodes"].clone();
        if seen != json!([]) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(seen, json!([{ "id": id }]));
    assert_eq!(
        stock(&app, &s.product).await,
        json!({ "onHand": 100, "reserved": 0, "available": 100 })
    );
}
