//! `yijin ledger import` streams a CSV of any size in chunks of 1,000 rows and can be re-run;
//! `yijin ledger verify` reports a clean ledger (on SQLite and, with TEST_DATABASE_URL,
//! PostgreSQL).

use std::io::Write;

use gateway::ledger_cli::{Imported, import, verify};
use kernel::Clock;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

#[tokio::test]
async fn a_large_csv_is_imported_in_chunks_and_a_rerun_adds_nothing() {
    let (db, _guard) = testkit::db::migrated().await.unwrap();
    let seeded = demo::demo(&db).await.unwrap();
    let enterprise = seeded.enterprise_ids[0].1;
    let project = participants::entity::project::Entity::find()
        .filter(participants::entity::project::Column::EnterpriseId.eq(enterprise))
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    let product = products::entity::product::Entity::find()
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    let rows = 2_345;
    let mut csv = Vec::new();
    writeln!(
        csv,
        "外部订单号,行号,销售日期,项目,产品,数量,重量克,金额分,渠道"
    )
    .unwrap();
    for i in 0..rows {
        writeln!(
            csv,
            "MALL-{i},1,2020-03-{:02},{},{},1,500,3000,ZONE",
            1 + i % 28,
            project.id,
            product.id
        )
        .unwrap();
    }
    // Two bad rows: an unreadable date, and a project id that is not one.
    writeln!(
        csv,
        "MALL-X,1,2020-13-01,{},{},1,500,3000,",
        project.id, product.id
    )
    .unwrap();
    writeln!(
        csv,
        "MALL-Y,1,2020-03-01,not-a-project,{},1,500,3000,",
        product.id
    )
    .unwrap();
    let clock = Clock::System;
    let mut errors = Vec::new();
    let mut progress_calls = 0;
    let done = import(
        &db,
        &clock,
        "test",
        enterprise,
        csv.as_slice(),
        &mut errors,
        |_| progress_calls += 1,
    )
    .await
    .unwrap();
    assert_eq!(
        done,
        Imported {
            rows: rows + 2,
            received: rows,
            repeated: 0,
            failed: 2
        }
    );
    assert_eq!(progress_calls, 3, "one transaction per 1,000 rows");
    let errors = String::from_utf8(errors).unwrap();
    assert!(
        errors.contains(&format!("line {}: soldOn INVALID", rows + 2)),
        "{errors}"
    );
    assert!(
        errors.contains(&format!("line {}: projectId INVALID", rows + 3)),
        "{errors}"
    );

    let mut errors = Vec::new();
    let again = import(
        &db,
        &clock,
        "test",
        enterprise,
        csv.as_slice(),
        &mut errors,
        |_| {},
    )
    .await
    .unwrap();
    assert_eq!((again.received, again.repeated, again.failed), (0, rows, 2));

    let mut out = Vec::new();
    assert!(verify(&db, &mut out).await.unwrap());
    assert!(String::from_utf8(out).unwrap().contains("chain: intact"));
}
