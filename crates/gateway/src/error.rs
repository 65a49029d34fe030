//! The one place where errors meet the wire.
//!
//! Problems a caller can fix become `userErrors` on mutation payloads (or, for queries, a
//! `BAD_USER_INPUT` error listing them); authentication, authorisation and faults become
//! top-level errors with `extensions.code`. A write that lost the race for a lock is `RETRY`:
//! nothing was written and the same request can be sent again. Database and other faults are
//! logged in full with the request id and reach the client only as `INTERNAL` with that id.

use async_graphql::{Context, ErrorExtensionValues, ErrorExtensions};
use kernel::{DomainError, Message, Problem};

/// The language of messages for this request: Chinese unless `Accept-Language` prefers English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// Reads an `Accept-Language` header: the first language tag decides.
    pub fn from_accept_language(header: Option<&str>) -> Self {
        let first = header.and_then(|h| h.split(',').next()).map(|tag| {
            tag.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        });
        match first.as_deref() {
            Some(tag) if tag == "en" || tag.starts_with("en-") => Lang::En,
            _ => Lang::Zh,
        }
    }

    pub fn pick(self, message: &Message) -> String {
        match self {
            Lang::Zh => message.zh.clone(),
            Lang::En => message.en.clone(),
        }
    }

    pub fn text(self, zh: &str, en: &str) -> String {
        match self {
            Lang::Zh => zh.to_owned(),
            Lang::En => en.to_owned(),
        }
    }
}

/// Per-request facts the resolvers need besides the actor.
#[derive(Debug, Clone)]
pub struct RequestInfo {
    pub request_id: String,
    pub lang: Lang,
}

pub fn request_info<'a>(ctx: &'a Context<'_>) -> Option<&'a RequestInfo> {
    ctx.data_opt::<RequestInfo>()
}

pub fn lang(ctx: &Context<'_>) -> Lang {
    request_info(ctx).map(|r| r.lang).unwrap_or_default()
}

/// A top-level error with a stable code.
pub fn coded(code: &'static str, message: String) -> async_graphql::Error {
    async_graphql::Error::new(message).extend_with(|_, e| e.set("code", code))
}

pub fn unauthenticated(lang: Lang) -> async_graphql::Error {
    coded(
        "UNAUTHENTICATED",
        lang.text(
            "需要登录：请在 Authorization 头中提供 Bearer 令牌",
            "authentication required: send an Authorization: Bearer token",
        ),
    )
}

/// A domain error as the client sees it: a message in its language and a stable code (with
/// the problems, for invalid query arguments). Faults are logged here in full, with the request
/// id, and reach the client only as `INTERNAL` with that id.
pub fn wire(err: &DomainError, lang: Lang, request_id: &str) -> (String, ErrorExtensionValues) {
    let mut ext = ErrorExtensionValues::default();
    let message = match err {
        DomainError::NotFound => {
            ext.set("code", "NOT_FOUND");
            lang.text("未找到", "not found")
        }
        DomainError::Forbidden => {
            ext.set("code", "FORBIDDEN");
            lang.text("当前角色无权执行此操作", "your role may not do this")
        }
        DomainError::Conflict => {
            ext.set("code", "CONFLICT");
            lang.text(
                "与现有数据冲突，请重试",
                "conflicts with existing data; retry",
            )
        }
        DomainError::Contention(db) => {
            tracing::warn!(request_id = %request_id, error = %db, "write gave up waiting for a lock");
            ext.set("code", "RETRY");
            lang.text(
                "数据库繁忙，本次请求未生效，请稍后重试",
                "the database is busy and nothing was changed; retry the request",
            )
        }
        DomainError::Invalid(problems) => {
            let details: Vec<async_graphql::Value> = problems
                .iter()
                .map(|p| {
                    async_graphql::value!({
                        "field": p.field.clone(),
                        "code": p.code,
                        "message": lang.pick(&p.message),
                    })
                })
                .collect();
            ext.set("code", "BAD_USER_INPUT");
            ext.set("problems", details);
            problems
                .first()
                .map(|p| lang.pick(&p.message))
                .unwrap_or_else(|| lang.text("输入无效", "invalid input"))
        }
        DomainError::Database(db) => {
            tracing::error!(request_id = %request_id, error = %db, "internal error");
            ext.set("code", "INTERNAL");
            ext.set("requestId", request_id);
            let message = lang.text("服务器内部错误", "internal server error");
            format!("{message} (request id {request_id})")
        }
    };
    (message, ext)
}

/// Gives every error of a response that came from a domain service its wire form (resolvers
/// return domain errors with `?`; this is where they meet the client).
pub fn finish(response: &mut async_graphql::Response, lang: Lang, request_id: &str) {
    for error in &mut response.errors {
        if let Some(domain) = error.source::<DomainError>() {
            let (message, ext) = wire(domain, lang, request_id);
            error.message = message;
            error.extensions = Some(ext);
        }
    }
}

/// Maps a domain error to a top-level GraphQL error now (where a resolver needs the error
/// value itself; elsewhere `?` does the same through [`finish`]).
pub fn to_graphql(ctx: &Context<'_>, err: DomainError) -> async_graphql::Error {
    let info = request_info(ctx);
    let request_id = info.map(|r| r.request_id.as_str()).unwrap_or_default();
    let (message, ext) = wire(&err, lang(ctx), request_id);
    let mut error = async_graphql::Error::new(message);
    error.extensions = Some(ext);
    error
}

/// Logs a fault in full and returns an error that shows only its request id.
pub fn internal(ctx: &Context<'_>, err: &dyn std::fmt::Display) -> async_graphql::Error {
    let request_id = request_info(ctx)
        .map(|r| r.request_id.clone())
        .unwrap_or_default();
    tracing::error!(request_id = %request_id, error = %err, "internal error");
    let lang = lang(ctx);
    let message = lang.text("服务器内部错误", "internal server error");
    async_graphql::Error::new(format!("{message} (request id {request_id})")).extend_with(
        move |_, e| {
            e.set("code", "INTERNAL");
            e.set("requestId", request_id);
        },
    )
}

/// Splits a mutation's result: fixable problems go to the payload's `userErrors`, anything
/// else becomes a top-level error.
pub fn split<T>(
    ctx: &Context<'_>,
    result: Result<T, DomainError>,
) -> async_graphql::Result<Result<T, Vec<Problem>>> {
    match result {
        Ok(value) => Ok(Ok(value)),
        Err(DomainError::Invalid(problems)) => Ok(Err(problems
            .into_iter()
            .map(|p| p.under(&["input"]))
            .collect())),
        Err(other) => Err(to_graphql(ctx, other)),
    }
}

#[cfg(test)]
mod tests {
    use super::Lang;
    use async_graphql::{Context, EmptyMutation, EmptySubscription, Object, Schema};
    use kernel::DomainError;

    struct Busy;

    #[Object]
    impl Busy {
        async fn write(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
            let locked = sea_orm::DbErr::Custom("database is locked".into());
            Err(super::to_graphql(ctx, DomainError::Contention(locked)))
        }
    }

    /// A write that lost the race for the lock tells the client to retry; it is not reported
    /// as a server fault, and the database's words do not reach the client.
    #[tokio::test]
    async fn a_lost_lock_race_is_a_retryable_error_not_an_internal_one() {
        let schema = Schema::new(Busy, EmptyMutation, EmptySubscription);
        let response = schema.execute("{ write }").await;
        let error = &response.errors[0];
        let code = error
            .extensions
            .as_ref()
            .and_then(|e| e.get("code"))
            .cloned();
        assert_eq!(code, Some(async_graphql::Value::from("RETRY")));
        assert!(error.message.contains("重试"), "{}", error.message);
        assert!(!error.message.contains("locked"), "{}", error.message);
    }

    /// Resolvers return domain errors with `?`; `finish` words them for the client, and a
    /// database fault's own text never reaches it.
    #[test]
    fn domain_errors_returned_with_a_question_mark_reach_the_client_coded() {
        let fault = DomainError::Database(sea_orm::DbErr::Custom("relation x is broken".into()));
        let server =
            async_graphql::Error::from(fault).into_server_error(async_graphql::Pos::default());
        let missing = async_graphql::Error::from(DomainError::NotFound)
            .into_server_error(async_graphql::Pos::default());
        let mut response = async_graphql::Response::from_errors(vec![server, missing]);
        super::finish(&mut response, Lang::En, "req-1");
        let codes: Vec<_> = response
            .errors
            .iter()
            .map(|e| e.extensions.as_ref().and_then(|x| x.get("code")).cloned())
            .collect();
        assert_eq!(
            codes,
            [
                Some(async_graphql::Value::from("INTERNAL")),
                Some(async_graphql::Value::from("NOT_FOUND"))
            ]
        );
        assert!(!response.errors[0].message.contains("broken"));
        assert!(response.errors[0].message.contains("req-1"));
    }

    #[test]
    fn english_only_when_asked_first() {
        assert_eq!(Lang::from_accept_language(None), Lang::Zh);
        assert_eq!(Lang::from_accept_language(Some("en")), Lang::En);
        assert_eq!(Lang::from_accept_language(Some("en-US,en;q=0.9")), Lang::En);
        assert_eq!(Lang::from_accept_language(Some("zh-CN,en;q=0.5")), Lang::Zh);
        assert_eq!(Lang::from_accept_language(Some("english")), Lang::Zh);
    }
}
