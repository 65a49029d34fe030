//! Who a sale counts for, resolved from ids when it is recorded: the product gives its supplier,
//! origin county and province, and whether it was certified at that moment; a household gives
//! its project and the team it was in; a project its enterprise and city; an enterprise its
//! association; the moment its campaign, phase and day. Callers (orders, reviewed reports,
//! fairs) pass ids and quantities, never copied facts. All lookups of a batch are batched.

use std::collections::HashMap;

use campaigns::calendar::{attribution_phase, campaign_day};
use campaigns::entity::{campaign, campaign_phase};
use chrono::{DateTime, Utc};
use kernel::error::Problems;
use kernel::{DomainResult, Message, Problem};
use participants::entity::{enterprise, household, project, team_membership};
use products::entity::product;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
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

struct Lookups {
    products: HashMap<Uuid, product::Model>,
    projects: HashMap<Uuid, project::Model>,
    enterprises: HashMap<Uuid, enterprise::Model>,
    households: HashMap<Uuid, household::Model>,
    memberships: Vec<team_membership::Model>,
    campaigns: Vec<campaign::Model>,
    phases: Vec<campaign_phase::Model>,
}

async fn lookups(conn: &impl ConnectionTrait, sales: &[Sale]) -> DomainResult<Lookups> {
    let ids = |f: &dyn Fn(&Sale) -> Option<Uuid>| -> Vec<Uuid> {
        let mut v: Vec<Uuid> = sales.iter().filter_map(f).collect();
        v.sort();
        v.dedup();
        v
    };
    let product_ids = ids(&|s| Some(s.product_id));
    let household_ids = ids(&|s| s.buyer.household_id);
    let households: HashMap<Uuid, household::Model> =
        participants::loaders::households(conn, &household_ids).await?;
    let project_ids = {
        let mut v = ids(&|s| s.buyer.project_id);
        v.extend(households.values().map(|h| h.project_id));
        v.sort();
        v.dedup();
        v
    };
    let projects = participants::loaders::projects(conn, &project_ids).await?;
    let enterprise_ids = {
        let mut v = ids(&|s| s.buyer.enterprise_id);
        v.extend(projects.values().map(|p| p.enterprise_id));
        v.sort();
        v.dedup();
        v
    };
    Ok(Lookups {
        products: products::loaders::products(conn, &product_ids).await?,
        enterprises: participants::loaders::enterprises(conn, &enterprise_ids).await?,
        memberships: team_membership::Entity::find()
            .filter(team_membership::Column::HouseholdId.is_in(household_ids))
            .order_by_asc(team_membership::Column::JoinedAt)
            .all(conn)
            .await?,
        projects,
        households,
        campaigns: campaign::Entity::find()
            .order_by_desc(campaign::Column::StartsOn)
            .all(conn)
            .await?,
        phases: campaign_phase::Entity::find().all(conn).await?,
    })
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
    let found = lookups(conn, &sales).await?;
    let mut certified: HashMap<(Uuid, DateTime<Utc>), bool> = HashMap::new();
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
        let key = (product.id, sale.occurred_at);
        let is_certified = match certified.get(&key) {
            Some(c) => *c,
            None => {
                let c = products::certification::certified_at(conn, product.id, sale.occurred_at)
                    .await?;
                certified.insert(key, c);
                c
            }
        };
        let day = campaign_day(sale.occurred_at);
        let campaign = found
            .campaigns
            .iter()
            .find(|c| c.starts_on <= day && day <= c.ends_on);
        let phase = campaign.and_then(|c| {
            let phases: Vec<campaign_phase::Model> = found
                .phases
                .iter()
                .filter(|p| p.campaign_id == c.id)
                .cloned()
                .collect();
            attribution_phase(&phases, day).map(|p| p.id)
        });
        let facts = Facts {
            campaign_id: campaign.map(|c| c.id),
            phase_id: phase,
            counted_on: day,
            product_id: product.id,
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
