use sea_orm::entity::prelude::*;

/// The alliance's five regions (联盟区域) that group enterprises for the service team.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
pub enum AllianceRegion {
    /// 华南
    #[sea_orm(string_value = "SOUTH_CHINA")]
    SouthChina,
    /// 华北东北
    #[sea_orm(string_value = "NORTH_AND_NORTHEAST")]
    NorthAndNortheast,
    /// 华中
    #[sea_orm(string_value = "CENTRAL_CHINA")]
    CentralChina,
    /// 华东
    #[sea_orm(string_value = "EAST_CHINA")]
    EastChina,
    /// 西北西南
    #[sea_orm(string_value = "NORTHWEST_AND_SOUTHWEST")]
    NorthwestAndSouthwest,
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "enterprise")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    pub association_id: Option<Uuid>,
    pub alliance_region: AllianceRegion,
    pub region_code: Option<String>,
    pub address: Option<String>,
    pub wechat_official_account: Option<String>,
    pub website: Option<String>,
    pub lead_name: Option<String>,
    pub lead_phone: Option<String>,
    pub specialist_name: Option<String>,
    pub specialist_phone: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
