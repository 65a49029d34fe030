//! Who a sale counts for, resolved from ids when it is recorded: the product gives its supplier,
//! origin county and province, and whether it was certified at that moment; a household gives
//! its project and the team it was in; a project its enterprise and city; an enterprise its
//! association; the moment its campaign, phase and day. Callers (orders, reviewed reports,
//! fairs) pass ids and quantities, never copied facts. All lookups of a batch are batched.

use std::collections::HashMap;
use std::sync::Arc;

use campaigns::calendar::campaign_day;
use campaigns::versioned::{Calendar, version_expr};
use chrono::{DateTime, Utc};
use kernel::error::Problems;
use kernel::{DomainResult, Message, Problem};
use participants::entity::{enterprise, household, project, team_membership};
use products::certification::ProductStep;
use sea_orm::sea_query::{Alias, JoinType};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QuerySelect,
    QueryTrait, RelationDef,
};
use uuid::Uuid;

use crate::LedgerErrorCode as Code;
use crate::record::{Amounts, Body, Facts, NewEntry};
use crate::types::{Channel, Source};

/// Who bought. Give the most specific id known: a household implies its project and
/// enterprise, a project its enterprise. A fair organised by an association has only the
/// association (and perhaps a city).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Buyer {
    pub enterprise_id: Option<Uuid>,
    pub project_id: Option<Uuid>,
    pub household_id: Option<Uuid>,
    /// Used when there is no enterprise (an association's own fair).
    pub association_id: Option<Uuid>,
    /// Used when there is no project (a fair held at an address).
    pub city_code: Option<String>,
}

/// A sale line as a caller knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sale {
    pub source: Source,
    pub source_ref: String,
    pub channel: Channel,
    pub occurred_at: DateTime<Utc>,
    pub product_id: Uuid,
    pub amounts: Amounts,
    pub buyer: Buyer,
    pub recorded_by: String,
}

fn unknown(index: usize, field: &str, zh: &str, en: &str) -> Problem {
    Problem::new(
        &[&index.to_string(), field],
        Code::UnknownReference.as_str(),
        Message::new(zh, en),
    )
}

/// The province a region code lies in (GB/T 2260: the first two digits).
pub fn province_of(code: &str) -> String {
    format!("{}0000", code.get(..2).unwrap_or("00"))
}

/// The city a region code lies in, if the code is at city or county level.
pub fn city_of(code: &str) -> Option<String> {
    let city = code.get(..4)?;
    (!city.ends_with("00") && code.len() == 6).then(|| format!("{city}00"))
}

/// What attribution needs of a product.
struct Product {
    supplier_id: Uuid,
    origin_county_code: String,
}

struct Lookups {
    products: HashMap<Uuid, Product>,
    projects: HashMap<Uuid, project::Model>,
    enterprises: HashMap<Uuid, enterprise::Model>,
    households: HashMap<Uuid, household::Model>,
    memberships: Vec<team_membership::Model>,
    calendar: Arc<Calendar>,
    /// Whether each (product, moment) of the batch was certified then.
    certified: HashMap<(Uuid, DateTime<Utc>), bool>,
}

async fn lookups(conn: &impl ConnectionTrait, sales: &[Sale]) -> DomainResult<Lookups> {
    let ids = |f: &dyn Fn(&Sale) -> Option<Uuid>| -> Vec<Uuid> {
        let mut v: Vec<Uuid> = sales.iter().filter_map(f).collect();
        v.sort();
        v.dedup();
        v
    };
    let household_ids = ids(&|s| s.buyer.household_id);
    // Households come with their projects, the projects' enterprises and the households' team
    // memberships, in one statement (every order's sale names a household).
    let mut households = HashMap::new();
    let mut projects = HashMap::new();
    let mut enterprises = HashMap::new();
    let mut memberships = Vec::new();
    if !household_ids.is_empty() {
        for row in buyers(conn, &household_ids).await? {
            if let Some(p) = row.project {
                projects.insert(p.id, p);
            }
            if let Some(e) = row.enterprise {
                enterprises.insert(e.id, e);
            }
            if let Some(m) = row.membership
                && !memberships
                    .iter()
                    .any(|known: &team_membership::Model| known.id == m.id)
            {
                memberships.push(m);
            }
            households.insert(row.household.id, row.household);
        }
        memberships.sort_by_key(|m| m.joined_at);
    }
    let named_projects: Vec<Uuid> = ids(&|s| s.buyer.project_id)
        .into_iter()
        .filter(|id| !projects.contains_key(id))
        .collect();
    if !named_projects.is_empty() {
        projects.extend(participants::loaders::projects(conn, &named_projects).await?);
    }
    let enterprise_ids = {
        let mut v = ids(&|s| s.buyer.enterprise_id);
        v.extend(projects.values().map(|p| p.enterprise_id));
        v.sort();
        v.dedup();
        v.retain(|id| !enterprises.contains_key(id));
        v
    };
    if !enterprise_ids.is_empty() {
        enterprises.extend(participants::loaders::enterprises(conn, &enterprise_ids).await?);
    }
    // The products with their certifications' history and the calendar's version token, in
    // one statement; the calendar itself is read only when that token is new to this process.
    let moments: Vec<(Uuid, DateTime<Utc>)> = sales
        .iter()
        .map(|s| (s.product_id, s.occurred_at))
        .collect();
    let mut known = HashMap::new();
    let mut steps = Vec::new();
    let mut version: Option<String> = None;
    if let Some(mut query) = products::certification::with_steps(&moments) {
        query.expr_as(version_expr(), Alias::new("calendar_version"));
        let statement = conn.get_database_backend().build(&query);
        for row in conn.query_all_raw(statement).await? {
            let step = ProductStep::from_query_result(&row, "")?;
            if version.is_none() {
                version = row.try_get::<Option<String>>("", "calendar_version")?;
            }
            known.entry(step.product_id).or_insert_with(|| Product {
                supplier_id: step.supplier_id,
                origin_county_code: step.origin_county_code.clone(),
            });
            steps.push(step);
        }
    }
    Ok(Lookups {
        products: known,
        certified: products::certification::certified_from(&steps, &moments),
        calendar: campaigns::versioned::at(conn, version.as_deref()).await?,
        enterprises,
        memberships,
        projects,
        households,
    })
}

/// One row of [`buyers`]: a household, its project and that project's enterprise, and one of
/// the household's team memberships (a household in no team comes once, without).
struct BuyerRow {
    household: household::Model,
    project: Option<project::Model>,
    enterprise: Option<enterprise::Model>,
    membership: Option<team_membership::Model>,
}

/// Households with their projects, enterprises and team memberships, in one statement (left
/// joins: a household whose project or enterprise is missing still comes, without it).
async fn buyers(conn: &impl ConnectionTrait, ids: &[Uuid]) -> DomainResult<Vec<BuyerRow>> {
    let of_project: RelationDef = household::Entity::belongs_to(project::Entity)
        .from(household::Column::ProjectId)
        .to(project::Column::Id)
        .into();
    let of_enterprise: RelationDef = project::Entity::belongs_to(enterprise::Entity)
        .from(project::Column::EnterpriseId)
        .to(enterprise::Column::Id)
        .into();
    let memberships: RelationDef = team_membership::Entity::belongs_to(household::Entity)
        .from(team_membership::Column::HouseholdId)
        .to(household::Column::Id)
        .into();
    let mut select = household::Entity::find()
        .filter(household::Column::Id.is_in(ids.iter().copied()))
        .join(JoinType::LeftJoin, of_project)
        .join(JoinType::LeftJoin, of_enterprise)
        .join(JoinType::LeftJoin, memberships.rev())
        .select_also(project::Entity);
    let query = QueryTrait::query(&mut select);
    kernel::db::select_prefixed::<enterprise::Entity>(query, "C_");
    kernel::db::select_prefixed::<team_membership::Entity>(query, "D_");
    let statement = conn.get_database_backend().build(&*query);
    let rows = conn.query_all_raw(statement).await?;
    rows.iter()
        .map(|row| {
            Ok(BuyerRow {
                household: household::Model::from_query_result(row, "A_")?,
                project: project::Model::from_query_result_optional(row, "B_")?,
                enterprise: enterprise::Model::from_query_result_optional(row, "C_")?,
                membership: team_membership::Model::from_query_result_optional(row, "D_")?,
            })
        })
        .collect::<Result<Vec<_>, sea_orm::DbErr>>()
        .map_err(Into::into)
}

/// The team a household was in at `at` (by its membership history).
fn team_at(
    memberships: &[team_membership::Model],
    household: Uuid,
    at: DateTime<Utc>,
) -> Option<Uuid> {
    memberships
        .iter()
        .filter(|m| m.household_id == household && m.joined_at <= at)
        .filter(|m| m.left_at.is_none_or(|left| left > at))
        .map(|m| m.team_id)
        .next_back()
}

/// Resolves each sale's facts; every unknown or mismatched id is reported (field paths
/// `[index, field]`), all at once.
pub async fn resolve(conn: &impl ConnectionTrait, sales: Vec<Sale>) -> DomainResult<Vec<NewEntry>> {
    if sales.is_empty() {
        return Ok(Vec::new());
    }
    let found = lookups(conn, &sales).await?;
    let mut problems = Problems::new();
    let mut out = Vec::with_capacity(sales.len());
    for (index, sale) in sales.into_iter().enumerate() {
        let Some(product) = found.products.get(&sale.product_id) else {
            problems.push(unknown(index, "productId", "产品不存在", "no such product"));
            continue;
        };
        let mut buyer = sale.buyer.clone();
        if let Some(id) = buyer.household_id {
            match found.households.get(&id) {
                Some(h)
                    if buyer.project_id.is_none_or(|p| p == h.project_id)
                        && buyer.enterprise_id.is_none_or(|e| e == h.enterprise_id) =>
                {
                    buyer.project_id = Some(h.project_id);
                    buyer.enterprise_id = Some(h.enterprise_id);
                }
                _ => {
                    problems.push(unknown(
                        index,
                        "householdId",
                        "住户不存在或不属于该项目",
                        "no such household in this project",
                    ));
                    continue;
                }
            }
        }
        let mut city_code = buyer.city_code.clone();
        if let Some(id) = buyer.project_id {
            match found.projects.get(&id) {
                Some(p) if buyer.enterprise_id.is_none_or(|e| e == p.enterprise_id) => {
                    buyer.enterprise_id = Some(p.enterprise_id);
                    city_code = Some(p.city_code.clone());
                }
                _ => {
                    problems.push(unknown(
                        index,
                        "projectId",
                        "项目不存在或不属于该企业",
                        "no such project of this enterprise",
                    ));
                    continue;
                }
            }
        }
        let mut association_id = buyer.association_id;
        if let Some(id) = buyer.enterprise_id {
            match found.enterprises.get(&id) {
                Some(e) => association_id = e.association_id.or(association_id),
                None => {
                    problems.push(unknown(
                        index,
                        "enterpriseId",
                        "企业不存在",
                        "no such enterprise",
                    ));
                    continue;
                }
            }
        }
        let is_certified = found
            .certified
            .get(&(sale.product_id, sale.occurred_at))
            .copied()
            .unwrap_or(false);
        let day = campaign_day(sale.occurred_at);
        let on = found.calendar.on(day);
        let facts = Facts {
            campaign_id: on.map(|(campaign, _)| campaign),
            phase_id: on.and_then(|(_, phase)| phase),
            counted_on: day,
            product_id: sale.product_id,
            supplier_id: product.supplier_id,
            county_code: product.origin_county_code.clone(),
            province_code: province_of(&product.origin_county_code),
            certified: is_certified,
            enterprise_id: buyer.enterprise_id,
            project_id: buyer.project_id,
            city_code,
            association_id,
            household_id: buyer.household_id,
            team_id: buyer
                .household_id
                .and_then(|h| team_at(&found.memberships, h, sale.occurred_at)),
            channel: sale.channel,
        };
        out.push(NewEntry {
            source: sale.source,
            source_ref: sale.source_ref,
            occurred_at: sale.occurred_at,
            recorded_by: sale.recorded_by,
            amounts: sale.amounts,
            body: Body::Sale(Box::new(facts)),
        });
    }
    problems.finish()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provinces_and_cities_come_from_the_code() {
        assert_eq!(province_of("510727"), "510000");
        assert_eq!(city_of("510727").as_deref(), Some("510700"));
        assert_eq!(city_of("340100").as_deref(), Some("340100"));
        assert_eq!(city_of("340000"), None);
    }
}
