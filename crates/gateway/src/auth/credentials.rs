//! API credentials as the gateway sees them: looked up at most once a second per credential,
//! so that a busy APP backend does not cost a database round trip per request, while a
//! revocation takes effect at once on the instance that revoked it ([`CredentialCache::forget`])
//! and within [`FRESH_FOR`] on every other.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use kernel::Clock;
use participants::entity::api_credential::Model;
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::AuthError;

/// How long a lookup is trusted.
pub const FRESH_FOR: Duration = Duration::from_secs(1);
/// Entries kept at most; unknown secrets are cached too (so guessing does not reach the
/// database each time), which is why the map is bounded.
const MAX_ENTRIES: usize = 10_000;

#[derive(Default)]
pub struct CredentialCache {
    by_secret: Mutex<HashMap<String, (Option<Model>, Instant)>>,
    live: Mutex<HashMap<Uuid, (bool, Instant)>>,
}

fn bounded<K, V>(map: &mut HashMap<K, (V, Instant)>, now: Instant) {
    if map.len() >= MAX_ENTRIES {
        map.retain(|_, (_, at)| now.duration_since(*at) < FRESH_FOR);
        if map.len() >= MAX_ENTRIES {
            map.clear();
        }
    }
}

impl CredentialCache {
    /// The live credential with this secret, or `None`.
    pub async fn by_secret(
        &self,
        db: &DatabaseConnection,
        clock: &Clock,
        secret: &str,
    ) -> Result<Option<Model>, AuthError> {
        let hash = participants::credential::hash_secret(secret);
        let now = Instant::now();
        let cached = self
            .by_secret
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&hash)
            .filter(|(_, at)| now.duration_since(*at) < FRESH_FOR)
            .map(|(model, _)| model.clone());
        let found = match cached {
            Some(found) => found,
            None => {
                let found = participants::credential::authenticate(db, clock, secret)
                    .await
                    .map_err(|e| {
                        tracing::error!(error = %e, "credential lookup failed");
                        AuthError::Unavailable
                    })?;
                let mut map = self
                    .by_secret
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner);
                bounded(&mut map, now);
                map.insert(hash, (found.clone(), now));
                found
            }
        };
        // Expiry moves with the clock, not with the cache.
        let at = clock.now();
        Ok(found.filter(|c| c.revoked_at.is_none() && c.expires_at.is_none_or(|t| t > at)))
    }

    /// Whether the credential with this id is live (neither revoked nor expired).
    pub async fn is_live(
        &self,
        db: &DatabaseConnection,
        clock: &Clock,
        id: Uuid,
    ) -> Result<bool, AuthError> {
        let now = Instant::now();
        let cached = self
            .live
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&id)
            .filter(|(_, at)| now.duration_since(*at) < FRESH_FOR)
            .map(|(live, _)| *live);
        if let Some(live) = cached {
            return Ok(live);
        }
        let live = participants::credential::is_live(db, clock, id)
            .await
            .map_err(|e| {
                tracing::error!(error = %e, "credential lookup failed");
                AuthError::Unavailable
            })?;
        let mut map = self.live.lock().unwrap_or_else(PoisonError::into_inner);
        bounded(&mut map, now);
        map.insert(id, (live, now));
        Ok(live)
    }

    /// Drops what is known of a credential (it was just revoked here).
    pub fn forget(&self, id: Uuid) {
        self.live
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&id);
        self.by_secret
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .retain(|_, (model, _)| model.as_ref().is_none_or(|m| m.id != id));
    }
}
