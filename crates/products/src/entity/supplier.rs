use sea_orm::entity::prelude::*;

/// 市场主体类型
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
pub enum SupplierKind {
    /// 企业
    #[sea_orm(string_value = "ENTERPRISE")]
    Enterprise,
    /// 农民专业合作社
    #[sea_orm(string_value = "COOPERATIVE")]
    Cooperative,
    /// 家庭农场
    #[sea_orm(string_value = "FAMILY_FARM")]
    FamilyFarm,
    /// 村集体经济组织
    #[sea_orm(string_value = "VILLAGE_COLLECTIVE")]
    VillageCollective,
}

/// 市场主体: the producer behind poverty-alleviation products.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "supplier")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    pub kind: SupplierKind,
    /// 统一社会信用代码 (18 characters, check character verified)
    pub uscc: String,
    pub county_code: String,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    /// Comma-separated benefit mechanisms: WAGE, ASSET, OPERATING_INCOME.
    pub benefit_mechanisms: String,
    /// 带动建档立卡贫困户数
    pub linked_poor_households: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
