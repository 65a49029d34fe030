//! 业主/住户: resident households. A company's APP signs its residents in with its own user
//! ids; yijin maps each (enterprise, external user id) to exactly one household.

use kernel::error::{Problems, optional_text, required_text};
use kernel::lookup;
use kernel::page::{self, PageSpec};
use kernel::{Actor, Clock, DomainError, DomainResult, Page, Role};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    Select, Set,
};
use uuid::Uuid;

use crate::access::{Object, Owner, readable, require_role, writable_enterprise};
use crate::entity::household::{self, Column, Entity, Model};
use crate::fields::optional_phone;

#[derive(Debug, Clone, Default)]
pub struct HouseholdInput {
    pub project_id: Uuid,
    pub external_user_id: Option<String>,
    pub display_name: Option<String>,
    pub phone: Option<String>,
}

/// Households an actor may read (`Object::Household`): a resident only itself.
fn scoped(actor: &Actor) -> Select<Entity> {
    Entity::find().filter(readable(
        actor,
        Object::Household,
        &Owner::new()
            .enterprise(Column::EnterpriseId)
            .project(Column::ProjectId)
            .household(Column::Id),
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

/// Registers a household in one of the enterprise's projects.
pub async fn create(
    conn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    input: HouseholdInput,
) -> DomainResult<Model> {
    require_role(
        actor,
        &[
            Role::PlatformAdmin,
            Role::EnterpriseAdmin,
            Role::EnterpriseApp,
        ],
    )?;
    let project = crate::project::get(conn, actor, input.project_id).await?;
    writable_enterprise(actor, Some(project.enterprise_id))?;
    let mut problems = Problems::new();
    let external = problems.take(optional_text(
        &["externalUserId"],
        input.external_user_id.as_deref(),
        128,
    ));
    let name = problems.take(optional_text(
        &["displayName"],
        input.display_name.as_deref(),
        64,
    ));
    let phone = optional_phone(&mut problems, "phone", input.phone.as_deref());
    problems.finish()?;
    let model = household::ActiveModel {
        id: Set(kernel::new_id()),
        enterprise_id: Set(project.enterprise_id),
        project_id: Set(project.id),
        external_user_id: Set(external.flatten()),
        display_name: Set(name.flatten()),
        phone: Set(phone.flatten()),
        team_id: Set(None),
        created_at: Set(clock.now()),
    };
    model
        .insert(conn)
        .await
        .map_err(|e| crate::fields::taken("externalUserId")(e.into()))
}

/// What an APP backend knows of a resident who signs in.
#[derive(Debug, Clone)]
pub struct AppUser {
    pub external_user_id: String,
    pub project_id: Uuid,
    pub display_name: Option<String>,
}

/// The household of an APP user, created on first sign-in. The same user always gets the same
/// household, also when two first sign-ins race: the insert does nothing when the unique index
/// on (enterprise, external user id) already holds the user (on PostgreSQL it waits for the
/// other sign-in to commit first), and the loser reads the winner's row. A failed insert would
/// abort the caller's transaction on PostgreSQL, so the conflict is never raised as an error.
/// A user who now names another project of the enterprise has moved: the household follows.
/// Only the enterprise's APP credential signs its users in: an admin token could otherwise act
/// as any resident.
pub async fn for_app_user(
    conn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    user: AppUser,
) -> DomainResult<(Model, bool)> {
    require_role(actor, &[Role::EnterpriseApp])?;
    let mut problems = Problems::new();
    let external = problems.take(required_text(
        &["externalUserId"],
        &user.external_user_id,
        128,
    ));
    let name = problems.take(optional_text(
        &["displayName"],
        user.display_name.as_deref(),
        64,
    ));
    problems.finish()?;
    let external = external.unwrap_or_default();
    let project = crate::project::get(conn, actor, user.project_id).await?;
    let enterprise_id = writable_enterprise(actor, Some(project.enterprise_id))?;

    if let Some(existing) = find_external(conn, enterprise_id, &external).await? {
        return Ok((moved(conn, clock, existing, project.id).await?, false));
    }
    let id = kernel::new_id();
    let model = household::ActiveModel {
        id: Set(id),
        enterprise_id: Set(enterprise_id),
        project_id: Set(project.id),
        external_user_id: Set(Some(external.clone())),
        display_name: Set(name.flatten()),
        phone: Set(None),
        team_id: Set(None),
        created_at: Set(clock.now()),
    };
    let insert = Entity::insert(model)
        .on_conflict_do_nothing_on([Column::EnterpriseId, Column::ExternalUserId]);
    if kernel::db::insert_if_absent(conn, insert).await? {
        let created = Entity::find_by_id(id)
            .one(conn)
            .await?
            .ok_or(DomainError::NotFound)?;
        return Ok((created, true));
    }
    let existing = find_external(conn, enterprise_id, &external)
        .await?
        .ok_or(DomainError::Conflict)?;
    Ok((moved(conn, clock, existing, project.id).await?, false))
}

async fn find_external(
    conn: &impl ConnectionTrait,
    enterprise_id: Uuid,
    external: &str,
) -> DomainResult<Option<Model>> {
    Ok(Entity::find()
        .filter(Column::EnterpriseId.eq(enterprise_id))
        .filter(Column::ExternalUserId.eq(external))
        .one(conn)
        .await?)
}

/// A household that moved to another project leaves its old project's team.
async fn moved(
    conn: &DatabaseTransaction,
    clock: &Clock,
    household: Model,
    project_id: Uuid,
) -> DomainResult<Model> {
    if household.project_id == project_id {
        return Ok(household);
    }
    if household.team_id.is_some() {
        crate::team::leave_unchecked(conn, &household, clock.now()).await?;
    }
    let mut model: household::ActiveModel = household.into();
    model.project_id = Set(project_id);
    model.team_id = Set(None);
    Ok(model.update(conn).await?)
}
