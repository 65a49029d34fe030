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
