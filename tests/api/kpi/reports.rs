//! Progress reports pre-fill their sales from the ledger.

use serde_json::json;

use super::*;
use crate::helpers::spawn_shifted;

#[tokio::test]
async fn a_monthly_report_prefills_the_associations_sealed_sales() {
    let app = spawn_shifted().await;
    let (hefei, _, _) = three_cities(&app).await;
    let association = format!("gid://yijin/Association/{}", hefei.tenant.association);
    let admin = app.association_admin(hefei.tenant.association);
    let body = app
        .gql(
            &admin,
            "query($c: ID!, $a: ID) { progressReportDraft(campaignId: $c, kind: MONTHLY, associationId: $a, periodStart: \"2019-06-01\") { periodEnd figures { sales salesYuan weight } } }",
            json!({ "c": CAMPAIGN, "a": association }),
        )
        .await;
    let figures = &body["data"]["progressReportDraft"]["figures"];
    // 合肥 sold 4 cans of 250 g at 30 yuan in June; 深圳 and 芜湖 are other associations.
    assert_eq!(figures["salesYuan"], "120.00", "{body}");
    assert_eq!(figures["weight"], 1000, "{body}");
    let may = app
        .gql(
            &admin,
            "query($c: ID!) { progressReportDraft(campaignId: $c, kind: MONTHLY, periodStart: \"2019-05-01\") { figures { sales } } }",
            json!({ "c": CAMPAIGN }),
        )
        .await;
    assert_eq!(
        may["data"]["progressReportDraft"]["figures"]["sales"], 0,
        "{may}"
    );

    let filed = app
        .gql(
            &admin,
            "mutation($i: FileProgressReportInput!) { fileProgressReport(input: $i) { progressReport { figures { salesYuan weight } } userErrors { field code } } }",
            json!({ "i": { "campaignId": CAMPAIGN, "kind": "MONTHLY", "periodStart": "2019-06-01", "highlights": "六月市集" } }),
        )
        .await;
    let report = &filed["data"]["fileProgressReport"]["progressReport"];
    assert_eq!(report["figures"]["salesYuan"], "120.00", "{filed}");
    assert_eq!(report["figures"]["weight"], 1000, "{filed}");
}

/// A missing report, the draft for its period and the report filed from that draft show which
/// report it is (kind, association, period) through one shared set of fields; a scorecard's
/// phase shows a phase's name and dates as the campaign's phase does.
#[tokio::test]
async fn reports_drafts_and_missing_reports_name_their_period_alike() {
    let app = spawn_shifted().await;
    three_cities(&app).await;
    let platform = app.platform();
    let slot = "kind association { id } periodStart periodEnd";
    let missing = format!(
        "query($c: ID!) {{ missingProgressReports(campaignId: $c, kind: WEEKLY) {{ {slot} }} }}"
    );
    let before = app.gql(&platform, &missing, json!({ "c": CAMPAIGN })).await;
    let rows = before["data"]["missingProgressReports"].as_array().unwrap();
    // The service team's weekly reports: no association.
    let expected = rows.first().expect("a missing weekly report").clone();
    assert_eq!(expected["kind"], "WEEKLY", "{before}");
    assert_eq!(expected["association"], json!(null), "{before}");
    let start = expected["periodStart"].as_str().unwrap();

    let draft = app
        .gql(
            &platform,
            &format!("query($c: ID!, $p: Date!) {{ progressReportDraft(campaignId: $c, kind: WEEKLY, periodStart: $p) {{ {slot} }} }}"),
            json!({ "c": CAMPAIGN, "p": start }),
        )
        .await;
    assert_eq!(draft["data"]["progressReportDraft"], expected, "{draft}");

    let filed = app
        .gql(
            &platform,
            &format!("mutation($i: FileProgressReportInput!) {{ fileProgressReport(input: $i) {{ progressReport {{ {slot} }} userErrors {{ field code }} }} }}"),
            json!({ "i": { "campaignId": CAMPAIGN, "kind": "WEEKLY", "periodStart": start, "highlights": "周报" } }),
        )
        .await;
    let report = &filed["data"]["fileProgressReport"]["progressReport"];
    assert_eq!(report, &expected, "{filed}");
    let after = app.gql(&platform, &missing, json!({ "c": CAMPAIGN })).await;
    let left = after["data"]["missingProgressReports"].as_array().unwrap();
    assert!(!left.contains(&expected), "{after}");
    assert_eq!(left.len() + 1, rows.len(), "{after}");

    let body = app
        .gql(
            &platform,
            "query($c: ID!) { campaign(id: $c) { phases { id name startsOn endsOn } } scorecard(campaignId: $c) { phases { phaseId name startsOn endsOn } } }",
            json!({ "c": CAMPAIGN }),
        )
        .await;
    let phases = body["data"]["campaign"]["phases"].as_array().unwrap();
    let scored = body["data"]["scorecard"]["phases"].as_array().unwrap();
    assert!(!scored.is_empty(), "{body}");
    for s in scored {
        let phase = phases.iter().find(|p| p["id"] == s["phaseId"]).unwrap();
        for field in ["name", "startsOn", "endsOn"] {
            assert_eq!(phase[field], s[field], "{body}");
        }
    }
}
