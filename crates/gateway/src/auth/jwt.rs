//! HS256 JWTs: the algorithm fixed by the server, never taken from the token; `iss`, `aud`,
//! `exp`, `iat` and `sub` always required; keys rotated by `kid`; a token lives no longer than
//! its role allows, however far ahead its `exp` says.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use jsonwebtoken::{
    Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, decode_header, encode,
};
use kernel::{Actor, Clock, GlobalId, OrgKind, OrgRef, Role};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::AuthError;
use crate::config::{JwtConfig, TokenLifetimes, secret_bytes};

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
    /// For residents' tokens issued by a company's APP: the API credential that issued it, as a
    /// global id. The token dies with the credential.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
    pub iss: String,
    pub aud: String,
    pub exp: u64,
    pub iat: u64,
}

/// A verified token: who calls, and through which API credential if one issued it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub actor: Actor,
    pub via: Option<Uuid>,
}

pub struct JwtKeys {
    kid: String,
    encoding: EncodingKey,
    decoding: HashMap<String, DecodingKey>,
    validation: Validation,
    issuer: String,
    audience: String,
    lifetimes: TokenLifetimes,
    /// Tokens already verified, with their `exp`: an APP backend or a resident sends the same
    /// token for hours, and its signature, header and claims do not change in between. Only
    /// expiry moves with time, and it is checked on every use.
    verified: Mutex<HashMap<String, (Verified, u64)>>,
}

/// Verified tokens remembered at most; past it the memory starts afresh.
const MAX_VERIFIED: usize = 10_000;

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
        validation.set_required_spec_claims(&["exp", "iat", "iss", "aud", "sub"]);
        validation.leeway = LEEWAY_SECS;
        validation.validate_nbf = true;
        Self {
            kid: config.kid.clone(),
            encoding: EncodingKey::from_secret(secret_bytes(&config.secret)),
            decoding,
            validation,
            issuer: config.issuer.clone(),
            audience: config.audience.clone(),
            lifetimes: config.lifetimes.clone(),
            verified: Mutex::new(HashMap::new()),
        }
    }

    /// The longest a token of `role` may live.
    pub fn max_lifetime(&self, role: Role) -> Duration {
        self.lifetimes.max_for(role)
    }

    /// Signs a token for `actor`, valid for `ttl` from the clock's now.
    pub fn mint(&self, actor: &Actor, ttl: Duration, clock: &Clock) -> Result<String, AuthError> {
        self.mint_via(actor, ttl, clock, None)
    }

    /// Signs a token for `actor` that lives only as long as the API credential `via`.
    pub fn mint_via(
        &self,
        actor: &Actor,
        ttl: Duration,
        clock: &Clock,
        via: Option<Uuid>,
    ) -> Result<String, AuthError> {
        if ttl > self.max_lifetime(actor.role) {
            return Err(AuthError::LifetimeTooLong);
        }
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
            via: via.map(|c| GlobalId::new("ApiCredential", c).to_string()),
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
    pub fn verify(&self, token: &str) -> Result<Verified, AuthError> {
        let now = jsonwebtoken::get_current_timestamp();
        let leeway = self.validation.leeway;
        {
            let verified = self.verified.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some((known, exp)) = verified.get(token) {
                // What `decode` would say of the same token now: only `exp` can have changed.
                return if *exp < now.saturating_sub(leeway) {
                    Err(AuthError::InvalidToken)
                } else {
                    Ok(known.clone())
                };
            }
        }
        let (verified, exp) = self.verify_signed(token)?;
        let mut known = self.verified.lock().unwrap_or_else(PoisonError::into_inner);
        if known.len() >= MAX_VERIFIED {
            known.clear();
        }
        known.insert(token.to_owned(), (verified.clone(), exp));
        Ok(verified)
    }

    /// [`Self::verify`] the long way: header, signature, claims, lifetime.
    fn verify_signed(&self, token: &str) -> Result<(Verified, u64), AuthError> {
        let header = decode_header(token).map_err(|_| AuthError::InvalidToken)?;
        if header.alg != Algorithm::HS256 {
            return Err(AuthError::InvalidToken);
        }
        let kid = header.kid.as_deref().unwrap_or(&self.kid);
        let key = self.decoding.get(kid).ok_or(AuthError::InvalidToken)?;
        let data =
            decode::<Claims>(token, key, &self.validation).map_err(|_| AuthError::InvalidToken)?;
        let claims = data.claims;
        let actor = actor_from_claims(&claims)?;
        // `iat` in the future is a forged or mis-clocked issuer; a span from `iat` to `exp`
        // longer than the role allows was not issued under this policy.
        let now = jsonwebtoken::get_current_timestamp();
        let leeway = self.validation.leeway;
        let max = self.max_lifetime(actor.role).as_secs();
        if claims.iat > now.saturating_add(leeway)
            || claims.exp.saturating_sub(claims.iat) > max.saturating_add(leeway)
        {
            return Err(AuthError::LifetimeTooLong);
        }
        let via = match claims.via.as_deref() {
            None => None,
            Some(gid) => Some(
                GlobalId::parse_as(gid, "ApiCredential").map_err(|_| AuthError::InvalidClaims)?,
            ),
        };
        Ok((Verified { actor, via }, claims.exp))
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
            lifetimes: TokenLifetimes::default(),
        }
    }

    fn admin() -> Actor {
        Actor::new("ops", Role::PlatformAdmin, None, None).unwrap()
    }

    #[test]
    fn a_remembered_token_still_expires() {
        let keys = JwtKeys::new(&config("a-secret-of-at-least-thirty-two-bytes!", "k1"));
        let issued = chrono::Utc::now() - chrono::TimeDelta::seconds(LEEWAY_SECS as i64);
        let token = keys
            .mint(&admin(), Duration::from_secs(2), &Clock::Fixed(issued))
            .unwrap();
        assert_eq!(keys.verify(&token).unwrap().actor, admin());
        assert_eq!(keys.verify(&token).unwrap().actor, admin());
        std::thread::sleep(std::time::Duration::from_secs(3));
        assert_eq!(keys.verify(&token), Err(AuthError::InvalidToken));
    }

    #[test]
    fn minted_tokens_verify() {
        let keys = JwtKeys::new(&config("a-secret-of-at-least-thirty-two-bytes!", "k1"));
        let token = keys
            .mint(&admin(), Duration::from_secs(60), &Clock::System)
            .unwrap();
        assert_eq!(keys.verify(&token).unwrap().actor, admin());
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
        assert_eq!(
            JwtKeys::new(&new_config).verify(&token).unwrap().actor,
            admin()
        );
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

    /// Signs arbitrary claims with the server's own key, as a leaked or buggy issuer might.
    fn signed(secret: &str, claims: &serde_json::Value) -> String {
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some("k1".into());
        encode(
            &header,
            claims,
            &EncodingKey::from_secret(secret.as_bytes()),
        )
        .unwrap()
    }

    #[test]
    fn a_token_may_not_outlive_its_role() {
        let secret = "a-secret-of-at-least-thirty-two-bytes!";
        let keys = JwtKeys::new(&config(secret, "k1"));
        let max = keys.max_lifetime(Role::PlatformAdmin);
        assert_eq!(
            keys.mint(&admin(), max + Duration::from_secs(1), &Clock::System),
            Err(AuthError::LifetimeTooLong)
        );
        let now = jsonwebtoken::get_current_timestamp();
        let claims = |iat: u64, exp: u64| {
            serde_json::json!({"sub": "x", "role": "PLATFORM_ADMIN", "iss": "yijin",
                "aud": "yijin-api", "iat": iat, "exp": exp})
        };
        let millennium = signed(secret, &claims(now, now + 1000 * 365 * 86_400));
        assert_eq!(keys.verify(&millennium), Err(AuthError::LifetimeTooLong));
        let from_the_future = signed(secret, &claims(now + 3600, now + 7200));
        assert_eq!(
            keys.verify(&from_the_future),
            Err(AuthError::LifetimeTooLong)
        );
        let without_iat = signed(
            secret,
            &serde_json::json!({"sub": "x", "role": "PLATFORM_ADMIN", "iss": "yijin",
                "aud": "yijin-api", "exp": now + 60}),
        );
        assert_eq!(keys.verify(&without_iat), Err(AuthError::InvalidToken));
        let fine = signed(secret, &claims(now, now + 3600));
        assert_eq!(keys.verify(&fine).unwrap().actor.role, Role::PlatformAdmin);
    }

    #[test]
    fn unsigned_tokens_are_rejected() {
        let keys = JwtKeys::new(&config("a-secret-of-at-least-thirty-two-bytes!", "k1"));
        // {"alg":"none","typ":"JWT"} . {"sub":"x","role":"PLATFORM_ADMIN",...}
        let none = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJ4Iiwicm9sZSI6IlBMQVRGT1JNX0FETUlOIiwiaXNzIjoieWlqaW4iLCJhdWQiOiJ5aWppbi1hcGkiLCJleHAiOjk5OTk5OTk5OTksImlhdCI6MH0.";
        assert_eq!(keys.verify(none), Err(AuthError::InvalidToken));
    }
}
