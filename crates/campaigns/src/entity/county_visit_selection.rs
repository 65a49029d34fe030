use sea_orm::entity::prelude::*;

/// A product selected on a county visit (选品), in the order given.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "county_visit_selection")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub visit_id: Uuid,
    pub association_id: Option<Uuid>,
    pub enterprise_id: Option<Uuid>,
    pub name: String,
    pub supplier_name: Option<String>,
    pub ordinal: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
