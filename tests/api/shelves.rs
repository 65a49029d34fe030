//! The catalogue is served from shelves held in memory; these tests prove it is never stale.
//! Each one warms the shelf first (and checks that the warm read came from memory), then makes
//! one kind of change and reads again at once.

use std::time::{Duration, Instant};

use chrono::{NaiveTime, TimeDelta};
use kernel::clock::CAMPAIGN_OFFSET;
use serde_json::{Value, json};

use crate::catalogue::{CATALOGUE, household, household_token, names, put_listing, zone};
use crate::helpers::{Tenant, TestApp, spawn_shifted, spawn_with, tenant, uuid_of};
use crate::products::{PINGWU, active_product, certify, supplier, supplier_token, uscc};

struct Zone {
    t: Tenant,
    store: String,
    supplier: uuid::Uuid,
    product: String,
    certification: String,
    resident: String,
}

/// A zone with one certified product on its shelf, read once by a resident (the shelf is warm).
async fn warm_zone(app: &TestApp) -> Zone {
    let t = tenant(app, "合肥", "340100").await;
    let supplier = supplier(app, 1).await;
    let product = active_product(app, supplier, "平武高山绿茶", 8800).await;
    let certification = certify(app, supplier, &product).await;
    let store = zone(app, &t).await;
    put_listing(app, &t, &store, &product, json!({})).await;
    let resident = household_token(app, &t, household(app, &t).await);
    let z = Zone {
        t,
        store,
        supplier,
        product,
        certification,
        resident,
    };
    assert_eq!(names(&read(app, &z).await), ["平武高山绿茶"]);
    let hits = app.running.state.shelves.stats().hits;
    assert_eq!(names(&read(app, &z).await), ["平武高山绿茶"]);
    assert!(
        app.running.state.shelves.stats().hits > hits,
        "the second read must come from the shelf held in memory"
    );
    z
}

async fn read(app: &TestApp, z: &Zone) -> Value {
    app.gql(&z.resident, CATALOGUE, json!({})).await
}

fn first(body: &Value) -> &Value {
    &body["data"]["catalogue"]["nodes"][0]
}

#[tokio::test]
async fn a_price_change_and_a_listing_taken_off_the_shelf_show_on_the_next_request() {
    let app = spawn_shifted().await;
    let z = warm_zone(&app).await;
    put_listing(
        &app,
        &z.t,
        &z.store,
        &z.product,
        json!({ "storePrice": 7900 }),
    )
    .await;
    assert_eq!(first(&read(&app, &z).await)["priceYuan"], "79.00");
    put_listing(
        &app,
        &z.t,
        &z.store,
        &z.product,
        json!({ "onShelf": false }),
    )
    .await;
    assert!(names(&read(&app, &z).await).is_empty());
    put_listing(&app, &z.t, &z.store, &z.product, json!({ "onShelf": true })).await;
    assert_eq!(names(&read(&app, &z).await), ["平武高山绿茶"]);
}

#[tokio::test]
async fn product_and_supplier_edits_show_on_the_next_request() {
    let app = spawn_shifted().await;
    let z = warm_zone(&app).await;
    let token = supplier_token(&app, z.supplier);
    let body = app.gql(&token, "mutation($i: UpdateProductInput!) { updateProduct(input: $i) { userErrors { code } } }", json!({ "i": { "id": z.product, "name": "平武明前绿茶", "category": "TEA_AND_DRINKS", "unit": "罐", "netWeight": 250, "price": 8800 } })).await;
    assert_eq!(
        body["data"]["updateProduct"]["userErrors"],
        json!([]),
        "{body}"
    );
    assert_eq!(names(&read(&app, &z).await), ["平武明前绿茶"]);

    let body = app.gql(&app.platform(), "mutation($i: UpdateSupplierInput!) { updateSupplier(input: $i) { userErrors { code } } }", json!({ "i": { "id": format!("gid://yijin/Supplier/{}", z.supplier), "name": "平武县茶叶合作社", "kind": "COOPERATIVE", "uscc": uscc(1), "countyCode": PINGWU } })).await;
    assert_eq!(
        body["data"]["updateSupplier"]["userErrors"],
        json!([]),
        "{body}"
    );
    assert_eq!(
        first(&read(&app, &z).await)["product"]["supplier"]["name"],
        "平武县茶叶合作社"
    );
}

#[tokio::test]
async fn stock_running_out_and_coming_back_shows_on_the_next_request() {
    let app = spawn_shifted().await;
    let z = warm_zone(&app).await;
    let token = supplier_token(&app, z.supplier);
    let adjust =
        "mutation($i: AdjustStockInput!) { adjustStock(input: $i) { userErrors { code } } }";
    app.gql(
        &token,
        adjust,
        json!({ "i": { "productId": z.product, "delta": -100, "reason": "盘点" } }),
    )
    .await;
    assert_eq!(first(&read(&app, &z).await)["product"]["inStock"], false);
    app.gql(
        &token,
        adjust,
        json!({ "i": { "productId": z.product, "delta": 5, "reason": "入库" } }),
    )
    .await;
    assert_eq!(first(&read(&app, &z).await)["product"]["inStock"], true);
}

#[tokio::test]
async fn a_suspended_certification_and_a_store_no_longer_serving_the_project_hide_the_listing() {
    let app = spawn_shifted().await;
    let z = warm_zone(&app).await;
    let body = app.gql(&app.platform(), "mutation($i: CertificationCommentInput!) { suspendCertification(input: $i) { certification { state } } }", json!({ "i": { "id": z.certification, "comment": "抽检不合格" } })).await;
    assert_eq!(
        body["data"]["suspendCertification"]["certification"]["state"], "SUSPENDED",
        "{body}"
    );
    assert!(names(&read(&app, &z).await).is_empty());

    let app = spawn_shifted().await;
    let z = warm_zone(&app).await;
    let body = app.gql(&app.enterprise_admin(z.t.enterprise), "mutation($i: SetStoreProjectsInput!) { setStoreProjects(input: $i) { userErrors { code } } }", json!({ "i": { "storeId": z.store, "projectIds": [] } })).await;
    assert_eq!(
        body["data"]["setStoreProjects"]["userErrors"],
        json!([]),
        "{body}"
    );
    assert!(names(&read(&app, &z).await).is_empty());
}

#[tokio::test]
async fn a_certification_lapses_from_the_shelf_at_midnight_shanghai_time() {
    let app = spawn_shifted().await;
    let z = warm_zone(&app).await;
    let clock = &app.running.state.clock;
    // `certify` lists for a year from yesterday: the last valid day is today + 365.
    let last_day = clock.today() + TimeDelta::days(365);
    let just_before = last_day
        .and_time(NaiveTime::from_hms_opt(23, 59, 58).unwrap())
        .and_local_timezone(CAMPAIGN_OFFSET)
        .unwrap()
        .to_utc();
    clock.advance(just_before - clock.now());
    assert_eq!(names(&read(&app, &z).await), ["平武高山绿茶"]);
    let hits = app.running.state.shelves.stats().hits;
    clock.advance(TimeDelta::seconds(3));
    assert!(names(&read(&app, &z).await).is_empty());
    assert!(
        app.running.state.shelves.stats().hits > hits,
        "the lapse needs no rebuild: the shelf decides by date"
    );
}

#[tokio::test]
async fn a_write_made_outside_the_server_shows_within_the_check_interval() {
    use products::entity::listing;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
    let app = spawn_shifted().await;
    let z = warm_zone(&app).await;
    // Another process (the CLI, a second instance, a hand-written fix) changes the price: this
    // server's process commits nothing, so only the version check can notice.
    let other = kernel::db::connect(&app.database_url(), 1).await.unwrap();
    let listing = uuid_of(&first(&read(&app, &z).await)["id"]);
    listing::Entity::update_many()
        .col_expr(listing::Column::StorePriceFen, Expr::value(6600i64))
        .filter(listing::Column::Id.eq(listing))
        .exec(&other)
        .await
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        if first(&read(&app, &z).await)["priceYuan"] == "66.00" {
            break;
        }
        assert!(Instant::now() < deadline, "the change never showed");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_change_on_one_instance_shows_on_another_within_a_second() {
    let app = spawn_shifted().await;
    let z = warm_zone(&app).await;
    let second = app.second_instance().await;
    let read_second = || async {
        let response = app
            .client
            .post(format!("http://{}/graphql", second.addr))
            .bearer_auth(&z.resident)
            .json(&json!({ "query": CATALOGUE, "variables": {} }))
            .send()
            .await
            .unwrap();
        response.json::<Value>().await.unwrap()
    };
    assert_eq!(names(&read_second().await), ["平武高山绿茶"]);
    assert_eq!(names(&read_second().await), ["平武高山绿茶"]);
    put_listing(
        &app,
        &z.t,
        &z.store,
        &z.product,
        json!({ "onShelf": false }),
    )
    .await;
    let changed = Instant::now();
    loop {
        if names(&read_second().await).is_empty() {
            break;
        }
        assert!(
            changed.elapsed() < Duration::from_secs(1),
            "the second instance still shows the listing a second later"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_warm_page_costs_at_most_one_statement_and_a_cold_one_at_most_three() {
    // No background work on this server: every statement counted is the page's.
    let app = spawn_with(|c| {
        c.clock = kernel::Clock::shifted();
        c.ledger.sealer = false;
        c.webhooks.worker = false;
        c.orders.sweep_interval = Duration::from_secs(3600);
    })
    .await;
    let z = warm_zone(&app).await;
    let metrics = &app.running.state.metrics;
    // The sweeps' first rounds may land inside one read on a busy machine: the least of three
    // reads is the page's own cost.
    let mut warm = u64::MAX;
    for _ in 0..3 {
        let before = metrics.statements();
        read(&app, &z).await;
        warm = warm.min(metrics.statements() - before);
    }
    assert!(warm <= 1, "a warm page ran {warm} statements");

    // Projects read for the first time by a platform token: version, project, shelf.
    let mut cold = u64::MAX;
    for (name, city) in [("芜湖", "340200"), ("蚌埠", "340300"), ("淮南", "340400")] {
        let other = tenant(&app, name, city).await;
        let project = format!("gid://yijin/Project/{}", other.project);
        let before = metrics.statements();
        let body = app
            .gql(&app.platform(), CATALOGUE, json!({ "p": project }))
            .await;
        assert!(body["data"]["catalogue"].is_object(), "{body}");
        cold = cold.min(metrics.statements() - before);
    }
    assert!(cold <= 3, "a cold page ran {cold} statements");
}

#[tokio::test]
async fn the_in_memory_project_rule_agrees_with_the_database_for_every_role() {
    let app = spawn_shifted().await;
    let z = warm_zone(&app).await;
    let other = tenant(&app, "芜湖", "340200").await;
    let other_resident = household_token(&app, &other, household(&app, &other).await);
    let tokens = [
        app.platform(),
        app.enterprise_admin(z.t.enterprise),
        app.enterprise_app(z.t.enterprise),
        app.enterprise_admin(other.enterprise),
        app.enterprise_app(other.enterprise),
        app.association_admin(z.t.association),
        app.association_admin(other.association),
        z.resident.clone(),
        other_resident,
        supplier_token(&app, z.supplier),
    ];
    let project = format!("gid://yijin/Project/{}", z.t.project);
    for token in &tokens {
        let direct = app
            .gql(
                token,
                "query($p: ID!) { project(id: $p) { id } }",
                json!({ "p": project }),
            )
            .await;
        let may_read = direct["data"]["project"].is_object();
        let shelf = app.gql(token, CATALOGUE, json!({ "p": project })).await;
        let served = shelf["data"]["catalogue"].is_object();
        assert_eq!(
            served, may_read,
            "catalogue and project(id:) disagree: {direct} vs {shelf}"
        );
        if !served {
            crate::helpers::assert_hidden(&shelf, "catalogue");
        }
    }
}
