//! The response media type and the shape of errors answered before GraphQL runs.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

pub const GRAPHQL_RESPONSE_JSON: &str = "application/graphql-response+json";
pub const JSON: &str = "application/json";

/// The response media type a client accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wire {
    /// `application/graphql-response+json`: HTTP status tells request errors apart.
    GraphqlResponse,
    /// `application/json`: always 200 once the request was understood.
    Json,
}

impl Wire {
    pub fn content_type(self) -> &'static str {
        match self {
            Wire::GraphqlResponse => GRAPHQL_RESPONSE_JSON,
            Wire::Json => JSON,
        }
    }

    /// GraphQL over HTTP: without an Accept header, answer application/json; prefer
    /// graphql-response+json when the client lists it; refuse what neither covers.
    pub fn negotiate(headers: &HeaderMap) -> Option<Wire> {
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

/// An error answered without running GraphQL, in the GraphQL response shape, with a code.
pub fn error_response(
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

pub fn not_acceptable() -> Response {
    error_response(
        StatusCode::NOT_ACCEPTABLE,
        Wire::Json,
        "NOT_ACCEPTABLE",
        "accept application/graphql-response+json or application/json",
        None,
    )
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
