use sea_orm::entity::prelude::*;

/// 贫困县: a county-level region marked by the platform, with how it was classed.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "poverty_county")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub region_code: String,
    /// 国家扶贫开发工作重点县
    pub national_key: bool,
    /// 集中连片特困地区, e.g. 秦巴山区
    pub contiguous_area: Option<String>,
    /// 脱贫摘帽年份
    pub exited_year: Option<i32>,
    pub updated_by: String,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
