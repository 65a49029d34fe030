//! GraphQL over HTTP on `/graphql`: POST (and GET for queries), one deadline from the first
//! byte of the body to the response, batches bounded.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use async_graphql::http::GraphiQLSource;
use async_graphql::{BatchRequest, Request};
use axum::body::{Body, Bytes};
use axum::extract::rejection::QueryRejection;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use tokio::time::Instant as Deadline;

use super::Shared;
use super::caller::{Caller, identify};
use super::wire::{JSON, Wire, error_response, not_acceptable};
use crate::schema::limits::{Progress, ReadOnlyRequest, Route};
use crate::schema::loaders::Loaders;

/// Bodies larger than this are decoded on the blocking pool, away from the async workers.
const INLINE_DECODE_BYTES: usize = 64 * 1024;

fn with_data(shared: &Shared, caller: &Caller, mut request: Request) -> Request {
    request = request
        .data(shared.state.clone())
        .data(caller.info.clone())
        .data(Loaders::per_request(
            shared.state.db.clone(),
            shared.state.clock.today(),
            caller.actor.clone(),
            shared.state.config.loader_delay,
        ));
    if let Some(actor) = &caller.actor {
        request = request.data(actor.clone());
    }
    request
}

fn timed_out(caller: &Caller) -> Response {
    let msg = caller
        .info
        .lang
        .text("请求超时", "the request took too long");
    error_response(
        StatusCode::GATEWAY_TIMEOUT,
        caller.wire,
        "TIMEOUT",
        &msg,
        Some(&caller.info.request_id),
    )
}

async fn decode(bytes: Bytes) -> Result<BatchRequest, String> {
    let small = bytes.len() <= INLINE_DECODE_BYTES;
    let parse = move || serde_json::from_slice::<BatchRequest>(&bytes).map_err(|e| e.to_string());
    if small {
        return parse();
    }
    tokio::task::spawn_blocking(parse)
        .await
        .map_err(|_| "the body could not be decoded".to_owned())?
}

pub async fn post(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let started_at = Instant::now();
    let limits = &shared.state.config.limits;
    let deadline = Deadline::now() + limits.request_timeout;
    let Some(wire) = Wire::negotiate(&headers) else {
        return not_acceptable();
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
    let limit = limits.max_body_bytes;
    let read_by = deadline.min(Deadline::now() + shared.state.config.transport.body_read_timeout);
    let bytes = match tokio::time::timeout_at(read_by, axum::body::to_bytes(body, limit)).await {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(_)) => {
            return error_response(
                StatusCode::PAYLOAD_TOO_LARGE,
                wire,
                "PAYLOAD_TOO_LARGE",
                &format!("the request body is larger than {limit} bytes"),
                None,
            );
        }
        Err(_) => {
            return error_response(
                StatusCode::REQUEST_TIMEOUT,
                wire,
                "REQUEST_TIMEOUT",
                "the request body did not arrive in time",
                None,
            );
        }
    };
    let caller = match identify(&shared.state, &headers, peer, wire).await {
        Ok(c) => c,
        Err(response) => return response,
    };
    let batch = match tokio::time::timeout_at(deadline, decode(bytes)).await {
        Ok(Ok(batch)) => batch,
        Ok(Err(e)) => {
            let msg = format!("the body is not a GraphQL request: {e}");
            return error_response(
                StatusCode::BAD_REQUEST,
                wire,
                "BAD_REQUEST",
                &msg,
                Some(&caller.info.request_id),
            );
        }
        Err(_) => return timed_out(&caller),
    };
    execute(&shared, caller, batch, started_at, deadline).await
}

pub async fn get(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    params: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> Response {
    let Ok(Query(params)) = params else {
        return super::bad_request("the query string is not valid URL-encoded UTF-8");
    };
    let started_at = Instant::now();
    let deadline = Deadline::now() + shared.state.config.limits.request_timeout;
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
        return not_acceptable();
    };
    let caller = match identify(&shared.state, &headers, peer, wire).await {
        Ok(c) => c,
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
                    Some(&caller.info.request_id),
                );
            }
        }
    }
    let batch = BatchRequest::Single(request.data(ReadOnlyRequest));
    execute(&shared, caller, batch, started_at, deadline).await
}

async fn execute(
    shared: &Shared,
    caller: Caller,
    batch: BatchRequest,
    started_at: Instant,
    deadline: Deadline,
) -> Response {
    let limits = &shared.state.config.limits;
    let request_id = caller.info.request_id.clone();
    let wire = caller.wire;
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
    // A place in execution, waited for under the request's deadline like the rest of it.
    let Ok(_admitted) = tokio::time::timeout_at(deadline, shared.state.admission.enter()).await
    else {
        return timed_out(&caller);
    };
    let mut bodies = Vec::with_capacity(requests.len());
    let mut codes = Vec::new();
    let mut request_error = false;
    for request in requests {
        let run =
            tracing::Instrument::instrument(run_operation(shared, &caller, request), span.clone());
        let Ok((response, unstarted)) = tokio::time::timeout_at(deadline, run).await else {
            return timed_out(&caller);
        };
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
        format!("[{}]", bodies.join(","))
    };
    let mut response =
        (status, [(header::CONTENT_TYPE, wire.content_type())], body).into_response();
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

/// Runs one operation: an authenticated one on the plain schema when the gate lets it, any
/// other under the document guard. Answers the response and whether it is a request error
/// (refused before execution).
async fn run_operation(
    shared: &Shared,
    caller: &Caller,
    request: Request,
) -> (async_graphql::Response, bool) {
    let schemas = &shared.schemas;
    if caller.actor.is_none() {
        return run_guarded(shared, caller, request).await;
    }
    let routed = schemas
        .gate
        .route(request, &shared.state.metrics, caller.info.lang)
        .await;
    let (schema, checked, request) = match routed {
        Ok(Route::Plain(request, checked)) => (&schemas.plain, Some(checked), request),
        Ok(Route::Validated(request)) => (&schemas.validated, None, request),
        Ok(Route::Guarded(request)) => return run_guarded(shared, caller, request).await,
        Err(refused) => return (async_graphql::Response::from_errors(vec![refused]), true),
    };
    let mut response = schema.execute(with_data(shared, caller, request)).await;
    let started = schemas.gate.finish(&mut response, &caller.info);
    if let (true, Some(checked)) = (started, checked) {
        checked.passed_validation();
    }
    let unstarted = !started && response.is_err();
    (response, unstarted)
}

/// Runs one operation under the document guard.
async fn run_guarded(
    shared: &Shared,
    caller: &Caller,
    request: Request,
) -> (async_graphql::Response, bool) {
    let progress = Arc::new(Progress::default());
    let request = with_data(shared, caller, request).data(Arc::clone(&progress));
    let response = shared.schemas.guarded.execute(request).await;
    let unstarted = !progress.started() && response.is_err();
    (response, unstarted)
}

/// A response as JSON text; a request that never executed has no `data` entry at all.
fn response_json(response: async_graphql::Response, unstarted: bool) -> String {
    const FAILED: &str = r#"{"errors":[{"message":"internal","extensions":{"code":"INTERNAL"}}]}"#;
    if !unstarted {
        // The common case goes straight to text, without an intermediate JSON tree.
        return serde_json::to_string(&response).unwrap_or_else(|_| FAILED.to_owned());
    }
    let Ok(mut value) = serde_json::to_value(&response) else {
        return FAILED.to_owned();
    };
    if let Some(map) = value.as_object_mut() {
        map.remove("data");
    }
    value.to_string()
}
