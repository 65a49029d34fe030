//! 战役日历: campaigns, their phases and targets, and which phase a day or a moment falls in.
//!
//! Phases may overlap (the rally and the pilots fall in phase 1, the phase-1 summary in its
//! last days). [`phases_on`] answers with every phase a day is in; [`attribution_phase`] picks
//! the one a sale is counted for: the PHASE (第一/二/三阶段) the day is in, or else the shortest
//! phase containing it (sign-up, a summary month, the closing). The ledger calls
//! [`phase_at`] with each sale's UTC timestamp.

use chrono::{DateTime, NaiveDate, Utc};
use kernel::clock::CAMPAIGN_OFFSET;
use kernel::error::{Problems, codes, optional_text, required_text};
use kernel::lookup;
use kernel::{Actor, Clock, DomainError, DomainResult, Message, Problem, Role};
use participants::access::require_role;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use uuid::Uuid;

use crate::entity::campaign::{self, Column, Entity, Model};
use crate::entity::campaign_phase::{self, PhaseKind};
use crate::entity::campaign_target::{self, TargetKind};

/// 社区的力量 (2019-04-01 → 2020-10-31), seeded by the migration.
pub const COMMUNITY_POWER_CAMPAIGN_ID: Uuid =
    Uuid::from_u128(0x0169d632_1400_7000_8000_000000000001);

/// 战役状态, derived from the dates and today: nobody has to remember to switch it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CampaignStatus {
    /// 未开始
    Upcoming,
    /// 进行中
    Active,
    /// 已结束
    Ended,
}

pub fn status(campaign: &Model, today: NaiveDate) -> CampaignStatus {
    if today < campaign.starts_on {
        CampaignStatus::Upcoming
    } else if today > campaign.ends_on {
        CampaignStatus::Ended
    } else {
        CampaignStatus::Active
    }
}

/// The day of the campaign's calendar (Asia/Shanghai) a moment falls on.
pub fn campaign_day(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&CAMPAIGN_OFFSET).date_naive()
}

fn contains(phase: &campaign_phase::Model, day: NaiveDate) -> bool {
    phase.starts_on <= day && day <= phase.ends_on
}

/// Every phase `day` is in, in the campaign's order.
pub fn phases_on(phases: &[campaign_phase::Model], day: NaiveDate) -> Vec<&campaign_phase::Model> {
    let mut on: Vec<_> = phases.iter().filter(|p| contains(p, day)).collect();
    on.sort_by_key(|p| p.ordinal);
    on
}

/// The one phase a day is attributed to: a PHASE if the day is in one, else the shortest phase
/// containing it (earlier ordinal on ties); `None` outside every phase.
pub fn attribution_phase(
    phases: &[campaign_phase::Model],
    day: NaiveDate,
) -> Option<&campaign_phase::Model> {
    phases.iter().filter(|p| contains(p, day)).min_by_key(|p| {
        (
            p.kind != PhaseKind::Phase,
            (p.ends_on - p.starts_on).num_days(),
            p.ordinal,
        )
    })
}

/// Campaigns, the latest first.
pub async fn list(conn: &impl ConnectionTrait) -> DomainResult<Vec<Model>> {
    Ok(Entity::find()
        .order_by_desc(Column::StartsOn)
        .all(conn)
        .await?)
}

/// The campaign calendar is public to every authenticated caller.
pub async fn get(conn: &impl ConnectionTrait, id: Uuid) -> DomainResult<Model> {
    lookup::one(conn, Entity::find(), Column::Id, id).await
}

/// [`get`] of many ids at once, in one statement.
pub async fn get_many(conn: &impl ConnectionTrait, ids: &[Uuid]) -> DomainResult<Vec<Model>> {
    lookup::many(conn, Entity::find(), Column::Id, ids).await
}

pub async fn phases(
    conn: &impl ConnectionTrait,
    campaign_id: Uuid,
) -> DomainResult<Vec<campaign_phase::Model>> {
    Ok(campaign_phase::Entity::find()
        .filter(campaign_phase::Column::CampaignId.eq(campaign_id))
        .order_by_asc(campaign_phase::Column::Ordinal)
        .all(conn)
        .await?)
}

pub async fn targets(
    conn: &impl ConnectionTrait,
    campaign_id: Uuid,
) -> DomainResult<Vec<campaign_target::Model>> {
    Ok(campaign_target::Entity::find()
        .filter(campaign_target::Column::CampaignId.eq(campaign_id))
        .order_by_asc(campaign_target::Column::Id)
        .all(conn)
        .await?)
}

/// The campaign a day falls in (the latest-starting one if campaigns overlap).
pub async fn campaign_on(
    conn: &impl ConnectionTrait,
    day: NaiveDate,
) -> DomainResult<Option<Model>> {
    Ok(Entity::find()
        .filter(Column::StartsOn.lte(day))
        .filter(Column::EndsOn.gte(day))
        .order_by_desc(Column::StartsOn)
        .one(conn)
        .await?)
}

/// The campaign and phase a moment (e.g. a sale) falls in, on the Asia/Shanghai calendar.
pub async fn phase_at(
    conn: &impl ConnectionTrait,
    at: DateTime<Utc>,
) -> DomainResult<Option<(Model, campaign_phase::Model)>> {
    let day = campaign_day(at);
    let Some(campaign) = campaign_on(conn, day).await? else {
        return Ok(None);
    };
    let phases = phases(conn, campaign.id).await?;
    Ok(attribution_phase(&phases, day)
        .cloned()
        .map(|phase| (campaign, phase)))
}

/// One phase of a new campaign.
#[derive(Debug, Clone)]
pub struct PhaseInput {
    pub kind: PhaseKind,
    pub name: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

/// One target of a new campaign.
#[derive(Debug, Clone)]
pub struct TargetInput {
    pub kind: TargetKind,
    pub value: i64,
    pub unit: String,
    pub description: Option<String>,
}

#[derive(Debug, Clone)]
pub struct CampaignInput {
    pub name: String,
    pub slogan: Option<String>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub phases: Vec<PhaseInput>,
    pub targets: Vec<TargetInput>,
}

/// Creates a campaign with its phases and targets (platform admins), in the caller's transaction.
pub async fn create(
    conn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    input: CampaignInput,
) -> DomainResult<Model> {
    require_role(actor, &[Role::PlatformAdmin])?;
    let mut problems = Problems::new();
    let name = problems.take(required_text(&["name"], &input.name, 200));
    let slogan = problems
        .take(optional_text(&["slogan"], input.slogan.as_deref(), 200))
        .flatten();
    if input.ends_on < input.starts_on {
        problems.push(Problem::new(
            &["endsOn"],
            codes::OUT_OF_RANGE,
            Message::new(
                "结束日期不能早于开始日期",
                "must not be before the start date",
            ),
        ));
    }
    if input.phases.len() > 50 || input.targets.len() > 50 {
        problems.push(Problem::new(
            &["phases"],
            codes::TOO_MANY,
            Message::new("阶段和目标各最多 50 项", "at most 50 phases and 50 targets"),
        ));
    }
    let mut phase_names = Vec::new();
    for (i, phase) in input.phases.iter().enumerate() {
        let index = i.to_string();
        phase_names.push(problems.take(required_text(
            &["phases", &index, "name"],
            &phase.name,
            200,
        )));
        if phase.ends_on < phase.starts_on
            || phase.starts_on < input.starts_on
            || phase.ends_on > input.ends_on
        {
            problems.push(Problem::new(
                &["phases", &index, "endsOn"],
                crate::CampaignErrorCode::OutsideCampaign.as_str(),
                Message::new(
                    "阶段须在战役期间且结束不早于开始",
                    "a phase must lie within the campaign and end on or after its start",
                ),
            ));
        }
    }
    let mut kinds = Vec::new();
    for (i, target) in input.targets.iter().enumerate() {
        let index = i.to_string();
        if target.value < 0 {
            problems.push(Problem::new(
                &["targets", &index, "value"],
                codes::OUT_OF_RANGE,
                Message::new("目标值不能为负", "must not be negative"),
            ));
        }
        problems.take(required_text(
            &["targets", &index, "unit"],
            &target.unit,
            16,
        ));
        if kinds.contains(&target.kind) {
            problems.push(Problem::new(
                &["targets", &index, "kind"],
                codes::TAKEN,
                Message::new("每类目标只能设一个", "one target per kind"),
            ));
        }
        kinds.push(target.kind);
    }
    problems.finish()?;
    let now = clock.now();
    let id = kernel::new_id();
    let created = campaign::ActiveModel {
        id: Set(id),
        name: Set(name.unwrap_or_default()),
        slogan: Set(slogan),
        starts_on: Set(input.starts_on),
        ends_on: Set(input.ends_on),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(conn)
    .await
    .map_err(|e| taken_name(e.into()))?;
    for ((ordinal, phase), name) in (1..).zip(input.phases).zip(phase_names) {
        campaign_phase::ActiveModel {
            id: Set(kernel::new_id()),
            campaign_id: Set(id),
            ordinal: Set(ordinal),
            kind: Set(phase.kind),
            name: Set(name.unwrap_or_default()),
            starts_on: Set(phase.starts_on),
            ends_on: Set(phase.ends_on),
        }
        .insert(conn)
        .await?;
    }
    for target in input.targets {
        campaign_target::ActiveModel {
            id: Set(kernel::new_id()),
            campaign_id: Set(id),
            kind: Set(target.kind),
            value: Set(target.value),
            unit: Set(target.unit.trim().to_owned()),
            description: Set(target.description.filter(|d| !d.trim().is_empty())),
        }
        .insert(conn)
        .await?;
    }
    Ok(created)
}

fn taken_name(err: DomainError) -> DomainError {
    match err {
        DomainError::Conflict => DomainError::invalid(
            &["name"],
            codes::TAKEN,
            Message::new("已有同名战役", "a campaign of this name exists"),
        ),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    fn phase(ordinal: i32, kind: PhaseKind, starts: &str, ends: &str) -> campaign_phase::Model {
        campaign_phase::Model {
            id: Uuid::nil(),
            campaign_id: Uuid::nil(),
            ordinal,
            kind,
            name: format!("{ordinal}"),
            starts_on: day(starts),
            ends_on: day(ends),
        }
    }

    fn phases() -> Vec<campaign_phase::Model> {
        vec![
            phase(1, PhaseKind::SignUp, "2019-04-01", "2019-04-30"),
            phase(2, PhaseKind::Rally, "2019-05-01", "2019-05-10"),
            phase(3, PhaseKind::Pilot, "2019-05-01", "2019-05-31"),
            phase(4, PhaseKind::Phase, "2019-05-01", "2019-08-31"),
            phase(5, PhaseKind::Summary, "2019-08-21", "2019-08-31"),
            phase(7, PhaseKind::Summary, "2019-12-01", "2019-12-31"),
        ]
    }

    #[test]
    fn a_day_in_overlapping_phases_is_attributed_to_the_main_phase() {
        let all = phases();
        let on: Vec<i32> = phases_on(&all, day("2019-05-05"))
            .iter()
            .map(|p| p.ordinal)
            .collect();
        assert_eq!(on, vec![2, 3, 4]);
        assert_eq!(
            attribution_phase(&all, day("2019-05-05")).map(|p| p.ordinal),
            Some(4)
        );
        assert_eq!(
            attribution_phase(&all, day("2019-08-25")).map(|p| p.ordinal),
            Some(4)
        );
        assert_eq!(
            attribution_phase(&all, day("2019-04-30")).map(|p| p.ordinal),
            Some(1)
        );
        assert_eq!(
            attribution_phase(&all, day("2019-12-31")).map(|p| p.ordinal),
            Some(7)
        );
        assert_eq!(attribution_phase(&all, day("2019-11-15")), None);
    }

    #[test]
    fn a_moment_is_read_on_the_shanghai_calendar() {
        let late = DateTime::parse_from_rfc3339("2019-04-30T16:30:00Z")
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default();
        assert_eq!(campaign_day(late), day("2019-05-01"));
        assert_eq!(
            attribution_phase(&phases(), campaign_day(late)).map(|p| p.ordinal),
            Some(4)
        );
    }
}
