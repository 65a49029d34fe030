//! Webhook delivery's HTTP side: the [`sender`] that signs and posts one attempt, and the
//! [`worker`] that fans events out, claims due attempts, sends them and records the answers.
//! Everything it decides (who receives what, when to retry, what disables an endpoint) is the
//! `webhooks` crate's.

pub mod sender;
pub mod worker;

pub use worker::{WorkerHandle, spawn};
