use sea_orm::entity::prelude::*;

/// 上报批次: one `reportSales` call (or one chunk of a CSV import) of an enterprise.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reported_batch")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub enterprise_id: Uuid,
    /// The enterprise's association when the batch came in: the association reviews it.
    pub association_id: Option<Uuid>,
    pub submitted_by: String,
    pub submitted_at: DateTimeUtc,
    /// REJECT_EVERYTHING or REJECT_FAILED_ROWS.
    pub error_policy: String,
    /// Rows in the call.
    pub row_count: i32,
    /// New rows held for review.
    pub received_count: i32,
    /// Rows sent before with the same content: recognised, not held twice.
    pub repeated_count: i32,
    pub failed_count: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
