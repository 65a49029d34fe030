//! API credentials (API 凭证) for a company's APP backend: named, shown once, stored as a
//! SHA-256 hash with only the last four characters kept, with expiry, last use and revocation.

use chrono::{DateTime, Duration, Utc};
use kernel::error::{Problems, required_text};
use kernel::lookup;
use kernel::{Actor, Clock, DomainError, DomainResult, Message, Problem, Role, error::codes};
use rand::RngCore;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, Select, Set,
};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::ParticipantErrorCode as Code;
use crate::access::{Object, Owner, readable, require_role, writable_enterprise};
use crate::entity::api_credential::{self, Column, Entity, Model};

/// Every secret starts with this, so a leaked one is recognisable in a scanner and the
/// gateway can tell a credential from a JWT without trying to decode it.
pub const SECRET_PREFIX: &str = "yjk_";

/// Last use is written at most this often, so authenticating is not a write per request.
const LAST_USED_GRANULARITY: Duration = Duration::seconds(60);

#[derive(Debug, Clone)]
pub struct CredentialInput {
    pub enterprise_id: Option<Uuid>,
    pub name: String,
    pub expires_at: Option<DateTime<Utc>>,
}

/// A new credential and its secret, which is never shown again.
#[derive(Debug, Clone)]
pub struct IssuedCredential {
    pub credential: Model,
    pub secret: String,
}

pub fn hash_secret(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    format!("{SECRET_PREFIX}{}", hex::encode(bytes))
}

pub async fn create(
    conn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    input: CredentialInput,
) -> DomainResult<IssuedCredential> {
    require_role(actor, &[Role::PlatformAdmin, Role::EnterpriseAdmin])?;
    let enterprise_id = writable_enterprise(actor, input.enterprise_id)?;
    crate::enterprise::get(conn, actor, enterprise_id).await?;
    let mut problems = Problems::new();
    let name = problems.take(required_text(&["name"], &input.name, 100));
    let now = clock.now();
    if input.expires_at.is_some_and(|t| t <= now) {
        problems.push(Problem::new(
            &["expiresAt"],
            codes::OUT_OF_RANGE,
            Message::new("过期时间必须晚于现在", "expiry must be in the future"),
        ));
    }
    problems.finish()?;
    let secret = new_secret();
    let last_four = secret[secret.len() - 4..].to_owned();
    let credential = api_credential::ActiveModel {
        id: Set(kernel::new_id()),
        enterprise_id: Set(enterprise_id),
        name: Set(name.unwrap_or_default()),
        secret_hash: Set(hash_secret(&secret)),
        last_four: Set(last_four),
        created_by: Set(actor.subject.clone()),
        created_at: Set(now),
        expires_at: Set(input.expires_at),
        last_used_at: Set(None),
        revoked_at: Set(None),
    }
    .insert(conn)
    .await?;
    Ok(IssuedCredential { credential, secret })
}

pub async fn list(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    enterprise_id: Option<Uuid>,
) -> DomainResult<Vec<Model>> {
    require_role(actor, &[Role::PlatformAdmin, Role::EnterpriseAdmin])?;
    let mut query = Entity::find().order_by_asc(Column::Id);
    match (actor.role, enterprise_id) {
        (Role::PlatformAdmin, None) => {}
        _ => {
            query =
                query.filter(Column::EnterpriseId.eq(writable_enterprise(actor, enterprise_id)?))
        }
    }
    Ok(query.all(conn).await?)
}

pub async fn revoke(
    conn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    id: Uuid,
) -> DomainResult<Model> {
    let current = get(conn, actor, id).await?;
    // Conditional, so that of two revocations at once exactly one records the moment and the
    // other is told the credential is revoked already.
    let revoked = Entity::update_many()
        .col_expr(Column::RevokedAt, Expr::value(clock.now()))
        .filter(Column::Id.eq(current.id))
        .filter(Column::RevokedAt.is_null())
        .exec(conn)
        .await?;
    if revoked.rows_affected == 0 {
        return Err(DomainError::invalid(
            &["id"],
            Code::AlreadyRevoked.as_str(),
            Message::new("该凭证已被吊销", "the credential is revoked already"),
        ));
    }
    Entity::find_by_id(current.id)
        .one(conn)
        .await?
        .ok_or(DomainError::NotFound)
}

/// The live credential with this secret, or `None` (unknown, revoked or expired).
pub async fn authenticate(
    conn: &impl ConnectionTrait,
    clock: &Clock,
    secret: &str,
) -> DomainResult<Option<Model>> {
    let now = clock.now();
    let Some(credential) = Entity::find()
        .filter(Column::SecretHash.eq(hash_secret(secret)))
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    if !is_active(&credential, now) {
        return Ok(None);
    }
    let stale = credential
        .last_used_at
        .is_none_or(|t| now - t >= LAST_USED_GRANULARITY);
    if stale {
        // A bookkeeping write on the read path, outside any use case's transaction: when
        // writers hold the lock it is skipped (the next call records it), never failed.
        let touched = Entity::update_many()
            .col_expr(Column::LastUsedAt, Expr::value(now))
            .filter(Column::Id.eq(credential.id))
            .exec(conn)
            .await;
        match touched.map_err(DomainError::from) {
            Ok(_) => {}
            Err(DomainError::Contention(e)) => {
                tracing::warn!(error = %e, "last-used time of a credential not recorded");
            }
            Err(e) => return Err(e),
        }
    }
    Ok(Some(credential))
}

/// Whether the credential with this id is neither revoked nor expired (tokens it issued live
/// only as long as it does).
pub async fn is_live(conn: &impl ConnectionTrait, clock: &Clock, id: Uuid) -> DomainResult<bool> {
    let now = clock.now();
    Ok(Entity::find_by_id(id)
        .one(conn)
        .await?
        .is_some_and(|c| c.revoked_at.is_none() && c.expires_at.is_none_or(|t| t > now)))
}

/// One credential, for the platform or the owning enterprise's admins (`Object::ApiCredential`).
pub async fn get(conn: &impl ConnectionTrait, actor: &Actor, id: Uuid) -> DomainResult<Model> {
    require_role(actor, &[Role::PlatformAdmin, Role::EnterpriseAdmin])?;
    lookup::one(conn, readable_credentials(actor), Column::Id, id).await
}

/// [`get`] of many ids at once, in one statement: those the actor may see.
pub async fn get_many(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    ids: &[Uuid],
) -> DomainResult<Vec<Model>> {
    require_role(actor, &[Role::PlatformAdmin, Role::EnterpriseAdmin])?;
    lookup::many(conn, readable_credentials(actor), Column::Id, ids).await
}

/// The credentials `actor` may read (the role check is the caller's).
fn readable_credentials(actor: &Actor) -> Select<Entity> {
    Entity::find().filter(readable(
        actor,
        Object::ApiCredential,
        &Owner::new().enterprise(Column::EnterpriseId),
    ))
}

/// Whether a credential authenticates at `now`: not revoked, not expired.
pub fn is_active(credential: &Model, now: DateTime<Utc>) -> bool {
    credential.revoked_at.is_none() && credential.expires_at.is_none_or(|t| t > now)
}
