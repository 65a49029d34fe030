//! The CSV exports over HTTP: headers in Chinese (English on request), the caller's scope, the
//! national platform's columns, and formula injection neutralised.

use serde_json::json;

use super::*;
use crate::helpers::spawn_shifted;
use crate::products::active_product;

async fn get(app: &TestApp, token: Option<&str>, path: &str) -> (u16, String) {
    let mut request = app.client.get(app.url(path));
    if let Some(t) = token {
        request = request.bearer_auth(t);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

fn lines(body: &str) -> Vec<&str> {
    body.trim_start_matches('\u{feff}').lines().collect()
}

#[tokio::test]
async fn entries_csv_has_chinese_headers_and_only_the_callers_rows() {
    let app = spawn_shifted().await;
    let (_, shenzhen, _) = three_cities(&app).await;
    let (status, body) = get(&app, Some(&app.platform()), "/exports/entries.csv").await;
    assert_eq!(status, 200, "{body}");
    assert!(
        body.starts_with('\u{feff}'),
        "a BOM so that Excel reads UTF-8"
    );
    let all = lines(&body);
    assert!(all[0].starts_with("条目ID,类型,来源"), "{}", all[0]);
    assert_eq!(all.len(), 4, "{body}");

    let own = app.enterprise_admin(shenzhen.tenant.enterprise);
    let (_, body) = get(&app, Some(&own), "/exports/entries.csv?lang=en").await;
    let rows = lines(&body);
    assert!(rows[0].starts_with("entryId,kind,source"), "{}", rows[0]);
    assert_eq!(rows.len(), 2, "only 深圳's own sale: {body}");
    assert!(rows[1].contains("深圳物业"), "{body}");

    let (_, body) = get(&app, Some(&own), "/exports/entries.csv?columns=national").await;
    let rows = lines(&body);
    assert_eq!(
        rows[0],
        "产品名称,供应商统一社会信用代码,是否认定产品,渠道类型,金额（元）,数量,日期"
    );
    let cells: Vec<&str> = rows[1].split(',').collect();
    // Certified only from the test's today on, so not on the day of this 2019 sale.
    assert_eq!(
        &cells[2..],
        ["否", "专柜", "60.00", "2", "2019-06-04"],
        "{body}"
    );

    let (status, _) = get(&app, None, "/exports/entries.csv").await;
    assert_eq!(status, 401);
    let (status, _) = get(&app, Some(&own), "/exports/nothing.csv").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn a_name_that_is_a_formula_is_exported_as_text() {
    let app = spawn_shifted().await;
    let shop = crate::ledger::shop(&app, "合肥", "340100", 1).await;
    let supplier = crate::products::supplier(&app, 2).await;
    let evil = active_product(&app, supplier, "=HYPERLINK(\"http://x\",\"茶\")", 3000).await;
    let evil_shop = Shop {
        tenant: shop.tenant,
        product: evil,
    };
    campaign_sale(&app, &evil_shop, 1, "2019-06-03T10:00:00+08:00").await;
    wait_until_sealed(&app).await;
    let (_, body) = get(
        &app,
        Some(&app.platform()),
        "/exports/entries.csv?columns=national",
    )
    .await;
    let row = lines(&body)[1].to_owned();
    assert!(
        row.starts_with("\"'=HYPERLINK("),
        "the cell starts with an apostrophe: {row}"
    );
}

#[tokio::test]
async fn rankings_and_scorecard_csv_follow_the_scope_rules() {
    let app = spawn_shifted().await;
    let (hefei, shenzhen, _) = three_cities(&app).await;
    let reporter = app.token(kernel::Role::Reporter, None, None);
    let (status, body) = get(
        &app,
        Some(&reporter),
        &format!("/exports/rankings.csv?campaignId={CAMPAIGN}&dimension=CITY&period=MONTH&periodKey=2019-06"),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let rows = lines(&body);
    assert_eq!(rows[0], "名次,键,名称,斤,金额（元）,参与家庭");
    assert_eq!(rows[1], "1,340100,合肥市,2,120.00,0");
    assert_eq!(rows.len(), 4);

    let (status, body) = get(
        &app,
        Some(&reporter),
        &format!("/exports/scorecard.csv?campaignId={CAMPAIGN}&lang=en"),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let rows = lines(&body);
    assert_eq!(rows[0], "phase,figure,value,target,percent");
    assert!(rows.contains(&"whole campaign,jin,4,,"), "{body}");
    assert!(
        rows.contains(&"whole campaign,communitiesWithSales,3,10000,0.0"),
        "{body}"
    );

    let outsider = app.enterprise_admin(shenzhen.tenant.enterprise);
    let other = format!("gid://yijin/Association/{}", hefei.tenant.association);
    for file in ["rankings", "scorecard"] {
        let (status, body) = get(
            &app,
            Some(&outsider),
            &format!("/exports/{file}.csv?campaignId={CAMPAIGN}&associationId={other}"),
        )
        .await;
        assert_eq!(status, 404, "{file}: {body}");
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&body).unwrap()["errors"][0]["extensions"]["code"],
            json!("NOT_FOUND"),
            "{body}"
        );
    }
}

/// `unzip` (Info-ZIP, an independent ZIP implementation) checks the archive's structure and
/// every CRC, then prints the worksheet.
fn unzip_sheet(bytes: &[u8]) -> String {
    let path = std::env::temp_dir().join(format!("yijin-export-{}.xlsx", uuid::Uuid::now_v7()));
    std::fs::write(&path, bytes).unwrap();
    let test = std::process::Command::new("unzip")
        .arg("-tq")
        .arg(&path)
        .output()
        .unwrap_or_else(|e| panic!("unzip must be installed (apt: unzip): {e}"));
    let sheet = std::process::Command::new("unzip")
        .arg("-p")
        .arg(&path)
        .arg("xl/worksheets/sheet1.xml")
        .output()
        .unwrap();
    let listing = std::process::Command::new("unzip")
        .arg("-Z1")
        .arg(&path)
        .output()
        .unwrap();
    std::fs::remove_file(&path).unwrap();
    assert!(
        test.status.success(),
        "{}",
        String::from_utf8_lossy(&test.stdout)
    );
    let listing = String::from_utf8(listing.stdout).unwrap();
    for part in [
        "[Content_Types].xml",
        "_rels/.rels",
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
    ] {
        assert!(listing.lines().any(|l| l == part), "{part} in {listing}");
    }
    String::from_utf8(sheet.stdout).unwrap()
}

/// The text of each row's cells.
fn cells(sheet: &str) -> Vec<Vec<String>> {
    sheet
        .split("<row>")
        .skip(1)
        .map(|row| {
            row.split("<t xml:space=\"preserve\">")
                .skip(1)
                .map(|c| c.split("</t>").next().unwrap().to_owned())
                .collect()
        })
        .collect()
}

#[tokio::test]
async fn xlsx_exports_hold_the_same_rows_as_the_csv() {
    let app = spawn_shifted().await;
    let (_, shenzhen, _) = three_cities(&app).await;
    let own = app.enterprise_admin(shenzhen.tenant.enterprise);
    let response = app
        .client
        .get(app.url("/exports/entries.xlsx?columns=national"))
        .bearer_auth(&own)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let sheet = unzip_sheet(&response.bytes().await.unwrap());
    let rows = cells(&sheet);
    assert_eq!(rows.len(), 2, "{sheet}");
    assert_eq!(rows[0][0], "产品名称");
    assert_eq!(&rows[1][2..], ["否", "专柜", "60.00", "2", "2019-06-04"]);

    let reporter = app.token(kernel::Role::Reporter, None, None);
    let response = app
        .client
        .get(app.url(&format!(
            "/exports/rankings.xlsx?campaignId={CAMPAIGN}&dimension=CITY&lang=en"
        )))
        .bearer_auth(&reporter)
        .send()
        .await
        .unwrap();
    let rows = cells(&unzip_sheet(&response.bytes().await.unwrap()));
    assert_eq!(
        rows[0],
        ["rank", "key", "name", "jin", "yuan", "households"]
    );
    assert_eq!(rows[1][..3], ["1", "340100", "合肥市"]);
    assert_eq!(rows.len(), 4);
}
