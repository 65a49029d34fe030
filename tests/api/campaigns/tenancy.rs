//! Tenant isolation for every campaigns type: another tenant's objects are out of reach through
//! lookups and `node` (null, no error), lists (left out) and writes (NOT_FOUND); nothing changes.

use serde_json::{Value, json};

use super::activities::{APPLY, CLOSE, FAIR, HELD};
use super::enlistment::{CONFIRM, RETURN, SAVE_ENTERPRISE, SUBMIT};
use super::{current_campaign, date, gid, spawn_shifted, today};
use crate::helpers::{Tenant, TestApp, assert_hidden, error_code, tenant};

/// One object of every campaigns type owned by tenant `b`, as global ids by query field.
async fn objects_of(app: &TestApp, campaign: &str, b: &Tenant) -> Vec<(&'static str, String)> {
    let e = app.enterprise_admin(b.enterprise);
    let a = app.association_admin(b.association);
    let enlistment = app
        .gql(
            &e,
            SAVE_ENTERPRISE,
            json!({ "i": { "campaignId": campaign, "form": {} } }),
        )
        .await;
    let fair = app.gql(&e, FAIR, json!({ "i": { "campaignId": campaign, "name": "深圳市集", "projectId": gid("Project", b.project), "startsOn": date(today(), 1) } })).await;
    let event = app.gql(&e, APPLY, json!({ "i": { "campaignId": campaign, "title": "品鉴会", "address": "会所", "startsOn": date(today(), 40), "tastingProducts": ["茶"], "expectedAttendance": 50 } })).await;
    let visit = app.gql(&a, "mutation($i: CreateCountyVisitInput!) { createCountyVisit(input: $i) { countyVisit { id } userErrors { field code } } }", json!({ "i": { "campaignId": campaign, "countyCode": "510727", "startsOn": date(today(), -1), "participantCount": 5, "ownerRepresentativeCount": 2, "selectedProducts": [{ "name": "高山绿茶" }] } })).await;
    let job = app.gql(&e, "mutation($i: RecordEmploymentInput!) { recordEmployment(input: $i) { employment { id } userErrors { field code } } }", json!({ "i": { "campaignId": campaign, "countyCode": "510727", "role": "保洁员", "startsOn": date(today(), -1), "personRef": "SZ-0001" } })).await;
    let period = format!("{}-01", &date(today(), 0)[..7]);
    let report = app.gql(&a, "mutation($i: FileProgressReportInput!) { fileProgressReport(input: $i) { progressReport { id } userErrors { field code } } }", json!({ "i": { "campaignId": campaign, "kind": "MONTHLY", "periodStart": period, "highlights": "启动" } })).await;
    let pick = |body: &Value, mutation: &str, field: &str| {
        body["data"][mutation][field]["id"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    let objects = vec![
        (
            "enlistment",
            pick(&enlistment, "saveEnterpriseEnlistment", "enlistment"),
        ),
        ("marketFair", pick(&fair, "createMarketFair", "marketFair")),
        (
            "communityEvent",
            pick(&event, "applyForCommunityEvent", "communityEvent"),
        ),
        (
            "countyVisit",
            pick(&visit, "createCountyVisit", "countyVisit"),
        ),
        ("employment", pick(&job, "recordEmployment", "employment")),
        (
            "progressReport",
            pick(&report, "fileProgressReport", "progressReport"),
        ),
    ];
    for (field, id) in &objects {
        assert!(
            id.starts_with("gid://yijin/"),
            "{field} was not created: {enlistment} {fair} {event} {visit} {job} {report}"
        );
    }
    objects
}

#[tokio::test]
async fn another_tenants_campaign_objects_are_not_found_and_cannot_be_changed() {
    let app = spawn_shifted().await;
    let campaign = current_campaign(&app).await;
    let a = tenant(&app, "合肥", "340100").await;
    let b = tenant(&app, "深圳", "440300").await;
    let objects = objects_of(&app, &campaign, &b).await;
    let id_of = |field: &str| {
        objects
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, id)| id.clone())
            .unwrap_or_default()
    };

    for token in [
        app.enterprise_admin(a.enterprise),
        app.association_admin(a.association),
    ] {
        for (field, id) in &objects {
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
        let lists = app.gql(&token, "{ enlistments { totalCount } marketFairs { totalCount } communityEvents { totalCount } countyVisits { totalCount } employments { totalCount } progressReports { totalCount } }", json!({})).await;
        for list in [
            "enlistments",
            "marketFairs",
            "communityEvents",
            "countyVisits",
            "employments",
            "progressReports",
        ] {
            assert_eq!(lists["data"][list]["totalCount"], 0, "{list}: {lists}");
        }
        let writes = [
            (SUBMIT, json!({ "i": { "id": id_of("enlistment") } })),
            (CONFIRM, json!({ "i": { "id": id_of("enlistment") } })),
            (
                RETURN,
                json!({ "i": { "id": id_of("enlistment"), "reason": "x" } }),
            ),
            (HELD, json!({ "i": { "id": id_of("marketFair") } })),
            (
                "mutation($i: CancelMarketFairInput!) { cancelMarketFair(input: $i) { marketFair { id } } }",
                json!({ "i": { "id": id_of("marketFair") } }),
            ),
            (
                "mutation($i: MarkCommunityEventHeldInput!) { markCommunityEventHeld(input: $i) { communityEvent { id } } }",
                json!({ "i": { "id": id_of("communityEvent") } }),
            ),
            (
                CLOSE,
                json!({ "i": { "eventId": id_of("communityEvent"), "attendance": 1, "productsTasted": ["茶"], "photoUrls": ["https://x.cn/1.jpg"], "summary": "x" } }),
            ),
        ];
        for (mutation, vars) in writes {
            let body = app.gql(&token, mutation, vars).await;
            assert_eq!(error_code(&body), Some("NOT_FOUND"), "{mutation}: {body}");
        }
    }
    // B's objects are as they were.
    let b_view = app.gql(&app.association_admin(b.association), "query($e: ID!, $f: ID!) { enlistment(id: $e) { state } marketFair(id: $f) { status } employments { totalCount } }", json!({ "e": id_of("enlistment"), "f": id_of("marketFair") })).await;
    assert_eq!(b_view["data"]["enlistment"]["state"], "DRAFT", "{b_view}");
    assert_eq!(b_view["data"]["marketFair"]["status"], "PLANNED");
    assert_eq!(
        b_view["data"]["employments"]["totalCount"], 1,
        "an association reads its member's jobs"
    );
}
