//! Administrative regions (GB/T 2260 codes) from the national division table shipped with the
//! project and loaded by a migration. Codes change over time, so each row keeps the revision it
//! came from, and nothing ever joins on names.

use std::fmt;

use sea_orm::entity::prelude::*;
use sea_orm::{ConnectionTrait, QueryOrder};

use crate::error::{DomainError, DomainResult, Message, Problem, codes};

/// A 6-digit region code, e.g. `340100` (合肥市).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RegionCode(u32);

impl RegionCode {
    /// Checks the form only; [`resolve`] checks that the code exists.
    pub fn parse(field: &[&str], input: &str) -> Result<Self, Problem> {
        let s = input.trim();
        let digits = s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit()) && !s.starts_with('0');
        if let Some(n) = digits.then(|| s.parse::<u32>().ok()).flatten() {
            return Ok(Self(n));
        }
        Err(Problem::new(
            field,
            codes::INVALID_REGION,
            Message::new(
                "不是有效的 6 位行政区划代码",
                "not a valid 6-digit administrative region code",
            ),
        ))
    }

    pub fn as_string(self) -> String {
        self.to_string()
    }
}

impl fmt::Display for RegionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:06}", self.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum RegionLevel {
    #[sea_orm(string_value = "PROVINCE")]
    Province,
    #[sea_orm(string_value = "CITY")]
    City,
    #[sea_orm(string_value = "COUNTY")]
    County,
}

/// One row of the division table.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "region")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub code: String,
    pub name: String,
    pub level: RegionLevel,
    pub parent_code: Option<String>,
    /// Name of the province the region lies in (itself for a province).
    pub province: String,
    /// Name of the city the region lies in, if it is a county.
    pub city: Option<String>,
    /// The table revision the code came from, e.g. "2023".
    pub revision: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

pub type Region = Model;

impl Model {
    /// "市辖区" is the statistical placeholder city of the four municipalities; people call
    /// such a city by the province's name.
    pub fn display_name(&self) -> &str {
        if self.level == RegionLevel::City && self.name == "市辖区" {
            &self.province
        } else {
            &self.name
        }
    }
}

/// The region with this code, or `None`.
pub async fn find(conn: &impl ConnectionTrait, code: RegionCode) -> DomainResult<Option<Region>> {
    Ok(Entity::find_by_id(code.as_string()).one(conn).await?)
}

/// Parses and checks that the code exists at one of `levels`.
pub async fn resolve(
    conn: &impl ConnectionTrait,
    field: &[&str],
    input: &str,
    levels: &[RegionLevel],
) -> Result<Region, DomainError> {
    let code = RegionCode::parse(field, input).map_err(|p| DomainError::Invalid(vec![p]))?;
    match find(conn, code).await? {
        Some(region) if levels.contains(&region.level) => Ok(region),
        _ => Err(DomainError::invalid(
            field,
            codes::INVALID_REGION,
            Message::new(
                format!("行政区划代码 {code} 不存在或级别不符"),
                format!("region code {code} does not exist at the required level"),
            ),
        )),
    }
}

/// Regions filtered by parent and level, in code order. With neither filter, the provinces.
pub async fn list(
    conn: &impl ConnectionTrait,
    parent: Option<RegionCode>,
    level: Option<RegionLevel>,
) -> DomainResult<Vec<Region>> {
    let mut query = Entity::find().order_by_asc(Column::Code);
    match (parent, level) {
        (None, None) => query = query.filter(Column::Level.eq(RegionLevel::Province)),
        (parent, level) => {
            if let Some(parent) = parent {
                query = query.filter(Column::ParentCode.eq(parent.as_string()));
            }
            if let Some(level) = level {
                query = query.filter(Column::Level.eq(level));
            }
        }
    }
    Ok(query.all(conn).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_codes_are_six_digits() {
        assert_eq!(
            RegionCode::parse(&["c"], "340100").unwrap().to_string(),
            "340100"
        );
        for bad in ["", "34010", "3401000", "34010a", "000000", "-34010"] {
            assert_eq!(
                RegionCode::parse(&["c"], bad).unwrap_err().code,
                codes::INVALID_REGION,
                "{bad}"
            );
        }
    }
}
