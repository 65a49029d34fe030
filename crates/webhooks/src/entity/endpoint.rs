use sea_orm::entity::prelude::*;

/// 回调地址: a subscriber's endpoint. The owner columns say whose it is (one of enterprise,
/// association, supplier, or none for the platform) and `role` which role's reach scopes the
/// events it receives (an enterprise's APP credential reads less than its admins).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "webhook_endpoint")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub role: String,
    pub enterprise_id: Option<Uuid>,
    pub association_id: Option<Uuid>,
    pub supplier_id: Option<Uuid>,
    pub url: String,
    pub description: Option<String>,
    /// Subscribed event types, comma-separated (`order.paid,certification.listed`).
    pub event_types: String,
    /// The signing secret, sealed with the server's webhook key (see `crate::secret`).
    pub secret: String,
    /// The secret before the last rotation, still signing until `previous_secret_until`.
    pub previous_secret: Option<String>,
    pub previous_secret_until: Option<DateTimeUtc>,
    pub disabled_at: Option<DateTimeUtc>,
    pub disabled_reason: Option<String>,
    pub created_by: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
