//! The figures yijin already knows for a report's period.

use chrono::{Days, NaiveDate, NaiveTime};
use kernel::DomainResult;
use kernel::clock::CAMPAIGN_OFFSET;
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};
use uuid::Uuid;

use participants::access::TenantScope;

use crate::access::owner;
use crate::entity::enlistment::{self, EnlistmentKind, EnlistmentState};
use crate::entity::{closing_report, community_event, county_visit, employment, market_fair};

/// The figures of a report. Counts are of the period, except `enterprises_enlisted`, which is
/// the number of enterprise enlistments confirmed by the period's end.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Figures {
    pub enterprises_enlisted: i32,
    pub fairs_held: i32,
    pub events_held: i32,
    pub events_closed: i32,
    pub county_visits: i32,
    pub jobs_created: i32,
    /// 销售额 and 斤数: the gateway fills them from the ledger (which depends on this crate);
    /// `None` here.
    pub sales_fen: Option<i64>,
    pub weight_grams: Option<i64>,
}

fn day_start(day: NaiveDate) -> chrono::DateTime<chrono::Utc> {
    day.and_time(NaiveTime::MIN)
        .and_local_timezone(CAMPAIGN_OFFSET)
        .single()
        .map(|t| t.to_utc())
        .unwrap_or_default()
}

/// The figures yijin knows for a period: of one association (its rows and its members') or,
/// for the service team, of everyone.
pub async fn known_figures(
    conn: &impl ConnectionTrait,
    campaign_id: Uuid,
    association_id: Option<Uuid>,
    start: NaiveDate,
    end: NaiveDate,
) -> DomainResult<Figures> {
    let scope = association_id.map_or(TenantScope::Platform, TenantScope::Association);
    let after_end = day_start(end.checked_add_days(Days::new(1)).unwrap_or(end));
    let count = |n: u64| i32::try_from(n).unwrap_or(i32::MAX);
    let enlisted = enlistment::Entity::find()
        .filter(scope.owned(&owner(
            enlistment::Column::AssociationId,
            enlistment::Column::EnterpriseId,
        )))
        .filter(enlistment::Column::CampaignId.eq(campaign_id))
        .filter(enlistment::Column::OrgKind.eq(EnlistmentKind::Enterprise))
        .filter(enlistment::Column::State.eq(EnlistmentState::Confirmed))
        .filter(enlistment::Column::DecidedAt.lt(after_end))
        .count(conn)
        .await?;
    let fairs = market_fair::Entity::find()
        .filter(scope.owned(&owner(
            market_fair::Column::AssociationId,
            market_fair::Column::EnterpriseId,
        )))
        .filter(market_fair::Column::CampaignId.eq(campaign_id))
        .filter(market_fair::Column::Status.eq(market_fair::FairStatus::Held))
        .filter(market_fair::Column::StartsOn.between(start, end))
        .count(conn)
        .await?;
    let events = || {
        community_event::Entity::find()
            .filter(scope.owned(&owner(
                community_event::Column::AssociationId,
                community_event::Column::EnterpriseId,
            )))
            .filter(community_event::Column::CampaignId.eq(campaign_id))
    };
    let held = events()
        .filter(community_event::Column::State.is_in([
            community_event::EventState::Held,
            community_event::EventState::Closed,
        ]))
        .filter(community_event::Column::StartsOn.between(start, end))
        .count(conn)
        .await?;
    let closed = closing_report::Entity::find()
        .filter(scope.owned(&owner(
            closing_report::Column::AssociationId,
            closing_report::Column::EnterpriseId,
        )))
        .filter(
            closing_report::Column::EventId.in_subquery(
                Query::select()
                    .column(community_event::Column::Id)
                    .from(community_event::Entity)
                    .and_where(community_event::Column::CampaignId.eq(campaign_id))
                    .to_owned(),
            ),
        )
        .filter(closing_report::Column::FiledAt.gte(day_start(start)))
        .filter(closing_report::Column::FiledAt.lt(after_end))
        .count(conn)
        .await?;
    let visits = county_visit::Entity::find()
        .filter(scope.owned(&owner(
            county_visit::Column::AssociationId,
            county_visit::Column::EnterpriseId,
        )))
        .filter(county_visit::Column::CampaignId.eq(campaign_id))
        .filter(county_visit::Column::StartsOn.between(start, end))
        .count(conn)
        .await?;
    let jobs = employment::Entity::find()
        .filter(scope.owned(&owner(
            employment::Column::AssociationId,
            employment::Column::EnterpriseId,
        )))
        .filter(employment::Column::CampaignId.eq(campaign_id))
        .filter(employment::Column::StartsOn.between(start, end))
        .count(conn)
        .await?;
    Ok(Figures {
        enterprises_enlisted: count(enlisted),
        fairs_held: count(fairs),
        events_held: count(held),
        events_closed: count(closed),
        county_visits: count(visits),
        jobs_created: count(jobs),
        sales_fen: None,
        weight_grams: None,
    })
}
