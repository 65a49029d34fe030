//! A hundred residents join at once: never more than the cap, never more than the stock, and
//! every request is answered with a join or a userError, never a server error.

use futures_util::future::join_all;
use serde_json::{Value, json};

use super::*;
use crate::helpers::spawn_shifted;

async fn all_join(app: &TestApp, s: &Setting, id: &str, item: &str, units: i64) -> Vec<Value> {
    let joins = s.households.iter().map(|r| {
        let body = join_input(id, item, units, &format!("{id}-{}", r.id));
        async move { app.gql(&r.token, JOIN, body).await }
    });
    join_all(joins).await
}

fn outcomes(bodies: &[Value]) -> (usize, Vec<String>) {
    let mut joined = 0;
    let mut refused = Vec::new();
    for body in bodies {
        assert!(body["errors"].is_null(), "no top-level error: {body}");
        let payload = &body["data"]["joinGroupBuy"];
        match payload["userErrors"][0]["code"].as_str() {
            None => joined += 1,
            Some(code) => refused.push(code.to_owned()),
        }
    }
    (joined, refused)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_hundred_concurrent_joins_never_take_more_than_the_cap_or_the_stock() {
    let app = spawn_shifted().await;
    let s = setting(&app, "合肥", "340100", 1, 100).await;
    let admin = app.enterprise_admin(s.tenant.enterprise);

    // A cap of 60 units, one unit each: sixty join.
    let (capped, item) = open(&app, &s, open_input(&app, &s, 10, Some(60))).await;
    let (joined, refused) = outcomes(&all_join(&app, &s, &capped, &item, 1).await);
    assert_eq!(joined, 60);
    assert!(refused.iter().all(|c| c == "CAP_EXCEEDED"), "{refused:?}");
    let progress = group_buy(&app, &admin, &capped).await["progress"].clone();
    assert_eq!(progress["joinedUnits"], 60);
    assert_eq!(progress["joinedHouseholds"], 60);
    assert_eq!(
        stock(&app, &s.product).await,
        json!({ "onHand": 100, "reserved": 60, "available": 40 })
    );

    // No cap, two units each, 40 left in stock: twenty join.
    let (open_ended, item) = open(&app, &s, open_input(&app, &s, 10, None)).await;
    let (joined, refused) = outcomes(&all_join(&app, &s, &open_ended, &item, 2).await);
    assert_eq!(joined, 20);
    assert!(
        refused.iter().all(|c| c == "INSUFFICIENT_STOCK"),
        "{refused:?}"
    );
    assert_eq!(
        group_buy(&app, &admin, &open_ended).await["progress"]["joinedUnits"],
        40
    );
    assert_eq!(
        stock(&app, &s.product).await,
        json!({ "onHand": 100, "reserved": 100, "available": 0 })
    );
}
