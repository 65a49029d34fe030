//! A group buy's life over HTTP: what a missed minimum leaves behind (nothing), what a met one
//! makes (one order per join, each counted once when paid, as GROUP_BUY), and what another
//! tenant sees (nothing).

use chrono::TimeDelta;
use serde_json::json;

use super::*;
use crate::helpers::{assert_hidden, error_code, spawn_shifted};
use crate::ledger::wait_until_sealed;
use crate::orders::CONFIRM;

#[tokio::test]
async fn a_group_buy_that_misses_its_minimum_leaves_stock_and_ledger_as_before() {
    let app = spawn_shifted().await;
    let s = setting(&app, "合肥", "340100", 1, 2).await;
    let before = stock(&app, &s.product).await;
    assert_eq!(
        before,
        json!({ "onHand": 100, "reserved": 0, "available": 100 })
    );

    // A group price above the store's is refused, naming the line.
    let mut dear = open_input(&app, &s, 10, None);
    dear["items"][0]["groupPrice"] = json!(3100);
    let refused = app
        .gql(
            &app.enterprise_admin(s.tenant.enterprise),
            OPEN,
            json!({ "i": dear }),
        )
        .await;
    let error = &refused["data"]["openGroupBuy"]["userErrors"][0];
    assert_eq!(error["code"], "PRICE_ABOVE_STORE", "{refused}");
    assert_eq!(error["field"], json!(["input", "items", "0", "groupPrice"]));

    let (id, item) = open(&app, &s, open_input(&app, &s, 10, None)).await;
    let (a, b) = (&s.households[0], &s.households[1]);
    let joined = join(&app, a, &id, &item, 3).await;
    assert_eq!(joined["join"]["fen"], 7500, "three cans at the group price");
    // Retried with the same key: the same join, nothing reserved twice.
    let again = app
        .gql(
            &a.token,
            JOIN,
            join_input(&id, &item, 3, &format!("join-{}-3", a.id)),
        )
        .await;
    assert_eq!(again["data"]["joinGroupBuy"]["replayed"], true, "{again}");
    let reused = app
        .gql(
            &a.token,
            JOIN,
            join_input(&id, &item, 4, &format!("join-{}-3", a.id)),
        )
        .await;
    assert_eq!(
        reused["data"]["joinGroupBuy"]["userErrors"][0]["code"],
        "IDEMPOTENCY_KEY_REUSED"
    );
    join(&app, b, &id, &item, 2).await;
    // A change reserves the difference only.
    let changed = join(&app, b, &id, &item, 4).await;
    assert_eq!(
        changed["groupBuy"]["progress"],
        json!({ "joinedHouseholds": 2, "joinedUnits": 7, "shortOfMinimum": 3, "remainingCapUnits": null })
    );
    assert_eq!(
        stock(&app, &s.product).await,
        json!({ "onHand": 100, "reserved": 7, "available": 93 })
    );
    let withdrawn = app
        .gql(&b.token, WITHDRAW, json!({ "i": { "groupBuyId": id } }))
        .await;
    let withdrawn = &withdrawn["data"]["withdrawFromGroupBuy"];
    assert_eq!(withdrawn["join"]["state"], "WITHDRAWN", "{withdrawn}");
    assert_eq!(
        withdrawn["groupBuy"]["progress"],
        json!({ "joinedHouseholds": 1, "joinedUnits": 3 })
    );
    let twice = app
        .gql(&b.token, WITHDRAW, json!({ "i": { "groupBuyId": id } }))
        .await;
    assert_eq!(
        twice["data"]["withdrawFromGroupBuy"]["userErrors"][0]["code"],
        "NOT_JOINED"
    );

    // Past its closing time: the first look closes it, short of the minimum.
    app.running.state.clock.advance(TimeDelta::hours(2));
    let closed = group_buy(&app, &a.token, &id).await;
    assert_eq!(closed["state"], "FAILED", "{closed}");
    assert_eq!(
        closed["joins"],
        json!([{ "state": "RELEASED", "units": 3, "orderId": null }])
    );
    assert!(closed["pickList"].is_null(), "residents get no pick list");
    assert_eq!(stock(&app, &s.product).await, before);
    let late = app
        .gql(&b.token, JOIN, join_input(&id, &item, 1, "late"))
        .await;
    assert_eq!(
        late["data"]["joinGroupBuy"]["userErrors"][0]["code"],
        "GROUP_BUY_CLOSED"
    );
    let platform = app.platform();
    let orders = app
        .gql(&platform, "{ orders { totalCount } }", json!({}))
        .await;
    assert_eq!(orders["data"]["orders"]["totalCount"], 0);
    wait_until_sealed(&app).await;
    let entries = app
        .gql(&platform, "{ ledgerEntries { totalCount } }", json!({}))
        .await;
    assert_eq!(
        entries["data"]["ledgerEntries"]["totalCount"], 0,
        "{entries}"
    );
}

#[tokio::test]
async fn a_group_buy_that_meets_its_minimum_makes_one_order_per_join_each_counted_once() {
    let app = spawn_shifted().await;
    let s = setting(&app, "合肥", "340100", 1, 3).await;
    let (id, item) = open(&app, &s, open_input(&app, &s, 5, Some(20))).await;
    for r in &s.households {
        join(&app, r, &id, &item, 2).await;
    }
    app.running.state.clock.advance(TimeDelta::hours(2));
    let admin = app.enterprise_admin(s.tenant.enterprise);
    let closed = group_buy(&app, &admin, &id).await;
    assert_eq!(closed["state"], "SUCCEEDED", "{closed}");
    assert_eq!(closed["pickList"], json!([{ "units": 6 }]));
    let joins = closed["joins"].as_array().unwrap();
    assert_eq!(joins.len(), 3);
    let mut order_ids: Vec<String> = joins
        .iter()
        .map(|j| {
            assert_eq!(j["state"], "ORDERED");
            j["orderId"].as_str().unwrap().to_owned()
        })
        .collect();
    order_ids.sort();
    order_ids.dedup();
    assert_eq!(order_ids.len(), 3, "one order per join");
    // The reservations passed to the orders: nothing released, nothing taken twice.
    assert_eq!(
        stock(&app, &s.product).await,
        json!({ "onHand": 100, "reserved": 6, "available": 94 })
    );
    let orders = app
        .gql(
            &admin,
            "{ orders { totalCount nodes { paymentStatus totalFen pickupPoint lines { unitPriceFen quantity } } } }",
            json!({}),
        )
        .await;
    assert_eq!(orders["data"]["orders"]["totalCount"], 3, "{orders}");
    for o in orders["data"]["orders"]["nodes"].as_array().unwrap() {
        assert_eq!(
            o,
            &json!({ "paymentStatus": "UNPAID", "totalFen": 5000, "pickupPoint": "3号楼架空层", "lines": [{ "unitPriceFen": 2500, "quantity": 2 }] })
        );
    }
    // The resident sees its own join and order, not the others'.
    let own = group_buy(&app, &s.households[0].token, &id).await;
    assert_eq!(own["joins"].as_array().map(Vec::len), Some(1));

    // Two of three pay; one payment is retried. Each paid order is counted once.
    let company = app.enterprise_app(s.tenant.enterprise);
    let paid_at = chrono::Utc::now().to_rfc3339();
    for (n, order) in order_ids.iter().take(2).enumerate() {
        let pay = json!({ "i": { "orderId": order, "reference": format!("wx-{n}"), "amount": 5000, "paidAt": paid_at, "idempotencyKey": format!("pay-{n}") } });
        let first = app.gql(&company, CONFIRM, pay.clone()).await;
        assert_eq!(
            first["data"]["confirmPayment"]["order"]["paymentStatus"], "PAID",
            "{first}"
        );
        let retry = app.gql(&company, CONFIRM, pay).await;
        assert_eq!(retry["data"]["confirmPayment"]["replayed"], true);
    }
    wait_until_sealed(&app).await;
    let entries = app
        .gql(
            &app.platform(),
            "{ ledgerEntries { totalCount nodes { channel kind fen jin } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        entries["data"]["ledgerEntries"],
        json!({ "totalCount": 2, "nodes": [
            { "channel": "GROUP_BUY", "kind": "SALE", "fen": 5000, "jin": "1" },
            { "channel": "GROUP_BUY", "kind": "SALE", "fen": 5000, "jin": "1" },
        ] }),
        "{entries}"
    );
    assert_eq!(
        stock(&app, &s.product).await,
        json!({ "onHand": 96, "reserved": 2, "available": 94 })
    );
}

#[tokio::test]
async fn another_tenant_or_project_sees_no_group_buy_and_cannot_join_it() {
    let app = spawn_shifted().await;
    let a = setting(&app, "合肥", "340100", 1, 1).await;
    let b = setting(&app, "深圳", "440300", 2, 1).await;
    let (id, item) = open(&app, &a, open_input(&app, &a, 2, None)).await;

    // Another enterprise: its admin, its APP, its resident.
    for token in [
        app.enterprise_admin(b.tenant.enterprise),
        app.enterprise_app(b.tenant.enterprise),
        b.households[0].token.clone(),
    ] {
        let body = app.gql(&token, GROUP_BUY, json!({ "id": id })).await;
        assert!(
            body["data"]["groupBuy"].is_null() && body["errors"].is_null(),
            "{body}"
        );
        let node = app
            .gql(
                &token,
                "query($id: ID!) { node(id: $id) { id } }",
                json!({ "id": id }),
            )
            .await;
        assert_hidden(&node, "node");
        let list = app
            .gql(&token, "{ groupBuys { totalCount } }", json!({}))
            .await;
        assert_eq!(list["data"]["groupBuys"]["totalCount"], 0, "{list}");
        let mut input = join_input(&id, &item, 1, "foreign");
        input["i"]["householdId"] = json!(a.households[0].id);
        let joined = app.gql(&token, JOIN, input).await;
        assert_eq!(error_code(&joined), Some("NOT_FOUND"), "{joined}");
    }
    // B's admin cannot open a group buy in A's project, nor with A's store.
    let mut foreign = open_input(&app, &a, 2, None);
    foreign["storeId"] = json!(b.store);
    let refused = app
        .gql(
            &app.enterprise_admin(b.tenant.enterprise),
            OPEN,
            json!({ "i": foreign }),
        )
        .await;
    assert_eq!(
        refused["data"]["openGroupBuy"]["userErrors"][0],
        json!({ "field": ["input", "projectId"], "code": "UNKNOWN_REFERENCE", "message": "项目不存在" })
    );
    // A resident of another project of the same enterprise neither sees nor joins it.
    let admin = app.enterprise_admin(a.tenant.enterprise);
    let other = app.gql(&admin, "mutation($i: CreateProjectInput!) { createProject(input: $i) { project { id } } }", json!({ "i": { "project": { "cityCode": "340100", "name": "天鹅湖小区", "propertyType": "RESIDENTIAL", "householdCount": 300 } } })).await;
    let other = other["data"]["createProject"]["project"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let neighbour = household(&app, a.tenant.enterprise, &other).await;
    let seen = app
        .gql(&neighbour.token, GROUP_BUY, json!({ "id": id }))
        .await;
    assert!(seen["data"]["groupBuy"].is_null(), "{seen}");
    let joined = app
        .gql(&neighbour.token, JOIN, join_input(&id, &item, 1, "n"))
        .await;
    assert_eq!(error_code(&joined), Some("NOT_FOUND"));
    // The APP of A naming that household: it is not of the group buy's project.
    let mut input = join_input(&id, &item, 1, "app");
    input["i"]["householdId"] = json!(neighbour.id);
    let joined = app
        .gql(&app.enterprise_app(a.tenant.enterprise), JOIN, input)
        .await;
    assert_eq!(
        joined["data"]["joinGroupBuy"]["userErrors"][0]["code"], "UNKNOWN_REFERENCE",
        "{joined}"
    );
    // Its own residents see it and join it.
    let own = join(&app, &a.households[0], &id, &item, 1).await;
    assert_eq!(own["userErrors"], json!([]), "{own}");
}
