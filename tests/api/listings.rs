//! One rule for who sees a listing, on every path that returns listings: those who manage the
//! store see all of them; residents and APPs only those sellable today (on the shelf, the
//! product active and certified today), through `catalogue`, `Store.listings`, `node(id:)`
//! and `nodes(ids:)` alike.

use chrono::TimeDelta;
use serde_json::{Value, json};

use crate::catalogue::{CATALOGUE, household, household_token, names, put_listing, zone};
use crate::helpers::{TestApp, error_code, tenant};
use crate::products::{active_product, certify, spawn_shifted, supplier, supplier_token};

const STORE_LISTINGS: &str =
    "query($s: ID!) { store(id: $s) { listings { id product { name } } } }";

async fn store_listing_names(app: &TestApp, token: &str, store: &str) -> Vec<String> {
    let body = app.gql(token, STORE_LISTINGS, json!({ "s": store })).await;
    let mut out: Vec<String> = body["data"]["store"]["listings"]
        .as_array()
        .unwrap_or_else(|| panic!("{body}"))
        .iter()
        .map(|l| l["product"]["name"].as_str().unwrap_or_default().to_owned())
        .collect();
    out.sort();
    out
}

/// Whether `node(id:)` finds the listing; `nodes(ids:)`, which reads listings in a batch of
/// their own, must answer the same.
async fn node_found(app: &TestApp, token: &str, id: &str) -> bool {
    let body = app
        .gql(
            token,
            "query($id: ID!) { node(id: $id) { id } nodes(ids: [$id]) { id } }",
            json!({ "id": id }),
        )
        .await;
    match error_code(&body) {
        None => {
            assert_eq!(body["data"]["node"], body["data"]["nodes"][0], "{body}");
            !body["data"]["node"].is_null()
        }
        Some(other) => panic!("{other}: {body}"),
    }
}

async fn decide(app: &TestApp, mutation: &str, certification: &str) {
    let query = format!(
        "mutation($i: CertificationCommentInput!) {{ {mutation}(input: $i) {{ userErrors {{ code }} }} }}"
    );
    let body = app
        .gql(
            &app.platform(),
            &query,
            json!({ "i": { "id": certification, "comment": "抽检不合格" } }),
        )
        .await;
    assert_eq!(body["data"][mutation]["userErrors"], json!([]), "{body}");
}

fn id_of(listing: &Value) -> String {
    listing["listing"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{listing}"))
        .to_owned()
}

#[tokio::test]
async fn a_listing_that_is_not_sellable_today_is_hidden_from_buyers_on_every_path() {
    let app = spawn_shifted().await;
    let t = tenant(&app, "合肥", "340100").await;
    let s = supplier(&app, 1).await;
    let valid = active_product(&app, s, "平武高山绿茶", 8800).await;
    let revoked = active_product(&app, s, "平武天麻", 12800).await;
    let suspended = active_product(&app, s, "平武核桃", 5800).await;
    let inactive = active_product(&app, s, "平武蜂蜜", 6800).await;
    certify(&app, s, &valid).await;
    let revoked_cert = certify(&app, s, &revoked).await;
    let suspended_cert = certify(&app, s, &suspended).await;
    certify(&app, s, &inactive).await;
    let store = zone(&app, &t).await;
    let mut listings = Vec::new();
    for p in [&valid, &revoked, &suspended, &inactive] {
        listings.push(id_of(&put_listing(&app, &t, &store, p, json!({})).await));
    }
    decide(&app, "revokeCertification", &revoked_cert).await;
    decide(&app, "suspendCertification", &suspended_cert).await;
    app.gql(&supplier_token(&app, s), "mutation($i: SetProductStatusInput!) { setProductStatus(input: $i) { userErrors { code } } }", json!({ "i": { "id": inactive, "status": "INACTIVE" } })).await;

    let resident = household_token(&app, &t, household(&app, &t).await);
    let app_token = app.enterprise_app(t.enterprise);
    let manager = app.enterprise_admin(t.enterprise);
    let everything = ["平武天麻", "平武核桃", "平武蜂蜜", "平武高山绿茶"];
    for buyer in [&resident, &app_token] {
        assert_eq!(
            store_listing_names(&app, buyer, &store).await,
            ["平武高山绿茶"]
        );
        assert!(node_found(&app, buyer, &listings[0]).await);
        for hidden in &listings[1..] {
            assert!(!node_found(&app, buyer, hidden).await, "{hidden}");
        }
    }
    let body = app.gql(&resident, CATALOGUE, json!({})).await;
    assert_eq!(names(&body), ["平武高山绿茶"], "{body}");
    // Those who run the store keep seeing what they listed, to fix it.
    assert_eq!(
        store_listing_names(&app, &manager, &store).await,
        everything
    );
    for id in &listings {
        assert!(node_found(&app, &manager, id).await);
    }

    // A year on, the last certification has lapsed: nothing is sellable, on any path.
    app.running.state.clock.advance(TimeDelta::days(366));
    for buyer in [&resident, &app_token] {
        assert_eq!(
            store_listing_names(&app, buyer, &store).await,
            Vec::<String>::new()
        );
        assert!(!node_found(&app, buyer, &listings[0]).await);
    }
    let body = app.gql(&resident, CATALOGUE, json!({})).await;
    assert_eq!(names(&body), Vec::<String>::new(), "{body}");
    assert_eq!(
        store_listing_names(&app, &manager, &store).await,
        everything
    );
}
