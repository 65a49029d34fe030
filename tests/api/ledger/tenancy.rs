//! Another tenant's ledger rows are out of reach: null by id, NOT_FOUND to a mutation, never confirmed.

use serde_json::json;

use super::*;
use crate::helpers::{assert_hidden, error_code, spawn_shifted};

#[tokio::test]
async fn another_enterprises_entries_batches_and_rows_are_not_found() {
    let app = spawn_shifted().await;
    let a = shop(&app, "合肥", "340100", 1).await;
    let b = shop(&app, "深圳", "440300", 2).await;
    let reported = report(
        &app,
        &app.enterprise_app(a.tenant.enterprise),
        vec![row(&app, &a, "ZZ-1", 1)],
    )
    .await;
    let batch = reported["batch"]["id"].as_str().unwrap().to_owned();
    let row_id = row_ids(&reported)[0].clone();
    let verified = app
        .gql(
            &app.association_admin(a.tenant.association),
            VERIFY,
            json!({ "i": { "rowIds": [row_id] } }),
        )
        .await;
    let entry = verified["data"]["verifyReportedRows"]["entries"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    wait_until_sealed(&app).await;

    for token in [
        app.enterprise_admin(b.tenant.enterprise),
        app.enterprise_app(b.tenant.enterprise),
        app.association_admin(b.tenant.association),
    ] {
        for (field, id) in [
            ("ledgerEntry", &entry),
            ("reportedBatch", &batch),
            ("reportedRow", &row_id),
        ] {
            let query = format!("query($id: ID!) {{ {field}(id: $id) {{ id }} }}");
            let body = app.gql(&token, &query, json!({ "id": id })).await;
            assert_hidden(&body, field);
        }
        let node = app
            .gql(
                &token,
                "query($id: ID!) { node(id: $id) { id } }",
                json!({ "id": entry }),
            )
            .await;
        assert_hidden(&node, "node");
        let lists = app.gql(&token, "{ ledgerEntries { totalCount } reportedBatches { totalCount } reportedRows { totalCount } }", json!({})).await;
        assert_eq!(
            lists["data"],
            json!({ "ledgerEntries": { "totalCount": 0 }, "reportedBatches": { "totalCount": 0 }, "reportedRows": { "totalCount": 0 } }),
            "{lists}"
        );
    }
    let other_reviewer = app
        .gql(
            &app.association_admin(b.tenant.association),
            VERIFY,
            json!({ "i": { "rowIds": [row_id] } }),
        )
        .await;
    assert_eq!(error_code(&other_reviewer), Some("NOT_FOUND"));
    // A's own association sees it.
    let own = app
        .gql(
            &app.association_admin(a.tenant.association),
            "{ ledgerEntries { totalCount } reportedRows { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(
        own["data"],
        json!({ "ledgerEntries": { "totalCount": 1 }, "reportedRows": { "totalCount": 1 } })
    );
}

#[tokio::test]
async fn a_private_product_of_another_supplier_in_a_report_counts_as_unknown() {
    let app = spawn_shifted().await;
    let a = shop(&app, "合肥", "340100", 1).await;
    let other = crate::products::supplier(&app, 2).await;
    let draft = app.gql(&crate::products::supplier_token(&app, other), "mutation($i: CreateProductInput!) { createProduct(input: $i) { product { id } } }", json!({ "i": { "name": "未上市新品", "category": "OTHER", "unit": "件", "netWeight": 500, "price": 1000 } })).await;
    let draft = draft["data"]["createProduct"]["product"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut sale = row(&app, &a, "PRIV-1", 1);
    sale["productId"] = json!(draft);
    let reported = report(&app, &app.enterprise_app(a.tenant.enterprise), vec![sale]).await;
    let held = &reported["rows"][0]["row"];
    assert_eq!(held["status"], "REPORTED", "{reported}");
    assert!(
        held["flags"]
            .as_array()
            .unwrap()
            .contains(&json!("UNKNOWN_PRODUCT")),
        "{reported}"
    );
    let id = held["id"].as_str().unwrap();
    let read = app
        .gql(
            &app.enterprise_admin(a.tenant.enterprise),
            "query($id: ID!) { reportedRow(id: $id) { product { id } } }",
            json!({ "id": id }),
        )
        .await;
    assert!(read["data"]["reportedRow"]["product"].is_null(), "{read}");
}
