//! 回调地址 mutations: register (the secret shown once), change, rotate the secret, disable,
//! enable, delete, and ask for redelivery.

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, TimeDelta, Utc};
use kernel::DomainResult;
use webhooks::endpoint::{EndpointChanges, NewEndpoint};

use super::types::{WebhookEndpoint, parse_event_id};
use super::{WebhookEventType, WebhookUserError};
use crate::schema::payload::{Payload, payload, respond};
use crate::schema::{actor, ids, mutate_by_id, state, write_by_id};

payload!(WebhookEndpointPayload, webhook_endpoint: WebhookEndpoint, WebhookUserError, "回调地址变更结果");

/// 注册或轮换密钥的结果: the endpoint and its signing secret, shown this once.
#[derive(SimpleObject)]
pub struct WebhookEndpointSecretPayload {
    /// 回调地址; null when the input had errors.
    pub webhook_endpoint: Option<WebhookEndpoint>,
    /// 签名密钥 (`whsec_…`): configure it in the receiver now; it is never shown again.
    pub secret: Option<String>,
    /// 用户错误
    pub user_errors: Vec<WebhookUserError>,
}

impl WebhookEndpointSecretPayload {
    fn from_result(
        ctx: &Context<'_>,
        result: DomainResult<(webhooks::entity::endpoint::Model, webhooks::SigningSecret)>,
    ) -> async_graphql::Result<Self> {
        let (pair, user_errors) = respond(ctx, result, |(e, s)| (WebhookEndpoint(e), s.reveal()))?;
        let (webhook_endpoint, secret) = pair.unzip();
        Ok(Self {
            webhook_endpoint,
            secret,
            user_errors,
        })
    }
}

/// 删除回调地址的结果
#[derive(SimpleObject)]
pub struct DeleteWebhookEndpointPayload {
    /// 已删除的 ID
    pub deleted_id: Option<ID>,
    /// 用户错误
    pub user_errors: Vec<WebhookUserError>,
}

/// 重新投递的结果
#[derive(SimpleObject)]
pub struct RedeliverWebhookEventsPayload {
    /// 重新安排的事件数
    pub redelivered: Option<u64>,
    /// 用户错误
    pub user_errors: Vec<WebhookUserError>,
}

/// 注册回调地址
#[derive(InputObject)]
pub struct CreateWebhookEndpointInput {
    /// https URL (in development also http to loopback).
    pub url: String,
    /// 订阅的事件类型 (at least one).
    #[graphql(validator(max_items = 50))]
    pub event_types: Vec<WebhookEventType>,
    /// 说明 (up to 500 characters)
    pub description: Option<String>,
}

/// 修改回调地址: fields left out keep their value.
#[derive(InputObject)]
pub struct UpdateWebhookEndpointInput {
    pub id: ID,
    pub url: Option<String>,
    #[graphql(validator(max_items = 50))]
    pub event_types: Option<Vec<WebhookEventType>>,
    pub description: Option<String>,
}

/// 轮换签名密钥
#[derive(InputObject)]
pub struct RotateWebhookEndpointSecretInput {
    pub id: ID,
    /// 重叠期（秒）: how long the old secret keeps signing beside the new one. Default 86400
    /// (a day), at most 604800 (a week); 0 ends it at once.
    pub overlap_seconds: Option<i64>,
}

/// 回调地址 by id
#[derive(InputObject)]
pub struct WebhookEndpointIdInput {
    pub id: ID,
}

/// 重新投递: one event (`eventId`) or everything the endpoint had since a time (`since`).
#[derive(InputObject)]
pub struct RedeliverWebhookEventsInput {
    pub endpoint_id: ID,
    /// 事件 ID (`evt_…`, as in `webhook-id`)
    pub event_id: Option<String>,
    /// 起始时间
    pub since: Option<DateTime<Utc>>,
}

fn endpoint_id(id: &ID) -> DomainResult<uuid::Uuid> {
    ids::parse::<ids::WebhookEndpoint>("id", id)
}

#[derive(Default)]
pub struct WebhooksMutation;

#[Object]
impl WebhooksMutation {
    /// 注册回调地址. Enterprise admins and APP credentials, association admins, suppliers and
    /// the platform, each for its own organisation. The secret is in the payload, this once.
    async fn create_webhook_endpoint(
        &self,
        ctx: &Context<'_>,
        input: CreateWebhookEndpointInput,
    ) -> async_graphql::Result<WebhookEndpointSecretPayload> {
        let (s, actor) = (state(ctx)?, actor(ctx)?);
        let result = async {
            participants::access::require_role(actor, &webhooks::endpoint::SUBSCRIBERS)?;
            let url =
                webhooks::endpoint::checked_url(&input.url, s.config.webhook_policy()).await?;
            let key = s.config.webhooks.sealing_key();
            let new = NewEndpoint {
                url,
                event_types: input.event_types.into_iter().map(Into::into).collect(),
                description: input.description,
            };
            kernel::db::write(&s.db, async |txn| {
                webhooks::endpoint::register(txn, actor, &s.clock, &key, new).await
            })
            .await
        }
        .await;
        WebhookEndpointSecretPayload::from_result(ctx, result)
    }

    /// 修改回调地址: URL, event types, description.
    async fn update_webhook_endpoint(
        &self,
        ctx: &Context<'_>,
        input: UpdateWebhookEndpointInput,
    ) -> async_graphql::Result<WebhookEndpointPayload> {
        let (s, actor) = (state(ctx)?, actor(ctx)?);
        let result = async {
            let id = endpoint_id(&input.id)?;
            let url = match &input.url {
                Some(u) => {
                    Some(webhooks::endpoint::checked_url(u, s.config.webhook_policy()).await?)
                }
                None => None,
            };
            let changes = EndpointChanges {
                url,
                event_types: input
                    .event_types
                    .map(|t| t.into_iter().map(Into::into).collect()),
                description: input.description.map(Some),
            };
            kernel::db::write(&s.db, async |txn| {
                webhooks::endpoint::update(txn, actor, &s.clock, id, changes).await
            })
            .await
        }
        .await;
        WebhookEndpointPayload::from_result(ctx, result, WebhookEndpoint)
    }

    /// 轮换签名密钥: the new secret is in the payload, this once; the old one keeps signing
    /// beside it for the overlap, so receivers switch without missing a delivery.
    async fn rotate_webhook_endpoint_secret(
        &self,
        ctx: &Context<'_>,
        input: RotateWebhookEndpointSecretInput,
    ) -> async_graphql::Result<WebhookEndpointSecretPayload> {
        let (s, actor) = (state(ctx)?, actor(ctx)?);
        let result = async {
            let id = endpoint_id(&input.id)?;
            let overlap = input.overlap_seconds.map(TimeDelta::seconds);
            let key = s.config.webhooks.sealing_key();
            kernel::db::write(&s.db, async |txn| {
                webhooks::endpoint::rotate_secret(txn, actor, &s.clock, &key, id, overlap).await
            })
            .await
        }
        .await;
        WebhookEndpointSecretPayload::from_result(ctx, result)
    }

    /// 停用回调地址: deliveries wait until it is enabled again.
    async fn disable_webhook_endpoint(
        &self,
        ctx: &Context<'_>,
        input: WebhookEndpointIdInput,
    ) -> async_graphql::Result<WebhookEndpointPayload> {
        let disable = webhooks::endpoint::disable_by_owner;
        mutate_by_id::<ids::WebhookEndpoint, _, _>(ctx, "id", &input.id, disable, WebhookEndpoint)
            .await
    }

    /// 启用回调地址 (after fixing the receiver): waiting deliveries are due at once.
    async fn enable_webhook_endpoint(
        &self,
        ctx: &Context<'_>,
        input: WebhookEndpointIdInput,
    ) -> async_graphql::Result<WebhookEndpointPayload> {
        let enable = webhooks::endpoint::enable;
        mutate_by_id::<ids::WebhookEndpoint, _, _>(ctx, "id", &input.id, enable, WebhookEndpoint)
            .await
    }

    /// 删除回调地址, with its delivery log.
    async fn delete_webhook_endpoint(
        &self,
        ctx: &Context<'_>,
        input: WebhookEndpointIdInput,
    ) -> async_graphql::Result<DeleteWebhookEndpointPayload> {
        let delete =
            async |txn: &_, actor: &_, _: &_, id| webhooks::endpoint::delete(txn, actor, id).await;
        let result = write_by_id::<ids::WebhookEndpoint, _>(ctx, "id", &input.id, delete).await?;
        let gid = ids::gid::<ids::WebhookEndpoint>;
        let (deleted_id, user_errors) = respond(ctx, result, gid)?;
        Ok(DeleteWebhookEndpointPayload {
            deleted_id,
            user_errors,
        })
    }

    /// 重新投递: one event again, or everything the endpoint had since a time. The events
    /// keep their ids, so a receiver that has one already recognises it.
    async fn redeliver_webhook_events(
        &self,
        ctx: &Context<'_>,
        input: RedeliverWebhookEventsInput,
    ) -> async_graphql::Result<RedeliverWebhookEventsPayload> {
        let (s, actor) = (state(ctx)?, actor(ctx)?);
        let result = async {
            let id = ids::parse::<ids::WebhookEndpoint>("endpointId", &input.endpoint_id)?;
            match (input.event_id.as_deref(), input.since) {
                (Some(event), None) => {
                    let event = parse_event_id("eventId", event)?;
                    kernel::db::write(&s.db, async |txn| {
                        webhooks::redeliver::event(txn, actor, &s.clock, id, event).await
                    })
                    .await
                }
                (None, Some(since)) => {
                    kernel::db::write(&s.db, async |txn| {
                        webhooks::redeliver::since(txn, actor, &s.clock, id, since).await
                    })
                    .await
                }
                _ => Err(kernel::DomainError::invalid(
                    &["eventId"],
                    kernel::error::codes::INVALID,
                    kernel::Message::new(
                        "请指定 eventId 或 since 之一",
                        "give either eventId or since",
                    ),
                )),
            }
        }
        .await;
        let (redelivered, user_errors) = respond(ctx, result, |n| n)?;
        Ok(RedeliverWebhookEventsPayload {
            redelivered,
            user_errors,
        })
    }
}
