//! Counts and sums straight from a table, for invariants that must hold whatever the services
//! say.

use sea_orm::{ConnectionTrait, Statement};

/// The rows of `table`, optionally narrowed by a `filter` (`WHERE …`, or empty).
pub async fn rows(db: &impl ConnectionTrait, table: &str, filter: &str) -> i64 {
    scalar(
        db,
        format!("SELECT CAST(COUNT(*) AS BIGINT) FROM {table} {filter}"),
    )
    .await
}

/// The sum of `expr` over `table` (0 when no rows), as BIGINT.
pub async fn sum(db: &impl ConnectionTrait, table: &str, expr: &str, filter: &str) -> i64 {
    scalar(
        db,
        format!("SELECT CAST(COALESCE(SUM({expr}), 0) AS BIGINT) FROM {table} {filter}"),
    )
    .await
}

async fn scalar(db: &impl ConnectionTrait, sql: String) -> i64 {
    let row = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index(0).unwrap()
}
