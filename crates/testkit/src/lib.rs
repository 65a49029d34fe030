//! Test support for yijin's crates. A dev-dependency only: nothing here ships in the binary.
//!
//! - [`db`]: a database of the test's own (SQLite, or PostgreSQL with `TEST_DATABASE_URL`),
//!   copied from a template migrated once;
//! - [`actors`]: who calls, as the services see them;
//! - [`time`]: instants, days and fixed clocks on the campaign calendar;
//! - [`errors`]: the stable codes of a `DomainError`, for assertions;
//! - [`make`]: organisations, projects, households, suppliers and products made through the
//!   services, inside the caller's write transaction;
//! - [`sql`]: counts and sums over a table, for invariants.
//!
//! Everything panics on failure: a fixture that cannot be built must fail the test loudly.

#![expect(
    clippy::unwrap_used,
    reason = "a fixture that cannot be built must fail the test loudly"
)]

pub mod actors;
pub mod db;
pub mod errors;
pub mod make;
pub mod sql;
pub mod time;
