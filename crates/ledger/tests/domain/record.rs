//! `record` and attribution: what an entry carries, and what it refuses.

use campaigns::COMMUNITY_POWER_CAMPAIGN_ID;
use kernel::{DomainError, Fen, Grams};
use ledger::attribution::resolve;
use ledger::{Amounts, EntryKind, NewEntry, Source};
use sea_orm::{ConnectionTrait, EntityTrait};

use crate::fixtures::*;

fn code(err: &DomainError) -> String {
    match err {
        DomainError::Invalid(p) => format!("{} {}", p[0].field.join("."), p[0].code),
        other => format!("{other:?}"),
    }
}

#[tokio::test]
async fn a_sale_is_recorded_with_every_fact_a_ranking_needs() {
    let w = world().await;
    let e = &record_sales(
        &w.db,
        vec![sale(
            w.certified,
            w.a.household,
            "2019-06-03T10:00:00+08:00",
            2,
        )],
    )
    .await[0];
    assert_eq!(e.kind, EntryKind::Sale);
    assert_eq!((e.quantity, e.grams, e.fen), (2, Grams(1000), Fen(6000)));
    assert_eq!(e.supplier_id, w.supplier);
    assert_eq!(
        (e.county_code.as_str(), e.province_code.as_str()),
        ("510727", "510000")
    );
    assert!(e.certified);
    assert_eq!(e.enterprise_id, Some(w.a.enterprise));
    assert_eq!(e.project_id, Some(w.a.project));
    assert_eq!(e.city_code.as_deref(), Some("340100"));
    assert_eq!(e.association_id, Some(w.a.association));
    assert_eq!(e.household_id, Some(w.a.household));
    assert_eq!(e.team_id, Some(w.a.team));
    assert_eq!(e.campaign_id, Some(COMMUNITY_POWER_CAMPAIGN_ID));
    assert_eq!(e.counted_on, day("2019-06-03"));
    let phases = campaigns::calendar::phases(&w.db, COMMUNITY_POWER_CAMPAIGN_ID)
        .await
        .unwrap();
    let phase = phases.iter().find(|p| Some(p.id) == e.phase_id).unwrap();
    assert_eq!(phase.name, "第一阶段：广泛参与");
    let loner = &record_sales(
        &w.db,
        vec![sale(w.certified, w.a.loner, "2019-06-03T10:00:00+08:00", 1)],
    )
    .await[0];
    assert_eq!(loner.team_id, None);
    seal_and_audit(&w.db).await;
}

#[tokio::test]
async fn certification_is_judged_on_the_day_of_sale() {
    let w = world().await;
    let entries = record_sales(
        &w.db,
        vec![
            // Listed on 2019-05-28: a sale the day before does not count as certified.
            sale(w.certified, w.a.household, "2019-05-27T10:00:00+08:00", 1),
            sale(w.certified, w.a.household, "2019-05-28T10:00:00+08:00", 1),
            sale(w.certified, w.a.household, "2020-07-01T10:00:00+08:00", 1),
            sale(w.plain, w.a.household, "2019-06-03T10:00:00+08:00", 1),
        ],
    )
    .await;
    let certified: Vec<bool> = entries.iter().map(|e| e.certified).collect();
    assert_eq!(certified, [false, true, false, false]);
    seal_and_audit(&w.db).await;
}

#[tokio::test]
async fn unknown_or_mismatched_ids_are_all_reported_at_once() {
    let w = world().await;
    let mut wrong_project = sale(w.certified, w.a.household, "2019-06-03T10:00:00+08:00", 1);
    wrong_project.buyer.project_id = Some(w.b.project);
    let unknown_product = sale(
        uuid::Uuid::now_v7(),
        w.a.household,
        "2019-06-03T10:00:00+08:00",
        1,
    );
    let err = resolve(&w.db, vec![wrong_project, unknown_product])
        .await
        .unwrap_err();
    match err {
        DomainError::Invalid(problems) => {
            let got: Vec<String> = problems
                .iter()
                .map(|p| format!("{} {}", p.field.join("."), p.code))
                .collect();
            assert_eq!(
                got,
                [
                    "0.householdId UNKNOWN_REFERENCE",
                    "1.productId UNKNOWN_REFERENCE"
                ]
            );
        }
        other => panic!("expected problems, got {other:?}"),
    }
}

#[tokio::test]
async fn a_refund_can_never_take_its_sale_below_zero() {
    let w = world().await;
    let sale = record_sales(
        &w.db,
        vec![sale(
            w.certified,
            w.a.household,
            "2019-06-03T10:00:00+08:00",
            3,
        )],
    )
    .await
    .remove(0);
    let refund = |units: i64, r: &str| {
        NewEntry::reversal(
            EntryKind::Refund,
            sale.id,
            Source::OrderLine,
            r,
            at("2019-07-10T10:00:00+08:00"),
            Amounts::new(units, Grams(500 * units), Fen(3000 * units)),
            "test",
        )
    };
    let first = record_entries(&w.db, vec![refund(2, "refund-1")])
        .await
        .unwrap()
        .remove(0);
    assert_eq!(
        (first.quantity, first.grams, first.fen),
        (-2, Grams(-1000), Fen(-6000))
    );
    assert_eq!(first.reverses_id, Some(sale.id));
    // A refund counts on its sale's day, so no day or month of the sale goes negative.
    assert_eq!(first.counted_on, day("2019-06-03"));
    assert_eq!(
        (first.enterprise_id, first.team_id),
        (sale.enterprise_id, sale.team_id)
    );
    let too_much = record_entries(&w.db, vec![refund(2, "refund-2")])
        .await
        .unwrap_err();
    assert_eq!(code(&too_much), "0.quantity EXCEEDS_ORIGINAL");
    let twice_in_one_call =
        record_entries(&w.db, vec![refund(1, "refund-3"), refund(1, "refund-4")])
            .await
            .unwrap_err();
    assert_eq!(code(&twice_in_one_call), "1.quantity EXCEEDS_ORIGINAL");
    record_entries(&w.db, vec![refund(1, "refund-5")])
        .await
        .unwrap();
    let of_a_refund = NewEntry::reversal(
        EntryKind::Correction,
        first.id,
        Source::OrderLine,
        "c-1",
        at("2019-07-10T10:00:00+08:00"),
        Amounts::new(1, Grams(0), Fen(0)),
        "test",
    );
    assert_eq!(
        code(&record_entries(&w.db, vec![of_a_refund]).await.unwrap_err()),
        "0.reverses NOT_A_SALE"
    );
    let report = seal_and_audit(&w.db).await;
    assert_eq!(report.chain.verified, 3);
    let totals = ledger::rollup::totals(
        &w.db,
        Some(campaigns::COMMUNITY_POWER_CAMPAIGN_ID),
        ledger::rollup::Dimension::All,
        "",
        ledger::rollup::Period::All,
        "",
    )
    .await
    .unwrap();
    assert_eq!(
        (totals.grams, totals.fen, totals.entries),
        (Grams(0), Fen(0), 3)
    );
    assert_eq!(
        totals.households, 1,
        "a refund does not un-count a household"
    );
}

#[tokio::test]
async fn the_same_fact_is_never_recorded_twice() {
    let w = world().await;
    let first = sale(w.certified, w.a.household, "2019-06-03T10:00:00+08:00", 1);
    let again = first.clone();
    record_sales(&w.db, vec![first]).await;
    let txn = kernel::db::begin_write(&w.db).await.unwrap();
    let entries = resolve(&txn, vec![again]).await.unwrap();
    assert!(matches!(
        ledger::record(&txn, entries).await,
        Err(DomainError::Conflict)
    ));
}

#[tokio::test]
async fn sales_outside_every_campaign_are_counted_under_the_nil_campaign() {
    let w = world().await;
    let e = record_sales(
        &w.db,
        vec![sale(
            w.certified,
            w.a.household,
            "2026-03-01T10:00:00+08:00",
            1,
        )],
    )
    .await
    .remove(0);
    assert_eq!((e.campaign_id, e.phase_id), (None, None));
    seal_and_audit(&w.db).await;
    let totals = ledger::rollup::totals(
        &w.db,
        None,
        ledger::rollup::Dimension::City,
        "340100",
        ledger::rollup::Period::Month,
        "2026-03",
    )
    .await
    .unwrap();
    assert_eq!(totals.grams, Grams(500));
}

#[tokio::test]
async fn entries_and_seals_refuse_update_and_delete() {
    let w = world().await;
    let e = record_sales(
        &w.db,
        vec![sale(
            w.certified,
            w.a.household,
            "2019-06-03T10:00:00+08:00",
            1,
        )],
    )
    .await
    .remove(0);
    ledger::sealer::seal_all(&w.db, 10).await.unwrap();
    for sql in [
        "UPDATE ledger_entry SET fen = 1",
        "DELETE FROM ledger_entry",
        "UPDATE ledger_seal SET hash = 'x'",
        "DELETE FROM ledger_seal",
    ] {
        let err = w.db.execute_unprepared(sql).await.unwrap_err();
        assert!(err.to_string().contains("append-only"), "{sql}: {err}");
    }
    let still = ledger::entity::entry::Entity::find_by_id(e.id)
        .one(&w.db)
        .await
        .unwrap();
    assert_eq!(still, Some(e));
}

/// The calendar is kept in memory by its version token: a transaction that changes it
/// attributes its own sales by its change; once rolled back, the change is never served again,
/// not even for the next change's version.
#[tokio::test]
async fn the_calendar_a_sale_is_counted_by_is_the_one_its_transaction_sees() {
    use campaigns::entity::campaign_phase::{self, PhaseKind};
    use sea_orm::{ActiveModelTrait, Set};
    let w = world().await;
    let when = "2019-06-03T10:00:00+08:00";
    let first = &record_sales(&w.db, vec![sale(w.certified, w.a.household, when, 1)]).await[0];
    let one_day = |ordinal: i32| campaign_phase::ActiveModel {
        id: Set(kernel::new_id()),
        campaign_id: Set(COMMUNITY_POWER_CAMPAIGN_ID),
        ordinal: Set(ordinal),
        kind: Set(PhaseKind::Phase),
        name: Set(format!("一日冲刺 {ordinal}")),
        starts_on: Set(day("2019-06-03")),
        ends_on: Set(day("2019-06-03")),
    };

    let txn = kernel::db::begin_write(&w.db).await.unwrap();
    let dropped = one_day(98).insert(&txn).await.unwrap();
    let entries = resolve(&txn, vec![sale(w.certified, w.a.household, when, 1)])
        .await
        .unwrap();
    let ledger::Body::Sale(facts) = &entries[0].body else {
        panic!("a sale");
    };
    assert_eq!(facts.phase_id, Some(dropped.id));
    txn.rollback().await.unwrap();

    let again = &record_sales(&w.db, vec![sale(w.certified, w.a.household, when, 1)]).await[0];
    assert_eq!(again.phase_id, first.phase_id);

    let txn = kernel::db::begin_write(&w.db).await.unwrap();
    let kept = one_day(97).insert(&txn).await.unwrap();
    txn.commit().await.unwrap();
    let last = &record_sales(&w.db, vec![sale(w.certified, w.a.household, when, 1)]).await[0];
    assert_eq!(last.phase_id, Some(kept.id));
}
