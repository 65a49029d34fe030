//! 参战项目: the communities and other properties an enterprise enlists. A resident's zone,
//! households and teams all hang off a project.

use kernel::error::{Problems, optional_text, required_text};
use kernel::lookup;
use kernel::page::{self, PageSpec};
use kernel::region::{self, RegionLevel};
use kernel::{Actor, Clock, DomainError, DomainResult, Message, Page, Problem, Role, error::codes};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    Select, Set,
};
use uuid::Uuid;

use crate::access::{Object, Owner, readable, require_role, writable_enterprise};
use crate::entity::project::{self, Column, Entity, Model, PropertyType};
use crate::fields::{optional_phone, taken};

/// The most households one project can declare; larger figures are typing errors.
pub const MAX_HOUSEHOLDS: i32 = 200_000;

/// One project as on the 参战项目列表: city, name, property type, address, households, contact.
#[derive(Debug, Clone, Default)]
pub struct ProjectInput {
    pub city_code: String,
    pub name: String,
    /// The enum name or its Chinese label (住宅, 写字楼 …).
    pub property_type: String,
    pub address: Option<String>,
    pub household_count: i32,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
}

/// A project input whose every field was checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidProject {
    pub city_code: String,
    pub name: String,
    pub property_type: PropertyType,
    pub address: Option<String>,
    pub household_count: i32,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
}

impl ProjectInput {
    /// Checks every field (the city against the region table), reporting all problems.
    pub async fn check(self, conn: &impl ConnectionTrait) -> DomainResult<ValidProject> {
        let mut problems = Problems::new();
        let city = match region::resolve(conn, &["cityCode"], &self.city_code, &[RegionLevel::City])
            .await
        {
            Ok(r) => Some(r.code),
            Err(DomainError::Invalid(list)) => {
                list.into_iter().for_each(|p| problems.push(p));
                None
            }
            Err(e) => return Err(e),
        };
        let name = problems.take(required_text(&["name"], &self.name, 200));
        let property_type = problems.take(PropertyType::parse(&self.property_type).ok_or_else(|| {
            Problem::new(
                &["propertyType"],
                codes::INVALID,
                Message::new(
                    "物业类型应为 住宅/商业/写字楼/产业园区/公共建筑/其他 之一",
                    "property type must be one of RESIDENTIAL, COMMERCIAL, OFFICE, INDUSTRIAL_PARK, PUBLIC, OTHER",
                ),
            )
        }));
        let address = problems.take(optional_text(&["address"], self.address.as_deref(), 300));
        let household_count = problems.take(check_households(self.household_count));
        let contact_name = problems.take(optional_text(
            &["contactName"],
            self.contact_name.as_deref(),
            64,
        ));
        let contact_phone =
            optional_phone(&mut problems, "contactPhone", self.contact_phone.as_deref());
        problems.finish()?;
        match (
            city,
            name,
            property_type,
            address,
            household_count,
            contact_name,
            contact_phone,
        ) {
            (
                Some(city_code),
                Some(name),
                Some(property_type),
                Some(address),
                Some(household_count),
                Some(contact_name),
                Some(contact_phone),
            ) => Ok(ValidProject {
                city_code,
                name,
                property_type,
                address,
                household_count,
                contact_name,
                contact_phone,
            }),
            _ => Err(DomainError::Invalid(Vec::new())),
        }
    }
}

fn check_households(n: i32) -> Result<i32, Problem> {
    if (0..=MAX_HOUSEHOLDS).contains(&n) {
        Ok(n)
    } else {
        Err(Problem::new(
            &["householdCount"],
            codes::OUT_OF_RANGE,
            Message::new(
                format!("户数应在 0 到 {MAX_HOUSEHOLDS} 之间"),
                format!("household count must be between 0 and {MAX_HOUSEHOLDS}"),
            ),
        ))
    }
}

/// Changes to a project; `None` leaves a field, `Some(None)` clears an optional one.
#[derive(Debug, Clone, Default)]
pub struct ProjectPatch {
    pub name: Option<String>,
    pub property_type: Option<String>,
    pub address: Option<Option<String>>,
    pub household_count: Option<i32>,
    pub contact_name: Option<Option<String>>,
    pub contact_phone: Option<Option<String>>,
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

/// Filters for listing projects.
#[derive(Debug, Clone, Default)]
pub struct ProjectFilter {
    pub enterprise_id: Option<Uuid>,
    pub city_code: Option<String>,
}

pub async fn list(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    filter: &ProjectFilter,
    spec: PageSpec,
) -> DomainResult<Page<Model>> {
    page::paginate(conn, filtered(actor, filter), Column::Id, spec, |m| m.id).await
}

pub async fn count(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    filter: &ProjectFilter,
) -> DomainResult<u64> {
    page::count(conn, filtered(actor, filter)).await
}

fn filtered(actor: &Actor, filter: &ProjectFilter) -> Select<Entity> {
    let mut query = scoped(actor);
    if let Some(e) = filter.enterprise_id {
        query = query.filter(Column::EnterpriseId.eq(e));
    }
    if let Some(c) = filter.city_code.as_deref() {
        query = query.filter(Column::CityCode.eq(c));
    }
    query
}

/// The projects an actor may read (`Object::Project`): a resident its own.
fn scoped(actor: &Actor) -> Select<Entity> {
    Entity::find().filter(readable(
        actor,
        Object::Project,
        &Owner::new()
            .enterprise(Column::EnterpriseId)
            .project(Column::Id),
    ))
}

pub async fn create(
    conn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    enterprise_id: Option<Uuid>,
    input: ProjectInput,
) -> DomainResult<Model> {
    require_role(actor, &[Role::PlatformAdmin, Role::EnterpriseAdmin])?;
    let enterprise_id = writable_enterprise(actor, enterprise_id)?;
    crate::enterprise::get(conn, actor, enterprise_id).await?;
    let valid = input.check(conn).await?;
    insert(conn, clock, enterprise_id, valid)
        .await
        .map_err(taken("name"))
}

pub(crate) async fn insert(
    conn: &DatabaseTransaction,
    clock: &Clock,
    enterprise_id: Uuid,
    valid: ValidProject,
) -> DomainResult<Model> {
    Ok(new_row(clock, enterprise_id, valid).insert(conn).await?)
}

/// A new project row from a checked input.
pub(crate) fn new_row(
    clock: &Clock,
    enterprise_id: Uuid,
    valid: ValidProject,
) -> project::ActiveModel {
    let now = clock.now();
    project::ActiveModel {
        id: Set(kernel::new_id()),
        enterprise_id: Set(enterprise_id),
        city_code: Set(valid.city_code),
        name: Set(valid.name),
        property_type: Set(valid.property_type),
        address: Set(valid.address),
        household_count: Set(valid.household_count),
        contact_name: Set(valid.contact_name),
        contact_phone: Set(valid.contact_phone),
        created_at: Set(now),
        updated_at: Set(now),
    }
}

pub async fn update(
    conn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    id: Uuid,
    patch: ProjectPatch,
) -> DomainResult<Model> {
    require_role(actor, &[Role::PlatformAdmin, Role::EnterpriseAdmin])?;
    let current = get(conn, actor, id).await?;
    let mut problems = Problems::new();
    let mut model: project::ActiveModel = current.into();
    if let Some(name) = patch.name.as_deref()
        && let Some(v) = problems.take(required_text(&["name"], name, 200))
    {
        model.name = Set(v);
    }
    if let Some(t) = patch.property_type.as_deref() {
        match PropertyType::parse(t) {
            Some(t) => model.property_type = Set(t),
            None => problems.push(Problem::new(
                &["propertyType"],
                codes::INVALID,
                Message::new("未知的物业类型", "unknown property type"),
            )),
        }
    }
    if let Some(v) = patch.address.as_ref()
        && let Some(v) = problems.take(optional_text(&["address"], v.as_deref(), 300))
    {
        model.address = Set(v);
    }
    if let Some(n) = patch.household_count
        && let Some(n) = problems.take(check_households(n))
    {
        model.household_count = Set(n);
    }
    if let Some(v) = patch.contact_name.as_ref()
        && let Some(v) = problems.take(optional_text(&["contactName"], v.as_deref(), 64))
    {
        model.contact_name = Set(v);
    }
    if let Some(v) = patch.contact_phone.as_ref()
        && let Some(v) = optional_phone(&mut problems, "contactPhone", v.as_deref())
    {
        model.contact_phone = Set(v);
    }
    problems.finish()?;
    model.updated_at = Set(clock.now());
    model
        .update(conn)
        .await
        .map_err(|e| taken("name")(e.into()))
}
