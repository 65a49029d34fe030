//! 扶贫产品认定: the supplier applies (SUBMITTED); the reviewer approves (COUNTY_APPROVED) or
//! rejects (REJECTED); a public notice runs (PUBLICIZING, 7 days by default); the product is
//! LISTED in a catalogue batch with a certificate number and validity; later it may be
//! SUSPENDED (and reinstated) or REVOKED. EXPIRED is never stored: a LISTED certification past
//! its valid-to date *is* expired, without anyone editing it.
//!
//! Every transition is one conditional UPDATE (`… WHERE state = :from`) plus an event row in the
//! caller's transaction, so two reviewers deciding at once cannot both win, and the history
//! answers "was this product certified at that moment?" — the question the ledger asks of every
//! sale.
//!
//! A product has at most one application in progress (SUBMITTED, COUNTY_APPROVED or
//! PUBLICIZING): a unique partial index says so, so that concurrent applications cannot both be
//! stored whatever the timing. The wider rule — no new application while one is in progress,
//! LISTED and still valid, or SUSPENDED — is checked with the product's row locked, so on
//! PostgreSQL applications for one product are decided one at a time (on SQLite the IMMEDIATE
//! write transaction already is).

use std::collections::HashMap;

use chrono::{DateTime, Days, NaiveDate, Utc};
use kernel::error::{Problems, optional_multiline_text, required_multiline_text, required_text};
use kernel::lookup;
use kernel::{Actor, Clock, DomainError, DomainResult, EventType, Message, Problem, Role};
use participants::access::{Object, Reach, reads, require_role};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait,
    FromQueryResult, QueryFilter, QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use crate::ProductErrorCode as Code;
use crate::entity::certification::{self, CertificationState as State, Column, Entity, Model};
use crate::entity::certification_event;

pub const DEFAULT_PUBLICITY_DAYS: u32 = 7;

/// The state as of `today`: LISTED past its validity reads as EXPIRED.
pub fn effective_state(model: &Model, today: NaiveDate) -> State {
    match (model.state, model.valid_to) {
        (State::Listed, Some(to)) if to < today => State::Expired,
        (state, _) => state,
    }
}

fn transition_error(from: State, action: &str) -> DomainError {
    DomainError::invalid(
        &["id"],
        Code::InvalidTransition.as_str(),
        Message::new(
            format!("当前状态 {from:?} 不能执行“{action}”"),
            format!("a certification in state {from:?} cannot be {action}"),
        ),
    )
}

/// One allowed move of the state machine.
struct Step {
    from: &'static [State],
    to: State,
    /// What the move is called in messages ("… cannot be approved").
    action: &'static str,
}

const APPROVE: Step = Step {
    from: &[State::Submitted],
    to: State::CountyApproved,
    action: "approved",
};
const REJECT: Step = Step {
    from: &[State::Submitted],
    to: State::Rejected,
    action: "rejected",
};
const PUBLICIZE: Step = Step {
    from: &[State::CountyApproved],
    to: State::Publicizing,
    action: "publicized",
};
const LIST: Step = Step {
    from: &[State::Publicizing],
    to: State::Listed,
    action: "listed",
};
const SUSPEND: Step = Step {
    from: &[State::Listed],
    to: State::Suspended,
    action: "suspended",
};
const REINSTATE: Step = Step {
    from: &[State::Suspended],
    to: State::Listed,
    action: "reinstated",
};
const REVOKE: Step = Step {
    from: &[
        State::CountyApproved,
        State::Publicizing,
        State::Listed,
        State::Suspended,
    ],
    to: State::Revoked,
    action: "revoked",
};

/// Takes `step` on certification `id`, records the event, and applies `fields`.
async fn transition(
    txn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    id: Uuid,
    step: Step,
    comment: Option<String>,
    fields: impl FnOnce(&mut certification::ActiveModel),
) -> DomainResult<Model> {
    let Step { from, to, action } = step;
    let current = Entity::find_by_id(id)
        .one(txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    if !from.contains(&current.state) {
        return Err(transition_error(current.state, action));
    }
    let now = clock.now();
    let mut model: certification::ActiveModel = current.clone().into();
    fields(&mut model);
    model.state = Set(to);
    model.updated_at = Set(now);
    // The guard on the old state makes concurrent decisions race safely: one wins, the other
    // sees no row updated.
    let updated = Entity::update_many()
        .set(model)
        .filter(Column::Id.eq(id))
        .filter(Column::State.eq(current.state))
        .exec(txn)
        .await?;
    if updated.rows_affected == 0 {
        let now_state = Entity::find_by_id(id)
            .one(txn)
            .await?
            .map_or(current.state, |m| m.state);
        return Err(transition_error(now_state, action));
    }
    certification_event::ActiveModel {
        id: Set(kernel::new_id()),
        certification_id: Set(id),
        from_state: Set(Some(current.state)),
        to_state: Set(to),
        actor: Set(actor.subject.clone()),
        comment: Set(comment),
        at: Set(now),
    }
    .insert(txn)
    .await?;
    Entity::find_by_id(id)
        .one(txn)
        .await?
        .ok_or(DomainError::NotFound)
}

const OPEN: [State; 5] = [
    State::Submitted,
    State::CountyApproved,
    State::Publicizing,
    State::Listed,
    State::Suspended,
];

fn already_applied() -> DomainError {
    DomainError::invalid(
        &["productId"],
        Code::AlreadyApplied.as_str(),
        Message::new(
            "该产品已有在办或有效的认定",
            "the product has an open or valid certification already",
        ),
    )
}

/// The supplier applies for a product's certification.
pub async fn apply(
    txn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    product_id: Uuid,
) -> DomainResult<Model> {
    let product = crate::product::writable(txn, actor, product_id, Object::Certification).await?;
    // Applications for one product are decided one at a time (see the module comment).
    crate::entity::product::Entity::find_by_id(product.id)
        .lock_exclusive()
        .one(txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    let today = clock.today();
    let existing = Entity::find()
        .filter(Column::ProductId.eq(product_id))
        .all(txn)
        .await?;
    if existing
        .iter()
        .any(|c| OPEN.contains(&effective_state(c, today)))
    {
        return Err(already_applied());
    }
    let now = clock.now();
    let created = certification::ActiveModel {
        id: Set(kernel::new_id()),
        product_id: Set(product_id),
        supplier_id: Set(product.supplier_id),
        state: Set(State::Submitted),
        publicity_ends_on: Set(None),
        catalogue_batch: Set(None),
        certificate_no: Set(None),
        valid_from: Set(None),
        valid_to: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(txn)
    .await
    // The index on applications in progress is the last word, whatever the timing.
    .map_err(|e| match DomainError::from(e) {
        DomainError::Conflict => already_applied(),
        other => other,
    })?;
    certification_event::ActiveModel {
        id: Set(kernel::new_id()),
        certification_id: Set(created.id),
        from_state: Set(None),
        to_state: Set(State::Submitted),
        actor: Set(actor.subject.clone()),
        comment: Set(None),
        at: Set(now),
    }
    .insert(txn)
    .await?;
    Ok(created)
}

fn required_comment(comment: Option<&str>) -> DomainResult<String> {
    match comment.map(str::trim).filter(|c| !c.is_empty()) {
        Some(c) => required_multiline_text(&["comment"], c, 2000)
            .map_err(|p| DomainError::Invalid(vec![p])),
        None => Err(DomainError::invalid(
            &["comment"],
            Code::CommentRequired.as_str(),
            Message::new("请填写理由", "give the reason"),
        )),
    }
}

fn optional_comment(comment: Option<&str>) -> DomainResult<Option<String>> {
    optional_multiline_text(&["comment"], comment, 2000).map_err(|p| DomainError::Invalid(vec![p]))
}

/// The reviewer's decision on an application: approve, or reject with a reason.
pub async fn decide(
    conn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    id: Uuid,
    approve: bool,
    comment: Option<&str>,
) -> DomainResult<Model> {
    require_role(actor, &[Role::PlatformAdmin])?;
    let (model, comment) = if approve {
        let comment = optional_comment(comment)?;
        (
            transition(conn, actor, clock, id, APPROVE, comment.clone(), |_| {}).await?,
            comment,
        )
    } else {
        let comment = required_comment(comment)?;
        (
            transition(
                conn,
                actor,
                clock,
                id,
                REJECT,
                Some(comment.clone()),
                |_| {},
            )
            .await?,
            Some(comment),
        )
    };
    let event = EventType::CertificationDecided;
    crate::events::certification(conn, clock, event, &model, comment.as_deref()).await?;
    Ok(model)
}

/// Starts the public notice (公示) for `days` days (default 7).
pub async fn start_publicity(
    conn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    id: Uuid,
    days: Option<u32>,
) -> DomainResult<Model> {
    require_role(actor, &[Role::PlatformAdmin])?;
    let days = days.unwrap_or(DEFAULT_PUBLICITY_DAYS);
    if !(1..=60).contains(&days) {
        return Err(DomainError::invalid(
            &["days"],
            kernel::error::codes::OUT_OF_RANGE,
            Message::new("公示期应为 1 到 60 天", "the notice period is 1 to 60 days"),
        ));
    }
    let ends = clock.today().checked_add_days(Days::new(u64::from(days)));
    transition(conn, actor, clock, id, PUBLICIZE, None, |m| {
        m.publicity_ends_on = Set(ends);
    })
    .await
}

#[derive(Debug, Clone)]
pub struct ListingDecision {
    pub catalogue_batch: String,
    pub certificate_no: String,
    pub valid_from: NaiveDate,
    pub valid_to: NaiveDate,
}

/// Enters the product in the catalogue once the notice period is over.
pub async fn list(
    conn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    id: Uuid,
    decision: ListingDecision,
) -> DomainResult<Model> {
    require_role(actor, &[Role::PlatformAdmin])?;
    let mut problems = Problems::new();
    let batch = problems.take(required_text(
        &["catalogueBatch"],
        &decision.catalogue_batch,
        64,
    ));
    let number = problems.take(required_text(
        &["certificateNo"],
        &decision.certificate_no,
        64,
    ));
    if decision.valid_to < decision.valid_from {
        problems.push(Problem::new(
            &["validTo"],
            kernel::error::codes::OUT_OF_RANGE,
            Message::new(
                "有效期止不能早于起",
                "valid-to must not be before valid-from",
            ),
        ));
    }
    problems.finish()?;
    let current = Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(DomainError::NotFound)?;
    if current.state == State::Publicizing
        && current
            .publicity_ends_on
            .is_some_and(|end| clock.today() < end)
    {
        return Err(DomainError::invalid(
            &["id"],
            Code::PublicityNotOver.as_str(),
            Message::new("公示期尚未结束", "the public notice period is not over yet"),
        ));
    }
    let model = transition(conn, actor, clock, id, LIST, None, |m| {
        m.catalogue_batch = Set(batch);
        m.certificate_no = Set(number);
        m.valid_from = Set(Some(decision.valid_from));
        m.valid_to = Set(Some(decision.valid_to));
    })
    .await?;
    crate::events::certification(conn, clock, EventType::CertificationListed, &model, None).await?;
    Ok(model)
}

/// 下架: suspends a listed certification after a failed spot check.
pub async fn suspend(
    conn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    id: Uuid,
    comment: Option<&str>,
) -> DomainResult<Model> {
    require_role(actor, &[Role::PlatformAdmin])?;
    let comment = required_comment(comment)?;
    let model = transition(
        conn,
        actor,
        clock,
        id,
        SUSPEND,
        Some(comment.clone()),
        |_| {},
    )
    .await?;
    let event = EventType::CertificationSuspended;
    crate::events::certification(conn, clock, event, &model, Some(&comment)).await?;
    Ok(model)
}

/// Lifts a suspension.
pub async fn reinstate(
    conn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    id: Uuid,
    comment: Option<&str>,
) -> DomainResult<Model> {
    require_role(actor, &[Role::PlatformAdmin])?;
    let comment = optional_comment(comment)?;
    transition(conn, actor, clock, id, REINSTATE, comment, |_| {}).await
}

/// Revokes a certification for good.
pub async fn revoke(
    conn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    id: Uuid,
    comment: Option<&str>,
) -> DomainResult<Model> {
    require_role(actor, &[Role::PlatformAdmin])?;
    let comment = required_comment(comment)?;
    transition(conn, actor, clock, id, REVOKE, Some(comment), |_| {}).await
}

fn scoped(actor: &Actor) -> sea_orm::Select<Entity> {
    Entity::find().filter(crate::access::supplier_rows(
        actor,
        Object::Certification,
        Column::SupplierId,
    ))
}

/// A certification the actor may read (`Object::Certification`): its supplier's, the
/// platform's and operators'.
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

/// Applications the actor may read, newest first, optionally in one state or of one product.
pub async fn list_for(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    state: Option<State>,
    product_id: Option<Uuid>,
) -> DomainResult<Vec<Model>> {
    if reads(actor.role, Object::Certification) == Reach::Nothing {
        return Err(DomainError::Forbidden);
    }
    let mut query = scoped(actor).order_by_desc(Column::Id);
    if let Some(s) = state {
        query = query.filter(Column::State.eq(s));
    }
    if let Some(p) = product_id {
        query = query.filter(Column::ProductId.eq(p));
    }
    Ok(query.all(conn).await?)
}

/// The recorded steps of a certification the actor may read, oldest first; none otherwise.
pub async fn history(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
) -> DomainResult<Vec<certification_event::Model>> {
    use sea_orm::{QuerySelect, QueryTrait};
    let readable = scoped(actor)
        .filter(Column::Id.eq(id))
        .select_only()
        .column(Column::Id)
        .into_query();
    Ok(certification_event::Entity::find()
        .filter(certification_event::Column::CertificationId.in_subquery(readable))
        .order_by_asc(certification_event::Column::At)
        .order_by_asc(certification_event::Column::Id)
        .all(conn)
        .await?)
}

/// The certification valid on `day` for each product (LISTED, within its validity): the badge a
/// catalogue shows. One statement for any number of products.
pub async fn valid_on(
    conn: &impl ConnectionTrait,
    product_ids: &[Uuid],
    day: NaiveDate,
) -> DomainResult<HashMap<Uuid, Model>> {
    let rows = Entity::find()
        .filter(Column::ProductId.is_in(product_ids.iter().copied()))
        .filter(Column::State.eq(State::Listed))
        .filter(Column::ValidFrom.lte(day))
        .filter(Column::ValidTo.gte(day))
        .all(conn)
        .await?;
    Ok(rows.into_iter().map(|c| (c.product_id, c)).collect())
}

/// Was the product certified at this moment? True when a certification valid on that day (on
/// the campaign's calendar) was LISTED at that instant by its recorded history — a later
/// suspension or revocation does not change the answer for earlier sales.
pub async fn certified_at(
    conn: &impl ConnectionTrait,
    product_id: Uuid,
    at: DateTime<Utc>,
) -> DomainResult<bool> {
    let answers = certified_at_many(conn, &[(product_id, at)]).await?;
    Ok(answers.get(&(product_id, at)).copied().unwrap_or(false))
}

/// [`certified_at`] for many (product, moment) pairs in one statement ([`with_steps`]),
/// decided in memory ([`certified_from`]).
pub async fn certified_at_many(
    conn: &impl ConnectionTrait,
    moments: &[(Uuid, DateTime<Utc>)],
) -> DomainResult<HashMap<(Uuid, DateTime<Utc>), bool>> {
    let Some(query) = with_steps(moments) else {
        return Ok(HashMap::new());
    };
    let statement = conn.get_database_backend().build(&query);
    let rows = conn.query_all_raw(statement).await?;
    let steps = rows
        .iter()
        .map(|row| ProductStep::from_query_result(row, ""))
        .collect::<Result<Vec<_>, sea_orm::DbErr>>()?;
    Ok(certified_from(&steps, moments))
}

/// One row of [`with_steps`]: a product's attribution columns and one recorded event of one
/// of its certifications valid on some day of the range (all `None` for a product without).
#[derive(Debug, Clone, FromQueryResult)]
pub struct ProductStep {
    pub product_id: Uuid,
    pub supplier_id: Uuid,
    pub origin_county_code: String,
    pub certification_id: Option<Uuid>,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
    pub event_id: Option<Uuid>,
    pub event_at: Option<DateTime<Utc>>,
    pub to_state: Option<State>,
}

/// The products of `moments` (supplier, origin county) with the events, up to the latest
/// moment, of every certification of theirs valid on any of the moments' days, in one
/// statement (left joins: a product without comes once); `None` without moments. Read the
/// rows as [`ProductStep`]s; a caller may add columns of its own.
pub fn with_steps(
    moments: &[(Uuid, DateTime<Utc>)],
) -> Option<sea_orm::sea_query::SelectStatement> {
    use crate::entity::product;
    use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
    let day_of = |at: DateTime<Utc>| {
        at.with_timezone(&kernel::clock::CAMPAIGN_OFFSET)
            .date_naive()
    };
    let first = moments.iter().map(|m| day_of(m.1)).min()?;
    let last = moments.iter().map(|m| m.1).max()?;
    let mut products: Vec<Uuid> = moments.iter().map(|m| m.0).collect();
    products.sort_unstable();
    products.dedup();
    let c = |col: Column| (Entity, col);
    let e = |col: certification_event::Column| (certification_event::Entity, col);
    let p = |col: product::Column| (product::Entity, col);
    Some(
        Query::select()
            .expr_as(Expr::col(p(product::Column::Id)), Alias::new("product_id"))
            .expr_as(
                Expr::col(p(product::Column::SupplierId)),
                Alias::new("supplier_id"),
            )
            .expr_as(
                Expr::col(p(product::Column::OriginCountyCode)),
                Alias::new("origin_county_code"),
            )
            .expr_as(
                Expr::col(e(certification_event::Column::CertificationId)),
                Alias::new("certification_id"),
            )
            .expr_as(Expr::col(c(Column::ValidFrom)), Alias::new("valid_from"))
            .expr_as(Expr::col(c(Column::ValidTo)), Alias::new("valid_to"))
            .expr_as(
                Expr::col(e(certification_event::Column::Id)),
                Alias::new("event_id"),
            )
            .expr_as(
                Expr::col(e(certification_event::Column::At)),
                Alias::new("event_at"),
            )
            .expr_as(
                Expr::col(e(certification_event::Column::ToState)),
                Alias::new("to_state"),
            )
            .from(product::Entity)
            .left_join(
                Entity,
                Expr::col(c(Column::ProductId))
                    .equals(p(product::Column::Id))
                    .and(Expr::col(c(Column::ValidFrom)).lte(day_of(last)))
                    .and(Expr::col(c(Column::ValidTo)).gte(first)),
            )
            .left_join(
                certification_event::Entity,
                Expr::col(e(certification_event::Column::CertificationId))
                    .equals(c(Column::Id))
                    .and(Expr::col(e(certification_event::Column::At)).lte(last)),
            )
            .and_where(Expr::col(p(product::Column::Id)).is_in(products))
            .to_owned(),
    )
}

/// Whether each product was certified at each moment, from [`with_steps`]' rows: a
/// certification valid on that day whose latest event up to then made it LISTED.
pub fn certified_from(
    steps: &[ProductStep],
    moments: &[(Uuid, DateTime<Utc>)],
) -> HashMap<(Uuid, DateTime<Utc>), bool> {
    let day_of = |at: DateTime<Utc>| {
        at.with_timezone(&kernel::clock::CAMPAIGN_OFFSET)
            .date_naive()
    };
    let mut answers = HashMap::with_capacity(moments.len());
    for &(product_id, at) in moments {
        let day = day_of(at);
        // Each valid certification's state at `at` is its latest event up to then.
        let mut latest: HashMap<Uuid, (DateTime<Utc>, Uuid, State)> = HashMap::new();
        for step in steps {
            let (Some(certification), Some(event), Some(event_at), Some(state)) = (
                step.certification_id,
                step.event_id,
                step.event_at,
                step.to_state,
            ) else {
                continue;
            };
            let valid = step.product_id == product_id
                && step.valid_from.is_some_and(|f| f <= day)
                && step.valid_to.is_some_and(|t| t >= day);
            if event_at > at || !valid {
                continue;
            }
            let slot = latest
                .entry(certification)
                .or_insert((event_at, event, state));
            if (event_at, event) > (slot.0, slot.1) {
                *slot = (event_at, event, state);
            }
        }
        let listed = latest.values().any(|(_, _, s)| *s == State::Listed);
        answers.insert((product_id, at), listed);
    }
    answers
}

/// Was the product certified on this day (at its end, on the campaign's calendar)?
pub async fn certified_on(
    conn: &impl ConnectionTrait,
    product_id: Uuid,
    day: NaiveDate,
) -> DomainResult<bool> {
    let end = day
        .and_hms_opt(23, 59, 59)
        .and_then(|t| {
            t.and_local_timezone(kernel::clock::CAMPAIGN_OFFSET)
                .single()
        })
        .map(|t| t.with_timezone(&Utc));
    match end {
        Some(end) => certified_at(conn, product_id, end).await,
        None => Ok(false),
    }
}
