//! Small SQL helpers the two databases agree on.

use sea_orm::sea_query::{Alias, Expr, Func};
use sea_orm::{ConnectionTrait, DatabaseBackend};

/// `CAST(COALESCE(SUM(col), 0) AS BIGINT)`: PostgreSQL sums a BIGINT into a NUMERIC, which
/// would not decode as `i64`; SQLite needs no cast but accepts it.
pub fn sum_i64(col: impl Into<Expr>) -> Expr {
    let sum: Expr = Func::sum(col.into()).into();
    Func::cast_as(Func::coalesce([sum, Expr::val(0i64)]), Alias::new("BIGINT")).into()
}

pub fn is_postgres(conn: &impl ConnectionTrait) -> bool {
    conn.get_database_backend() == DatabaseBackend::Postgres
}

/// Rows per multi-row INSERT: well under SQLite's 32,766 and PostgreSQL's 65,535 bound
/// parameters for the widest table (27 columns).
pub const ROWS_PER_INSERT: usize = 500;
