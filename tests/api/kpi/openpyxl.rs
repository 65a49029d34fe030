//! The XLSX exports read back by openpyxl, a spreadsheet library that shares no code with
//! yijin's writer, run from the test with python3. Without openpyxl the check is skipped with a
//! notice, unless `YIJIN_REQUIRE_OPENPYXL=1` (CI, which installs it) makes its absence a failure.

use std::process::Command;

use serde_json::Value;

use super::*;
use crate::helpers::spawn_shifted;

const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/api/kpi/read_xlsx.py");

/// The first worksheet's rows as openpyxl reads them, or `None` when openpyxl is missing (and
/// not required).
fn read_with_openpyxl(bytes: &[u8]) -> Option<Vec<Vec<String>>> {
    let required = std::env::var("YIJIN_REQUIRE_OPENPYXL").is_ok_and(|v| v == "1");
    let path = std::env::temp_dir().join(format!("yijin-openpyxl-{}.xlsx", Uuid::now_v7()));
    std::fs::write(&path, bytes).unwrap();
    let out = Command::new("python3").arg(SCRIPT).arg(&path).output();
    std::fs::remove_file(&path).unwrap();
    let Ok(out) = out else {
        assert!(
            !required,
            "python3 is needed to read the XLSX with openpyxl"
        );
        eprintln!("NOTICE: python3 not found; openpyxl read-back skipped");
        return None;
    };
    let said = String::from_utf8_lossy(&out.stdout);
    match out.status.code() {
        Some(0) => {
            let read: Value = serde_json::from_str(&said).unwrap();
            assert_eq!(read["sheets"].as_array().map(Vec::len), Some(1), "{said}");
            Some(serde_json::from_value(read["rows"].clone()).unwrap())
        }
        Some(3) => {
            assert!(!required, "the openpyxl Python package is not installed");
            eprintln!(
                "NOTICE: Python package openpyxl not installed \
                 (python3 -m pip install openpyxl); XLSX read-back skipped"
            );
            None
        }
        _ => panic!(
            "openpyxl could not read the export: {said} {}",
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}

async fn download(app: &TestApp, token: &str, path: &str) -> Vec<u8> {
    let response = app
        .client
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{path}");
    response.bytes().await.unwrap().to_vec()
}

#[tokio::test]
async fn openpyxl_reads_the_xlsx_exports_headers_and_rows() {
    let app = spawn_shifted().await;
    let (_, shenzhen, _) = three_cities(&app).await;

    // The enterprise's own entries in the national platform's columns, Chinese headers.
    let own = app.enterprise_admin(shenzhen.tenant.enterprise);
    let bytes = download(&app, &own, "/exports/entries.xlsx?columns=national").await;
    let Some(rows) = read_with_openpyxl(&bytes) else {
        return;
    };
    assert_eq!(
        rows[0],
        [
            "产品名称",
            "供应商统一社会信用代码",
            "是否认定产品",
            "渠道类型",
            "金额（元）",
            "数量",
            "日期"
        ]
    );
    assert_eq!(
        rows.len(),
        2,
        "{rows:?}: one sale of 深圳's, none of the others'"
    );
    assert_eq!(&rows[1][2..], ["否", "专柜", "60.00", "2", "2019-06-04"]);

    // The city ranking in English: 合肥 first, 深圳 and 芜湖 tied second (1, 2, 2).
    let reporter = app.token(kernel::Role::Reporter, None, None);
    let bytes = download(
        &app,
        &reporter,
        &format!("/exports/rankings.xlsx?campaignId={CAMPAIGN}&dimension=CITY&lang=en"),
    )
    .await;
    let rows = read_with_openpyxl(&bytes).unwrap();
    assert_eq!(
        rows[0],
        ["rank", "key", "name", "jin", "yuan", "households"]
    );
    let places: Vec<(&str, &str, &str)> = rows[1..]
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str(), r[3].as_str()))
        .collect();
    assert_eq!(
        places,
        [
            ("1", "340100", "2"),
            ("2", "340200", "1"),
            ("2", "440300", "1")
        ]
    );

    // 合肥's scorecard: its 2 jin for the whole campaign.
    let bytes = download(
        &app,
        &reporter,
        &format!("/exports/scorecard.xlsx?campaignId={CAMPAIGN}&cityCode=340100"),
    )
    .await;
    let rows = read_with_openpyxl(&bytes).unwrap();
    assert_eq!(rows[0], ["阶段", "指标", "实际", "目标", "完成率（%）"]);
    assert!(
        rows.contains(&vec![
            "整个战役".to_owned(),
            "斤".to_owned(),
            "2".to_owned(),
            String::new(),
            String::new()
        ]),
        "{rows:?}"
    );
}
