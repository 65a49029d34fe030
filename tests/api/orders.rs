#![expect(
    clippy::unwrap_used,
    reason = "a fixture that cannot be built must fail the test"
)]

//! Orders over HTTP: a resident orders in its company's zone, the APP confirms the payment,
//! the staff redeem the pickup code and the jin shows up in the ledger; replays are marked;
//! another tenant sees nothing.

use kernel::{OrgKind, OrgRef, Role};
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_hidden, error_code, spawn_shifted, uuid_of};
use crate::ledger::{shop, wait_until_sealed};

pub const PLACE: &str = "mutation($i: PlaceOrderInput!) { placeOrder(input: $i) { replayed order { id paymentStatus fulfilmentStatus totalFen totalYuan jin expiresAt lines { id quantity unitPriceFen } } userErrors { field code message } } }";
pub const CONFIRM: &str = "mutation($i: ConfirmPaymentInput!) { confirmPayment(input: $i) { replayed order { id paymentStatus paidFen lines { ledgerEntryId } } userErrors { field code } } }";
const READY: &str = "mutation($i: FulfilOrderInput!) { fulfilOrderReadyForPickup(input: $i) { order { fulfilmentStatus pickupCode { code } } userErrors { field code } } }";
const REDEEM: &str = "mutation($i: RedeemPickupCodeInput!) { redeemPickupCode(input: $i) { order { fulfilmentStatus } userErrors { field code } } }";
const ORDER: &str = "query($id: ID!) { order(id: $id) { id paymentStatus fulfilmentStatus pickupCode { code qrPayload } events { kind actor } } }";

/// A zone of the shop's enterprise serving its project, listing its product; a household
/// there and its token.
pub struct Zone {
    pub store: String,
    pub listing: String,
    pub resident: String,
    pub enterprise: uuid::Uuid,
}

pub async fn zone(app: &TestApp, name: &str, city: &str, n: u32) -> Zone {
    let shop = shop(app, name, city, n).await;
    let t = &shop.tenant;
    let admin = app.enterprise_admin(t.enterprise);
    let project = format!("gid://yijin/Project/{}", t.project);
    let store = app.gql(&admin, "mutation($i: CreateStoreInput!) { createStore(input: $i) { store { id } userErrors { field code } } }", json!({ "i": { "kind": "ZONE", "name": "带一斤回家", "projectIds": [project] } })).await;
    let store = store["data"]["createStore"]["store"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let listing = app.gql(&admin, "mutation($i: PutListingInput!) { putListing(input: $i) { listing { id } userErrors { field code } } }", json!({ "i": { "storeId": store, "productId": shop.product } })).await;
    let listing = listing["data"]["putListing"]["listing"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let household = app.gql(&app.enterprise_app(t.enterprise), "mutation($i: CreateHouseholdInput!) { createHousehold(input: $i) { household { id } userErrors { field code } } }", json!({ "i": { "projectId": project, "externalUserId": format!("{name}-1") } })).await;
    let household = household["data"]["createHousehold"]["household"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let resident = app.token(
        Role::Household,
        Some(OrgRef {
            kind: OrgKind::Enterprise,
            id: t.enterprise,
        }),
        Some(uuid_of(&json!(household))),
    );
    Zone {
        store,
        listing,
        resident,
        enterprise: t.enterprise,
    }
}

fn payload<'a>(body: &'a Value, mutation: &str) -> &'a Value {
    &body["data"][mutation]
}

#[tokio::test]
async fn a_resident_orders_the_app_confirms_the_staff_redeem_and_the_jin_is_counted() {
    let app = spawn_shifted().await;
    let z = zone(&app, "合肥", "340100", 1).await;
    let company = app.enterprise_app(z.enterprise);
    let admin = app.enterprise_admin(z.enterprise);
    let input = json!({ "storeId": z.store, "lines": [{ "listingId": z.listing, "quantity": 2 }], "pickup": {}, "idempotencyKey": "tap-1" });
    let placed = app.gql(&z.resident, PLACE, json!({ "i": input })).await;
    let placed = payload(&placed, "placeOrder");
    assert_eq!(placed["userErrors"], json!([]), "{placed}");
    assert_eq!(placed["replayed"], false);
    let order = &placed["order"];
    assert_eq!(order["paymentStatus"], "UNPAID");
    assert_eq!(order["totalFen"], 6000, "two cans at the listing's price");
    assert_eq!(order["jin"], "1");
    let id = order["id"].as_str().unwrap().to_owned();
    // Retried: the same order, marked as a replay.
    let again = app.gql(&z.resident, PLACE, json!({ "i": input })).await;
    assert_eq!(payload(&again, "placeOrder")["replayed"], true);
    assert_eq!(payload(&again, "placeOrder")["order"]["id"], json!(id));
    // Too many units: the line is named with what is left (100 in stock, 2 reserved).
    let greedy = json!({ "storeId": z.store, "lines": [{ "listingId": z.listing, "quantity": 99 }], "idempotencyKey": "tap-2" });
    let short = app.gql(&z.resident, PLACE, json!({ "i": greedy })).await;
    let error = &payload(&short, "placeOrder")["userErrors"][0];
    assert_eq!(error["code"], "INSUFFICIENT_STOCK", "{short}");
    assert_eq!(error["field"], json!(["input", "lines", "0", "quantity"]));

    let paid_at = chrono::Utc::now().to_rfc3339();
    let pay = |amount: i64| json!({ "i": { "orderId": id, "reference": "wx-4200001", "amount": amount, "paidAt": paid_at, "idempotencyKey": format!("pay-{amount}") } });
    let wrong = app.gql(&company, CONFIRM, pay(5999)).await;
    assert_eq!(
        payload(&wrong, "confirmPayment")["userErrors"][0]["code"],
        "AMOUNT_MISMATCH"
    );
    let by_resident = app.gql(&z.resident, CONFIRM, pay(6000)).await;
    assert_eq!(error_code(&by_resident), Some("FORBIDDEN"));
    let paid = app.gql(&company, CONFIRM, pay(6000)).await;
    let paid = payload(&paid, "confirmPayment");
    assert_eq!(paid["order"]["paymentStatus"], "PAID", "{paid}");
    assert!(paid["order"]["lines"][0]["ledgerEntryId"].is_string());
    let replay = app.gql(&company, CONFIRM, pay(6000)).await;
    assert_eq!(payload(&replay, "confirmPayment")["replayed"], true);
    // A replay answers the first result as it was, not the order as it is now.
    let late = app.gql(&z.resident, PLACE, json!({ "i": input })).await;
    let late = payload(&late, "placeOrder");
    assert_eq!(late["replayed"], true);
    assert_eq!(late["order"]["paymentStatus"], "UNPAID", "{late}");

    let ready = app
        .gql(&admin, READY, json!({ "i": { "orderId": id } }))
        .await;
    let ready = payload(&ready, "fulfilOrderReadyForPickup");
    assert_eq!(
        ready["order"]["fulfilmentStatus"], "READY_FOR_PICKUP",
        "{ready}"
    );
    assert!(
        ready["order"]["pickupCode"].is_null(),
        "the admin does not see the code"
    );
    let seen = app.gql(&z.resident, ORDER, json!({ "id": id })).await;
    let code = seen["data"]["order"]["pickupCode"]["code"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        seen["data"]["order"]["pickupCode"]["qrPayload"]
            .as_str()
            .unwrap()
            .ends_with(&code)
    );
    let redeemed = app
        .gql(&admin, REDEEM, json!({ "i": { "code": code } }))
        .await;
    assert_eq!(
        payload(&redeemed, "redeemPickupCode")["order"]["fulfilmentStatus"],
        "PICKED_UP"
    );
    let twice = app
        .gql(&admin, REDEEM, json!({ "i": { "code": code } }))
        .await;
    assert_eq!(
        payload(&twice, "redeemPickupCode")["userErrors"][0]["code"],
        "ALREADY_REDEEMED"
    );

    let history = app.gql(&z.resident, ORDER, json!({ "id": id })).await;
    let kinds: Vec<&str> = history["data"]["order"]["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["PLACED", "PAID", "READY_FOR_PICKUP", "PICKED_UP"]);

    wait_until_sealed(&app).await;
    let mine = app
        .gql(&z.resident, "{ myJin { jin yuan entries } }", json!({}))
        .await;
    assert_eq!(
        mine["data"]["myJin"],
        json!({ "jin": "1", "yuan": "60.00", "entries": 1 }),
        "{mine}"
    );
    let entries = app
        .gql(
            &admin,
            "{ ledgerEntries(first: 5) { nodes { source channel jin } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        entries["data"]["ledgerEntries"]["nodes"],
        json!([{ "source": "ORDER_LINE", "channel": "ZONE", "jin": "1" }])
    );
}

#[tokio::test]
async fn another_tenant_finds_no_order_and_a_refund_reverses_the_ledger() {
    let app = spawn_shifted().await;
    let a = zone(&app, "合肥", "340100", 1).await;
    let b = zone(&app, "深圳", "440300", 2).await;
    let input = json!({ "storeId": a.store, "lines": [{ "listingId": a.listing, "quantity": 3 }], "delivery": { "recipientName": "王芳", "phone": "13800138000", "address": "合肥市蜀山区长江西路100号" }, "idempotencyKey": "k" });
    let placed = app.gql(&a.resident, PLACE, json!({ "i": input })).await;
    let id = payload(&placed, "placeOrder")["order"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // Another tenant's resident cannot order from this zone, nor see the order.
    let foreign = app.gql(&b.resident, PLACE, json!({ "i": input })).await;
    assert_eq!(
        payload(&foreign, "placeOrder")["userErrors"][0]["code"],
        "UNKNOWN_REFERENCE",
        "{foreign}"
    );
    for token in [
        b.resident.clone(),
        app.enterprise_admin(b.enterprise),
        app.enterprise_app(b.enterprise),
    ] {
        let body = app.gql(&token, ORDER, json!({ "id": id })).await;
        assert!(
            body["data"]["order"].is_null() && body["errors"].is_null(),
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
            .gql(&token, "{ orders { totalCount } }", json!({}))
            .await;
        assert_eq!(list["data"]["orders"]["totalCount"], 0, "{list}");
    }
    // The APP sees the address masked; the enterprise's admin (the zone's operator) in full.
    let delivery =
        "query($id: ID!) { order(id: $id) { delivery { recipientName phone address masked } } }";
    let masked = app
        .gql(
            &app.enterprise_app(a.enterprise),
            delivery,
            json!({ "id": id }),
        )
        .await;
    assert_eq!(
        masked["data"]["order"]["delivery"],
        json!({ "recipientName": "王*", "phone": "138****8000", "address": "合肥市蜀山区****", "masked": true })
    );
    let full = app
        .gql(
            &app.enterprise_admin(a.enterprise),
            delivery,
            json!({ "id": id }),
        )
        .await;
    assert_eq!(
        full["data"]["order"]["delivery"]["address"],
        "合肥市蜀山区长江西路100号"
    );

    let company = app.enterprise_app(a.enterprise);
    let pay = json!({ "i": { "orderId": id, "reference": "wx-1", "amount": 9000, "paidAt": chrono::Utc::now().to_rfc3339(), "idempotencyKey": "p" } });
    app.gql(&company, CONFIRM, pay).await;
    let foreign_refund = app
        .gql(
            &app.enterprise_app(b.enterprise),
            "mutation($i: RefundOrderInput!) { refundOrder(input: $i) { userErrors { code } } }",
            json!({ "i": { "orderId": id } }),
        )
        .await;
    assert_eq!(error_code(&foreign_refund), Some("NOT_FOUND"));
    let refund = app.gql(&company, "mutation($i: RefundOrderInput!) { refundOrder(input: $i) { order { paymentStatus refundedFen } userErrors { field code } } }", json!({ "i": { "orderId": id, "restock": true, "idempotencyKey": "r" } })).await;
    assert_eq!(
        payload(&refund, "refundOrder")["order"],
        json!({ "paymentStatus": "REFUNDED", "refundedFen": 9000 }),
        "{refund}"
    );
    wait_until_sealed(&app).await;
    let totals = app
        .gql(
            &app.platform(),
            "{ ledgerEntries(first: 5) { nodes { kind fen } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        totals["data"]["ledgerEntries"]["nodes"],
        json!([{ "kind": "SALE", "fen": 9000 }, { "kind": "REFUND", "fen": -9000 }])
    );
}

#[tokio::test]
async fn a_page_of_orders_costs_the_same_statements_whatever_its_size() {
    let app = crate::helpers::spawn_counting().await;
    let z = zone(&app, "合肥", "340100", 1).await;
    for n in 0..12 {
        let input = json!({ "storeId": z.store, "lines": [{ "listingId": z.listing, "quantity": 1 }], "idempotencyKey": format!("n-{n}") });
        let body = app.gql(&z.resident, PLACE, json!({ "i": input })).await;
        assert_eq!(
            payload(&body, "placeOrder")["userErrors"],
            json!([]),
            "{body}"
        );
    }
    const PAGE: &str = "query($n: Int!) { orders(first: $n) { nodes { id store { name } lines { quantity product { name } } events { kind } } } }";
    let mut counts = Vec::new();
    for n in [2, 12] {
        let before = app.running.state.metrics.statements();
        let body = app.gql(&z.resident, PAGE, json!({ "n": n })).await;
        assert!(body["errors"].is_null(), "{body}");
        assert_eq!(
            body["data"]["orders"]["nodes"].as_array().map(Vec::len),
            Some(n)
        );
        counts.push(app.running.state.metrics.statements() - before);
    }
    // The page, then one batch per relation: store, lines, events, products. An N+1 would
    // take 12 or more.
    const BOUND: u64 = 6;
    assert!(
        counts.iter().all(|c| *c <= BOUND),
        "statements must not grow with the page size: {counts:?}"
    );
}
