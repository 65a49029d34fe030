use sea_orm::entity::prelude::*;

/// 县域考察选品: a visit to a poor county to select products.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "county_visit")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub campaign_id: Uuid,
    pub association_id: Option<Uuid>,
    pub enterprise_id: Option<Uuid>,
    pub county_code: String,
    pub starts_on: Date,
    pub ends_on: Date,
    pub participant_count: i32,
    /// 业主代表: how many of the participants were residents' representatives.
    pub owner_representative_count: i32,
    pub summary: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
