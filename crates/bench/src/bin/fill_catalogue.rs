//! `yijin-fill-catalogue`: adds N projects to the demo enterprise that runs a zone, each served
//! by a zone of its own listing L of the demo's certified products, for measuring the
//! catalogue's shelves at size (`yijin seed --demo` first). Default: 1,000 projects × 10
//! listings = 10,000 listings.
//!
//! ```sh
//! DATABASE_URL=sqlite://data/yijin.db cargo run --release -p bench --bin yijin-fill-catalogue
//! ```

use std::time::Instant;

use anyhow::Context;
use chrono::Utc;
use clap::Parser;
use participants::entity::project::{self, PropertyType};
use products::entity::certification::{self, CertificationState};
use products::entity::product::{self, ProductStatus};
use products::entity::store::{self, StoreKind};
use products::entity::{listing, store_project};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set};

#[derive(Parser, Debug)]
#[command(
    name = "yijin-fill-catalogue",
    about = "Adds projects with zones and listings"
)]
struct Args {
    /// The database (as for `yijin serve`).
    #[arg(long, env = "DATABASE_URL")]
    database_url: String,
    #[arg(long, default_value_t = 1_000)]
    projects: usize,
    /// Listings per project (at most the number of certified active products).
    #[arg(long, default_value_t = 10)]
    listings: usize,
}

const ROWS_PER_INSERT: usize = 200;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let db = kernel::db::connect(&args.database_url, 2)
        .await
        .context("connect")?;
    let zone = store::Entity::find()
        .filter(store::Column::Kind.eq(StoreKind::Zone))
        .one(&db)
        .await?
        .context("no zone: seed the database first (yijin seed --demo)")?;
    let enterprise = zone.enterprise_id;
    let city = project::Entity::find()
        .filter(project::Column::EnterpriseId.eq(enterprise))
        .one(&db)
        .await?
        .context("the zone's enterprise has no project")?
        .city_code;
    let listed: Vec<_> = certification::Entity::find()
        .filter(certification::Column::State.eq(CertificationState::Listed))
        .all(&db)
        .await?
        .into_iter()
        .map(|c| c.product_id)
        .collect();
    let mut sellable: Vec<_> = product::Entity::find()
        .filter(product::Column::Status.eq(ProductStatus::Active))
        .filter(product::Column::Id.is_in(listed))
        .all(&db)
        .await?
        .into_iter()
        .map(|p| p.id)
        .collect();
    sellable.sort_unstable();
    sellable.dedup();
    anyhow::ensure!(!sellable.is_empty(), "no certified active product to list");
    let per_project = args.listings.min(sellable.len());
    let started = Instant::now();
    let now = Utc::now();
    let mut projects = Vec::new();
    let mut stores = Vec::new();
    let mut serving = Vec::new();
    let mut listings = Vec::new();
    for i in 0..args.projects {
        let (project_id, store_id) = (kernel::new_id(), kernel::new_id());
        projects.push(project::ActiveModel {
            id: Set(project_id),
            enterprise_id: Set(enterprise),
            city_code: Set(city.clone()),
            name: Set(format!("基准小区{i:05}")),
            property_type: Set(PropertyType::Residential),
            address: Set(None),
            household_count: Set(500),
            contact_name: Set(None),
            contact_phone: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
        });
        stores.push(store::ActiveModel {
            id: Set(store_id),
            enterprise_id: Set(enterprise),
            kind: Set(StoreKind::Zone),
            name: Set(format!("基准专区{i:05}")),
            created_at: Set(now),
            updated_at: Set(now),
        });
        serving.push(store_project::ActiveModel {
            id: Set(kernel::new_id()),
            store_id: Set(store_id),
            project_id: Set(project_id),
            enterprise_id: Set(enterprise),
        });
        for (k, product) in sellable
            .iter()
            .cycle()
            .skip(i)
            .take(per_project)
            .enumerate()
        {
            listings.push(listing::ActiveModel {
                id: Set(kernel::new_id()),
                store_id: Set(store_id),
                enterprise_id: Set(enterprise),
                product_id: Set(*product),
                store_price_fen: Set(None),
                sort_order: Set(i32::try_from(k).unwrap_or(0)),
                featured: Set(k == 0),
                on_shelf: Set(true),
                created_at: Set(now),
                updated_at: Set(now),
            });
        }
    }
    let txn = kernel::db::begin_write(&db).await?;
    for chunk in projects.chunks(ROWS_PER_INSERT) {
        project::Entity::insert_many(chunk.to_vec())
            .exec(&txn)
            .await?;
    }
    for chunk in stores.chunks(ROWS_PER_INSERT) {
        store::Entity::insert_many(chunk.to_vec())
            .exec(&txn)
            .await?;
    }
    for chunk in serving.chunks(ROWS_PER_INSERT) {
        store_project::Entity::insert_many(chunk.to_vec())
            .exec(&txn)
            .await?;
    }
    for chunk in listings.chunks(ROWS_PER_INSERT) {
        listing::Entity::insert_many(chunk.to_vec())
            .exec(&txn)
            .await?;
    }
    kernel::db::finish(txn, Ok(())).await?;
    eprintln!(
        "added {} projects, {} zones, {} listings in {:.1}s",
        projects.len(),
        stores.len(),
        listings.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
