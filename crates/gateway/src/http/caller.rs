//! Who calls: the bearer credential turned into an [`Actor`], under a rate limit that counts
//! failed attempts too (by client address), so that guessing tokens costs what calling does.

use std::net::SocketAddr;

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use kernel::Actor;

use super::wire::{Wire, error_response};
use crate::auth::{AuthError, authenticate};
use crate::error::{Lang, RequestInfo};
use crate::state::AppState;

/// Everything decided before executing: who calls, in which language, under which id.
pub struct Caller {
    pub actor: Option<Actor>,
    pub info: RequestInfo,
    pub wire: Wire,
}

/// What is wrong with an `Authorization` header, if anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadBearer {
    Malformed,
    TooLong,
}

/// The bearer token of a request, if it sent one.
pub fn bearer(headers: &HeaderMap, max_bytes: usize) -> Option<Result<&str, BadBearer>> {
    let value = headers.get(header::AUTHORIZATION)?;
    if value.len() > max_bytes {
        return Some(Err(BadBearer::TooLong));
    }
    let value = value.to_str().map_err(|_| BadBearer::Malformed);
    Some(value.and_then(|v| {
        let (scheme, token) = v.trim().split_once(' ').ok_or(BadBearer::Malformed)?;
        if scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty() {
            Ok(token.trim())
        } else {
            Err(BadBearer::Malformed)
        }
    }))
}

/// The language a client asked for.
pub fn lang(headers: &HeaderMap) -> Lang {
    Lang::from_accept_language(
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    )
}

/// The rate-limit bucket of a caller: its credential when it has one, its address otherwise
/// (and for every failed authentication).
pub fn rate_key(actor: Option<&Actor>, peer: SocketAddr) -> String {
    match actor {
        Some(a) => format!("{}|{}|{:?}|{:?}", a.subject, a.role, a.org, a.household),
        None => format!("ip:{}", peer.ip()),
    }
}

fn rate_limited(lang: Lang, wire: Wire, request_id: &str, wait: std::time::Duration) -> Response {
    let msg = lang.text("请求过于频繁，请稍后再试", "too many requests; slow down");
    let mut response = error_response(
        StatusCode::TOO_MANY_REQUESTS,
        wire,
        "RATE_LIMITED",
        &msg,
        Some(request_id),
    );
    if let Ok(v) = HeaderValue::from_str(&wait.as_secs().max(1).to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, v);
    }
    response
}

/// A request's id: a UUIDv7, time-ordered like every id yijin makes, whose random part comes
/// from the thread's generator rather than a system call per request.
fn request_id() -> String {
    let millis = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX));
    uuid::Builder::from_unix_timestamp_millis(millis, &rand::random())
        .into_uuid()
        .to_string()
}

/// Authenticates and rate-limits one HTTP request.
pub async fn identify(
    state: &AppState,
    headers: &HeaderMap,
    peer: SocketAddr,
    wire: Wire,
) -> Result<Caller, Response> {
    let request_id = request_id();
    let lang = lang(headers);
    let refuse = |status: StatusCode, code: &str, msg: String| {
        // A refused credential is counted against the client's address before it is answered.
        if let Err(wait) = state.rate_limiter.check(&rate_key(None, peer)) {
            return rate_limited(lang, wire, &request_id, wait);
        }
        error_response(status, wire, code, &msg, Some(&request_id))
    };
    let actor = match bearer(headers, state.config.limits.max_bearer_bytes) {
        None => None,
        Some(Err(BadBearer::Malformed)) => {
            let msg = lang.text(
                "Authorization 头格式应为 Bearer <令牌>",
                "the Authorization header must be Bearer <token>",
            );
            return Err(refuse(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED", msg));
        }
        Some(Err(BadBearer::TooLong)) => {
            let msg = lang.text("令牌过长", "the bearer token is too long");
            return Err(refuse(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED", msg));
        }
        Some(Ok(token)) => match authenticate(state, token).await {
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
                return Err(refuse(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED", msg));
            }
        },
    };
    if state.rate_limiter.is_on()
        && let Err(wait) = state.rate_limiter.check(&rate_key(actor.as_ref(), peer))
    {
        return Err(rate_limited(lang, wire, &request_id, wait));
    }
    Ok(Caller {
        actor,
        info: RequestInfo { request_id, lang },
        wire,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_auth(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::AUTHORIZATION, HeaderValue::from_str(v).unwrap());
        h
    }

    #[test]
    fn request_ids_are_distinct_version_7_uuids() {
        let (a, b) = (request_id(), request_id());
        assert_ne!(a, b);
        for id in [a, b] {
            let parsed: uuid::Uuid = id.parse().unwrap();
            assert_eq!(parsed.get_version_num(), 7);
        }
    }

    #[test]
    fn bearer_tokens_are_read_and_bounded() {
        assert_eq!(bearer(&HeaderMap::new(), 100), None);
        assert_eq!(bearer(&with_auth("Bearer abc"), 100), Some(Ok("abc")));
        assert_eq!(bearer(&with_auth("bearer  abc "), 100), Some(Ok("abc")));
        assert_eq!(
            bearer(&with_auth("Basic abc"), 100),
            Some(Err(BadBearer::Malformed))
        );
        let long = format!("Bearer {}", "a".repeat(200));
        assert_eq!(
            bearer(&with_auth(&long), 100),
            Some(Err(BadBearer::TooLong))
        );
    }
}
