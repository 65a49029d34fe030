//! `yijin-fill-ledger`: appends N synthetic ledger entries to a seeded database (`yijin seed
//! --demo` first), in multi-row INSERTs, for measuring reads and exports at size. The entries
//! are spread over the demo's enterprises, projects and days of phase 1; they are not sealed
//! (an entries export lists them either way). For a whole campaign, sealed and rolled up, use
//! `yijin generate`, whose bulk writer this shares.
//!
//! ```sh
//! DATABASE_URL=sqlite://data/yijin.db cargo run -p bench --bin yijin-fill-ledger -- --rows 1000000
//! ```

use std::time::Instant;

use anyhow::Context;
use chrono::{Duration, NaiveDate, TimeZone, Utc};
use clap::Parser;
use ledger::entity::entry;
use ledger::{Channel, EntryKind, Source};
use participants::entity::project;
use products::entity::product;
use sea_orm::{EntityTrait, Set};
use uuid::Uuid;

#[derive(Parser, Debug)]
#[command(name = "yijin-fill-ledger", about = "Appends synthetic ledger entries")]
struct Args {
    /// The database (as for `yijin serve`).
    #[arg(long, env = "DATABASE_URL")]
    database_url: String,
    #[arg(long, default_value_t = 1_000_000)]
    rows: u64,
}

const ROWS_PER_INSERT: usize = 500;
const ROWS_PER_TXN: usize = 20_000;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let db = kernel::db::connect(&args.database_url, 4)
        .await
        .context("connect")?;
    let products = product::Entity::find().all(&db).await?;
    let projects = project::Entity::find().all(&db).await?;
    anyhow::ensure!(
        !products.is_empty() && !projects.is_empty(),
        "seed the database first (yijin seed --demo)"
    );
    let campaign: Uuid = campaigns::COMMUNITY_POWER_CAMPAIGN_ID;
    let first_day = NaiveDate::from_ymd_opt(2019, 5, 1).context("date")?;
    let started = Instant::now();
    let mut written = 0u64;
    while written < args.rows {
        let txn = kernel::db::begin_write(&db).await?;
        let n = (args.rows - written).min(ROWS_PER_TXN as u64) as usize;
        let rows: Vec<entry::ActiveModel> = (0..n)
            .map(|i| {
                let k = written as usize + i;
                let p = &products[k % products.len()];
                let j = &projects[(k * 7) % projects.len()];
                let day = first_day + Duration::days((k % 120) as i64);
                let at = Utc.from_utc_datetime(&day.and_hms_opt(4, 0, 0).unwrap_or_default());
                entry::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    kind: Set(EntryKind::Sale),
                    reverses_id: Set(None),
                    source: Set(Source::OrderLine),
                    source_ref: Set(format!("fill-{k}")),
                    campaign_id: Set(Some(campaign)),
                    phase_id: Set(None),
                    counted_on: Set(day),
                    occurred_at: Set(at),
                    recorded_at: Set(at),
                    recorded_by: Set("fill".into()),
                    quantity: Set(1),
                    grams: Set(p.net_weight_grams),
                    fen: Set(p.price_fen),
                    product_id: Set(p.id),
                    supplier_id: Set(p.supplier_id),
                    county_code: Set(p.origin_county_code.clone()),
                    province_code: Set(format!("{}0000", &p.origin_county_code[..2])),
                    certified: Set(!k.is_multiple_of(3)),
                    enterprise_id: Set(Some(j.enterprise_id)),
                    project_id: Set(Some(j.id)),
                    city_code: Set(Some(j.city_code.clone())),
                    association_id: Set(None),
                    household_id: Set(None),
                    team_id: Set(None),
                    channel: Set(Channel::Counter),
                }
            })
            .collect();
        gateway::generate::insert_chunked(&txn, rows, ROWS_PER_INSERT).await?;
        txn.commit().await?;
        written += n as u64;
        eprint!("\r{written}/{} entries", args.rows);
    }
    eprintln!(
        "\n{} entries in {:.1} s",
        written,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
