#![expect(
    clippy::unwrap_used,
    reason = "a fixture that cannot be built must fail the test"
)]

//! The 带一斤回家 catalogue as a company's APP and its residents see it.

use chrono::TimeDelta;
use kernel::{OrgKind, OrgRef, Role};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::{Tenant, TestApp, assert_hidden, error_code, spawn_counting, tenant, uuid_of};
use crate::products::{active_product, certify, spawn_shifted, supplier, supplier_token};

pub(crate) const CATALOGUE: &str = "query($p: ID, $f: CatalogueFilter, $s: CatalogueSort, $n: Int, $after: String) { catalogue(projectId: $p, filter: $f, sort: $s, first: $n, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { id priceYuan pricePerJin product { name inStock jinPerUnit origin { name } supplier { name } certification { certificateNo validTo } } } } }";

pub(crate) fn household_token(app: &TestApp, t: &Tenant, household: Uuid) -> String {
    app.token(
        Role::Household,
        Some(OrgRef {
            kind: OrgKind::Enterprise,
            id: t.enterprise,
        }),
        Some(household),
    )
}

pub(crate) async fn household(app: &TestApp, t: &Tenant) -> Uuid {
    let body = app.gql(&app.enterprise_app(t.enterprise), "mutation($i: CreateHouseholdInput!) { createHousehold(input: $i) { household { id } } }", json!({ "i": { "projectId": format!("gid://yijin/Project/{}", t.project), "displayName": "王芳" } })).await;
    uuid_of(&body["data"]["createHousehold"]["household"]["id"])
}

/// A zone of `t` serving its project.
pub(crate) async fn zone(app: &TestApp, t: &Tenant) -> String {
    let body = app.gql(&app.enterprise_admin(t.enterprise), "mutation($i: CreateStoreInput!) { createStore(input: $i) { store { id } userErrors { field code } } }", json!({ "i": { "kind": "ZONE", "name": "带一斤回家专区", "projectIds": [format!("gid://yijin/Project/{}", t.project)] } })).await;
    body["data"]["createStore"]["store"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{body}"))
        .to_owned()
}

pub(crate) async fn put_listing(
    app: &TestApp,
    t: &Tenant,
    store: &str,
    product: &str,
    extra: Value,
) -> Value {
    let mut input = json!({ "storeId": store, "productId": product });
    if let (Some(i), Some(e)) = (input.as_object_mut(), extra.as_object()) {
        i.extend(e.clone());
    }
    let body = app.gql(&app.enterprise_admin(t.enterprise), "mutation($i: PutListingInput!) { putListing(input: $i) { listing { id onShelf } userErrors { field code } } }", json!({ "i": input })).await;
    body["data"]["putListing"].clone()
}

pub(crate) fn names(body: &Value) -> Vec<String> {
    body["data"]["catalogue"]["nodes"]
        .as_array()
        .unwrap_or_else(|| panic!("{body}"))
        .iter()
        .map(|n| n["product"]["name"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_resident_sees_exactly_the_certified_products_on_the_shelf_of_its_zone() {
    let app = spawn_shifted().await;
    let t = tenant(&app, "合肥", "340100").await;
    let s = supplier(&app, 1).await;
    let certified = active_product(&app, s, "平武高山绿茶", 8800).await;
    let off_shelf = active_product(&app, s, "平武红茶", 6800).await;
    let uncertified = active_product(&app, s, "平武老鹰茶", 4500).await;
    let revoked = active_product(&app, s, "平武天麻", 12800).await;
    certify(&app, s, &certified).await;
    certify(&app, s, &off_shelf).await;
    let revoked_cert = certify(&app, s, &revoked).await;
    let store = zone(&app, &t).await;
    for p in [&certified, &uncertified, &revoked] {
        put_listing(&app, &t, &store, p, json!({})).await;
    }
    put_listing(&app, &t, &store, &off_shelf, json!({ "onShelf": false })).await;
    let body = app.gql(&app.platform(), "mutation($i: CertificationCommentInput!) { revokeCertification(input: $i) { certification { state } } }", json!({ "i": { "id": revoked_cert, "comment": "供应商退出" } })).await;
    assert_eq!(
        body["data"]["revokeCertification"]["certification"]["state"],
        "REVOKED"
    );

    let resident = household_token(&app, &t, household(&app, &t).await);
    let body = app.gql(&resident, CATALOGUE, json!({})).await;
    assert_eq!(names(&body), ["平武高山绿茶"], "{body}");
    assert_eq!(body["data"]["catalogue"]["totalCount"], 1);
    let node = &body["data"]["catalogue"]["nodes"][0];
    assert_eq!(node["priceYuan"], "88.00");
    assert_eq!(node["pricePerJin"], "176.00");
    assert_eq!(node["product"]["origin"]["name"], "平武县");
    assert_eq!(node["product"]["inStock"], true);
    assert!(
        node["product"]["certification"]["certificateNo"].is_string(),
        "{body}"
    );

    // The APP of the enterprise sees the same when it names the project.
    let project = format!("gid://yijin/Project/{}", t.project);
    let body = app
        .gql(
            &app.enterprise_app(t.enterprise),
            CATALOGUE,
            json!({ "p": project }),
        )
        .await;
    assert_eq!(names(&body), ["平武高山绿茶"], "{body}");

    // When the certification's validity runs out, the listing leaves the catalogue by itself.
    app.running.state.clock.advance(TimeDelta::days(366));
    let body = app.gql(&resident, CATALOGUE, json!({})).await;
    assert_eq!(names(&body), Vec::<String>::new(), "{body}");
}

#[tokio::test]
async fn another_enterprises_zone_stores_and_listings_are_not_found() {
    let app = spawn_shifted().await;
    let a = tenant(&app, "合肥", "340100").await;
    let b = tenant(&app, "深圳", "440300").await;
    let s = supplier(&app, 1).await;
    let product = active_product(&app, s, "平武高山绿茶", 8800).await;
    certify(&app, s, &product).await;
    let b_store = zone(&app, &b).await;
    let b_listing = put_listing(&app, &b, &b_store, &product, json!({})).await;
    let b_listing = b_listing["listing"]["id"].as_str().unwrap().to_owned();
    let b_project = format!("gid://yijin/Project/{}", b.project);
    let a_resident = household_token(&app, &a, household(&app, &a).await);

    for token in [
        app.enterprise_admin(a.enterprise),
        app.enterprise_app(a.enterprise),
        a_resident,
    ] {
        let body = app.gql(&token, CATALOGUE, json!({ "p": b_project })).await;
        assert_hidden(&body, "catalogue");
        for (query, id) in [
            ("query($id: ID!) { store(id: $id) { id } }", &b_store),
            ("query($id: ID!) { node(id: $id) { id } }", &b_listing),
            ("query($id: ID!) { node(id: $id) { id } }", &b_store),
        ] {
            let body = app.gql(&token, query, json!({ "id": id })).await;
            let field = if query.contains("store(") {
                "store"
            } else {
                "node"
            };
            assert_hidden(&body, field);
        }
        let body = app.gql(&token, "{ stores { id } }", json!({})).await;
        assert_eq!(body["data"]["stores"], json!([]), "{body}");
    }
    // A's admin cannot list into, re-target or create in B's store or enterprise.
    let a_admin = app.enterprise_admin(a.enterprise);
    let body = app
        .gql(
            &a_admin,
            "mutation($i: PutListingInput!) { putListing(input: $i) { listing { id } } }",
            json!({ "i": { "storeId": b_store, "productId": product } }),
        )
        .await;
    assert_eq!(error_code(&body), Some("NOT_FOUND"), "{body}");
    let body = app
        .gql(
            &a_admin,
            "mutation($i: SetStoreProjectsInput!) { setStoreProjects(input: $i) { store { id } } }",
            json!({ "i": { "storeId": b_store, "projectIds": [] } }),
        )
        .await;
    assert_eq!(error_code(&body), Some("NOT_FOUND"), "{body}");
    let body = app.gql(&a_admin, "mutation($i: CreateStoreInput!) { createStore(input: $i) { store { id } } }", json!({ "i": { "enterpriseId": format!("gid://yijin/Enterprise/{}", b.enterprise), "kind": "ZONE", "name": "冒名专区" } })).await;
    assert_eq!(error_code(&body), Some("NOT_FOUND"), "{body}");
    // A's own store cannot serve B's project.
    let a_store = zone(&app, &a).await;
    let body = app.gql(&a_admin, "mutation($i: SetStoreProjectsInput!) { setStoreProjects(input: $i) { store { id } userErrors { field code } } }", json!({ "i": { "storeId": a_store, "projectIds": [b_project] } })).await;
    assert_eq!(
        body["data"]["setStoreProjects"]["userErrors"][0]["code"], "UNKNOWN_REFERENCE",
        "{body}"
    );
    // B's listing is still there for B's residents.
    let b_resident = household_token(&app, &b, household(&app, &b).await);
    let body = app.gql(&b_resident, CATALOGUE, json!({})).await;
    assert_eq!(names(&body), ["平武高山绿茶"], "{body}");
}

#[tokio::test]
async fn hosted_stores_are_run_by_operators_and_zones_by_their_enterprise() {
    let app = spawn_shifted().await;
    let t = tenant(&app, "成都", "510100").await;
    let operator = app.token(Role::Operator, None, None);
    let create = "mutation($i: CreateStoreInput!) { createStore(input: $i) { store { id kind } userErrors { code } } }";
    let enterprise = format!("gid://yijin/Enterprise/{}", t.enterprise);
    let body = app
        .gql(
            &operator,
            create,
            json!({ "i": { "enterpriseId": enterprise, "kind": "HOSTED", "name": "一斤扶贫馆" } }),
        )
        .await;
    assert_eq!(
        body["data"]["createStore"]["store"]["kind"], "HOSTED",
        "{body}"
    );
    let body = app
        .gql(
            &operator,
            create,
            json!({ "i": { "enterpriseId": enterprise, "kind": "ZONE", "name": "专区" } }),
        )
        .await;
    assert_eq!(error_code(&body), Some("FORBIDDEN"), "{body}");
    let body = app
        .gql(
            &app.enterprise_admin(t.enterprise),
            create,
            json!({ "i": { "kind": "HOSTED", "name": "自营托管" } }),
        )
        .await;
    assert_eq!(error_code(&body), Some("FORBIDDEN"), "{body}");
    let s = supplier(&app, 1).await;
    let body = app
        .gql(
            &supplier_token(&app, s),
            create,
            json!({ "i": { "enterpriseId": enterprise, "kind": "ZONE", "name": "x" } }),
        )
        .await;
    assert_eq!(error_code(&body), Some("FORBIDDEN"), "{body}");
}

#[tokio::test]
async fn filters_sorts_and_pages_cover_the_catalogue_exactly_once() {
    let app = spawn_shifted().await;
    let t = tenant(&app, "合肥", "340100").await;
    let s = supplier(&app, 1).await;
    let store = zone(&app, &t).await;
    let prices = [3900, 1200, 8800, 5600, 2500];
    for (i, price) in prices.iter().enumerate() {
        let p = active_product(&app, s, &format!("平武{}号茶", i + 1), *price).await;
        certify(&app, s, &p).await;
        put_listing(
            &app,
            &t,
            &store,
            &p,
            json!({ "featured": i == 3, "sortOrder": i }),
        )
        .await;
    }
    let resident = household_token(&app, &t, household(&app, &t).await);

    let body = app
        .gql(&resident, CATALOGUE, json!({ "s": "PRICE_ASCENDING" }))
        .await;
    assert_eq!(
        names(&body),
        [
            "平武2号茶",
            "平武5号茶",
            "平武1号茶",
            "平武4号茶",
            "平武3号茶"
        ]
    );
    let body = app.gql(&resident, CATALOGUE, json!({})).await;
    assert_eq!(names(&body)[0], "平武4号茶", "featured first");
    let body = app
        .gql(
            &resident,
            CATALOGUE,
            json!({ "f": { "minPrice": 2500, "maxPrice": 5600 }, "s": "PRICE_DESCENDING" }),
        )
        .await;
    assert_eq!(names(&body), ["平武4号茶", "平武1号茶", "平武5号茶"]);
    let body = app
        .gql(&resident, CATALOGUE, json!({ "f": { "text": "3号" } }))
        .await;
    assert_eq!(names(&body), ["平武3号茶"]);
    let body = app
        .gql(&resident, CATALOGUE, json!({ "f": { "text": "%" } }))
        .await;
    assert_eq!(
        names(&body),
        Vec::<String>::new(),
        "% is a literal, not a wildcard"
    );
    let body = app
        .gql(&resident, CATALOGUE, json!({ "f": { "origin": "340000" } }))
        .await;
    assert_eq!(
        names(&body),
        Vec::<String>::new(),
        "nothing comes from Anhui"
    );
    let body = app
        .gql(
            &resident,
            CATALOGUE,
            json!({ "f": { "origin": "510700", "category": "TEA_AND_DRINKS" } }),
        )
        .await;
    assert_eq!(names(&body).len(), 5);

    // Two pages of two and a last of one, in price order, each product once.
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let body = app
            .gql(
                &resident,
                CATALOGUE,
                json!({ "s": "PRICE_ASCENDING", "n": 2, "after": after }),
            )
            .await;
        seen.extend(names(&body));
        let info = &body["data"]["catalogue"]["pageInfo"];
        if info["hasNextPage"] != true {
            break;
        }
        after = info["endCursor"].as_str().map(str::to_owned);
    }
    assert_eq!(
        seen,
        [
            "平武2号茶",
            "平武5号茶",
            "平武1号茶",
            "平武4号茶",
            "平武3号茶"
        ]
    );

    for (variables, expected) in [
        (json!({ "n": 101 }), "BAD_USER_INPUT"),
        (json!({ "after": "not-a-cursor" }), "BAD_USER_INPUT"),
        (
            json!({ "f": { "text": "茶".repeat(51) } }),
            "BAD_USER_INPUT",
        ),
    ] {
        let body = app.gql(&resident, CATALOGUE, variables).await;
        assert_eq!(error_code(&body), Some(expected), "{body}");
    }
}

#[tokio::test]
async fn a_catalogue_page_costs_the_same_statements_whatever_its_size() {
    let app = spawn_counting().await;
    let t = tenant(&app, "合肥", "340100").await;
    let store = zone(&app, &t).await;
    // Products of three suppliers, so supplier and badge loads really batch several keys.
    for n in 1..=3 {
        let s = supplier(&app, n).await;
        for i in 0..8 {
            let p =
                active_product(&app, s, &format!("供应商{n}产品{i}"), 1000 + i64::from(i)).await;
            certify(&app, s, &p).await;
            put_listing(&app, &t, &store, &p, json!({})).await;
        }
    }
    let resident = household_token(&app, &t, household(&app, &t).await);
    const PAGE: &str = "query($n: Int!) { catalogue(first: $n) { totalCount nodes { priceYuan product { name origin { name } originPovertyCounty { nationalKey } supplier { name beneficiaryCount county { name } } certification { certificateNo } } } } }";
    let mut counts = Vec::new();
    for n in [2, 20] {
        let before = app.running.state.metrics.statements();
        let body = app.gql(&resident, PAGE, json!({ "n": n })).await;
        assert!(body["errors"].is_null(), "{body}");
        assert_eq!(
            body["data"]["catalogue"]["nodes"].as_array().map(Vec::len),
            Some(n)
        );
        counts.push(app.running.state.metrics.statements() - before);
    }
    // The resident's household and project, the page (which reads the products in the same
    // statement), the count, then one batch per relation: region (origin and supplier county
    // may share a batch), poverty county, supplier, beneficiary count, certification. Eleven at
    // most whatever the page size (ten when the two region loads share a batch); an N+1 would
    // take 20 or more.
    const BOUND: u64 = 11;
    assert!(
        counts.iter().all(|c| *c <= BOUND),
        "statements must not grow with the page size: {counts:?}"
    );
}
