//! 进度报告: monthly reports from each local association, weekly reports from the service team
//! (the platform). A report covers one period (a calendar month, or a Monday-to-Sunday week)
//! and has narrative fields and figures. [`draft`] pre-fills the figures yijin already knows
//! for the period (enlistments, fairs, events, visits, jobs; the ledger's jin and yuan once it
//! exists); [`missing`] lists the closed periods nobody has reported yet.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use kernel::error::{Problems, codes, optional_multiline_text, required_multiline_text};
use kernel::lookup;
use kernel::page::{self, PageSpec};
use kernel::{Actor, Clock, DomainError, DomainResult, Message, Page, Problem};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    Select, Set,
};
use uuid::Uuid;

use crate::CampaignErrorCode as Code;
use crate::entity::campaign;
use crate::entity::progress_report::{self, Column, Entity, Model, ReportKind};
use crate::fields;
use participants::access::{Object, Owner, readable};

mod figures;
mod missing;

pub use figures::{Figures, known_figures};
pub use missing::{MissingReport, missing};

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
pub(crate) fn reporter_id(association_id: Option<Uuid>) -> Uuid {
    association_id.unwrap_or(Uuid::nil())
}

/// Reports the actor may read (`Object::ProgressReport`): the service team's weekly reports,
/// filed under no association, only for those who read every association's.
fn scoped(actor: &Actor) -> Select<Entity> {
    Entity::find().filter(readable(
        actor,
        Object::ProgressReport,
        &Owner::new().association(Column::AssociationId),
    ))
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
    lookup::one(conn, scoped(actor), Column::Id, id).await
}

/// [`get`] of many ids at once, in one statement: those the actor may see.
pub async fn get_many(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    ids: &[Uuid],
) -> DomainResult<Vec<Model>> {
    lookup::many(conn, scoped(actor), Column::Id, ids).await
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

/// What a draft answers for a campaign or an association that does not exist.
#[derive(Debug, Clone, Copy)]
enum Absent {
    /// `NOT_FOUND`, as for another association's: the draft a query reads, which answers both
    /// as a by-id field does.
    NotFound,
    /// An `UNKNOWN_REFERENCE` problem on the input's field: the report being filed.
    Problem,
}

impl Absent {
    fn campaign(self) -> DomainError {
        match self {
            Absent::NotFound => DomainError::NotFound,
            Absent::Problem => {
                crate::access::unknown("campaignId", "战役不存在", "no such campaign")
            }
        }
    }

    fn association(self) -> DomainError {
        match self {
            Absent::NotFound => DomainError::NotFound,
            Absent::Problem => {
                crate::access::unknown("associationId", "协会不存在", "no such association")
            }
        }
    }
}

/// The report form for a period, pre-filled with what yijin knows. `NOT_FOUND` when the
/// campaign or the association does not exist or the actor may not report for it.
pub async fn draft(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    clock: &Clock,
    campaign_id: Uuid,
    kind: ReportKind,
    association_id: Option<Uuid>,
    period_start: NaiveDate,
) -> DomainResult<ReportDraft> {
    let period = (kind, period_start);
    form(
        conn,
        actor,
        clock,
        campaign_id,
        association_id,
        period,
        Absent::NotFound,
    )
    .await
}

/// [`draft`] for the report `input` files: a campaign or association that does not exist is
/// an `UNKNOWN_REFERENCE` problem on its input field.
pub async fn filing_draft(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    clock: &Clock,
    input: &ReportInput,
) -> DomainResult<ReportDraft> {
    let period = (input.kind, input.period_start);
    form(
        conn,
        actor,
        clock,
        input.campaign_id,
        input.association_id,
        period,
        Absent::Problem,
    )
    .await
}

/// [`draft`], with `absent` deciding what a campaign or association that does not exist is
/// (the period is its kind and first day).
async fn form(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    clock: &Clock,
    campaign_id: Uuid,
    association_id: Option<Uuid>,
    (kind, period_start): (ReportKind, NaiveDate),
    absent: Absent,
) -> DomainResult<ReportDraft> {
    let association_id = reporter(actor, kind, association_id)?;
    if let Some(a) = association_id
        && participants::entity::association::Entity::find_by_id(a)
            .one(conn)
            .await?
            .is_none()
    {
        // Only the platform names an association here: every one exists for it or none does.
        return Err(absent.association());
    }
    let campaign = match crate::calendar::get(conn, campaign_id).await {
        Err(DomainError::NotFound) => return Err(absent.campaign()),
        found => found?,
    };
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
    conn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    input: ReportInput,
) -> DomainResult<Model> {
    let kind = input.kind;
    let draft = filing_draft(conn, actor, clock, &input).await?;
    let mut problems = Problems::new();
    let highlights = problems.take(required_multiline_text(
        &["highlights"],
        &input.highlights,
        5000,
    ));
    let issues = problems
        .take(optional_multiline_text(
            &["problems"],
            input.problems.as_deref(),
            5000,
        ))
        .flatten();
    let next_steps = problems
        .take(optional_multiline_text(
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
