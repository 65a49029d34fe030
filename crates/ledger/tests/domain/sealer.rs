//! The sealer: gap-free numbering, the hash chain, rollups, distinct households, wake-ups and
//! the one-leader rule.

use std::time::Duration;

use campaigns::COMMUNITY_POWER_CAMPAIGN_ID as CAMPAIGN;
use kernel::{Fen, Grams};
use ledger::canonical::{GENESIS, chain_hash};
use ledger::entity::{chain_head, seal};
use ledger::rollup::{Dimension, Period, totals};
use ledger::{SealerConfig, SealerRole, Signal};
use sea_orm::{DatabaseBackend, EntityTrait, QueryOrder};

use crate::fixtures::*;

#[tokio::test]
async fn sealing_numbers_entries_without_gaps_and_chains_their_hashes() {
    let w = world().await;
    let mut recorded = Vec::new();
    for i in 0..5 {
        let when = format!("2019-06-0{}T10:00:00+08:00", i + 1);
        recorded
            .extend(record_sales(&w.db, vec![sale(w.certified, w.a.household, &when, 1)]).await);
    }
    let waiting = ledger::status::status(&w.db, chrono::Utc::now())
        .await
        .unwrap();
    assert_eq!((waiting.sealed_through, waiting.pending), (0, 5));
    assert!(waiting.lag >= chrono::TimeDelta::zero());
    // Small batches: the chain continues across batch boundaries.
    assert_eq!(ledger::sealer::seal_all(&w.db, 2).await.unwrap(), 5);
    let seals = seal::Entity::find()
        .order_by_asc(seal::Column::Seq)
        .all(&w.db)
        .await
        .unwrap();
    let seqs: Vec<i64> = seals.iter().map(|s| s.seq).collect();
    assert_eq!(seqs, [1, 2, 3, 4, 5]);
    let mut prev = GENESIS.to_owned();
    for (s, e) in seals.iter().zip(&recorded) {
        assert_eq!(s.entry_id, e.id, "sealed in the order recorded");
        assert_eq!(s.prev_hash, prev);
        assert_eq!(s.hash, chain_hash(&prev, s.seq, e));
        prev.clone_from(&s.hash);
    }
    let head = chain_head::Entity::find_by_id(1)
        .one(&w.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((head.seq, head.hash), (5, prev));
    let status = ledger::status::status(&w.db, chrono::Utc::now())
        .await
        .unwrap();
    assert_eq!((status.sealed_through, status.pending), (5, 0));
    assert_eq!(
        ledger::sealer::seal_all(&w.db, 2).await.unwrap(),
        0,
        "nothing is sealed twice"
    );
    seal_and_audit(&w.db).await;
}

#[tokio::test]
async fn rollups_sum_by_every_dimension_and_period() {
    let w = world().await;
    record_sales(
        &w.db,
        vec![
            sale(w.certified, w.a.household, "2019-06-03T10:00:00+08:00", 2),
            sale(w.plain, w.a.loner, "2019-06-04T10:00:00+08:00", 1),
            sale(w.certified, w.b.household, "2019-09-10T10:00:00+08:00", 4),
        ],
    )
    .await;
    seal_and_audit(&w.db).await;
    let get = |d: Dimension, k: String, p: Period, pk: &'static str| {
        let db = w.db.clone();
        async move { totals(&db, Some(CAMPAIGN), d, &k, p, pk).await.unwrap() }
    };
    let all = get(Dimension::All, String::new(), Period::All, "").await;
    assert_eq!(
        (all.grams, all.fen, all.entries, all.households),
        (Grams(3500), Fen(21000), 3, 3)
    );
    assert_eq!(
        (all.certified_grams, all.certified_fen),
        (Grams(3000), Fen(18000))
    );
    let hefei = get(Dimension::City, "340100".into(), Period::Month, "2019-06").await;
    assert_eq!((hefei.grams, hefei.households), (Grams(1500), 2));
    let team = get(Dimension::Team, w.a.team.to_string(), Period::All, "").await;
    assert_eq!(team.grams, Grams(1000));
    let county = get(
        Dimension::County,
        "510727".into(),
        Period::Day,
        "2019-09-10",
    )
    .await;
    assert_eq!(county.grams, Grams(2000));
    let nothing = get(Dimension::City, "440300".into(), Period::Month, "2019-06").await;
    assert_eq!(nothing, ledger::rollup::Totals::default());
}

#[tokio::test]
async fn distinct_households_stay_exact_when_applied_batch_by_batch() {
    let w = world().await;
    // The same household buys in three batches, twice within one; another household once.
    for (household, when) in [
        (w.a.household, "2019-06-03T10:00:00+08:00"),
        (w.a.household, "2019-06-03T11:00:00+08:00"),
        (w.a.household, "2019-06-20T10:00:00+08:00"),
        (w.a.loner, "2019-06-20T10:00:00+08:00"),
        (w.a.household, "2019-07-01T10:00:00+08:00"),
    ] {
        record_sales(&w.db, vec![sale(w.certified, household, when, 1)]).await;
        ledger::sealer::seal_all(&w.db, 100).await.unwrap();
    }
    let households = |p: Period, k: &'static str| {
        let db = w.db.clone();
        async move {
            totals(
                &db,
                Some(CAMPAIGN),
                Dimension::Enterprise,
                &w.a.enterprise.to_string(),
                p,
                k,
            )
            .await
            .unwrap()
            .households
        }
    };
    assert_eq!(households(Period::All, "").await, 2);
    assert_eq!(households(Period::Month, "2019-06").await, 2);
    assert_eq!(households(Period::Day, "2019-06-03").await, 1);
    assert_eq!(households(Period::Month, "2019-07").await, 1);
    seal_and_audit(&w.db).await;
}

#[expect(
    clippy::unwrap_used,
    reason = "a status that cannot be read must fail the test"
)]
async fn wait_until_sealed(db: &sea_orm::DatabaseConnection, within: Duration) -> bool {
    let deadline = tokio::time::Instant::now() + within;
    while tokio::time::Instant::now() < deadline {
        let s = ledger::status::status(db, chrono::Utc::now())
            .await
            .unwrap();
        if s.pending == 0 {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    false
}

fn slow_poll(url: &str) -> SealerConfig {
    SealerConfig {
        poll_interval: Duration::from_secs(3600),
        standby_retry: Duration::from_millis(200),
        ..SealerConfig::new(url)
    }
}

#[tokio::test]
async fn the_background_sealer_wakes_on_the_signal_after_commit() {
    let w = world().await;
    let signal = Signal::new();
    let sealer = ledger::sealer::spawn(w.db.clone(), signal.clone(), slow_poll(w.url()));
    assert!(
        sealer
            .wait_for(SealerRole::Leader, Duration::from_secs(10))
            .await
    );
    record_sales(
        &w.db,
        vec![sale(
            w.certified,
            w.a.household,
            "2019-06-03T10:00:00+08:00",
            1,
        )],
    )
    .await;
    // An hour-long poll interval: only the signal can wake it in time.
    signal.notify();
    assert!(wait_until_sealed(&w.db, Duration::from_secs(10)).await);
    sealer.stop().await;
    seal_and_audit(&w.db).await;
}

#[tokio::test]
async fn a_second_sealer_stands_by_while_the_first_holds_the_lock() {
    let w = world().await;
    if w.db.get_database_backend() != DatabaseBackend::Postgres {
        return; // SQLite is one process's embedded database: there is no second instance.
    }
    let (first_signal, second_signal) = (Signal::new(), Signal::new());
    let first = ledger::sealer::spawn(w.db.clone(), first_signal.clone(), slow_poll(w.url()));
    assert!(
        first
            .wait_for(SealerRole::Leader, Duration::from_secs(10))
            .await
    );
    // The second instance has its own pool, as another server would.
    let other_db = kernel::db::connect(w.url(), 4).await.unwrap();
    let second = ledger::sealer::spawn(other_db.clone(), second_signal.clone(), slow_poll(w.url()));
    assert!(
        second
            .wait_for(SealerRole::Standby, Duration::from_secs(10))
            .await
    );
    // A sale on the second instance: it rings its own sealer, which forwards the wake-up to the
    // leader over NOTIFY; the leader seals it.
    record_sales(
        &other_db,
        vec![sale(
            w.certified,
            w.a.household,
            "2019-06-03T10:00:00+08:00",
            1,
        )],
    )
    .await;
    second_signal.notify();
    assert!(wait_until_sealed(&w.db, Duration::from_secs(10)).await);
    assert_eq!(
        second.role(),
        SealerRole::Standby,
        "the second sealer never led"
    );
    // When the first instance stops, the second takes the lock and seals.
    first.stop().await;
    assert!(
        second
            .wait_for(SealerRole::Leader, Duration::from_secs(10))
            .await
    );
    record_sales(
        &other_db,
        vec![sale(
            w.certified,
            w.a.household,
            "2019-06-04T10:00:00+08:00",
            1,
        )],
    )
    .await;
    second_signal.notify();
    assert!(wait_until_sealed(&w.db, Duration::from_secs(10)).await);
    second.stop().await;
    seal_and_audit(&w.db).await;
}
