#![expect(
    clippy::unwrap_used,
    reason = "a fixture that cannot be built must fail the test"
)]

//! The ledger over HTTP: reported sales from a company's mall, their review, fair sales, the
//! sealer catching up, totals, a resident's jin and the audit.

mod flow;
mod tenancy;

use std::time::Duration;

use kernel::{Fen, Grams};
use ledger::attribution::{Buyer, Sale, resolve};
use ledger::{Amounts, Channel, Source};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::{Tenant, TestApp, tenant, uuid_of};
use crate::products::{active_product, certify, supplier};

pub const REPORT: &str = "mutation($i: ReportSalesInput!) { reportSales(input: $i) { batch { id receivedCount repeatedCount failedCount } receivedCount repeatedCount failedCount rows { index outcome row { id status flags channel jin yuan } userErrors { field code } } userErrors { field code } } }";
pub const VERIFY: &str = "mutation($i: VerifyReportedRowsInput!) { verifyReportedRows(input: $i) { rows { id status entry { id } } entries { id kind jin } userErrors { field code } } }";
pub const REJECT: &str = "mutation($i: RejectReportedRowsInput!) { rejectReportedRows(input: $i) { rows { id status reviewReason } entries { id kind jin } userErrors { field code } } }";

/// A tenant and a certified product of a supplier in 平武.
pub struct Shop {
    pub tenant: Tenant,
    pub product: String,
}

pub async fn shop(app: &TestApp, name: &str, city: &str, n: u32) -> Shop {
    let tenant = tenant(app, name, city).await;
    let s = supplier(app, n).await;
    let product = active_product(app, s, &format!("{name}高山绿茶"), 3000).await;
    certify(app, s, &product).await;
    Shop { tenant, product }
}

/// A reported row of `units` 250 g cans at 30 yuan each, sold today.
pub fn row(app: &TestApp, shop: &Shop, order: &str, units: i64) -> Value {
    json!({
        "externalOrderId": order,
        "soldOn": app.running.state.clock.today().to_string(),
        "projectId": format!("gid://yijin/Project/{}", shop.tenant.project),
        "productId": shop.product,
        "quantity": units,
        "grams": 250 * units,
        "fen": 3000 * units,
        "channel": "COUNTER",
    })
}

pub async fn report(app: &TestApp, token: &str, rows: Vec<Value>) -> Value {
    let body = app
        .gql(token, REPORT, json!({ "i": { "rows": rows } }))
        .await;
    body["data"]["reportSales"].clone()
}

pub fn row_ids(payload: &Value) -> Vec<String> {
    payload["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["row"]["id"].as_str().unwrap().to_owned())
        .collect()
}

/// Polls `ledgerStatus` until nothing waits for the sealer.
pub async fn wait_until_sealed(app: &TestApp) -> Value {
    let token = app.platform();
    for _ in 0..500 {
        let body = app
            .gql(
                &token,
                "{ ledgerStatus { sealedThrough pending lag } }",
                json!({}),
            )
            .await;
        if body["data"]["ledgerStatus"]["pending"] == 0 {
            return body["data"]["ledgerStatus"].clone();
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the sealer did not catch up");
}

/// Records a zone sale to a household the way the orders crate does after a payment: resolve
/// and record in the payment's transaction, commit, ring the sealer.
pub async fn paid_order_line(app: &TestApp, household: Uuid, product: &str, units: i64) {
    let state = &app.running.state;
    let txn = kernel::db::begin_write(&state.db).await.unwrap();
    let sale = Sale {
        source: Source::OrderLine,
        source_ref: Uuid::now_v7().to_string(),
        channel: Channel::Zone,
        occurred_at: state.clock.now(),
        product_id: uuid_of(&json!(product)),
        amounts: Amounts::new(units, Grams(250 * units), Fen(3000 * units)),
        buyer: Buyer {
            household_id: Some(household),
            ..Buyer::default()
        },
        recorded_by: "test-order".into(),
    };
    let entries = resolve(&txn, vec![sale]).await.unwrap();
    ledger::record(&txn, entries).await.unwrap();
    sea_orm::TransactionSession::commit(txn).await.unwrap();
    state.ledger_signal.notify();
}
