//! Reading every competitor's figures for one ranking.
//!
//! Over the whole campaign the rollups hold exactly the rows a ranking needs (one per key of
//! the dimension and period), so the read takes rows by key and sums nothing. The scopes the
//! product asks for most are rollups too: the scoped dimensions (`CITY_PROJECT`,
//! `CITY_ENTERPRISE`, `PROJECT_TEAM`, `ASSOC_ENTERPRISE`) key each competitor under its scope,
//! so a city's communities are one key range; the cities of a province or a city are a range of
//! the CITY rollup. Any other scope (an association's projects, a province's counties) groups
//! the sealed entries of that scope instead: the same definition the audit checks the rollups
//! against, read over one tenant's or one region's entries.

use kernel::{DomainResult, Fen, Grams};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, TryGetable,
};
use uuid::Uuid;

use super::{Span, Standing};
use crate::entity::{entry, pending, rollup};
use crate::rollup::{Dimension, SCOPE_SEPARATOR, campaign_key};
use crate::sql::sum_i64;

/// 范围: the part of a campaign a ranking or scorecard covers.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Within {
    /// The whole campaign.
    Campaign,
    /// Entries attributed to the association.
    Association(Uuid),
    /// Entries of the buying enterprise.
    Enterprise(Uuid),
    /// Entries of one project (community).
    Project(Uuid),
    /// Buyers in a province: their city's code starts with the province's two digits.
    Province(String),
    /// Buyers in a city.
    City(String),
}

impl Within {
    /// The entries in this scope.
    pub fn entries(&self) -> Condition {
        use entry::Column as C;
        let c = Condition::all();
        match self {
            Within::Campaign => c,
            Within::Association(a) => c.add(C::AssociationId.eq(*a)),
            Within::Enterprise(e) => c.add(C::EnterpriseId.eq(*e)),
            Within::Project(p) => c.add(C::ProjectId.eq(*p)),
            Within::Province(code) => {
                c.add(C::CityCode.like(format!("{}%", code.get(..2).unwrap_or(code))))
            }
            Within::City(code) => c.add(C::CityCode.eq(code.clone())),
        }
    }
}

/// Entries the sealer has numbered: only those are in the rollups, so a scoped ranking counts
/// exactly what an unscoped one would. The queue is small, so the anti-join is cheap.
pub fn sealed() -> Condition {
    let queued = Query::select()
        .column(pending::Column::EntryId)
        .from(pending::Entity)
        .to_owned();
    Condition::all().add(Expr::col(entry::Column::Id).not_in_subquery(queued))
}

/// The rollup rows that hold a scoped ranking: a dimension, the key prefix of the scope, and
/// whether the prefix is the scope's part of a scoped key (cut off to leave the competitor's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyRange {
    pub dimension: Dimension,
    pub prefix: String,
    pub scoped: bool,
}

impl KeyRange {
    /// The rollups holding `dimension`'s competitors within `within`, if they are kept.
    pub fn of(dimension: Dimension, within: &Within) -> Option<KeyRange> {
        let scoped = |d: Dimension, scope: String| KeyRange {
            dimension: d,
            prefix: format!("{scope}{SCOPE_SEPARATOR}"),
            scoped: true,
        };
        let region = |prefix: &str| KeyRange {
            dimension: Dimension::City,
            prefix: prefix.to_owned(),
            scoped: false,
        };
        match (dimension, within) {
            (Dimension::Project, Within::City(c)) => {
                Some(scoped(Dimension::CityProject, c.clone()))
            }
            (Dimension::Enterprise, Within::City(c)) => {
                Some(scoped(Dimension::CityEnterprise, c.clone()))
            }
            (Dimension::Team, Within::Project(p)) => {
                Some(scoped(Dimension::ProjectTeam, p.to_string()))
            }
            (Dimension::Enterprise, Within::Association(a)) => {
                Some(scoped(Dimension::AssociationEnterprise, a.to_string()))
            }
            // Cities of a province: the city codes that start with its two digits, as
            // `Within::entries` has it.
            (Dimension::City, Within::Province(p)) => Some(region(p.get(..2).unwrap_or(p))),
            (Dimension::City, Within::City(c)) => Some(region(c)),
            _ => None,
        }
    }

    /// The scope's key of a scoped dimension's range (`340100` of `340100/`): what the rows'
    /// `scope_key` holds. `None` for a range of cities.
    pub fn scope(&self) -> Option<&str> {
        if self.scoped {
            self.prefix.strip_suffix(SCOPE_SEPARATOR)
        } else {
            None
        }
    }

    /// The first key after every key that starts with the prefix (its last character + 1).
    pub fn end(&self) -> String {
        let mut end = self.prefix.clone();
        match end.pop() {
            Some(last) => end.push(char::from_u32(u32::from(last) + 1).unwrap_or(char::MAX)),
            None => end.push(char::MAX),
        }
        end
    }
}

/// Every key of `dimension` with at least one sealed entry in the campaign, span and scope,
/// with its figures (unordered).
pub async fn standings(
    conn: &impl ConnectionTrait,
    campaign_id: Option<Uuid>,
    dimension: Dimension,
    span: Span,
    within: &Within,
) -> DomainResult<Vec<Standing>> {
    if *within == Within::Campaign {
        return from_rollups(conn, campaign_id, dimension, span, None).await;
    }
    if let Some(range) = KeyRange::of(dimension, within) {
        return from_rollups(conn, campaign_id, range.dimension, span, Some(&range)).await;
    }
    let Some(column) = dimension.column() else {
        return from_entries::<String>(conn, campaign_id, None, span, within).await;
    };
    match dimension {
        Dimension::Association
        | Dimension::Enterprise
        | Dimension::Project
        | Dimension::Team
        | Dimension::Supplier
        | Dimension::Product
        | Dimension::Household => {
            from_entries::<Uuid>(conn, campaign_id, Some(column), span, within).await
        }
        _ => from_entries::<String>(conn, campaign_id, Some(column), span, within).await,
    }
}

async fn from_rollups(
    conn: &impl ConnectionTrait,
    campaign_id: Option<Uuid>,
    dimension: Dimension,
    span: Span,
    range: Option<&KeyRange>,
) -> DomainResult<Vec<Standing>> {
    let mut q = rollup::Entity::find()
        .filter(rollup::Column::CampaignId.eq(campaign_key(campaign_id)))
        .filter(rollup::Column::Dimension.eq(dimension.as_str()))
        .filter(rollup::Column::Period.eq(span.period().as_str()))
        .filter(rollup::Column::PeriodKey.eq(span.key()));
    if let Some(range) = range {
        // A key range, not LIKE: the unique index (campaign, dimension, period, period key,
        // key) serves it on both databases whatever the collation.
        q = q
            .filter(rollup::Column::DimKey.gte(range.prefix.as_str()))
            .filter(rollup::Column::DimKey.lt(range.end()));
    }
    let cut = range.filter(|r| r.scoped).map_or(0, |r| r.prefix.len());
    let rows = q.all(conn).await?;
    Ok(rows
        .into_iter()
        .map(|r| Standing {
            key: r.dim_key.get(cut..).unwrap_or_default().to_owned(),
            grams: r.grams,
            fen: r.fen,
            households: r.households,
        })
        .collect())
}

/// `COUNT(DISTINCT …)` of the households with a SALE: the rollups' definition (a refund does not
/// un-count a household).
const HOUSEHOLDS: &str =
    "CAST(COUNT(DISTINCT CASE WHEN kind = 'SALE' THEN household_id END) AS BIGINT)";

async fn from_entries<K: TryGetable + ToString>(
    conn: &impl ConnectionTrait,
    campaign_id: Option<Uuid>,
    column: Option<entry::Column>,
    span: Span,
    within: &Within,
) -> DomainResult<Vec<Standing>> {
    let mut q = entry::Entity::find()
        .select_only()
        .filter(match campaign_id {
            Some(c) => entry::Column::CampaignId.eq(c),
            None => entry::Column::CampaignId.is_null(),
        })
        .filter(span.entries())
        .filter(within.entries())
        .filter(sealed());
    if let Some(column) = column {
        q = q
            .column_as(column, "key")
            .filter(column.is_not_null())
            .group_by(column);
    } else {
        q = q.column_as(Expr::val(""), "key");
    }
    let rows: Vec<(Option<K>, i64, i64, i64, i64)> = q
        .column_as(sum_i64(Expr::col(entry::Column::Grams)), "grams")
        .column_as(sum_i64(Expr::col(entry::Column::Fen)), "fen")
        .column_as(Expr::cust(HOUSEHOLDS), "households")
        .column_as(Expr::col(entry::Column::Id).count(), "entries")
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows
        .into_iter()
        // Without GROUP BY an empty scope still yields one row of zeros: no competitor.
        .filter(|(_, _, _, _, entries)| *entries > 0)
        .map(|(key, grams, fen, households, _)| Standing {
            key: key.map(|k| k.to_string()).unwrap_or_default(),
            grams: Grams(grams),
            fen: Fen(fen),
            households,
        })
        .collect())
}
