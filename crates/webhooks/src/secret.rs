//! Endpoint secrets: `whsec_` + base64 of 24 random bytes, shown to the subscriber once, kept
//! sealed at rest with the server's webhook key (XChaCha20-Poly1305, a random nonce per
//! seal, the endpoint id as associated data so a sealed secret cannot be moved to another
//! endpoint's row). A database dump alone signs nothing.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;
use sha2::{Digest, Sha256};
use uuid::Uuid;

const PREFIX: &str = "whsec_";
/// Random bytes in a new secret (Standard Webhooks asks for 24 to 64).
const SECRET_BYTES: usize = 24;
const NONCE_BYTES: usize = 24;
/// Marks the sealing scheme, so that another can follow without guessing.
const SEALED_PREFIX: &str = "v1:";

/// A signing secret (the decoded key). Its `Debug` shows nothing.
#[derive(Clone, PartialEq, Eq)]
pub struct SigningSecret(Vec<u8>);

impl std::fmt::Debug for SigningSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SigningSecret(…)")
    }
}

impl SigningSecret {
    pub fn generate() -> Self {
        let mut bytes = vec![0u8; SECRET_BYTES];
        rand::rng().fill_bytes(&mut bytes);
        Self(bytes)
    }

    /// A `whsec_…` string (or bare base64, as the reference libraries also accept).
    pub fn parse(s: &str) -> Option<Self> {
        let b64 = s.strip_prefix(PREFIX).unwrap_or(s);
        STANDARD
            .decode(b64)
            .ok()
            .filter(|k| !k.is_empty())
            .map(Self)
    }

    /// The `whsec_…` form the subscriber configures in its receiver.
    pub fn reveal(&self) -> String {
        format!("{PREFIX}{}", STANDARD.encode(&self.0))
    }

    pub fn key(&self) -> &[u8] {
        &self.0
    }
}

/// The server's key for secrets at rest, derived from a configured passphrase.
#[derive(Clone)]
pub struct SecretKey(chacha20poly1305::Key);

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(…)")
    }
}

/// A sealed secret that does not open: the webhook key changed, or the row was altered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a webhook secret cannot be opened with the configured key")]
pub struct Unsealable;

impl SecretKey {
    /// The key from a passphrase of 32+ bytes (the config checks its strength).
    pub fn from_passphrase(passphrase: &[u8]) -> Self {
        let digest = Sha256::new()
            .chain_update(b"yijin webhook secrets v1\0")
            .chain_update(passphrase)
            .finalize();
        Self(digest)
    }

    /// Seals `secret` for the endpoint `endpoint_id`.
    pub fn seal(&self, endpoint_id: Uuid, secret: &SigningSecret) -> String {
        let mut nonce = [0u8; NONCE_BYTES];
        rand::rng().fill_bytes(&mut nonce);
        let cipher = XChaCha20Poly1305::new(&self.0);
        let sealed = cipher
            .encrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: secret.key(),
                    aad: endpoint_id.as_bytes(),
                },
            )
            .unwrap_or_else(|_| unreachable!("encryption of a short buffer does not fail"));
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        format!("{SEALED_PREFIX}{}", STANDARD.encode(out))
    }

    pub fn open(&self, endpoint_id: Uuid, sealed: &str) -> Result<SigningSecret, Unsealable> {
        let raw = sealed
            .strip_prefix(SEALED_PREFIX)
            .and_then(|b| STANDARD.decode(b).ok())
            .filter(|r| r.len() > NONCE_BYTES)
            .ok_or(Unsealable)?;
        let (nonce, body) = raw.split_at(NONCE_BYTES);
        let nonce: [u8; NONCE_BYTES] = nonce.try_into().map_err(|_| Unsealable)?;
        XChaCha20Poly1305::new(&self.0)
            .decrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: body,
                    aad: endpoint_id.as_bytes(),
                },
            )
            .map(SigningSecret)
            .map_err(|_| Unsealable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_look_like_standard_webhooks_secrets_and_round_trip() {
        let s = SigningSecret::generate();
        let shown = s.reveal();
        assert!(shown.starts_with("whsec_"));
        assert_eq!(SigningSecret::parse(&shown), Some(s));
    }

    #[test]
    fn a_sealed_secret_opens_only_with_its_key_and_endpoint() {
        let key = SecretKey::from_passphrase(b"a-test-passphrase-that-is-long-enough");
        let other = SecretKey::from_passphrase(b"another-passphrase-that-is-long-enough");
        let (e1, e2) = (Uuid::now_v7(), Uuid::now_v7());
        let s = SigningSecret::generate();
        let sealed = key.seal(e1, &s);
        assert!(!sealed.contains(&STANDARD.encode(s.key())), "not in clear");
        assert_eq!(key.open(e1, &sealed), Ok(s));
        assert_eq!(key.open(e2, &sealed), Err(Unsealable));
        assert_eq!(other.open(e1, &sealed), Err(Unsealable));
    }
}
