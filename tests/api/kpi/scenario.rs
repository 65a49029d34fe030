//! `yijin generate --scenario hefei` at a small size, read back through the API: the seed's
//! published outcome (合肥 first of 57 cities with 45 enterprises and about 46万斤) is what the
//! ranking computes, and it equals a fresh GROUP BY over the raw entries.

use gateway::generate::{Options, Scenario, generate};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::json;

use super::*;
use crate::helpers::spawn_app;

const RANKING: &str = r#"query($c: ID!, $d: RankingDimension!, $s: KpiScope, $t: Int = 100) { ranking(campaignId: $c, dimension: $d, scope: $s, top: $t) { total rows { rank key name jin } } }"#;

fn jin(row: &serde_json::Value) -> f64 {
    row["jin"].as_str().unwrap().parse().unwrap()
}

/// Every index and constraint of the ledger's tables (and every foreign key onto them), with
/// its definition as the database reports it.
async fn ledger_schema(db: &sea_orm::DatabaseConnection) -> Vec<(String, String)> {
    let backend = db.get_database_backend();
    let sql = match backend {
        sea_orm::DatabaseBackend::Postgres => {
            "SELECT conname AS name, conrelid::regclass::text || ' ' || pg_get_constraintdef(oid) \
             AS def FROM pg_constraint WHERE conrelid::regclass::text LIKE 'ledger%' \
             OR confrelid::regclass::text LIKE 'ledger%' UNION ALL \
             SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index \
             WHERE indrelid::regclass::text LIKE 'ledger%' ORDER BY 1, 2"
        }
        _ => {
            "SELECT name, COALESCE(sql, '') AS def FROM sqlite_master \
             WHERE tbl_name LIKE 'ledger%' ORDER BY 1, 2"
        }
    };
    db.query_all_raw(Statement::from_string(backend, sql))
        .await
        .unwrap()
        .iter()
        .map(|row| {
            (
                row.try_get("", "name").unwrap(),
                row.try_get("", "def").unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn the_hefei_scenario_ranks_hefei_first_of_57_cities_by_jin() {
    let app = spawn_app().await;
    let db = &app.running.state.db;
    let options = Options {
        scenario: Scenario::Hefei,
        enterprises: 150,
        communities: 400,
        households: 3_000,
        suppliers: 20,
        entries: 4_000,
        ..Options::default()
    };
    let schema = ledger_schema(db).await;
    assert!(schema.len() >= 20, "{schema:#?}");
    let done = generate(db, &options, |_: &str, _: u64, _: u64| {})
        .await
        .unwrap();
    assert_eq!((done.cities, done.entries), (57, 4_000));
    // On PostgreSQL the entries and rollups were loaded without their indexes and keys: every
    // one is back, with its name and definition, and validated (no `NOT VALID`).
    assert_eq!(ledger_schema(db).await, schema);

    let reporter = app.token(kernel::Role::Reporter, None, None);
    let body = app
        .gql(&reporter, RANKING, json!({ "c": CAMPAIGN, "d": "CITY" }))
        .await;
    let ranking = &body["data"]["ranking"];
    assert_eq!(ranking["total"], 57, "{body}");
    let rows = ranking["rows"].as_array().unwrap();
    assert_eq!(
        (
            rows[0]["rank"].as_u64(),
            rows[0]["key"].as_str(),
            rows[0]["name"].as_str()
        ),
        (Some(1), Some("340100"), Some("合肥市")),
        "{body}"
    );
    // About 46万斤: within one product unit (at most 5 kg) of 460,000 jin.
    assert!((jin(&rows[0]) - 460_000.0).abs() <= 10.0, "{}", rows[0]);
    assert!(jin(&rows[1]) < jin(&rows[0]) * 0.9, "{}", rows[1]);

    // The ranking the API computes is the raw entries' GROUP BY.
    let backend = db.get_database_backend();
    let raw = db
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT city_code, CAST(SUM(grams) AS BIGINT) AS grams FROM ledger_entry \
             GROUP BY city_code ORDER BY 2 DESC, 1",
        ))
        .await
        .unwrap();
    assert_eq!(raw.len(), 57);
    for (row, api) in raw.iter().zip(rows) {
        let code: String = row.try_get("", "city_code").unwrap();
        let grams: i64 = row.try_get("", "grams").unwrap();
        assert_eq!(api["key"].as_str(), Some(code.as_str()));
        assert!(
            (jin(api) - grams as f64 / 500.0).abs() < 0.01,
            "{api} {grams}"
        );
    }

    // 45 enterprises of 合肥 sold, ranked within the city from the CITY_ENTERPRISE rollups.
    let body = app
        .gql(
            &reporter,
            RANKING,
            json!({ "c": CAMPAIGN, "d": "ENTERPRISE", "s": { "cityCode": "340100" } }),
        )
        .await;
    assert_eq!(body["data"]["ranking"]["total"], 45, "{body}");
}
