//! 消费扶贫台账: the campaign's ledger.
//!
//! Every counted sale line is one append-only [entry](entity::entry) with everything rankings
//! need copied onto it ([`attribution::resolve`]), written by [`record`] inside the caller's
//! transaction. After commit the [sealer] numbers entries without gaps, chains their hashes in
//! a table of seals, and adds them to the [rollups](rollup) that KPIs and rankings read; the
//! [audit] re-walks the chain and recomputes every rollup from the raw entries. Sales the
//! ledger did not see (a company's own mall, a market fair) come in through [`reported`] and
//! [`fair_sales`]. Who sees which entries is decided in [`access`].

pub mod access;
pub mod attribution;
pub mod audit;
pub mod canonical;
pub mod commands;
pub mod entity;
pub mod entries;
pub mod error_code;
pub mod export;
pub mod fair_sales;
pub mod ranking;
pub mod record;
pub mod reported;
pub mod rollup;
pub mod scorecard;
pub mod sealer;
mod sql;
pub mod status;
pub mod types;

pub use error_code::LedgerErrorCode;
pub use record::{Amounts, Body, Facts, NewEntry, record};
pub use sealer::{SealerConfig, SealerHandle, SealerRole, Signal};
pub use types::{Channel, EntryKind, Source};
