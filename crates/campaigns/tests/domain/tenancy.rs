#![expect(
    clippy::unwrap_used,
    reason = "fixture helpers fail the test loudly when set-up or an expectation fails"
)]

//! Isolation: another tenant's enlistments, fairs, events, visits, jobs and reports are
//! NOT_FOUND, through lookups, lists and writes, and nothing changes.

use campaigns::COMMUNITY_POWER_CAMPAIGN_ID as CAMPAIGN;
use campaigns::employment::{self, EmploymentInput};
use campaigns::enlistment::{self, EnlistmentFilter};
use campaigns::event::{self, EventFilter, EventInput};
use campaigns::fair::{self, FairFilter, FairInput};
use campaigns::report::{self, ReportFilter, ReportInput};
use campaigns::visit::{self, VisitInput};
use kernel::{Actor, PageRequest};

use crate::fixtures::{World, association_admin, code, day, enterprise_admin, on, world};

struct Rows {
    enlistment: uuid::Uuid,
    fair: uuid::Uuid,
    event: uuid::Uuid,
    visit: uuid::Uuid,
    job: uuid::Uuid,
    report: uuid::Uuid,
}

/// One row of every type, owned by tenant B.
async fn rows_of_b(w: &World) -> Rows {
    let clock = on("2019-05-01");
    let e_admin = enterprise_admin(w.b.enterprise);
    let a_admin = association_admin(w.b.association);
    let enlistment = kernel::db::write(&w.db, async |txn| {
        enlistment::save_enterprise(txn, &e_admin, &clock, CAMPAIGN, None, Default::default()).await
    })
    .await
    .unwrap();
    let fair = kernel::db::write(&w.db, async |txn| {
        fair::create(
            txn,
            &e_admin,
            &clock,
            FairInput {
                campaign_id: CAMPAIGN,
                association_id: None,
                enterprise_id: None,
                name: "深圳市集".into(),
                project_id: Some(w.b.projects[0]),
                address: None,
                starts_on: day("2019-06-01"),
                ends_on: None,
            },
        )
        .await
    })
    .await
    .unwrap();
    let event = kernel::db::write(&w.db, async |txn| {
        event::apply(
            txn,
            &e_admin,
            &clock,
            EventInput {
                campaign_id: CAMPAIGN,
                association_id: None,
                enterprise_id: None,
                title: "品鉴会".into(),
                project_id: Some(w.b.projects[0]),
                address: None,
                starts_on: day("2019-06-15"),
                ends_on: None,
                tasting_products: vec!["茶".into()],
                expected_attendance: 100,
            },
        )
        .await
    })
    .await
    .unwrap();
    let (visit, _) = kernel::db::write(&w.db, async |txn| {
        visit::create(
            txn,
            &a_admin,
            &clock,
            VisitInput {
                campaign_id: CAMPAIGN,
                association_id: None,
                enterprise_id: None,
                county_code: "510727".into(),
                starts_on: day("2019-05-01"),
                ends_on: None,
                participant_count: 3,
                owner_representative_count: 1,
                selected_products: vec![],
                summary: None,
            },
        )
        .await
    })
    .await
    .unwrap();
    let job = kernel::db::write(&w.db, async |txn| {
        employment::record(
            txn,
            &e_admin,
            &clock,
            EmploymentInput {
                campaign_id: CAMPAIGN,
                enterprise_id: None,
                county_code: "510727".into(),
                role: "绿化工".into(),
                starts_on: day("2019-05-01"),
                person_ref: "SZ-0001".into(),
            },
        )
        .await
    })
    .await
    .unwrap();
    let report = kernel::db::write(&w.db, async |txn| {
        report::file(
            txn,
            &a_admin,
            &clock,
            ReportInput {
                campaign_id: CAMPAIGN,
                kind: campaigns::entity::progress_report::ReportKind::Monthly,
                association_id: None,
                period_start: day("2019-04-01"),
                highlights: "启动".into(),
                problems: None,
                next_steps: None,
                enterprises_enlisted: None,
                fairs_held: None,
                events_held: None,
                events_closed: None,
                county_visits: None,
                jobs_created: None,
                sales_fen: None,
                weight_grams: None,
            },
        )
        .await
    })
    .await
    .unwrap();
    Rows {
        enlistment: enlistment.id,
        fair: fair.id,
        event: event.id,
        visit: visit.id,
        job: job.id,
        report: report.id,
    }
}

async fn sees_none_of(w: &World, actor: &Actor, b: &Rows) {
    let db = &w.db;
    let spec = PageRequest::default().check().unwrap();
    assert_eq!(
        code(&enlistment::get(db, actor, b.enlistment).await.unwrap_err()),
        "NOT_FOUND"
    );
    assert_eq!(
        code(&fair::get(db, actor, b.fair).await.unwrap_err()),
        "NOT_FOUND"
    );
    assert_eq!(
        code(&event::get(db, actor, b.event).await.unwrap_err()),
        "NOT_FOUND"
    );
    assert_eq!(
        code(&visit::get(db, actor, b.visit).await.unwrap_err()),
        "NOT_FOUND"
    );
    assert_eq!(
        code(&employment::get(db, actor, b.job).await.unwrap_err()),
        "NOT_FOUND"
    );
    assert_eq!(
        code(&report::get(db, actor, b.report).await.unwrap_err()),
        "NOT_FOUND"
    );
    assert_eq!(
        enlistment::count(db, actor, &EnlistmentFilter::default())
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        fair::count(db, actor, &FairFilter::default())
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        event::count(db, actor, &EventFilter::default())
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        visit::list(db, actor, None, spec)
            .await
            .unwrap()
            .edges
            .len(),
        0
    );
    assert_eq!(employment::count(db, actor, None).await.unwrap(), 0);
    assert_eq!(
        report::count(db, actor, &ReportFilter::default())
            .await
            .unwrap(),
        0
    );

    let clock = on("2019-06-20");
    let writes = [
        kernel::db::write(db, async |txn| {
            enlistment::submit(txn, actor, &clock, b.enlistment).await
        })
        .await
        .map(|_| ()),
        kernel::db::write(db, async |txn| {
            enlistment::confirm(txn, actor, &clock, b.enlistment).await
        })
        .await
        .map(|_| ()),
        kernel::db::write(db, async |txn| {
            enlistment::send_back(txn, actor, &clock, b.enlistment, "x").await
        })
        .await
        .map(|_| ()),
        kernel::db::write(db, async |txn| {
            fair::record_held(txn, actor, &clock, b.fair, None, None).await
        })
        .await
        .map(|_| ()),
        kernel::db::write(db, async |txn| {
            fair::cancel(txn, actor, &clock, b.fair).await
        })
        .await
        .map(|_| ()),
        kernel::db::write(db, async |txn| {
            event::mark_held(txn, actor, &clock, b.event).await
        })
        .await
        .map(|_| ()),
    ];
    for (i, result) in writes.into_iter().enumerate() {
        assert_eq!(code(&result.unwrap_err()), "NOT_FOUND", "write {i}");
    }
}

#[tokio::test]
async fn another_tenants_campaign_rows_are_not_found_and_unchanged() {
    let w = world().await;
    let b = rows_of_b(&w).await;
    sees_none_of(&w, &enterprise_admin(w.a.enterprise), &b).await;
    sees_none_of(&w, &association_admin(w.a.association), &b).await;

    // B's rows are as they were, and B's association sees its member's rows.
    let b_association = association_admin(w.b.association);
    let fair = fair::get(&w.db, &b_association, b.fair).await.unwrap();
    assert_eq!(
        fair.status,
        campaigns::entity::market_fair::FairStatus::Planned
    );
    let enlistment = enlistment::get(&w.db, &b_association, b.enlistment)
        .await
        .unwrap();
    assert_eq!(
        enlistment.state,
        campaigns::entity::enlistment::EnlistmentState::Draft
    );
    event::get(&w.db, &b_association, b.event).await.unwrap();
    employment::get(&w.db, &b_association, b.job).await.unwrap();
    // An enterprise does not read its association's visit or report.
    let b_member = enterprise_admin(w.b.enterprise);
    assert_eq!(
        code(&visit::get(&w.db, &b_member, b.visit).await.unwrap_err()),
        "NOT_FOUND"
    );
    assert_eq!(
        code(&report::get(&w.db, &b_member, b.report).await.unwrap_err()),
        "NOT_FOUND"
    );
}
