use sea_orm::entity::prelude::*;

use super::certification::CertificationState;

/// One transition of a certification: who, when, from which state to which, and why.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "certification_event")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub certification_id: Uuid,
    pub from_state: Option<CertificationState>,
    pub to_state: CertificationState,
    pub actor: String,
    pub comment: Option<String>,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
