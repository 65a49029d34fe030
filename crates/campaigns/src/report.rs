//! 进度报告: monthly reports from each local association, weekly reports from the service team
//! (the platform). A report covers one period (a calendar month, or a Monday-to-Sunday week)
//! and has narrative fields and figures. [`draft`] pre-fills the figures yijin already knows
//! for the period (enlistments, fairs, events, visits, jobs; the ledger's jin and yuan once it
//! exists); [`missing`] lists the closed periods nobody has reported yet.

use std::collections::HashSet;

use chrono::{Datelike, Days, Months, NaiveDate, NaiveTime, Weekday};
use kernel::clock::CAMPAIGN_OFFSET;
use kernel::error::{Problems, codes, optional_text, required_text};
use kernel::page::{self, PageSpec};
use kernel::{Actor, Clock, DomainError, DomainResult, Message, Page, Problem};
use sea_orm::sea_query::Query;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, Select, Set,
};
use uuid::Uuid;

use crate::CampaignErrorCode as Code;
use crate::access::{Reader, condition, reader};
use crate::entity::enlistment::{self, EnlistmentKind, EnlistmentState};
use crate::entity::progress_report::{self, Column, Entity, Model, ReportKind};
use crate::entity::{
    campaign, closing_report, community_event, county_visit, employment, market_fair,
};
use crate::fields;

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
    /// 销售额 and 斤数: entered by the reporter until the ledger provides them.
    pub sales_fen: Option<i64>,
    pub weight_grams: Option<i64>,
}

/// A report form before it is filed: the period and the figures yijin knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportDraft {
    pub campaign_id: Uuid,
    pub kind: ReportKind,
    pub association_id: Option<Uuid>,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub figures: Figures,
}

/// A period nobody has reported yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingReport {
    pub kind: ReportKind,
    pub association_id: Option<Uuid>,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
}

/// The period of `kind` starting on `start`, if a period of that kind starts there.
pub fn period(kind: ReportKind, start: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    let end = match kind {
        ReportKind::Monthly if start.day() == 1 => start
            .checked_add_months(Months::new(1))?
            .checked_sub_days(Days::new(1))?,
        ReportKind::Weekly if start.weekday() == Weekday::Mon => {
            start.checked_add_days(Days::new(6))?
        }
        _ => return None,
    };
    Some((start, end))
}

/// The start of the period of `kind` that contains `day`.
pub fn period_start_of(kind: ReportKind, day: NaiveDate) -> NaiveDate {
    match kind {
        ReportKind::Monthly => day.with_day(1).unwrap_or(day),
        ReportKind::Weekly => day
            .checked_sub_days(Days::new(u64::from(day.weekday().num_days_from_monday())))
            .unwrap_or(day),
    }
}

/// The service team's reports are filed under the nil uuid.
fn reporter_id(association_id: Option<Uuid>) -> Uuid {
    association_id.unwrap_or(Uuid::nil())
}

fn scoped(actor: &Actor) -> Select<Entity> {
    let visible = match reader(actor) {
        Reader::All => Condition::all(),
        Reader::Association(own) => Condition::all().add(Column::AssociationId.eq(own)),
        Reader::Enterprise(_) | Reader::Nothing => {
            Condition::all().add(sea_orm::sea_query::Expr::cust("1 = 0"))
        }
    };
    Entity::find().filter(visible)
}

#[derive(Debug, Clone, Default)]
pub struct ReportFilter {
    pub campaign_id: Option<Uuid>,
    pub kind: Option<ReportKind>,
    pub association_id: Option<Uuid>,
}

fn filtered(actor: &Actor, filter: &ReportFilter) -> Select<Entity> {
    let mut query = scoped(actor);
    if let Some(c) = filter.campaign_id {
        query = query.filter(Column::CampaignId.eq(c));
    }
    if let Some(k) = filter.kind {
        query = query.filter(Column::Kind.eq(k));
    }
    if let Some(a) = filter.association_id {
        query = query.filter(Column::AssociationId.eq(a));
    }
    query
}

pub async fn get(conn: &impl ConnectionTrait, actor: &Actor, id: Uuid) -> DomainResult<Model> {
    scoped(actor)
        .filter(Column::Id.eq(id))
        .one(conn)
        .await?
        .ok_or(DomainError::NotFound)
}

pub async fn list(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    filter: &ReportFilter,
    spec: PageSpec,
) -> DomainResult<Page<Model>> {
    page::paginate(conn, filtered(actor, filter), Column::Id, spec, |m| m.id).await
}

pub async fn count(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    filter: &ReportFilter,
) -> DomainResult<u64> {
    page::count(conn, filtered(actor, filter)).await
}

/// Who files a report of `kind`: monthly, an association (its admins; the platform names it);
/// weekly, the service team (the platform, naming no association).
fn reporter(
    actor: &Actor,
    kind: ReportKind,
    association_id: Option<Uuid>,
) -> DomainResult<Option<Uuid>> {
    use kernel::Role;
    match (kind, actor.role) {
        (ReportKind::Monthly, Role::PlatformAdmin) => association_id.map(Some).ok_or_else(|| {
            DomainError::invalid(
                &["associationId"],
                codes::BLANK,
                Message::new("月报须指定协会", "a monthly report names its association"),
            )
        }),
        (ReportKind::Monthly, Role::AssociationAdmin) => {
            let own = actor.association_id().ok_or(DomainError::Forbidden)?;
            match association_id {
                Some(other) if other != own => Err(DomainError::NotFound),
                _ => Ok(Some(own)),
            }
        }
        (ReportKind::Weekly, Role::PlatformAdmin) => match association_id {
            None => Ok(None),
            Some(_) => Err(DomainError::invalid(
                &["associationId"],
                codes::INVALID,
                Message::new(
                    "周报由服务团队提交，不属于协会",
                    "weekly reports are the service team's",
                ),
            )),
        },
        _ => Err(DomainError::Forbidden),
    }
}

/// Checks that the period starts where a period of `kind` starts, has begun, and overlaps the
/// campaign.
fn checked_period(
    problems: &mut Problems,
    campaign: &campaign::Model,
    kind: ReportKind,
    start: NaiveDate,
    today: NaiveDate,
) -> (NaiveDate, NaiveDate) {
    let Some((start, end)) = period(kind, start) else {
        problems.push(Problem::new(
            &["periodStart"],
            Code::InvalidPeriod.as_str(),
            Message::new(
                "月报从每月 1 日开始，周报从周一开始",
                "a monthly period starts on the 1st, a weekly one on a Monday",
            ),
        ));
        return (start, start);
    };
    if start > today {
        problems.push(Problem::new(
            &["periodStart"],
            Code::InvalidPeriod.as_str(),
            Message::new("该期尚未开始", "the period has not started yet"),
        ));
    }
    if start > campaign.ends_on || end < campaign.starts_on {
        problems.push(fields::outside("periodStart", campaign));
    }
    (start, end)
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
    let scope = association_id.map_or(Reader::All, Reader::Association);
    let after_end = day_start(end.checked_add_days(Days::new(1)).unwrap_or(end));
    let count = |n: u64| i32::try_from(n).unwrap_or(i32::MAX);
    let enlisted = enlistment::Entity::find()
        .filter(condition(
            scope,
            enlistment::Column::AssociationId,
            enlistment::Column::EnterpriseId,
        ))
        .filter(enlistment::Column::CampaignId.eq(campaign_id))
        .filter(enlistment::Column::OrgKind.eq(EnlistmentKind::Enterprise))
        .filter(enlistment::Column::State.eq(EnlistmentState::Confirmed))
        .filter(enlistment::Column::DecidedAt.lt(after_end))
        .count(conn)
        .await?;
    let fairs = market_fair::Entity::find()
        .filter(condition(
            scope,
            market_fair::Column::AssociationId,
            market_fair::Column::EnterpriseId,
        ))
        .filter(market_fair::Column::CampaignId.eq(campaign_id))
        .filter(market_fair::Column::Status.eq(market_fair::FairStatus::Held))
        .filter(market_fair::Column::StartsOn.between(start, end))
        .count(conn)
        .await?;
    let events = || {
        community_event::Entity::find()
            .filter(condition(
                scope,
                community_event::Column::AssociationId,
                community_event::Column::EnterpriseId,
            ))
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
        .filter(condition(
            scope,
            closing_report::Column::AssociationId,
            closing_report::Column::EnterpriseId,
        ))
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
        .filter(condition(
            scope,
            county_visit::Column::AssociationId,
            county_visit::Column::EnterpriseId,
        ))
        .filter(county_visit::Column::CampaignId.eq(campaign_id))
        .filter(county_visit::Column::StartsOn.between(start, end))
        .count(conn)
        .await?;
    let jobs = employment::Entity::find()
        .filter(condition(
            scope,
            employment::Column::AssociationId,
            employment::Column::EnterpriseId,
        ))
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

/// The report form for a period, pre-filled with what yijin knows.
pub async fn draft(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    clock: &Clock,
    campaign_id: Uuid,
    kind: ReportKind,
    association_id: Option<Uuid>,
    period_start: NaiveDate,
) -> DomainResult<ReportDraft> {
    let association_id = reporter(actor, kind, association_id)?;
    let campaign = fields::campaign(conn, campaign_id).await?;
    let mut problems = Problems::new();
    let (start, end) = checked_period(&mut problems, &campaign, kind, period_start, clock.today());
    problems.finish()?;
    let figures = known_figures(conn, campaign.id, association_id, start, end).await?;
    Ok(ReportDraft {
        campaign_id: campaign.id,
        kind,
        association_id,
        period_start: start,
        period_end: end,
        figures,
    })
}

/// What a reporter files; figures left out take the pre-filled values.
#[derive(Debug, Clone)]
pub struct ReportInput {
    pub campaign_id: Uuid,
    pub kind: ReportKind,
    pub association_id: Option<Uuid>,
    pub period_start: NaiveDate,
    pub highlights: String,
    pub problems: Option<String>,
    pub next_steps: Option<String>,
    pub enterprises_enlisted: Option<i32>,
    pub fairs_held: Option<i32>,
    pub events_held: Option<i32>,
    pub events_closed: Option<i32>,
    pub county_visits: Option<i32>,
    pub jobs_created: Option<i32>,
    pub sales_fen: Option<i64>,
    pub weight_grams: Option<i64>,
}

/// Files a report for a period that has begun; one per reporter and period.
pub async fn file(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    clock: &Clock,
    input: ReportInput,
) -> DomainResult<Model> {
    let kind = input.kind;
    let draft = draft(
        conn,
        actor,
        clock,
        input.campaign_id,
        kind,
        input.association_id,
        input.period_start,
    )
    .await?;
    let mut problems = Problems::new();
    let highlights = problems.take(required_text(&["highlights"], &input.highlights, 5000));
    let issues = problems
        .take(optional_text(
            &["problems"],
            input.problems.as_deref(),
            5000,
        ))
        .flatten();
    let next_steps = problems
        .take(optional_text(
            &["nextSteps"],
            input.next_steps.as_deref(),
            5000,
        ))
        .flatten();
    let known = &draft.figures;
    let mut figure = |field: &str, given: Option<i32>, known: i32| match given {
        Some(n) => fields::count(&mut problems, field, n, 10_000_000),
        None => known,
    };
    let enterprises_enlisted = figure(
        "enterprisesEnlisted",
        input.enterprises_enlisted,
        known.enterprises_enlisted,
    );
    let fairs_held = figure("fairsHeld", input.fairs_held, known.fairs_held);
    let events_held = figure("eventsHeld", input.events_held, known.events_held);
    let events_closed = figure("eventsClosed", input.events_closed, known.events_closed);
    let county_visits = figure("countyVisits", input.county_visits, known.county_visits);
    let jobs_created = figure("jobsCreated", input.jobs_created, known.jobs_created);
    let sales_fen = fields::fen(&mut problems, "salesFen", input.sales_fen);
    if input.weight_grams.is_some_and(|g| g < 0) {
        problems.push(Problem::new(
            &["weightGrams"],
            codes::OUT_OF_RANGE,
            Message::new("重量不能为负", "must not be negative"),
        ));
    }
    problems.finish()?;
    progress_report::ActiveModel {
        id: Set(kernel::new_id()),
        campaign_id: Set(draft.campaign_id),
        kind: Set(kind),
        reporter_id: Set(reporter_id(draft.association_id)),
        association_id: Set(draft.association_id),
        period_start: Set(draft.period_start),
        period_end: Set(draft.period_end),
        highlights: Set(highlights.unwrap_or_default()),
        problems: Set(issues),
        next_steps: Set(next_steps),
        enterprises_enlisted: Set(enterprises_enlisted),
        fairs_held: Set(fairs_held),
        events_held: Set(events_held),
        events_closed: Set(events_closed),
        county_visits: Set(county_visits),
        jobs_created: Set(jobs_created),
        sales_fen: Set(sales_fen),
        weight_grams: Set(input.weight_grams),
        filed_by: Set(actor.subject.clone()),
        filed_at: Set(clock.now()),
    }
    .insert(conn)
    .await
    .map_err(|e| match DomainError::from(e) {
        DomainError::Conflict => DomainError::invalid(
            &["periodStart"],
            codes::TAKEN,
            Message::new("该期报告已提交", "this period is reported already"),
        ),
        other => other,
    })
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
    let campaign = crate::calendar::get(conn, campaign_id).await?;
    let today = clock.today();
    let scope = reader(actor);
    let reporters: Vec<(Option<Uuid>, NaiveDate)> = match (kind, scope) {
        (ReportKind::Weekly, Reader::All) => vec![(None, campaign.starts_on)],
        (ReportKind::Weekly, _) | (_, Reader::Enterprise(_) | Reader::Nothing) => {
            return Err(DomainError::Forbidden);
        }
        (ReportKind::Monthly, _) => {
            let mut query = enlistment::Entity::find()
                .filter(enlistment::Column::CampaignId.eq(campaign.id))
                .filter(enlistment::Column::OrgKind.eq(EnlistmentKind::Association))
                .filter(enlistment::Column::State.eq(EnlistmentState::Confirmed));
            if let Reader::Association(own) = scope {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn periods_start_on_the_first_or_a_monday() {
        assert_eq!(
            period(ReportKind::Monthly, day("2020-02-01")),
            Some((day("2020-02-01"), day("2020-02-29")))
        );
        assert_eq!(period(ReportKind::Monthly, day("2020-02-02")), None);
        assert_eq!(
            period(ReportKind::Weekly, day("2019-04-01")),
            Some((day("2019-04-01"), day("2019-04-07")))
        );
        assert_eq!(period(ReportKind::Weekly, day("2019-04-02")), None);
        assert_eq!(
            period_start_of(ReportKind::Weekly, day("2019-04-07")),
            day("2019-04-01")
        );
        assert_eq!(
            period_start_of(ReportKind::Monthly, day("2019-04-07")),
            day("2019-04-01")
        );
    }
}
