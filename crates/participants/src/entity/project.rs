use sea_orm::entity::prelude::*;

/// 物业类型: the kind of property a project manages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
pub enum PropertyType {
    /// 住宅
    #[sea_orm(string_value = "RESIDENTIAL")]
    Residential,
    /// 商业
    #[sea_orm(string_value = "COMMERCIAL")]
    Commercial,
    /// 写字楼
    #[sea_orm(string_value = "OFFICE")]
    Office,
    /// 产业园区
    #[sea_orm(string_value = "INDUSTRIAL_PARK")]
    IndustrialPark,
    /// 公共建筑 (政府、学校、医院等)
    #[sea_orm(string_value = "PUBLIC")]
    Public,
    /// 其他
    #[sea_orm(string_value = "OTHER")]
    Other,
}

impl PropertyType {
    /// Accepts the enum name or the Chinese label used in the enterprise form's project list.
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        let all = [
            (
                Self::Residential,
                "RESIDENTIAL",
                &["住宅", "住宅小区", "小区"][..],
            ),
            (Self::Commercial, "COMMERCIAL", &["商业", "商业综合体"][..]),
            (Self::Office, "OFFICE", &["写字楼", "办公楼", "办公"][..]),
            (
                Self::IndustrialPark,
                "INDUSTRIAL_PARK",
                &["产业园区", "产业园", "园区"][..],
            ),
            (
                Self::Public,
                "PUBLIC",
                &["公共建筑", "学校", "医院", "政府机关"][..],
            ),
            (Self::Other, "OTHER", &["其他", "其它"][..]),
        ];
        all.into_iter()
            .find(|(_, name, labels)| s.eq_ignore_ascii_case(name) || labels.contains(&s))
            .map(|(t, _, _)| t)
    }
}

/// 参战项目: a community (小区) or other property an enterprise manages and enlists.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "project")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub enterprise_id: Uuid,
    pub city_code: String,
    pub name: String,
    pub property_type: PropertyType,
    pub address: Option<String>,
    pub household_count: i32,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

#[cfg(test)]
mod tests {
    use super::PropertyType;

    #[test]
    fn property_types_parse_from_names_and_labels() {
        assert_eq!(PropertyType::parse("住宅"), Some(PropertyType::Residential));
        assert_eq!(PropertyType::parse("office"), Some(PropertyType::Office));
        assert_eq!(PropertyType::parse("城堡"), None);
    }
}
