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

use async_graphql::dataloader::{DataLoader, Loader};
use async_graphql::{Context, MergedObject, MergedSubscription, Schema};
use kernel::Actor;

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

/// Builds the schema. It holds no database: state and the caller come with each request, so
/// `export-schema` can build it anywhere.
pub fn build(limits: &Limits, introspection: bool) -> YijinSchema {
    let (auth, anon) = (&limits.document, &limits.anonymous_document);
    // The guard checks each caller against its own tier before the engine runs; the engine's
    // limits stay on as a backstop at the wider of the two.
    let mut builder = Schema::build(
        Query::default(),
        Mutation::default(),
        Subscription::default(),
    )
    .limit_depth(auth.max_depth.max(anon.max_depth))
    .limit_complexity(auth.max_complexity.max(anon.max_complexity))
    .limit_recursive_depth(64)
    .limit_directives(auth.max_directives.max(anon.max_directives))
    .extension(limits::DocumentGuard::new(limits::Tiers {
        anonymous: anon.clone(),
        authenticated: auth.clone(),
    }))
    .extension(hygiene::InputHygiene);
    if !introspection {
        builder = builder.disable_introspection().disable_suggestions();
    }
    builder.finish()
}

/// The schema as SDL, as committed in `schema.graphql`.
pub fn sdl() -> String {
    build(&Limits::default(), true).sdl()
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
