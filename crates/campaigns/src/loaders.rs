//! Batch lookups by key for the gateway's DataLoaders: one statement per relation and batch.
//! Callers pass keys of rows the actor may already see, so these do not re-check scope.

use std::collections::HashMap;

use kernel::DomainResult;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::entity::{
    campaign, campaign_phase, campaign_target, closing_report, county_visit_selection,
    enlistment_event,
};

pub async fn campaigns(
    conn: &impl ConnectionTrait,
    ids: &[Uuid],
) -> DomainResult<HashMap<Uuid, campaign::Model>> {
    let rows = campaign::Entity::find()
        .filter(campaign::Column::Id.is_in(ids.iter().copied()))
        .all(conn)
        .await?;
    Ok(rows.into_iter().map(|m| (m.id, m)).collect())
}

fn group<M>(rows: Vec<M>, parent: impl Fn(&M) -> Uuid) -> HashMap<Uuid, Vec<M>> {
    let mut map: HashMap<Uuid, Vec<M>> = HashMap::new();
    for row in rows {
        map.entry(parent(&row)).or_default().push(row);
    }
    map
}

/// Phases of each campaign, in order.
pub async fn phases(
    conn: &impl ConnectionTrait,
    campaign_ids: &[Uuid],
) -> DomainResult<HashMap<Uuid, Vec<campaign_phase::Model>>> {
    let rows = campaign_phase::Entity::find()
        .filter(campaign_phase::Column::CampaignId.is_in(campaign_ids.iter().copied()))
        .order_by_asc(campaign_phase::Column::Ordinal)
        .all(conn)
        .await?;
    Ok(group(rows, |r| r.campaign_id))
}

/// Targets of each campaign.
pub async fn targets(
    conn: &impl ConnectionTrait,
    campaign_ids: &[Uuid],
) -> DomainResult<HashMap<Uuid, Vec<campaign_target::Model>>> {
    let rows = campaign_target::Entity::find()
        .filter(campaign_target::Column::CampaignId.is_in(campaign_ids.iter().copied()))
        .order_by_asc(campaign_target::Column::Id)
        .all(conn)
        .await?;
    Ok(group(rows, |r| r.campaign_id))
}

/// The history of each enlistment, oldest first.
pub async fn enlistment_history(
    conn: &impl ConnectionTrait,
    enlistment_ids: &[Uuid],
) -> DomainResult<HashMap<Uuid, Vec<enlistment_event::Model>>> {
    let rows = enlistment_event::Entity::find()
        .filter(enlistment_event::Column::EnlistmentId.is_in(enlistment_ids.iter().copied()))
        .order_by_asc(enlistment_event::Column::Id)
        .all(conn)
        .await?;
    Ok(group(rows, |r| r.enlistment_id))
}

/// The closing report of each event that has one.
pub async fn closing_reports(
    conn: &impl ConnectionTrait,
    event_ids: &[Uuid],
) -> DomainResult<HashMap<Uuid, closing_report::Model>> {
    let rows = closing_report::Entity::find()
        .filter(closing_report::Column::EventId.is_in(event_ids.iter().copied()))
        .all(conn)
        .await?;
    Ok(rows.into_iter().map(|m| (m.event_id, m)).collect())
}

/// The products selected on each county visit, in order.
pub async fn visit_selections(
    conn: &impl ConnectionTrait,
    visit_ids: &[Uuid],
) -> DomainResult<HashMap<Uuid, Vec<county_visit_selection::Model>>> {
    let rows = county_visit_selection::Entity::find()
        .filter(county_visit_selection::Column::VisitId.is_in(visit_ids.iter().copied()))
        .order_by_asc(county_visit_selection::Column::Ordinal)
        .all(conn)
        .await?;
    Ok(group(rows, |r| r.visit_id))
}
