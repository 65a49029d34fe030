//! The catalogue's version: one row whose number goes up, in the writing transaction, whenever
//! a committed change can alter what some project's shelf shows (a listing, a store serving a
//! project, a product's catalogue fields or its in-stock state, a supplier, a certification).
//!
//! The gateway's in-memory shelves are tagged with the version they were built at and dropped
//! when it moves, so every writer — this process, another instance, the CLI, a hand-written SQL
//! fix — invalidates them without having to know they exist. Triggers, not application code,
//! bump it for that reason.
//!
//! Stock moves with every order; only a change of *in stock* (available crossing zero) bumps
//! the version, so orders do not invalidate shelves on every sale. On PostgreSQL the triggers
//! are deferred to commit: the version row is the last lock a transaction takes and is held
//! only while it commits, so it can neither deadlock with the stock rows an order locks first
//! nor serialise writers for longer than a commit.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum CatalogueVersion {
    Table,
    Id,
    Version,
}

/// The product columns a shelf shows or filters on (stock is handled on its own).
const PRODUCT_COLUMNS: [&str; 13] = [
    "supplier_id",
    "name",
    "category",
    "description",
    "images",
    "spec",
    "unit",
    "net_weight_grams",
    "weight_is_equivalent",
    "price_fen",
    "origin_county_code",
    "status",
    "custom_for_enterprise_id",
];

/// (trigger name, event, table, condition) for every change that can alter a shelf.
fn changes() -> Vec<(String, &'static str, &'static str, Option<String>)> {
    let mut out = Vec::new();
    for table in ["listing", "store_project", "certification"] {
        for op in ["INSERT", "UPDATE", "DELETE"] {
            out.push((
                format!("{table}_{}_catalogue", op.to_lowercase()),
                op,
                table,
                None,
            ));
        }
    }
    for table in ["store", "supplier", "product"] {
        out.push((format!("{table}_delete_catalogue"), "DELETE", table, None));
    }
    for table in ["store", "supplier"] {
        out.push((format!("{table}_update_catalogue"), "UPDATE", table, None));
    }
    let mut product = PRODUCT_COLUMNS
        .iter()
        .map(|c| format!("OLD.{c} IS DISTINCT FROM NEW.{c}"))
        .collect::<Vec<_>>();
    product.push("(OLD.on_hand > OLD.reserved) <> (NEW.on_hand > NEW.reserved)".to_owned());
    out.push((
        "product_update_catalogue".to_owned(),
        "UPDATE",
        "product",
        Some(product.join(" OR ")),
    ));
    out
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CatalogueVersion::Table)
                    .col(
                        ColumnDef::new(CatalogueVersion::Id)
                            .integer()
                            .not_null()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(CatalogueVersion::Version)
                            .big_integer()
                            .not_null()
                            .default(0),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(CatalogueVersion::Table)
                    .columns([CatalogueVersion::Id, CatalogueVersion::Version])
                    .values_panic([1.into(), 0.into()])
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        let postgres = manager.get_database_backend() == DatabaseBackend::Postgres;
        if postgres {
            db.execute_unprepared(
                "CREATE FUNCTION catalogue_changed() RETURNS trigger LANGUAGE plpgsql AS $$ \
                 BEGIN UPDATE catalogue_version SET version = version + 1 WHERE id = 1; \
                 RETURN NULL; END $$",
            )
            .await?;
        }
        for (name, op, table, when) in changes() {
            let sql = if postgres {
                let when = when.map(|w| format!("WHEN ({w})")).unwrap_or_default();
                format!(
                    "CREATE CONSTRAINT TRIGGER {name} AFTER {op} ON {table} \
                     DEFERRABLE INITIALLY DEFERRED FOR EACH ROW {when} \
                     EXECUTE FUNCTION catalogue_changed()"
                )
            } else {
                // SQLite spells IS DISTINCT FROM as IS NOT.
                let when = when
                    .map(|w| format!("WHEN {}", w.replace("IS DISTINCT FROM", "IS NOT")))
                    .unwrap_or_default();
                format!(
                    "CREATE TRIGGER {name} AFTER {op} ON {table} {when} BEGIN \
                     UPDATE catalogue_version SET version = version + 1 WHERE id = 1; END"
                )
            };
            db.execute_unprepared(&sql).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let postgres = manager.get_database_backend() == DatabaseBackend::Postgres;
        for (name, _, table, _) in changes() {
            let sql = if postgres {
                format!("DROP TRIGGER IF EXISTS {name} ON {table}")
            } else {
                format!("DROP TRIGGER IF EXISTS {name}")
            };
            db.execute_unprepared(&sql).await?;
        }
        if postgres {
            db.execute_unprepared("DROP FUNCTION IF EXISTS catalogue_changed()")
                .await?;
        }
        manager
            .drop_table(Table::drop().table(CatalogueVersion::Table).to_owned())
            .await
    }
}
