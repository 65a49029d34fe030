//! 我的排名 ("where am I"): the caller's own places. A resident sees its team among the teams
//! of its community and its community among the communities of its city; an enterprise sees
//! itself among the enterprises buying in its city and among its association's members.
//! Other roles have no place of their own.

use kernel::{Actor, DomainResult, Role};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::{Metric, Position, Span, Within};
use crate::rollup::Dimension;

/// One of the caller's places.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MyRank {
    /// What is ranked (TEAM, PROJECT or ENTERPRISE) and the caller's key in it.
    pub dimension: Dimension,
    pub key: String,
    /// Among whom.
    pub within: Within,
    pub position: Position,
}

/// The city a region code lies in (a district's code becomes its city's: 340104 → 340100).
fn city_of(code: &str) -> Option<String> {
    code.get(..4).map(|c| format!("{c}00"))
}

async fn place(
    conn: &impl ConnectionTrait,
    campaign_id: Option<Uuid>,
    (dimension, key): (Dimension, Uuid),
    within: Within,
    metric: Metric,
    span: Span,
) -> DomainResult<MyRank> {
    let key = key.to_string();
    Ok(MyRank {
        dimension,
        position: super::cut::place(conn, campaign_id, (dimension, &key), metric, span, &within)
            .await?,
        key,
        within,
    })
}

pub async fn my_ranks(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    campaign_id: Option<Uuid>,
    metric: Metric,
    span: Span,
) -> DomainResult<Vec<MyRank>> {
    let mut out = Vec::new();
    match actor.role {
        Role::Household => {
            let Some(id) = actor.household else {
                return Ok(out);
            };
            let household = participants::household::get(conn, actor, id).await?;
            let project = participants::project::get(conn, actor, household.project_id).await?;
            if let Some(team) = household.team_id {
                let within = Within::Project(project.id);
                out.push(
                    place(
                        conn,
                        campaign_id,
                        (Dimension::Team, team),
                        within,
                        metric,
                        span,
                    )
                    .await?,
                );
            }
            let within = Within::City(project.city_code.clone());
            out.push(
                place(
                    conn,
                    campaign_id,
                    (Dimension::Project, project.id),
                    within,
                    metric,
                    span,
                )
                .await?,
            );
        }
        Role::EnterpriseAdmin | Role::EnterpriseApp => {
            let Some(id) = actor.enterprise_id() else {
                return Ok(out);
            };
            let enterprise = participants::enterprise::get(conn, actor, id).await?;
            let me = (Dimension::Enterprise, id);
            if let Some(city) = enterprise.region_code.as_deref().and_then(city_of) {
                out.push(place(conn, campaign_id, me, Within::City(city), metric, span).await?);
            }
            if let Some(a) = enterprise.association_id {
                out.push(place(conn, campaign_id, me, Within::Association(a), metric, span).await?);
            }
        }
        _ => {}
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_district_lies_in_its_city() {
        assert_eq!(super::city_of("340104").as_deref(), Some("340100"));
        assert_eq!(super::city_of("340100").as_deref(), Some("340100"));
        assert_eq!(super::city_of("34"), None);
    }
}
