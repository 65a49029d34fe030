use sea_orm::entity::prelude::*;

/// 到期提醒: that `certification.expiring` was sent for a certification and its valid-to date.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "certification_expiry_notice")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub certification_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub valid_to: Date,
    pub supplier_id: Uuid,
    pub notified_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
