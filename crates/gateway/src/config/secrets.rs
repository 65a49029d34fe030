//! Secrets and token lifetimes: what the server refuses to start with, in every mode.
//!
//! A weak JWT secret is a platform-admin token for whoever guesses it, so a configured secret
//! must be long and not trivially patterned even in development (where, when none is set, a
//! random one is generated and kept under the data directory). The pseudonym key must differ
//! from every signing key: one leak must not give away both.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::Duration;

use anyhow::{Context, bail};
use kernel::Role;
use secrecy::{ExposeSecret, SecretString};

/// The shortest secret accepted (HS256 wants at least 256 bits of key).
pub const MIN_SECRET_LEN: usize = 32;
/// Fewer distinct characters than this is a pattern, not a key.
const MIN_DISTINCT: usize = 8;

/// Refuses a secret that is short, made of few characters, or one short pattern repeated.
pub fn check_strength(name: &str, secret: &str) -> anyhow::Result<()> {
    let bytes = secret.as_bytes();
    if bytes.len() < MIN_SECRET_LEN {
        bail!("{name} must be at least {MIN_SECRET_LEN} bytes");
    }
    let distinct: HashSet<u8> = bytes.iter().copied().collect();
    if distinct.len() < MIN_DISTINCT {
        bail!(
            "{name} uses only {} distinct characters: use a random secret (e.g. `openssl rand -hex 32`)",
            distinct.len()
        );
    }
    let repeats_a_short_pattern = (1..=bytes.len() / 3)
        .any(|period| bytes.iter().skip(period).zip(bytes).all(|(a, b)| a == b));
    if repeats_a_short_pattern {
        bail!(
            "{name} repeats one short pattern: use a random secret (e.g. `openssl rand -hex 32`)"
        );
    }
    Ok(())
}

/// Refuses the pseudonym key when it equals any signing key.
pub fn check_distinct(
    pseudonym_key: &SecretString,
    signing: &[&SecretString],
) -> anyhow::Result<()> {
    if signing
        .iter()
        .any(|k| k.expose_secret() == pseudonym_key.expose_secret())
    {
        bail!("YIJIN_PSEUDONYM_KEY must differ from YIJIN_JWT_SECRET and YIJIN_JWT_PREVIOUS_KEYS");
    }
    Ok(())
}

/// Development without a configured secret: one, generated once and kept under the data
/// directory, so that `serve` and `mint-token` agree across restarts (and pseudonyms stay
/// stable).
pub fn dev_secret(data_dir: &Path, file: &str) -> anyhow::Result<SecretString> {
    let path = data_dir.join(file);
    if let Ok(existing) = std::fs::read_to_string(&path) {
        let existing = existing.trim().to_owned();
        if check_strength(file, &existing).is_ok() {
            return Ok(SecretString::from(existing));
        }
    }
    std::fs::create_dir_all(data_dir)
        .with_context(|| format!("cannot create data directory {}", data_dir.display()))?;
    let mut bytes = [0u8; 32];
    rand::RngCore::fill_bytes(&mut rand::rng(), &mut bytes);
    let secret = hex::encode(bytes);
    std::fs::write(&path, &secret).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(SecretString::from(secret))
}

/// Exposes a secret's bytes for the JWT library only.
pub fn secret_bytes(secret: &SecretString) -> &[u8] {
    secret.expose_secret().as_bytes()
}

/// The longest a token may live, per role.
///
/// `YIJIN_MAX_TOKEN_TTL_SECS_<ROLE>` (e.g. `YIJIN_MAX_TOKEN_TTL_SECS_REPORTER`) sets one role.
/// Defaults: 12 hours for people acting for an organisation or the platform, 1 day for an APP
/// backend's own JWTs, 7 days for residents (a mini-program session) and reporting tools.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenLifetimes(HashMap<Role, Duration>);

impl Default for TokenLifetimes {
    fn default() -> Self {
        const HOUR: u64 = 3600;
        Self(
            Role::ALL
                .into_iter()
                .map(|role| {
                    let hours = match role {
                        Role::Household | Role::Reporter => 7 * 24,
                        Role::EnterpriseApp => 24,
                        _ => 12,
                    };
                    (role, Duration::from_secs(hours * HOUR))
                })
                .collect(),
        )
    }
}

impl TokenLifetimes {
    pub fn max_for(&self, role: Role) -> Duration {
        self.0
            .get(&role)
            .copied()
            .unwrap_or(Duration::from_secs(3600))
    }

    pub fn set(&mut self, role: Role, max: Duration) {
        self.0.insert(role, max);
    }

    pub fn from_env() -> anyhow::Result<Self> {
        let mut lifetimes = Self::default();
        for role in Role::ALL {
            let name = format!("YIJIN_MAX_TOKEN_TTL_SECS_{}", role.as_str());
            let default = lifetimes.max_for(role).as_secs();
            let secs: u64 = super::parsed(&name, default)?;
            if secs == 0 {
                bail!("{name} must be positive");
            }
            lifetimes.set(role, Duration::from_secs(secs));
        }
        Ok(lifetimes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weak_secrets_are_refused() {
        assert!(check_strength("S", "short").is_err());
        assert!(check_strength("S", &"a".repeat(64)).is_err());
        assert!(
            check_strength("S", &"abcdefghij".repeat(4)).is_err(),
            "a repeated pattern"
        );
        assert!(check_strength("S", &"abababab".repeat(8)).is_err());
        assert!(check_strength("S", "a-test-secret-that-is-long-enough-0123456789").is_ok());
        assert!(
            check_strength(
                "S",
                &hex::encode([
                    7u8, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21,
                    22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32
                ])
            )
            .is_ok()
        );
    }

    #[test]
    fn the_pseudonym_key_must_not_be_a_signing_key() {
        let a = SecretString::from("one".to_owned());
        let b = SecretString::from("two".to_owned());
        assert!(check_distinct(&a, &[&b]).is_ok());
        assert!(check_distinct(&a, &[&b, &a]).is_err());
    }
}
