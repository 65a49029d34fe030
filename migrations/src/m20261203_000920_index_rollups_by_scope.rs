//! Rankings within a scope read by index, however many competitors the scope has.
//!
//! A scoped rollup row (`CITY_PROJECT` `340100/<project>`, `CITY_ENTERPRISE`, `PROJECT_TEAM`,
//! `ASSOC_ENTERPRISE`) gets its scope's key in a column of its own, `scope_key` (`340100`;
//! NULL for the other dimensions), and three partial indexes order a scope's rows by each
//! metric: `(campaign_id, dimension, period, period_key, scope_key, grams | fen | households)
//! WHERE scope_key IS NOT NULL`. A screen's top N then reads N rows, and "how many are ahead
//! of me" counts only the rows ahead, not the scope's thousands of communities.
//!
//! `ledger_rollup_count` keeps how many rollup rows each campaign × dimension × period × scope
//! has (`scope_key` `""` for the unscoped dimensions): everyone ranked, read as one row. The
//! sealer adds the rows it inserts; `yijin ledger rebuild-rollups` and `yijin generate` count
//! them in SQL. Both are filled here from the rollups already sealed.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum LedgerRollup {
    Table,
    ScopeKey,
}

#[derive(DeriveIden)]
enum LedgerRollupCount {
    Table,
    CampaignId,
    Dimension,
    Period,
    PeriodKey,
    ScopeKey,
    RowCount,
}

const SCOPED: &str = "'CITY_PROJECT', 'CITY_ENTERPRISE', 'PROJECT_TEAM', 'ASSOC_ENTERPRISE'";

const METRICS: [&str; 3] = ["grams", "fen", "households"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        manager
            .alter_table(
                Table::alter()
                    .table(LedgerRollup::Table)
                    .add_column(string_len_null(LedgerRollup::ScopeKey, 40))
                    .to_owned(),
            )
            .await?;
        let scope = match manager.get_database_backend() {
            DatabaseBackend::Postgres => "split_part(dim_key, '/', 1)",
            _ => "substr(dim_key, 1, instr(dim_key, '/') - 1)",
        };
        db.execute_unprepared(&format!(
            "UPDATE ledger_rollup SET scope_key = {scope} WHERE dimension IN ({SCOPED})"
        ))
        .await?;
        for metric in METRICS {
            db.execute_unprepared(&format!(
                "CREATE INDEX idx_ledger_rollup_scope_{metric} ON ledger_rollup \
                 (campaign_id, dimension, period, period_key, scope_key, {metric}) \
                 WHERE scope_key IS NOT NULL"
            ))
            .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(LedgerRollupCount::Table)
                    .col(uuid(LedgerRollupCount::CampaignId))
                    .col(string_len(LedgerRollupCount::Dimension, 16))
                    .col(string_len(LedgerRollupCount::Period, 8))
                    .col(string_len(LedgerRollupCount::PeriodKey, 40))
                    .col(string_len(LedgerRollupCount::ScopeKey, 40))
                    .col(big_integer(LedgerRollupCount::RowCount))
                    .primary_key(
                        Index::create()
                            .col(LedgerRollupCount::CampaignId)
                            .col(LedgerRollupCount::Dimension)
                            .col(LedgerRollupCount::Period)
                            .col(LedgerRollupCount::PeriodKey)
                            .col(LedgerRollupCount::ScopeKey),
                    )
                    .to_owned(),
            )
            .await?;
        db.execute_unprepared(
            "INSERT INTO ledger_rollup_count (campaign_id, dimension, period, period_key, \
             scope_key, row_count) SELECT campaign_id, dimension, period, period_key, \
             COALESCE(scope_key, ''), CAST(COUNT(*) AS BIGINT) FROM ledger_rollup \
             GROUP BY campaign_id, dimension, period, period_key, COALESCE(scope_key, '')",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(LedgerRollupCount::Table).to_owned())
            .await?;
        for metric in METRICS {
            manager
                .drop_index(
                    Index::drop()
                        .name(format!("idx_ledger_rollup_scope_{metric}"))
                        .table(LedgerRollup::Table)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(LedgerRollup::Table)
                    .drop_column(LedgerRollup::ScopeKey)
                    .to_owned(),
            )
            .await
    }
}
