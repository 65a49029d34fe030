use sea_orm::entity::prelude::*;

/// 投递结果 of one try.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum Outcome {
    /// 2xx
    #[sea_orm(string_value = "SUCCEEDED")]
    Succeeded,
    /// Another status code.
    #[sea_orm(string_value = "HTTP_ERROR")]
    HttpError,
    /// No answer within the timeout.
    #[sea_orm(string_value = "TIMEOUT")]
    Timeout,
    /// No connection (refused, DNS, TLS, a refused address).
    #[sea_orm(string_value = "NETWORK")]
    Network,
}

/// 投递日志: one try of one attempt, as the subscriber sees it in the delivery log.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "webhook_delivery")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub attempt_id: Uuid,
    pub endpoint_id: Uuid,
    pub event_id: Uuid,
    pub event_type: String,
    pub try_no: i32,
    pub started_at: DateTimeUtc,
    pub latency_ms: i64,
    pub status_code: Option<i32>,
    pub outcome: Outcome,
    pub error: Option<String>,
    pub response_excerpt: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
