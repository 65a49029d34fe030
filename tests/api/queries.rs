//! List queries resolve their relations in batches: the number of SQL statements does not grow
//! with the page size (no N+1).

use serde_json::json;

use crate::helpers::{TestApp, spawn_counting, tenant};

const PROJECTS: &str = "query($n: Int!) { projects(first: $n) { totalCount nodes { name city { name parent { name } } enterprise { name association { name region { name } } } } } }";

async fn statements_for(app: &TestApp, token: &str, n: usize) -> u64 {
    let before = app.running.state.metrics.statements();
    let body = app.gql(token, PROJECTS, json!({ "n": n })).await;
    assert!(body["errors"].is_null(), "{body}");
    assert_eq!(
        body["data"]["projects"]["nodes"].as_array().map(Vec::len),
        Some(n)
    );
    app.running.state.metrics.statements() - before
}

#[tokio::test]
async fn a_page_of_projects_costs_a_bounded_number_of_statements_whatever_its_size() {
    let app = spawn_counting().await;
    let t = tenant(&app, "合肥", "340100").await;
    let other = tenant(&app, "深圳", "440300").await;
    let rows: Vec<_> = (0..12)
        .map(|i| json!({ "cityCode": if i % 2 == 0 { "340100" } else { "340200" }, "name": format!("第{i}小区"), "propertyType": "RESIDENTIAL", "householdCount": 100 + i }))
        .collect();
    let body = app
        .gql(
            &app.enterprise_admin(t.enterprise),
            "mutation($i: ImportProjectsInput!) { importProjects(input: $i) { createdCount } }",
            json!({ "i": { "rows": rows } }),
        )
        .await;
    assert_eq!(body["data"]["importProjects"]["createdCount"], 12, "{body}");
    let _ = other;

    // One statement for the page, one for totalCount, and one per relation in the query
    // (city, city.parent, enterprise, enterprise.association, association.region): seven at
    // most, whatever the page size. Loads of the same loader at different depths may share a
    // batch when they happen to coincide, so fewer is fine; an N+1 would take 14 or more.
    const BOUND: u64 = 7;
    let token = app.platform();
    let small = statements_for(&app, &token, 2).await;
    let large = statements_for(&app, &token, 14).await;
    assert!(
        small <= BOUND && large <= BOUND,
        "statements must not grow with the page size: {small} for 2 projects, {large} for 14"
    );
}
