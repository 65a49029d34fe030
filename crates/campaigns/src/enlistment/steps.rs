//! The enlistment state machine's storage steps: the first save, draft updates, and guarded
//! transitions with their event rows.

use kernel::{Actor, Clock, DomainError, DomainResult, Message};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QuerySelect, Set,
};
use uuid::Uuid;

use crate::CampaignErrorCode as Code;
use crate::entity::enlistment::{
    self, Column, EnlistmentKind as Kind, EnlistmentState as State, Entity, Model,
};
use crate::entity::enlistment_event;

pub(super) struct Owner {
    pub kind: Kind,
    pub org_id: Uuid,
    pub association_id: Option<Uuid>,
    pub enterprise_id: Option<Uuid>,
}

pub(super) const EDITABLE: [State; 2] = [State::Draft, State::Returned];

/// Saves a draft form: the first save creates the enlistment, later saves replace the form
/// while it is editable. Two first saves at once both succeed (the insert does nothing when
/// the (campaign, organisation) index already holds one, and the second save edits it) instead
/// of one failing on the index, which would also end the transaction on PostgreSQL.
pub(super) async fn upsert(
    conn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    campaign_id: Uuid,
    owner: Owner,
    form: String,
) -> DomainResult<Model> {
    let now = clock.now();
    let existing = Entity::find()
        .filter(Column::CampaignId.eq(campaign_id))
        .filter(Column::OrgId.eq(owner.org_id))
        .lock_exclusive()
        .one(conn)
        .await?;
    if let Some(current) = existing {
        return edit(conn, current, form, now).await;
    }
    let id = kernel::new_id();
    let insert = Entity::insert(enlistment::ActiveModel {
        id: Set(id),
        campaign_id: Set(campaign_id),
        org_kind: Set(owner.kind),
        org_id: Set(owner.org_id),
        association_id: Set(owner.association_id),
        enterprise_id: Set(owner.enterprise_id),
        state: Set(State::Draft),
        form: Set(form.clone()),
        return_reason: Set(None),
        submitted_at: Set(None),
        decided_at: Set(None),
        decided_by: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .on_conflict_do_nothing_on([Column::CampaignId, Column::OrgId]);
    if kernel::db::insert_if_absent(conn, insert).await? {
        let created = lock(conn, id).await?;
        record(conn, actor, &created, None, State::Draft, None, now).await?;
        return Ok(created);
    }
    let current = Entity::find()
        .filter(Column::CampaignId.eq(campaign_id))
        .filter(Column::OrgId.eq(owner.org_id))
        .lock_exclusive()
        .one(conn)
        .await?
        .ok_or(DomainError::NotFound)?;
    edit(conn, current, form, now).await
}

/// Replaces the form of an editable enlistment whose row the caller has locked.
async fn edit(
    conn: &DatabaseTransaction,
    current: Model,
    form: String,
    now: chrono::DateTime<chrono::Utc>,
) -> DomainResult<Model> {
    if !EDITABLE.contains(&current.state) {
        return Err(transition_error(current.state, "修改", "edited"));
    }
    let updated = Entity::update_many()
        .set(enlistment::ActiveModel {
            form: Set(form),
            updated_at: Set(now),
            ..Default::default()
        })
        .filter(Column::Id.eq(current.id))
        .filter(Column::State.is_in(EDITABLE))
        .exec(conn)
        .await?;
    if updated.rows_affected == 0 {
        return Err(transition_error(State::Submitted, "修改", "edited"));
    }
    Entity::find_by_id(current.id)
        .one(conn)
        .await?
        .ok_or(DomainError::NotFound)
}

/// Locks an enlistment's row until the transaction ends (PostgreSQL `FOR UPDATE`; SQLite's
/// IMMEDIATE transaction is alone anyway) and reads it as it is now: a submission checks the
/// form it submits, not one a concurrent save is replacing.
pub(super) async fn lock(conn: &DatabaseTransaction, id: Uuid) -> DomainResult<Model> {
    Entity::find_by_id(id)
        .lock_exclusive()
        .one(conn)
        .await?
        .ok_or(DomainError::NotFound)
}

async fn record(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    model: &Model,
    from: Option<State>,
    to: State,
    comment: Option<String>,
    at: chrono::DateTime<chrono::Utc>,
) -> DomainResult<()> {
    enlistment_event::ActiveModel {
        id: Set(kernel::new_id()),
        enlistment_id: Set(model.id),
        association_id: Set(model.association_id),
        enterprise_id: Set(model.enterprise_id),
        from_state: Set(from),
        to_state: Set(to),
        actor: Set(actor.subject.clone()),
        comment: Set(comment),
        at: Set(at),
    }
    .insert(conn)
    .await?;
    Ok(())
}

fn state_name(state: State) -> &'static str {
    match state {
        State::Draft => "DRAFT",
        State::Submitted => "SUBMITTED",
        State::Confirmed => "CONFIRMED",
        State::Returned => "RETURNED",
    }
}

pub(super) fn transition_error(from: State, zh: &str, en: &str) -> DomainError {
    let state = state_name(from);
    DomainError::invalid(
        &["id"],
        Code::InvalidTransition.as_str(),
        Message::new(
            format!("参战书当前状态为 {state}，不能{zh}"),
            format!("an enlistment in state {state} cannot be {en}"),
        ),
    )
}

/// Moves `current` from one of `from` to `to`, records the event, and applies `fields`.
#[expect(
    clippy::too_many_arguments,
    reason = "one step of the state machine, spelled out"
)]
pub(super) async fn transition(
    conn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    current: Model,
    from: &[State],
    to: State,
    action: (&str, &str),
    comment: Option<String>,
    fields: impl FnOnce(&mut enlistment::ActiveModel),
) -> DomainResult<Model> {
    if !from.contains(&current.state) {
        return Err(transition_error(current.state, action.0, action.1));
    }
    let now = clock.now();
    let mut model = enlistment::ActiveModel {
        state: Set(to),
        updated_at: Set(now),
        ..Default::default()
    };
    fields(&mut model);
    let updated = Entity::update_many()
        .set(model)
        .filter(Column::Id.eq(current.id))
        .filter(Column::State.eq(current.state))
        .exec(conn)
        .await?;
    if updated.rows_affected == 0 {
        let now_state = Entity::find_by_id(current.id)
            .one(conn)
            .await?
            .map_or(current.state, |m| m.state);
        return Err(transition_error(now_state, action.0, action.1));
    }
    record(conn, actor, &current, Some(current.state), to, comment, now).await?;
    let result = Entity::find_by_id(current.id)
        .one(conn)
        .await?
        .ok_or(DomainError::NotFound)?;
    Ok(result)
}
