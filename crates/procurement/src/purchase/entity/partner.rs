use sea_orm::entity::prelude::*;

/// 合作企业类型: the property industry chain's partners the campaign notice names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, serde::Serialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(24))")]
pub enum PartnerKind {
    /// 房产经纪
    #[sea_orm(string_value = "ESTATE_AGENCY")]
    EstateAgency,
    /// 仓储物流
    #[sea_orm(string_value = "LOGISTICS")]
    Logistics,
    /// 儿童教育
    #[sea_orm(string_value = "EDUCATION")]
    Education,
    /// 其他
    #[sea_orm(string_value = "OTHER")]
    Other,
}

/// 合作企业: a company of the property industry chain that the mobilising enterprise
/// (`enterprise_id`) registered with its unified social credit code.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "partner_company")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub enterprise_id: Uuid,
    pub name: String,
    pub uscc: String,
    pub kind: PartnerKind,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub created_by: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
