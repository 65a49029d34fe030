//! The audit finds what was changed behind the ledger's back.

use kernel::Grams;
use ledger::audit::{BrokenReason, audit};
use ledger::entity::{entry, seal};
use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, EntityTrait, QueryOrder};

use crate::fixtures::*;

/// Lets the test edit ledger rows as someone with direct database access could: on SQLite by
/// dropping the append-only triggers, on PostgreSQL by disabling them.
#[expect(
    clippy::unwrap_used,
    reason = "a test that cannot tamper must fail loudly"
)]
async fn allow_tampering(db: &DatabaseConnection) {
    let statements: &[&str] = match db.get_database_backend() {
        DatabaseBackend::Postgres => &[
            "ALTER TABLE ledger_entry DISABLE TRIGGER ledger_entry_append_only",
            "ALTER TABLE ledger_seal DISABLE TRIGGER ledger_seal_append_only",
        ],
        _ => &[
            "DROP TRIGGER ledger_entry_no_update",
            "DROP TRIGGER ledger_entry_no_delete",
            "DROP TRIGGER ledger_seal_no_update",
            "DROP TRIGGER ledger_seal_no_delete",
        ],
    };
    for sql in statements {
        db.execute_unprepared(sql).await.unwrap();
    }
}

async fn three_sealed_sales(w: &World) -> Vec<entry::Model> {
    let mut out = Vec::new();
    for d in ["03", "04", "05"] {
        let when = format!("2019-06-{d}T10:00:00+08:00");
        out.extend(record_sales(&w.db, vec![sale(w.certified, w.a.household, &when, 1)]).await);
    }
    seal_and_audit(&w.db).await;
    out
}

fn id_literal(db: &DatabaseConnection, id: uuid::Uuid) -> String {
    match db.get_database_backend() {
        DatabaseBackend::Postgres => format!("'{id}'"),
        _ => format!("X'{}'", id.simple()),
    }
}

#[tokio::test]
async fn an_altered_entry_breaks_the_chain_at_its_sequence_number() {
    let w = world().await;
    let entries = three_sealed_sales(&w).await;
    allow_tampering(&w.db).await;
    let sql = format!(
        "UPDATE ledger_entry SET grams = 50000 WHERE id = {}",
        id_literal(&w.db, entries[1].id)
    );
    assert_eq!(
        w.db.execute_unprepared(&sql).await.unwrap().rows_affected(),
        1
    );
    let report = audit(&w.db).await.unwrap();
    let broken = report.chain.first_broken.unwrap();
    assert_eq!((broken.seq, broken.reason), (2, BrokenReason::HashMismatch));
    assert_eq!(report.chain.verified, 1);
    // The rollups no longer match the (altered) entries either.
    assert!(report.rollups.difference_count > 0);
    let city = report
        .rollups
        .differences
        .iter()
        .find(|d| d.key.dim_key == "340100" && d.key.period_key.is_empty())
        .unwrap();
    assert_eq!(
        (city.expected.grams, city.found.grams),
        (Grams(51000), Grams(1500))
    );
}

#[tokio::test]
async fn a_removed_seal_is_reported_as_missing() {
    let w = world().await;
    three_sealed_sales(&w).await;
    allow_tampering(&w.db).await;
    let last = seal::Entity::find()
        .order_by_desc(seal::Column::Seq)
        .one(&w.db)
        .await
        .unwrap()
        .unwrap();
    w.db.execute_unprepared(&format!("DELETE FROM ledger_seal WHERE seq = {}", last.seq))
        .await
        .unwrap();
    let report = audit(&w.db).await.unwrap();
    let broken = report.chain.first_broken.unwrap();
    assert_eq!((broken.seq, broken.reason), (3, BrokenReason::Missing));
    assert_eq!(
        report.chain.unaccounted, 1,
        "its entry is neither sealed nor queued"
    );
}

#[tokio::test]
async fn an_altered_rollup_is_reported_with_what_the_entries_say() {
    let w = world().await;
    three_sealed_sales(&w).await;
    w.db.execute_unprepared(
        "UPDATE ledger_rollup SET grams = grams + 500 WHERE dimension = 'ALL' AND period = 'ALL'",
    )
    .await
    .unwrap();
    let report = audit(&w.db).await.unwrap();
    assert!(report.chain.first_broken.is_none());
    assert_eq!(
        report.rollups.difference_count, 1,
        "the campaign's row and nothing else"
    );
    let d = &report.rollups.differences[0];
    assert_eq!(
        (d.expected.grams, d.found.grams),
        (Grams(1500), Grams(2000))
    );
}

#[tokio::test]
async fn an_altered_or_missing_sold_count_is_reported() {
    let w = world().await;
    three_sealed_sales(&w).await;
    w.db.execute_unprepared(
        "UPDATE ledger_sold_count SET things = things + 1 \
         WHERE scope = 'ALL' AND period = 'ALL' AND kind = 'PROJECT'",
    )
    .await
    .unwrap();
    w.db.execute_unprepared(
        "DELETE FROM ledger_sold_count WHERE scope = 'CITY' AND period = 'ALL' AND kind = 'PRODUCT'",
    )
    .await
    .unwrap();
    let report = audit(&w.db).await.unwrap();
    assert!(!report.is_clean());
    assert_eq!(report.rollups.difference_count, 0);
    let cities =
        w.db.query_one_raw(sea_orm::Statement::from_string(
            w.db.get_database_backend(),
            "SELECT CAST(COUNT(DISTINCT city_code) AS BIGINT) AS n FROM ledger_entry \
             WHERE city_code IS NOT NULL AND kind = 'SALE'",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get_by::<i64, _>("n")
        .unwrap();
    assert!(cities > 0);
    assert_eq!(
        report.sold.difference_count,
        1 + u64::try_from(cities).unwrap(),
        "the campaign's communities, and each city's products"
    );
    let d = &report.sold.differences[0];
    assert_eq!(d.found, d.expected + 1, "{d:?}");
}
