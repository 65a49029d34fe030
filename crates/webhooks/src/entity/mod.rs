//! The webhooks tables.

pub mod attempt;
pub mod delivery;
pub mod endpoint;
