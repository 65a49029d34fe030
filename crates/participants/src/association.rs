//! 协会: the national association and the local property-management associations that enlist
//! their member enterprises.

use kernel::error::{Problems, optional_text, required_text};
use kernel::lookup;
use kernel::page::{self, PageSpec};
use kernel::{Actor, Clock, DomainResult, Page, Role};
use sea_orm::{
    ActiveModelTrait, Condition, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    Set,
};
use uuid::Uuid;

use crate::access::{Object, Owner, readable, require_role};
use crate::entity::association::{self, AssociationKind, Column, Entity, Model};
use crate::fields::{ANY_LEVEL, optional_phone, optional_region, taken};

/// What a platform admin fills in to register an association.
#[derive(Debug, Clone, Default)]
pub struct AssociationInput {
    pub name: String,
    pub kind: Option<AssociationKind>,
    pub region_code: Option<String>,
    pub parent_id: Option<Uuid>,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
}

/// Changes to an association; `None` leaves a field as it is, `Some(None)` clears it.
#[derive(Debug, Clone, Default)]
pub struct AssociationPatch {
    pub name: Option<String>,
    pub region_code: Option<Option<String>>,
    pub contact_name: Option<Option<String>>,
    pub contact_phone: Option<Option<String>>,
}

/// The associations an actor may read (the role × object table, `Object::Association`): an
/// enterprise and its residents see the association it belongs to.
fn visible(actor: &Actor) -> Condition {
    readable(
        actor,
        Object::Association,
        &Owner::new().association(Column::Id),
    )
}

pub async fn get(conn: &impl ConnectionTrait, actor: &Actor, id: Uuid) -> DomainResult<Model> {
    lookup::one(conn, Entity::find().filter(visible(actor)), Column::Id, id).await
}

/// [`get`] of many ids at once, in one statement: those the actor may see.
pub async fn get_many(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    ids: &[Uuid],
) -> DomainResult<Vec<Model>> {
    lookup::many(conn, Entity::find().filter(visible(actor)), Column::Id, ids).await
}

pub async fn list(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    spec: PageSpec,
) -> DomainResult<Page<Model>> {
    let query = Entity::find().filter(visible(actor));
    page::paginate(conn, query, Column::Id, spec, |m| m.id).await
}

pub async fn count(conn: &impl ConnectionTrait, actor: &Actor) -> DomainResult<u64> {
    page::count(conn, Entity::find().filter(visible(actor))).await
}

pub async fn create(
    conn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    input: AssociationInput,
) -> DomainResult<Model> {
    require_role(actor, &[Role::PlatformAdmin])?;
    let mut problems = Problems::new();
    let name = problems.take(required_text(&["name"], &input.name, 200));
    let contact_name = problems.take(optional_text(
        &["contactName"],
        input.contact_name.as_deref(),
        64,
    ));
    let contact_phone = optional_phone(
        &mut problems,
        "contactPhone",
        input.contact_phone.as_deref(),
    );
    let region_code = optional_region(
        conn,
        &mut problems,
        "regionCode",
        input.region_code.as_deref(),
        &ANY_LEVEL,
    )
    .await?;
    if let Some(parent) = input.parent_id
        && Entity::find_by_id(parent).one(conn).await?.is_none()
    {
        problems.push(kernel::Problem::new(
            &["parentId"],
            crate::ParticipantErrorCode::UnknownReference.as_str(),
            kernel::Message::new("上级协会不存在", "parent association does not exist"),
        ));
    }
    problems.finish()?;
    let now = clock.now();
    let model = association::ActiveModel {
        id: Set(kernel::new_id()),
        name: Set(name.unwrap_or_default()),
        kind: Set(input.kind.unwrap_or(AssociationKind::Local)),
        region_code: Set(region_code.flatten()),
        parent_id: Set(input.parent_id),
        contact_name: Set(contact_name.flatten()),
        contact_phone: Set(contact_phone.flatten()),
        created_at: Set(now),
        updated_at: Set(now),
    };
    model
        .insert(conn)
        .await
        .map_err(|e| taken("name")(e.into()))
}

pub async fn update(
    conn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    id: Uuid,
    patch: AssociationPatch,
) -> DomainResult<Model> {
    require_role(actor, &[Role::PlatformAdmin, Role::AssociationAdmin])?;
    let current = get(conn, actor, id).await?;
    let mut problems = Problems::new();
    let mut model: association::ActiveModel = current.into();
    if let Some(name) = patch.name
        && let Some(name) = problems.take(required_text(&["name"], &name, 200))
    {
        model.name = Set(name);
    }
    if let Some(contact_name) = patch.contact_name
        && let Some(v) = problems.take(optional_text(&["contactName"], contact_name.as_deref(), 64))
    {
        model.contact_name = Set(v);
    }
    if let Some(phone) = patch.contact_phone
        && let Some(v) = optional_phone(&mut problems, "contactPhone", phone.as_deref())
    {
        model.contact_phone = Set(v);
    }
    if let Some(region) = patch.region_code
        && let Some(v) = optional_region(
            conn,
            &mut problems,
            "regionCode",
            region.as_deref(),
            &ANY_LEVEL,
        )
        .await?
    {
        model.region_code = Set(v);
    }
    problems.finish()?;
    model.updated_at = Set(clock.now());
    model
        .update(conn)
        .await
        .map_err(|e| taken("name")(e.into()))
}
