use sea_orm::entity::prelude::*;

/// 扶贫产品认定状态
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(24))")]
pub enum CertificationState {
    /// 已申请
    #[sea_orm(string_value = "SUBMITTED")]
    Submitted,
    /// 县级认定通过
    #[sea_orm(string_value = "COUNTY_APPROVED")]
    CountyApproved,
    /// 未通过
    #[sea_orm(string_value = "REJECTED")]
    Rejected,
    /// 公示中
    #[sea_orm(string_value = "PUBLICIZING")]
    Publicizing,
    /// 已入目录
    #[sea_orm(string_value = "LISTED")]
    Listed,
    /// 暂停 (下架 after a failed spot check)
    #[sea_orm(string_value = "SUSPENDED")]
    Suspended,
    /// 撤销
    #[sea_orm(string_value = "REVOKED")]
    Revoked,
    /// 已过期 (derived: LISTED past its valid-to date)
    #[sea_orm(string_value = "EXPIRED")]
    Expired,
}

/// 扶贫产品认定: one application and its outcome.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "certification")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub product_id: Uuid,
    pub supplier_id: Uuid,
    pub state: CertificationState,
    pub publicity_ends_on: Option<Date>,
    /// 目录批次
    pub catalogue_batch: Option<String>,
    /// 认定证书编号
    pub certificate_no: Option<String>,
    pub valid_from: Option<Date>,
    pub valid_to: Option<Date>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::product::Entity",
        from = "Column::ProductId",
        to = "super::product::Column::Id"
    )]
    Product,
}

impl Related<super::product::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Product.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
