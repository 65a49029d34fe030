//! Campaigns over HTTP: the calendar, both enlistment forms by the right roles, the 28-day and
//! closing-report rules on a server whose clock the test moves, the two-fairs figure, and
//! tenant isolation for every campaigns type.

use chrono::{Days, NaiveDate, TimeDelta, Utc};
use serde_json::{Value, json};

pub(super) use crate::helpers::spawn_shifted;
use crate::helpers::{TestApp, error_code, spawn_app, tenant};

mod activities;
mod enlistment;
mod tenancy;

pub(super) const SEEDED: &str = "gid://yijin/Campaign/0169d632-1400-7000-8000-000000000001";

/// Today on the campaign calendar (the server's clock starts at the system time).
pub(super) fn today() -> NaiveDate {
    (Utc::now() + TimeDelta::hours(8)).date_naive()
}

pub(super) fn date(day: NaiveDate, offset: i64) -> String {
    let shifted = if offset >= 0 {
        day.checked_add_days(Days::new(offset.unsigned_abs()))
    } else {
        day.checked_sub_days(Days::new(offset.unsigned_abs()))
    };
    shifted.unwrap_or(day).format("%Y-%m-%d").to_string()
}

/// A campaign around today (the seeded one is over), created by the platform.
pub(super) async fn current_campaign(app: &TestApp) -> String {
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
pub(super) fn user_errors(payload: &Value) -> Vec<String> {
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

pub(super) fn gid(kind: &str, id: uuid::Uuid) -> String {
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
    assert_eq!(c["phaseOn"]["name"], "第一阶段：广泛参与");
    assert_eq!(
        c["phasesOn"],
        json!([{ "kind": "RALLY" }, { "kind": "PILOT" }, { "kind": "PHASE" }])
    );
    let moment = &body["data"]["campaignPhaseAt"];
    assert_eq!(
        moment["date"], "2019-09-01",
        "midnight in Shanghai is 16:00 UTC"
    );
    assert_eq!(moment["phase"]["name"], "第二阶段：重点攻坚");
    assert_eq!(body["data"]["node"]["name"], "社区的力量");

    let anonymous: Value = app
        .post(None, "{ campaigns { name } }", json!({}))
        .await
        .json()
        .await
        .unwrap_or_default();
    assert_eq!(error_code(&anonymous), Some("UNAUTHENTICATED"));
}
