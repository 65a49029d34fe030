//! Authentication: HS256 JWTs (the algorithm fixed by the server, never taken from the token;
//! `iss`, `aud` and `exp` always required; keys rotated by `kid`) and API credentials of
//! companies' APP backends. Either way the result is a [`kernel::Actor`].

use std::collections::HashMap;
use std::time::Duration;

use jsonwebtoken::{
    Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, decode_header, encode,
};
use kernel::{Actor, Clock, GlobalId, OrgKind, OrgRef, Role};
use sea_orm::DatabaseConnection;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::config::{JwtConfig, secret_bytes};

/// Clock skew tolerated on `exp` and `nbf`.
const LEEWAY_SECS: u64 = 30;

/// The claims yijin reads and writes.
#[derive(Debug, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    pub role: String,
    /// The organisation the role acts for, as a global id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org: Option<String>,
    /// For residents: the household, as a global id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hh: Option<String>,
    pub iss: String,
    pub aud: String,
    pub exp: u64,
    pub iat: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    #[error("the token is malformed, expired, or not signed by a key this server accepts")]
    InvalidToken,
    #[error("the token's claims do not describe a valid caller")]
    InvalidClaims,
    #[error("the API credential is unknown, expired or revoked")]
    InvalidCredential,
    #[error("authentication could not be checked")]
    Unavailable,
}

pub struct JwtKeys {
    kid: String,
    encoding: EncodingKey,
    decoding: HashMap<String, DecodingKey>,
    validation: Validation,
    issuer: String,
    audience: String,
}

impl JwtKeys {
    pub fn new(config: &JwtConfig) -> Self {
        let mut decoding = HashMap::new();
        decoding.insert(
            config.kid.clone(),
            DecodingKey::from_secret(secret_bytes(&config.secret)),
        );
        for (kid, secret) in &config.previous {
            decoding.insert(kid.clone(), DecodingKey::from_secret(secret_bytes(secret)));
        }
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[config.issuer.as_str()]);
        validation.set_audience(&[config.audience.as_str()]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.leeway = LEEWAY_SECS;
        validation.validate_nbf = true;
        Self {
            kid: config.kid.clone(),
            encoding: EncodingKey::from_secret(secret_bytes(&config.secret)),
            decoding,
            validation,
            issuer: config.issuer.clone(),
            audience: config.audience.clone(),
        }
    }

    /// Signs a token for `actor`, valid for `ttl` from the clock's now.
    pub fn mint(&self, actor: &Actor, ttl: Duration, clock: &Clock) -> Result<String, AuthError> {
        let now = u64::try_from(clock.now().timestamp()).unwrap_or(0);
        let claims = Claims {
            sub: actor.subject.clone(),
            role: actor.role.as_str().to_owned(),
            org: actor
                .org
                .map(|o| GlobalId::new(o.kind.type_name(), o.id).to_string()),
            hh: actor
                .household
                .map(|h| GlobalId::new("Household", h).to_string()),
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
            exp: now + ttl.as_secs(),
            iat: now,
        };
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some(self.kid.clone());
        encode(&header, &claims, &self.encoding).map_err(|_| AuthError::InvalidToken)
    }

    /// Verifies a token and turns its claims into an actor. A token without `kid` is checked
    /// against the current key only.
    pub fn verify(&self, token: &str) -> Result<Actor, AuthError> {
        let header = decode_header(token).map_err(|_| AuthError::InvalidToken)?;
        if header.alg != Algorithm::HS256 {
            return Err(AuthError::InvalidToken);
        }
        let kid = header.kid.as_deref().unwrap_or(&self.kid);
        let key = self.decoding.get(kid).ok_or(AuthError::InvalidToken)?;
        let data =
            decode::<Claims>(token, key, &self.validation).map_err(|_| AuthError::InvalidToken)?;
        actor_from_claims(&data.claims)
    }
}

fn actor_from_claims(claims: &Claims) -> Result<Actor, AuthError> {
    let role: Role = claims.role.parse().map_err(|_| AuthError::InvalidClaims)?;
    let org = match claims.org.as_deref() {
        None => None,
        Some(gid) => {
            let g = GlobalId::parse_any(gid, &OrgKind::TYPE_NAMES)
                .map_err(|_| AuthError::InvalidClaims)?;
            let kind = OrgKind::from_type_name(g.type_name).ok_or(AuthError::InvalidClaims)?;
            Some(OrgRef { kind, id: g.id })
        }
    };
    let household = match claims.hh.as_deref() {
        None => None,
        Some(gid) => {
            Some(GlobalId::parse_as(gid, "Household").map_err(|_| AuthError::InvalidClaims)?)
        }
    };
    Actor::new(claims.sub.clone(), role, org, household).map_err(|_| AuthError::InvalidClaims)
}

/// Resolves a bearer credential: an API credential (`yjk_…`) or a JWT.
pub async fn authenticate(
    keys: &JwtKeys,
    db: &DatabaseConnection,
    clock: &Clock,
    bearer: &str,
) -> Result<Actor, AuthError> {
    if bearer.starts_with(participants::credential::SECRET_PREFIX) {
        let credential = participants::credential::authenticate(db, clock, bearer)
            .await
            .map_err(|e| {
                tracing::error!(error = %e, "credential lookup failed");
                AuthError::Unavailable
            })?
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
    keys.verify(bearer)
}

/// The global-id form of a household, for `hh` claims.
pub fn household_gid(id: Uuid) -> String {
    GlobalId::new("Household", id).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::SecretString;

    fn config(secret: &str, kid: &str) -> JwtConfig {
        JwtConfig {
            secret: SecretString::from(secret.to_owned()),
            kid: kid.into(),
            previous: Vec::new(),
            issuer: "yijin".into(),
            audience: "yijin-api".into(),
        }
    }

    fn admin() -> Actor {
        Actor::new("ops", Role::PlatformAdmin, None, None).unwrap()
    }

    #[test]
    fn minted_tokens_verify() {
        let keys = JwtKeys::new(&config("a-secret-of-at-least-thirty-two-bytes!", "k1"));
        let token = keys
            .mint(&admin(), Duration::from_secs(60), &Clock::System)
            .unwrap();
        assert_eq!(keys.verify(&token).unwrap(), admin());
    }

    #[test]
    fn tokens_of_a_rotated_key_verify_while_it_is_listed() {
        let old = JwtKeys::new(&config("the-old-secret-of-thirty-two-bytes!!", "k0"));
        let token = old
            .mint(&admin(), Duration::from_secs(60), &Clock::System)
            .unwrap();
        let mut new_config = config("the-new-secret-of-thirty-two-bytes!!", "k1");
        assert_eq!(
            JwtKeys::new(&new_config).verify(&token),
            Err(AuthError::InvalidToken)
        );
        new_config.previous.push((
            "k0".into(),
            SecretString::from("the-old-secret-of-thirty-two-bytes!!".to_owned()),
        ));
        assert_eq!(JwtKeys::new(&new_config).verify(&token).unwrap(), admin());
    }

    #[test]
    fn expired_and_foreign_tokens_are_rejected() {
        let keys = JwtKeys::new(&config("a-secret-of-at-least-thirty-two-bytes!", "k1"));
        let long_ago = Clock::Fixed(chrono::Utc::now() - chrono::Duration::hours(2));
        let expired = keys
            .mint(&admin(), Duration::from_secs(60), &long_ago)
            .unwrap();
        assert_eq!(keys.verify(&expired), Err(AuthError::InvalidToken));
        let other = JwtKeys::new(&config("another-secret-of-thirty-two-bytes!!", "k1"));
        let forged = other
            .mint(&admin(), Duration::from_secs(60), &Clock::System)
            .unwrap();
        assert_eq!(keys.verify(&forged), Err(AuthError::InvalidToken));
        assert_eq!(keys.verify("not.a.token"), Err(AuthError::InvalidToken));
    }

    #[test]
    fn unsigned_tokens_are_rejected() {
        let keys = JwtKeys::new(&config("a-secret-of-at-least-thirty-two-bytes!", "k1"));
        // {"alg":"none","typ":"JWT"} . {"sub":"x","role":"PLATFORM_ADMIN",...}
        let none = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJ4Iiwicm9sZSI6IlBMQVRGT1JNX0FETUlOIiwiaXNzIjoieWlqaW4iLCJhdWQiOiJ5aWppbi1hcGkiLCJleHAiOjk5OTk5OTk5OTksImlhdCI6MH0.";
        assert_eq!(keys.verify(none), Err(AuthError::InvalidToken));
    }
}
