//! 回调地址: subscribers register, change, rotate, pause and remove their endpoints.
//!
//! Who subscribes: an enterprise (its admins or its APP credential), an association, a
//! supplier, or the platform. An endpoint belongs to the organisation of whoever registered it
//! and receives events as that role would read them (see [`crate::scope`]); an organisation
//! sees and changes only its own endpoints (the platform: the platform's), and another
//! organisation's endpoint is `NotFound`.

use chrono::{DateTime, TimeDelta, Utc};
use kernel::error::{Problems, codes, optional_text};
use kernel::lookup;
use kernel::page::{self, Page, PageSpec};
use kernel::{Actor, Clock, DomainError, DomainResult, EventType, Message, Role};
use participants::access::require_role;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseTransaction, EntityTrait,
    PaginatorTrait, QueryFilter, Set,
};
use uuid::Uuid;

use crate::WebhookErrorCode as Code;
use crate::address::{self, Policy};
use crate::entity::attempt::{self, AttemptStatus};
use crate::entity::endpoint::{ActiveModel, Column, Entity, Model};
use crate::secret::{SecretKey, SigningSecret};

/// The roles that subscribe.
pub const SUBSCRIBERS: [Role; 5] = [
    Role::PlatformAdmin,
    Role::AssociationAdmin,
    Role::EnterpriseAdmin,
    Role::EnterpriseApp,
    Role::Supplier,
];
/// Endpoints one organisation may have.
pub const MAX_ENDPOINTS: u64 = 20;
/// The longest overlap of a rotation, in which the old secret still signs.
pub const MAX_OVERLAP: TimeDelta = TimeDelta::days(7);
/// The overlap when none is asked for.
pub const DEFAULT_OVERLAP: TimeDelta = TimeDelta::hours(24);

/// Why an endpoint is disabled, in the words the owner reads in `disabledReason`.
pub mod reasons {
    pub const GONE: &str = "the endpoint answered 410 Gone";
    pub const EXHAUSTED: &str = "deliveries kept failing for more than a day; fix the receiver and enable the endpoint again";
    pub const BY_OWNER: &str = "disabled by its owner";
}

/// The endpoints an actor owns, as a condition.
pub fn owned(actor: &Actor) -> Condition {
    let only = |c| Condition::all().add(c);
    let none_of = || {
        Condition::all()
            .add(Column::EnterpriseId.is_null())
            .add(Column::AssociationId.is_null())
            .add(Column::SupplierId.is_null())
    };
    match actor.role {
        Role::PlatformAdmin => none_of(),
        Role::EnterpriseAdmin | Role::EnterpriseApp => actor
            .enterprise_id()
            .map_or_else(participants::access::never, |e| {
                only(Column::EnterpriseId.eq(e))
            }),
        Role::AssociationAdmin => actor
            .association_id()
            .map_or_else(participants::access::never, |a| {
                only(Column::AssociationId.eq(a))
            }),
        Role::Supplier => actor
            .supplier_id()
            .map_or_else(participants::access::never, |s| {
                only(Column::SupplierId.eq(s))
            }),
        _ => participants::access::never(),
    }
}

/// The event types an endpoint subscribes to.
pub fn event_types(e: &Model) -> Vec<EventType> {
    e.event_types
        .split(',')
        .filter_map(|t| t.trim().parse().ok())
        .collect()
}

fn join_types(types: &[EventType]) -> DomainResult<String> {
    let mut types = types.to_vec();
    types.sort();
    types.dedup();
    if types.is_empty() {
        return Err(DomainError::invalid(
            &["eventTypes"],
            codes::BLANK,
            Message::new("至少选择一种事件", "choose at least one event type"),
        ));
    }
    Ok(types
        .iter()
        .map(|t| t.as_str())
        .collect::<Vec<_>>()
        .join(","))
}

/// A URL checked in form and, in production, by the addresses its host resolves to now. Call
/// it before the write transaction: it may wait for DNS.
pub async fn checked_url(raw: &str, policy: Policy) -> DomainResult<String> {
    let url = address::check_url(raw, policy)?;
    if policy == Policy::Production {
        address::check_addresses(policy, &address::resolve(&url).await?)?;
    }
    Ok(url.to_string())
}

/// A new endpoint's settings (the URL already through [`checked_url`]).
#[derive(Debug, Clone)]
pub struct NewEndpoint {
    pub url: String,
    pub event_types: Vec<EventType>,
    pub description: Option<String>,
}

/// Registers an endpoint; returns it with its secret, which is shown this once.
pub async fn register(
    txn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    key: &SecretKey,
    new: NewEndpoint,
) -> DomainResult<(Model, SigningSecret)> {
    require_role(actor, &SUBSCRIBERS)?;
    let mut problems = Problems::new();
    let types = problems.take(join_types(&new.event_types).map_err(single));
    let description = problems
        .take(optional_text(
            &["description"],
            new.description.as_deref(),
            500,
        ))
        .flatten();
    problems.finish()?;
    let count = Entity::find().filter(owned(actor)).count(txn).await?;
    if count >= MAX_ENDPOINTS {
        return Err(DomainError::invalid(
            &["url"],
            Code::TooManyEndpoints.as_str(),
            Message::new(
                format!("最多 {MAX_ENDPOINTS} 个回调地址"),
                format!("at most {MAX_ENDPOINTS} endpoints"),
            ),
        ));
    }
    let id = kernel::new_id();
    let secret = SigningSecret::generate();
    let now = clock.now();
    let org = |kind| actor.org.filter(|o| o.kind == kind).map(|o| o.id);
    let model = ActiveModel {
        id: Set(id),
        role: Set(actor.role.as_str().to_owned()),
        enterprise_id: Set(org(kernel::OrgKind::Enterprise)),
        association_id: Set(org(kernel::OrgKind::Association)),
        supplier_id: Set(org(kernel::OrgKind::Supplier)),
        url: Set(new.url),
        description: Set(description),
        event_types: Set(types.unwrap_or_default()),
        secret: Set(key.seal(id, &secret)),
        previous_secret: Set(None),
        previous_secret_until: Set(None),
        disabled_at: Set(None),
        disabled_reason: Set(None),
        created_by: Set(actor.subject.clone()),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(txn)
    .await?;
    Ok((model, secret))
}

fn single(e: DomainError) -> kernel::Problem {
    match e {
        DomainError::Invalid(mut p) if !p.is_empty() => p.remove(0),
        _ => kernel::Problem::new(&[], codes::INVALID, Message::new("无效", "invalid")),
    }
}

/// Changes to an endpoint; `None` keeps the value.
#[derive(Debug, Clone, Default)]
pub struct EndpointChanges {
    pub url: Option<String>,
    pub event_types: Option<Vec<EventType>>,
    pub description: Option<Option<String>>,
}

/// One of the actor's endpoints.
pub async fn get(conn: &impl ConnectionTrait, actor: &Actor, id: Uuid) -> DomainResult<Model> {
    require_role(actor, &SUBSCRIBERS)?;
    lookup::one(conn, Entity::find().filter(owned(actor)), Column::Id, id).await
}

/// [`get`] of many ids at once, in one statement: those the actor may see.
pub async fn get_many(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    ids: &[Uuid],
) -> DomainResult<Vec<Model>> {
    require_role(actor, &SUBSCRIBERS)?;
    lookup::many(conn, Entity::find().filter(owned(actor)), Column::Id, ids).await
}

/// The actor's endpoints, oldest first.
pub async fn list(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    spec: PageSpec,
) -> DomainResult<Page<Model>> {
    require_role(actor, &SUBSCRIBERS)?;
    page::paginate(
        conn,
        Entity::find().filter(owned(actor)),
        Column::Id,
        spec,
        |m| m.id,
    )
    .await
}

pub async fn count(conn: &impl ConnectionTrait, actor: &Actor) -> DomainResult<u64> {
    require_role(actor, &SUBSCRIBERS)?;
    page::count(conn, Entity::find().filter(owned(actor))).await
}

pub async fn update(
    txn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    id: Uuid,
    changes: EndpointChanges,
) -> DomainResult<Model> {
    let current = get(txn, actor, id).await?;
    let mut problems = Problems::new();
    let types = match &changes.event_types {
        Some(t) => problems.take(join_types(t).map_err(single)),
        None => Some(current.event_types.clone()),
    };
    let description = match &changes.description {
        Some(d) => problems
            .take(optional_text(&["description"], d.as_deref(), 500))
            .flatten(),
        None => current.description.clone(),
    };
    problems.finish()?;
    let mut m: ActiveModel = current.into();
    if let Some(url) = changes.url {
        m.url = Set(url);
    }
    m.event_types = Set(types.unwrap_or_default());
    m.description = Set(description);
    m.updated_at = Set(clock.now());
    Ok(m.update(txn).await?)
}

/// Rotates the secret: a new one signs from now on, the old one beside it for `overlap`
/// (default a day, at most a week), so receivers can switch without missing a delivery.
pub async fn rotate_secret(
    txn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    key: &SecretKey,
    id: Uuid,
    overlap: Option<TimeDelta>,
) -> DomainResult<(Model, SigningSecret)> {
    let overlap = overlap.unwrap_or(DEFAULT_OVERLAP);
    if overlap < TimeDelta::zero() || overlap > MAX_OVERLAP {
        return Err(DomainError::invalid(
            &["overlapSeconds"],
            codes::OUT_OF_RANGE,
            Message::new("重叠期为 0 到 7 天", "the overlap is 0 to 7 days"),
        ));
    }
    let current = get(txn, actor, id).await?;
    let secret = SigningSecret::generate();
    let now = clock.now();
    let mut m: ActiveModel = current.clone().into();
    m.previous_secret = Set((overlap > TimeDelta::zero()).then(|| current.secret.clone()));
    m.previous_secret_until = Set((overlap > TimeDelta::zero()).then(|| now + overlap));
    m.secret = Set(key.seal(id, &secret));
    m.updated_at = Set(now);
    Ok((m.update(txn).await?, secret))
}

/// The secrets that sign a delivery sent `now`: the current one, and the previous one while
/// its overlap lasts.
pub fn signing_secrets(
    key: &SecretKey,
    e: &Model,
    now: DateTime<Utc>,
) -> Result<Vec<SigningSecret>, crate::secret::Unsealable> {
    let mut secrets = vec![key.open(e.id, &e.secret)?];
    if let (Some(previous), Some(until)) = (&e.previous_secret, e.previous_secret_until)
        && now < until
    {
        secrets.push(key.open(e.id, previous)?);
    }
    Ok(secrets)
}

/// Disables an endpoint with a reason its owner reads; pending attempts wait.
pub async fn disable(
    conn: &impl ConnectionTrait,
    id: Uuid,
    at: DateTime<Utc>,
    reason: &str,
) -> DomainResult<()> {
    Entity::update_many()
        .col_expr(Column::DisabledAt, Expr::value(at))
        .col_expr(Column::DisabledReason, Expr::value(reason))
        .col_expr(Column::UpdatedAt, Expr::value(at))
        .filter(Column::Id.eq(id))
        .filter(Column::DisabledAt.is_null())
        .exec(conn)
        .await?;
    Ok(())
}

/// The owner pauses its endpoint.
pub async fn disable_by_owner(
    txn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    id: Uuid,
) -> DomainResult<Model> {
    get(txn, actor, id).await?;
    disable(txn, id, clock.now(), reasons::BY_OWNER).await?;
    get(txn, actor, id).await
}

/// Enables an endpoint again; attempts that waited (or were given up while it failed) are
/// due at once.
pub async fn enable(
    txn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    id: Uuid,
) -> DomainResult<Model> {
    let current = get(txn, actor, id).await?;
    if current.disabled_at.is_none() {
        return Err(DomainError::invalid(
            &["id"],
            Code::InvalidTransition.as_str(),
            Message::new("该回调地址未停用", "the endpoint is not disabled"),
        ));
    }
    let now = clock.now();
    let mut m: ActiveModel = current.into();
    m.disabled_at = Set(None);
    m.disabled_reason = Set(None);
    m.updated_at = Set(now);
    let model = m.update(txn).await?;
    attempt::Entity::update_many()
        .col_expr(attempt::Column::NextAt, Expr::value(now))
        .col_expr(attempt::Column::Tries, Expr::value(0))
        .filter(attempt::Column::EndpointId.eq(id))
        .filter(attempt::Column::Status.eq(AttemptStatus::Pending))
        .exec(txn)
        .await?;
    Ok(model)
}

/// Removes an endpoint with its attempts and log.
pub async fn delete(txn: &DatabaseTransaction, actor: &Actor, id: Uuid) -> DomainResult<Uuid> {
    get(txn, actor, id).await?;
    crate::entity::delivery::Entity::delete_many()
        .filter(crate::entity::delivery::Column::EndpointId.eq(id))
        .exec(txn)
        .await?;
    attempt::Entity::delete_many()
        .filter(attempt::Column::EndpointId.eq(id))
        .exec(txn)
        .await?;
    Entity::delete_by_id(id).exec(txn).await?;
    Ok(id)
}

#[cfg(test)]
mod table_tests {
    use super::SUBSCRIBERS;
    use kernel::Role;
    use participants::access::{Object, Reach, reads, writes};

    #[test]
    fn the_subscribers_are_the_roles_the_tenant_table_lets_keep_endpoints() {
        for role in Role::ALL {
            let subscribes = SUBSCRIBERS.contains(&role);
            assert_eq!(writes(role, Object::WebhookEndpoint), subscribes, "{role}");
            let reach = if subscribes {
                Reach::Own
            } else {
                Reach::Nothing
            };
            assert_eq!(reads(role, Object::WebhookEndpoint), reach, "{role}");
        }
    }
}
