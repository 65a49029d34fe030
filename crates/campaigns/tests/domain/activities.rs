//! Fairs and the two-fairs figure, community events with the 28-day and closing-report rules,
//! county visits and employment.

use campaigns::COMMUNITY_POWER_CAMPAIGN_ID as CAMPAIGN;
use campaigns::employment::{self, EmploymentInput};
use campaigns::entity::community_event::EventState as State;
use campaigns::entity::market_fair::FairStatus;
use campaigns::event::{self, ClosingReportInput, EventFilter, EventInput};
use campaigns::fair::{self, FairInput};
use campaigns::visit::{self, SelectionInput, VisitInput};
use kernel::PageRequest;
use uuid::Uuid;

use crate::fixtures::{
    association_admin, code, day, enterprise_admin, on, platform, problems, world,
};

fn fair_on(starts: &str, enterprise: Option<Uuid>) -> FairInput {
    FairInput {
        campaign_id: CAMPAIGN,
        association_id: None,
        enterprise_id: enterprise,
        name: format!("{starts} 消费扶贫市集"),
        project_id: None,
        address: Some("滨湖区市民广场".into()),
        starts_on: day(starts),
        ends_on: None,
    }
}

#[tokio::test]
async fn the_two_fairs_a_year_figure_counts_held_fairs_of_the_association_and_its_members() {
    let w = world().await;
    let association = association_admin(w.a.association);
    let member = enterprise_admin(w.a.enterprise);
    let planning = on("2019-05-01");

    let first = kernel::db::write(&w.db, async |txn| {
        fair::create(txn, &association, &planning, fair_on("2019-06-15", None)).await
    })
    .await
    .unwrap();
    let by_member = kernel::db::write(&w.db, async |txn| {
        fair::create(txn, &member, &planning, fair_on("2019-09-20", None)).await
    })
    .await
    .unwrap();
    assert_eq!(
        by_member.association_id, w.a.association,
        "a member's fair counts for its association"
    );
    let third = kernel::db::write(&w.db, async |txn| {
        fair::create(txn, &association, &planning, fair_on("2019-11-02", None)).await
    })
    .await
    .unwrap();
    kernel::db::write(&w.db, async |txn| {
        fair::create(txn, &association, &planning, fair_on("2020-05-01", None)).await
    })
    .await
    .unwrap();

    let figure = |rows: Vec<fair::FairCompliance>| {
        rows.iter()
            .find(|c| c.association.id == w.a.association)
            .map(|c| (c.held, c.planned, c.compliant(), c.on_track()))
    };
    let before = fair::compliance(&w.db, &platform(), 2019, None)
        .await
        .unwrap();
    assert_eq!(before.len(), 2, "every local association is listed");
    assert_eq!(figure(before), Some((0, 3, false, true)));

    let early = kernel::db::write(&w.db, async |txn| {
        fair::record_held(
            txn,
            &association,
            &on("2019-06-14"),
            first.id,
            Some(800),
            None,
        )
        .await
    })
    .await
    .unwrap_err();
    assert_eq!(code(&early), "TOO_EARLY");
    kernel::db::write(&w.db, async |txn| {
        fair::record_held(
            txn,
            &association,
            &on("2019-06-15"),
            first.id,
            Some(800),
            Some(1_250_000),
        )
        .await
    })
    .await
    .unwrap();
    let not_its_own = kernel::db::write(&w.db, async |txn| {
        fair::record_held(
            txn,
            &association,
            &on("2019-09-21"),
            by_member.id,
            None,
            None,
        )
        .await
    })
    .await
    .unwrap_err();
    assert_eq!(
        code(&not_its_own),
        "FORBIDDEN",
        "associations read their members' fairs"
    );
    kernel::db::write(&w.db, async |txn| {
        fair::record_held(txn, &member, &on("2019-09-21"), by_member.id, None, None).await
    })
    .await
    .unwrap();
    kernel::db::write(&w.db, async |txn| {
        fair::cancel(txn, &association, &on("2019-10-01"), third.id).await
    })
    .await
    .unwrap();
    let twice = kernel::db::write(&w.db, async |txn| {
        fair::cancel(txn, &association, &on("2019-10-01"), third.id).await
    })
    .await
    .unwrap_err();
    assert_eq!(code(&twice), "INVALID_TRANSITION");

    let after = fair::compliance(&w.db, &association, 2019, None)
        .await
        .unwrap();
    assert_eq!(after.len(), 1, "an association sees its own figure");
    assert_eq!(figure(after), Some((2, 0, true, true)));
    let next_year = fair::compliance(&w.db, &platform(), 2020, Some(w.a.association))
        .await
        .unwrap();
    assert_eq!(figure(next_year), Some((0, 1, false, false)));
    let b = fair::compliance(&w.db, &platform(), 2019, Some(w.b.association))
        .await
        .unwrap();
    assert_eq!(b[0].shortfall(), 2);
    // Another tenant's association narrows to nothing, as one that does not exist does.
    let hidden = fair::compliance(&w.db, &association, 2019, Some(w.b.association))
        .await
        .unwrap();
    assert!(hidden.is_empty(), "{hidden:?}");
    let missing = fair::compliance(&w.db, &association, 2019, Some(Uuid::now_v7()))
        .await
        .unwrap();
    assert!(missing.is_empty(), "{missing:?}");
}

#[tokio::test]
async fn a_fair_needs_a_place_within_the_organiser_and_dates_within_the_campaign() {
    let w = world().await;
    let mut input = fair_on("2021-03-01", None);
    input.address = None;
    input.project_id = Some(w.b.projects[0]);
    let err = kernel::db::write(&w.db, async |txn| {
        fair::create(
            txn,
            &association_admin(w.a.association),
            &on("2019-05-01"),
            input,
        )
        .await
    })
    .await
    .unwrap_err();
    assert_eq!(
        problems(&err),
        vec![
            "endsOn OUTSIDE_CAMPAIGN",
            "projectId UNKNOWN_REFERENCE",
            "startsOn OUTSIDE_CAMPAIGN"
        ]
    );
    let mut input = fair_on("2019-06-01", None);
    input.address = None;
    let err = kernel::db::write(&w.db, async |txn| {
        fair::create(
            txn,
            &association_admin(w.a.association),
            &on("2019-05-01"),
            input,
        )
        .await
    })
    .await
    .unwrap_err();
    assert_eq!(problems(&err), vec!["address PLACE_REQUIRED"]);
    let mut input = fair_on("2019-06-01", None);
    input.address = None;
    input.project_id = Some(w.a.projects[1]);
    let fair = kernel::db::write(&w.db, async |txn| {
        fair::create(
            txn,
            &association_admin(w.a.association),
            &on("2019-05-01"),
            input,
        )
        .await
    })
    .await
    .unwrap();
    assert_eq!(
        fair.project_id,
        Some(w.a.projects[1]),
        "a member's project is the association's place"
    );
    assert_eq!(fair.status, FairStatus::Planned);
}

fn event_on(starts: &str) -> EventInput {
    EventInput {
        campaign_id: CAMPAIGN,
        association_id: None,
        enterprise_id: None,
        title: "带一斤回家 品鉴会".into(),
        project_id: None,
        address: Some("天鹅湖畔小区会所".into()),
        starts_on: day(starts),
        ends_on: None,
        tasting_products: vec!["平武高山绿茶".into(), "金寨猕猴桃".into()],
        expected_attendance: 300,
    }
}

fn report() -> ClosingReportInput {
    ClosingReportInput {
        attendance: 260,
        products_tasted: vec!["平武高山绿茶".into()],
        sales_fen: Some(468_000),
        photo_urls: vec!["https://img.example.cn/events/1.jpg".into()],
        summary: "业主踊跃参与，现场认购茶叶 120 斤".into(),
    }
}

#[tokio::test]
async fn a_community_event_is_applied_for_28_days_ahead_on_the_shanghai_calendar() {
    let w = world().await;
    let organiser = enterprise_admin(w.a.enterprise);
    let mut input = event_on("2019-07-01");
    input.project_id = Some(w.a.projects[0]);
    // 2019-06-03 is exactly 28 days before; 2019-06-03 00:30 in Shanghai is still 2019-06-02 UTC.
    let just_in_time = kernel::Clock::Fixed(
        chrono::DateTime::parse_from_rfc3339("2019-06-02T16:30:00Z")
            .unwrap()
            .to_utc(),
    );
    let applied = kernel::db::write(&w.db, async |txn| {
        event::apply(txn, &organiser, &just_in_time, input.clone()).await
    })
    .await
    .unwrap();
    assert_eq!(applied.state, State::Applied);
    assert_eq!(applied.applied_on, day("2019-06-03"));
    let early_bird = kernel::db::write(&w.db, async |txn| {
        event::apply(txn, &organiser, &on("2019-05-01"), input.clone()).await
    })
    .await
    .unwrap();
    assert_eq!(
        early_bird.state,
        State::Applied,
        "earlier applications are welcome"
    );

    let too_late = kernel::db::write(&w.db, async |txn| {
        event::apply(txn, &organiser, &on("2019-06-04"), input).await
    })
    .await
    .unwrap_err();
    assert_eq!(problems(&too_late), vec!["startsOn TOO_LATE_TO_APPLY"]);
    match &too_late {
        kernel::DomainError::Invalid(p) => {
            assert!(
                p[0].message.zh.contains("2019-06-03"),
                "{}",
                p[0].message.zh
            );
            assert!(
                p[0].message.en.contains("2019-07-02"),
                "{}",
                p[0].message.en
            );
        }
        other => panic!("{other:?}"),
    }
    let mut nothing = event_on("2019-07-01");
    nothing.tasting_products = vec![" ".into()];
    let err = kernel::db::write(&w.db, async |txn| {
        event::apply(txn, &organiser, &on("2019-05-01"), nothing).await
    })
    .await
    .unwrap_err();
    assert_eq!(problems(&err), vec!["tastingProducts CHOICE_REQUIRED"]);
}

#[tokio::test]
async fn an_event_closes_only_with_its_closing_report_and_is_overdue_until_then() {
    let w = world().await;
    let organiser = enterprise_admin(w.a.enterprise);
    let applied = kernel::db::write(&w.db, async |txn| {
        event::apply(txn, &organiser, &on("2019-05-01"), event_on("2019-06-15")).await
    })
    .await
    .unwrap();

    let not_approved = kernel::db::write(&w.db, async |txn| {
        event::file_closing_report(txn, &organiser, &on("2019-06-16"), applied.id, report()).await
    })
    .await
    .unwrap_err();
    assert_eq!(code(&not_approved), "INVALID_TRANSITION");
    let self_approval = kernel::db::write(&w.db, async |txn| {
        event::decide(txn, &organiser, &on("2019-05-02"), applied.id, true, None).await
    })
    .await
    .unwrap_err();
    assert_eq!(code(&self_approval), "FORBIDDEN");
    let no_reason = kernel::db::write(&w.db, async |txn| {
        event::decide(txn, &platform(), &on("2019-05-02"), applied.id, false, None).await
    })
    .await
    .unwrap_err();
    assert_eq!(code(&no_reason), "REASON_REQUIRED");
    let approved = kernel::db::write(&w.db, async |txn| {
        event::decide(txn, &platform(), &on("2019-05-02"), applied.id, true, None).await
    })
    .await
    .unwrap();
    assert_eq!(approved.state, State::Approved);

    let early = kernel::db::write(&w.db, async |txn| {
        event::mark_held(txn, &organiser, &on("2019-06-14"), applied.id).await
    })
    .await
    .unwrap_err();
    assert_eq!(code(&early), "TOO_EARLY");
    let early_report = kernel::db::write(&w.db, async |txn| {
        event::file_closing_report(txn, &organiser, &on("2019-06-14"), applied.id, report()).await
    })
    .await
    .unwrap_err();
    assert_eq!(code(&early_report), "TOO_EARLY");
    let held = kernel::db::write(&w.db, async |txn| {
        event::mark_held(txn, &organiser, &on("2019-06-15"), applied.id).await
    })
    .await
    .unwrap();
    assert_eq!(held.state, State::Held);

    let overdue = |today: &str| EventFilter {
        overdue_on: Some(day(today)),
        ..Default::default()
    };
    let spec = PageRequest::default().check().unwrap();
    let on_the_day = event::count(&w.db, &platform(), &overdue("2019-06-15"))
        .await
        .unwrap();
    assert_eq!(on_the_day, 0, "not overdue on its own day");
    let later = event::list(
        &w.db,
        &association_admin(w.a.association),
        &overdue("2019-06-20"),
        spec,
    )
    .await
    .unwrap();
    assert_eq!(
        later.edges.len(),
        1,
        "the association sees its member's overdue event"
    );
    assert!(event::is_overdue(&held, day("2019-06-16")));

    let mut bad = report();
    bad.photo_urls = vec!["photo.jpg".into()];
    bad.summary = " ".into();
    bad.attendance = -1;
    let err = kernel::db::write(&w.db, async |txn| {
        event::file_closing_report(txn, &organiser, &on("2019-06-20"), applied.id, bad).await
    })
    .await
    .unwrap_err();
    assert_eq!(
        problems(&err),
        vec![
            "attendance OUT_OF_RANGE",
            "photoUrls.0 INVALID",
            "summary BLANK"
        ]
    );
    let by_association = kernel::db::write(&w.db, async |txn| {
        event::file_closing_report(
            txn,
            &association_admin(w.a.association),
            &on("2019-06-20"),
            applied.id,
            report(),
        )
        .await
    })
    .await
    .unwrap_err();
    assert_eq!(code(&by_association), "FORBIDDEN");
    let (closed, filed) = kernel::db::write(&w.db, async |txn| {
        event::file_closing_report(txn, &organiser, &on("2019-06-20"), applied.id, report()).await
    })
    .await
    .unwrap();
    assert_eq!(closed.state, State::Closed);
    assert_eq!(filed.attendance, 260);
    assert!(!event::is_overdue(&closed, day("2019-06-20")));
    assert_eq!(
        event::count(&w.db, &platform(), &overdue("2019-06-20"))
            .await
            .unwrap(),
        0
    );
    let twice = kernel::db::write(&w.db, async |txn| {
        event::file_closing_report(txn, &organiser, &on("2019-06-21"), applied.id, report()).await
    })
    .await
    .unwrap_err();
    assert_eq!(code(&twice), "INVALID_TRANSITION");
}

#[tokio::test]
async fn an_approved_event_past_its_day_closes_directly_with_its_report() {
    let w = world().await;
    let organiser = association_admin(w.a.association);
    let applied = kernel::db::write(&w.db, async |txn| {
        event::apply(txn, &organiser, &on("2019-05-01"), event_on("2019-06-15")).await
    })
    .await
    .unwrap();
    kernel::db::write(&w.db, async |txn| {
        event::decide(txn, &platform(), &on("2019-05-02"), applied.id, true, None).await
    })
    .await
    .unwrap();
    let (closed, _) = kernel::db::write(&w.db, async |txn| {
        event::file_closing_report(txn, &organiser, &on("2019-06-17"), applied.id, report()).await
    })
    .await
    .unwrap();
    assert_eq!(closed.state, State::Closed);
    assert!(closed.held_at.is_some());
    let rejected = kernel::db::write(&w.db, async |txn| {
        event::apply(txn, &organiser, &on("2019-05-01"), event_on("2019-06-20")).await
    })
    .await
    .unwrap();
    let rejected = kernel::db::write(&w.db, async |txn| {
        event::decide(
            txn,
            &platform(),
            &on("2019-05-02"),
            rejected.id,
            false,
            Some("与市集冲突"),
        )
        .await
    })
    .await
    .unwrap();
    assert_eq!(rejected.state, State::Rejected);
    let err = kernel::db::write(&w.db, async |txn| {
        event::mark_held(txn, &organiser, &on("2019-06-21"), rejected.id).await
    })
    .await
    .unwrap_err();
    assert_eq!(code(&err), "INVALID_TRANSITION");
}

#[tokio::test]
async fn county_visits_count_owner_representatives_and_keep_their_selections() {
    let w = world().await;
    let input = VisitInput {
        campaign_id: CAMPAIGN,
        association_id: None,
        enterprise_id: None,
        county_code: "510727".into(),
        starts_on: day("2019-07-08"),
        ends_on: Some(day("2019-07-10")),
        participant_count: 12,
        owner_representative_count: 4,
        selected_products: vec![
            SelectionInput {
                name: "高山绿茶".into(),
                supplier_name: Some("平武县高山茶叶专业合作社".into()),
            },
            SelectionInput {
                name: "厚朴".into(),
                supplier_name: None,
            },
        ],
        summary: Some("选定两款产品做徽润物业优选".into()),
    };
    let organiser = enterprise_admin(w.a.enterprise);
    let (visit, selections) = kernel::db::write(&w.db, async |txn| {
        visit::create(txn, &organiser, &on("2019-07-11"), input.clone()).await
    })
    .await
    .unwrap();
    assert_eq!(visit.owner_representative_count, 4);
    assert_eq!(
        selections.iter().map(|s| s.ordinal).collect::<Vec<_>>(),
        vec![1, 2]
    );

    let mut bad = input;
    bad.county_code = "510700".into();
    bad.owner_representative_count = 20;
    bad.selected_products[1].name = String::new();
    let err = kernel::db::write(&w.db, async |txn| {
        visit::create(txn, &organiser, &on("2019-07-11"), bad).await
    })
    .await
    .unwrap_err();
    assert_eq!(
        problems(&err),
        vec![
            "countyCode INVALID_REGION",
            "ownerRepresentativeCount OUT_OF_RANGE",
            "selectedProducts.1.name BLANK",
        ]
    );
}

#[tokio::test]
async fn employment_keeps_pseudonyms_only_and_counts_each_job_once() {
    let w = world().await;
    let employer = enterprise_admin(w.a.enterprise);
    let input = EmploymentInput {
        campaign_id: CAMPAIGN,
        enterprise_id: None,
        county_code: "341524".into(),
        role: "保洁员".into(),
        starts_on: day("2019-08-01"),
        person_ref: "HR-2019-0042".into(),
    };
    let job = kernel::db::write(&w.db, async |txn| {
        employment::record(txn, &employer, &on("2019-08-01"), input.clone()).await
    })
    .await
    .unwrap();
    assert_eq!(job.association_id, Some(w.a.association));
    let again = kernel::db::write(&w.db, async |txn| {
        employment::record(txn, &employer, &on("2019-08-01"), input.clone()).await
    })
    .await
    .unwrap_err();
    assert_eq!(problems(&again), vec!["personRef TAKEN"]);
    for name_or_id in ["王小明", "34152419900101123X"] {
        let mut bad = input.clone();
        bad.person_ref = name_or_id.into();
        let err = kernel::db::write(&w.db, async |txn| {
            employment::record(txn, &employer, &on("2019-08-01"), bad).await
        })
        .await
        .unwrap_err();
        assert_eq!(
            problems(&err),
            vec!["personRef NOT_PSEUDONYMOUS"],
            "{name_or_id}"
        );
    }
    let by_association = kernel::db::write(&w.db, async |txn| {
        employment::record(
            txn,
            &association_admin(w.a.association),
            &on("2019-08-01"),
            input,
        )
        .await
    })
    .await
    .unwrap_err();
    assert_eq!(code(&by_association), "FORBIDDEN");
}
