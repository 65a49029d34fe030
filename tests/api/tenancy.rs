//! Tenant isolation: a token of enterprise A finds none of enterprise B's objects, through every
//! field that takes an id (a lookup is null without an error, a mutation `NOT_FOUND`), and
//! changes nothing.

use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_hidden, error_code, spawn_app, tenant};

/// A household and a team of `enterprise`, created by its APP.
#[expect(
    clippy::unwrap_used,
    reason = "a fixture that cannot be built must fail the test"
)]
async fn household_and_team(
    app: &TestApp,
    enterprise: uuid::Uuid,
    project: uuid::Uuid,
) -> (String, String) {
    let token = app.enterprise_app(enterprise);
    let project = format!("gid://yijin/Project/{project}");
    let h = app.gql(&token, "mutation($i: CreateHouseholdInput!) { createHousehold(input: $i) { household { id } } }", json!({ "i": { "projectId": project, "phone": "13700137000", "displayName": "李强" } })).await;
    let t = app
        .gql(
            &token,
            "mutation($i: CreateTeamInput!) { createTeam(input: $i) { team { id } } }",
            json!({ "i": { "projectId": project, "name": "先锋队" } }),
        )
        .await;
    (
        h["data"]["createHousehold"]["household"]["id"]
            .as_str()
            .unwrap()
            .to_owned(),
        t["data"]["createTeam"]["team"]["id"]
            .as_str()
            .unwrap()
            .to_owned(),
    )
}

#[tokio::test]
async fn another_enterprises_objects_are_not_found_by_any_lookup() {
    let app = spawn_app().await;
    let a = tenant(&app, "合肥", "340100").await;
    let b = tenant(&app, "深圳", "440300").await;
    let (b_household, b_team) = household_and_team(&app, b.enterprise, b.project).await;
    let lookups = [
        (
            "enterprise",
            format!("gid://yijin/Enterprise/{}", b.enterprise),
        ),
        (
            "association",
            format!("gid://yijin/Association/{}", b.association),
        ),
        ("project", format!("gid://yijin/Project/{}", b.project)),
        ("household", b_household.clone()),
        ("team", b_team.clone()),
    ];
    for token in [
        app.enterprise_admin(a.enterprise),
        app.enterprise_app(a.enterprise),
        app.association_admin(a.association),
    ] {
        for (field, id) in &lookups {
            let body = app
                .gql(
                    &token,
                    &format!("query($id: ID!) {{ {field}(id: $id) {{ id }} }}"),
                    json!({ "id": id }),
                )
                .await;
            assert_hidden(&body, field);
            let node = app
                .gql(
                    &token,
                    "query($id: ID!) { node(id: $id) { id } }",
                    json!({ "id": id }),
                )
                .await;
            assert_hidden(&node, "node");
        }
        let lists = app.gql(&token, "{ enterprises { totalCount } projects { totalCount } households { totalCount } teams { totalCount } }", json!({})).await;
        assert_eq!(lists["data"]["enterprises"]["totalCount"], 1, "{lists}");
        assert_eq!(lists["data"]["projects"]["totalCount"], 1);
        assert_eq!(lists["data"]["households"]["totalCount"], 0);
        assert_eq!(lists["data"]["teams"]["totalCount"], 0);
    }
}

#[tokio::test]
async fn another_enterprises_objects_cannot_be_changed() {
    let app = spawn_app().await;
    let a = tenant(&app, "合肥", "340100").await;
    let b = tenant(&app, "深圳", "440300").await;
    let (b_household, b_team) = household_and_team(&app, b.enterprise, b.project).await;
    let (a_household, _) = household_and_team(&app, a.enterprise, a.project).await;
    let token = app.enterprise_admin(a.enterprise);
    let b_project = format!("gid://yijin/Project/{}", b.project);
    let attempts: Vec<(&str, Value)> = vec![
        (
            "mutation($i: UpdateEnterpriseInput!) { updateEnterprise(input: $i) { enterprise { id } } }",
            json!({ "i": { "id": format!("gid://yijin/Enterprise/{}", b.enterprise), "name": "被篡改" } }),
        ),
        (
            "mutation($i: UpdateProjectInput!) { updateProject(input: $i) { project { id } } }",
            json!({ "i": { "id": b_project, "name": "被篡改" } }),
        ),
        (
            "mutation($i: CreateProjectInput!) { createProject(input: $i) { project { id } } }",
            json!({ "i": { "enterpriseId": format!("gid://yijin/Enterprise/{}", b.enterprise), "project": { "cityCode": "440300", "name": "入侵", "propertyType": "OTHER", "householdCount": 1 } } }),
        ),
        (
            "mutation($i: CreateHouseholdInput!) { createHousehold(input: $i) { household { id } } }",
            json!({ "i": { "projectId": b_project } }),
        ),
        (
            "mutation($i: CreateTeamInput!) { createTeam(input: $i) { team { id } } }",
            json!({ "i": { "projectId": b_project, "name": "入侵队" } }),
        ),
        (
            "mutation($i: JoinTeamInput!) { joinTeam(input: $i) { team { id } } }",
            json!({ "i": { "teamId": b_team, "householdId": a_household } }),
        ),
        (
            "mutation($i: LeaveTeamInput!) { leaveTeam(input: $i) { team { id } } }",
            json!({ "i": { "householdId": b_household } }),
        ),
        (
            "mutation($i: ImportProjectsInput!) { importProjects(input: $i) { createdCount } }",
            json!({ "i": { "enterpriseId": format!("gid://yijin/Enterprise/{}", b.enterprise), "rows": [] } }),
        ),
        (
            "mutation($i: CreateApiCredentialInput!) { createApiCredential(input: $i) { secret } }",
            json!({ "i": { "enterpriseId": format!("gid://yijin/Enterprise/{}", b.enterprise), "name": "x" } }),
        ),
    ];
    for (mutation, vars) in attempts {
        let body = app.gql(&token, mutation, vars).await;
        assert_eq!(error_code(&body), Some("NOT_FOUND"), "{mutation}: {body}");
    }
    let b_view = app.gql(&app.enterprise_admin(b.enterprise), "{ enterprises { nodes { name } } projects { totalCount nodes { name } } households { totalCount } teams { totalCount } apiCredentials { id } }", json!({})).await;
    assert_eq!(
        b_view["data"]["enterprises"]["nodes"][0]["name"], "深圳物业",
        "{b_view}"
    );
    assert_eq!(b_view["data"]["projects"]["totalCount"], 1);
    assert_eq!(b_view["data"]["projects"]["nodes"][0]["name"], "深圳花园");
    assert_eq!(b_view["data"]["households"]["totalCount"], 1);
    assert_eq!(b_view["data"]["teams"]["totalCount"], 1);
    assert_eq!(
        b_view["data"]["apiCredentials"].as_array().unwrap().len(),
        0
    );
}

#[tokio::test]
async fn an_association_reads_its_members_only() {
    let app = spawn_app().await;
    let a = tenant(&app, "合肥", "340100").await;
    let _b = tenant(&app, "深圳", "440300").await;
    let body = app.gql(&app.association_admin(a.association), "{ associations { totalCount } enterprises { totalCount nodes { name } } projects { totalCount } }", json!({})).await;
    assert_eq!(body["data"]["associations"]["totalCount"], 1, "{body}");
    assert_eq!(body["data"]["enterprises"]["totalCount"], 1);
    assert_eq!(body["data"]["enterprises"]["nodes"][0]["name"], "合肥物业");
    assert_eq!(body["data"]["projects"]["totalCount"], 1);
}

#[tokio::test]
async fn another_enterprises_credentials_are_not_found() {
    let app = spawn_app().await;
    let a = tenant(&app, "合肥", "340100").await;
    let b = tenant(&app, "深圳", "440300").await;
    let created = app.gql(&app.enterprise_admin(b.enterprise), "mutation { createApiCredential(input: {name: \"B APP\"}) { apiCredential { id } secret } }", json!({})).await;
    let id = created["data"]["createApiCredential"]["apiCredential"]["id"].clone();
    let token = app.enterprise_admin(a.enterprise);
    let revoke = app.gql(&token, "mutation($i: RevokeApiCredentialInput!) { revokeApiCredential(input: $i) { apiCredential { id } } }", json!({ "i": { "id": id } })).await;
    assert_eq!(error_code(&revoke), Some("NOT_FOUND"), "{revoke}");
    let list = app
        .gql(
            &token,
            "query($e: ID) { apiCredentials(enterpriseId: $e) { id } }",
            json!({ "e": format!("gid://yijin/Enterprise/{}", b.enterprise) }),
        )
        .await;
    assert_eq!(error_code(&list), Some("NOT_FOUND"), "{list}");
    let node = app
        .gql(
            &token,
            "query($id: ID!) { node(id: $id) { id } }",
            json!({ "id": id }),
        )
        .await;
    assert_hidden(&node, "node");

    // B's credential still works: nothing was changed.
    let secret = created["data"]["createApiCredential"]["secret"]
        .as_str()
        .unwrap_or_default();
    let me = app.gql(secret, "{ viewer { role } }", json!({})).await;
    assert_eq!(me["data"]["viewer"]["role"], "ENTERPRISE_APP");
}

#[tokio::test]
async fn a_resident_sees_its_own_household_and_project_only() {
    let app = spawn_app().await;
    let a = tenant(&app, "合肥", "340100").await;
    let (mine, _) = household_and_team(&app, a.enterprise, a.project).await;
    let neighbour = app
        .gql(&app.enterprise_app(a.enterprise), "mutation($i: CreateHouseholdInput!) { createHousehold(input: $i) { household { id } } }", json!({ "i": { "projectId": format!("gid://yijin/Project/{}", a.project) } }))
        .await["data"]["createHousehold"]["household"]["id"]
        .clone();
    let mine = crate::helpers::uuid_of(&json!(mine));
    let resident = app.token(
        kernel::Role::Household,
        Some(kernel::OrgRef {
            kind: kernel::OrgKind::Enterprise,
            id: a.enterprise,
        }),
        Some(mine),
    );
    let body = app.gql(&resident, "query($n: ID!) { households { totalCount } teams { totalCount } projects { totalCount } neighbour: household(id: $n) { id } }", json!({ "n": neighbour })).await;
    assert_eq!(body["data"]["households"]["totalCount"], 1, "{body}");
    assert_eq!(
        body["data"]["teams"]["totalCount"], 1,
        "the teams of its own project"
    );
    assert_eq!(body["data"]["projects"]["totalCount"], 1);
    assert_hidden(&body, "neighbour");
}
