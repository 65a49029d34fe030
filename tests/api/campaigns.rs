//! Campaigns over HTTP: the calendar, both enlistment forms by the right roles, the 28-day and
//! closing-report rules on a server whose clock the test moves, the two-fairs figure, and
//! tenant isolation for every campaigns type.

use chrono::{Days, NaiveDate, TimeDelta, Utc};
use kernel::Role;
use serde_json::{Value, json};

use crate::helpers::{Tenant, TestApp, error_code, spawn_app, spawn_with, tenant};

const SEEDED: &str = "gid://yijin/Campaign/0169d632-1400-7000-8000-000000000001";

async fn spawn_shifted() -> TestApp {
    spawn_with(|c| c.clock = kernel::Clock::shifted()).await
}

/// Today on the campaign calendar (the server's clock starts at the system time).
fn today() -> NaiveDate {
    (Utc::now() + TimeDelta::hours(8)).date_naive()
}

fn date(day: NaiveDate, offset: i64) -> String {
    let shifted = if offset >= 0 {
        day.checked_add_days(Days::new(offset.unsigned_abs()))
    } else {
        day.checked_sub_days(Days::new(offset.unsigned_abs()))
    };
    shifted.unwrap_or(day).format("%Y-%m-%d").to_string()
}

/// A campaign around today (the seeded one is over), created by the platform.
async fn current_campaign(app: &TestApp) -> String {
    let t = today();
    let body = app
        .gql(
            &app.platform(),
            "mutation($i: CreateCampaignInput!) { createCampaign(input: $i) { campaign { id status } userErrors { field code } } }",
            json!({ "i": {
                "name": "社区的力量·续", "slogan": "带一斤回家",
                "startsOn": date(t, -10), "endsOn": date(t, 400),
                "phases": [{ "kind": "PHASE", "name": "持续推进", "startsOn": date(t, -10), "endsOn": date(t, 400) }],
                "targets": [{ "kind": "MARKET_FAIRS", "value": 100, "unit": "场" }]
            } }),
        )
        .await;
    let payload = &body["data"]["createCampaign"];
    assert_eq!(payload["userErrors"], json!([]), "{body}");
    assert_eq!(payload["campaign"]["status"], "ACTIVE");
    payload["campaign"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// `field.path CODE` of every user error, sorted.
fn user_errors(payload: &Value) -> Vec<String> {
    let mut out: Vec<String> = payload["userErrors"]
        .as_array()
        .map(|list| {
            list.iter()
                .map(|e| {
                    let path: Vec<&str> = e["field"]
                        .as_array()
                        .map(|f| f.iter().filter_map(Value::as_str).collect())
                        .unwrap_or_default();
                    format!(
                        "{} {}",
                        path.join("."),
                        e["code"].as_str().unwrap_or_default()
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

fn gid(kind: &str, id: uuid::Uuid) -> String {
    format!("gid://yijin/{kind}/{id}")
}

#[tokio::test]
async fn the_seeded_campaign_shows_its_phases_and_targets_and_which_phase_a_day_is_in() {
    let app = spawn_app().await;
    let t = tenant(&app, "合肥", "340100").await;
    let body = app
        .gql(
            &app.enterprise_admin(t.enterprise),
            "query($id: ID!) { campaign(id: $id) { name slogan startsOn endsOn status phases { kind name } targets { kind value unit }
               phaseOn(date: \"2019-05-05\") { name } phasesOn(date: \"2019-05-05\") { kind } }
               campaignPhaseAt(at: \"2019-08-31T16:00:00Z\") { date phase { name } campaign { name } }
               node(id: $id) { id ... on Campaign { name } } }",
            json!({ "id": SEEDED }),
        )
        .await;
    assert!(body["errors"].is_null(), "{body}");
    let c = &body["data"]["campaign"];
    assert_eq!(c["name"], "社区的力量");
    assert_eq!(
        (c["startsOn"].clone(), c["endsOn"].clone()),
        (json!("2019-04-01"), json!("2020-10-31"))
    );
    assert_eq!(c["status"], "ENDED");
    assert_eq!(c["phases"].as_array().map(Vec::len), Some(9));
    assert_eq!(c["phases"][0]["kind"], "SIGN_UP");
    assert_eq!(c["phases"][8]["kind"], "CLOSING");
    assert_eq!(c["targets"].as_array().map(Vec::len), Some(6));
    assert!(
        c["targets"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|t| t["kind"] == "COMMUNITIES_JOINED" && t["value"] == 10_000)
    );
    assert_eq!(c["phaseOn"]["name"], "第一阶段：全面参与");
    assert_eq!(
        c["phasesOn"],
        json!([{ "kind": "RALLY" }, { "kind": "PILOT" }, { "kind": "PHASE" }])
    );
    let moment = &body["data"]["campaignPhaseAt"];
    assert_eq!(
        moment["date"], "2019-09-01",
        "midnight in Shanghai is 16:00 UTC"
    );
    assert_eq!(moment["phase"]["name"], "第二阶段：重点推进");
    assert_eq!(body["data"]["node"]["name"], "社区的力量");

    let anonymous: Value = app
        .post(None, "{ campaigns { name } }", json!({}))
        .await
        .json()
        .await
        .unwrap_or_default();
    assert_eq!(error_code(&anonymous), Some("UNAUTHENTICATED"));
}

const SAVE_ASSOCIATION: &str = "mutation($i: SaveAssociationEnlistmentInput!) { saveAssociationEnlistment(input: $i) { enlistment { id state } userErrors { field code message } } }";
const SAVE_ENTERPRISE: &str = "mutation($i: SaveEnterpriseEnlistmentInput!) { saveEnterpriseEnlistment(input: $i) { enlistment { id state } userErrors { field code message } } }";
const SUBMIT: &str = "mutation($i: EnlistmentIdInput!) { submitEnlistment(input: $i) { enlistment { state } userErrors { field code message } } }";
const CONFIRM: &str = "mutation($i: EnlistmentIdInput!) { confirmEnlistment(input: $i) { enlistment { state } userErrors { field code } } }";
const RETURN: &str = "mutation($i: ReturnEnlistmentInput!) { returnEnlistment(input: $i) { enlistment { state returnReason } userErrors { field code } } }";

#[tokio::test]
async fn both_enlistment_forms_are_drafted_submitted_returned_and_confirmed_by_the_right_roles() {
    let app = spawn_app().await;
    let t = tenant(&app, "合肥", "340100").await;
    let association = app.association_admin(t.association);
    let enterprise = app.enterprise_admin(t.enterprise);

    let saved = app
        .gql(
            &association,
            SAVE_ASSOCIATION,
            json!({ "i": { "campaignId": SEEDED, "form": {} } }),
        )
        .await;
    let id = saved["data"]["saveAssociationEnlistment"]["enlistment"]["id"].clone();
    assert_eq!(
        saved["data"]["saveAssociationEnlistment"]["enlistment"]["state"], "DRAFT",
        "{saved}"
    );
    let submitted = app
        .gql(&association, SUBMIT, json!({ "i": { "id": id } }))
        .await;
    assert_eq!(
        user_errors(&submitted["data"]["submitEnlistment"]),
        vec![
            "input.form.fairMonths CHOICE_REQUIRED",
            "input.form.lead.name BLANK",
            "input.form.lead.phone BLANK",
            "input.form.liaison.name BLANK",
            "input.form.liaison.phone BLANK",
            "input.form.pledgeAccepted PLEDGE_REQUIRED",
            "input.form.povertyRegions CHOICE_REQUIRED",
        ],
        "{submitted}"
    );
    let form = json!({
        "povertyRegions": ["510727"], "featuredProducts": [{ "name": "平武高山绿茶", "regionCode": "510727" }],
        "lead": { "name": "赵国强", "position": "秘书长", "phone": "13800138001", "email": "zhao@hfwy.org.cn" },
        "liaison": { "name": "孙丽", "phone": "13900139001" },
        "promotionTalks": [{ "date": "2019-05-20", "format": "ONSITE", "topic": "消费扶贫推介会" }],
        "fairMonths": ["2019-06", "2019-10"], "pledgeAccepted": true
    });
    app.gql(
        &association,
        SAVE_ASSOCIATION,
        json!({ "i": { "campaignId": SEEDED, "form": form } }),
    )
    .await;
    let submitted = app
        .gql(&association, SUBMIT, json!({ "i": { "id": id } }))
        .await;
    assert_eq!(
        submitted["data"]["submitEnlistment"]["enlistment"]["state"], "SUBMITTED",
        "{submitted}"
    );
    let own_confirm = app
        .gql(&association, CONFIRM, json!({ "i": { "id": id } }))
        .await;
    assert_eq!(
        error_code(&own_confirm),
        Some("FORBIDDEN"),
        "the platform decides association forms"
    );
    let returned = app
        .gql(
            &app.platform(),
            RETURN,
            json!({ "i": { "id": id, "reason": "请补充对口支援地区" } }),
        )
        .await;
    assert_eq!(
        returned["data"]["returnEnlistment"]["enlistment"]["state"], "RETURNED",
        "{returned}"
    );
    app.gql(&association, SUBMIT, json!({ "i": { "id": id } }))
        .await;
    let confirmed = app
        .gql(&app.platform(), CONFIRM, json!({ "i": { "id": id } }))
        .await;
    assert_eq!(
        confirmed["data"]["confirmEnlistment"]["enlistment"]["state"], "CONFIRMED",
        "{confirmed}"
    );

    let saved = app
        .gql(&enterprise, SAVE_ENTERPRISE, json!({ "i": { "campaignId": SEEDED, "form": { "platforms": ["APP"], "participatingProjectCount": 2 } } }))
        .await;
    let eid = saved["data"]["saveEnterpriseEnlistment"]["enlistment"]["id"].clone();
    let submitted = app
        .gql(&enterprise, SUBMIT, json!({ "i": { "id": eid } }))
        .await;
    assert_eq!(
        user_errors(&submitted["data"]["submitEnlistment"]),
        vec![
            "input.form.communityActivities CHOICE_REQUIRED",
            "input.form.participatingProjectCount PROJECT_COUNT_MISMATCH",
            "input.form.publicity CHOICE_REQUIRED",
        ],
        "{submitted}"
    );
    let form = json!({ "publicityOnline": ["WECHAT_OFFICIAL_ACCOUNT"], "platforms": ["HOSTED_OPERATION"], "communityActivities": ["ZONE"], "participatingProjectCount": 1 });
    app.gql(
        &enterprise,
        SAVE_ENTERPRISE,
        json!({ "i": { "campaignId": SEEDED, "form": form } }),
    )
    .await;
    let submitted = app
        .gql(&enterprise, SUBMIT, json!({ "i": { "id": eid } }))
        .await;
    assert_eq!(
        submitted["data"]["submitEnlistment"]["enlistment"]["state"], "SUBMITTED",
        "{submitted}"
    );
    let self_confirm = app
        .gql(&enterprise, CONFIRM, json!({ "i": { "id": eid } }))
        .await;
    assert_eq!(error_code(&self_confirm), Some("FORBIDDEN"));
    let by_association = app
        .gql(&association, CONFIRM, json!({ "i": { "id": eid } }))
        .await;
    assert_eq!(
        by_association["data"]["confirmEnlistment"]["enlistment"]["state"], "CONFIRMED",
        "{by_association}"
    );

    let reporter = app.token(Role::Reporter, None, None);
    let forbidden = app
        .gql(
            &reporter,
            SAVE_ENTERPRISE,
            json!({ "i": { "campaignId": SEEDED, "form": {} } }),
        )
        .await;
    assert_eq!(error_code(&forbidden), Some("FORBIDDEN"));
    let list = app.gql(&association, "{ enlistments { totalCount nodes { kind state enterprise { name } history { toState } } } }", json!({})).await;
    assert_eq!(
        list["data"]["enlistments"]["totalCount"], 2,
        "its own and its member's: {list}"
    );
}

const APPLY: &str = "mutation($i: ApplyForCommunityEventInput!) { applyForCommunityEvent(input: $i) { communityEvent { id state } userErrors { field code message } } }";
const CLOSE: &str = "mutation($i: FileClosingReportInput!) { fileClosingReport(input: $i) { communityEvent { state overdue } closingReport { attendance salesYuan photoUrls } userErrors { field code } } }";

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

const FAIR: &str = "mutation($i: CreateMarketFairInput!) { createMarketFair(input: $i) { marketFair { id association { id } } userErrors { field code } } }";
const HELD: &str = "mutation($i: RecordMarketFairHeldInput!) { recordMarketFairHeld(input: $i) { marketFair { status salesYuan } userErrors { field code } } }";
const COMPLIANCE: &str = "query($y: Int!) { marketFairCompliance(year: $y) { association { name } year held planned required compliant onTrack shortfall } }";

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
            assert_eq!(error_code(&body), Some("NOT_FOUND"), "{field}: {body}");
            let node = app
                .gql(
                    &token,
                    "query($id: ID!) { node(id: $id) { id } }",
                    json!({ "id": id }),
                )
                .await;
            assert_eq!(error_code(&node), Some("NOT_FOUND"), "node {field}: {node}");
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

#[tokio::test]
async fn a_page_of_fairs_resolves_its_relations_in_a_bounded_number_of_statements() {
    let app = spawn_shifted().await;
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
