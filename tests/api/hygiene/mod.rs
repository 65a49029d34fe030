//! Control characters in what callers send: refused at the edge with one rule, never stored and
//! never an INTERNAL error, on SQLite and PostgreSQL alike. A mutation answers `userErrors` with
//! code `CONTROL_CHARACTER` and the path into its input; a query, which has no payload, a
//! top-level `BAD_USER_INPUT` error naming the path.

pub(crate) mod sweep;

use serde_json::{Value, json};

use crate::helpers::{TestApp, error_code, spawn_app, spawn_with, tenant};

/// A sweep sends hundreds of requests with one token: more than the per-minute limit allows, so it is off.
async fn spawn_unlimited() -> TestApp {
    spawn_with(|c| c.limits.rate_limit_per_minute = 0).await
}

fn codes_and_paths(payload: &Value) -> Vec<(String, String)> {
    payload["userErrors"]
        .as_array()
        .unwrap_or_else(|| panic!("no userErrors in {payload}"))
        .iter()
        .map(|e| {
            let path: Vec<&str> = e["field"]
                .as_array()
                .map(|f| f.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            (
                e["code"].as_str().unwrap_or_default().to_owned(),
                path.join("."),
            )
        })
        .collect()
}

#[tokio::test]
async fn every_string_of_every_mutation_input_refuses_a_nul_with_a_user_error() {
    let app = spawn_unlimited().await;
    let schema = sweep::introspect(&app).await;
    let token = app.platform();
    let mut checked = 0;
    for field in schema.fields(&schema.mutation) {
        let name = field["name"].as_str().unwrap_or_default();
        let Some(input) = field["args"]
            .as_array()
            .and_then(|args| args.iter().find(|a| a["name"] == "input"))
        else {
            panic!("mutation {name} takes no `input`");
        };
        let ty = sweep::render(&input["type"]);
        for (path, value) in schema.poisoned(&input["type"], 0) {
            let query = format!(
                "mutation($i: {ty}) {{ {name}(input: $i) {{ __typename userErrors {{ field code message }} }} }}"
            );
            let body = app.gql(&token, &query, json!({ "i": value })).await;
            let expected = format!("input.{}", path.join("."));
            assert!(body["errors"].is_null(), "{name} {expected}: {body}");
            assert_eq!(
                codes_and_paths(&body["data"][name]),
                vec![("CONTROL_CHARACTER".to_owned(), expected.clone())],
                "{name} {expected}: {body}"
            );
            checked += 1;
        }
    }
    assert!(
        checked > 100,
        "only {checked} strings found in mutation inputs"
    );
}

#[tokio::test]
async fn every_string_argument_of_every_query_refuses_a_nul_with_bad_user_input() {
    let app = spawn_unlimited().await;
    let schema = sweep::introspect(&app).await;
    let token = app.platform();
    let mut checked = 0;
    for field in schema.fields(&schema.query) {
        let name = field["name"].as_str().unwrap_or_default();
        if name.starts_with("__") {
            continue;
        }
        for arg in field["args"].as_array().into_iter().flatten() {
            let arg_name = arg["name"].as_str().unwrap_or_default();
            for (path, value) in schema.poisoned(&arg["type"], 0) {
                let mut defs = vec![format!("$x: {}", sweep::render(&arg["type"]))];
                let mut uses = vec![format!("{arg_name}: $x")];
                let mut vars = serde_json::Map::new();
                vars.insert("x".into(), value);
                for (i, (other, ty, v)) in schema
                    .required_args(&field, arg_name)
                    .into_iter()
                    .enumerate()
                {
                    defs.push(format!("$r{i}: {ty}"));
                    uses.push(format!("{other}: $r{i}"));
                    vars.insert(format!("r{i}"), v);
                }
                let query = format!(
                    "query({}) {{ {name}({}) {} }}",
                    defs.join(", "),
                    uses.join(", "),
                    schema.selection(&field["type"])
                );
                let body = app.gql(&token, &query, Value::Object(vars)).await;
                let expected = [name.to_owned(), arg_name.to_owned()]
                    .into_iter()
                    .chain(path)
                    .collect::<Vec<_>>();
                assert_eq!(error_code(&body), Some("BAD_USER_INPUT"), "{query}: {body}");
                assert_eq!(
                    body["errors"][0]["extensions"]["problems"][0]["field"],
                    json!(expected),
                    "{query}: {body}"
                );
                assert_eq!(
                    body["errors"][0]["extensions"]["problems"][0]["code"],
                    "CONTROL_CHARACTER"
                );
                assert!(body.get("data").is_none(), "nothing runs: {body}");
                checked += 1;
            }
        }
    }
    assert!(
        checked > 20,
        "only {checked} string arguments found in queries"
    );
}

#[tokio::test]
async fn a_nul_in_a_name_is_refused_and_nothing_is_stored() {
    let app = spawn_app().await;
    let t = tenant(&app, "合肥", "340100").await;
    let admin = app.enterprise_admin(t.enterprise);
    // A literal argument this time, not a variable.
    let body = app
        .gql(
            &admin,
            r#"mutation { createProject(input: { project: { cityCode: "340100", name: "滨湖\u0000花园", propertyType: RESIDENTIAL, householdCount: 10 } }) { project { id } userErrors { field code message } } }"#,
            json!({}),
        )
        .await;
    let payload = &body["data"]["createProject"];
    assert!(payload["project"].is_null(), "{body}");
    assert_eq!(
        codes_and_paths(payload),
        vec![(
            "CONTROL_CHARACTER".to_owned(),
            "input.project.name".to_owned()
        )]
    );
    assert!(
        payload["userErrors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("U+0000"))
    );
    let count = app
        .gql(&admin, "{ projects { totalCount } }", json!({}))
        .await;
    assert_eq!(
        count["data"]["projects"]["totalCount"], 1,
        "only the fixture's project"
    );
}

#[tokio::test]
async fn an_anonymous_mutation_with_a_nul_is_unauthenticated_first() {
    let app = spawn_app().await;
    let body: Value = app
        .post(None, r#"mutation { createTeam(input: { projectId: "gid://yijin/Project/0190aaaa-0000-7000-8000-000000000000", name: "a\u0000" }) { userErrors { code } } }"#, json!({}))
        .await
        .json()
        .await
        .unwrap_or_default();
    assert_eq!(error_code(&body), Some("UNAUTHENTICATED"), "{body}");
}

#[tokio::test]
async fn a_nul_in_the_catalogue_search_is_bad_user_input_not_internal() {
    let app = spawn_app().await;
    let t = tenant(&app, "合肥", "340100").await;
    let body = app
        .gql(
            &app.enterprise_app(t.enterprise),
            "query($p: ID, $f: CatalogueFilter) { catalogue(projectId: $p, filter: $f) { totalCount } }",
            json!({ "p": format!("gid://yijin/Project/{}", t.project), "f": { "text": "茶\u{0}" } }),
        )
        .await;
    assert_eq!(error_code(&body), Some("BAD_USER_INPUT"), "{body}");
    assert_eq!(
        body["errors"][0]["extensions"]["problems"][0]["field"],
        json!(["catalogue", "filter", "text"])
    );
}

#[tokio::test]
async fn a_nul_in_a_csv_cell_refuses_the_import_and_a_tab_in_a_name_cell_fails_its_row() {
    let app = spawn_app().await;
    let t = tenant(&app, "合肥", "340100").await;
    let admin = app.enterprise_admin(t.enterprise);
    let import = "mutation($i: ImportProjectsInput!) { importProjects(input: $i) { createdCount failedCount rows { status userErrors { field code } } userErrors { field code message } } }";
    let csv =
        "城市代码,项目名称,物业类型,户数\n340100,政务\0花园,住宅,100\n340100,天鹅湖,住宅,100\n";
    let body = app
        .gql(&admin, import, json!({ "i": { "csv": csv } }))
        .await;
    let payload = &body["data"]["importProjects"];
    assert_eq!(
        codes_and_paths(payload),
        vec![("CONTROL_CHARACTER".to_owned(), "input.csv".to_owned())],
        "{body}"
    );
    assert!(
        payload["userErrors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("第 2 行")),
        "the message names the line: {body}"
    );
    assert_eq!(payload["createdCount"], 0);

    // A tab passes the edge (a CSV has lines and cells), but not into a one-line name.
    let csv =
        "城市代码,项目名称,物业类型,户数\n340100,\"政务\t花园\",住宅,100\n340100,天鹅湖,住宅,100\n";
    let body = app
        .gql(
            &admin,
            import,
            json!({ "i": { "csv": csv, "errorPolicy": "REJECT_FAILED_ROWS" } }),
        )
        .await;
    let payload = &body["data"]["importProjects"];
    assert_eq!(payload["createdCount"], 1, "{body}");
    assert_eq!(payload["failedCount"], 1);
    assert_eq!(
        codes_and_paths(&payload["rows"][0]),
        vec![(
            "CONTROL_CHARACTER".to_owned(),
            "input.rows.0.name".to_owned()
        )]
    );
    let names = app
        .gql(&admin, "{ projects { nodes { name } } }", json!({}))
        .await;
    assert!(!names.to_string().contains('\t'), "{names}");
}

#[tokio::test]
async fn line_breaks_are_kept_in_multiline_text_and_refused_in_one_line_fields() {
    let app = spawn_app().await;
    let t = tenant(&app, "合肥", "340100").await;
    let admin = app.enterprise_admin(t.enterprise);
    let update = "mutation($i: UpdateProjectInput!) { updateProject(input: $i) { project { name address } userErrors { field code } } }";
    let id = format!("gid://yijin/Project/{}", t.project);
    // A line break passes the edge and is refused by the one-line name's parser, same code.
    let body = app
        .gql(
            &admin,
            update,
            json!({ "i": { "id": id, "name": "滨湖\n花园" } }),
        )
        .await;
    assert_eq!(
        codes_and_paths(&body["data"]["updateProject"]),
        vec![("CONTROL_CHARACTER".to_owned(), "input.name".to_owned())],
        "{body}"
    );
    let body = app
        .gql(
            &admin,
            update,
            json!({ "i": { "id": id, "address": "a\u{1b}[31m" } }),
        )
        .await;
    assert_eq!(
        codes_and_paths(&body["data"]["updateProject"]),
        vec![("CONTROL_CHARACTER".to_owned(), "input.address".to_owned())],
        "{body}"
    );
    let supplier = crate::products::supplier(&app, 1).await;
    let body = app
        .gql(
            &crate::products::supplier_token(&app, supplier),
            "mutation($i: CreateProductInput!) { createProduct(input: $i) { product { description } userErrors { field code } } }",
            json!({ "i": { "name": "平武绿茶", "category": "TEA_AND_DRINKS", "unit": "盒", "netWeight": 250, "price": 6800, "description": "高山云雾\n\t明前采摘\r\n" } }),
        )
        .await;
    assert_eq!(
        body["data"]["createProduct"]["product"]["description"], "高山云雾\n\t明前采摘",
        "{body}"
    );
}
