#![expect(
    clippy::unwrap_used,
    reason = "a fixture that cannot be built must fail the test"
)]

//! KPIs, rankings and exports over HTTP: sales in the campaign's first phase for two cities,
//! sealed, then read back as a ranking, a scorecard, the caller's places and files.

mod exports;
mod live;
mod openpyxl;
mod rankings;
mod reports;
mod scenario;

use chrono::{DateTime, Utc};
use kernel::{Fen, Grams};
use ledger::attribution::{Buyer, Sale, resolve};
use ledger::{Amounts, Channel, Source};
use serde_json::json;
use uuid::Uuid;

use crate::helpers::{TestApp, uuid_of};
use crate::ledger::{Shop, shop, wait_until_sealed};

pub const CAMPAIGN: &str = "gid://yijin/Campaign/0169d632-1400-7000-8000-000000000001";

/// A counter sale of `units` 250 g cans at 30 yuan to a project, on a day of phase 1.
pub async fn campaign_sale(app: &TestApp, shop: &Shop, units: i64, when: &str) {
    let state = &app.running.state;
    let txn = kernel::db::begin_write(&state.db).await.unwrap();
    let sale = Sale {
        source: Source::OrderLine,
        source_ref: Uuid::now_v7().to_string(),
        channel: Channel::Counter,
        occurred_at: DateTime::parse_from_rfc3339(when)
            .unwrap()
            .with_timezone(&Utc),
        product_id: uuid_of(&json!(shop.product)),
        amounts: Amounts::new(units, Grams(250 * units), Fen(3000 * units)),
        buyer: Buyer {
            project_id: Some(shop.tenant.project),
            ..Buyer::default()
        },
        recorded_by: "test-kpi".into(),
    };
    let entries = resolve(&txn, vec![sale]).await.unwrap();
    ledger::record(&txn, entries).await.unwrap();
    sea_orm::TransactionSession::commit(txn).await.unwrap();
    state.ledger_signal.notify();
}

/// 合肥 sells 4 cans, 深圳 2 and 芜湖 2 (a tie for second), all in June 2019, sealed.
pub async fn three_cities(app: &TestApp) -> (Shop, Shop, Shop) {
    let hefei = shop(app, "合肥", "340100", 1).await;
    let shenzhen = shop(app, "深圳", "440300", 2).await;
    let wuhu = shop(app, "芜湖", "340200", 3).await;
    campaign_sale(app, &hefei, 4, "2019-06-03T10:00:00+08:00").await;
    campaign_sale(app, &shenzhen, 2, "2019-06-04T10:00:00+08:00").await;
    campaign_sale(app, &wuhu, 2, "2019-06-05T10:00:00+08:00").await;
    wait_until_sealed(app).await;
    (hefei, shenzhen, wuhu)
}
