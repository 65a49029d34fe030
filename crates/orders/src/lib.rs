//! 订单: a resident's order from a store's listings to a counted jin.
//!
//! - [`create`]: writing an order whose lines are priced (shared with group buys' closing);
//! - [`place`]: prices from the listing, only listings the buyer can see today, stock for every
//!   line reserved in one transaction in product-id order (all or nothing);
//! - [`payment`]: the payer's side confirms the money; in the same transaction the order is
//!   paid, its stock committed, its lines recorded in the ledger and the events queued;
//! - [`close`]: an unpaid order cancelled or expired gives its stock back ([`expiry`] sweeps);
//! - [`refund`]: by line and quantity, never more than was paid, with reversing ledger entries;
//! - [`fulfil`]: shipped, ready for pickup with a pickup code (核销码), picked up, delivered;
//! - [`query`]: who sees which orders, through the one tenant rule ([`access`]);
//! - [`commands`]: the use cases, each one write transaction with an idempotency key.
//!
//! Writers take the caller's `&DatabaseTransaction`; only [`commands`] and [`expiry`] begin
//! and commit.

pub mod access;
pub mod close;
pub mod commands;
pub mod create;
pub mod entity;
pub mod error_code;
pub mod events;
pub mod expiry;
pub mod fulfil;
pub mod payment;
pub mod place;
pub mod privacy;
pub mod query;
pub mod refund;

pub use error_code::OrderErrorCode;
