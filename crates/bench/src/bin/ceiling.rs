//! `yijin-ceiling`: the ceiling the benchmark compares yijin with — a bare async-graphql schema
//! on the same axum stack, answering `{ __typename }` and a catalogue page of the same shape as
//! yijin's from memory, with no authentication, limits, database or transport of its own.
//!
//! ```sh
//! cargo run --release -p bench --bin yijin-ceiling -- --addr 127.0.0.1:18091
//! ```

use std::sync::Arc;

use async_graphql::{EmptyMutation, EmptySubscription, ID, Object, Schema, SimpleObject};
use axum::Json;
use axum::extract::State;
use axum::routing::{get, post};
use clap::Parser;

#[derive(Parser, Debug)]
struct Args {
    #[arg(long, default_value = "127.0.0.1:18091")]
    addr: String,
}

#[derive(SimpleObject, Clone)]
#[graphql(name = "Region")]
struct Region {
    name: String,
    display_name: String,
}

#[derive(SimpleObject, Clone)]
struct Supplier {
    name: String,
}

#[derive(SimpleObject, Clone)]
struct Badge {
    certificate_no: String,
    valid_to: String,
}

#[derive(SimpleObject, Clone)]
struct Product {
    name: String,
    jin_per_unit: String,
    in_stock: bool,
    images: Vec<String>,
    origin: Region,
    supplier: Supplier,
    certification: Badge,
}

#[derive(SimpleObject, Clone)]
struct Listing {
    id: ID,
    price_yuan: String,
    price_per_jin: String,
    featured: bool,
    product: Product,
}

#[derive(SimpleObject, Clone)]
struct PageInfo {
    has_next_page: bool,
    end_cursor: Option<String>,
}

#[derive(SimpleObject, Clone)]
struct Page {
    total_count: u64,
    page_info: PageInfo,
    nodes: Vec<Listing>,
}

struct Query {
    listings: Arc<Vec<Listing>>,
}

#[Object]
impl Query {
    async fn catalogue(&self, #[graphql(name = "projectId")] _project: ID, first: i32) -> Page {
        let n = usize::try_from(first).unwrap_or(0).min(self.listings.len());
        Page {
            total_count: self.listings.len() as u64,
            page_info: PageInfo {
                has_next_page: n < self.listings.len(),
                end_cursor: Some(n.to_string()),
            },
            nodes: self.listings[..n].to_vec(),
        }
    }
}

fn listings() -> Vec<Listing> {
    (0..36)
        .map(|i| Listing {
            id: ID(format!(
                "gid://yijin/Listing/00000000-0000-7000-8000-{i:012}"
            )),
            price_yuan: format!("{}.00", 20 + i),
            price_per_jin: format!("{}.00", 40 + 2 * i),
            featured: i % 5 == 0,
            product: Product {
                name: format!("平武高山绿茶{i}号"),
                jin_per_unit: "0.5".into(),
                in_stock: true,
                images: vec![format!("https://img.example.cn/{i}.jpg")],
                origin: Region {
                    name: "平武县".into(),
                    display_name: "四川省绵阳市平武县".into(),
                },
                supplier: Supplier {
                    name: "平武县第一合作社".into(),
                },
                certification: Badge {
                    certificate_no: format!("FP-2020-{i:04}"),
                    valid_to: "2027-12-01".into(),
                },
            },
        })
        .collect()
}

type Ceiling = Schema<Query, EmptyMutation, EmptySubscription>;

async fn graphql(
    State(schema): State<Ceiling>,
    Json(request): Json<async_graphql::Request>,
) -> Json<async_graphql::Response> {
    Json(schema.execute(request).await)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let schema = Schema::new(
        Query {
            listings: Arc::new(listings()),
        },
        EmptyMutation,
        EmptySubscription,
    );
    let app = axum::Router::new()
        .route("/graphql", post(graphql))
        .route("/healthz", get(|| async { "ok" }))
        .with_state(schema);
    let listener = tokio::net::TcpListener::bind(&args.addr).await?;
    axum::serve(listener, app).await?;
    Ok(())
}
