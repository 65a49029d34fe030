//! Table models. These are storage, not API: the gateway builds its GraphQL types from them.

pub mod chain_head;
pub mod entry;
pub mod fair_sale;
pub mod first_sale;
pub mod household_seen;
pub mod pending;
pub mod reported_batch;
pub mod reported_row;
pub mod rollup;
pub mod rollup_count;
pub mod seal;
pub mod sold_count;
