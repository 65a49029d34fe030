#![expect(
    clippy::unwrap_used,
    reason = "a fixture that cannot be built must fail the test"
)]

//! The supply side over HTTP: suppliers keep their products, the platform decides
//! certifications, and nobody reaches another supplier's private side.

use chrono::TimeDelta;
use kernel::{OrgKind, OrgRef, Role};
use serde_json::{Value, json};
use uuid::Uuid;

pub use crate::helpers::spawn_shifted;
use crate::helpers::{TestApp, assert_hidden, error_code, spawn_counting, tenant, uuid_of};

pub const PINGWU: &str = "510727";

pub fn supplier_token(app: &TestApp, supplier: Uuid) -> String {
    app.token(
        Role::Supplier,
        Some(OrgRef {
            kind: OrgKind::Supplier,
            id: supplier,
        }),
        None,
    )
}

/// A valid unified social credit code, different for each `n`.
pub fn uscc(n: u32) -> String {
    products::uscc::Uscc::complete(&format!("93510727MA6Y{n:05}"))
        .unwrap()
        .as_str()
        .to_owned()
}

/// A supplier in 平武县 (marked a poverty county), registered by the platform.
pub async fn supplier(app: &TestApp, n: u32) -> Uuid {
    let admin = app.platform();
    app.gql(&admin, "mutation($i: MarkPovertyCountyInput!) { markPovertyCounty(input: $i) { userErrors { code } } }", json!({ "i": { "regionCode": PINGWU, "contiguousArea": "秦巴山区", "exitedYear": 2019 } })).await;
    let body = app
        .gql(&admin, "mutation($i: CreateSupplierInput!) { createSupplier(input: $i) { supplier { id } userErrors { field code } } }", json!({ "i": { "name": format!("平武县第{n}合作社"), "kind": "COOPERATIVE", "uscc": uscc(n), "countyCode": PINGWU, "contactPhone": "13700137001", "benefitMechanisms": ["WAGE"], "linkedPoorHouseholds": 30 } }))
        .await;
    uuid_of(&body["data"]["createSupplier"]["supplier"]["id"])
}

/// A product of `supplier`, created by the supplier itself, with stock, ACTIVE.
pub async fn active_product(app: &TestApp, supplier: Uuid, name: &str, price: i64) -> String {
    let token = supplier_token(app, supplier);
    let body = app
        .gql(&token, "mutation($i: CreateProductInput!) { createProduct(input: $i) { product { id } userErrors { field code } } }", json!({ "i": { "name": name, "category": "TEA_AND_DRINKS", "unit": "罐", "netWeight": 250, "price": price } }))
        .await;
    let id = body["data"]["createProduct"]["product"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{body}"))
        .to_owned();
    app.gql(
        &token,
        "mutation($i: AdjustStockInput!) { adjustStock(input: $i) { userErrors { code } } }",
        json!({ "i": { "productId": id, "delta": 100, "reason": "入库" } }),
    )
    .await;
    app.gql(&token, "mutation($i: SetProductStatusInput!) { setProductStatus(input: $i) { userErrors { code } } }", json!({ "i": { "id": id, "status": "ACTIVE" } })).await;
    id
}

async fn certification_step(app: &TestApp, token: &str, mutation: &str, input: Value) -> Value {
    let query = format!(
        "mutation($i: {input_type}!) {{ {mutation}(input: $i) {{ certification {{ id state }} userErrors {{ field code }} }} }}",
        input_type = input_type(mutation)
    );
    let body = app.gql(token, &query, json!({ "i": input })).await;
    body["data"][mutation].clone()
}

fn input_type(mutation: &str) -> &'static str {
    match mutation {
        "applyForCertification" => "ApplyForCertificationInput",
        "decideCertification" => "DecideCertificationInput",
        "startCertificationPublicity" => "StartCertificationPublicityInput",
        "listCertification" => "ListCertificationInput",
        _ => "CertificationCommentInput",
    }
}

/// Takes a product through the whole path to LISTED, valid from yesterday for a year; returns
/// the certification's id. Moves the app's clock past the two-day notice.
pub async fn certify(app: &TestApp, supplier: Uuid, product: &str) -> String {
    let admin = app.platform();
    let applied = certification_step(
        app,
        &supplier_token(app, supplier),
        "applyForCertification",
        json!({ "productId": product }),
    )
    .await;
    let id = applied["certification"]["id"].as_str().unwrap().to_owned();
    certification_step(
        app,
        &admin,
        "decideCertification",
        json!({ "id": id, "approve": true }),
    )
    .await;
    certification_step(
        app,
        &admin,
        "startCertificationPublicity",
        json!({ "id": id, "days": 2 }),
    )
    .await;
    app.running.state.clock.advance(TimeDelta::days(2));
    let today = app.running.state.clock.today();
    let listed = certification_step(app, &admin, "listCertification", json!({ "id": id, "catalogueBatch": "2020年第一批", "certificateNo": format!("FP-{}", uuid_of(&json!(id)).simple()), "validFrom": (today - TimeDelta::days(1)).to_string(), "validTo": (today + TimeDelta::days(365)).to_string() })).await;
    assert_eq!(listed["certification"]["state"], "LISTED", "{listed}");
    id
}

#[tokio::test]
async fn a_product_goes_the_whole_certification_path_by_the_right_roles_only() {
    let app = spawn_shifted().await;
    let s = supplier(&app, 1).await;
    let other = supplier(&app, 2).await;
    let product = active_product(&app, s, "平武高山绿茶", 8800).await;
    let (own, admin) = (supplier_token(&app, s), app.platform());

    // Another supplier cannot apply for it: the product is not theirs, and not confirmed.
    let body = app.gql(&supplier_token(&app, other), "mutation($i: ApplyForCertificationInput!) { applyForCertification(input: $i) { certification { id } } }", json!({ "i": { "productId": product } })).await;
    assert_eq!(error_code(&body), Some("NOT_FOUND"), "{body}");

    let applied = certification_step(
        &app,
        &own,
        "applyForCertification",
        json!({ "productId": product }),
    )
    .await;
    assert_eq!(applied["certification"]["state"], "SUBMITTED", "{applied}");
    let id = applied["certification"]["id"].as_str().unwrap().to_owned();
    let again = certification_step(
        &app,
        &own,
        "applyForCertification",
        json!({ "productId": product }),
    )
    .await;
    assert_eq!(again["userErrors"][0]["code"], "ALREADY_APPLIED", "{again}");

    // The supplier and an enterprise may not decide; the platform may.
    for token in [own.clone(), app.enterprise_admin(Uuid::now_v7())] {
        let body = app.gql(&token, "mutation($i: DecideCertificationInput!) { decideCertification(input: $i) { certification { id } } }", json!({ "i": { "id": id, "approve": true } })).await;
        assert_eq!(error_code(&body), Some("FORBIDDEN"), "{body}");
    }
    let early = certification_step(
        &app,
        &admin,
        "startCertificationPublicity",
        json!({ "id": id }),
    )
    .await;
    assert_eq!(
        early["userErrors"][0]["code"], "INVALID_TRANSITION",
        "{early}"
    );
    let approved = certification_step(
        &app,
        &admin,
        "decideCertification",
        json!({ "id": id, "approve": true }),
    )
    .await;
    assert_eq!(approved["certification"]["state"], "COUNTY_APPROVED");
    let notice = certification_step(
        &app,
        &admin,
        "startCertificationPublicity",
        json!({ "id": id, "days": 7 }),
    )
    .await;
    assert_eq!(notice["certification"]["state"], "PUBLICIZING");

    let today = app.running.state.clock.today();
    let listing = json!({ "id": id, "catalogueBatch": "2020年第一批", "certificateNo": "FP2020001", "validFrom": today.to_string(), "validTo": (today + TimeDelta::days(365)).to_string() });
    let too_soon = certification_step(&app, &admin, "listCertification", listing.clone()).await;
    assert_eq!(
        too_soon["userErrors"][0]["code"], "PUBLICITY_NOT_OVER",
        "{too_soon}"
    );
    app.running.state.clock.advance(TimeDelta::days(7));
    let listed = certification_step(&app, &admin, "listCertification", listing).await;
    assert_eq!(listed["certification"]["state"], "LISTED", "{listed}");

    let no_reason =
        certification_step(&app, &admin, "suspendCertification", json!({ "id": id })).await;
    assert_eq!(no_reason["userErrors"][0]["code"], "COMMENT_REQUIRED");
    let suspended = certification_step(
        &app,
        &admin,
        "suspendCertification",
        json!({ "id": id, "comment": "抽检不合格" }),
    )
    .await;
    assert_eq!(suspended["certification"]["state"], "SUSPENDED");
    let back =
        certification_step(&app, &admin, "reinstateCertification", json!({ "id": id })).await;
    assert_eq!(back["certification"]["state"], "LISTED");

    // The supplier reads the whole history; another supplier finds nothing.
    let q = "query($id: ID!) { certification(id: $id) { state history { fromState toState comment } } }";
    let body = app.gql(&own, q, json!({ "id": id })).await;
    let steps: Vec<&str> = body["data"]["certification"]["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["toState"].as_str().unwrap())
        .collect();
    assert_eq!(
        steps,
        [
            "SUBMITTED",
            "COUNTY_APPROVED",
            "PUBLICIZING",
            "LISTED",
            "SUSPENDED",
            "LISTED"
        ]
    );
    let body = app
        .gql(&supplier_token(&app, other), q, json!({ "id": id }))
        .await;
    assert_hidden(&body, "certification");

    // Past its valid-to date it reads EXPIRED without anyone touching it.
    app.running.state.clock.advance(TimeDelta::days(400));
    let body = app.gql(&own, q, json!({ "id": id })).await;
    assert_eq!(body["data"]["certification"]["state"], "EXPIRED", "{body}");
}

#[tokio::test]
async fn another_suppliers_products_and_stock_are_out_of_reach() {
    let app = spawn_shifted().await;
    let a = supplier(&app, 1).await;
    let b = supplier(&app, 2).await;
    let b_token = supplier_token(&app, b);
    let draft = app.gql(&b_token, "mutation($i: CreateProductInput!) { createProduct(input: $i) { product { id } } }", json!({ "i": { "name": "草稿产品", "category": "OTHER", "unit": "个", "netWeight": 500, "price": 100 } })).await;
    let draft = draft["data"]["createProduct"]["product"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let active = active_product(&app, b, "在售产品", 1000).await;
    let a_token = supplier_token(&app, a);

    // A's token: B's draft does not exist, B's active product shows without stock.
    let body = app
        .gql(
            &a_token,
            "query($id: ID!) { product(id: $id) { id } }",
            json!({ "id": draft }),
        )
        .await;
    assert_hidden(&body, "product");
    let body = app.gql(&a_token, "query($id: ID!) { product(id: $id) { name stock { onHand } certifications { id } stockMovements { quantity } } }", json!({ "id": active })).await;
    assert_eq!(body["data"]["product"]["name"], "在售产品");
    assert!(body["data"]["product"]["stock"].is_null(), "{body}");
    assert!(
        body["data"]["product"]["certifications"].is_null(),
        "{body}"
    );
    assert!(
        body["data"]["product"]["stockMovements"].is_null(),
        "{body}"
    );
    let listed = app
        .gql(
            &a_token,
            "{ products(first: 50) { nodes { id } } }",
            json!({}),
        )
        .await;
    let ids: Vec<&str> = listed["data"]["products"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["id"].as_str())
        .collect();
    assert!(
        ids.contains(&active.as_str()) && !ids.contains(&draft.as_str()),
        "{listed}"
    );

    // A's token changes nothing of B's: not the product, not its stock, not B's profile.
    let writes = [
        (
            "mutation($i: UpdateProductInput!) { updateProduct(input: $i) { product { id } } }",
            json!({ "id": active, "name": "改名", "category": "OTHER", "unit": "个", "netWeight": 500, "price": 1 }),
        ),
        (
            "mutation($i: SetProductStatusInput!) { setProductStatus(input: $i) { product { id } } }",
            json!({ "id": active, "status": "INACTIVE" }),
        ),
        (
            "mutation($i: AdjustStockInput!) { adjustStock(input: $i) { product { id } } }",
            json!({ "productId": active, "delta": -100, "reason": "盗取" }),
        ),
        (
            "mutation($i: UpdateSupplierInput!) { updateSupplier(input: $i) { supplier { id } } }",
            json!({ "id": format!("gid://yijin/Supplier/{b}"), "name": "改名", "kind": "ENTERPRISE", "uscc": uscc(2), "countyCode": PINGWU }),
        ),
        (
            "mutation($i: AddSupplierBeneficiariesInput!) { addSupplierBeneficiaries(input: $i) { beneficiaryCount } }",
            json!({ "supplierId": format!("gid://yijin/Supplier/{b}"), "identifiers": ["510727198001011234"] }),
        ),
    ];
    for (mutation, input) in writes {
        let body = app.gql(&a_token, mutation, json!({ "i": input })).await;
        assert_eq!(error_code(&body), Some("NOT_FOUND"), "{mutation}: {body}");
    }
    let body = app
        .gql(
            &b_token,
            "query($id: ID!) { product(id: $id) { name status stock { onHand } } }",
            json!({ "id": active }),
        )
        .await;
    assert_eq!(body["data"]["product"]["name"], "在售产品");
    assert_eq!(body["data"]["product"]["status"], "ACTIVE");
    assert_eq!(body["data"]["product"]["stock"]["onHand"], 100);
}

#[tokio::test]
async fn bad_product_input_returns_every_problem_and_creates_nothing() {
    let app = spawn_shifted().await;
    let s = supplier(&app, 1).await;
    let token = supplier_token(&app, s);
    let body = app.gql(&token, "mutation($i: CreateProductInput!) { createProduct(input: $i) { product { id } userErrors { field code message } } }", json!({ "i": { "name": " ", "category": "OTHER", "unit": "个", "netWeight": 0, "price": -5, "images": ["ftp://x"], "originCountyCode": "340100" } })).await;
    let errors = &body["data"]["createProduct"]["userErrors"];
    let fields: Vec<String> = errors
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            e["field"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(".")
        })
        .collect();
    for expected in [
        "input.name",
        "input.netWeight",
        "input.price",
        "input.images.0",
        "input.originCountyCode",
    ] {
        assert!(
            fields.iter().any(|f| f == expected),
            "{expected} missing in {fields:?}"
        );
    }
    assert!(body["data"]["createProduct"]["product"].is_null());
    let body = app
        .gql(&token, "{ products(first: 5) { totalCount } }", json!({}))
        .await;
    assert_eq!(body["data"]["products"]["totalCount"], 0);

    let bad_uscc = app.gql(&app.platform(), "mutation($i: CreateSupplierInput!) { createSupplier(input: $i) { userErrors { field code } } }", json!({ "i": { "name": "某合作社", "kind": "COOPERATIVE", "uscc": "91350100M000100Y44", "countyCode": "340100" } })).await;
    let codes: Vec<&str> = bad_uscc["data"]["createSupplier"]["userErrors"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["code"].as_str())
        .collect();
    assert_eq!(codes, ["INVALID_USCC", "NOT_A_COUNTY"], "{bad_uscc}");
}

#[tokio::test]
async fn poverty_counties_and_suppliers_are_decided_by_the_platform() {
    let app = spawn_shifted().await;
    let s = supplier(&app, 1).await;
    let body = app.gql(&supplier_token(&app, s), "mutation($i: MarkPovertyCountyInput!) { markPovertyCounty(input: $i) { povertyCounty { code } } }", json!({ "i": { "regionCode": "340828" } })).await;
    assert_eq!(error_code(&body), Some("FORBIDDEN"), "{body}");
    let body = app.gql(&app.enterprise_admin(Uuid::now_v7()), "mutation($i: CreateSupplierInput!) { createSupplier(input: $i) { supplier { id } } }", json!({ "i": { "name": "某合作社", "kind": "COOPERATIVE", "uscc": uscc(9), "countyCode": PINGWU } })).await;
    assert_eq!(error_code(&body), Some("FORBIDDEN"), "{body}");
    let body = app.gql(&app.platform(), "{ povertyCounties(within: \"510000\") { code nationalKey contiguousArea exitedYear region { name } } }", json!({})).await;
    assert_eq!(
        body["data"]["povertyCounties"][0]["region"]["name"], "平武县",
        "{body}"
    );
    assert_eq!(body["data"]["povertyCounties"][0]["exitedYear"], 2019);

    // Beneficiaries are counted by keyed reference: the same household twice counts once.
    let own = supplier_token(&app, s);
    let add = "mutation($i: AddSupplierBeneficiariesInput!) { addSupplierBeneficiaries(input: $i) { beneficiaryCount supplier { beneficiaryCount } userErrors { code } } }";
    let gid = format!("gid://yijin/Supplier/{s}");
    app.gql(&own, add, json!({ "i": { "supplierId": gid, "identifiers": ["510727198001011234", "510727198202025678"] } })).await;
    let body = app
        .gql(
            &own,
            add,
            json!({ "i": { "supplierId": gid, "identifiers": ["510727198001011234"] } }),
        )
        .await;
    assert_eq!(
        body["data"]["addSupplierBeneficiaries"]["beneficiaryCount"], 2,
        "{body}"
    );
}

#[tokio::test]
async fn county_pairings_belong_to_their_organisation() {
    let app = spawn_shifted().await;
    let a = tenant(&app, "合肥", "340100").await;
    let b = tenant(&app, "深圳", "440300").await;
    let pair = "mutation($i: PairCountyInput!) { pairCounty(input: $i) { countyPairing { id county { name } } userErrors { field code } } }";
    let a_gid = format!("gid://yijin/Enterprise/{}", a.enterprise);
    let b_gid = format!("gid://yijin/Enterprise/{}", b.enterprise);
    let a_admin = app.enterprise_admin(a.enterprise);
    let body = app
        .gql(
            &a_admin,
            pair,
            json!({ "i": { "organisationId": a_gid, "regionCode": PINGWU, "kind": "DESIGNATED" } }),
        )
        .await;
    assert_eq!(
        body["data"]["pairCounty"]["countyPairing"]["county"]["name"], "平武县",
        "{body}"
    );
    let again = app
        .gql(
            &a_admin,
            pair,
            json!({ "i": { "organisationId": a_gid, "regionCode": PINGWU, "kind": "DESIGNATED" } }),
        )
        .await;
    assert_eq!(
        again["data"]["pairCounty"]["userErrors"][0]["code"], "TAKEN",
        "{again}"
    );

    // A pairs nothing for B and reads none of B's pairings.
    let body = app.gql(&a_admin, pair, json!({ "i": { "organisationId": b_gid, "regionCode": PINGWU, "kind": "COUNTERPART" } })).await;
    assert_eq!(error_code(&body), Some("NOT_FOUND"), "{body}");
    let list = "query($o: ID!) { countyPairings(organisationId: $o) { kind county { name } } }";
    let body = app.gql(&a_admin, list, json!({ "o": b_gid })).await;
    assert_hidden(&body, "countyPairings");
    let body = app
        .gql(
            &app.enterprise_admin(b.enterprise),
            list,
            json!({ "o": b_gid }),
        )
        .await;
    assert_eq!(body["data"]["countyPairings"], json!([]), "{body}");
    let body = app
        .gql(
            &app.association_admin(a.association),
            list,
            json!({ "o": a_gid }),
        )
        .await;
    assert_eq!(
        body["data"]["countyPairings"][0]["kind"], "DESIGNATED",
        "{body}"
    );
}

#[tokio::test]
async fn a_county_visit_shows_the_custom_products_it_led_to() {
    let app = spawn_shifted().await;
    let t = tenant(&app, "合肥", "340100").await;
    let admin = app.enterprise_admin(t.enterprise);
    let campaign = crate::campaigns::current_campaign(&app).await;
    let today = app.running.state.clock.today();
    let visit = app.gql(&admin, "mutation($i: CreateCountyVisitInput!) { createCountyVisit(input: $i) { countyVisit { id } userErrors { field code } } }", json!({ "i": { "campaignId": campaign, "countyCode": PINGWU, "startsOn": (today - TimeDelta::days(3)).to_string(), "participantCount": 6, "ownerRepresentativeCount": 3, "selectedProducts": [{ "name": "高山绿茶" }] } })).await;
    let visit = visit["data"]["createCountyVisit"]["countyVisit"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{visit}"))
        .to_owned();

    let s = supplier(&app, 1).await;
    let token = supplier_token(&app, s);
    let create = "mutation($i: CreateProductInput!) { createProduct(input: $i) { product { id } userErrors { field code } } }";
    let custom = json!({ "name": "合肥物业优选·平武高山绿茶", "category": "TEA_AND_DRINKS", "unit": "罐", "netWeight": 250, "price": 9900, "countyVisitId": visit, "customForEnterpriseId": format!("gid://yijin/Enterprise/{}", t.enterprise) });
    // A supplier sees neither the enterprise nor its visit, so it cannot put a label on
    // its product by itself: the platform records the agreement.
    let body = app.gql(&token, create, json!({ "i": custom })).await;
    assert_eq!(
        crate::campaigns::user_errors(&body["data"]["createProduct"]),
        [
            "input.countyVisitId UNKNOWN_REFERENCE",
            "input.customForEnterpriseId UNKNOWN_REFERENCE"
        ],
        "{body}"
    );
    let mut on_behalf = custom;
    on_behalf["supplierId"] = json!(format!("gid://yijin/Supplier/{s}"));
    let body = app
        .gql(&app.platform(), create, json!({ "i": on_behalf }))
        .await;
    let product = body["data"]["createProduct"]["product"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{body}"))
        .to_owned();
    let query = "query($id: ID!) { node(id: $id) { ... on CountyVisit { customProducts { id customLabel } } } }";
    let body = app.gql(&admin, query, json!({ "id": visit })).await;
    assert_eq!(
        body["data"]["node"]["customProducts"],
        json!([]),
        "a draft is not shown: {body}"
    );
    app.gql(&token, "mutation($i: SetProductStatusInput!) { setProductStatus(input: $i) { userErrors { code } } }", json!({ "i": { "id": product, "status": "ACTIVE" } })).await;
    let body = app.gql(&admin, query, json!({ "id": visit })).await;
    assert_eq!(
        body["data"]["node"]["customProducts"][0]["id"],
        product.as_str(),
        "{body}"
    );
    assert_eq!(
        body["data"]["node"]["customProducts"][0]["customLabel"], "合肥物业优选",
        "{body}"
    );
}

#[tokio::test]
async fn a_suppliers_product_list_with_certifications_costs_the_same_statements_whatever_its_size()
{
    let app = spawn_counting().await;
    let s = supplier(&app, 1).await;
    for i in 0..6 {
        let p = active_product(&app, s, &format!("产品{i}"), 1000).await;
        certify(&app, s, &p).await;
    }
    let token = supplier_token(&app, s);
    let query = "query($n: Int!) { products(first: $n) { nodes { name stock { available } certification { validTo } certifications { state history { toState } } supplier { name } } } }";
    let mut counts = Vec::new();
    for n in [2, 6] {
        let before = app.running.state.metrics.statements();
        let body = app.gql(&token, query, json!({ "n": n })).await;
        assert!(body["errors"].is_null(), "{body}");
        assert_eq!(
            body["data"]["products"]["nodes"][0]["certifications"][0]["state"], "LISTED",
            "{body}"
        );
        counts.push(app.running.state.metrics.statements() - before);
    }
    // The page, then one batch each: badge, certifications, their history, supplier.
    assert!(
        counts.iter().all(|c| *c <= 5),
        "statements must not grow with the page: {counts:?}"
    );
}

#[tokio::test]
async fn a_missing_object_by_id_is_null_beside_the_rest_of_the_response() {
    let app = spawn_shifted().await;
    let s = supplier(&app, 1).await;
    let product = active_product(&app, s, "平武高山绿茶", 8800).await;
    let missing = Uuid::now_v7();
    // Every by-id root field, each asked for an id that names nothing, next to a product
    // that exists: the misses are null without an error, the hit survives.
    for (field, kind) in [
        ("supplier", "Supplier"),
        ("product", "Product"),
        ("certification", "Certification"),
        ("store", "Store"),
        ("ledgerEntry", "LedgerEntry"),
        ("reportedBatch", "ReportedBatch"),
        ("reportedRow", "ReportedRow"),
    ] {
        let query = format!(
            "query($hit: ID!, $miss: ID!) {{ hit: product(id: $hit) {{ id }} miss: {field}(id: $miss) {{ id }} }}"
        );
        let body = app
            .gql(
                &app.platform(),
                &query,
                json!({ "hit": product, "miss": format!("gid://yijin/{kind}/{missing}") }),
            )
            .await;
        assert_eq!(body["data"]["hit"]["id"], json!(product), "{field}: {body}");
        assert_hidden(&body, "miss");
    }
}
