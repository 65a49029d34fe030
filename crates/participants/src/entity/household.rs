use sea_orm::entity::prelude::*;

/// 业主/住户: a resident household of a project. Created by the enterprise or, on first login,
/// by the company's APP through `issue_household_token`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "household")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub enterprise_id: Uuid,
    pub project_id: Uuid,
    /// The APP's own user id for this resident; unique per enterprise.
    pub external_user_id: Option<String>,
    pub display_name: Option<String>,
    pub phone: Option<String>,
    /// The team (战队) the household is in now; at most one at a time.
    pub team_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
