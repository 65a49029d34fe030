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

/// `nodes` reads the ids of one type in one statement, however many it names.
#[tokio::test]
async fn nodes_costs_one_statement_per_type_whatever_the_number_of_ids() {
    let app = spawn_counting().await;
    let t = tenant(&app, "合肥", "340100").await;
    let rows: Vec<_> = (0..12)
        .map(|i| json!({ "cityCode": "340100", "name": format!("第{i}小区"), "propertyType": "RESIDENTIAL", "householdCount": 100 + i }))
        .collect();
    let token = app.enterprise_admin(t.enterprise);
    let body = app
        .gql(
            &token,
            "mutation($i: ImportProjectsInput!) { importProjects(input: $i) { createdCount } }",
            json!({ "i": { "rows": rows } }),
        )
        .await;
    assert_eq!(body["data"]["importProjects"]["createdCount"], 12, "{body}");
    let body = app
        .gql(
            &token,
            "{ projects(first: 20) { nodes { id } } }",
            json!({}),
        )
        .await;
    let projects: Vec<String> = body["data"]["projects"]["nodes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p["id"].as_str().map(str::to_owned))
        .collect();
    assert!(projects.len() >= 12, "{body}");
    let enterprise = format!("gid://yijin/Enterprise/{}", t.enterprise);
    let association = format!("gid://yijin/Association/{}", t.association);

    // Three types: one statement each, for two projects as for all of them.
    const KINDS: u64 = 3;
    let mut counts = Vec::new();
    for n in [2, projects.len()] {
        let mut ids = vec![enterprise.clone(), association.clone()];
        ids.extend(projects.iter().take(n).cloned());
        let before = app.running.state.metrics.statements();
        let body = app
            .gql(
                &token,
                "query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
                json!({ "ids": ids }),
            )
            .await;
        let statements = app.running.state.metrics.statements() - before;
        let found = body["data"]["nodes"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert_eq!(found.len(), n + 2, "{body}");
        assert!(found.iter().all(|node| !node.is_null()), "{body}");
        counts.push(statements);
    }
    assert!(
        counts.iter().all(|&c| c <= KINDS),
        "one statement per type, not per id: {counts:?} for 2 and {} projects",
        projects.len()
    );
}
