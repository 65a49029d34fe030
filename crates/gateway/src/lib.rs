//! yijin's gateway: the one GraphQL schema over all domains, authentication, limits, HTTP, and
//! what the `yijin` binary runs.

pub mod admission;
pub mod app;
pub mod auth;
pub mod config;
pub mod document;
pub mod error;
pub mod generate;
pub mod http;
pub mod ledger_cli;
pub mod metrics;
pub mod rate_limit;
pub mod schema;
pub mod serve;
pub mod shelves;
pub mod state;
pub mod webhooks;
