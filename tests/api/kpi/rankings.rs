//! Rankings, the scorecard and "where am I" over GraphQL.

use serde_json::json;

use super::*;
use crate::helpers::{assert_hidden, error_code, spawn_shifted};

const RANKING: &str = r#"query($c: ID!, $d: RankingDimension!, $p: RollupPeriod = ALL, $k: String = "", $s: KpiScope, $t: Int = 10) { ranking(campaignId: $c, dimension: $d, period: $p, periodKey: $k, scope: $s, top: $t) { dimension total rows { rank key id name value jin yuan households } } }"#;

#[tokio::test]
async fn city_ranking_shares_places_and_names_the_cities() {
    let app = spawn_shifted().await;
    let (hefei, _, _) = three_cities(&app).await;
    let reporter = app.token(kernel::Role::Reporter, None, None);
    let body = app
        .gql(
            &reporter,
            RANKING,
            json!({ "c": CAMPAIGN, "d": "CITY", "p": "MONTH", "k": "2019-06", "t": 2 }),
        )
        .await;
    let ranking = &body["data"]["ranking"];
    assert_eq!(ranking["total"], 3, "{body}");
    let rows: Vec<(u64, &str, &str)> = ranking["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["rank"].as_u64().unwrap(),
                r["name"].as_str().unwrap(),
                r["jin"].as_str().unwrap(),
            )
        })
        .collect();
    // Top 2 keeps both cities tied for second.
    assert_eq!(
        rows,
        vec![(1, "合肥市", "2"), (2, "芜湖市", "1"), (2, "深圳市", "1")],
        "{ranking}"
    );
    // Within 安徽 (34): 合肥 and 芜湖 only; an enterprise ranking names the company by id.
    let body = app
        .gql(
            &reporter,
            RANKING,
            json!({ "c": CAMPAIGN, "d": "ENTERPRISE", "s": { "provinceCode": "340000" } }),
        )
        .await;
    let rows = body["data"]["ranking"]["rows"].as_array().unwrap().clone();
    assert_eq!(rows.len(), 2, "{body}");
    assert_eq!(
        rows[0]["id"],
        format!("gid://yijin/Enterprise/{}", hefei.tenant.enterprise)
    );
    assert_eq!(rows[0]["name"], "合肥物业");
    // A period key that does not fit the period is the caller's mistake.
    let bad = app
        .gql(
            &reporter,
            RANKING,
            json!({ "c": CAMPAIGN, "d": "CITY", "p": "MONTH", "k": "June" }),
        )
        .await;
    assert_eq!(error_code(&bad), Some("BAD_USER_INPUT"), "{bad}");
    assert_eq!(
        bad["errors"][0]["extensions"]["problems"][0]["field"],
        json!(["periodKey"])
    );
}

#[tokio::test]
async fn another_associations_ranking_is_null_like_a_missing_one() {
    let app = spawn_shifted().await;
    let (hefei, shenzhen, _) = three_cities(&app).await;
    let outsider = app.enterprise_admin(shenzhen.tenant.enterprise);
    let scope =
        json!({ "associationId": format!("gid://yijin/Association/{}", hefei.tenant.association) });
    let body = app
        .gql(
            &outsider,
            RANKING,
            json!({ "c": CAMPAIGN, "d": "PROJECT", "s": scope }),
        )
        .await;
    assert_hidden(&body, "ranking");
    let card = app
        .gql(
            &outsider,
            "query($c: ID!, $s: KpiScope) { scorecard(campaignId: $c, scope: $s) { whole { jin } } }",
            json!({ "c": CAMPAIGN, "s": scope }),
        )
        .await;
    assert_hidden(&card, "scorecard");
    // Its own association is fine.
    let own = json!({ "associationId": format!("gid://yijin/Association/{}", shenzhen.tenant.association) });
    let body = app
        .gql(
            &outsider,
            RANKING,
            json!({ "c": CAMPAIGN, "d": "PROJECT", "s": own }),
        )
        .await;
    assert_eq!(body["data"]["ranking"]["total"], 1, "{body}");
}

#[tokio::test]
async fn scorecard_and_my_ranks_read_the_sealed_sales() {
    let app = spawn_shifted().await;
    let (hefei, _, _) = three_cities(&app).await;
    let body = app
        .gql(
            &app.platform(),
            "query($c: ID!) { scorecard(campaignId: $c) { whole { jin yuan fairsHeld { value target percent } communitiesWithSales { value target percent } } phases { name card { jin } } } }",
            json!({ "c": CAMPAIGN }),
        )
        .await;
    let card = &body["data"]["scorecard"];
    assert_eq!(card["whole"]["jin"], "4", "{body}");
    assert_eq!(card["whole"]["yuan"], "240.00");
    assert_eq!(
        card["whole"]["communitiesWithSales"],
        json!({ "value": 3, "target": 10000, "percent": 0.0 })
    );
    assert_eq!(card["whole"]["fairsHeld"]["target"], 100);
    let phase_one = card["phases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "第一阶段：广泛参与")
        .unwrap();
    assert_eq!(phase_one["card"]["jin"], "4");

    let admin = app.enterprise_admin(hefei.tenant.enterprise);
    let body = app
        .gql(
            &admin,
            "query($c: ID!) { myRanks(campaignId: $c) { dimension scope name rank of value gapToAbove } }",
            json!({ "c": CAMPAIGN }),
        )
        .await;
    let mine = body["data"]["myRanks"].as_array().unwrap();
    assert!(!mine.is_empty(), "{body}");
    assert!(
        mine.iter()
            .all(|m| m["rank"] == 1 && m["name"] == "合肥物业" && m["gapToAbove"].is_null()),
        "{body}"
    );
}
