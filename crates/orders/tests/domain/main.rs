//! Integration tests of the orders crate against a real database of the test's own (SQLite,
//! or PostgreSQL with `TEST_DATABASE_URL`), with real concurrency (tokio tasks on a
//! multi-threaded runtime against the pool).

mod concurrency;
mod consistency;
mod fixtures;
mod flow;
