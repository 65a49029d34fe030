//! Stores (专区, 专馆, 专柜) and the projects they serve. An enterprise admin runs its zones and
//! counters; the alliance's operators run hosted stores for companies without an app.

use kernel::error::{Problems, required_text};
use kernel::lookup;
use kernel::{Actor, Clock, DomainError, DomainResult, Message, Problem, Role};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use crate::ProductErrorCode as Code;
use crate::access::{manages_store, visible_stores};
use crate::entity::store::{self, Column, Entity, Model, StoreKind};
use crate::entity::store_project;
use participants::access::{Object, writes};

/// How many projects one store may serve in one call.
pub const MAX_PROJECTS: usize = 500;

#[derive(Debug, Clone)]
pub struct StoreInput {
    pub enterprise_id: Option<Uuid>,
    pub kind: StoreKind,
    pub name: String,
    pub project_ids: Vec<Uuid>,
}

pub async fn create(
    conn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    input: StoreInput,
) -> DomainResult<Model> {
    let enterprise_id = match (actor.role, input.enterprise_id) {
        (Role::EnterpriseAdmin, named) => {
            let own = actor.enterprise_id().ok_or(DomainError::Forbidden)?;
            if named.is_some_and(|n| n != own) {
                return Err(DomainError::NotFound);
            }
            own
        }
        (Role::PlatformAdmin | Role::Operator, Some(named)) => named,
        (Role::PlatformAdmin | Role::Operator, None) => {
            return Err(DomainError::invalid(
                &["enterpriseId"],
                kernel::error::codes::BLANK,
                Message::new("请指定企业", "name the enterprise"),
            ));
        }
        _ => return Err(DomainError::Forbidden),
    };
    if !manages_store(actor, input.kind, enterprise_id) {
        return Err(DomainError::Forbidden);
    }
    if participants::entity::enterprise::Entity::find_by_id(enterprise_id)
        .one(conn)
        .await?
        .is_none()
    {
        return Err(DomainError::NotFound);
    }
    let name =
        required_text(&["name"], &input.name, 100).map_err(|p| DomainError::Invalid(vec![p]))?;
    let now = clock.now();
    let created = store::ActiveModel {
        id: Set(kernel::new_id()),
        enterprise_id: Set(enterprise_id),
        kind: Set(input.kind),
        name: Set(name),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(conn)
    .await
    .map_err(|e| match DomainError::from(e) {
        DomainError::Conflict => DomainError::invalid(
            &["name"],
            kernel::error::codes::TAKEN,
            Message::new("已有同名店铺", "a store with this name exists"),
        ),
        other => other,
    })?;
    replace_projects(conn, &created, &input.project_ids).await?;
    Ok(created)
}

/// Sets the projects a store serves (replacing the previous set). The store's row is locked
/// first (PostgreSQL `FOR UPDATE`; SQLite's IMMEDIATE transaction is already alone): two
/// replacements at once run one after the other and the later set wins whole, instead of the
/// two sets mixing or colliding on the (store, project) index.
pub async fn set_projects(
    conn: &DatabaseTransaction,
    actor: &Actor,
    store_id: Uuid,
    project_ids: &[Uuid],
) -> DomainResult<Model> {
    let store = managed(conn, actor, store_id).await?;
    Entity::find_by_id(store.id)
        .lock_exclusive()
        .one(conn)
        .await?
        .ok_or(DomainError::NotFound)?;
    replace_projects(conn, &store, project_ids).await?;
    Ok(store)
}

async fn replace_projects(
    conn: &DatabaseTransaction,
    store: &Model,
    project_ids: &[Uuid],
) -> DomainResult<()> {
    if project_ids.len() > MAX_PROJECTS {
        return Err(DomainError::invalid(
            &["projectIds"],
            Code::TooMany.as_str(),
            Message::new(
                format!("一次最多 {MAX_PROJECTS} 个项目"),
                format!("at most {MAX_PROJECTS} projects"),
            ),
        ));
    }
    let mut ids = project_ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    let found = participants::entity::project::Entity::find()
        .filter(participants::entity::project::Column::Id.is_in(ids.iter().copied()))
        .filter(participants::entity::project::Column::EnterpriseId.eq(store.enterprise_id))
        .all(conn)
        .await?;
    let mut problems = Problems::new();
    for (i, id) in project_ids.iter().enumerate() {
        if !found.iter().any(|p| p.id == *id) {
            let index = i.to_string();
            problems.push(Problem::new(
                &["projectIds", &index],
                Code::UnknownReference.as_str(),
                Message::new(
                    "项目不存在或不属于该企业",
                    "no such project of the store's enterprise",
                ),
            ));
        }
    }
    problems.finish()?;
    store_project::Entity::delete_many()
        .filter(store_project::Column::StoreId.eq(store.id))
        .exec(conn)
        .await?;
    for id in ids {
        store_project::ActiveModel {
            id: Set(kernel::new_id()),
            store_id: Set(store.id),
            project_id: Set(id),
            enterprise_id: Set(store.enterprise_id),
        }
        .insert(conn)
        .await?;
    }
    Ok(())
}

/// A store the actor may manage. A role that manages no store is FORBIDDEN whatever the id;
/// a store it may not see is NOT_FOUND, like one that does not exist; one it sees but does not
/// run (an enterprise's own hosted store) is FORBIDDEN.
pub async fn managed(conn: &impl ConnectionTrait, actor: &Actor, id: Uuid) -> DomainResult<Model> {
    if !writes(actor.role, Object::Store) {
        return Err(DomainError::Forbidden);
    }
    let store = get(conn, actor, id).await?;
    if manages_store(actor, store.kind, store.enterprise_id) {
        Ok(store)
    } else {
        Err(DomainError::Forbidden)
    }
}

pub async fn get(conn: &impl ConnectionTrait, actor: &Actor, id: Uuid) -> DomainResult<Model> {
    lookup::one(
        conn,
        Entity::find().filter(visible_stores(actor)),
        Column::Id,
        id,
    )
    .await
}

/// [`get`] of many ids at once, in one statement: those the actor may see.
pub async fn get_many(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    ids: &[Uuid],
) -> DomainResult<Vec<Model>> {
    lookup::many(
        conn,
        Entity::find().filter(visible_stores(actor)),
        Column::Id,
        ids,
    )
    .await
}

pub async fn list(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    enterprise_id: Option<Uuid>,
) -> DomainResult<Vec<Model>> {
    let mut query = Entity::find()
        .filter(visible_stores(actor))
        .order_by_asc(Column::Id);
    if let Some(e) = enterprise_id {
        query = query.filter(Column::EnterpriseId.eq(e));
    }
    Ok(query.all(conn).await?)
}

/// The projects a store serves, for those who manage it (others see only their own project);
/// none for anyone else.
pub async fn projects(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    store_id: Uuid,
) -> DomainResult<Vec<Uuid>> {
    use sea_orm::{QuerySelect, QueryTrait};
    let managed = Entity::find()
        .filter(visible_stores(actor))
        .filter(crate::access::managed_stores(actor))
        .filter(Column::Id.eq(store_id))
        .select_only()
        .column(Column::Id)
        .into_query();
    Ok(store_project::Entity::find()
        .filter(store_project::Column::StoreId.in_subquery(managed))
        .order_by_asc(store_project::Column::ProjectId)
        .all(conn)
        .await?
        .into_iter()
        .map(|sp| sp.project_id)
        .collect())
}
