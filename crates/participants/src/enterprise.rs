//! 物业服务企业: property-service enterprises, the campaign's main actors. An enterprise is
//! registered by the platform or by its local association, and keeps its own profile.

use kernel::error::{Problems, optional_text, required_text};
use kernel::lookup;
use kernel::page::{self, PageSpec};
use kernel::region::RegionLevel;
use kernel::{Actor, Clock, DomainError, DomainResult, Page, Role};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set,
};
use uuid::Uuid;

use crate::access::{Object, Owner, readable, require_role};
use crate::entity::association;
use crate::entity::enterprise::{self, AllianceRegion, Column, Entity, Model};
use crate::fields::{optional_phone, optional_region, taken};

/// The enterprise's profile as on the enterprise enlistment form (企业版参战书).
#[derive(Debug, Clone)]
pub struct EnterpriseInput {
    pub name: String,
    pub association_id: Option<Uuid>,
    pub alliance_region: AllianceRegion,
    pub region_code: Option<String>,
    pub address: Option<String>,
    pub wechat_official_account: Option<String>,
    pub website: Option<String>,
    pub lead_name: Option<String>,
    pub lead_phone: Option<String>,
    pub specialist_name: Option<String>,
    pub specialist_phone: Option<String>,
}

/// Changes to a profile; `None` leaves a field, `Some(None)` clears an optional one.
#[derive(Debug, Clone, Default)]
pub struct EnterprisePatch {
    pub name: Option<String>,
    pub alliance_region: Option<AllianceRegion>,
    pub region_code: Option<Option<String>>,
    pub address: Option<Option<String>>,
    pub wechat_official_account: Option<Option<String>>,
    pub website: Option<Option<String>>,
    pub lead_name: Option<Option<String>>,
    pub lead_phone: Option<Option<String>>,
    pub specialist_name: Option<Option<String>>,
    pub specialist_phone: Option<Option<String>>,
}

/// The enterprises an actor may read (`Object::Enterprise`).
pub fn visible(actor: &Actor) -> sea_orm::Condition {
    readable(
        actor,
        Object::Enterprise,
        &Owner::new().enterprise(Column::Id),
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

/// Enterprises by id, only those the actor may read: for a relation that crosses tenants (the
/// enterprise a custom product is for), in one statement for any number of ids.
pub async fn visible_by_ids(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    ids: &[Uuid],
) -> DomainResult<std::collections::HashMap<Uuid, Model>> {
    use sea_orm::ColumnTrait;
    let rows = Entity::find()
        .filter(Column::Id.is_in(ids.iter().copied()))
        .filter(visible(actor))
        .all(conn)
        .await?;
    Ok(rows.into_iter().map(|m| (m.id, m)).collect())
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
    input: EnterpriseInput,
) -> DomainResult<Model> {
    require_role(actor, &[Role::PlatformAdmin, Role::AssociationAdmin])?;
    // An association registers enterprises into itself only.
    let association_id = match (actor.role, input.association_id) {
        (Role::AssociationAdmin, Some(named)) if Some(named) != actor.association_id() => {
            return Err(DomainError::NotFound);
        }
        (Role::AssociationAdmin, _) => actor.association_id(),
        (_, named) => named,
    };
    let mut problems = Problems::new();
    if let Some(a) = association_id
        && association::Entity::find_by_id(a)
            .one(conn)
            .await?
            .is_none()
    {
        problems.push(kernel::Problem::new(
            &["associationId"],
            crate::ParticipantErrorCode::UnknownReference.as_str(),
            kernel::Message::new("协会不存在", "association does not exist"),
        ));
    }
    let name = problems.take(required_text(&["name"], &input.name, 200));
    let profile = Profile::check(conn, &mut problems, &input).await?;
    problems.finish()?;
    let now = clock.now();
    let mut model = enterprise::ActiveModel {
        id: Set(kernel::new_id()),
        name: Set(name.unwrap_or_default()),
        association_id: Set(association_id),
        alliance_region: Set(input.alliance_region),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    profile.apply(&mut model);
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
    patch: EnterprisePatch,
) -> DomainResult<Model> {
    require_role(
        actor,
        &[
            Role::PlatformAdmin,
            Role::AssociationAdmin,
            Role::EnterpriseAdmin,
        ],
    )?;
    let current = get(conn, actor, id).await?;
    let mut problems = Problems::new();
    let mut model: enterprise::ActiveModel = current.into();
    if let Some(name) = patch.name.as_deref()
        && let Some(name) = problems.take(required_text(&["name"], name, 200))
    {
        model.name = Set(name);
    }
    if let Some(r) = patch.alliance_region {
        model.alliance_region = Set(r);
    }
    macro_rules! text {
        ($field:ident, $path:literal, $max:literal) => {
            if let Some(v) = patch.$field.as_ref() {
                if let Some(v) = problems.take(optional_text(&[$path], v.as_deref(), $max)) {
                    model.$field = Set(v);
                }
            }
        };
    }
    text!(address, "address", 300);
    text!(wechat_official_account, "wechatOfficialAccount", 100);
    text!(website, "website", 300);
    text!(lead_name, "leadName", 64);
    text!(specialist_name, "specialistName", 64);
    if let Some(v) = patch.lead_phone.as_ref()
        && let Some(v) = optional_phone(&mut problems, "leadPhone", v.as_deref())
    {
        model.lead_phone = Set(v);
    }
    if let Some(v) = patch.specialist_phone.as_ref()
        && let Some(v) = optional_phone(&mut problems, "specialistPhone", v.as_deref())
    {
        model.specialist_phone = Set(v);
    }
    if let Some(v) = patch.region_code.as_ref() {
        let levels = [RegionLevel::City, RegionLevel::County];
        if let Some(v) =
            optional_region(conn, &mut problems, "regionCode", v.as_deref(), &levels).await?
        {
            model.region_code = Set(v);
        }
    }
    problems.finish()?;
    model.updated_at = Set(clock.now());
    model
        .update(conn)
        .await
        .map_err(|e| taken("name")(e.into()))
}

/// The optional profile fields of a new enterprise, checked.
struct Profile {
    region_code: Option<String>,
    address: Option<String>,
    wechat_official_account: Option<String>,
    website: Option<String>,
    lead_name: Option<String>,
    lead_phone: Option<String>,
    specialist_name: Option<String>,
    specialist_phone: Option<String>,
}

impl Profile {
    async fn check(
        conn: &impl ConnectionTrait,
        problems: &mut Problems,
        input: &EnterpriseInput,
    ) -> DomainResult<Self> {
        let levels = [RegionLevel::City, RegionLevel::County];
        let region_code = optional_region(
            conn,
            problems,
            "regionCode",
            input.region_code.as_deref(),
            &levels,
        )
        .await?;
        Ok(Self {
            region_code: region_code.flatten(),
            address: problems
                .take(optional_text(&["address"], input.address.as_deref(), 300))
                .flatten(),
            wechat_official_account: problems
                .take(optional_text(
                    &["wechatOfficialAccount"],
                    input.wechat_official_account.as_deref(),
                    100,
                ))
                .flatten(),
            website: problems
                .take(optional_text(&["website"], input.website.as_deref(), 300))
                .flatten(),
            lead_name: problems
                .take(optional_text(&["leadName"], input.lead_name.as_deref(), 64))
                .flatten(),
            lead_phone: optional_phone(problems, "leadPhone", input.lead_phone.as_deref())
                .flatten(),
            specialist_name: problems
                .take(optional_text(
                    &["specialistName"],
                    input.specialist_name.as_deref(),
                    64,
                ))
                .flatten(),
            specialist_phone: optional_phone(
                problems,
                "specialistPhone",
                input.specialist_phone.as_deref(),
            )
            .flatten(),
        })
    }

    fn apply(self, model: &mut enterprise::ActiveModel) {
        model.region_code = Set(self.region_code);
        model.address = Set(self.address);
        model.wechat_official_account = Set(self.wechat_official_account);
        model.website = Set(self.website);
        model.lead_name = Set(self.lead_name);
        model.lead_phone = Set(self.lead_phone);
        model.specialist_name = Set(self.specialist_name);
        model.specialist_phone = Set(self.specialist_phone);
    }
}

/// The member enterprises of an association that the actor may see.
pub async fn list_members(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    association_id: Uuid,
    spec: PageSpec,
) -> DomainResult<Page<Model>> {
    page::paginate(
        conn,
        members(actor, association_id),
        Column::Id,
        spec,
        |m| m.id,
    )
    .await
}

pub async fn count_members(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    association_id: Uuid,
) -> DomainResult<u64> {
    page::count(conn, members(actor, association_id)).await
}

fn members(actor: &Actor, association_id: Uuid) -> sea_orm::Select<Entity> {
    use sea_orm::ColumnTrait;
    Entity::find()
        .filter(visible(actor))
        .filter(Column::AssociationId.eq(association_id))
}
