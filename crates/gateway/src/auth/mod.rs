//! Authentication: HS256 JWTs ([`jwt`]) and API credentials of companies' APP backends
//! (`yjk_…`, [`credentials`]). Either way the result is a [`kernel::Actor`]. A resident's token
//! issued through an APP credential is accepted only while that credential is live.

pub mod credentials;
pub mod jwt;

use kernel::{Actor, GlobalId, OrgKind, OrgRef, Role};
use uuid::Uuid;

pub use credentials::CredentialCache;
pub use jwt::{Claims, JwtKeys, Verified};

use crate::state::AppState;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    #[error("the token is malformed, expired, or not signed by a key this server accepts")]
    InvalidToken,
    #[error("the token's claims do not describe a valid caller")]
    InvalidClaims,
    #[error("the token lives longer than its role allows, or was issued in the future")]
    LifetimeTooLong,
    #[error("the API credential is unknown, expired or revoked")]
    InvalidCredential,
    #[error("authentication could not be checked")]
    Unavailable,
}

/// Resolves a bearer credential: an API credential (`yjk_…`) or a JWT.
pub async fn authenticate(state: &AppState, bearer: &str) -> Result<Actor, AuthError> {
    if bearer.starts_with(participants::credential::SECRET_PREFIX) {
        let credential = state
            .credentials
            .by_secret(&state.db, &state.clock, bearer)
            .await?
            .ok_or(AuthError::InvalidCredential)?;
        let org = OrgRef {
            kind: OrgKind::Enterprise,
            id: credential.enterprise_id,
        };
        return Actor::new(
            format!("credential:{}", credential.id),
            Role::EnterpriseApp,
            Some(org),
            None,
        )
        .map_err(|_| AuthError::InvalidClaims);
    }
    let Verified { actor, via } = state.keys.verify(bearer)?;
    if let Some(credential) = via
        && !state
            .credentials
            .is_live(&state.db, &state.clock, credential)
            .await?
    {
        return Err(AuthError::InvalidCredential);
    }
    Ok(actor)
}

/// The API credential an actor speaks for, if it is an APP backend authenticated by one.
pub fn credential_of(actor: &Actor) -> Option<Uuid> {
    actor
        .subject
        .strip_prefix("credential:")
        .and_then(|id| id.parse().ok())
}

/// The global-id form of a household, for `hh` claims.
pub fn household_gid(id: Uuid) -> String {
    GlobalId::new("Household", id).to_string()
}
