//! Webhooks: a subscriber's HTTPS endpoint is told of every change it may see, signed the way
//! Standard Webhooks 1.0 says, retried with backoff for more than a day, and logged.
//!
//! The path of an event:
//! 1. a domain writes it to the outbox (`kernel::outbox`) in the transaction of the change;
//! 2. [`fanout`] turns it into one attempt per endpoint that subscribes to its type and whose
//!    subscriber may read its object ([`scope`], the one tenant rule);
//! 3. a worker [`claim`]s due attempts under a lease, sends them (the gateway's HTTP sender,
//!    signing with [`signature`]), and [`outcome::record`]s each answer: delivered, retried
//!    later ([`schedule`]), given up, or the endpoint disabled.
//!
//! No HTTP here: this crate decides, the gateway sends.

pub mod address;
pub mod claim;
pub mod endpoint;
pub mod entity;
pub mod envelope;
mod error_code;
pub mod fanout;
pub mod log;
pub mod outcome;
pub mod redeliver;
pub mod schedule;
pub mod scope;
pub mod secret;
pub mod signature;

pub use error_code::WebhookErrorCode;
pub use schedule::{Schedule, Verdict};
pub use secret::{SecretKey, SigningSecret};
