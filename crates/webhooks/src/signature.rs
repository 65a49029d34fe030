//! Signing the way Standard Webhooks 1.0 says, so that receivers verify with that project's
//! libraries (Java, Node, Python, Go, PHP, …) instead of hand-written code:
//!
//! - `webhook-id`: the event id (the same on every retry and redelivery: receivers de-duplicate
//!   on it);
//! - `webhook-timestamp`: seconds since the epoch when this try was sent;
//! - `webhook-signature`: `v1,<base64 HMAC-SHA256("{id}.{timestamp}.{body}")>`, keyed by the
//!   base64-decoded part of the `whsec_` secret after the prefix; space-separated, one per
//!   secret that signs (two during a rotation's overlap).

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::secret::SigningSecret;

/// The three headers of one signed request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedHeaders {
    pub id: String,
    pub timestamp: i64,
    pub signature: String,
}

/// One `v1,…` signature.
pub fn sign_one(secret: &SigningSecret, id: &str, timestamp: i64, body: &[u8]) -> String {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.key())
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    mac.update(id.as_bytes());
    mac.update(b".");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()))
}

/// The headers for `body`, signed by every secret given (current first).
pub fn sign(secrets: &[SigningSecret], id: &str, timestamp: i64, body: &[u8]) -> SignedHeaders {
    let signature = secrets
        .iter()
        .map(|s| sign_one(s, id, timestamp, body))
        .collect::<Vec<_>>()
        .join(" ");
    SignedHeaders {
        id: id.to_owned(),
        timestamp,
        signature,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example of the Standard Webhooks reference libraries (the Python package's
    /// `Webhook("whsec_MfKQ…").sign(…)` gives the same string).
    #[test]
    fn the_reference_test_vector_signs_alike() {
        let secret = SigningSecret::parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
        assert_eq!(
            sign_one(
                &secret,
                "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1_614_265_330,
                br#"{"test": 2432232314}"#
            ),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        );
    }

    #[test]
    fn a_rotation_signs_with_both_secrets() {
        let a = SigningSecret::generate();
        let b = SigningSecret::generate();
        let h = sign(&[a.clone(), b.clone()], "e1", 5, b"{}");
        let parts: Vec<&str> = h.signature.split(' ').collect();
        assert_eq!(
            parts,
            vec![sign_one(&a, "e1", 5, b"{}"), sign_one(&b, "e1", 5, b"{}")]
        );
    }
}
