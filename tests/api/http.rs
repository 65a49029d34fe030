//! GraphQL over HTTP, authentication and limits, as a client sees them.

use kernel::Role;
use serde_json::{Value, json};

use crate::helpers::{error_code, spawn_app, spawn_with};

#[tokio::test]
async fn health_and_readiness_answer() {
    let app = spawn_app().await;
    for path in ["/healthz", "/readyz"] {
        let status = app.client.get(app.url(path)).send().await.unwrap().status();
        assert_eq!(status, 200, "{path}");
    }
    let metrics = app
        .client
        .get(app.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(metrics.contains("yijin_db_pool_connections"));
}

#[tokio::test]
async fn no_token_is_unauthenticated_and_a_bad_token_is_refused() {
    let app = spawn_app().await;
    let body: Value = app
        .post(None, "{ viewer { role } }", json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(error_code(&body), Some("UNAUTHENTICATED"));

    let response = app
        .post(Some("not-a-jwt"), "{ viewer { role } }", json!({}))
        .await;
    assert_eq!(response.status(), 401);
    let body: Value = response.json().await.unwrap();
    assert_eq!(error_code(&body), Some("UNAUTHENTICATED"));

    // A token signed with another secret is refused the same way.
    let other = spawn_with(|c| {
        c.jwt.secret =
            secrecy::SecretString::from("another-secret-that-is-long-enough-987".to_owned())
    })
    .await;
    let foreign = other.platform();
    assert_eq!(
        app.post(Some(&foreign), "{ viewer { role } }", json!({}))
            .await
            .status(),
        401
    );
}

#[tokio::test]
async fn viewer_tells_role_and_organisation() {
    let app = spawn_app().await;
    let enterprise = uuid::Uuid::now_v7();
    let body = app
        .gql(
            &app.enterprise_admin(enterprise),
            "{ viewer { role organizationId scopes } }",
            json!({}),
        )
        .await;
    assert_eq!(body["data"]["viewer"]["role"], "ENTERPRISE_ADMIN");
    assert_eq!(
        body["data"]["viewer"]["organizationId"],
        format!("gid://yijin/Enterprise/{enterprise}")
    );
}

#[tokio::test]
async fn graphql_response_json_gets_400_for_request_errors_and_json_gets_200() {
    let app = spawn_app().await;
    let token = app.platform();
    let send = |accept: &'static str| {
        app.client
            .post(app.url("/graphql"))
            .header("accept", accept)
            .bearer_auth(&token)
            .json(&json!({ "query": "{ viewer { role " }))
            .send()
    };
    let strict = send("application/graphql-response+json").await.unwrap();
    assert_eq!(strict.status(), 400);
    assert_eq!(
        strict.headers()["content-type"],
        "application/graphql-response+json"
    );
    let legacy = send("application/json").await.unwrap();
    assert_eq!(legacy.status(), 200);
    let body: Value = legacy.json().await.unwrap();
    assert!(body["errors"].as_array().is_some_and(|e| !e.is_empty()));
}

#[tokio::test]
async fn wrong_media_types_and_oversized_bodies_are_refused_before_parsing() {
    let app = spawn_with(|c| c.limits.max_body_bytes = 1024).await;
    let plain = app
        .client
        .post(app.url("/graphql"))
        .header("content-type", "text/plain")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(plain.status(), 415);
    let big = format!(
        "{{\"query\":\"{{ viewer {{ role }} }}\",\"x\":\"{}\"}}",
        "a".repeat(4096)
    );
    let response = app
        .client
        .post(app.url("/graphql"))
        .header("content-type", "application/json")
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
    let body: Value = response.json().await.unwrap();
    assert_eq!(error_code(&body), Some("PAYLOAD_TOO_LARGE"));
}

#[tokio::test]
async fn mutations_over_get_are_rejected_and_queries_run() {
    let app = spawn_app().await;
    let token = app.platform();
    let get = |q: &str| {
        app.client
            .get(app.url("/graphql"))
            .query(&[("query", q)])
            .bearer_auth(&token)
            .send()
    };
    let body: Value = get("{ viewer { role } }")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body["data"]["viewer"]["role"], "PLATFORM_ADMIN");
    let response =
        get("mutation { revokeApiCredential(input: {id: \"x\"}) { userErrors { code } } }")
            .await
            .unwrap();
    assert_eq!(response.status(), 405);
    assert_eq!(response.headers()["allow"], "POST");
    let body: Value = response.json().await.unwrap();
    assert_eq!(error_code(&body), Some("METHOD_NOT_ALLOWED"));
}

#[tokio::test]
async fn page_size_is_capped_at_100() {
    let app = spawn_app().await;
    let body = app
        .gql(
            &app.platform(),
            "{ projects(first: 101) { nodes { id } } }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&body), Some("BAD_USER_INPUT"));
    let body = app
        .gql(
            &app.platform(),
            "{ projects(first: 100) { nodes { id } } }",
            json!({}),
        )
        .await;
    assert!(body["errors"].is_null(), "{body}");
}

#[tokio::test]
async fn first_multiplies_the_cost_of_a_connection() {
    let app = spawn_with(|c| c.limits.document.max_complexity = 500).await;
    let token = app.platform();
    let query = |n: u32| {
        format!(
            "{{ enterprises(first: {n}) {{ nodes {{ projects(first: {n}) {{ nodes {{ id name }} }} }} }} }}"
        )
    };
    let small = app.gql(&token, &query(5), json!({})).await;
    assert!(small["errors"].is_null(), "{small}");
    assert!(
        small["extensions"]["cost"].is_null(),
        "cost only when asked: {small}"
    );
    let asked = |token: Option<String>| {
        let mut request = app.client.post(app.url("/graphql")).json(&json!({
            "query": query(5),
            "extensions": { "cost": true },
        }));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        async move { request.send().await.unwrap().json::<Value>().await.unwrap() }
    };
    let costed = asked(Some(token.clone())).await;
    assert!(costed["errors"].is_null(), "{costed}");
    assert!(
        costed["extensions"]["cost"]["complexity"].as_u64() > Some(25),
        "{costed}"
    );
    assert_eq!(costed["extensions"]["cost"]["limit"], 500, "{costed}");
    assert_eq!(costed["data"], small["data"]);
    let large = app.gql(&token, &query(50), json!({})).await;
    assert_eq!(error_code(&large), Some("TOO_COMPLEX"), "{large}");
}

#[tokio::test]
async fn aliases_and_root_fields_are_bounded() {
    let app = spawn_with(|c| {
        c.limits.document.max_aliases = 3;
        c.limits.document.max_root_fields = 3;
    })
    .await;
    let token = app.platform();
    let aliases = app
        .gql(
            &token,
            "{ viewer { a: role b: role c: role d: role } }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&aliases), Some("TOO_MANY_ALIASES"));
    let roots = app.gql(&token, "{ viewer { role } regions { code } associations { totalCount } enterprises { totalCount } }", json!({})).await;
    assert_eq!(error_code(&roots), Some("TOO_MANY_ROOT_FIELDS"));
}

#[tokio::test]
async fn batches_are_bounded() {
    let app = spawn_with(|c| c.limits.max_batch = 2).await;
    let one = json!({ "query": "{ viewer { role } }" });
    let response = app
        .client
        .post(app.url("/graphql"))
        .bearer_auth(app.platform())
        .json(&json!([one, one, one]))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert_eq!(error_code(&body), Some("BATCH_TOO_LARGE"));
}

#[tokio::test]
async fn a_credential_over_its_rate_is_limited() {
    let app = spawn_with(|c| c.limits.rate_limit_per_minute = 60).await;
    let token = app.token(Role::Reporter, None, None);
    let mut limited = None;
    for _ in 0..20 {
        let response = app
            .post(Some(&token), "{ viewer { role } }", json!({}))
            .await;
        if response.status() == 429 {
            limited = Some(response);
            break;
        }
    }
    let response = limited.expect("the 11th request within a second is limited");
    assert!(response.headers().contains_key("retry-after"));
    let body: Value = response.json().await.unwrap();
    assert_eq!(error_code(&body), Some("RATE_LIMITED"));
}

#[tokio::test]
async fn english_messages_on_request() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(app.url("/graphql"))
        .header("accept-language", "en-US,en;q=0.9")
        .json(&json!({ "query": "{ viewer { role } }" }))
        .send()
        .await
        .unwrap();
    let body: Value = response.json().await.unwrap();
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("authentication required")
    );
}

#[tokio::test]
async fn regions_come_from_the_national_table() {
    let app = spawn_app().await;
    let body: Value = app.post(None, "{ provinces: regions { code } hefei: region(code: \"340100\") { name level parent { name } } counties: regions(parentCode: \"340100\") { code } }", json!({})).await.json().await.unwrap();
    assert_eq!(body["data"]["provinces"].as_array().unwrap().len(), 31);
    assert_eq!(body["data"]["hefei"]["name"], "合肥市");
    assert_eq!(body["data"]["hefei"]["parent"]["name"], "安徽省");
    assert!(body["data"]["counties"].as_array().unwrap().len() >= 9);
}

#[tokio::test]
async fn errors_outside_graphql_carry_a_code_too() {
    let app = spawn_app().await;
    let put = app.client.put(app.url("/graphql")).send().await.unwrap();
    assert_eq!(put.status(), 405);
    let body: Value = put.json().await.unwrap();
    assert_eq!(error_code(&body), Some("METHOD_NOT_ALLOWED"));
    let ws = app.client.get(app.url("/graphql/ws")).send().await.unwrap();
    assert_eq!(ws.status(), 400);
    let body: Value = ws.json().await.unwrap();
    assert_eq!(error_code(&body), Some("BAD_REQUEST"));
    let bad_query = app
        .client
        .get(format!("{}?query=%FF%FE", app.url("/graphql")))
        .send()
        .await
        .unwrap();
    let body: Value = bad_query.json().await.unwrap();
    assert!(error_code(&body).is_some(), "{body}");
}

/// Authenticated operations run on a schema without extensions, with the transport doing the
/// document guard's work; asking for the cost runs them under the guard. Both must answer
/// every kind of document alike: status, data, errors and codes. Each document goes to the
/// plain schema twice, since a document without variables that passed the engine's validation
/// once skips the rules the next time (`Checked::validated`).
#[tokio::test]
async fn the_guard_in_the_transport_answers_as_the_extension_does() {
    let app = spawn_app().await;
    let token = app.platform();
    let documents = [
        json!({ "query": "{ viewer { role } }" }),
        json!({ "query": "{ viewer { role nope } }" }),
        json!({ "query": "{ viewer { role " }),
        json!({ "query": "query A { viewer { role } } query B { __typename }" }),
        json!({ "query": "query A { viewer { role } } query B { __typename }", "operationName": "C" }),
        json!({ "query": "query A { viewer { role } } query B { __typename }", "operationName": "B" }),
        json!({ "query": "subscription { __typename }" }),
        json!({ "query": "query($n: Int!) { enterprises(first: $n) { totalCount } }", "variables": { "n": "ten" } }),
        json!({ "query": "query($n: Int!) { enterprises(first: $n) { totalCount } }" }),
        json!({ "query": "{ enterprises(first: 500) { totalCount } }" }),
        json!({ "query": "{ enterprise(id: \"not-a-global-id\") { name } }" }),
        json!({ "query": "{ enterprises(first: \"ten\") { totalCount } }" }),
        json!({ "query": "{ viewer { role } }", "variables": { "unused": 1 } }),
        json!({ "query": "query A { viewer { role } } query B { viewer { role } }", "operationName": "B" }),
        json!({ "query": "query A { viewer { role } } query B { viewer { role } }" }),
        json!({ "query": "{ regions(parentCode: \"34\\u0007\") { code } }" }),
        json!({ "query": "mutation { createAssociation(input: { name: \"a\\u0007b\" }) { userErrors { code field } } }" }),
        json!({ "query": "mutation { createAssociation(input: { name: \"a\\u0007b\" }) { association { id } } }" }),
    ];
    for accept in ["application/graphql-response+json", "application/json"] {
        for document in &documents {
            let mut guarded = document.clone();
            guarded["extensions"] = json!({ "cost": true });
            let mut answers = Vec::new();
            for body in [document, document, &guarded] {
                let response = app
                    .client
                    .post(app.url("/graphql"))
                    .header("accept", accept)
                    .bearer_auth(&token)
                    .json(body)
                    .send()
                    .await
                    .unwrap();
                let status = response.status();
                let mut body: Value = response.json().await.unwrap();
                if let Some(extensions) = body.get_mut("extensions").and_then(Value::as_object_mut)
                {
                    extensions.remove("cost");
                    if extensions.is_empty() {
                        body.as_object_mut().unwrap().remove("extensions");
                    }
                }
                answers.push((status, body));
            }
            assert_eq!(answers[0], answers[2], "{accept}: {document}");
            assert_eq!(answers[1], answers[2], "{accept}, sent again: {document}");
        }
    }
}
