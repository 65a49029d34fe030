//! Many writers at once, with the sealer running: nothing is lost, nothing counted twice, and
//! the rollups equal a fresh GROUP BY over the raw entries to the fen and the gram.

use std::time::Duration;

use campaigns::COMMUNITY_POWER_CAMPAIGN_ID as CAMPAIGN;
use kernel::{Fen, Grams};
use ledger::rollup::{Dimension, Period, totals};
use ledger::{Amounts, EntryKind, NewEntry, SealerConfig, Signal, Source};
use sea_orm::{ConnectionTrait, Statement};

use crate::fixtures::*;

const WRITERS: usize = 8;
const SALES_EACH: usize = 12;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn eight_concurrent_writers_leave_rollups_equal_to_a_fresh_group_by() {
    let w = world().await;
    let signal = Signal::new();
    let config = SealerConfig {
        batch_size: 7,
        poll_interval: Duration::from_millis(50),
        ..SealerConfig::new(w.url())
    };
    let sealer = ledger::sealer::spawn(w.db.clone(), signal.clone(), config);
    let households = [w.a.household, w.a.loner, w.b.household, w.b.loner];
    let products = [w.certified, w.plain];
    let mut writers = Vec::new();
    for writer in 0..WRITERS {
        let (db, signal) = (w.db.clone(), signal.clone());
        writers.push(tokio::spawn(async move {
            for i in 0..SALES_EACH {
                let household = households[(writer + i) % households.len()];
                let product = products[i % 2];
                let when = format!("2019-{:02}-{:02}T10:00:00+08:00", 6 + i % 5, 1 + writer);
                let units = 1 + (i % 3) as i64;
                let recorded =
                    record_sales(&db, vec![sale(product, household, &when, units)]).await;
                // Every third sale is partly refunded in its own transaction.
                if i % 3 == 0 {
                    let refund = NewEntry::reversal(
                        EntryKind::Refund,
                        recorded[0].id,
                        Source::OrderLine,
                        format!("refund-{writer}-{i}"),
                        at("2019-11-01T10:00:00+08:00"),
                        Amounts::new(1, Grams(250), Fen(1000)),
                        "test",
                    );
                    record_entries(&db, vec![refund]).await.unwrap();
                }
                signal.notify();
            }
        }));
    }
    for writer in writers {
        writer.await.unwrap();
    }
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    loop {
        let status = ledger::status::status(&w.db, chrono::Utc::now())
            .await
            .unwrap();
        if status.pending == 0 {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "sealer did not catch up: {status:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    sealer.stop().await;

    let report = ledger::audit::audit(&w.db).await.unwrap();
    assert!(report.is_clean(), "{report:#?}");
    let expected_entries = (WRITERS * SALES_EACH + WRITERS * SALES_EACH.div_ceil(3)) as i64;
    assert_eq!(report.chain.verified, expected_entries);
    // And one more check written out by hand: the campaign total against SUM over the table.
    let row = w
        .db
        .query_one_raw(Statement::from_string(
            w.db.get_database_backend(),
            "SELECT CAST(SUM(grams) AS BIGINT), CAST(SUM(fen) AS BIGINT), CAST(COUNT(*) AS BIGINT) FROM ledger_entry",
        ))
        .await
        .unwrap()
        .unwrap();
    let (grams, fen, count): (i64, i64, i64) = (
        row.try_get_by_index(0).unwrap(),
        row.try_get_by_index(1).unwrap(),
        row.try_get_by_index(2).unwrap(),
    );
    let all = totals(&w.db, Some(CAMPAIGN), Dimension::All, "", Period::All, "")
        .await
        .unwrap();
    assert_eq!(
        (all.grams, all.fen, all.entries),
        (Grams(grams), Fen(fen), count)
    );
    assert_eq!(count, expected_entries);
    assert_eq!(all.households, 4);
}
