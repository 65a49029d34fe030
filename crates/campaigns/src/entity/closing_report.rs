use sea_orm::entity::prelude::*;

/// 结案报告: what happened at a community event.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "closing_report")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub event_id: Uuid,
    pub association_id: Option<Uuid>,
    pub enterprise_id: Option<Uuid>,
    pub attendance: i32,
    /// JSON array of the products tasted.
    pub products_tasted: String,
    pub sales_fen: Option<i64>,
    /// JSON array of photo URLs.
    pub photo_urls: String,
    pub summary: String,
    pub filed_by: String,
    pub filed_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
