use sea_orm::entity::prelude::*;

/// 就业扶贫: a job given to a member of a registered poor household. The person is known only
/// by a pseudonymous reference, never by name or ID number.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "employment")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub campaign_id: Uuid,
    pub association_id: Option<Uuid>,
    pub enterprise_id: Uuid,
    /// The county the worker comes from.
    pub county_code: String,
    pub role: String,
    pub starts_on: Date,
    pub person_ref: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
