//! 参战书: one enlistment per organisation and campaign. DRAFT (saved as often as needed) →
//! SUBMITTED (every rule checked, every problem reported at once) → CONFIRMED, or RETURNED with
//! a reason, edited and submitted again. The platform decides association forms; an
//! enterprise's form is decided by the platform or by the enterprise's association.
//!
//! Each step is one conditional UPDATE (`… WHERE state IN (:from)`) plus an event row in one
//! transaction, so two deciders acting at once cannot both win.

mod choices;
mod events;
pub mod form;
mod rules;
mod steps;

use kernel::error::{Problems, required_multiline_text};
use kernel::lookup;
use kernel::page::{self, PageSpec};
use kernel::{Actor, Clock, DomainError, DomainResult, Message, Page, Role};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter,
    Select, Set,
};
use uuid::Uuid;

use crate::CampaignErrorCode as Code;
use crate::access::{Organizer, organizer, require_manages, visible};
use crate::entity::enlistment::{
    Column, EnlistmentKind as Kind, EnlistmentState as State, Entity, Model,
};
use crate::fields;
use form::{AssociationForm, EnterpriseForm};
use steps::{EDITABLE, Owner, transition, transition_error, upsert};

/// Filters for listing enlistments.
#[derive(Debug, Clone, Default)]
pub struct EnlistmentFilter {
    pub campaign_id: Option<Uuid>,
    pub kind: Option<Kind>,
    pub state: Option<State>,
}

fn scoped(actor: &Actor) -> Select<Entity> {
    Entity::find().filter(visible(
        actor,
        participants::access::Object::Enlistment,
        Column::AssociationId,
        Column::EnterpriseId,
    ))
}

fn filtered(actor: &Actor, filter: &EnlistmentFilter) -> Select<Entity> {
    let mut query = scoped(actor);
    if let Some(c) = filter.campaign_id {
        query = query.filter(Column::CampaignId.eq(c));
    }
    if let Some(k) = filter.kind {
        query = query.filter(Column::OrgKind.eq(k));
    }
    if let Some(s) = filter.state {
        query = query.filter(Column::State.eq(s));
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
    filter: &EnlistmentFilter,
    spec: PageSpec,
) -> DomainResult<Page<Model>> {
    page::paginate(conn, filtered(actor, filter), Column::Id, spec, |m| m.id).await
}

pub async fn count(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    filter: &EnlistmentFilter,
) -> DomainResult<u64> {
    page::count(conn, filtered(actor, filter)).await
}

/// The association form of an association's enlistment.
/// How much of a form's contacts (lead, liaison) the caller sees: in full for the platform,
/// which decides the form and calls its contacts, and for the association's own admins;
/// masked for everyone else who may read the form.
pub fn contacts(actor: &Actor, model: &Model) -> participants::privacy::Disclosure {
    use participants::privacy::{self, Disclosure};
    match (actor.role, model.association_id) {
        (Role::PlatformAdmin, _) => Disclosure::Full,
        (_, Some(id)) => privacy::contacts(
            actor,
            kernel::OrgRef {
                kind: kernel::OrgKind::Association,
                id,
            },
        ),
        (_, None) => Disclosure::Masked,
    }
}

pub fn association_form(model: &Model) -> Option<AssociationForm> {
    (model.org_kind == Kind::Association)
        .then(|| serde_json::from_str(&model.form).unwrap_or_default())
}

/// The enterprise form of an enterprise's enlistment.
pub fn enterprise_form(model: &Model) -> Option<EnterpriseForm> {
    (model.org_kind == Kind::Enterprise)
        .then(|| serde_json::from_str(&model.form).unwrap_or_default())
}

fn to_json<T: serde::Serialize>(form: &T) -> DomainResult<String> {
    serde_json::to_string(form)
        .map_err(|e| DomainError::Database(sea_orm::DbErr::Custom(e.to_string())))
}

/// Saves the association form as a draft (creating the enlistment on first save).
/// Association admins save their own; the platform names the association.
pub async fn save_association(
    conn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    campaign_id: Uuid,
    association_id: Option<Uuid>,
    form: AssociationForm,
) -> DomainResult<Model> {
    let Organizer::Association(association) = organizer(conn, actor, association_id, None).await?
    else {
        return Err(DomainError::Forbidden);
    };
    fields::campaign(conn, campaign_id).await?;
    let mut problems = Problems::new();
    let form = form.tidy(&mut problems);
    problems.finish()?;
    let owner = Owner {
        kind: Kind::Association,
        org_id: association.id,
        association_id: Some(association.id),
        enterprise_id: None,
    };
    upsert(conn, actor, clock, campaign_id, owner, to_json(&form)?).await
}

/// Saves the enterprise form as a draft. Enterprise admins save their own; the platform names
/// the enterprise.
pub async fn save_enterprise(
    conn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    campaign_id: Uuid,
    enterprise_id: Option<Uuid>,
    form: EnterpriseForm,
) -> DomainResult<Model> {
    if actor.role == Role::AssociationAdmin {
        // Associations read their members' forms; they do not fill them in.
        return Err(DomainError::Forbidden);
    }
    let Organizer::Enterprise(enterprise) = organizer(conn, actor, None, enterprise_id).await?
    else {
        return Err(DomainError::Forbidden);
    };
    fields::campaign(conn, campaign_id).await?;
    let mut problems = Problems::new();
    let form = form.tidy(&mut problems);
    problems.finish()?;
    let owner = Owner {
        kind: Kind::Enterprise,
        org_id: enterprise.id,
        association_id: enterprise.association_id,
        enterprise_id: Some(enterprise.id),
    };
    upsert(conn, actor, clock, campaign_id, owner, to_json(&form)?).await
}

/// Submits a draft (or a returned form): checks every rule of its form and reports every
/// problem at once, with paths into the form.
pub async fn submit(
    conn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    id: Uuid,
) -> DomainResult<Model> {
    let seen = get(conn, actor, id).await?;
    require_manages(actor, seen.association_id, seen.enterprise_id)?;
    let current = steps::lock(conn, seen.id).await?;
    if !EDITABLE.contains(&current.state) {
        return Err(transition_error(current.state, "提交", "submitted"));
    }
    let campaign = fields::campaign(conn, current.campaign_id).await?;
    match current.org_kind {
        Kind::Association => {
            let form = association_form(&current).unwrap_or_default();
            form::check_association(conn, &campaign, &form).await?;
        }
        Kind::Enterprise => {
            let form = enterprise_form(&current).unwrap_or_default();
            let projects = participants::entity::project::Entity::find()
                .filter(
                    participants::entity::project::Column::EnterpriseId
                        .eq(current.enterprise_id.unwrap_or_default()),
                )
                .count(conn)
                .await?;
            form::check_enterprise(conn, &form, projects).await?;
        }
    }
    let now = clock.now();
    transition(
        conn,
        actor,
        clock,
        current,
        &EDITABLE,
        State::Submitted,
        ("提交", "submitted"),
        None,
        |m| m.submitted_at = Set(Some(now)),
    )
    .await
}

/// Whether the actor decides this enlistment: the platform always; for an enterprise's form,
/// also its association (visibility already checked membership).
fn require_decider(actor: &Actor, model: &Model) -> DomainResult<()> {
    let decides = match actor.role {
        Role::PlatformAdmin => true,
        Role::AssociationAdmin => model.org_kind == Kind::Enterprise,
        _ => false,
    };
    if decides {
        Ok(())
    } else {
        Err(DomainError::Forbidden)
    }
}

/// Returns a submitted form to its organisation with a reason (退回).
pub async fn send_back(
    conn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    id: Uuid,
    reason: &str,
) -> DomainResult<Model> {
    let current = get(conn, actor, id).await?;
    require_decider(actor, &current)?;
    let reason = required_multiline_text(&["reason"], reason, 2000).map_err(|mut p| {
        if p.code == kernel::error::codes::BLANK {
            p.code = Code::ReasonRequired.as_str();
            p.message = Message::new("退回须说明原因", "a returned form needs a reason");
        }
        DomainError::Invalid(vec![p])
    })?;
    let now = clock.now();
    let by = actor.subject.clone();
    let model = transition(
        conn,
        actor,
        clock,
        current,
        &[State::Submitted],
        State::Returned,
        ("退回", "returned"),
        Some(reason.clone()),
        |m| {
            m.return_reason = Set(Some(reason));
            m.decided_at = Set(Some(now));
            m.decided_by = Set(Some(by));
        },
    )
    .await?;
    events::publish(conn, clock, kernel::EventType::EnlistmentReturned, &model).await?;
    Ok(model)
}

/// Confirms a submitted form (确认).
pub async fn confirm(
    conn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    id: Uuid,
) -> DomainResult<Model> {
    let current = get(conn, actor, id).await?;
    require_decider(actor, &current)?;
    let now = clock.now();
    let by = actor.subject.clone();
    let model = transition(
        conn,
        actor,
        clock,
        current,
        &[State::Submitted],
        State::Confirmed,
        ("确认", "confirmed"),
        None,
        |m| {
            m.return_reason = Set(None);
            m.decided_at = Set(Some(now));
            m.decided_by = Set(Some(by));
        },
    )
    .await?;
    events::publish(conn, clock, kernel::EventType::EnlistmentConfirmed, &model).await?;
    Ok(model)
}
