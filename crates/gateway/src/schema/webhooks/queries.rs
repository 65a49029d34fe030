//! 回调地址 queries: the caller's own endpoints.

use async_graphql::{Context, ID, Object};

use super::types::WebhookEndpoint;
use crate::schema::connection::{Conn, PageArgs, connect, cost};
use crate::schema::{actor, by_id, ids, state};

#[derive(Default)]
pub struct WebhooksQuery;

#[Object]
impl WebhooksQuery {
    /// 回调地址: the caller's organisation's endpoints (the platform's own for the platform).
    #[graphql(complexity = "cost(first, last, child_complexity)")]
    async fn webhook_endpoints(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> async_graphql::Result<Conn<WebhookEndpoint>> {
        let (s, actor) = (state(ctx)?, actor(ctx)?);
        connect(
            ctx,
            PageArgs::new(first, after, last, before),
            |spec| webhooks::endpoint::list(&s.db, actor, spec),
            webhooks::endpoint::count(&s.db, actor),
            WebhookEndpoint,
        )
        .await
    }

    /// 回调地址 by id: null when it does not exist or is not the caller's.
    async fn webhook_endpoint(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<Option<WebhookEndpoint>> {
        by_id::<ids::WebhookEndpoint, _, _>(ctx, &id, webhooks::endpoint::get, WebhookEndpoint)
            .await
    }
}
