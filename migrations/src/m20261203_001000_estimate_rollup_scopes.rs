//! PostgreSQL's planner told how a rollup's key columns depend on each other.
//!
//! A ranking within a scope (`CITY_PROJECT` rows of city `340100`) filters on campaign,
//! dimension, period, period key and scope key, then on a metric: `grams > $6` for "how many
//! are ahead of me", `grams >= $6` for a screen's top N. Estimated column by column, the five
//! equalities multiply to one row, so every one of the three partial indexes
//! `idx_ledger_rollup_scope_{grams,fen,households}` looks as good as the others. The pooled
//! connections' generic plans then took `…_households` for a question about grams and
//! filtered all 2,116 communities of 合肥 at a million entries (2 ms for "how many are
//! ahead", 0.09 ms by the grams index), so the reads grew with the city.
//!
//! Extended statistics (functional dependencies and distinct counts over the five columns)
//! give the scope's real size, and with it the index whose last column is the metric asked
//! about. SQLite has no such statistics and no need: its planner prefers the index that
//! serves the most constraints, the metric's.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DatabaseBackend::Postgres {
            return Ok(());
        }
        let db = manager.get_connection();
        db.execute_unprepared(
            "CREATE STATISTICS st_ledger_rollup_scope (dependencies, ndistinct) \
             ON campaign_id, dimension, period, period_key, scope_key FROM ledger_rollup",
        )
        .await?;
        // Statistics objects are filled by ANALYZE; autovacuum would get there, later.
        db.execute_unprepared("ANALYZE ledger_rollup").await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DatabaseBackend::Postgres {
            return Ok(());
        }
        manager
            .get_connection()
            .execute_unprepared("DROP STATISTICS IF EXISTS st_ledger_rollup_scope")
            .await?;
        Ok(())
    }
}
