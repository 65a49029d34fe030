use sea_orm::entity::prelude::*;

use super::enlistment::EnlistmentState;

/// One step of an enlistment: who, when, from which state to which, and why.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "enlistment_event")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub enlistment_id: Uuid,
    pub association_id: Option<Uuid>,
    pub enterprise_id: Option<Uuid>,
    pub from_state: Option<EnlistmentState>,
    pub to_state: EnlistmentState,
    pub actor: String,
    pub comment: Option<String>,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
