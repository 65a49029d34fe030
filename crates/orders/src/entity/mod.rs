//! The orders tables.

pub mod event;
pub mod line;
pub mod order;
