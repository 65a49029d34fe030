#![expect(
    clippy::unwrap_used,
    reason = "a fixture that cannot be built must fail the test"
)]

//! Bulk procurement over HTTP: a canteen's purchase order requested by one admin, approved by
//! another (never by the requester), paid offline and counted for the company as
//! ENTERPRISE_PROCUREMENT with its occasion; a partner company's order counted as
//! PARTNER_PROCUREMENT for the mobilising enterprise and credited to the partner; cancelling
//! gives the stock back; other tenants see nothing.

use std::time::Duration;

use kernel::{Actor, Clock, OrgKind, OrgRef, Role};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::{TestApp, error_code, spawn_shifted, uuid_of};
use crate::ledger::{shop, wait_until_sealed};
use crate::products::{supplier_token, uscc};

const CREATE: &str = "mutation($i: CreatePurchaseOrderInput!) { createPurchaseOrder(input: $i) { purchaseOrder { id state totalFen totalYuan totalGrams jin channel requestedBy lines { quantity unitPriceFen amountFen jin } } userErrors { field code message } } }";
const APPROVE: &str = "mutation($i: PurchaseOrderActionInput!) { approvePurchaseOrder(input: $i) { purchaseOrder { state approvedBy } userErrors { field code message } } }";
const CANCEL: &str = "mutation($i: PurchaseOrderActionInput!) { cancelPurchaseOrder(input: $i) { purchaseOrder { state } userErrors { field code message } } }";
const PAY: &str = "mutation($i: ConfirmPurchaseOrderPaymentInput!) { confirmPurchaseOrderPayment(input: $i) { replayed purchaseOrder { state paymentReference invoiceReference lines { ledgerEntryId } } userErrors { field code message } } }";
const PARTNER: &str = "mutation($i: RegisterPartnerCompanyInput!) { registerPartnerCompany(input: $i) { partnerCompany { id uscc } userErrors { field code message } } }";
static PAID_AT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
const STOCK: &str = "query($id: ID!) { product(id: $id) { stock { onHand reserved available } } }";

/// An enterprise admin's token with a subject of its own (two admins of one company).
fn admin(app: &TestApp, enterprise: Uuid, subject: &str) -> String {
    let actor = Actor::new(
        subject.to_owned(),
        Role::EnterpriseAdmin,
        Some(OrgRef {
            kind: OrgKind::Enterprise,
            id: enterprise,
        }),
        None,
    )
    .unwrap();
    app.running
        .state
        .keys
        .mint(&actor, Duration::from_secs(600), &Clock::System)
        .unwrap()
}

async fn stock(app: &TestApp, product: &str) -> Value {
    app.gql(&app.platform(), STOCK, json!({ "id": product }))
        .await["data"]["product"]["stock"]
        .clone()
}

/// A payment an hour ago (the same instant on every call, so that a retry sends the very same
/// input).
fn pay_input(id: &str, amount: i64, key: &str) -> Value {
    let paid_at =
        PAID_AT.get_or_init(|| (chrono::Utc::now() - chrono::TimeDelta::hours(1)).to_rfc3339());
    json!({ "i": { "purchaseOrderId": id, "reference": "ICBC-20260306-0001", "amount": amount, "paidAt": paid_at, "invoiceReference": "INV-2026-0042", "idempotencyKey": key } })
}

#[tokio::test]
async fn a_canteen_order_is_approved_by_another_admin_paid_offline_and_counted_for_the_company() {
    let app = spawn_shifted().await;
    let shop = shop(&app, "合肥", "340100", 1).await;
    let e = shop.tenant.enterprise;
    let (zhang, li) = (admin(&app, e, "admin-zhang"), admin(&app, e, "admin-li"));
    let festival = app.gql(&app.platform(), "mutation($i: CreateOccasionInput!) { createOccasion(input: $i) { occasion { id } userErrors { code } } }", json!({ "i": { "kind": "FESTIVAL", "name": "三八妇女节", "startsOn": "2026-03-01", "endsOn": "2026-03-08" } })).await;
    let festival = festival["data"]["createOccasion"]["occasion"]["id"].clone();
    let input = json!({ "i": {
        "purpose": "CANTEEN", "title": "职工食堂三月采购", "occasionId": festival,
        "lines": [{ "productId": shop.product, "quantity": 40, "unitPrice": 2800 }],
        "deliveryProjectId": format!("gid://yijin/Project/{}", shop.tenant.project),
    } });
    let created = app.gql(&zhang, CREATE, input).await;
    let order = &created["data"]["createPurchaseOrder"]["purchaseOrder"];
    assert_eq!(
        order,
        &json!({
            "id": order["id"], "state": "REQUESTED", "totalFen": 112000, "totalYuan": "1120.00",
            "totalGrams": 10000, "jin": "20", "channel": "ENTERPRISE_PROCUREMENT",
            "requestedBy": "admin-zhang",
            "lines": [{ "quantity": 40, "unitPriceFen": 2800, "amountFen": 112000, "jin": "20" }],
        }),
        "{created}"
    );
    let id = order["id"].as_str().unwrap().to_owned();
    assert_eq!(
        stock(&app, &shop.product).await,
        json!({ "onHand": 100, "reserved": 40, "available": 60 })
    );
    let action = json!({ "i": { "purchaseOrderId": id } });

    // Not paid before approval; never approved by its requester.
    let early = app.gql(&zhang, PAY, pay_input(&id, 112000, "early")).await;
    assert_eq!(
        early["data"]["confirmPurchaseOrderPayment"]["userErrors"][0]["code"],
        "INVALID_TRANSITION"
    );
    let own = app.gql(&zhang, APPROVE, action.clone()).await;
    assert_eq!(
        own["data"]["approvePurchaseOrder"]["userErrors"][0]["code"], "APPROVER_IS_REQUESTER",
        "{own}"
    );
    let approved = app.gql(&li, APPROVE, action.clone()).await;
    assert_eq!(
        approved["data"]["approvePurchaseOrder"]["purchaseOrder"],
        json!({ "state": "APPROVED", "approvedBy": "admin-li" })
    );

    let wrong = app.gql(&zhang, PAY, pay_input(&id, 111999, "p0")).await;
    assert_eq!(
        wrong["data"]["confirmPurchaseOrderPayment"]["userErrors"][0]["code"],
        "AMOUNT_MISMATCH"
    );
    let paid = app.gql(&zhang, PAY, pay_input(&id, 112000, "p1")).await;
    let paid = &paid["data"]["confirmPurchaseOrderPayment"];
    assert_eq!(paid["purchaseOrder"]["state"], "PAID", "{paid}");
    assert_eq!(paid["purchaseOrder"]["invoiceReference"], "INV-2026-0042");
    assert!(paid["purchaseOrder"]["lines"][0]["ledgerEntryId"].is_string());
    let again = app.gql(&zhang, PAY, pay_input(&id, 112000, "p1")).await;
    assert_eq!(
        again["data"]["confirmPurchaseOrderPayment"]["replayed"],
        true
    );
    assert_eq!(
        stock(&app, &shop.product).await,
        json!({ "onHand": 60, "reserved": 0, "available": 60 })
    );

    wait_until_sealed(&app).await;
    let entries = app.gql(&zhang, "{ ledgerEntries { totalCount nodes { source channel jin fen household { id } enterprise { id } project { id } } } }", json!({})).await;
    assert_eq!(
        entries["data"]["ledgerEntries"],
        json!({ "totalCount": 1, "nodes": [{ "source": "PURCHASE_LINE", "channel": "ENTERPRISE_PROCUREMENT", "jin": "20", "fen": 112000, "household": null,
            "enterprise": { "id": format!("gid://yijin/Enterprise/{e}") }, "project": { "id": format!("gid://yijin/Project/{}", shop.tenant.project) } }] }),
        "{entries}"
    );
    // The channel's totals (the platform's and reporters' view) and the company's own.
    let totals = app
        .gql(
            &app.platform(),
            "{ ledgerTotals(dimension: CHANNEL, key: \"ENTERPRISE_PROCUREMENT\") { jin fen } }",
            json!({}),
        )
        .await;
    let own = app
        .gql(
            &zhang,
            "query($k: String!) { ledgerTotals(dimension: ENTERPRISE, key: $k) { jin } }",
            json!({ "k": e.to_string() }),
        )
        .await;
    assert_eq!(own["data"]["ledgerTotals"]["jin"], "20", "{own}");
    assert_eq!(
        totals["data"]["ledgerTotals"],
        json!({ "jin": "20", "fen": 112000 }),
        "{totals}"
    );
    let moved = app
        .gql(
            &zhang,
            "query($id: ID!) { node(id: $id) { ... on Occasion { name movedJin movedFen } } }",
            json!({ "id": festival }),
        )
        .await;
    assert_eq!(
        moved["data"]["node"],
        json!({ "name": "三八妇女节", "movedJin": "20", "movedFen": 112000 })
    );

    // The supplier sees the order holding its line; another company, the APP and residents
    // see nothing and change nothing.
    let s = app
        .gql(
            &supplier_token(
                &app,
                uuid_of(&json!(format!(
                    "gid://yijin/Supplier/{}",
                    supplier_of(&app, &shop.product).await
                ))),
            ),
            "{ purchaseOrders { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(s["data"]["purchaseOrders"]["totalCount"], 1, "{s}");
    let other = crate::helpers::tenant(&app, "深圳", "440300").await;
    for token in [
        app.enterprise_admin(other.enterprise),
        app.enterprise_app(e),
    ] {
        let list = app
            .gql(&token, "{ purchaseOrders { totalCount } }", json!({}))
            .await;
        assert_eq!(list["data"]["purchaseOrders"]["totalCount"], 0, "{list}");
        let one = app
            .gql(
                &token,
                "query($id: ID!) { purchaseOrder(id: $id) { id } }",
                json!({ "id": id }),
            )
            .await;
        assert!(one["data"]["purchaseOrder"].is_null(), "{one}");
    }
    let foreign = app
        .gql(&app.enterprise_admin(other.enterprise), CANCEL, action)
        .await;
    assert_eq!(error_code(&foreign), Some("NOT_FOUND"));
}

async fn supplier_of(app: &TestApp, product: &str) -> Uuid {
    let body = app
        .gql(
            &app.platform(),
            "query($id: ID!) { product(id: $id) { supplier { id } } }",
            json!({ "id": product }),
        )
        .await;
    uuid_of(&body["data"]["product"]["supplier"]["id"])
}

#[tokio::test]
async fn a_partners_order_counts_as_partner_procurement_for_the_mobilising_enterprise() {
    let app = spawn_shifted().await;
    let shop = shop(&app, "合肥", "340100", 1).await;
    let e = shop.tenant.enterprise;
    let (zhang, li) = (admin(&app, e, "admin-zhang"), admin(&app, e, "admin-li"));
    let partner = json!({ "i": { "name": "安居房产经纪有限公司", "uscc": uscc(77), "kind": "ESTATE_AGENCY", "contactPhone": "13800138000" } });
    let registered = app.gql(&zhang, PARTNER, partner.clone()).await;
    let partner_id = registered["data"]["registerPartnerCompany"]["partnerCompany"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{registered}"))
        .to_owned();
    let twice = app.gql(&li, PARTNER, partner).await;
    assert_eq!(
        twice["data"]["registerPartnerCompany"]["userErrors"][0]["code"],
        "TAKEN"
    );
    let bad = app
        .gql(
            &zhang,
            PARTNER,
            json!({ "i": { "name": "某公司", "uscc": "91340100MA2XXXXXX0", "kind": "OTHER" } }),
        )
        .await;
    assert_eq!(
        bad["data"]["registerPartnerCompany"]["userErrors"][0]["field"],
        json!(["input", "uscc"])
    );
    let order = |quantity: i64| {
        json!({ "i": {
        "partnerId": partner_id, "purpose": "GIFTS", "title": "中秋员工礼品",
        "lines": [{ "productId": shop.product, "quantity": quantity, "unitPrice": 3000 }],
        "deliveryAddress": { "recipientName": "王经理", "phone": "13900139000", "address": "合肥市蜀山区长江西路200号" },
    } })
    };

    // Another enterprise cannot buy for this partner.
    let other = crate::helpers::tenant(&app, "深圳", "440300").await;
    let foreign = app
        .gql(&app.enterprise_admin(other.enterprise), CREATE, order(1))
        .await;
    assert_eq!(
        foreign["data"]["createPurchaseOrder"]["userErrors"][0]["field"],
        json!(["input", "partnerId"])
    );
    // More than the stock: the line is named, nothing is reserved.
    let greedy = app.gql(&zhang, CREATE, order(101)).await;
    let error = &greedy["data"]["createPurchaseOrder"]["userErrors"][0];
    assert_eq!(error["code"], "INSUFFICIENT_STOCK", "{greedy}");
    assert_eq!(error["field"], json!(["input", "lines", "0", "quantity"]));

    // One order cancelled (its stock comes back), one paid.
    let dropped = app.gql(&zhang, CREATE, order(30)).await;
    let dropped = dropped["data"]["createPurchaseOrder"]["purchaseOrder"]["id"].clone();
    let cancelled = app
        .gql(&li, CANCEL, json!({ "i": { "purchaseOrderId": dropped } }))
        .await;
    assert_eq!(
        cancelled["data"]["cancelPurchaseOrder"]["purchaseOrder"]["state"],
        "CANCELLED"
    );
    let kept = app.gql(&zhang, CREATE, order(10)).await;
    let kept = &kept["data"]["createPurchaseOrder"]["purchaseOrder"];
    assert_eq!(kept["channel"], "PARTNER_PROCUREMENT");
    let id = kept["id"].as_str().unwrap().to_owned();
    app.gql(&li, APPROVE, json!({ "i": { "purchaseOrderId": id } }))
        .await;
    let paid = app.gql(&li, PAY, pay_input(&id, 30000, "p")).await;
    assert_eq!(
        paid["data"]["confirmPurchaseOrderPayment"]["purchaseOrder"]["state"], "PAID",
        "{paid}"
    );
    assert_eq!(
        stock(&app, &shop.product).await,
        json!({ "onHand": 90, "reserved": 0, "available": 90 })
    );
    wait_until_sealed(&app).await;
    let entries = app.gql(&zhang, "{ ledgerEntries { nodes { channel jin household { id } enterprise { id } city { code } } } }", json!({})).await;
    assert_eq!(
        entries["data"]["ledgerEntries"]["nodes"],
        json!([{ "channel": "PARTNER_PROCUREMENT", "jin": "5", "household": null,
            "enterprise": { "id": format!("gid://yijin/Enterprise/{e}") }, "city": null }]),
        "{entries}"
    );
    let partners = app
        .gql(
            &zhang,
            "{ partnerCompanies { name purchasedJin purchasedFen } }",
            json!({}),
        )
        .await;
    assert_eq!(
        partners["data"]["partnerCompanies"],
        json!([{ "name": "安居房产经纪有限公司", "purchasedJin": "5", "purchasedFen": 30000 }])
    );
}
