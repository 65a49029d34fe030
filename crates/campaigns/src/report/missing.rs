//! The closed periods nobody has reported yet.

use std::collections::HashSet;

use chrono::{Days, NaiveDate};
use kernel::{Actor, Clock, DomainError, DomainResult};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::{period, period_start_of, reporter_id};
use crate::entity::enlistment::{self, EnlistmentKind, EnlistmentState};
use crate::entity::progress_report::{Column, Entity, ReportKind};
use participants::access::{Object, Reach, TenantScope, reads};

/// A period nobody has reported yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingReport {
    pub kind: ReportKind,
    pub association_id: Option<Uuid>,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
}

/// Closed periods (ended before today) of the campaign without a report: monthly, for every
/// association the actor sees whose enlistment is confirmed, from the month of confirmation;
/// weekly (the platform and unscoped reporters only), for the service team.
pub async fn missing(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    clock: &Clock,
    campaign_id: Uuid,
    kind: ReportKind,
    association_id: Option<Uuid>,
) -> DomainResult<Vec<MissingReport>> {
    let today = clock.today();
    let reach = reads(actor.role, Object::ProgressReport);
    // Whose reports the actor reads: everyone's, or one association's.
    let own = match (reach, TenantScope::of(actor)) {
        (Reach::All, _) | (Reach::Own, TenantScope::Reporter(None)) => None,
        (Reach::Own, TenantScope::Association(a) | TenantScope::Reporter(Some(a))) => Some(a),
        _ => return Err(DomainError::Forbidden),
    };
    if matches!(kind, ReportKind::Weekly) && own.is_some() {
        return Err(DomainError::Forbidden);
    }
    // The campaign narrows the list like the association does: one that does not exist has no
    // missing reports (an empty list, not NOT_FOUND, as every narrowing argument answers).
    let campaign = match crate::calendar::get(conn, campaign_id).await {
        Ok(campaign) => campaign,
        Err(DomainError::NotFound) => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let reporters: Vec<(Option<Uuid>, NaiveDate)> = match kind {
        ReportKind::Weekly => vec![(None, campaign.starts_on)],
        ReportKind::Monthly => {
            let mut query = enlistment::Entity::find()
                .filter(enlistment::Column::CampaignId.eq(campaign.id))
                .filter(enlistment::Column::OrgKind.eq(EnlistmentKind::Association))
                .filter(enlistment::Column::State.eq(EnlistmentState::Confirmed));
            if let Some(own) = own {
                query = query.filter(enlistment::Column::OrgId.eq(own));
            }
            if let Some(a) = association_id {
                query = query.filter(enlistment::Column::OrgId.eq(a));
            }
            query
                .all(conn)
                .await?
                .into_iter()
                .map(|e| {
                    let from = e
                        .decided_at
                        .map_or(campaign.starts_on, crate::calendar::campaign_day)
                        .max(campaign.starts_on);
                    (Some(e.org_id), from)
                })
                .collect()
        }
    };
    let filed: HashSet<(Uuid, NaiveDate)> = Entity::find()
        .filter(Column::CampaignId.eq(campaign.id))
        .filter(Column::Kind.eq(kind))
        .all(conn)
        .await?
        .into_iter()
        .map(|r| (r.reporter_id, r.period_start))
        .collect();
    let mut out = Vec::new();
    for (association, from) in reporters {
        let mut start = period_start_of(kind, from);
        while let Some((s, e)) = period(kind, start) {
            if e >= today || s > campaign.ends_on {
                break;
            }
            if !filed.contains(&(reporter_id(association), s)) {
                out.push(MissingReport {
                    kind,
                    association_id: association,
                    period_start: s,
                    period_end: e,
                });
            }
            let Some(next) = e.checked_add_days(Days::new(1)) else {
                break;
            };
            start = next;
        }
    }
    Ok(out)
}
