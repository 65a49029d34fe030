//! The scorecard's figures that the campaign's own records hold: communities enlisted, fairs
//! held, jobs given, and the poor households behind the suppliers that sold.

use std::collections::HashSet;

use campaigns::entity::enlistment::{self, EnlistmentKind, EnlistmentState};
use campaigns::entity::{employment, market_fair};
use chrono::NaiveDate;
use kernel::DomainResult;
use participants::entity::{enterprise, project};
use products::entity::{product, supplier, supplier_beneficiary};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, Query, SelectStatement};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect,
};
use uuid::Uuid;

use crate::ranking::Within;
use crate::sql::sum_i64;

const CHUNK: usize = 1000;

fn count(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// The ids of the projects (communities) in a scope.
fn projects_in(within: &Within) -> SelectStatement {
    let mut q = Query::select();
    q.column(project::Column::Id).from(project::Entity);
    match within {
        Within::Campaign => {}
        Within::Association(a) => {
            q.and_where(
                project::Column::EnterpriseId.in_subquery(
                    Query::select()
                        .column(enterprise::Column::Id)
                        .from(enterprise::Entity)
                        .and_where(enterprise::Column::AssociationId.eq(*a))
                        .to_owned(),
                ),
            );
        }
        Within::Enterprise(e) => {
            q.and_where(project::Column::EnterpriseId.eq(*e));
        }
        Within::Project(p) => {
            q.and_where(project::Column::Id.eq(*p));
        }
        Within::City(c) => {
            q.and_where(project::Column::CityCode.eq(c.clone()));
        }
        Within::Province(p) => {
            q.and_where(project::Column::CityCode.like(format!("{}%", p.get(..2).unwrap_or(p))));
        }
    }
    q.to_owned()
}

/// Projects in the scope whose enterprise's enlistment in the campaign is confirmed.
pub async fn communities_enlisted(
    conn: &impl ConnectionTrait,
    campaign_id: Uuid,
    within: &Within,
) -> DomainResult<i64> {
    let enlisted = Query::select()
        .column(enlistment::Column::OrgId)
        .from(enlistment::Entity)
        .and_where(enlistment::Column::CampaignId.eq(campaign_id))
        .and_where(enlistment::Column::OrgKind.eq(EnlistmentKind::Enterprise))
        .and_where(enlistment::Column::State.eq(EnlistmentState::Confirmed))
        .to_owned();
    let n = project::Entity::find()
        .filter(project::Column::EnterpriseId.in_subquery(enlisted))
        .filter(project::Column::Id.in_subquery(projects_in(within)))
        .count(conn)
        .await?;
    Ok(count(n))
}

/// Fairs of the campaign held in the scope (starting within the phase's dates, if any). A fair
/// belongs to its association, its enterprise if it names one, and its project's region.
pub async fn fairs_held(
    conn: &impl ConnectionTrait,
    campaign_id: Uuid,
    within: &Within,
    dates: Option<(NaiveDate, NaiveDate)>,
) -> DomainResult<i64> {
    use market_fair::Column as C;
    let mut q = market_fair::Entity::find()
        .filter(C::CampaignId.eq(campaign_id))
        .filter(C::Status.eq(market_fair::FairStatus::Held));
    if let Some((from, to)) = dates {
        q = q.filter(C::StartsOn.between(from, to));
    }
    q = match within {
        Within::Campaign => q,
        Within::Association(a) => q.filter(C::AssociationId.eq(*a)),
        Within::Enterprise(e) => q.filter(C::EnterpriseId.eq(*e)),
        _ => q.filter(C::ProjectId.in_subquery(projects_in(within))),
    };
    Ok(count(q.count(conn).await?))
}

/// Employment records (就业扶贫) of the campaign in the scope, starting within the phase's
/// dates. A job belongs to an enterprise (and its association), not to a community or region,
/// so project, city and province scopes count none.
pub async fn jobs(
    conn: &impl ConnectionTrait,
    campaign_id: Uuid,
    within: &Within,
    dates: Option<(NaiveDate, NaiveDate)>,
) -> DomainResult<i64> {
    use employment::Column as C;
    let mut q = employment::Entity::find().filter(C::CampaignId.eq(campaign_id));
    if let Some((from, to)) = dates {
        q = q.filter(C::StartsOn.between(from, to));
    }
    q = match within {
        Within::Campaign => q,
        Within::Association(a) => q.filter(C::AssociationId.eq(*a)),
        Within::Enterprise(e) => q.filter(C::EnterpriseId.eq(*e)),
        Within::Project(_) | Within::City(_) | Within::Province(_) => {
            q.filter(Condition::all().add(sea_orm::sea_query::Expr::cust("1 = 0")))
        }
    };
    Ok(count(q.count(conn).await?))
}

/// The poor households behind a set of suppliers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Helped {
    /// Distinct pseudonymous beneficiary references (a household two suppliers source from is
    /// one household).
    pub beneficiaries: i64,
    /// The sum of the suppliers' declared linked poor households.
    pub linked: i64,
}

pub async fn helped(conn: &impl ConnectionTrait, suppliers: &[Uuid]) -> DomainResult<Helped> {
    let mut refs: HashSet<String> = HashSet::new();
    let mut linked = 0i64;
    for chunk in suppliers.chunks(CHUNK) {
        let rows: Vec<String> = supplier_beneficiary::Entity::find()
            .select_only()
            .column(supplier_beneficiary::Column::HouseholdRef)
            .filter(supplier_beneficiary::Column::SupplierId.is_in(chunk.iter().copied()))
            .into_tuple()
            .all(conn)
            .await?;
        refs.extend(rows);
        let declared: Vec<i32> = supplier::Entity::find()
            .select_only()
            .column(supplier::Column::LinkedPoorHouseholds)
            .filter(supplier::Column::Id.is_in(chunk.iter().copied()))
            .into_tuple()
            .all(conn)
            .await?;
        linked += declared.into_iter().map(i64::from).sum::<i64>();
    }
    Ok(Helped {
        beneficiaries: i64::try_from(refs.len()).unwrap_or(i64::MAX),
        linked,
    })
}

/// The poor households behind the suppliers that meet `sold` (an `EXISTS` over the first
/// sales): the beneficiaries meeting `beneficiary_sold` (the same condition on their supplier)
/// counted distinct, and the suppliers' declared linked households summed — bounded by the
/// suppliers and their beneficiaries, not by the ledger.
pub async fn helped_where(
    conn: &impl ConnectionTrait,
    beneficiary_sold: Expr,
    sold: Expr,
) -> DomainResult<Helped> {
    let beneficiaries: Option<i64> = supplier_beneficiary::Entity::find()
        .select_only()
        .column_as(
            Expr::from(Func::cast_as(
                Expr::col((
                    supplier_beneficiary::Entity,
                    supplier_beneficiary::Column::HouseholdRef,
                ))
                .count_distinct(),
                Alias::new("BIGINT"),
            )),
            "n",
        )
        .filter(beneficiary_sold)
        .into_tuple()
        .one(conn)
        .await?;
    let linked: Option<i64> = supplier::Entity::find()
        .select_only()
        .column_as(
            sum_i64(Expr::col((
                supplier::Entity,
                supplier::Column::LinkedPoorHouseholds,
            ))),
            "n",
        )
        .filter(sold)
        .into_tuple()
        .one(conn)
        .await?;
    Ok(Helped {
        beneficiaries: beneficiaries.unwrap_or(0),
        linked: linked.unwrap_or(0),
    })
}

/// How many custom products (定制研发) meet `sold` (an `EXISTS` over the first sales): one
/// probe per custom product.
pub async fn custom_products_where(conn: &impl ConnectionTrait, sold: Expr) -> DomainResult<i64> {
    let n = product::Entity::find()
        .filter(product::Column::CustomForEnterpriseId.is_not_null())
        .filter(sold)
        .count(conn)
        .await?;
    Ok(count(n))
}

/// The ids (as text, like rollup keys) of custom products (定制研发).
pub async fn custom_products(conn: &impl ConnectionTrait) -> DomainResult<HashSet<String>> {
    let ids: Vec<Uuid> = product::Entity::find()
        .select_only()
        .column(product::Column::Id)
        .filter(product::Column::CustomForEnterpriseId.is_not_null())
        .into_tuple()
        .all(conn)
        .await?;
    Ok(ids.into_iter().map(|id| id.to_string()).collect())
}
