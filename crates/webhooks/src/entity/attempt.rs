use sea_orm::entity::prelude::*;

/// 投递状态 of one (event, endpoint).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum AttemptStatus {
    /// 待投递: due at `next_at`, or in flight while its lease lasts.
    #[sea_orm(string_value = "PENDING")]
    Pending,
    /// 已送达: the endpoint answered 2xx.
    #[sea_orm(string_value = "SUCCEEDED")]
    Succeeded,
    /// 已放弃: a 4xx that retrying cannot fix, or every retry failed.
    #[sea_orm(string_value = "FAILED")]
    Failed,
}

/// 投递任务: one event for one endpoint, retried until it succeeds or is given up.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "webhook_attempt")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub event_id: Uuid,
    pub endpoint_id: Uuid,
    /// The object the event is about: one object's events reach an endpoint in order.
    pub aggregate_id: Uuid,
    pub status: AttemptStatus,
    /// Tries since the attempt was (re)scheduled; the backoff grows with it.
    pub tries: i32,
    pub next_at: DateTimeUtc,
    /// While in the future, a worker is sending this attempt; after a crash it lapses.
    pub lease_until: Option<DateTimeUtc>,
    pub claimed_by: Option<String>,
    pub last_status_code: Option<i32>,
    pub created_at: DateTimeUtc,
    pub finished_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
