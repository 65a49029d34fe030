//! 战队: teams of residents in one project. A household is in at most one team at a time; the
//! rule is kept by one conditional UPDATE (`… WHERE team_id IS NULL`), so two concurrent joins
//! cannot both succeed, on SQLite or PostgreSQL, and a unique index on the open stays
//! (`team_membership` rows without `left_at`) backs it.
//!
//! The captain is always a member. Every change of a team's membership first locks the team's
//! row ([`lock`]), then the household's: changes of one team run one after the other, so a
//! leaving captain hands over to a member as the previous change left them (two members leaving
//! at once cannot hand the team to each other), and the fixed lock order cannot deadlock.

use chrono::{DateTime, Utc};
use kernel::error::{Problems, required_text};
use kernel::lookup;
use kernel::page::{self, PageSpec};
use kernel::{Actor, Clock, DomainError, DomainResult, Message, Page, Role};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Select, Set,
};
use uuid::Uuid;

use crate::ParticipantErrorCode as Code;
use crate::access::{Object, Owner, readable, require_role};
use crate::entity::team::{self, Column, Entity, Model};
use crate::entity::{household, team_membership};

#[derive(Debug, Clone)]
pub struct TeamInput {
    pub project_id: Uuid,
    pub name: String,
    /// For admins and APPs: the household that captains the team (it joins it). A resident
    /// who creates a team is its captain.
    pub captain_id: Option<Uuid>,
}

/// Teams an actor may read (`Object::Team`): a resident sees the teams of its own project.
fn scoped(actor: &Actor) -> Select<Entity> {
    Entity::find().filter(readable(
        actor,
        Object::Team,
        &Owner::new()
            .enterprise(Column::EnterpriseId)
            .project(Column::ProjectId),
    ))
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
    project_id: Option<Uuid>,
    spec: PageSpec,
) -> DomainResult<Page<Model>> {
    page::paginate(conn, by_project(actor, project_id), Column::Id, spec, |m| {
        m.id
    })
    .await
}

pub async fn count(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    project_id: Option<Uuid>,
) -> DomainResult<u64> {
    page::count(conn, by_project(actor, project_id)).await
}

fn by_project(actor: &Actor, project_id: Option<Uuid>) -> Select<Entity> {
    match project_id {
        Some(p) => scoped(actor).filter(Column::ProjectId.eq(p)),
        None => scoped(actor),
    }
}

const TEAM_ROLES: [Role; 4] = [
    Role::PlatformAdmin,
    Role::EnterpriseAdmin,
    Role::EnterpriseApp,
    Role::Household,
];

/// The household an actor acts for: a resident itself; others name one they can see.
async fn acting_household(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    named: Option<Uuid>,
) -> DomainResult<household::Model> {
    let id = match (actor.household, named) {
        (Some(own), Some(other)) if own != other => return Err(DomainError::NotFound),
        (Some(own), _) => own,
        (None, Some(named)) => named,
        (None, None) => {
            return Err(DomainError::invalid(
                &["householdId"],
                kernel::error::codes::BLANK,
                Message::new("请指定住户", "name the household"),
            ));
        }
    };
    crate::household::get(conn, actor, id).await
}

pub async fn create(
    txn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    input: TeamInput,
) -> DomainResult<Model> {
    require_role(actor, &TEAM_ROLES)?;
    let mut problems = Problems::new();
    let name = problems.take(required_text(&["name"], &input.name, 100));
    problems.finish()?;
    let project = crate::project::get(txn, actor, input.project_id).await?;
    let captain = match (actor.household, input.captain_id) {
        (None, None) => None,
        (_, named) => Some(acting_household(txn, actor, named).await?),
    };
    let now = clock.now();
    let team = team::ActiveModel {
        id: Set(kernel::new_id()),
        enterprise_id: Set(project.enterprise_id),
        project_id: Set(project.id),
        name: Set(name.unwrap_or_default()),
        captain_id: Set(None),
        created_at: Set(now),
    }
    .insert(txn)
    .await
    .map_err(|e| crate::fields::taken("name")(e.into()))?;
    match captain {
        Some(captain) => {
            enter(txn, &team, &captain, now)
                .await
                .map_err(under_captain)?;
            reload(txn, team.id).await
        }
        None => Ok(team),
    }
}

fn under_captain(err: DomainError) -> DomainError {
    match err {
        DomainError::Invalid(problems) => DomainError::Invalid(
            problems
                .into_iter()
                .map(|mut p| {
                    p.field = vec!["captainId".into()];
                    p
                })
                .collect(),
        ),
        other => other,
    }
}

/// Puts a household into a team: fails if it is already in one or lives in another project.
pub async fn join(
    txn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    team_id: Uuid,
    household_id: Option<Uuid>,
) -> DomainResult<(Model, household::Model)> {
    require_role(actor, &TEAM_ROLES)?;
    let team = get(txn, actor, team_id).await?;
    let household = acting_household(txn, actor, household_id).await?;
    let team = lock(txn, team.id).await?;
    enter(txn, &team, &household, clock.now()).await?;
    let team = reload(txn, team.id).await?;
    let household = household::Entity::find_by_id(household.id)
        .one(txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    Ok((team, household))
}

/// Locks a team's row until the transaction ends: `SELECT … FOR UPDATE` on PostgreSQL; on
/// SQLite (which has no row locks and leaves the clause out) the IMMEDIATE write transaction
/// already holds the database's only write lock.
pub(crate) async fn lock(txn: &DatabaseTransaction, id: Uuid) -> DomainResult<Model> {
    Entity::find_by_id(id)
        .lock_exclusive()
        .one(txn)
        .await?
        .ok_or(DomainError::NotFound)
}

/// Puts `household` into `team`, whose row the caller has locked (or just inserted).
async fn enter(
    txn: &DatabaseTransaction,
    team: &Model,
    household: &household::Model,
    now: DateTime<Utc>,
) -> DomainResult<()> {
    if household.project_id != team.project_id {
        return Err(DomainError::invalid(
            &["householdId"],
            Code::ProjectMismatch.as_str(),
            Message::new(
                "住户与战队不属于同一项目",
                "the household lives in another project than the team",
            ),
        ));
    }
    let moved = household::Entity::update_many()
        .col_expr(household::Column::TeamId, Expr::value(team.id))
        .filter(household::Column::Id.eq(household.id))
        .filter(household::Column::TeamId.is_null())
        .exec(txn)
        .await?;
    if moved.rows_affected == 0 {
        return Err(DomainError::invalid(
            &["householdId"],
            Code::AlreadyInTeam.as_str(),
            Message::new(
                "该住户已加入战队，请先退出",
                "the household is already in a team; leave it first",
            ),
        ));
    }
    team_membership::ActiveModel {
        id: Set(kernel::new_id()),
        enterprise_id: Set(team.enterprise_id),
        team_id: Set(team.id),
        household_id: Set(household.id),
        joined_at: Set(now),
        left_at: Set(None),
    }
    .insert(txn)
    .await?;
    // The first member of a captainless team leads it.
    Entity::update_many()
        .col_expr(Column::CaptainId, Expr::value(household.id))
        .filter(Column::Id.eq(team.id))
        .filter(Column::CaptainId.is_null())
        .exec(txn)
        .await?;
    Ok(())
}

/// Takes a household out of its team. A leaving captain hands over to the longest-standing
/// member, if any.
pub async fn leave(
    txn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    household_id: Option<Uuid>,
) -> DomainResult<(Model, household::Model)> {
    require_role(actor, &TEAM_ROLES)?;
    let household = acting_household(txn, actor, household_id).await?;
    let Some(team_id) = household.team_id else {
        return Err(not_in_team());
    };
    leave_unchecked(txn, &household, clock.now()).await?;
    let team = reload(txn, team_id).await?;
    let household = household::Entity::find_by_id(household.id)
        .one(txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    Ok((team, household))
}

fn not_in_team() -> DomainError {
    DomainError::invalid(
        &["householdId"],
        Code::NotInTeam.as_str(),
        Message::new("该住户未加入战队", "the household is in no team"),
    )
}

/// Takes `household` out of the team it was read in. The team's row is locked first: the
/// captain's successor must be chosen among the members as the previous change left them.
pub(crate) async fn leave_unchecked(
    txn: &DatabaseTransaction,
    household: &household::Model,
    now: DateTime<Utc>,
) -> DomainResult<()> {
    let Some(team_id) = household.team_id else {
        return Err(not_in_team());
    };
    let team = lock(txn, team_id).await?;
    // The household may have left (or moved) since it was read: the condition decides.
    let left = household::Entity::update_many()
        .col_expr(household::Column::TeamId, Expr::value(Option::<Uuid>::None))
        .filter(household::Column::Id.eq(household.id))
        .filter(household::Column::TeamId.eq(team_id))
        .exec(txn)
        .await?;
    if left.rows_affected == 0 {
        return Err(not_in_team());
    }
    team_membership::Entity::update_many()
        .col_expr(team_membership::Column::LeftAt, Expr::value(now))
        .filter(team_membership::Column::HouseholdId.eq(household.id))
        .filter(team_membership::Column::TeamId.eq(team_id))
        .filter(team_membership::Column::LeftAt.is_null())
        .exec(txn)
        .await?;
    if team.captain_id == Some(household.id) {
        let successor = team_membership::Entity::find()
            .filter(team_membership::Column::TeamId.eq(team_id))
            .filter(team_membership::Column::LeftAt.is_null())
            .order_by_asc(team_membership::Column::JoinedAt)
            .order_by_asc(team_membership::Column::Id)
            .one(txn)
            .await?
            .map(|m| m.household_id);
        let mut model: team::ActiveModel = team.into();
        model.captain_id = Set(successor);
        model.update(txn).await?;
    }
    Ok(())
}

async fn reload(conn: &impl ConnectionTrait, id: Uuid) -> DomainResult<Model> {
    Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(DomainError::NotFound)
}
