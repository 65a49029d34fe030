//! HTTP: GraphQL over HTTP on `/graphql` (POST, and GET for queries), GraphiQL in development,
//! graphql-transport-ws on `/graphql/ws`, and the operational endpoints.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use async_graphql::http::{ALL_WEBSOCKET_PROTOCOLS, GraphiQLSource};
use async_graphql::{BatchRequest, Data, Request};
use async_graphql_axum::{GraphQLProtocol, GraphQLWebSocket};
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::ws::WebSocketUpgrade;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use kernel::Actor;
use serde_json::json;

use crate::auth::{AuthError, authenticate};
use crate::error::{Lang, RequestInfo};
use crate::schema::YijinSchema;
use crate::schema::limits::{Progress, ReadOnlyRequest};
use crate::schema::loaders::Loaders;
use crate::state::AppState;

const GRAPHQL_RESPONSE_JSON: &str = "application/graphql-response+json";
const JSON: &str = "application/json";

#[derive(Clone)]
pub struct Shared {
    pub state: AppState,
    pub schema: YijinSchema,
}

pub fn router(state: AppState, schema: YijinSchema) -> Router {
    Router::new()
        .route("/graphql", get(graphql_get).post(graphql_post))
        .route("/graphql/ws", get(graphql_ws))
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
        .with_state(Arc::new(Shared { state, schema }))
}

/// The response media type a client accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wire {
    /// `application/graphql-response+json`: HTTP status tells request errors apart.
    GraphqlResponse,
    /// `application/json`: always 200 once the request was understood.
    Json,
}

impl Wire {
    fn content_type(self) -> &'static str {
        match self {
            Wire::GraphqlResponse => GRAPHQL_RESPONSE_JSON,
            Wire::Json => JSON,
        }
    }

    /// GraphQL over HTTP: without an Accept header, answer application/json; prefer
    /// graphql-response+json when the client lists it; refuse what neither covers.
    fn negotiate(headers: &HeaderMap) -> Option<Wire> {
        let Some(accept) = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()) else {
            return Some(Wire::Json);
        };
        let types: Vec<String> = accept
            .split(',')
            .filter(|part| !part.contains("q=0") || part.contains("q=0."))
            .map(|part| {
                part.split(';')
                    .next()
                    .unwrap_or_default()
                    .trim()
                    .to_ascii_lowercase()
            })
            .collect();
        if types.iter().any(|t| t == GRAPHQL_RESPONSE_JSON) {
            Some(Wire::GraphqlResponse)
        } else if types
            .iter()
            .any(|t| t == JSON || t == "application/*" || t == "*/*")
        {
            Some(Wire::Json)
        } else {
            None
        }
    }
}

fn error_response(
    status: StatusCode,
    wire: Wire,
    code: &str,
    message: &str,
    request_id: Option<&str>,
) -> Response {
    let mut body = json!({ "errors": [{ "message": message, "extensions": { "code": code } }] });
    if let Some(id) = request_id {
        body["errors"][0]["extensions"]["requestId"] = json!(id);
    }
    let mut response = (
        status,
        [(header::CONTENT_TYPE, wire.content_type())],
        body.to_string(),
    )
        .into_response();
    if let Some(id) = request_id.and_then(|id| HeaderValue::from_str(id).ok()) {
        response.headers_mut().insert("x-request-id", id);
    }
    response
}

fn bearer(headers: &HeaderMap) -> Option<Result<&str, ()>> {
    let value = headers.get(header::AUTHORIZATION)?;
    let value = value.to_str().map_err(|_| ());
    Some(value.and_then(|v| {
        let (scheme, token) = v.trim().split_once(' ').ok_or(())?;
        if scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty() {
            Ok(token.trim())
        } else {
            Err(())
        }
    }))
}

/// Everything decided before executing: who calls, in which language, under which id.
struct Prepared {
    actor: Option<Actor>,
    info: RequestInfo,
    wire: Wire,
}

async fn prepare(
    shared: &Shared,
    headers: &HeaderMap,
    peer: SocketAddr,
    wire: Wire,
) -> Result<Prepared, Response> {
    let request_id = kernel::new_id().to_string();
    let lang = Lang::from_accept_language(
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    );
    let state = &shared.state;
    let actor = match bearer(headers) {
        None => None,
        Some(Err(())) => {
            let msg = lang.text(
                "Authorization 头格式应为 Bearer <令牌>",
                "the Authorization header must be Bearer <token>",
            );
            return Err(error_response(
                StatusCode::UNAUTHORIZED,
                wire,
                "UNAUTHENTICATED",
                &msg,
                Some(&request_id),
            ));
        }
        Some(Ok(token)) => match authenticate(&state.keys, &state.db, &state.clock, token).await {
            Ok(actor) => Some(actor),
            Err(AuthError::Unavailable) => {
                let msg = lang.text(
                    "暂时无法验证身份",
                    "authentication is unavailable right now",
                );
                return Err(error_response(
                    StatusCode::SERVICE_UNAVAILABLE,
                    wire,
                    "INTERNAL",
                    &msg,
                    Some(&request_id),
                ));
            }
            Err(e) => {
                let msg = lang.text("令牌无效、已过期或已吊销", &e.to_string());
                return Err(error_response(
                    StatusCode::UNAUTHORIZED,
                    wire,
                    "UNAUTHENTICATED",
                    &msg,
                    Some(&request_id),
                ));
            }
        },
    };
    let key = match &actor {
        Some(a) => format!("{}|{}|{:?}|{:?}", a.subject, a.role, a.org, a.household),
        None => format!("ip:{}", peer.ip()),
    };
    if let Err(wait) = state.rate_limiter.check(&key) {
        let msg = lang.text("请求过于频繁，请稍后再试", "too many requests; slow down");
        let mut response = error_response(
            StatusCode::TOO_MANY_REQUESTS,
            wire,
            "RATE_LIMITED",
            &msg,
            Some(&request_id),
        );
        if let Ok(v) = HeaderValue::from_str(&wait.as_secs().max(1).to_string()) {
            response.headers_mut().insert(header::RETRY_AFTER, v);
        }
        return Err(response);
    }
    Ok(Prepared {
        actor,
        info: RequestInfo { request_id, lang },
        wire,
    })
}

fn with_data(
    shared: &Shared,
    prepared: &Prepared,
    mut request: Request,
    progress: &Arc<Progress>,
) -> Request {
    request = request
        .data(shared.state.clone())
        .data(prepared.info.clone())
        .data(Arc::clone(progress))
        .data(Loaders::per_request(
            shared.state.db.clone(),
            shared.state.clock.today(),
            prepared.actor.clone(),
            shared.state.config.loader_delay,
        ));
    if let Some(actor) = &prepared.actor {
        request = request.data(actor.clone());
    }
    request
}

async fn graphql_post(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let started_at = Instant::now();
    let Some(wire) = Wire::negotiate(&headers) else {
        return error_response(
            StatusCode::NOT_ACCEPTABLE,
            Wire::Json,
            "NOT_ACCEPTABLE",
            "accept application/graphql-response+json or application/json",
            None,
        );
    };
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if content_type
        .split(';')
        .next()
        .map(|t| t.trim().to_ascii_lowercase())
        != Some(JSON.to_owned())
    {
        return error_response(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            wire,
            "UNSUPPORTED_MEDIA_TYPE",
            "send the request as Content-Type: application/json",
            None,
        );
    }
    let limit = shared.state.config.limits.max_body_bytes;
    let bytes: Bytes = match axum::body::to_bytes(body, limit).await {
        Ok(bytes) => bytes,
        Err(_) => {
            return error_response(
                StatusCode::PAYLOAD_TOO_LARGE,
                wire,
                "PAYLOAD_TOO_LARGE",
                &format!("the request body is larger than {limit} bytes"),
                None,
            );
        }
    };
    let prepared = match prepare(&shared, &headers, peer, wire).await {
        Ok(p) => p,
        Err(response) => return response,
    };
    let batch: BatchRequest = match serde_json::from_slice(&bytes) {
        Ok(batch) => batch,
        Err(e) => {
            let msg = format!("the body is not a GraphQL request: {e}");
            return error_response(
                StatusCode::BAD_REQUEST,
                wire,
                "BAD_REQUEST",
                &msg,
                Some(&prepared.info.request_id),
            );
        }
    };
    execute(&shared, prepared, batch, started_at).await
}

async fn graphql_get(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Query(params): Query<std::collections::HashMap<String, String>>,
) -> Response {
    let started_at = Instant::now();
    let wants_html = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("text/html"));
    if !params.contains_key("query") {
        if wants_html && shared.state.config.mode == crate::config::Mode::Development {
            return Html(
                GraphiQLSource::build()
                    .endpoint("/graphql")
                    .subscription_endpoint("/graphql/ws")
                    .finish(),
            )
            .into_response();
        }
        return error_response(
            StatusCode::BAD_REQUEST,
            Wire::Json,
            "BAD_REQUEST",
            "GET /graphql needs a query parameter; send mutations with POST",
            None,
        );
    }
    let Some(wire) = Wire::negotiate(&headers) else {
        return error_response(
            StatusCode::NOT_ACCEPTABLE,
            Wire::Json,
            "NOT_ACCEPTABLE",
            "accept application/graphql-response+json or application/json",
            None,
        );
    };
    let prepared = match prepare(&shared, &headers, peer, wire).await {
        Ok(p) => p,
        Err(response) => return response,
    };
    let mut request = Request::new(params.get("query").cloned().unwrap_or_default());
    if let Some(name) = params.get("operationName") {
        request = request.operation_name(name.clone());
    }
    if let Some(vars) = params.get("variables") {
        match serde_json::from_str(vars) {
            Ok(v) => request = request.variables(async_graphql::Variables::from_json(v)),
            Err(_) => {
                return error_response(
                    StatusCode::BAD_REQUEST,
                    wire,
                    "BAD_REQUEST",
                    "variables must be a JSON object",
                    Some(&prepared.info.request_id),
                );
            }
        }
    }
    execute(
        &shared,
        prepared,
        BatchRequest::Single(request.data(ReadOnlyRequest)),
        started_at,
    )
    .await
}

async fn execute(
    shared: &Shared,
    prepared: Prepared,
    batch: BatchRequest,
    started_at: Instant,
) -> Response {
    let limits = &shared.state.config.limits;
    let request_id = prepared.info.request_id.clone();
    let wire = prepared.wire;
    let requests = match batch {
        BatchRequest::Single(r) => vec![r],
        BatchRequest::Batch(list) if list.len() > limits.max_batch || list.is_empty() => {
            let msg = format!("a batch holds 1 to {} operations", limits.max_batch);
            return error_response(
                StatusCode::BAD_REQUEST,
                wire,
                "BATCH_TOO_LARGE",
                &msg,
                Some(&request_id),
            );
        }
        BatchRequest::Batch(list) => list,
    };
    let single = requests.len() == 1;
    let operation = requests
        .first()
        .and_then(|r| r.operation_name.clone())
        .unwrap_or_else(|| "anonymous".into());
    let span = tracing::info_span!("graphql", request_id = %request_id, operation = %operation);
    let mut bodies = Vec::with_capacity(requests.len());
    let mut codes = Vec::new();
    let mut request_error = false;
    for request in requests {
        let progress = Arc::new(Progress::default());
        let request = with_data(shared, &prepared, request, &progress);
        let run = tracing::Instrument::instrument(shared.schema.execute(request), span.clone());
        let Ok(mut response) = tokio::time::timeout(limits.request_timeout, run).await else {
            let msg = prepared
                .info
                .lang
                .text("请求超时", "the request took too long");
            return error_response(
                StatusCode::GATEWAY_TIMEOUT,
                wire,
                "TIMEOUT",
                &msg,
                Some(&request_id),
            );
        };
        let unstarted = !progress.started() && response.is_err();
        if unstarted {
            // Name request errors like every other error, so clients can branch on a code.
            let code = if progress.parsed() {
                "GRAPHQL_VALIDATION_FAILED"
            } else {
                "GRAPHQL_PARSE_FAILED"
            };
            for error in &mut response.errors {
                error.extensions.get_or_insert_with(Default::default);
                if let Some(ext) = error
                    .extensions
                    .as_mut()
                    .filter(|x| x.get("code").is_none())
                {
                    ext.set("code", code);
                }
            }
        }
        codes.extend(response.errors.iter().filter_map(|e| {
            e.extensions
                .as_ref()
                .and_then(|x| x.get("code"))
                .map(|c| c.to_string().trim_matches('"').to_owned())
        }));
        request_error |= unstarted;
        bodies.push(response_json(response, unstarted));
    }
    let status = if codes.iter().any(|c| c == "METHOD_NOT_ALLOWED") {
        StatusCode::METHOD_NOT_ALLOWED
    } else if wire == Wire::GraphqlResponse && single && request_error {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    shared
        .state
        .metrics
        .record(&operation, status.as_u16(), started_at.elapsed(), &codes);
    let body = if single {
        bodies.pop().unwrap_or_default()
    } else {
        serde_json::Value::Array(bodies)
    };
    let mut response = (
        status,
        [(header::CONTENT_TYPE, wire.content_type())],
        body.to_string(),
    )
        .into_response();
    if status == StatusCode::METHOD_NOT_ALLOWED {
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("POST"));
    }
    if let Ok(id) = HeaderValue::from_str(&request_id) {
        response.headers_mut().insert("x-request-id", id);
    }
    response
}

/// A response as JSON; a request that never executed has no `data` entry at all.
fn response_json(response: async_graphql::Response, unstarted: bool) -> serde_json::Value {
    let mut value = serde_json::to_value(&response).unwrap_or_else(
        |_| json!({ "errors": [{ "message": "internal", "extensions": { "code": "INTERNAL" } }] }),
    );
    if unstarted && let Some(map) = value.as_object_mut() {
        map.remove("data");
    }
    value
}

async fn graphql_ws(
    State(shared): State<Arc<Shared>>,
    protocol: GraphQLProtocol,
    upgrade: WebSocketUpgrade,
) -> Response {
    let schema = shared.schema.clone();
    let state = shared.state.clone();
    upgrade
        .protocols(ALL_WEBSOCKET_PROTOCOLS)
        .on_upgrade(move |stream| {
            GraphQLWebSocket::new(stream, schema, protocol)
                .on_connection_init(move |payload| async move {
                    let mut data = Data::default();
                    let token = payload
                        .get("authorization")
                        .or_else(|| payload.get("Authorization"))
                        .and_then(|v| v.as_str())
                        .map(|v| v.trim_start_matches("Bearer ").trim().to_owned());
                    let mut caller = None;
                    if let Some(token) = token {
                        let actor = authenticate(&state.keys, &state.db, &state.clock, &token)
                            .await
                            .map_err(|e| async_graphql::Error::new(e.to_string()))?;
                        caller = Some(actor.clone());
                        data.insert(actor);
                    }
                    data.insert(Loaders::per_request(
                        state.db.clone(),
                        state.clock.today(),
                        caller,
                        state.config.loader_delay,
                    ));
                    data.insert(RequestInfo {
                        request_id: kernel::new_id().to_string(),
                        lang: Lang::Zh,
                    });
                    data.insert(state);
                    Ok(data)
                })
                .serve()
        })
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
        shared.state.metrics.render(pool),
    )
        .into_response()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn accept(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT, HeaderValue::from_str(v).unwrap());
        h
    }

    #[test]
    fn accept_header_picks_the_wire_format() {
        assert_eq!(Wire::negotiate(&HeaderMap::new()), Some(Wire::Json));
        assert_eq!(
            Wire::negotiate(&accept(
                "application/graphql-response+json, application/json;q=0.9"
            )),
            Some(Wire::GraphqlResponse)
        );
        assert_eq!(
            Wire::negotiate(&accept("application/json")),
            Some(Wire::Json)
        );
        assert_eq!(Wire::negotiate(&accept("*/*")), Some(Wire::Json));
        assert_eq!(Wire::negotiate(&accept("text/html")), None);
    }
}
