//! The one GraphQL schema over all domains: one module per domain, merged here.

pub mod campaigns;
pub mod connection;
pub mod groupbuys;
pub mod hygiene;
pub mod ids;
pub mod kpi;
pub mod ledger;
pub mod limits;
pub mod loaders;
pub mod node;
pub mod orders;
pub mod participants;
pub mod payload;
pub mod products;
pub mod purchases;
pub mod regions;
mod registry;
pub mod scalars;
pub mod viewer;
pub mod webhooks;

use std::sync::Arc;

use async_graphql::dataloader::{DataLoader, Loader};
use async_graphql::{Context, ID, MergedObject, MergedSubscription, Schema};
use kernel::db::DatabaseTransaction;
use kernel::{Actor, Clock, DomainResult};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use crate::config::Limits;
use crate::error::{lang, unauthenticated};
use crate::state::AppState;
use payload::Payload;

pub type YijinSchema = Schema<Query, Mutation, Subscription>;

#[derive(MergedObject, Default)]
pub struct Query(
    node::NodeQuery,
    viewer::ViewerQuery,
    regions::RegionQuery,
    participants::ParticipantsQuery,
    products::ProductsQuery,
    products::CatalogueQuery,
    campaigns::CampaignsQuery,
    ledger::LedgerQuery,
    kpi::KpiQuery,
    webhooks::WebhooksQuery,
    orders::OrdersQuery,
    groupbuys::GroupBuysQuery,
    purchases::PurchasesQuery,
);

/// 订阅: live views over graphql-transport-ws on `/graphql/ws`.
#[derive(MergedSubscription, Default)]
pub struct Subscription(kpi::live::KpiSubscription);

#[derive(MergedObject, Default)]
pub struct Mutation(
    participants::ParticipantsMutation,
    products::ProductsMutation,
    products::CertificationMutation,
    products::StoresMutation,
    campaigns::CampaignsMutation,
    ledger::LedgerMutation,
    webhooks::WebhooksMutation,
    orders::OrdersMutation,
    groupbuys::GroupBuysMutation,
    purchases::PurchasesMutation,
);

/// The schema, built three times. None holds a database: state and the caller come with each
/// request, so `export-schema` can build them anywhere.
#[derive(Clone)]
pub struct Schemas {
    /// Authenticated operations over HTTP: no extension at all, since each extension is a link
    /// in the resolution of every field. The transport does the document guard's work before
    /// and after ([`limits::Gate`]); the engine's limits are the authenticated tier's.
    pub plain: YijinSchema,
    /// The plain schema in fast validation mode (limits kept, rules skipped), for documents
    /// that passed the rules before and whose validation cannot differ
    /// ([`crate::document::Checked::validated`]): a sixth of a small request's CPU was the
    /// rules walking the same document again.
    pub validated: YijinSchema,
    /// Everything else, under the document guard: anonymous callers (a tighter tier),
    /// WebSocket operations, and the operations the gate sends here.
    pub guarded: YijinSchema,
    pub gate: Arc<limits::Gate>,
}

/// Builds the schemas over one set of checked documents.
pub fn build(limits: &Limits, introspection: bool) -> Schemas {
    let (auth, anon) = (&limits.document, &limits.anonymous_document);
    let gate = Arc::new(limits::Gate::new(
        limits::Tiers {
            anonymous: anon.clone(),
            authenticated: auth.clone(),
        },
        <Mutation as async_graphql::OutputType>::type_name().into_owned(),
    ));
    // The guard checks each caller against its own tier before the engine runs; the engine's
    // limits stay on as a backstop at the wider of the two.
    let guarded = builder(introspection)
        .limit_depth(auth.max_depth.max(anon.max_depth))
        .limit_complexity(auth.max_complexity.max(anon.max_complexity))
        .limit_directives(auth.max_directives.max(anon.max_directives))
        .extension(limits::DocumentGuard::new(&gate))
        .finish();
    // Federation is on in the plain schemas for speed alone: async-graphql 7 scans every type
    // of the registry for entity keys on each root field it resolves unless federation is on
    // (`QueryRoot::resolve_field`), a sixth of a `{ viewer { role } }`'s instructions. The
    // two fields federation adds, `_service` and `_entities`, are out of reach: the gate sends
    // every document naming them, or introspecting, to the guarded schema, which has neither.
    let plain = || {
        builder(introspection)
            .enable_federation()
            .limit_depth(auth.max_depth)
            .limit_complexity(auth.max_complexity)
            .limit_directives(auth.max_directives)
    };
    Schemas {
        plain: plain().finish(),
        validated: plain()
            .validation_mode(async_graphql::ValidationMode::Fast)
            .finish(),
        guarded,
        gate,
    }
}

fn builder(introspection: bool) -> async_graphql::SchemaBuilder<Query, Mutation, Subscription> {
    let builder = Schema::build(
        Query::default(),
        Mutation::default(),
        Subscription::default(),
    )
    .limit_recursive_depth(64);
    if introspection {
        builder
    } else {
        builder.disable_introspection().disable_suggestions()
    }
}

/// The schema as SDL, as committed in `schema.graphql`.
pub fn sdl() -> String {
    builder(true).finish().sdl()
}

pub(crate) fn state<'a>(ctx: &'a Context<'_>) -> async_graphql::Result<&'a AppState> {
    ctx.data::<AppState>()
}

/// The authenticated caller, or `UNAUTHENTICATED`.
pub(crate) fn actor<'a>(ctx: &'a Context<'_>) -> async_graphql::Result<&'a Actor> {
    ctx.data_opt::<Actor>()
        .ok_or_else(|| unauthenticated(lang(ctx)))
}

pub(crate) fn loader<'a>(
    ctx: &'a Context<'_>,
) -> async_graphql::Result<&'a DataLoader<loaders::Loaders>> {
    ctx.data::<DataLoader<loaders::Loaders>>()
}

/// A by-id root field: parses `id` as a `T` (a malformed one, or one of another type, is a
/// `BAD_USER_INPUT` error with the problem `INVALID_ID`) and reads the object as the caller
/// may see it with `get`. One that does not exist, or that the caller may not see, is `null`
/// without an error, like Relay's `node`: the answer never tells another tenant's object
/// from a missing one.
pub(crate) async fn by_id<T: ids::Identified, M, O>(
    ctx: &Context<'_>,
    id: &ID,
    get: impl AsyncFnOnce(&DatabaseConnection, &Actor, Uuid) -> DomainResult<M>,
    wrap: impl FnOnce(M) -> O,
) -> async_graphql::Result<Option<O>> {
    let id = ids::parse::<T>("id", id)?;
    let (s, actor) = (state(ctx)?, actor(ctx)?);
    Ok(visible(get(&s.db, actor, id).await)?.map(wrap))
}

/// A read of one object as an option: one that does not exist or that the caller may not see
/// is `None`; every other error stays an error.
pub(crate) fn visible<M>(found: DomainResult<M>) -> DomainResult<Option<M>> {
    match found {
        Ok(m) => Ok(Some(m)),
        Err(kernel::DomainError::NotFound | kernel::DomainError::Forbidden) => Ok(None),
        Err(e) => Err(e),
    }
}

/// A domain writer as the gateway runs it: in the caller's write transaction, with the caller,
/// the clock and its input (`I`: the domain's input, or the id of the object it changes).
pub(crate) trait Write<I, M>:
    AsyncFnOnce(&DatabaseTransaction, &Actor, &Clock, I) -> DomainResult<M>
{
}

impl<I, M, F> Write<I, M> for F where
    F: AsyncFnOnce(&DatabaseTransaction, &Actor, &Clock, I) -> DomainResult<M>
{
}

/// A keyed command on one object: a use case that owns its transaction (an order's or a
/// purchase order's), given the pool, the caller, the clock, the idempotency key and the id.
pub(crate) trait KeyedCommand<M>:
    AsyncFnOnce(&DatabaseConnection, &Actor, &Clock, Option<&str>, Uuid) -> DomainResult<M>
{
}

impl<M, F> KeyedCommand<M> for F where
    F: AsyncFnOnce(&DatabaseConnection, &Actor, &Clock, Option<&str>, Uuid) -> DomainResult<M>
{
}

/// The shape of a mutation: `input` is the domain's input, read from the GraphQL one (a
/// problem there, such as a malformed id, is a `userError`); `write` runs on it in a write
/// transaction of its own; the payload `P` is built from the result with `wrap`.
pub(crate) async fn mutate<P: Payload, I, M>(
    ctx: &Context<'_>,
    input: DomainResult<I>,
    write: impl Write<I, M>,
    wrap: impl FnOnce(M) -> P::Object,
) -> async_graphql::Result<P> {
    let result = written(ctx, input, write).await?;
    P::from_result(ctx, result, wrap)
}

/// [`mutate`] on one object: parses `id` as a `T` on `field` (a malformed one is a
/// `userError`) and runs `write` on it.
pub(crate) async fn mutate_by_id<T: ids::Identified, P: Payload, M>(
    ctx: &Context<'_>,
    field: &str,
    id: &ID,
    write: impl Write<Uuid, M>,
    wrap: impl FnOnce(M) -> P::Object,
) -> async_graphql::Result<P> {
    mutate(ctx, ids::parse::<T>(field, id), write, wrap).await
}

/// [`mutate_by_id`] for a writer that takes one more argument after the id (a patch, a
/// reason, a comment).
pub(crate) async fn mutate_with<T: ids::Identified, P: Payload, A, M>(
    ctx: &Context<'_>,
    (field, id): (&str, &ID),
    arg: A,
    write: impl AsyncFnOnce(&DatabaseTransaction, &Actor, &Clock, Uuid, A) -> DomainResult<M>,
    wrap: impl FnOnce(M) -> P::Object,
) -> async_graphql::Result<P> {
    let write = async |txn: &_, actor: &_, clock: &_, id| write(txn, actor, clock, id, arg).await;
    mutate_by_id::<T, P, M>(ctx, field, id, write, wrap).await
}

/// `write` run on `input` in a write transaction of its own; the result, for a payload that
/// [`mutate`] does not build.
pub(crate) async fn written<I, M>(
    ctx: &Context<'_>,
    input: DomainResult<I>,
    write: impl Write<I, M>,
) -> async_graphql::Result<DomainResult<M>> {
    run(ctx, input, async |s, actor, input| {
        kernel::db::write(&s.db, async move |txn| {
            write(txn, actor, &s.clock, input).await
        })
        .await
    })
    .await
}

/// [`written`] on one object: parses `id` as a `T` on `field` (a malformed one is a
/// `userError`).
pub(crate) async fn write_by_id<T: ids::Identified, M>(
    ctx: &Context<'_>,
    field: &str,
    id: &ID,
    write: impl Write<Uuid, M>,
) -> async_graphql::Result<DomainResult<M>> {
    written(ctx, ids::parse::<T>(field, id), write).await
}

/// A use case that owns its transaction (an order's or purchase's command, with its
/// idempotency key), run on `input` unless reading it found a problem.
pub(crate) async fn run<I, M>(
    ctx: &Context<'_>,
    input: DomainResult<I>,
    run: impl AsyncFnOnce(&AppState, &Actor, I) -> DomainResult<M>,
) -> async_graphql::Result<DomainResult<M>> {
    let (s, actor) = (state(ctx)?, actor(ctx)?);
    Ok(match input {
        Ok(input) => run(s, actor, input).await,
        Err(e) => Err(e),
    })
}

/// The shape of a command mutation: [`run`] on `input`, the payload `P` built from the result
/// with `wrap`.
pub(crate) async fn command<P: Payload, I, M>(
    ctx: &Context<'_>,
    input: DomainResult<I>,
    command: impl AsyncFnOnce(&AppState, &Actor, I) -> DomainResult<M>,
    wrap: impl FnOnce(M) -> P::Object,
) -> async_graphql::Result<P> {
    let result = run(ctx, input, command).await?;
    P::from_result(ctx, result, wrap)
}

/// [`run`] on one object: parses `id` as a `T` on `field`.
pub(crate) async fn with_id<T: ids::Identified, M>(
    ctx: &Context<'_>,
    field: &str,
    id: &ID,
    f: impl AsyncFnOnce(&AppState, &Actor, Uuid) -> DomainResult<M>,
) -> async_graphql::Result<DomainResult<M>> {
    run(ctx, ids::parse::<T>(field, id), f).await
}

/// A keyed command on one object (a use case with its own transaction and an optional
/// idempotency key): parses `id` as a `T` on `field` and runs `command`.
pub(crate) async fn keyed_by_id<T: ids::Identified, M>(
    ctx: &Context<'_>,
    (field, id): (&str, &ID),
    key: Option<&str>,
    command: impl KeyedCommand<M>,
) -> async_graphql::Result<DomainResult<M>> {
    with_id::<T, M>(ctx, field, id, async |s, actor, id| {
        command(&s.db, actor, &s.clock, key, id).await
    })
    .await
}

/// Loads one value through the request's DataLoader; a failed batch is an `INTERNAL` error.
pub(crate) async fn load_one<K>(
    ctx: &Context<'_>,
    key: K,
) -> async_graphql::Result<Option<<loaders::Loaders as Loader<K>>::Value>>
where
    K: Send + Sync + std::hash::Hash + Eq + Clone + 'static,
    loaders::Loaders: Loader<K, Error = loaders::LoadError>,
{
    loader(ctx)?
        .load_one(key)
        .await
        .map_err(|e| crate::error::internal(ctx, &e))
}

/// Loads the rows under a parent (a `children!` loader) and wraps each in its GraphQL type; a
/// parent without rows has none, not an error.
pub(crate) async fn load_children<K, M, T>(
    ctx: &Context<'_>,
    key: K,
    wrap: impl FnMut(M) -> T,
) -> async_graphql::Result<Vec<T>>
where
    K: Send + Sync + std::hash::Hash + Eq + Clone + 'static,
    loaders::Loaders: Loader<K, Value = Vec<M>, Error = loaders::LoadError>,
{
    let rows = load_one(ctx, key).await?.unwrap_or_default();
    Ok(rows.into_iter().map(wrap).collect())
}

#[cfg(test)]
mod tests {
    /// `schema.graphql` is what clients read; it must match the code.
    #[test]
    fn committed_schema_is_current() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../schema.graphql");
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            committed == super::sdl(),
            "schema.graphql is stale: run `cargo run -p gateway -- export-schema` and commit it"
        );
    }
}
