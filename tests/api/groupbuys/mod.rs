#![expect(
    clippy::unwrap_used,
    reason = "a fixture that cannot be built must fail the test"
)]

//! Community group buys over HTTP: open, join, change, withdraw; closing that fails and gives
//! every unit back, closing that succeeds into one order per join, counted as GROUP_BUY once
//! paid; closing exactly once under racing closers; cap and stock under a hundred concurrent
//! joins; other tenants see nothing.

mod closing;
mod concurrency;
mod flow;

use chrono::TimeDelta;
use kernel::{OrgKind, OrgRef, Role};
use serde_json::{Value, json};

use crate::helpers::{Tenant, TestApp, uuid_of};
use crate::ledger::shop;

pub const OPEN: &str = "mutation($i: OpenGroupBuyInput!) { openGroupBuy(input: $i) { groupBuy { id state items { id groupPriceFen } } userErrors { field code message } } }";
pub const JOIN: &str = "mutation($i: JoinGroupBuyInput!) { joinGroupBuy(input: $i) { replayed join { id state units fen } groupBuy { progress { joinedHouseholds joinedUnits shortOfMinimum remainingCapUnits } } userErrors { field code message } } }";
pub const WITHDRAW: &str = "mutation($i: WithdrawFromGroupBuyInput!) { withdrawFromGroupBuy(input: $i) { join { state } groupBuy { progress { joinedHouseholds joinedUnits } } userErrors { field code message } } }";
pub const GROUP_BUY: &str = "query($id: ID!) { groupBuy(id: $id) { id state closedAt progress { joinedHouseholds joinedUnits minimumMet shortOfMinimum } joins { state units orderId } pickList { units } } }";
pub const STOCK: &str =
    "query($id: ID!) { product(id: $id) { stock { onHand reserved available } } }";

/// A tenant with a zone serving its project, one certified product listed there (100 units in
/// stock at 30 yuan a 250 g can), and `households` residents of the project with their tokens.
pub struct Setting {
    pub tenant: Tenant,
    pub store: String,
    pub listing: String,
    pub product: String,
    pub households: Vec<Resident>,
}

pub struct Resident {
    pub id: String,
    pub token: String,
}

impl Setting {
    pub fn project(&self) -> String {
        format!("gid://yijin/Project/{}", self.tenant.project)
    }
}

pub fn resident_token(app: &TestApp, enterprise: uuid::Uuid, household: &str) -> String {
    app.token(
        Role::Household,
        Some(OrgRef {
            kind: OrgKind::Enterprise,
            id: enterprise,
        }),
        Some(uuid_of(&json!(household))),
    )
}

pub async fn household(app: &TestApp, enterprise: uuid::Uuid, project: &str) -> Resident {
    let body = app.gql(&app.enterprise_app(enterprise), "mutation($i: CreateHouseholdInput!) { createHousehold(input: $i) { household { id } userErrors { field code } } }", json!({ "i": { "projectId": project } })).await;
    let id = body["data"]["createHousehold"]["household"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{body}"))
        .to_owned();
    Resident {
        token: resident_token(app, enterprise, &id),
        id,
    }
}

pub async fn setting(app: &TestApp, name: &str, city: &str, n: u32, households: usize) -> Setting {
    let shop = shop(app, name, city, n).await;
    let t = shop.tenant;
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
    let mut residents = Vec::with_capacity(households);
    for _ in 0..households {
        residents.push(household(app, t.enterprise, &project).await);
    }
    Setting {
        tenant: t,
        store,
        listing,
        product: shop.product,
        households: residents,
    }
}

/// The input of a 三八 group buy of the setting's product at 25 yuan, closing in an hour.
pub fn open_input(app: &TestApp, s: &Setting, minimum_units: i64, cap_units: Option<i64>) -> Value {
    json!({
        "projectId": s.project(),
        "storeId": s.store,
        "title": "三八节高山绿茶团",
        "clubKind": "MOTHERS",
        "items": [{ "listingId": s.listing, "groupPrice": 2500 }],
        "minimumUnits": minimum_units,
        "capUnits": cap_units,
        "closesAt": (app.running.state.clock.now() + TimeDelta::hours(1)).to_rfc3339(),
        "pickupPoint": "3号楼架空层",
    })
}

/// Opens a group buy as the enterprise's admin; returns its id and its one item's id.
pub async fn open(app: &TestApp, s: &Setting, input: Value) -> (String, String) {
    let body = app
        .gql(
            &app.enterprise_admin(s.tenant.enterprise),
            OPEN,
            json!({ "i": input }),
        )
        .await;
    let payload = &body["data"]["openGroupBuy"];
    assert_eq!(payload["userErrors"], json!([]), "{body}");
    (
        payload["groupBuy"]["id"].as_str().unwrap().to_owned(),
        payload["groupBuy"]["items"][0]["id"]
            .as_str()
            .unwrap()
            .to_owned(),
    )
}

pub fn join_input(group_buy: &str, item: &str, quantity: i64, key: &str) -> Value {
    json!({ "i": { "groupBuyId": group_buy, "lines": [{ "itemId": item, "quantity": quantity }], "idempotencyKey": key } })
}

/// Joins as the resident; returns the payload.
pub async fn join(
    app: &TestApp,
    r: &Resident,
    group_buy: &str,
    item: &str,
    quantity: i64,
) -> Value {
    let key = format!("join-{}-{quantity}", r.id);
    let body = app
        .gql(&r.token, JOIN, join_input(group_buy, item, quantity, &key))
        .await;
    assert!(body["errors"].is_null(), "{body}");
    body["data"]["joinGroupBuy"].clone()
}

pub async fn stock(app: &TestApp, product: &str) -> Value {
    let body = app
        .gql(&app.platform(), STOCK, json!({ "id": product }))
        .await;
    body["data"]["product"]["stock"].clone()
}

pub async fn group_buy(app: &TestApp, token: &str, id: &str) -> Value {
    let body = app.gql(token, GROUP_BUY, json!({ "id": id })).await;
    assert!(body["errors"].is_null(), "{body}");
    body["data"]["groupBuy"].clone()
}
