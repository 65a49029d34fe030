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

/// The schema, built twice. Both hold no database: state and the caller come with each
/// request, so `export-schema` can build them anywhere.
#[derive(Clone)]
pub struct Schemas {
    /// Authenticated operations over HTTP: no extension at all, since each extension is a link
    /// in the resolution of every field. The transport does the document guard's work before
    /// and after ([`limits::Gate`]); the engine's limits are the authenticated tier's.
    pub plain: YijinSchema,
    /// Everything else, under the document guard: anonymous callers (a tighter tier),
    /// WebSocket operations, and the operations the gate sends here.
    pub guarded: YijinSchema,
    pub gate: Arc<limits::Gate>,
}

/// Builds both schemas over one set of checked documents.
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
    let plain = builder(introspection)
        .limit_depth(auth.max_depth)
        .limit_complexity(auth.max_complexity)
        .limit_directives(auth.max_directives)
        .finish();
    Schemas {
        plain,
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

/// A by-id root field: parses `id` as a `T` (a malformed one is an `INVALID_ID` error) and
/// reads the object as the caller may see it with `get`. The field is nullable, so a
/// `NOT_FOUND` nulls this field only, not the whole response.
pub(crate) async fn by_id<T: ids::Identified, M, O>(
    ctx: &Context<'_>,
    id: &ID,
    get: impl AsyncFnOnce(&DatabaseConnection, &Actor, Uuid) -> DomainResult<M>,
    wrap: impl FnOnce(M) -> O,
) -> async_graphql::Result<Option<O>> {
    let id = ids::parse::<T>("id", id)?;
    Ok(Some(get(&state(ctx)?.db, actor(ctx)?, id).await.map(wrap)?))
}

/// The shape of a mutation on one object: parses `id` as a `T` on `field` (a malformed one is
/// a `userError`) and runs `write` in a write transaction of its own.
pub(crate) async fn write_by_id<T: ids::Identified, M>(
    ctx: &Context<'_>,
    field: &str,
    id: &ID,
    write: impl AsyncFnOnce(&DatabaseTransaction, &Actor, &Clock, Uuid) -> DomainResult<M>,
) -> async_graphql::Result<DomainResult<M>> {
    with_id::<T, M>(ctx, field, id, async |s, actor, id| {
        kernel::db::write(&s.db, async move |txn| {
            write(txn, actor, &s.clock, id).await
        })
        .await
    })
    .await
}

/// [`write_by_id`] for a use case that owns its transaction (an order's or purchase's
/// command, with its idempotency key): parses `id` as a `T` on `field` and runs `run`.
pub(crate) async fn with_id<T: ids::Identified, M>(
    ctx: &Context<'_>,
    field: &str,
    id: &ID,
    run: impl AsyncFnOnce(&AppState, &Actor, Uuid) -> DomainResult<M>,
) -> async_graphql::Result<DomainResult<M>> {
    let (s, actor) = (state(ctx)?, actor(ctx)?);
    Ok(match ids::parse::<T>(field, id) {
        Ok(id) => run(s, actor, id).await,
        Err(e) => Err(e),
    })
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
