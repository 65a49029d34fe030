//! The roles that reached too far: operators changing suppliers' records, enterprise admins
//! acting as residents, reporters and operators reading people, residents reading teammates'
//! APP user ids, and a custom product showing an enterprise to those who may not see it.

use serde_json::{Value, json};

use super::world::{Caller, World, gid};
use crate::helpers::{assert_hidden, error_code};

async fn code(w: &World, caller: Caller, query: &str, input: Value) -> Option<String> {
    let body = w
        .app
        .gql(&w.token(caller), query, json!({ "i": input }))
        .await;
    error_code(&body).map(str::to_owned)
}

#[tokio::test]
async fn only_the_app_credential_issues_household_tokens() {
    let w = World::build().await;
    let issue = "mutation($i: IssueHouseholdTokenInput!) { issueHouseholdToken(input: $i) { token userErrors { code } } }";
    let input = json!({ "projectId": w.a.project(), "externalUserId": "zhuzher-7" });
    for caller in [Caller::EnterpriseAdmin, Caller::Platform, Caller::Household] {
        assert_eq!(
            code(&w, caller, issue, input.clone()).await.as_deref(),
            Some("FORBIDDEN"),
            "{caller:?}"
        );
    }
    let body = w
        .app
        .gql(
            &w.token(Caller::EnterpriseApp),
            issue,
            json!({ "i": input }),
        )
        .await;
    assert!(
        body["data"]["issueHouseholdToken"]["token"].is_string(),
        "{body}"
    );
}

#[tokio::test]
async fn operators_keep_products_and_stock_but_not_suppliers_beneficiaries_or_applications() {
    let w = World::build().await;
    let mut profile = super::world::supplier_fields(1);
    profile["id"] = json!(w.a.supplier_gid());
    let refused = [
        (
            "mutation($i: UpdateSupplierInput!) { updateSupplier(input: $i) { userErrors { code } } }",
            profile,
        ),
        (
            "mutation($i: AddSupplierBeneficiariesInput!) { addSupplierBeneficiaries(input: $i) { userErrors { code } } }",
            json!({ "supplierId": w.a.supplier_gid(), "identifiers": ["510727198001011234"] }),
        ),
        (
            "mutation($i: ApplyForCertificationInput!) { applyForCertification(input: $i) { userErrors { code } } }",
            json!({ "productId": w.a.drafts[1] }),
        ),
    ];
    for (mutation, input) in refused {
        assert_eq!(
            code(&w, Caller::Operator, mutation, input).await.as_deref(),
            Some("FORBIDDEN"),
            "{mutation}"
        );
    }
    let body = w.app.gql(&w.token(Caller::Operator), "mutation($i: AdjustStockInput!) { adjustStock(input: $i) { product { stock { onHand } } userErrors { code } } }", json!({ "i": { "productId": w.a.active, "delta": 5, "reason": "专馆补货" } })).await;
    assert_eq!(
        body["data"]["adjustStock"]["userErrors"],
        json!([]),
        "{body}"
    );
    let supplier = w
        .app
        .gql(
            &w.token(Caller::Platform),
            "query($id: ID!) { supplier(id: $id) { beneficiaryCount } }",
            json!({ "id": w.a.supplier_gid() }),
        )
        .await;
    assert_eq!(
        supplier["data"]["supplier"]["beneficiaryCount"], 0,
        "{supplier}"
    );
}

#[tokio::test]
async fn reporters_and_operators_read_the_directory_and_figures_but_no_people() {
    let w = World::build().await;
    let lists = "{ enterprises { totalCount } projects { totalCount } households { totalCount } teams { totalCount } enlistments { totalCount } employments { totalCount } countyVisits { totalCount } progressReports { totalCount } }";
    for caller in [Caller::Reporter, Caller::Operator] {
        let body = w.app.gql(&w.token(caller), lists, json!({})).await;
        let d = &body["data"];
        assert_eq!(d["enterprises"]["totalCount"], 2, "{caller:?}: {body}");
        assert_eq!(d["projects"]["totalCount"], 2, "{caller:?}: {body}");
        for people in ["households", "teams", "enlistments", "employments"] {
            assert_eq!(
                d[people]["totalCount"], 0,
                "{caller:?} reads {people}: {body}"
            );
        }
        let figures = if caller == Caller::Reporter { 2 } else { 0 };
        assert_eq!(
            d["countyVisits"]["totalCount"], figures,
            "{caller:?}: {body}"
        );
        assert_eq!(
            d["progressReports"]["totalCount"], figures,
            "{caller:?}: {body}"
        );
        for id in [&w.a.household, &w.a.team, &w.a.employment, &w.a.enlistment] {
            let body = w
                .app
                .gql(
                    &w.token(caller),
                    "query($id: ID!) { node(id: $id) { id } }",
                    json!({ "id": id }),
                )
                .await;
            assert_hidden(&body, "node");
        }
    }
}

#[tokio::test]
async fn a_resident_sees_its_teammates_without_their_app_user_ids() {
    let w = World::build().await;
    let resident = w.token(Caller::Household);
    let body = w
        .app
        .gql(
            &resident,
            "mutation($i: JoinTeamInput!) { joinTeam(input: $i) { userErrors { code } } }",
            json!({ "i": { "teamId": w.a.team } }),
        )
        .await;
    assert_eq!(body["data"]["joinTeam"]["userErrors"], json!([]), "{body}");
    let query =
        "query($id: ID!) { team(id: $id) { members { id externalUserId displayName phone } } }";
    let members = |body: &Value| {
        body["data"]["team"]["members"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    };
    let seen = members(&w.app.gql(&resident, query, json!({ "id": w.a.team })).await);
    assert_eq!(seen.len(), 2);
    for member in &seen {
        if member["id"] == json!(w.a.household) {
            assert_eq!(member["externalUserId"], "合肥-王芳", "its own: {member}");
        } else {
            assert!(
                member["externalUserId"].is_null(),
                "a teammate's APP user id: {member}"
            );
            assert_eq!(member["displayName"], "李*");
            assert_eq!(member["phone"], "138****8000");
        }
    }
    // The enterprise's APP keys its users by these ids; its admins see names in full.
    let by_app = members(
        &w.app
            .gql(
                &w.token(Caller::EnterpriseApp),
                query,
                json!({ "id": w.a.team }),
            )
            .await,
    );
    assert!(
        by_app.iter().all(|m| m["externalUserId"].is_string()),
        "{by_app:?}"
    );
    let by_admin = members(
        &w.app
            .gql(
                &w.token(Caller::EnterpriseAdmin),
                query,
                json!({ "id": w.a.team }),
            )
            .await,
    );
    assert!(
        by_admin.iter().any(|m| m["displayName"] == "李强"),
        "{by_admin:?}"
    );
}

#[tokio::test]
async fn a_custom_product_shows_its_enterprise_only_to_those_who_may_see_it() {
    let w = World::build().await;
    let platform = w.token(Caller::Platform);
    let body = w.app.gql(&platform, "mutation($i: CreateProductInput!) { createProduct(input: $i) { product { id } userErrors { field code } } }", json!({ "i": { "supplierId": w.a.supplier_gid(), "name": "合肥物业优选·绿茶", "category": "TEA_AND_DRINKS", "unit": "罐", "netWeight": 250, "price": 9900, "customForEnterpriseId": w.a.enterprise() } })).await;
    let product = body["data"]["createProduct"]["product"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{body}"))
        .to_owned();
    let body = w.app.gql(&platform, "mutation($i: SetProductStatusInput!) { setProductStatus(input: $i) { userErrors { code } } }", json!({ "i": { "id": product, "status": "ACTIVE" } })).await;
    assert_eq!(
        body["data"]["setProductStatus"]["userErrors"],
        json!([]),
        "{body}"
    );
    let query =
        "query($id: ID!) { product(id: $id) { customLabel customFor { id name leadPhone } } }";
    let other = w.app.enterprise_admin(w.b.t.enterprise);
    for token in [other, w.token(Caller::Supplier), w.token(Caller::Reporter)] {
        let body = w.app.gql(&token, query, json!({ "id": product })).await;
        let p = &body["data"]["product"];
        assert_eq!(p["customLabel"], "合肥物业优选", "{body}");
        let enterprise = w
            .app
            .gql(
                &token,
                "query($id: ID!) { enterprise(id: $id) { id } }",
                json!({ "id": w.a.enterprise() }),
            )
            .await;
        let visible = !enterprise["data"]["enterprise"].is_null();
        assert_eq!(
            p["customFor"].is_null(),
            !visible,
            "customFor as visible as enterprise(id:): {body} {enterprise}"
        );
    }
    let body = w
        .app
        .gql(
            &w.token(Caller::EnterpriseAdmin),
            query,
            json!({ "id": product }),
        )
        .await;
    assert_eq!(
        body["data"]["product"]["customFor"]["id"],
        json!(gid("Enterprise", w.a.t.enterprise)),
        "{body}"
    );
}

#[tokio::test]
async fn viewer_scopes_are_the_callers_column_of_the_table() {
    let w = World::build().await;
    for caller in [Caller::Operator, Caller::Reporter, Caller::Household] {
        let body = w
            .app
            .gql(&w.token(caller), "{ viewer { scopes } }", json!({}))
            .await;
        let scopes: Vec<String> = body["data"]["viewer"]["scopes"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| s.as_str().map(str::to_owned))
            .collect();
        for object in participants::access::Object::ALL {
            let name = object.as_str();
            let reads = participants::access::reads(caller.role(), object)
                != participants::access::Reach::Nothing;
            let writes = participants::access::writes(caller.role(), object);
            assert_eq!(
                scopes.contains(&format!("{name}:read")),
                reads,
                "{caller:?} {name}"
            );
            assert_eq!(
                scopes.contains(&format!("{name}:write")),
                writes,
                "{caller:?} {name}"
            );
        }
    }
    let operator = w
        .app
        .gql(
            &w.token(Caller::Operator),
            "{ viewer { scopes } }",
            json!({}),
        )
        .await;
    let scopes = operator["data"]["viewer"]["scopes"].to_string();
    assert!(
        scopes.contains("store:write") && !scopes.contains("household:read"),
        "{scopes}"
    );
}
