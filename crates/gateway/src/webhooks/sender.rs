//! 发送: one signed POST per attempt.
//!
//! - Signed per Standard Webhooks 1.0 (`webhooks::signature`), with both secrets during a
//!   rotation's overlap. The `webhook-timestamp` is the real time of sending (receivers
//!   compare it with their own clocks), whatever clock the server's rules run on.
//! - Redirects are not followed (a redirect to an internal address would get round the
//!   address check) and count as a failed try.
//! - In production every connection goes through [`PublicResolver`], which drops private and
//!   loopback addresses from each DNS answer at send time, so a host re-pointed inside the
//!   network after registration is not reached; IP-literal URLs are checked before sending.
//! - A try ends after the configured timeout; the response body is read up to an excerpt.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use chrono::Utc;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use webhooks::address::{self, Policy};
use webhooks::claim::Claimed;
use webhooks::entity::delivery::Outcome;
use webhooks::outcome::{MAX_EXCERPT, Sent};
use webhooks::{SecretKey, envelope, signature};

use crate::config::WebhookConfig;

/// Resolves host names, keeping only the addresses the policy allows.
struct PublicResolver(Policy);

impl Resolve for PublicResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let policy = self.0;
        Box::pin(async move {
            let found: Vec<SocketAddr> =
                tokio::net::lookup_host((name.as_str(), 0)).await?.collect();
            let kept: Vec<SocketAddr> = found
                .into_iter()
                .filter(|a| address::allowed(policy, a.ip()))
                .collect();
            if kept.is_empty() {
                return Err("the host resolves only to private or loopback addresses".into());
            }
            let addrs: Addrs = Box::new(kept.into_iter());
            Ok(addrs)
        })
    }
}

/// Sends attempts.
#[derive(Clone)]
pub struct Sender {
    client: reqwest::Client,
    policy: Policy,
    key: SecretKey,
}

impl Sender {
    pub fn new(config: &WebhookConfig, policy: Policy) -> anyhow::Result<Self> {
        let client = reqwest::Client::builder()
            .timeout(config.timeout)
            .connect_timeout(config.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("yijin-webhooks/", env!("CARGO_PKG_VERSION")))
            .dns_resolver(Arc::new(PublicResolver(policy)))
            .pool_max_idle_per_host(16)
            .build()?;
        Ok(Self {
            client,
            policy,
            key: config.sealing_key(),
        })
    }

    /// Signs and posts one claimed attempt; never fails: every problem is a try's outcome.
    pub async fn send(&self, claimed: &Claimed) -> Sent {
        let started_at = Utc::now();
        let started = Instant::now();
        let failed = |outcome: Outcome, error: String| Sent {
            started_at,
            latency: started.elapsed(),
            status: None,
            outcome,
            error: Some(error),
            response_excerpt: None,
        };
        let endpoint = &claimed.endpoint;
        if let Err(e) = address::check_url(&endpoint.url, self.policy) {
            return failed(Outcome::Network, format!("address refused: {e}"));
        }
        let secrets = match webhooks::endpoint::signing_secrets(&self.key, endpoint, started_at) {
            Ok(s) => s,
            Err(e) => {
                tracing::error!(endpoint = %endpoint.id, error = %e, "webhook secret unusable");
                return failed(
                    Outcome::Network,
                    "the endpoint's secret cannot be used; rotate it".into(),
                );
            }
        };
        let body = envelope::body(&claimed.event);
        let id = envelope::message_id(&claimed.event);
        let headers = signature::sign(&secrets, &id, started_at.timestamp(), &body);
        let response = self
            .client
            .post(&endpoint.url)
            .header("content-type", "application/json")
            .header("webhook-id", headers.id)
            .header("webhook-timestamp", headers.timestamp.to_string())
            .header("webhook-signature", headers.signature)
            .body(body)
            .send()
            .await;
        match response {
            Ok(mut r) => {
                let status = r.status().as_u16();
                let mut excerpt = Vec::new();
                while excerpt.len() < MAX_EXCERPT {
                    match r.chunk().await {
                        Ok(Some(chunk)) => excerpt.extend_from_slice(&chunk),
                        _ => break,
                    }
                }
                excerpt.truncate(MAX_EXCERPT);
                let text = String::from_utf8_lossy(&excerpt).into_owned();
                Sent {
                    started_at,
                    latency: started.elapsed(),
                    status: Some(status),
                    outcome: if (200..300).contains(&status) {
                        Outcome::Succeeded
                    } else {
                        Outcome::HttpError
                    },
                    error: None,
                    response_excerpt: (!text.is_empty()).then_some(text),
                }
            }
            Err(e) if e.is_timeout() => {
                failed(Outcome::Timeout, "no answer within the timeout".into())
            }
            Err(e) => failed(Outcome::Network, error_chain(&e)),
        }
    }
}

/// An error with its causes, for the log (the subscriber's own URL is in it, nothing else).
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}
