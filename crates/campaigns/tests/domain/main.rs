//! Integration tests of the campaigns services against a real database: SQLite by default,
//! PostgreSQL when `TEST_DATABASE_URL` is set (each test in a database of its own).

mod activities;
mod calendar;
mod enlistment;
mod fixtures;
mod races;
mod reports;
mod tenancy;
