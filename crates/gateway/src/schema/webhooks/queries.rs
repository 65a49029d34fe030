//! 回调地址 queries: the caller's own endpoints.

use async_graphql::{Context, ID, Object};
use gateway_macros::connections;

use super::types::WebhookEndpoint;
use crate::schema::connection::connect_all;
use crate::schema::connection::{Conn, PageArgs};
use crate::schema::{by_id, ids};

#[derive(Default)]
pub struct WebhooksQuery;

#[connections]
#[Object]
impl WebhooksQuery {
    /// 回调地址: the caller's organisation's endpoints (the platform's own for the platform).
    async fn webhook_endpoints(
        &self,
        ctx: &Context<'_>,
        args: PageArgs,
    ) -> async_graphql::Result<Conn<WebhookEndpoint>> {
        let (list, count) = (webhooks::endpoint::list, webhooks::endpoint::count);
        connect_all(ctx, args, list, count, WebhookEndpoint).await
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
