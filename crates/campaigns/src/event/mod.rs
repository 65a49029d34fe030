//! 社区活动 (with tasting): APPLIED at least 28 days before the event (on the campaign's
//! calendar, with today from the injected clock) → APPROVED or REJECTED by the platform →
//! HELD (on or after its first day) → CLOSED when the closing report (结案报告) is filed. An
//! approved or held event whose last day has passed without a report is overdue.

use chrono::{Days, NaiveDate};
use kernel::error::{Problems, optional_multiline_text, required_text};
use kernel::lookup;
use kernel::page::{self, PageSpec};
use kernel::{Actor, Clock, DomainError, DomainResult, Message, Page, Problem, Role};
use participants::access::require_role;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    Select, Set,
};
use uuid::Uuid;

use crate::CampaignErrorCode as Code;
use crate::access::{organizer, require_manages, visible};
use crate::entity::community_event::{self, Column, Entity, EventState as State, Model};
use crate::fields;

mod closing;

pub use closing::{file_closing_report, photo_urls, products_tasted, tasting_products};

/// How many days ahead a community event must be applied for (four weeks).
pub const APPLICATION_LEAD_DAYS: u64 = 28;

#[derive(Debug, Clone)]
pub struct EventInput {
    pub campaign_id: Uuid,
    pub association_id: Option<Uuid>,
    pub enterprise_id: Option<Uuid>,
    pub title: String,
    pub project_id: Option<Uuid>,
    pub address: Option<String>,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub tasting_products: Vec<String>,
    pub expected_attendance: i32,
}

#[derive(Debug, Clone)]
pub struct ClosingReportInput {
    pub attendance: i32,
    pub products_tasted: Vec<String>,
    pub sales_fen: Option<i64>,
    pub photo_urls: Vec<String>,
    pub summary: String,
}

#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    pub campaign_id: Option<Uuid>,
    pub state: Option<State>,
    /// Only events past their last day without a closing report (as of this day).
    pub overdue_on: Option<NaiveDate>,
}

pub(crate) const OPEN: [State; 2] = [State::Approved, State::Held];

/// Whether an event is overdue for its closing report on `today`.
pub fn is_overdue(model: &Model, today: NaiveDate) -> bool {
    OPEN.contains(&model.state) && model.ends_on < today
}

/// The last day an event starting on `starts_on` can be applied for.
pub fn last_application_day(starts_on: NaiveDate) -> NaiveDate {
    starts_on
        .checked_sub_days(Days::new(APPLICATION_LEAD_DAYS))
        .unwrap_or(NaiveDate::MIN)
}

fn scoped(actor: &Actor) -> Select<Entity> {
    Entity::find().filter(visible(
        actor,
        participants::access::Object::Activity,
        Column::AssociationId,
        Column::EnterpriseId,
    ))
}

fn filtered(actor: &Actor, filter: &EventFilter) -> Select<Entity> {
    let mut query = scoped(actor);
    if let Some(c) = filter.campaign_id {
        query = query.filter(Column::CampaignId.eq(c));
    }
    if let Some(s) = filter.state {
        query = query.filter(Column::State.eq(s));
    }
    if let Some(today) = filter.overdue_on {
        query = query
            .filter(Column::State.is_in(OPEN))
            .filter(Column::EndsOn.lt(today));
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
    filter: &EventFilter,
    spec: PageSpec,
) -> DomainResult<Page<Model>> {
    page::paginate(conn, filtered(actor, filter), Column::Id, spec, |m| m.id).await
}

pub async fn count(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    filter: &EventFilter,
) -> DomainResult<u64> {
    page::count(conn, filtered(actor, filter)).await
}

/// Applies for an event. Earlier than 28 days ahead is fine; later is rejected with the last
/// day it could have been applied for.
pub async fn apply(
    conn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    input: EventInput,
) -> DomainResult<Model> {
    let organizer = organizer(conn, actor, input.association_id, input.enterprise_id).await?;
    let campaign = fields::campaign(conn, input.campaign_id).await?;
    let mut problems = Problems::new();
    let title = problems.take(required_text(&["title"], &input.title, 200));
    let ends_on = fields::dates(&mut problems, &campaign, input.starts_on, input.ends_on);
    let today = clock.today();
    let deadline = last_application_day(input.starts_on);
    if today > deadline {
        problems.push(Problem::new(
            &["startsOn"],
            Code::TooLateToApply.as_str(),
            Message::new(
                format!(
                    "社区活动须至少提前 {APPLICATION_LEAD_DAYS} 天申请：{} 的活动最晚应于 {deadline} 申请；今天申请的活动最早可于 {} 举办",
                    input.starts_on,
                    today.checked_add_days(Days::new(APPLICATION_LEAD_DAYS)).unwrap_or(today)
                ),
                format!(
                    "community events must be applied for at least {APPLICATION_LEAD_DAYS} days ahead: an event on {} had to be applied for by {deadline}; applied today, the earliest date is {}",
                    input.starts_on,
                    today.checked_add_days(Days::new(APPLICATION_LEAD_DAYS)).unwrap_or(today)
                ),
            ),
        ));
    }
    let tasting = fields::text_list(
        &mut problems,
        "tastingProducts",
        &input.tasting_products,
        50,
        200,
    );
    if tasting.is_empty() && input.tasting_products.len() <= 50 {
        problems.push(fields::choice_required(
            &["tastingProducts"],
            "请列出拟品鉴的产品",
            "list the products to be tasted",
        ));
    }
    let attendance = fields::count(
        &mut problems,
        "expectedAttendance",
        input.expected_attendance,
        100_000,
    );
    let (project_id, address) = fields::place(
        conn,
        actor,
        &mut problems,
        &organizer,
        input.project_id,
        input.address.as_deref(),
    )
    .await?;
    problems.finish()?;
    let (association_id, enterprise_id) = organizer.tenant();
    let now = clock.now();
    Ok(community_event::ActiveModel {
        id: Set(kernel::new_id()),
        campaign_id: Set(campaign.id),
        association_id: Set(association_id),
        enterprise_id: Set(enterprise_id),
        title: Set(title.unwrap_or_default()),
        project_id: Set(project_id),
        address: Set(address),
        starts_on: Set(input.starts_on),
        ends_on: Set(ends_on),
        tasting_products: Set(fields::to_json(&tasting)),
        expected_attendance: Set(attendance),
        state: Set(State::Applied),
        applied_on: Set(today),
        decision_reason: Set(None),
        decided_at: Set(None),
        held_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(conn)
    .await?)
}

pub(crate) fn state_name(state: State) -> &'static str {
    match state {
        State::Applied => "APPLIED",
        State::Approved => "APPROVED",
        State::Rejected => "REJECTED",
        State::Held => "HELD",
        State::Closed => "CLOSED",
    }
}

pub(crate) fn transition_error(from: State, zh: &str, en: &str) -> DomainError {
    let state = state_name(from);
    DomainError::invalid(
        &["id"],
        Code::InvalidTransition.as_str(),
        Message::new(
            format!("活动当前状态为 {state}，不能{zh}"),
            format!("an event in state {state} cannot be {en}"),
        ),
    )
}

pub(crate) fn too_early(starts_on: NaiveDate) -> Problem {
    Problem::new(
        &["id"],
        Code::TooEarly.as_str(),
        Message::new(
            format!("活动 {starts_on} 开始，尚未举办"),
            format!("the event starts on {starts_on} and has not been held yet"),
        ),
    )
}

/// Moves `current` (in one of `from`) with one conditional UPDATE; the loser of a race sees
/// the state that won.
pub(crate) async fn step(
    conn: &impl ConnectionTrait,
    current: &Model,
    from: &[State],
    model: community_event::ActiveModel,
    action: (&str, &str),
) -> DomainResult<Model> {
    let updated = Entity::update_many()
        .set(model)
        .filter(Column::Id.eq(current.id))
        .filter(Column::State.is_in(from.iter().copied()))
        .exec(conn)
        .await?;
    let now = Entity::find_by_id(current.id)
        .one(conn)
        .await?
        .ok_or(DomainError::NotFound)?;
    if updated.rows_affected == 0 {
        return Err(transition_error(now.state, action.0, action.1));
    }
    Ok(now)
}

/// The platform approves or rejects an application; a rejection needs a reason.
pub async fn decide(
    conn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    id: Uuid,
    approve: bool,
    reason: Option<&str>,
) -> DomainResult<Model> {
    require_role(actor, &[Role::PlatformAdmin])?;
    let current = get(conn, actor, id).await?;
    let reason = optional_multiline_text(&["reason"], reason, 2000)
        .map_err(|p| DomainError::Invalid(vec![p]))?;
    if !approve && reason.is_none() {
        return Err(DomainError::invalid(
            &["reason"],
            Code::ReasonRequired.as_str(),
            Message::new("不批准须说明原因", "a rejection needs a reason"),
        ));
    }
    let action = if approve {
        ("批准", "approved")
    } else {
        ("驳回", "rejected")
    };
    if current.state != State::Applied {
        return Err(transition_error(current.state, action.0, action.1));
    }
    let model = community_event::ActiveModel {
        state: Set(if approve {
            State::Approved
        } else {
            State::Rejected
        }),
        decision_reason: Set(reason),
        decided_at: Set(Some(clock.now())),
        updated_at: Set(clock.now()),
        ..Default::default()
    };
    step(conn, &current, &[State::Applied], model, action).await
}

/// The organiser records that an approved event took place (on or after its first day).
pub async fn mark_held(
    conn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    id: Uuid,
) -> DomainResult<Model> {
    let current = get(conn, actor, id).await?;
    require_manages(actor, current.association_id, current.enterprise_id)?;
    if current.state != State::Approved {
        return Err(transition_error(
            current.state,
            "登记为已举办",
            "marked held",
        ));
    }
    if clock.today() < current.starts_on {
        return Err(DomainError::Invalid(vec![too_early(current.starts_on)]));
    }
    let model = community_event::ActiveModel {
        state: Set(State::Held),
        held_at: Set(Some(clock.now())),
        updated_at: Set(clock.now()),
        ..Default::default()
    };
    step(
        conn,
        &current,
        &[State::Approved],
        model,
        ("登记为已举办", "marked held"),
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_application_day_is_four_weeks_before() {
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(last_application_day(day("2019-07-01")), day("2019-06-03"));
    }
}
