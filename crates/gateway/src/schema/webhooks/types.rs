//! The webhook objects: endpoints, their attempts and the log of tries.

use async_graphql::{Context, ID, Object};
use chrono::{DateTime, Utc};
use gateway_macros::connections;
use webhooks::entity::{attempt, delivery, endpoint};

use super::{WebhookAttemptStatus, WebhookDeliveryOutcome, WebhookEventType};
use crate::schema::connection::connect_scoped;
use crate::schema::connection::{Conn, PageArgs, connect};
use crate::schema::ids;
use crate::schema::{actor, state};

/// The id a receiver sees in `webhook-id` and the body's `id`: `evt_<32 hex digits>`.
pub fn event_id(id: uuid::Uuid) -> String {
    format!("evt_{}", id.simple())
}

/// 回调地址: where a subscriber receives events. The secret is shown only when created or
/// rotated.
pub struct WebhookEndpoint(pub endpoint::Model);

#[connections]
#[Object]
impl WebhookEndpoint {
    /// 全局 ID
    pub async fn id(&self) -> ID {
        ids::gid::<ids::WebhookEndpoint>(self.0.id)
    }
    /// 地址: https (http to loopback in development only).
    async fn url(&self) -> &str {
        &self.0.url
    }
    /// 说明
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }
    /// 订阅的事件类型
    async fn event_types(&self) -> Vec<WebhookEventType> {
        webhooks::endpoint::event_types(&self.0)
            .into_iter()
            .map(WebhookEventType::from)
            .collect()
    }
    /// 订阅者角色: whose reach scopes the events (e.g. ENTERPRISE_APP).
    async fn subscriber_role(&self) -> &str {
        &self.0.role
    }
    /// 是否启用
    async fn enabled(&self) -> bool {
        self.0.disabled_at.is_none()
    }
    /// 停用时间
    async fn disabled_at(&self) -> Option<DateTime<Utc>> {
        self.0.disabled_at
    }
    /// 停用原因: why deliveries stopped (410 Gone, persistent failure, or by the owner).
    async fn disabled_reason(&self) -> Option<&str> {
        self.0.disabled_reason.as_deref()
    }
    /// 旧密钥失效时间: until then the secret before the last rotation signs too.
    async fn previous_secret_expires_at(&self) -> Option<DateTime<Utc>> {
        self.0
            .previous_secret
            .as_ref()
            .and(self.0.previous_secret_until)
    }
    /// 创建时间
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// 更新时间
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    /// 投递日志: every try, oldest first (`last` for the newest), optionally of one event.
    async fn deliveries(
        &self,
        ctx: &Context<'_>,
        event_id: Option<String>,
        args: PageArgs,
    ) -> async_graphql::Result<Conn<WebhookDelivery>> {
        let (s, actor) = (state(ctx)?, actor(ctx)?);
        let event = match event_id.as_deref() {
            Some(e) => Some(parse_event_id("eventId", e)?),
            None => None,
        };
        let id = self.0.id;
        connect(
            ctx,
            args,
            |spec| webhooks::log::deliveries(&s.db, actor, id, event, spec),
            webhooks::log::count_deliveries(&s.db, actor, id, event),
            WebhookDelivery,
        )
        .await
    }
    /// 投递任务: one per event sent to this endpoint, oldest first.
    async fn attempts(
        &self,
        ctx: &Context<'_>,
        args: PageArgs,
    ) -> async_graphql::Result<Conn<WebhookAttempt>> {
        let id = self.0.id;
        let (list, count) = (webhooks::log::attempts, webhooks::log::count_attempts);
        connect_scoped(ctx, args, id, list, count, WebhookAttempt).await
    }
}

/// Parses `evt_<hex>` (or a bare UUID).
pub fn parse_event_id(field: &str, s: &str) -> Result<uuid::Uuid, kernel::DomainError> {
    uuid::Uuid::parse_str(s.strip_prefix("evt_").unwrap_or(s)).map_err(|_| {
        kernel::DomainError::invalid(
            &[field],
            kernel::error::codes::INVALID_ID,
            kernel::Message::new("不是有效的事件 ID（evt_…）", "not an event id (evt_…)"),
        )
    })
}

/// 投递任务: one event for one endpoint.
pub struct WebhookAttempt(pub attempt::Model);

#[Object]
impl WebhookAttempt {
    /// 全局 ID
    async fn id(&self) -> ID {
        ids::gid::<ids::WebhookAttempt>(self.0.id)
    }
    /// 事件 ID (`webhook-id`)
    async fn event_id(&self) -> String {
        event_id(self.0.event_id)
    }
    /// 状态
    async fn status(&self) -> WebhookAttemptStatus {
        self.0.status.into()
    }
    /// 本轮已尝试次数 (from zero again after a redelivery)
    async fn tries(&self) -> i32 {
        self.0.tries
    }
    /// 下次尝试时间 (while pending)
    async fn next_attempt_at(&self) -> Option<DateTime<Utc>> {
        (self.0.status == attempt::AttemptStatus::Pending).then_some(self.0.next_at)
    }
    /// 最近的状态码
    async fn last_status_code(&self) -> Option<i32> {
        self.0.last_status_code
    }
    /// 创建时间
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// 结束时间 (succeeded or given up)
    async fn finished_at(&self) -> Option<DateTime<Utc>> {
        self.0.finished_at
    }
}

/// 投递记录: one try, as sent and answered.
pub struct WebhookDelivery(pub delivery::Model);

#[Object]
impl WebhookDelivery {
    /// 全局 ID
    async fn id(&self) -> ID {
        ids::gid::<ids::WebhookDelivery>(self.0.id)
    }
    /// 事件 ID (`webhook-id`)
    async fn event_id(&self) -> String {
        event_id(self.0.event_id)
    }
    /// 事件类型 on the wire, e.g. `certification.listed`
    async fn event_type(&self) -> &str {
        &self.0.event_type
    }
    /// 第几次尝试 (of the attempt's current round)
    async fn attempt_number(&self) -> i32 {
        self.0.try_no
    }
    /// 发送时间
    async fn started_at(&self) -> DateTime<Utc> {
        self.0.started_at
    }
    /// 耗时（毫秒）
    async fn latency_ms(&self) -> i64 {
        self.0.latency_ms
    }
    /// 状态码 (null: no answer)
    async fn status_code(&self) -> Option<i32> {
        self.0.status_code
    }
    /// 结果
    async fn outcome(&self) -> WebhookDeliveryOutcome {
        self.0.outcome.into()
    }
    /// 错误说明 (no answer)
    async fn error(&self) -> Option<&str> {
        self.0.error.as_deref()
    }
    /// 响应摘录: the first 1000 bytes of the answer.
    async fn response_excerpt(&self) -> Option<&str> {
        self.0.response_excerpt.as_deref()
    }
}
