//! Integration tests of the ledger crate against a real database of the test's own (SQLite,
//! or PostgreSQL with `TEST_DATABASE_URL`).

mod audit;
mod concurrency;
mod fairs;
mod fixtures;
mod kpi;
mod kpi_scope;
mod record;
mod reported;
mod sealer;
