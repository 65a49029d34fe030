//! graphql-transport-ws (and the older subscriptions-transport-ws) on `/graphql/ws`, under the
//! same rules as HTTP: the upgrade and every operation count against the caller's rate, a
//! refused credential counts against the client's address, messages are as bounded as bodies,
//! and the document guard checks every operation.

use std::net::SocketAddr;
use std::sync::Arc;

use async_graphql::Data;
use async_graphql::http::ALL_WEBSOCKET_PROTOCOLS;
use async_graphql_axum::{GraphQLProtocol, GraphQLWebSocket};
use axum::extract::ws::{WebSocketUpgrade, rejection::WebSocketUpgradeRejection};
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use super::Shared;
use super::caller::{lang, rate_key};
use super::wire::{Wire, error_response};
use crate::auth::authenticate;
use crate::error::RequestInfo;
use crate::schema::limits::OperationRate;
use crate::schema::loaders::Loaders;

pub async fn upgrade(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    protocol: Result<GraphQLProtocol, StatusCode>,
    upgrade: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Response {
    let (Ok(protocol), Ok(upgrade)) = (protocol, upgrade) else {
        return super::bad_request(
            "open a WebSocket with subprotocol graphql-transport-ws (or graphql-ws) here",
        );
    };
    let state = shared.state.clone();
    if state.rate_limiter.check(&rate_key(None, peer)).is_err() {
        return error_response(
            StatusCode::TOO_MANY_REQUESTS,
            Wire::Json,
            "RATE_LIMITED",
            "too many requests; slow down",
            None,
        );
    }
    let lang = lang(&headers);
    let schema = shared.schemas.guarded.clone();
    let max_message = state.config.limits.max_body_bytes;
    let idle = state.config.transport.ws_idle_timeout;
    upgrade
        .protocols(ALL_WEBSOCKET_PROTOCOLS)
        .max_message_size(max_message)
        .max_frame_size(max_message)
        .on_upgrade(move |stream| {
            GraphQLWebSocket::new(stream, schema, protocol)
                .keepalive_timeout(idle)
                .on_connection_init(move |payload| async move {
                    let mut data = Data::default();
                    let token = ["authorization", "Authorization"]
                        .iter()
                        .find_map(|k| payload.get(*k))
                        .and_then(|v| v.as_str())
                        .map(|v| v.trim_start_matches("Bearer ").trim().to_owned());
                    let mut actor = None;
                    if let Some(token) = token {
                        let verified = if token.len() > state.config.limits.max_bearer_bytes {
                            None
                        } else {
                            authenticate(&state, &token).await.ok()
                        };
                        let Some(verified) = verified else {
                            // Counted like any refused credential, then refused.
                            let _ = state.rate_limiter.check(&rate_key(None, peer));
                            return Err(async_graphql::Error::new(lang.text(
                                "令牌无效、已过期或已吊销",
                                "the token is invalid, expired or revoked",
                            )));
                        };
                        actor = Some(verified);
                    }
                    data.insert(OperationRate(rate_key(actor.as_ref(), peer)));
                    data.insert(Loaders::per_request(
                        state.db.clone(),
                        state.clock.today(),
                        actor.clone(),
                        state.config.loader_delay,
                    ));
                    if let Some(actor) = actor {
                        data.insert(actor);
                    }
                    data.insert(RequestInfo {
                        request_id: kernel::new_id().to_string(),
                        lang,
                    });
                    data.insert(state);
                    Ok(data)
                })
                .serve()
        })
}
