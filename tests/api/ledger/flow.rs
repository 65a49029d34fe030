//! The ledger's main paths, end to end.

use serde_json::json;

use super::*;
use crate::helpers::{error_code, spawn_shifted};

#[tokio::test]
async fn reported_sales_count_once_verified_and_the_audit_stays_clean() {
    let app = spawn_shifted().await;
    let shop = shop(&app, "合肥", "340100", 1).await;
    let company = app.enterprise_app(shop.tenant.enterprise);
    let rows = vec![
        row(&app, &shop, "ZZ-1001", 2),
        row(&app, &shop, "ZZ-1002", 1),
    ];
    let first = report(&app, &company, rows.clone()).await;
    assert_eq!(
        (
            first["receivedCount"].as_u64(),
            first["failedCount"].as_u64()
        ),
        (Some(2), Some(0)),
        "{first}"
    );
    assert_eq!(first["rows"][0]["row"]["status"], "REPORTED");
    assert_eq!(
        first["rows"][0]["row"]["flags"],
        json!(["OUTSIDE_CAMPAIGN"]),
        "sold today, years after the campaign"
    );
    // Re-sent: recognised, not held twice.
    let again = report(&app, &company, rows).await;
    assert_eq!(again["repeatedCount"], 2);
    assert_eq!(row_ids(&again), row_ids(&first));
    // The same order line with another amount: refused.
    let mut changed = row(&app, &shop, "ZZ-1001", 2);
    changed["fen"] = json!(5000);
    let refused = app
        .gql(
            &company,
            REPORT,
            json!({ "i": { "rows": [changed], "errorPolicy": "REJECT_FAILED_ROWS" } }),
        )
        .await;
    assert_eq!(
        refused["data"]["reportSales"]["rows"][0]["userErrors"][0]["code"],
        "CONFLICTING_RESUBMISSION",
        "{refused}"
    );

    let ids = row_ids(&first);
    let reviewer = app.association_admin(shop.tenant.association);
    let not_the_company = app
        .gql(&company, VERIFY, json!({ "i": { "rowIds": [ids[0]] } }))
        .await;
    assert_eq!(error_code(&not_the_company), Some("FORBIDDEN"));
    let verified = app
        .gql(&reviewer, VERIFY, json!({ "i": { "rowIds": [ids[0]] } }))
        .await;
    let verified = &verified["data"]["verifyReportedRows"];
    assert_eq!(verified["rows"][0]["status"], "VERIFIED", "{verified}");
    assert_eq!(verified["entries"][0]["jin"], "1");
    let rejected = app
        .gql(
            &reviewer,
            REJECT,
            json!({ "i": { "rowIds": [ids[1]], "reason": "无对应支付记录" } }),
        )
        .await;
    assert_eq!(
        rejected["data"]["rejectReportedRows"]["rows"][0]["status"],
        "REJECTED"
    );

    let status = wait_until_sealed(&app).await;
    assert_eq!(status["sealedThrough"], 1, "{status} after {verified}");
    let admin = app.enterprise_admin(shop.tenant.enterprise);
    let entries = app.gql(&admin, "{ ledgerEntries(first: 10) { totalCount nodes { kind source channel jin yuan certified city { name } seal { sequence hash prevHash } } } }", json!({})).await;
    let entry = &entries["data"]["ledgerEntries"]["nodes"][0];
    assert_eq!(
        entries["data"]["ledgerEntries"]["totalCount"], 1,
        "{entries}"
    );
    assert_eq!(
        (&entry["source"], &entry["channel"], &entry["yuan"]),
        (&json!("REPORTED_ROW"), &json!("COUNTER"), &json!("60.00"))
    );
    assert_eq!(entry["city"]["name"], "合肥市");
    assert_eq!(entry["seal"]["sequence"], 1);
    assert_eq!(entry["seal"]["prevHash"], "0".repeat(64));
    let totals = app.gql(&admin, "query($k: String!) { ledgerTotals(dimension: ENTERPRISE, key: $k) { jin yuan entries households } }", json!({ "k": shop.tenant.enterprise.to_string() })).await;
    assert_eq!(
        totals["data"]["ledgerTotals"],
        json!({ "jin": "1", "yuan": "60.00", "entries": 1, "households": 0 })
    );
    let other_key = app
        .gql(
            &admin,
            "query($k: String!) { ledgerTotals(dimension: ENTERPRISE, key: $k) { jin } }",
            json!({ "k": uuid::Uuid::now_v7().to_string() }),
        )
        .await;
    assert_eq!(error_code(&other_key), Some("FORBIDDEN"));

    let audit = app
        .gql(
            &app.platform(),
            "{ ledgerAudit { clean verified head firstBreak { sequence } differenceCount } }",
            json!({}),
        )
        .await;
    assert_eq!(
        audit["data"]["ledgerAudit"],
        json!({ "clean": true, "verified": 1, "head": 1, "firstBreak": null, "differenceCount": 0 })
    );
    let not_platform = app
        .gql(&admin, "{ ledgerAudit { clean } }", json!({}))
        .await;
    assert_eq!(error_code(&not_platform), Some("FORBIDDEN"));
}

#[tokio::test]
async fn a_fairs_sales_are_counted_on_the_fair_channel_beside_what_was_declared() {
    let app = spawn_shifted().await;
    let shop = shop(&app, "合肥", "340100", 1).await;
    let organiser = app.association_admin(shop.tenant.association);
    let fair = app.gql(&organiser, "mutation($i: CreateMarketFairInput!) { createMarketFair(input: $i) { marketFair { id } userErrors { field code } } }", json!({ "i": { "campaignId": crate::campaigns::SEEDED, "name": "合肥消费扶贫市集", "address": "合肥市政务区", "startsOn": "2019-06-15" } })).await;
    let fair = fair["data"]["createMarketFair"]["marketFair"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let recorded = app.gql(&organiser, "mutation($i: RecordFairSalesInput!) { recordFairSales(input: $i) { sales { jin yuan entry { channel counted: countedOn campaign { name } } } userErrors { field code } } }", json!({ "i": { "fairId": fair, "lines": [{ "productId": shop.product, "quantity": 40, "grams": 10000, "fen": 120000, "reference": "A-1" }] } })).await;
    let sale = &recorded["data"]["recordFairSales"]["sales"][0];
    assert_eq!(sale["entry"]["channel"], "FAIR", "{recorded}");
    assert_eq!(sale["entry"]["counted"], "2019-06-15");
    assert_eq!(sale["entry"]["campaign"]["name"], "社区的力量");
    let member = app.gql(&app.enterprise_admin(shop.tenant.enterprise), "mutation($i: RecordFairSalesInput!) { recordFairSales(input: $i) { userErrors { code } } }", json!({ "i": { "fairId": fair, "lines": [{ "productId": shop.product, "quantity": 1, "grams": 250, "fen": 3000 }] } })).await;
    assert!(
        matches!(error_code(&member), Some("NOT_FOUND" | "FORBIDDEN")),
        "{member}"
    );
    wait_until_sealed(&app).await;
    let counted = app
        .gql(
            &organiser,
            "query($f: ID!) { fairSales(fairId: $f) { jin yuan lines { reference } } }",
            json!({ "f": fair }),
        )
        .await;
    assert_eq!(
        counted["data"]["fairSales"],
        json!({ "jin": "20", "yuan": "1200.00", "lines": [{ "reference": "A-1" }] })
    );
    let by_channel = app.gql(&app.platform(), "query($c: ID) { ledgerTotals(campaignId: $c, dimension: CHANNEL, key: \"FAIR\") { jin } }", json!({ "c": crate::campaigns::SEEDED })).await;
    assert_eq!(by_channel["data"]["ledgerTotals"]["jin"], "20");
}

#[tokio::test]
async fn a_resident_sees_its_own_jin() {
    let app = spawn_shifted().await;
    let shop = shop(&app, "合肥", "340100", 1).await;
    let body = app.gql(&app.enterprise_app(shop.tenant.enterprise), "mutation($i: CreateHouseholdInput!) { createHousehold(input: $i) { household { id } } }", json!({ "i": { "projectId": format!("gid://yijin/Project/{}", shop.tenant.project), "displayName": "王芳" } })).await;
    let household = uuid_of(&body["data"]["createHousehold"]["household"]["id"]);
    paid_order_line(&app, household, &shop.product, 4).await;
    paid_order_line(&app, household, &shop.product, 2).await;
    wait_until_sealed(&app).await;
    let resident = app.token(
        kernel::Role::Household,
        Some(kernel::OrgRef {
            kind: kernel::OrgKind::Enterprise,
            id: shop.tenant.enterprise,
        }),
        Some(household),
    );
    let mine = app.gql(&resident, "{ myJin { jin yuan entries } ledgerEntries { totalCount nodes { household { id } } } }", json!({})).await;
    assert_eq!(
        mine["data"]["myJin"],
        json!({ "jin": "3", "yuan": "180.00", "entries": 2 }),
        "{mine}"
    );
    assert_eq!(mine["data"]["ledgerEntries"]["totalCount"], 2);
    let not_a_resident = app
        .gql(
            &app.enterprise_admin(shop.tenant.enterprise),
            "{ myJin { jin } }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&not_a_resident), Some("FORBIDDEN"));
}

#[tokio::test]
async fn a_page_of_entries_resolves_its_relations_in_a_bounded_number_of_statements() {
    let app = crate::helpers::spawn_counting().await;
    let shop = shop(&app, "合肥", "340100", 1).await;
    let body = app.gql(&app.enterprise_app(shop.tenant.enterprise), "mutation($i: CreateHouseholdInput!) { createHousehold(input: $i) { household { id } } }", json!({ "i": { "projectId": format!("gid://yijin/Project/{}", shop.tenant.project) } })).await;
    let household = uuid_of(&body["data"]["createHousehold"]["household"]["id"]);
    for _ in 0..12 {
        paid_order_line(&app, household, &shop.product, 1).await;
    }
    wait_until_sealed(&app).await;
    let query = "query($n: Int!) { ledgerEntries(first: $n) { nodes { jin campaign { name } phase { name } product { name } supplier { name } county { name } province { name } city { name } enterprise { name } project { name } association { name } household { id } team { name } seal { sequence } reverses { id } } } }";
    let token = app.platform();
    let mut counts = Vec::new();
    for n in [2, 12] {
        let before = app.running.state.metrics.statements();
        let body = app.gql(&token, query, json!({ "n": n })).await;
        assert!(body["errors"].is_null(), "{body}");
        assert_eq!(
            body["data"]["ledgerEntries"]["nodes"]
                .as_array()
                .map(Vec::len),
            Some(n)
        );
        counts.push(app.running.state.metrics.statements() - before);
    }
    // The page, then one statement per relation that has keys (product, supplier, regions,
    // enterprise, project, association, household, seal): an N+1 would take dozens.
    assert!(
        counts.iter().all(|c| *c <= 10) && counts[0] == counts[1],
        "statements must not grow with the page size: {counts:?}"
    );
}
