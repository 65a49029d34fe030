//! Participants as their users rely on them: forms with userErrors, the project-list import,
//! the APP integration path, teams.

use futures_util::future::join_all;
use kernel::Role;
use serde_json::{Value, json};

use crate::helpers::{error_code, spawn_app, tenant, uuid_of};

const IMPORT: &str = "mutation($i: ImportProjectsInput!) { importProjects(input: $i) { createdCount updatedCount unchangedCount failedCount rows { index status userErrors { field code } } userErrors { field code } } }";

#[tokio::test]
async fn bad_input_returns_every_problem_and_creates_nothing() {
    let app = spawn_app().await;
    let admin = app.platform();
    let body = app
        .gql(&admin, "mutation($i: CreateEnterpriseInput!) { createEnterprise(input: $i) { enterprise { id } userErrors { field code message } } }", json!({ "i": { "name": "  ", "allianceRegion": "EAST_CHINA", "regionCode": "999999", "leadPhone": "12345" } }))
        .await;
    assert!(body["errors"].is_null(), "{body}");
    let payload = &body["data"]["createEnterprise"];
    assert!(payload["enterprise"].is_null());
    let mut codes: Vec<(String, String)> = payload["userErrors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["field"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|f| f.as_str().unwrap())
                    .collect::<Vec<_>>()
                    .join("."),
                e["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    codes.sort();
    assert_eq!(
        codes,
        vec![
            ("input.leadPhone".to_owned(), "INVALID_PHONE".to_owned()),
            ("input.name".to_owned(), "BLANK".to_owned()),
            ("input.regionCode".to_owned(), "INVALID_REGION".to_owned()),
        ]
    );
    let count = app
        .gql(&admin, "{ enterprises { totalCount } }", json!({}))
        .await;
    assert_eq!(count["data"]["enterprises"]["totalCount"], 0);
}

#[tokio::test]
async fn wrong_roles_are_forbidden() {
    let app = spawn_app().await;
    let t = tenant(&app, "合肥", "340100").await;
    for token in [
        app.enterprise_admin(t.enterprise),
        app.token(Role::Reporter, None, None),
    ] {
        let body = app
            .gql(
                &token,
                "mutation { createAssociation(input: {name: \"x\"}) { association { id } } }",
                json!({}),
            )
            .await;
        assert_eq!(error_code(&body), Some("FORBIDDEN"), "{body}");
    }
}

#[tokio::test]
async fn import_rejects_everything_or_only_failed_rows_and_is_idempotent() {
    let app = spawn_app().await;
    let t = tenant(&app, "合肥", "340100").await;
    let token = app.enterprise_admin(t.enterprise);
    let good = json!({ "cityCode": "340100", "name": "滨湖花园", "propertyType": "RESIDENTIAL", "householdCount": 1200, "contactPhone": "13800138000" });
    let bad = json!({ "cityCode": "340102", "name": "错误城市", "propertyType": "OFFICE", "householdCount": -3 });

    let body = app
        .gql(&token, IMPORT, json!({ "i": { "rows": [good, bad] } }))
        .await;
    let report = &body["data"]["importProjects"];
    assert_eq!(
        (
            report["createdCount"].as_u64(),
            report["failedCount"].as_u64()
        ),
        (Some(0), Some(1)),
        "{body}"
    );
    assert_eq!(report["rows"][0]["status"], "SKIPPED");
    assert_eq!(report["rows"][1]["status"], "FAILED");
    let fields: Vec<String> = report["rows"][1]["userErrors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].to_string())
        .collect();
    assert!(
        fields.contains(&json!(["input", "rows", "1", "cityCode"]).to_string()),
        "{fields:?}"
    );
    assert!(
        fields.contains(&json!(["input", "rows", "1", "householdCount"]).to_string()),
        "{fields:?}"
    );

    let body = app
        .gql(
            &token,
            IMPORT,
            json!({ "i": { "rows": [good, bad], "errorPolicy": "REJECT_FAILED_ROWS" } }),
        )
        .await;
    assert_eq!(body["data"]["importProjects"]["createdCount"], 1, "{body}");

    let csv = "城市代码,项目名称,物业类型,地址,户数,联系人,手机\n340100,滨湖花园,住宅,,1200,,13800138000\n340100,天鹅湖小区,住宅,天鹅湖路1号,900,王经理,139 0013 9000\n";
    let body = app
        .gql(&token, IMPORT, json!({ "i": { "csv": csv } }))
        .await;
    let report = &body["data"]["importProjects"];
    assert_eq!(
        (
            report["createdCount"].as_u64(),
            report["unchangedCount"].as_u64()
        ),
        (Some(1), Some(1)),
        "{body}"
    );
    let total = app
        .gql(&token, "{ projects { totalCount } }", json!({}))
        .await;
    assert_eq!(total["data"]["projects"]["totalCount"], 3);
}

#[tokio::test]
async fn an_app_credential_issues_household_tokens_idempotently_until_revoked() {
    let app = spawn_app().await;
    let t = tenant(&app, "合肥", "340100").await;
    let admin = app.enterprise_admin(t.enterprise);
    let body = app.gql(&admin, "mutation { createApiCredential(input: {name: \"住这儿 APP\"}) { apiCredential { id lastFour } secret userErrors { code } } }", json!({})).await;
    let created = &body["data"]["createApiCredential"];
    let secret = created["secret"]
        .as_str()
        .expect("secret shown once")
        .to_owned();
    assert!(secret.ends_with(created["apiCredential"]["lastFour"].as_str().unwrap()));
    let listed = app
        .gql(&admin, "{ apiCredentials { name lastFour } }", json!({}))
        .await;
    assert!(
        !listed.to_string().contains(&secret),
        "the secret is never shown again"
    );

    let issue = "mutation($i: IssueHouseholdTokenInput!) { issueHouseholdToken(input: $i) { token created household { id } userErrors { code } } }";
    let input = json!({ "i": { "externalUserId": "zhuzher-42", "projectId": format!("gid://yijin/Project/{}", t.project), "displayName": "王芳" } });
    let first = app.gql(&secret, issue, input.clone()).await;
    let second = app.gql(&secret, issue, input.clone()).await;
    assert_eq!(
        first["data"]["issueHouseholdToken"]["created"], true,
        "{first}"
    );
    assert_eq!(second["data"]["issueHouseholdToken"]["created"], false);
    assert_eq!(
        first["data"]["issueHouseholdToken"]["household"]["id"],
        second["data"]["issueHouseholdToken"]["household"]["id"]
    );

    let resident = first["data"]["issueHouseholdToken"]["token"]
        .as_str()
        .unwrap();
    let me = app
        .gql(
            resident,
            "{ viewer { role householdId } households { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(me["data"]["viewer"]["role"], "HOUSEHOLD");
    assert_eq!(me["data"]["households"]["totalCount"], 1);

    let id = created["apiCredential"]["id"].as_str().unwrap();
    let body = app.gql(&admin, "mutation($i: RevokeApiCredentialInput!) { revokeApiCredential(input: $i) { apiCredential { active } } }", json!({ "i": { "id": id } })).await;
    assert_eq!(
        body["data"]["revokeApiCredential"]["apiCredential"]["active"],
        false
    );
    assert_eq!(app.post(Some(&secret), issue, input).await.status(), 401);
    // The resident's token dies with the credential that issued it.
    let after = app
        .post(Some(resident), "{ viewer { role } }", json!({}))
        .await;
    assert_eq!(after.status(), 401);
}

#[tokio::test]
async fn a_household_is_in_one_team_even_under_concurrent_joins() {
    let app = spawn_app().await;
    let t = tenant(&app, "合肥", "340100").await;
    let token = app.enterprise_app(t.enterprise);
    let project = format!("gid://yijin/Project/{}", t.project);
    let household = app.gql(&token, "mutation($i: CreateHouseholdInput!) { createHousehold(input: $i) { household { id } } }", json!({ "i": { "projectId": project } })).await;
    let household = household["data"]["createHousehold"]["household"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut teams = Vec::new();
    for n in 0..8 {
        let body = app.gql(&token, "mutation($i: CreateTeamInput!) { createTeam(input: $i) { team { id } userErrors { code } } }", json!({ "i": { "projectId": project, "name": format!("第{n}战队") } })).await;
        teams.push(
            body["data"]["createTeam"]["team"]["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    let joins = teams.iter().map(|team| {
        app.gql(&token, "mutation($i: JoinTeamInput!) { joinTeam(input: $i) { team { id memberCount } userErrors { code } } }", json!({ "i": { "teamId": team, "householdId": household } }))
    });
    let results: Vec<Value> = join_all(joins).await;
    let joined = results
        .iter()
        .filter(|r| r["data"]["joinTeam"]["team"].is_object())
        .count();
    let refused = results
        .iter()
        .filter(|r| r["data"]["joinTeam"]["userErrors"][0]["code"] == "ALREADY_IN_TEAM")
        .count();
    assert_eq!((joined, refused), (1, 7), "{results:?}");

    let left = app.gql(&token, "mutation($i: LeaveTeamInput!) { leaveTeam(input: $i) { team { memberCount captain { id } } } }", json!({ "i": { "householdId": household } })).await;
    assert_eq!(
        left["data"]["leaveTeam"]["team"]["memberCount"], 0,
        "{left}"
    );
    assert!(
        left["data"]["leaveTeam"]["team"]["captain"].is_null(),
        "a leaving captain hands over"
    );
}

#[tokio::test]
async fn personal_data_is_masked_except_for_the_owning_enterprise_admins() {
    let app = spawn_app().await;
    let t = tenant(&app, "合肥", "340100").await;
    let query = "query($id: ID!) { project(id: $id) { contactPhone enterprise { leadPhone } } }";
    let vars = json!({ "id": format!("gid://yijin/Project/{}", t.project) });
    let own = app
        .gql(&app.enterprise_admin(t.enterprise), query, vars.clone())
        .await;
    assert_eq!(own["data"]["project"]["contactPhone"], "13900139000");
    for token in [
        app.platform(),
        app.association_admin(t.association),
        app.enterprise_app(t.enterprise),
    ] {
        let other = app.gql(&token, query, vars.clone()).await;
        assert_eq!(
            other["data"]["project"]["contactPhone"], "139****9000",
            "{other}"
        );
        assert_eq!(
            other["data"]["project"]["enterprise"]["leadPhone"],
            "138****8001"
        );
    }
    let _ = uuid_of(&json!(format!("gid://yijin/Project/{}", t.project)));
}

#[tokio::test]
async fn concurrent_first_sign_ins_of_one_user_get_one_household() {
    let app = spawn_app().await;
    let t = tenant(&app, "合肥", "340100").await;
    let token = app.enterprise_app(t.enterprise);
    let issue = "mutation($i: IssueHouseholdTokenInput!) { issueHouseholdToken(input: $i) { created household { id } userErrors { code } } }";
    let input = json!({ "i": { "externalUserId": "wx-openid-123", "projectId": format!("gid://yijin/Project/{}", t.project) } });
    let results: Vec<Value> =
        join_all((0..12).map(|_| app.gql(&token, issue, input.clone()))).await;
    let ids: std::collections::HashSet<String> = results
        .iter()
        .map(|r| {
            r["data"]["issueHouseholdToken"]["household"]["id"]
                .as_str()
                .map(str::to_owned)
                .unwrap_or_else(|| panic!("{r}"))
        })
        .collect();
    assert_eq!(ids.len(), 1, "one household for one APP user");
    let created = results
        .iter()
        .filter(|r| r["data"]["issueHouseholdToken"]["created"] == true)
        .count();
    assert_eq!(created, 1);
    let count = app
        .gql(&token, "{ households { totalCount } }", json!({}))
        .await;
    assert_eq!(count["data"]["households"]["totalCount"], 1);
}
