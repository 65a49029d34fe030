#![expect(
    clippy::unwrap_used,
    reason = "a test that cannot set up its world must fail loudly"
)]

//! Rankings within a city read through the scope indexes and the kept row counts: several
//! communities and enterprises of one city sealed over several batches, with a tie at the cut,
//! a community refunded to zero (a refund counts on its sale's day, so its rows stay, at zero)
//! and one that never sold, against ranking everyone and a fresh GROUP BY.

use kernel::{Fen, Grams};
use ledger::ranking::{self, Metric, Span, Within};
use ledger::rollup::Dimension;
use ledger::types::EntryKind;
use ledger::{Amounts, NewEntry, Source};
use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, EntityTrait, Statement};
use uuid::Uuid;

use crate::fixtures::*;
use crate::kpi::{campaign, fresh, phase_one};

struct City {
    w: World,
    /// 合肥's communities: the world's, two more of its enterprise, one of a second enterprise.
    p2: Uuid,
    p3: Uuid,
    p4: Uuid,
    /// A community of 合肥 that never sells.
    quiet: Uuid,
}

fn refund(original: Uuid, when: &str, units: i64) -> NewEntry {
    NewEntry::reversal(
        EntryKind::Refund,
        original,
        Source::OrderLine,
        format!("refund-{original}"),
        at(when),
        Amounts::new(units, Grams(500 * units), Fen(3000 * units)),
        "test",
    )
}

/// 合肥 at the end: p4 1,500 g, the world's project 1,000 g and p2 1,000 g (a tie), p3 zero
/// (sold in June and July, both refunded in July: its June and July rows are zero), `quiet`
/// nothing.
async fn city() -> City {
    let w = world().await;
    let enterprise = w.a.enterprise;
    let (p2, p3, p4, quiet, h2, h3, h4) = testkit::db::write(&w.db, async |txn| {
        let clock = on("2019-05-01");
        let (_, other) = testkit::make::organisation(txn, &clock, "蜀山", "340100").await;
        let mut ids = Vec::new();
        for (owner, name) in [
            (enterprise, "合肥二区"),
            (enterprise, "合肥三区"),
            (other.id, "蜀山一区"),
            (enterprise, "合肥四区"),
        ] {
            ids.push(
                testkit::make::project(txn, &clock, owner, "340100", name, 100)
                    .await
                    .id,
            );
        }
        let mut buyers = Vec::new();
        for (i, p) in ids.iter().take(3).enumerate() {
            buyers.push(
                testkit::make::household(txn, &clock, *p, &format!("scope-{i}"))
                    .await
                    .id,
            );
        }
        (
            ids[0], ids[1], ids[2], ids[3], buyers[0], buyers[1], buyers[2],
        )
    })
    .await;
    // Batch 1: a tie between the world's project and p2, and p3's June sale.
    let june = record_sales(
        &w.db,
        vec![
            sale(w.certified, w.a.household, "2019-06-03T10:00:00+08:00", 2),
            sale(w.certified, h2, "2019-06-03T11:00:00+08:00", 2),
            sale(w.certified, h3, "2019-06-05T10:00:00+08:00", 1),
        ],
    )
    .await;
    seal_and_audit(&w.db).await;
    // Batch 2: the other enterprise leads; p3 sells again in July.
    let later = record_sales(
        &w.db,
        vec![
            sale(w.certified, h4, "2019-06-20T10:00:00+08:00", 3),
            sale(w.certified, h3, "2019-07-02T10:00:00+08:00", 1),
        ],
    )
    .await;
    seal_and_audit(&w.db).await;
    // Batch 3: both of p3's sales refunded in July.
    record_entries(
        &w.db,
        vec![
            refund(later[1].id, "2019-07-05T10:00:00+08:00", 1),
            refund(june[2].id, "2019-07-06T10:00:00+08:00", 1),
        ],
    )
    .await
    .unwrap();
    seal_and_audit(&w.db).await;
    City {
        w,
        p2,
        p3,
        p4,
        quiet,
    }
}

/// Every stored ranking count, by key.
async fn counts(db: &DatabaseConnection) -> Vec<(String, String, String, String, i64)> {
    let mut rows: Vec<_> = ledger::entity::rollup_count::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|c| {
            (
                c.dimension,
                c.period,
                c.period_key,
                c.scope_key,
                c.row_count,
            )
        })
        .collect();
    rows.sort();
    rows
}

#[tokio::test]
async fn a_citys_communities_ranked_by_index_equal_ranking_everyone() {
    let c = city().await;
    let db = &c.w.db;
    let p1 = phase_one(db).await;
    let hefei = Within::City("340100".into());
    let a_project = c.w.a.project.to_string();

    // The shape the cases were built for: a tie at a cut of two, zero after refunds.
    let all = ranking::order(
        ranking::standings(db, Some(campaign()), Dimension::Project, Span::All, &hefei)
            .await
            .unwrap(),
        Metric::Jin,
    );
    let shape: Vec<(u32, String, i64)> = all
        .iter()
        .map(|r| (r.rank, r.standing.key.clone(), r.value))
        .collect();
    let mut tied = [a_project.clone(), c.p2.to_string()];
    tied.sort();
    assert_eq!(
        shape,
        vec![
            (1, c.p4.to_string(), 1500),
            (2, tied[0].clone(), 1000),
            (2, tied[1].clone(), 1000),
            (4, c.p3.to_string(), 0),
        ]
    );
    let (total, top) = ranking::cut::top(
        db,
        Some(campaign()),
        Dimension::Project,
        Metric::Jin,
        Span::All,
        &hefei,
        2,
    )
    .await
    .unwrap();
    assert_eq!((total, top.len()), (4, 3), "a tie at the cut is kept whole");

    let mut compared = 0;
    for (d, within) in [
        (Dimension::Project, hefei.clone()),
        (Dimension::Enterprise, hefei.clone()),
        (Dimension::Team, Within::Project(c.w.a.project)),
        (
            Dimension::Enterprise,
            Within::Association(c.w.a.association),
        ),
    ] {
        for m in [Metric::Jin, Metric::Yuan, Metric::Households] {
            for span in [
                Span::All,
                Span::Phase(p1.id),
                Span::Month(day("2019-06-01")),
                Span::Month(day("2019-07-01")),
                Span::Day(day("2019-06-03")),
            ] {
                let everyone = ranking::order(
                    ranking::standings(db, Some(campaign()), d, span, &within)
                        .await
                        .unwrap(),
                    m,
                );
                let by_key: std::collections::BTreeMap<String, i64> = everyone
                    .iter()
                    .map(|r| (r.standing.key.clone(), r.value))
                    .collect();
                assert_eq!(
                    by_key,
                    fresh(db, d, m, span, &within).await,
                    "{d:?} {m:?} {span:?} {within:?}"
                );
                for n in 0..=5 {
                    let (total, top) =
                        ranking::cut::top(db, Some(campaign()), d, m, span, &within, n)
                            .await
                            .unwrap();
                    assert_eq!(total, everyone.len(), "{d:?} {m:?} {span:?} {within:?}");
                    assert_eq!(
                        top,
                        ranking::top(everyone.clone(), n),
                        "{d:?} {m:?} {span:?} {within:?} {n}"
                    );
                }
                let keys = everyone
                    .iter()
                    .map(|r| r.standing.key.clone())
                    .chain([c.quiet.to_string(), Uuid::now_v7().to_string()]);
                for key in keys {
                    let place =
                        ranking::cut::place(db, Some(campaign()), (d, &key), m, span, &within)
                            .await
                            .unwrap();
                    assert_eq!(
                        place,
                        ranking::position(&everyone, &key),
                        "{d:?} {m:?} {span:?} {within:?} {key}"
                    );
                    compared += 1;
                }
            }
        }
    }
    assert!(compared > 150, "{compared}");

    // July: p3's only sale was refunded (a row at zero); a community without a row ties with it
    // and counts itself among those ranked.
    let july = Span::Month(day("2019-07-01"));
    let p3 = ranking::cut::place(
        db,
        Some(campaign()),
        (Dimension::Project, &c.p3.to_string()),
        Metric::Jin,
        july,
        &hefei,
    )
    .await
    .unwrap();
    assert_eq!((p3.rank, p3.of, p3.value), (1, 1, 0));
    let quiet = ranking::cut::place(
        db,
        Some(campaign()),
        (Dimension::Project, &c.quiet.to_string()),
        Metric::Jin,
        july,
        &hefei,
    )
    .await
    .unwrap();
    assert_eq!((quiet.rank, quiet.of, quiet.value), (1, 2, 0));

    // The counts the sealer kept over three batches are the ones a rebuild counts in SQL.
    let sealed = counts(db).await;
    assert!(
        sealed
            .iter()
            .any(|(d, p, _, s, n)| (d.as_str(), p.as_str(), s.as_str(), *n)
                == ("CITY_PROJECT", "ALL", "340100", 4)),
        "{sealed:?}"
    );
    let txn = kernel::db::begin_write(db).await.unwrap();
    ledger::rollup::rebuild::rebuild(
        &txn,
        ledger::rollup::rebuild::Rebuild { seen: false },
        |_, _| {},
    )
    .await
    .unwrap();
    txn.commit().await.unwrap();
    assert_eq!(counts(db).await, sealed);
}

/// On PostgreSQL the planner knows how big a city's share of the rollups is: the extended
/// statistics over the rollup's key (migration `20261203_001000`) are filled by ANALYZE, so the
/// pooled connections' generic plans for a ranking within a city pick the metric's own scope
/// index instead of filtering every community of the city through another one.
#[tokio::test]
async fn postgres_estimates_a_scope_from_statistics_over_the_rollup_key() {
    let c = city().await;
    let db = &c.w.db;
    if db.get_database_backend() != DatabaseBackend::Postgres {
        return; // SQLite has no extended statistics; its planner takes the metric's index.
    }
    db.execute_unprepared("ANALYZE ledger_rollup")
        .await
        .unwrap();
    let Some(row) = db
        .query_one_raw(Statement::from_string(
            DatabaseBackend::Postgres,
            "SELECT CAST(attnames AS TEXT) AS columns, n_distinct IS NOT NULL AS distinct_counts, \
             dependencies IS NOT NULL AS dependencies FROM pg_stats_ext \
             WHERE tablename = 'ledger_rollup' AND statistics_name = 'st_ledger_rollup_scope'",
        ))
        .await
        .unwrap()
    else {
        panic!("no statistics st_ledger_rollup_scope on ledger_rollup");
    };
    assert_eq!(
        row.try_get::<String>("", "columns").unwrap(),
        "{campaign_id,dimension,period,period_key,scope_key}"
    );
    assert!(row.try_get::<bool>("", "distinct_counts").unwrap());
    assert!(row.try_get::<bool>("", "dependencies").unwrap());
}
