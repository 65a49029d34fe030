//! HTTP: GraphQL over HTTP on `/graphql` (POST, and GET for queries), GraphiQL in development,
//! graphql-transport-ws on `/graphql/ws`, and the operational endpoints.

mod caller;
mod exports;
mod graphql;
mod wire;
mod ws;

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::schema::Schemas;
use crate::state::AppState;
use wire::{Wire, error_response};

#[derive(Clone)]
pub struct Shared {
    pub state: AppState,
    pub schemas: Schemas,
}

pub fn router(state: AppState, schemas: Schemas) -> Router {
    Router::new()
        .route("/graphql", get(graphql::get).post(graphql::post))
        .route("/graphql/ws", get(ws::upgrade))
        .route("/exports/{file}", get(exports::export))
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .fallback(|| async {
            error_response(
                StatusCode::NOT_FOUND,
                Wire::Json,
                "NOT_FOUND",
                "no such endpoint; GraphQL is at /graphql",
                None,
            )
        })
        .method_not_allowed_fallback(|| async {
            let mut response = error_response(
                StatusCode::METHOD_NOT_ALLOWED,
                Wire::Json,
                "METHOD_NOT_ALLOWED",
                "use POST (or GET for queries) on /graphql",
                None,
            );
            response
                .headers_mut()
                .insert(header::ALLOW, header::HeaderValue::from_static("GET, POST"));
            response
        })
        .with_state(Arc::new(Shared { state, schemas }))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(panicked))
}

/// A panic in a handler is a fault like any other: logged, answered as `INTERNAL`.
fn panicked(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("a request handler panicked");
    error_response(
        StatusCode::INTERNAL_SERVER_ERROR,
        Wire::Json,
        "INTERNAL",
        "internal error",
        None,
    )
}

/// An extractor's refusal (a malformed query string, a WebSocket request without an upgrade)
/// in the same shape as every other error.
pub(crate) fn bad_request(message: &str) -> Response {
    error_response(
        StatusCode::BAD_REQUEST,
        Wire::Json,
        "BAD_REQUEST",
        message,
        None,
    )
}

async fn readyz(State(shared): State<Arc<Shared>>) -> Response {
    if kernel::db::ping(&shared.state.db).await {
        (StatusCode::OK, "ready").into_response()
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unreachable").into_response()
    }
}

async fn metrics(State(shared): State<Arc<Shared>>) -> Response {
    let pool = pool_stats(&shared.state.db);
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        shared.state.metrics.render(pool)
            + &shelf_metrics(shared.state.shelves.stats())
            + &shared.state.admission.stats().render(),
    )
        .into_response()
}

/// The catalogue's shelves: how much they hold and how often a page found its shelf current.
fn shelf_metrics(s: crate::shelves::ShelfStats) -> String {
    format!(
        "# HELP yijin_shelves Project shelves held in memory.\n# TYPE yijin_shelves gauge\nyijin_shelves {}\n\
         # HELP yijin_shelf_listings Listings held in memory over all shelves.\n# TYPE yijin_shelf_listings gauge\nyijin_shelf_listings {}\n\
         # HELP yijin_shelf_hits_total Catalogue pages served from a current shelf.\n# TYPE yijin_shelf_hits_total counter\nyijin_shelf_hits_total {}\n\
         # HELP yijin_shelf_misses_total Catalogue pages that read their shelf from the database.\n# TYPE yijin_shelf_misses_total counter\nyijin_shelf_misses_total {}\n\
         # HELP yijin_shelf_version_reads_total Readings of the catalogue version.\n# TYPE yijin_shelf_version_reads_total counter\nyijin_shelf_version_reads_total {}\n",
        s.shelves, s.listings, s.hits, s.misses, s.version_reads
    )
}

fn pool_stats(db: &sea_orm::DatabaseConnection) -> Option<(u32, usize)> {
    use sea_orm::DatabaseBackend;
    // The getters panic on the other backend; the match on the backend keeps them total.
    match db.get_database_backend() {
        DatabaseBackend::Postgres => {
            let pool = db.get_postgres_connection_pool();
            Some((pool.size(), pool.num_idle()))
        }
        DatabaseBackend::Sqlite => {
            let pool = db.get_sqlite_connection_pool();
            Some((pool.size(), pool.num_idle()))
        }
        _ => None,
    }
}
