//! Which rollup rows an entry goes into: one per dimension the entry has a value for, times
//! one per period it has a key for, within its campaign.

use uuid::Uuid;

use crate::entity::entry;

/// 维度: what a rollup sums by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dimension {
    /// 全部: the campaign as a whole (key `""`).
    All,
    /// 省: the origin province of the products (where the help goes), beside COUNTY.
    Province,
    /// 市: the buyer's city (the project's), as in the campaign's 57-city ranking.
    City,
    Association,
    Enterprise,
    Project,
    Team,
    County,
    Supplier,
    Product,
    Channel,
    Household,
    /// The projects (communities) of a city: key `城市代码/项目`, so the communities of one
    /// city are one key range (what a resident's "my community in my city" ranks among).
    CityProject,
    /// The buying enterprises of a city: key `城市代码/企业`.
    CityEnterprise,
    /// The teams of a project: key `项目/战队`.
    ProjectTeam,
    /// The enterprises of an association: key `协会/企业`.
    AssociationEnterprise,
}

/// Between the scope's key and the competitor's in a scoped dimension's key. It sorts just
/// below `0`, so the keys of one scope are the range `scope/` ..< `scope0`.
pub const SCOPE_SEPARATOR: char = '/';

impl Dimension {
    pub const ALL: [Dimension; 16] = [
        Dimension::All,
        Dimension::Province,
        Dimension::City,
        Dimension::Association,
        Dimension::Enterprise,
        Dimension::Project,
        Dimension::Team,
        Dimension::County,
        Dimension::Supplier,
        Dimension::Product,
        Dimension::Channel,
        Dimension::Household,
        Dimension::CityProject,
        Dimension::CityEnterprise,
        Dimension::ProjectTeam,
        Dimension::AssociationEnterprise,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Dimension::All => "ALL",
            Dimension::Province => "PROVINCE",
            Dimension::City => "CITY",
            Dimension::Association => "ASSOCIATION",
            Dimension::Enterprise => "ENTERPRISE",
            Dimension::Project => "PROJECT",
            Dimension::Team => "TEAM",
            Dimension::County => "COUNTY",
            Dimension::Supplier => "SUPPLIER",
            Dimension::Product => "PRODUCT",
            Dimension::Channel => "CHANNEL",
            Dimension::Household => "HOUSEHOLD",
            // At most 16 characters (the column's width).
            Dimension::CityProject => "CITY_PROJECT",
            Dimension::CityEnterprise => "CITY_ENTERPRISE",
            Dimension::ProjectTeam => "PROJECT_TEAM",
            Dimension::AssociationEnterprise => "ASSOC_ENTERPRISE",
        }
    }

    pub fn parse(s: &str) -> Option<Dimension> {
        Dimension::ALL.into_iter().find(|d| d.as_str() == s)
    }

    /// For a scoped dimension, the scope's dimension and the competitors' (CITY_PROJECT is
    /// (CITY, PROJECT)); `None` for the others.
    pub fn scoped(self) -> Option<(Dimension, Dimension)> {
        match self {
            Dimension::CityProject => Some((Dimension::City, Dimension::Project)),
            Dimension::CityEnterprise => Some((Dimension::City, Dimension::Enterprise)),
            Dimension::ProjectTeam => Some((Dimension::Project, Dimension::Team)),
            Dimension::AssociationEnterprise => {
                Some((Dimension::Association, Dimension::Enterprise))
            }
            _ => None,
        }
    }

    /// The entry column the dimension groups by (`None` for ALL and the scoped dimensions,
    /// which group by two).
    pub fn column(self) -> Option<entry::Column> {
        match self {
            Dimension::All => None,
            Dimension::Province => Some(entry::Column::ProvinceCode),
            Dimension::City => Some(entry::Column::CityCode),
            Dimension::Association => Some(entry::Column::AssociationId),
            Dimension::Enterprise => Some(entry::Column::EnterpriseId),
            Dimension::Project => Some(entry::Column::ProjectId),
            Dimension::Team => Some(entry::Column::TeamId),
            Dimension::County => Some(entry::Column::CountyCode),
            Dimension::Supplier => Some(entry::Column::SupplierId),
            Dimension::Product => Some(entry::Column::ProductId),
            Dimension::Channel => Some(entry::Column::Channel),
            Dimension::Household => Some(entry::Column::HouseholdId),
            Dimension::CityProject
            | Dimension::CityEnterprise
            | Dimension::ProjectTeam
            | Dimension::AssociationEnterprise => None,
        }
    }

    /// The entry's key in this dimension, or `None` if the entry has no value for it (a fair
    /// sale without a project has no PROJECT, a sale to no household no TEAM).
    pub fn key_of(self, e: &entry::Model) -> Option<String> {
        let id = |v: Option<Uuid>| v.map(|u| u.to_string());
        match self {
            Dimension::All => Some(String::new()),
            Dimension::Province => Some(e.province_code.clone()),
            Dimension::City => e.city_code.clone(),
            Dimension::Association => id(e.association_id),
            Dimension::Enterprise => id(e.enterprise_id),
            Dimension::Project => id(e.project_id),
            Dimension::Team => id(e.team_id),
            Dimension::County => Some(e.county_code.clone()),
            Dimension::Supplier => Some(e.supplier_id.to_string()),
            Dimension::Product => Some(e.product_id.to_string()),
            Dimension::Channel => Some(e.channel.as_str().to_owned()),
            Dimension::Household => id(e.household_id),
            Dimension::CityProject
            | Dimension::CityEnterprise
            | Dimension::ProjectTeam
            | Dimension::AssociationEnterprise => {
                let (scope, inner) = self.scoped()?;
                Some(format!(
                    "{}{SCOPE_SEPARATOR}{}",
                    scope.key_of(e)?,
                    inner.key_of(e)?
                ))
            }
        }
    }
}

/// 统计周期
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    /// 累计 (key `""`)
    All,
    /// 阶段 (key: the phase id)
    Phase,
    /// 月 (key `YYYY-MM`)
    Month,
    /// 日 (key `YYYY-MM-DD`)
    Day,
}

impl Period {
    pub const ALL: [Period; 4] = [Period::All, Period::Phase, Period::Month, Period::Day];

    pub fn as_str(self) -> &'static str {
        match self {
            Period::All => "ALL",
            Period::Phase => "PHASE",
            Period::Month => "MONTH",
            Period::Day => "DAY",
        }
    }

    pub fn parse(s: &str) -> Option<Period> {
        Period::ALL.into_iter().find(|p| p.as_str() == s)
    }

    /// The entry's key in this period, or `None` (no PHASE outside every phase).
    pub fn key_of(self, e: &entry::Model) -> Option<String> {
        match self {
            Period::All => Some(String::new()),
            Period::Phase => e.phase_id.map(|p| p.to_string()),
            Period::Month => Some(e.counted_on.format("%Y-%m").to_string()),
            Period::Day => Some(e.counted_on.format("%Y-%m-%d").to_string()),
        }
    }
}

/// The campaign key of rollup rows: the nil uuid stands for "outside every campaign", so that
/// every sealed entry is in some rollup and the audit can account for all of them.
pub fn campaign_key(campaign_id: Option<Uuid>) -> Uuid {
    campaign_id.unwrap_or(Uuid::nil())
}

/// One rollup row's identity.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RollupKey {
    pub campaign_id: Uuid,
    pub dimension: Dimension,
    pub dim_key: String,
    pub period: Period,
    pub period_key: String,
}

impl RollupKey {
    /// What `ledger_rollup.scope_key` holds for this row: the scope's part of a scoped
    /// dimension's key (`340100` of `340100/<project>`), `None` for the other dimensions.
    pub fn scope_key(&self) -> Option<&str> {
        scope_part(self.dimension, &self.dim_key)
    }
}

/// The scope's part of a key of `dimension` if it is a scoped dimension.
pub fn scope_part(dimension: Dimension, dim_key: &str) -> Option<&str> {
    dimension.scoped()?;
    dim_key.split(SCOPE_SEPARATOR).next()
}

/// Every rollup row the entry belongs to.
pub fn keys_of(e: &entry::Model) -> Vec<RollupKey> {
    let campaign_id = campaign_key(e.campaign_id);
    let periods: Vec<(Period, String)> = Period::ALL
        .into_iter()
        .filter_map(|p| p.key_of(e).map(|k| (p, k)))
        .collect();
    let mut keys = Vec::with_capacity(Dimension::ALL.len() * periods.len());
    for dimension in Dimension::ALL {
        let Some(dim_key) = dimension.key_of(e) else {
            continue;
        };
        for (period, period_key) in &periods {
            keys.push(RollupKey {
                campaign_id,
                dimension,
                dim_key: dim_key.clone(),
                period: *period,
                period_key: period_key.clone(),
            });
        }
    }
    keys
}
