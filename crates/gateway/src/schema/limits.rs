//! The document guard: every operation, over every transport, is read, parsed and measured by
//! [`crate::document`] against its caller's limits before async-graphql sees it (and gets it
//! already parsed). Also: no mutations over GET, anonymous complexity bounded tighter than the
//! schema's, the cost reported back in `extensions.cost`, a code on every error, and whether a
//! request got past validation (which decides its HTTP status under
//! `application/graphql-response+json`). Input hygiene ([`super::hygiene`]) runs inside it: the
//! schema has this one extension, since each extension is a link in every field's resolution.

use std::any::{Any, TypeId};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextParseQuery, NextPrepareRequest, NextRequest,
    NextResolve, NextSubscribe, NextValidation, ResolveInfo,
};
use async_graphql::parser::types::{ExecutableDocument, OperationType};
use async_graphql::{
    Request, Response, ServerError, ServerResult, ValidationResult, Value, Variables,
};
use futures_util::StreamExt;
use futures_util::stream::BoxStream;
use kernel::Actor;

use super::hygiene;
use crate::document::cache::CheckedDocuments;
use crate::document::{self, Checked, DocumentLimits};
use crate::error::{Lang, RequestInfo};
use crate::metrics::Metrics;
use crate::state::AppState;

/// Documents shorter than this are checked on the async worker: the check is linear and a few
/// kilobytes take microseconds. Longer ones go to the blocking pool so that one large document
/// never holds up the requests that share its worker.
const INLINE_CHECK_BYTES: usize = 4 * 1024;

/// Marks a request that arrived by GET: only queries may run.
#[derive(Debug, Clone, Copy)]
pub struct ReadOnlyRequest;

/// How far a request got: parsed, then validated (execution started). A request that stopped
/// before execution is a request error: no `data` in the response, and HTTP 400 under
/// `application/graphql-response+json`.
#[derive(Debug, Default)]
pub struct Progress {
    parsed: AtomicBool,
    validated: AtomicBool,
}

impl Progress {
    pub fn parsed(&self) -> bool {
        self.parsed.load(Ordering::Relaxed)
    }

    pub fn started(&self) -> bool {
        self.validated.load(Ordering::Relaxed)
    }
}

/// The rate-limit bucket of a connection whose operations are each counted (WebSocket: every
/// `subscribe` message is an operation; HTTP counts requests before they get here).
#[derive(Debug, Clone)]
pub struct OperationRate(pub String);

/// The two sets of document limits.
#[derive(Debug, Clone)]
pub struct Tiers {
    pub anonymous: DocumentLimits,
    pub authenticated: DocumentLimits,
}

pub struct DocumentGuard {
    tiers: Arc<Tiers>,
    checked: Arc<CheckedDocuments>,
}

impl DocumentGuard {
    /// A guard over `tiers` that shares the documents it checked with `gate` (the transport's
    /// side of the same work).
    pub fn new(gate: &Gate) -> Self {
        Self {
            tiers: Arc::clone(&gate.tiers),
            checked: Arc::clone(&gate.checked),
        }
    }
}

impl ExtensionFactory for DocumentGuard {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(Guard {
            tiers: Arc::clone(&self.tiers),
            checked: Arc::clone(&self.checked),
            anonymous: AtomicBool::new(true),
            progress: Progress::default(),
            complexity: AtomicUsize::new(usize::MAX),
            cost_asked: AtomicBool::new(false),
            info: Arc::default(),
            hygiene: hygiene::Checker::default(),
        })
    }
}

/// One request's guard.
struct Guard {
    tiers: Arc<Tiers>,
    checked: Arc<CheckedDocuments>,
    anonymous: AtomicBool,
    /// This request's own progress (the request hook cannot see the request's data).
    progress: Progress,
    /// The validated complexity (`usize::MAX` until known).
    complexity: AtomicUsize,
    /// Whether the request asked for `extensions.cost`.
    cost_asked: AtomicBool,
    /// Who asked, in which language: domain errors are worded and logged with these.
    info: Arc<std::sync::OnceLock<RequestInfo>>,
    /// No control characters in what the caller sent.
    hygiene: hygiene::Checker,
}

impl Guard {
    fn finish_domain_errors(&self, response: &mut Response) {
        finish_domain_errors(&self.info, response);
    }

    fn limits(&self) -> &DocumentLimits {
        if self.anonymous.load(Ordering::Relaxed) {
            &self.tiers.anonymous
        } else {
            &self.tiers.authenticated
        }
    }
}

/// The document of `request` checked against its tier: from the documents already checked, or
/// read, parsed and measured now (and then remembered).
async fn checked_document(
    tiers: &Tiers,
    checked: &CheckedDocuments,
    anonymous: bool,
    request: &mut Request,
    metrics: Option<&Metrics>,
    lang: Lang,
) -> ServerResult<Arc<Checked>> {
    if let Some(known) = checked.get(anonymous, &request.query) {
        if let Some(metrics) = metrics {
            metrics.record_document(known.measures.visited, false);
        }
        return Ok(known);
    }
    let limits = if anonymous {
        tiers.anonymous.clone()
    } else {
        tiers.authenticated.clone()
    };
    let query = std::mem::take(&mut request.query);
    let (query, outcome) = if query.len() <= INLINE_CHECK_BYTES {
        let outcome = document::check(&query, &limits);
        (query, outcome)
    } else {
        tokio::task::spawn_blocking(move || {
            let outcome = document::check(&query, &limits);
            (query, outcome)
        })
        .await
        .map_err(|_| coded("INTERNAL", lang.text("内部错误", "internal error")))?
    };
    request.query = query;
    let visited = match &outcome {
        Ok(checked) => checked.measures.visited,
        Err((_, visited)) => *visited,
    };
    if let Some(metrics) = metrics {
        metrics.record_document(visited, outcome.is_err());
    }
    let fresh =
        Arc::new(outcome.map_err(|(refusal, _)| coded(refusal.code, lang.pick(&refusal.message)))?);
    checked.keep(anonymous, &request.query, Arc::clone(&fresh));
    Ok(fresh)
}

/// Whether the request asked for its cost (`"extensions": {"cost": true}`): reporting it takes
/// the validator's figure, which only the extension sees.
fn asks_cost(request: &Request) -> bool {
    request.extensions.get("cost") == Some(&Value::Boolean(true))
}

/// Gives every error still without a code the one for how far the request got.
fn code_every_error(response: &mut Response, fallback: &str) {
    for error in &mut response.errors {
        if !has_code(error) {
            error
                .extensions
                .get_or_insert_with(Default::default)
                .set("code", fallback);
        }
    }
}

fn finish_domain_errors(info: &std::sync::OnceLock<RequestInfo>, response: &mut Response) {
    let (lang, request_id) = info
        .get()
        .map_or((Lang::Zh, ""), |i| (i.lang, i.request_id.as_str()));
    crate::error::finish(response, lang, request_id);
}

fn coded(code: &str, message: String) -> ServerError {
    let mut err = ServerError::new(message, None);
    err.extensions
        .get_or_insert_with(Default::default)
        .set("code", code);
    err
}

fn has_code(err: &ServerError) -> bool {
    err.extensions
        .as_ref()
        .is_some_and(|x| x.get("code").is_some())
}

/// A value the request carries, or failing that its connection (WebSocket session).
fn carried<'a, T: Any + Send + Sync>(
    request: &'a Request,
    ctx: &'a ExtensionContext<'_>,
) -> Option<&'a T> {
    let id = TypeId::of::<T>();
    request
        .data
        .get(&id)
        .or_else(|| ctx.session_data.get(&id))
        .and_then(|b| b.downcast_ref::<T>())
}

fn mutates(doc: &ExecutableDocument) -> bool {
    doc.operations
        .iter()
        .any(|(_, op)| op.node.ty != OperationType::Query)
}

#[async_graphql::async_trait::async_trait]
impl Extension for Guard {
    async fn request(&self, ctx: &ExtensionContext<'_>, next: NextRequest<'_>) -> Response {
        let mut response = next.run(ctx).await;
        self.finish_domain_errors(&mut response);
        let (parsed, started) = (self.progress.parsed(), self.progress.started());
        // Clients branch on codes: nothing leaves without one. The engine's own errors
        // (syntax, validation, argument coercion) are the caller's to fix.
        let fallback = match (parsed, started) {
            (_, true) => "BAD_USER_INPUT",
            (true, false) => "GRAPHQL_VALIDATION_FAILED",
            (false, false) => "GRAPHQL_PARSE_FAILED",
        };
        code_every_error(&mut response, fallback);
        let complexity = self.complexity.load(Ordering::Relaxed);
        if complexity != usize::MAX && self.cost_asked.load(Ordering::Relaxed) {
            let limit = self.limits().max_complexity;
            let mut cost = async_graphql::indexmap::IndexMap::new();
            cost.insert(
                async_graphql::Name::new("complexity"),
                Value::from(complexity),
            );
            cost.insert(async_graphql::Name::new("limit"), Value::from(limit));
            response
                .extensions
                .insert("cost".to_owned(), Value::Object(cost));
        }
        response
    }

    fn subscribe<'s>(
        &self,
        ctx: &ExtensionContext<'_>,
        stream: BoxStream<'s, Response>,
        next: NextSubscribe<'_>,
    ) -> BoxStream<'s, Response> {
        // The request is prepared while the stream runs, so the request info is read per item.
        let info = Arc::clone(&self.info);
        Box::pin(next.run(ctx, stream).map(move |mut response| {
            finish_domain_errors(&info, &mut response);
            response
        }))
    }

    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        mut request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        let anonymous = carried::<Actor>(&request, ctx).is_none();
        self.anonymous.store(anonymous, Ordering::Relaxed);
        let info = carried::<RequestInfo>(&request, ctx).cloned();
        let lang = info.as_ref().map_or(Lang::Zh, |i| i.lang);
        if let Some(info) = info {
            let _ = self.info.set(info);
        }
        if let (Some(OperationRate(key)), Some(state)) = (
            carried::<OperationRate>(&request, ctx),
            carried::<AppState>(&request, ctx),
        ) && state.rate_limiter.check(key).is_err()
        {
            return Err(coded(
                "RATE_LIMITED",
                lang.text("请求过于频繁，请稍后再试", "too many requests; slow down"),
            ));
        }
        self.cost_asked
            .store(asks_cost(&request), Ordering::Relaxed);
        let metrics = carried::<AppState>(&request, ctx).map(|s| Arc::clone(&s.metrics));
        let checked = checked_document(
            &self.tiers,
            &self.checked,
            anonymous,
            &mut request,
            metrics.as_deref(),
            lang,
        )
        .await?;
        if carried::<ReadOnlyRequest>(&request, ctx).is_some() && mutates(&checked.document) {
            return Err(method_not_allowed(lang));
        }
        request.set_parsed_query(checked.document.clone());
        next.run(ctx, request).await
    }

    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let doc = next.run(ctx, query, variables).await?;
        self.hygiene.inspect(ctx, &doc, variables)?;
        self.progress.parsed.store(true, Ordering::Relaxed);
        if let Some(progress) = ctx.data_opt::<Arc<Progress>>() {
            progress.parsed.store(true, Ordering::Relaxed);
        }
        Ok(doc)
    }

    async fn resolve(
        &self,
        ctx: &ExtensionContext<'_>,
        info: ResolveInfo<'_>,
        next: NextResolve<'_>,
    ) -> ServerResult<Option<Value>> {
        self.hygiene.resolve(ctx, info, next).await
    }

    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        let lang = ctx.data_opt::<RequestInfo>().map_or(Lang::Zh, |i| i.lang);
        let limits = self.limits();
        let result = next.run(ctx).await.map_err(|errors| {
            errors
                .into_iter()
                .map(|e| engine_limit(e, limits, lang))
                .collect::<Vec<_>>()
        })?;
        if result.complexity > limits.max_complexity {
            return Err(vec![too_complex(result.complexity, limits, lang)]);
        }
        self.complexity.store(result.complexity, Ordering::Relaxed);
        self.progress.validated.store(true, Ordering::Relaxed);
        if let Some(progress) = ctx.data_opt::<Arc<Progress>>() {
            progress.validated.store(true, Ordering::Relaxed);
        }
        Ok(result)
    }
}

fn too_complex(complexity: usize, limits: &DocumentLimits, lang: Lang) -> ServerError {
    coded(
        "TOO_COMPLEX",
        lang.text(
            &format!(
                "查询代价 {complexity} 超出上限 {}（连接按 first × 子选择计）",
                limits.max_complexity
            ),
            &format!(
                "the query is too complex: it costs {complexity}; the limit is {} (a connection costs first × its selection)",
                limits.max_complexity
            ),
        ),
    )
}

/// The engine's own limit errors carry no code and no figures; give them ours.
fn engine_limit(error: ServerError, limits: &DocumentLimits, lang: Lang) -> ServerError {
    match error.message.as_str() {
        "Query is too complex." => coded(
            "TOO_COMPLEX",
            lang.text(
                &format!("查询代价超出上限 {}", limits.max_complexity),
                &format!(
                    "the query is too complex; the limit is {}",
                    limits.max_complexity
                ),
            ),
        ),
        "Query is nested too deep." => coded(
            "NESTED_TOO_DEEP",
            lang.text(
                &format!("字段嵌套超过 {} 层", limits.max_depth),
                &format!(
                    "fields are nested more than {} levels deep",
                    limits.max_depth
                ),
            ),
        ),
        _ => error,
    }
}

/// The guard's work done by the transport, for authenticated operations over HTTP, which run on
/// the schema without extensions ([`super::Schemas`]): every extension is a link in the
/// resolution of every field, and a catalogue page resolves hundreds.
pub struct Gate {
    tiers: Arc<Tiers>,
    checked: Arc<CheckedDocuments>,
    mutation_type: String,
}

/// Where an authenticated operation runs.
pub enum Route {
    /// On the schema without extensions: its document checked, clean, and given to the engine
    /// parsed; with the document, to record when the engine's validation passes.
    Plain(Request, Arc<Checked>),
    /// On the schema without extensions in fast validation mode: the document passed the
    /// engine's full validation before and declares no variables ([`Checked::validated`]).
    Validated(Request),
    /// On the guarded schema, for what only the extension does: the payloads of mutations whose
    /// input hygiene refused, the validator's cost when asked for, and the few operations whose
    /// errors the guard words (a subscription over HTTP, an operation name the document lacks).
    Guarded(Request),
}

impl Gate {
    pub fn new(tiers: Tiers, mutation_type: String) -> Self {
        Self {
            tiers: Arc::new(tiers),
            checked: Arc::default(),
            mutation_type,
        }
    }

    /// The limits of the authenticated tier, which the plain schema's engine enforces too.
    pub fn authenticated(&self) -> &DocumentLimits {
        &self.tiers.authenticated
    }

    /// Decides where an authenticated operation runs, or refuses it as the guard would.
    pub async fn route(
        &self,
        mut request: Request,
        metrics: &Metrics,
        lang: Lang,
    ) -> ServerResult<Route> {
        if asks_cost(&request) {
            return Ok(Route::Guarded(request));
        }
        let checked = checked_document(
            &self.tiers,
            &self.checked,
            false,
            &mut request,
            Some(metrics),
            lang,
        )
        .await?;
        let read_only = request.data.get(&TypeId::of::<ReadOnlyRequest>()).is_some();
        if read_only && mutates(&checked.document) {
            return Err(method_not_allowed(lang));
        }
        // The plain schemas have federation on (see [`super::build`]); a document that asks
        // about the schema runs where the schema is exactly the one published.
        let runs_plainly = !checked.measures.reaches_schema
            && matches!(
                operation_type(&checked.document, request.operation_name.as_deref()),
                Some(OperationType::Query | OperationType::Mutation)
            );
        if !runs_plainly
            || hygiene::screen(
                &checked.document,
                &request.variables,
                &self.mutation_type,
                lang,
            )?
        {
            return Ok(Route::Guarded(request));
        }
        request.set_parsed_query(checked.document.clone());
        if checked.validated() {
            return Ok(Route::Validated(request));
        }
        Ok(Route::Plain(request, checked))
    }

    /// Finishes a response of the plain schema as the guard finishes its own; answers whether
    /// the operation got past validation (a request error otherwise).
    pub fn finish(&self, response: &mut Response, info: &RequestInfo) -> bool {
        crate::error::finish(response, info.lang, &info.request_id);
        // Past validation, every error is a field's and has a path; the engine's refusals
        // before execution have none and leave no data.
        let started = response.errors.is_empty()
            || response.data != Value::Null
            || response.errors.iter().any(|e| !e.path.is_empty());
        if !started {
            let limits = self.authenticated();
            response.errors = std::mem::take(&mut response.errors)
                .into_iter()
                .map(|e| engine_limit(e, limits, info.lang))
                .collect();
        }
        let fallback = if started {
            "BAD_USER_INPUT"
        } else {
            "GRAPHQL_VALIDATION_FAILED"
        };
        code_every_error(response, fallback);
        started
    }
}

/// The type of the operation a request runs, if the document has it (the engine's own rule).
fn operation_type(doc: &ExecutableDocument, name: Option<&str>) -> Option<OperationType> {
    use async_graphql::parser::types::DocumentOperations;
    match (&doc.operations, name) {
        (DocumentOperations::Single(op), None) => Some(op.node.ty),
        (DocumentOperations::Multiple(ops), Some(name)) => ops.get(name).map(|op| op.node.ty),
        (DocumentOperations::Multiple(ops), None) if ops.len() == 1 => {
            ops.values().next().map(|op| op.node.ty)
        }
        _ => None,
    }
}

fn method_not_allowed(lang: Lang) -> ServerError {
    coded(
        "METHOD_NOT_ALLOWED",
        lang.text(
            "变更和订阅须以 POST 发送",
            "mutations and subscriptions must be sent with POST",
        ),
    )
}
