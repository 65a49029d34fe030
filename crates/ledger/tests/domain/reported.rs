//! Sales reported from outside: idempotent batches, automatic flags, review, and what reaches
//! the ledger.

use campaigns::COMMUNITY_POWER_CAMPAIGN_ID as CAMPAIGN;
use kernel::{DomainError, Fen, Grams};
use ledger::reported::{Decision, ErrorPolicy, Flag, ProductRef, ReportedRowInput, RowOutcome};
use ledger::rollup::{Dimension, Period, totals};
use ledger::{Channel, Signal, Source};
use uuid::Uuid;

use crate::fixtures::*;

fn row(w: &World, order: &str, sold_on: &str, units: i64) -> ReportedRowInput {
    ReportedRowInput {
        external_order_id: order.into(),
        external_line: "1".into(),
        sold_on: day(sold_on),
        project_id: w.a.project,
        product: ProductRef::Id(w.certified),
        quantity: units,
        grams: Grams(500 * units),
        fen: Fen(3000 * units),
        channel: Some(Channel::Counter),
    }
}

#[expect(
    clippy::unwrap_used,
    reason = "a fixture that cannot be built must fail the test"
)]
async fn report(
    w: &World,
    rows: Vec<ReportedRowInput>,
    policy: ErrorPolicy,
) -> ledger::reported::BatchReport {
    ledger::commands::report_sales(
        &w.db,
        &enterprise_admin(w.a.enterprise),
        &on("2019-07-01"),
        None,
        rows.into_iter().map(Ok).collect(),
        policy,
    )
    .await
    .unwrap()
}

fn outcomes(r: &ledger::reported::BatchReport) -> Vec<RowOutcome> {
    r.rows.iter().map(|r| r.outcome).collect()
}

#[tokio::test]
async fn a_resent_row_is_recognised_and_a_changed_one_refused() {
    let w = world().await;
    let rows = vec![
        row(&w, "ZZ-1", "2019-06-03", 1),
        row(&w, "ZZ-2", "2019-06-03", 2),
    ];
    let first = report(&w, rows.clone(), ErrorPolicy::RejectEverything).await;
    assert_eq!(
        outcomes(&first),
        [RowOutcome::Received, RowOutcome::Received]
    );
    let again = report(&w, rows, ErrorPolicy::RejectEverything).await;
    assert_eq!(
        outcomes(&again),
        [RowOutcome::Repeated, RowOutcome::Repeated]
    );
    assert_eq!(
        again.rows[0].row.as_ref().map(|r| r.id),
        first.rows[0].row.as_ref().map(|r| r.id)
    );
    let mut changed = row(&w, "ZZ-1", "2019-06-03", 1);
    changed.fen = Fen(2900);
    let refused = report(&w, vec![changed], ErrorPolicy::RejectFailedRows).await;
    assert_eq!(outcomes(&refused), [RowOutcome::Failed]);
    assert_eq!(refused.rows[0].problems[0].code, "CONFLICTING_RESUBMISSION");
    let held = ledger::reported::count_rows(&w.db, &platform(), &Default::default())
        .await
        .unwrap();
    assert_eq!(held, 2);
}

#[tokio::test]
async fn the_error_policy_decides_whether_good_rows_are_held_beside_bad_ones() {
    let w = world().await;
    let mut bad = row(&w, "ZZ-9", "2019-06-03", 1);
    bad.project_id = w.b.project;
    bad.quantity = 0;
    let rows = vec![row(&w, "ZZ-1", "2019-06-03", 1), bad];
    let all_or_nothing = report(&w, rows.clone(), ErrorPolicy::RejectEverything).await;
    assert!(all_or_nothing.batch.is_none());
    assert_eq!(
        outcomes(&all_or_nothing),
        [RowOutcome::Skipped, RowOutcome::Failed]
    );
    let fields: Vec<String> = all_or_nothing.rows[1]
        .problems
        .iter()
        .map(|p| format!("{} {}", p.field.join("."), p.code))
        .collect();
    assert_eq!(
        fields,
        ["quantity OUT_OF_RANGE", "projectId UNKNOWN_REFERENCE"]
    );
    let good_ones = report(&w, rows, ErrorPolicy::RejectFailedRows).await;
    let batch = good_ones.batch.unwrap();
    assert_eq!((batch.received_count, batch.failed_count), (1, 1));
    // A row the caller could not even parse (a bad id, an unreadable CSV record) fails in its
    // place among the others.
    let unreadable = kernel::Problem::new(
        &["projectId"],
        "INVALID_ID",
        kernel::Message::new("无效", "invalid"),
    );
    let mixed = ledger::commands::report_sales(
        &w.db,
        &enterprise_admin(w.a.enterprise),
        &on("2019-07-01"),
        None,
        vec![Err(vec![unreadable]), Ok(row(&w, "ZZ-2", "2019-06-03", 1))],
        ErrorPolicy::RejectFailedRows,
    )
    .await
    .unwrap();
    assert_eq!(outcomes(&mixed), [RowOutcome::Failed, RowOutcome::Received]);
    assert_eq!(mixed.rows[1].index, 1);
    assert_eq!(mixed.batch.unwrap().failed_count, 1);
}

#[tokio::test]
async fn automatic_flags_point_the_reviewer_at_suspicious_rows() {
    let w = world().await;
    let mut unknown = row(&w, "U", "2019-06-03", 1);
    unknown.product = ProductRef::CertificateNo("FP-000".into());
    let mut cheap = row(&w, "P", "2019-06-03", 1);
    cheap.fen = Fen(1000);
    let mut by_number = row(&w, "N", "2019-06-04", 1);
    by_number.product = ProductRef::CertificateNo("FP-510727-0001".into());
    let rows = vec![
        row(&w, "OK", "2019-06-03", 1),
        row(&w, "EARLY", "2019-05-20", 1),
        unknown,
        cheap,
        row(&w, "LATE", "2020-12-01", 1),
        // The same sale as "OK" under another order id.
        row(&w, "OK-AGAIN", "2019-06-03", 1),
        by_number,
    ];
    let mut company = enterprise_admin(w.a.enterprise);
    company.subject = "app".into();
    let r = ledger::commands::report_sales(
        &w.db,
        &company,
        &on("2021-01-01"),
        None,
        rows.into_iter().map(Ok).collect(),
        ErrorPolicy::RejectEverything,
    )
    .await
    .unwrap();
    let flags: Vec<Vec<Flag>> = r
        .rows
        .iter()
        .map(|r| Flag::parse_list(&r.row.as_ref().unwrap().flags))
        .collect();
    assert_eq!(
        flags,
        [
            vec![],
            vec![Flag::NotCertified],
            vec![Flag::UnknownProduct],
            vec![Flag::PriceOutlier],
            vec![Flag::NotCertified, Flag::OutsideCampaign],
            vec![Flag::PossibleDuplicate],
            vec![],
        ]
    );
    assert_eq!(
        r.rows[6].row.as_ref().unwrap().product_id,
        Some(w.certified)
    );
}

fn code(err: &DomainError) -> String {
    match err {
        DomainError::Invalid(p) => format!("{} {}", p[0].field.join("."), p[0].code),
        other => format!("{other:?}"),
    }
}

#[tokio::test]
async fn only_verified_rows_count_and_a_later_rejection_takes_them_back() {
    let w = world().await;
    let r = report(
        &w,
        vec![
            row(&w, "ZZ-1", "2019-06-03", 2),
            row(&w, "ZZ-2", "2019-06-04", 1),
        ],
        ErrorPolicy::RejectEverything,
    )
    .await;
    let ids: Vec<Uuid> = r.rows.iter().map(|r| r.row.as_ref().unwrap().id).collect();
    let (signal, reviewer, clock) = (
        Signal::new(),
        association_admin(w.a.association),
        on("2019-07-02"),
    );
    let verified = ledger::commands::review(
        &w.db,
        &signal,
        &reviewer,
        &clock,
        vec![ids[0]],
        Decision::Verify,
    )
    .await
    .unwrap();
    let entry = &verified.entries[0];
    assert_eq!(
        (entry.source, entry.channel, entry.grams),
        (Source::ReportedRow, Channel::Counter, Grams(1000))
    );
    assert_eq!(
        (
            entry.enterprise_id,
            entry.city_code.as_deref(),
            entry.certified
        ),
        (Some(w.a.enterprise), Some("340100"), true)
    );
    assert_eq!(verified.rows[0].entry_id, Some(entry.id));
    let twice = ledger::commands::review(
        &w.db,
        &signal,
        &reviewer,
        &clock,
        vec![ids[0]],
        Decision::Verify,
    )
    .await
    .unwrap_err();
    assert_eq!(code(&twice), "rowIds.0.status INVALID_TRANSITION");
    let no_reason = Decision::Reject { reason: " ".into() };
    assert_eq!(
        code(
            &ledger::commands::review(&w.db, &signal, &reviewer, &clock, vec![ids[1]], no_reason)
                .await
                .unwrap_err()
        ),
        "reason REASON_REQUIRED"
    );
    let rejected = ledger::commands::review(
        &w.db,
        &signal,
        &reviewer,
        &clock,
        vec![ids[1]],
        Decision::Reject {
            reason: "无对应订单".into(),
        },
    )
    .await
    .unwrap();
    assert!(
        rejected.entries.is_empty(),
        "a row never counted needs no correction"
    );
    seal_and_audit(&w.db).await;
    let all = totals(&w.db, Some(CAMPAIGN), Dimension::All, "", Period::All, "")
        .await
        .unwrap();
    assert_eq!(all.grams, Grams(1000), "the rejected row never counted");
    // The verified row turns out wrong: rejecting it records a correction.
    let taken_back = ledger::commands::review(
        &w.db,
        &signal,
        &platform(),
        &clock,
        vec![ids[0]],
        Decision::Reject {
            reason: "重复上报".into(),
        },
    )
    .await
    .unwrap();
    assert_eq!(taken_back.entries[0].kind, ledger::EntryKind::Correction);
    assert_eq!(taken_back.entries[0].reverses_id, Some(entry.id));
    seal_and_audit(&w.db).await;
    let all = totals(&w.db, Some(CAMPAIGN), Dimension::All, "", Period::All, "")
        .await
        .unwrap();
    assert_eq!((all.grams, all.fen, all.entries), (Grams(0), Fen(0), 2));
}

#[tokio::test]
async fn only_the_enterprises_association_or_the_platform_reviews() {
    let w = world().await;
    let r = report(
        &w,
        vec![row(&w, "ZZ-1", "2019-06-03", 1)],
        ErrorPolicy::RejectEverything,
    )
    .await;
    let id = r.rows[0].row.as_ref().unwrap().id;
    let (signal, clock) = (Signal::new(), on("2019-07-02"));
    let own_company = ledger::commands::review(
        &w.db,
        &signal,
        &enterprise_admin(w.a.enterprise),
        &clock,
        vec![id],
        Decision::Verify,
    )
    .await
    .unwrap_err();
    assert!(matches!(own_company, DomainError::Forbidden));
    let other_association = ledger::commands::review(
        &w.db,
        &signal,
        &association_admin(w.b.association),
        &clock,
        vec![id],
        Decision::Verify,
    )
    .await
    .unwrap_err();
    assert!(matches!(other_association, DomainError::NotFound));
    let other_company = ledger::reported::row(&w.db, &enterprise_admin(w.b.enterprise), id)
        .await
        .unwrap_err();
    assert!(matches!(other_company, DomainError::NotFound));
    assert!(
        ledger::reported::row(&w.db, &association_admin(w.a.association), id)
            .await
            .is_ok()
    );
}
