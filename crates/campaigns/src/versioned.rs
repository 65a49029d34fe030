//! The campaign calendar as the ledger's attribution reads it, kept in memory keyed by the
//! calendar's version token (table `calendar_version`, moved by triggers on every write to a
//! campaign or a phase, by any writer: see the migration `track_calendar_changes`).
//!
//! A caller folds [`version_expr`] into a statement it runs anyway and passes the token it got
//! to [`at`]: the calendar kept for that token, or else one statement reading the calendar
//! together with its token (one snapshot), kept for the next caller. A change made on another
//! instance moves the token in the database, so the next sale anywhere reads the new calendar;
//! a plain time-to-live cache would attribute sales to the old phases until it ran out, and
//! ledger entries are never rewritten.

use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use kernel::DomainResult;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, JoinType, Query};
use sea_orm::{
    ConnectionTrait, EntityTrait, FromQueryResult, QueryOrder, QuerySelect, QueryTrait, RelationDef,
};
use uuid::Uuid;

use crate::calendar::attribution_phase;
use crate::entity::{campaign, campaign_phase};

/// Every campaign with its phases, as of one version of the calendar.
#[derive(Debug, Clone, Default)]
pub struct Calendar {
    /// The token this calendar was read with (`None`: read without one, not kept).
    pub version: Option<String>,
    /// The latest-starting first, each with its phases.
    pub campaigns: Vec<(campaign::Model, Vec<campaign_phase::Model>)>,
}

impl Calendar {
    /// The campaign a day falls in (the latest-starting one if campaigns overlap) and the
    /// phase it is attributed to ([`attribution_phase`]).
    pub fn on(&self, day: NaiveDate) -> Option<(Uuid, Option<Uuid>)> {
        let (campaign, phases) = self
            .campaigns
            .iter()
            .find(|(c, _)| c.starts_on <= day && day <= c.ends_on)?;
        Some((campaign.id, attribution_phase(phases, day).map(|p| p.id)))
    }
}

/// The calendar last read by this process (one slot: an instance serves one database; a test
/// process that serves many only reads the calendar more often).
static LATEST: Mutex<Option<Arc<Calendar>>> = Mutex::new(None);

/// The calendar's version token as a scalar subquery, for a caller to select with its own
/// columns (read it back as `Option<String>`).
pub fn version_expr() -> Expr {
    Expr::SubQuery(
        None,
        Box::new(
            Query::select()
                .column(Alias::new("version"))
                .from(Alias::new("calendar_version"))
                .and_where(Expr::col(Alias::new("id")).eq(1))
                .to_owned()
                .into(),
        ),
    )
}

/// The calendar as of `version` (a token the caller read in this transaction with
/// [`version_expr`]): the one kept in memory if it is that version's, else read now (one
/// statement, with its own token) and kept.
pub async fn at(conn: &impl ConnectionTrait, version: Option<&str>) -> DomainResult<Arc<Calendar>> {
    if let Some(version) = version {
        let latest = LATEST.lock().unwrap_or_else(|e| e.into_inner()).clone();
        if let Some(calendar) = latest
            && calendar.version.as_deref() == Some(version)
        {
            return Ok(calendar);
        }
    }
    let calendar = Arc::new(read(conn).await?);
    if calendar.version.is_some() {
        *LATEST.lock().unwrap_or_else(|e| e.into_inner()) = Some(calendar.clone());
    }
    Ok(calendar)
}

/// Campaigns with their phases and the calendar's token, one statement (a campaign without
/// phases comes once, alone). With no campaign at all there is no row to carry the token:
/// that calendar is returned without one and not kept.
async fn read(conn: &impl ConnectionTrait) -> DomainResult<Calendar> {
    let phases_of: RelationDef = campaign_phase::Entity::belongs_to(campaign::Entity)
        .from(campaign_phase::Column::CampaignId)
        .to(campaign::Column::Id)
        .into();
    let mut select = campaign::Entity::find()
        .join(JoinType::LeftJoin, phases_of.rev())
        .select_also(campaign_phase::Entity)
        .order_by_desc(campaign::Column::StartsOn)
        .order_by_asc(campaign::Column::Id);
    let query = QueryTrait::query(&mut select);
    query.expr_as(version_expr(), Alias::new("calendar_version"));
    let statement = conn.get_database_backend().build(&*query);
    let rows = conn.query_all_raw(statement).await?;
    let mut calendar = Calendar::default();
    for row in &rows {
        let c = campaign::Model::from_query_result(row, "A_")?;
        let p = campaign_phase::Model::from_query_result_optional(row, "B_")?;
        if calendar.version.is_none() {
            calendar.version = row.try_get::<Option<String>>("", "calendar_version")?;
        }
        if calendar
            .campaigns
            .last()
            .is_none_or(|(last, _)| last.id != c.id)
        {
            calendar.campaigns.push((c, Vec::new()));
        }
        if let Some(p) = p
            && let Some((_, phases)) = calendar.campaigns.last_mut()
        {
            phases.push(p);
        }
    }
    Ok(calendar)
}
