//! Community events (the 28-day and closing-report rules, on a server whose clock the test
//! moves), the two-fairs figure, and statement counts of a page of fairs.

use chrono::TimeDelta;
use serde_json::{Value, json};

use super::{current_campaign, date, gid, spawn_shifted, today, user_errors};
use crate::helpers::{error_code, tenant};

pub(super) const APPLY: &str = "mutation($i: ApplyForCommunityEventInput!) { applyForCommunityEvent(input: $i) { communityEvent { id state } userErrors { field code message } } }";
pub(super) const CLOSE: &str = "mutation($i: FileClosingReportInput!) { fileClosingReport(input: $i) { communityEvent { state overdue } closingReport { attendance salesYuan photoUrls } userErrors { field code } } }";

#[tokio::test]
async fn community_events_are_applied_for_28_days_ahead_and_closed_by_their_closing_report() {
    let app = spawn_shifted().await;
    let campaign = current_campaign(&app).await;
    let t = tenant(&app, "合肥", "340100").await;
    let organiser = app.enterprise_admin(t.enterprise);
    let event = |starts: String| {
        json!({ "i": {
        "campaignId": campaign, "title": "带一斤回家 品鉴会", "projectId": gid("Project", t.project),
        "startsOn": starts, "tastingProducts": ["平武高山绿茶"], "expectedAttendance": 200 } })
    };

    let late = app.gql(&organiser, APPLY, event(date(today(), 27))).await;
    assert_eq!(
        user_errors(&late["data"]["applyForCommunityEvent"]),
        vec!["input.startsOn TOO_LATE_TO_APPLY"],
        "{late}"
    );
    assert!(late["data"]["applyForCommunityEvent"]["communityEvent"].is_null());
    let applied = app.gql(&organiser, APPLY, event(date(today(), 30))).await;
    let id = applied["data"]["applyForCommunityEvent"]["communityEvent"]["id"].clone();
    assert_eq!(
        applied["data"]["applyForCommunityEvent"]["communityEvent"]["state"], "APPLIED",
        "{applied}"
    );

    let decide = "mutation($i: DecideCommunityEventInput!) { decideCommunityEvent(input: $i) { communityEvent { state } userErrors { code } } }";
    let self_approval = app
        .gql(
            &organiser,
            decide,
            json!({ "i": { "id": id, "approve": true } }),
        )
        .await;
    assert_eq!(error_code(&self_approval), Some("FORBIDDEN"));
    let approved = app
        .gql(
            &app.platform(),
            decide,
            json!({ "i": { "id": id, "approve": true } }),
        )
        .await;
    assert_eq!(
        approved["data"]["decideCommunityEvent"]["communityEvent"]["state"], "APPROVED",
        "{approved}"
    );

    let report = json!({ "i": { "eventId": id, "attendance": 180, "productsTasted": ["平武高山绿茶"], "sales": 468000,
        "photoUrls": ["https://img.example.cn/events/1.jpg"], "summary": "现场认购茶叶 120 斤" } });
    let early = app.gql(&organiser, CLOSE, report.clone()).await;
    assert_eq!(
        user_errors(&early["data"]["fileClosingReport"]),
        vec!["input.id TOO_EARLY"],
        "{early}"
    );

    app.running.state.clock.advance(TimeDelta::days(33));
    let overdue = "{ communityEvents(overdueOnly: true) { totalCount nodes { title overdue } } }";
    let listed = app.gql(&organiser, overdue, json!({})).await;
    assert_eq!(
        listed["data"]["communityEvents"]["totalCount"], 1,
        "{listed}"
    );
    assert_eq!(
        listed["data"]["communityEvents"]["nodes"][0]["overdue"],
        true
    );

    let closed = app.gql(&organiser, CLOSE, report).await;
    let payload = &closed["data"]["fileClosingReport"];
    assert_eq!(payload["communityEvent"]["state"], "CLOSED", "{closed}");
    assert_eq!(payload["communityEvent"]["overdue"], false);
    assert_eq!(payload["closingReport"]["salesYuan"], "4680.00");
    let listed = app.gql(&organiser, overdue, json!({})).await;
    assert_eq!(
        listed["data"]["communityEvents"]["totalCount"], 0,
        "{listed}"
    );
}

pub(super) const FAIR: &str = "mutation($i: CreateMarketFairInput!) { createMarketFair(input: $i) { marketFair { id association { id } } userErrors { field code } } }";
pub(super) const HELD: &str = "mutation($i: RecordMarketFairHeldInput!) { recordMarketFairHeld(input: $i) { marketFair { status salesYuan } userErrors { field code } } }";
pub(super) const COMPLIANCE: &str = "query($y: Int!) { marketFairCompliance(year: $y) { association { name } year held planned required compliant onTrack shortfall } }";

#[tokio::test]
async fn every_local_association_is_measured_against_two_fairs_a_year() {
    let app = spawn_shifted().await;
    let campaign = current_campaign(&app).await;
    let a = tenant(&app, "合肥", "340100").await;
    let _b = tenant(&app, "深圳", "440300").await;
    let association = app.association_admin(a.association);
    let member = app.enterprise_admin(a.enterprise);
    let day = date(today(), -3);
    let year: i32 = day[..4].parse().unwrap_or_default();
    let fair = |name: &str, starts: &str| json!({ "i": { "campaignId": campaign, "name": name, "address": "市民广场", "startsOn": starts } });

    let own = app.gql(&association, FAIR, fair("春季市集", &day)).await;
    let by_member = app.gql(&member, FAIR, fair("社区市集", &day)).await;
    assert_eq!(
        by_member["data"]["createMarketFair"]["marketFair"]["association"]["id"],
        gid("Association", a.association),
        "a member's fair counts for its association: {by_member}"
    );
    let future = app
        .gql(&association, FAIR, fair("秋季市集", &date(today(), 5)))
        .await;

    let before = app
        .gql(&app.platform(), COMPLIANCE, json!({ "y": year }))
        .await;
    let rows = before["data"]["marketFairCompliance"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(rows.len(), 2, "every local association: {before}");
    let hefei = rows
        .iter()
        .find(|r| r["association"]["name"] == "合肥协会")
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        (
            hefei["held"].clone(),
            hefei["compliant"].clone(),
            hefei["required"].clone()
        ),
        (json!(0), json!(false), json!(2))
    );

    let id = |body: &Value| body["data"]["createMarketFair"]["marketFair"]["id"].clone();
    let too_early = app
        .gql(&association, HELD, json!({ "i": { "id": id(&future) } }))
        .await;
    assert_eq!(
        user_errors(&too_early["data"]["recordMarketFairHeld"]),
        vec!["input.id TOO_EARLY"],
        "{too_early}"
    );
    let held = app
        .gql(
            &association,
            HELD,
            json!({ "i": { "id": id(&own), "visitorCount": 900, "sales": 1250000 } }),
        )
        .await;
    assert_eq!(
        held["data"]["recordMarketFairHeld"]["marketFair"]["salesYuan"], "12500.00",
        "{held}"
    );
    let not_its_own = app
        .gql(&association, HELD, json!({ "i": { "id": id(&by_member) } }))
        .await;
    assert_eq!(
        error_code(&not_its_own),
        Some("FORBIDDEN"),
        "associations read their members' fairs"
    );
    app.gql(&member, HELD, json!({ "i": { "id": id(&by_member) } }))
        .await;

    let after = app
        .gql(&association, COMPLIANCE, json!({ "y": year }))
        .await;
    let rows = after["data"]["marketFairCompliance"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(rows.len(), 1, "an association sees its own figure: {after}");
    assert_eq!(rows[0]["held"], 2);
    assert_eq!(rows[0]["compliant"], true);
    assert_eq!(rows[0]["shortfall"], 0);
    let shenzhen = app
        .gql(&app.platform(), COMPLIANCE, json!({ "y": year }))
        .await;
    let sz = shenzhen["data"]["marketFairCompliance"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|r| r["association"]["name"] == "深圳协会")
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        (
            sz["held"].clone(),
            sz["compliant"].clone(),
            sz["shortfall"].clone()
        ),
        (json!(0), json!(false), json!(2))
    );
}

#[tokio::test]
async fn a_page_of_fairs_resolves_its_relations_in_a_bounded_number_of_statements() {
    let app = crate::helpers::spawn_counting().await;
    let campaign = current_campaign(&app).await;
    let a = tenant(&app, "合肥", "340100").await;
    let association = app.association_admin(a.association);
    for i in 0..12 {
        let project = if i % 2 == 0 {
            Some(gid("Project", a.project))
        } else {
            None
        };
        let body = app
            .gql(&association, FAIR, json!({ "i": { "campaignId": campaign, "name": format!("第{i}场市集"), "projectId": project, "address": "市民广场", "startsOn": date(today(), 2) } }))
            .await;
        assert_eq!(
            body["data"]["createMarketFair"]["userErrors"],
            json!([]),
            "{body}"
        );
    }
    let query = "query($n: Int!) { marketFairs(first: $n) { nodes { name campaign { name phases { name } targets { unit } } association { name } enterprise { name } project { name enterprise { name } } } } }";
    let token = app.platform();
    let mut counts = Vec::new();
    for n in [2, 12] {
        let before = app.running.state.metrics.statements();
        let body = app.gql(&token, query, json!({ "n": n })).await;
        assert!(body["errors"].is_null(), "{body}");
        assert_eq!(
            body["data"]["marketFairs"]["nodes"]
                .as_array()
                .map(Vec::len),
            Some(n)
        );
        counts.push(app.running.state.metrics.statements() - before);
    }
    // The page, then one statement per relation (campaign, phases, targets, association,
    // project, project.enterprise): seven at most; an N+1 would take a dozen or more.
    assert!(
        counts.iter().all(|c| *c <= 7),
        "statements must not grow with the page size: {counts:?}"
    );
}

/// A fair, an event and a county visit organised by a member enterprise name the campaign, the
/// enterprise and its association through one set of fields; a fair and an event say where and
/// when they take place through another.
#[tokio::test]
async fn fairs_events_and_visits_name_their_organisers_alike() {
    let app = spawn_shifted().await;
    let campaign = current_campaign(&app).await;
    let t = tenant(&app, "合肥", "340100").await;
    let member = app.enterprise_admin(t.enterprise);
    let pingwu = "510727";
    app.gql(&app.platform(), "mutation($i: MarkPovertyCountyInput!) { markPovertyCounty(input: $i) { userErrors { code } } }", json!({ "i": { "regionCode": pingwu, "contiguousArea": "秦巴山区", "exitedYear": 2019 } })).await;
    let organisers = "campaign { id } association { id } enterprise { id }";
    let venue = "project { id } address startsOn endsOn";
    let expected = json!({
        "campaign": { "id": campaign },
        "association": { "id": gid("Association", t.association) },
        "enterprise": { "id": gid("Enterprise", t.enterprise) },
    });
    let project = gid("Project", t.project);

    let fair = app
        .gql(
            &member,
            &format!("mutation($i: CreateMarketFairInput!) {{ createMarketFair(input: $i) {{ marketFair {{ {organisers} {venue} }} userErrors {{ field code }} }} }}"),
            json!({ "i": { "campaignId": campaign, "name": "社区市集", "projectId": project, "address": "市民广场", "startsOn": date(today(), 2) } }),
        )
        .await;
    let starts = date(today(), 30);
    let event = app
        .gql(
            &member,
            &format!("mutation($i: ApplyForCommunityEventInput!) {{ applyForCommunityEvent(input: $i) {{ communityEvent {{ {organisers} {venue} }} userErrors {{ field code }} }} }}"),
            json!({ "i": { "campaignId": campaign, "title": "品鉴会", "projectId": project, "address": "会所", "startsOn": starts, "tastingProducts": ["平武高山绿茶"], "expectedAttendance": 200 } }),
        )
        .await;
    let visit = app
        .gql(
            &member,
            &format!("mutation($i: CreateCountyVisitInput!) {{ createCountyVisit(input: $i) {{ countyVisit {{ {organisers} }} userErrors {{ field code }} }} }}"),
            json!({ "i": { "campaignId": campaign, "countyCode": pingwu, "startsOn": date(today(), -3), "participantCount": 6, "ownerRepresentativeCount": 3, "selectedProducts": [{ "name": "高山绿茶" }] } }),
        )
        .await;
    let fair = &fair["data"]["createMarketFair"]["marketFair"];
    let event = &event["data"]["applyForCommunityEvent"]["communityEvent"];
    let visit = &visit["data"]["createCountyVisit"]["countyVisit"];
    for (row, what) in [(fair, "fair"), (event, "event"), (visit, "visit")] {
        for field in ["campaign", "association", "enterprise"] {
            assert_eq!(row[field], expected[field], "{what}: {row}");
        }
    }
    assert_eq!(
        (&fair["project"]["id"], &fair["address"], &fair["startsOn"]),
        (
            &json!(project),
            &json!("市民广场"),
            &json!(date(today(), 2))
        ),
        "{fair}"
    );
    assert_eq!(fair["endsOn"], fair["startsOn"], "{fair}");
    assert_eq!(
        (
            &event["project"]["id"],
            &event["address"],
            &event["startsOn"]
        ),
        (&json!(project), &json!("会所"), &json!(starts)),
        "{event}"
    );
}
