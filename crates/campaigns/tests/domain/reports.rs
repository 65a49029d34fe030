//! Progress reports: pre-filled figures, one report per period, and the missing list.

use campaigns::COMMUNITY_POWER_CAMPAIGN_ID as CAMPAIGN;
use campaigns::enlistment::{self, form::*};
use campaigns::entity::progress_report::ReportKind;
use campaigns::fair::{self, FairInput};
use campaigns::report::{self, ReportInput};

use crate::fixtures::{
    association_admin, code, day, enterprise_admin, on, platform, problems, world,
};

fn monthly(start: &str) -> ReportInput {
    ReportInput {
        campaign_id: CAMPAIGN,
        kind: ReportKind::Monthly,
        association_id: None,
        period_start: day(start),
        highlights: "完成 1 场市集".into(),
        problems: None,
        next_steps: Some("筹备县域考察".into()),
        enterprises_enlisted: None,
        fairs_held: None,
        events_held: None,
        events_closed: None,
        county_visits: None,
        jobs_created: None,
        sales_fen: Some(1_250_000),
        weight_grams: None,
    }
}

#[tokio::test]
async fn a_monthly_report_is_prefilled_filed_once_and_missing_months_are_listed() {
    let w = world().await;
    let association = association_admin(w.a.association);
    let clock = on("2019-04-10");
    let form = AssociationForm {
        poverty_regions: vec!["510727".into()],
        lead: Contact {
            name: Some("赵国强".into()),
            phone: Some("13800138001".into()),
            ..Default::default()
        },
        liaison: Contact {
            name: Some("孙丽".into()),
            phone: Some("13900139001".into()),
            ..Default::default()
        },
        fair_months: vec![
            "2019-06".into(),
            "2019-10".into(),
            "2020-05".into(),
            "2020-08".into(),
        ],
        pledge_accepted: true,
        ..Default::default()
    };
    let e = kernel::db::write(&w.db, async |txn| {
        enlistment::save_association(txn, &association, &clock, CAMPAIGN, None, form).await
    })
    .await
    .unwrap();
    kernel::db::write(&w.db, async |txn| {
        enlistment::submit(txn, &association, &clock, e.id).await
    })
    .await
    .unwrap();
    kernel::db::write(&w.db, async |txn| {
        enlistment::confirm(txn, &platform(), &clock, e.id).await
    })
    .await
    .unwrap();
    let member_form = EnterpriseForm {
        publicity_online: vec![PublicityOnline::WechatGroups],
        platforms: vec![SalesPlatform::App],
        community_activities: vec![CommunityActivity::CommunityStore],
        participating_project_count: Some(3),
        ..Default::default()
    };
    let member = enterprise_admin(w.a.enterprise);
    let m = kernel::db::write(&w.db, async |txn| {
        enlistment::save_enterprise(txn, &member, &clock, CAMPAIGN, None, member_form).await
    })
    .await
    .unwrap();
    kernel::db::write(&w.db, async |txn| {
        enlistment::submit(txn, &member, &clock, m.id).await
    })
    .await
    .unwrap();
    kernel::db::write(&w.db, async |txn| {
        enlistment::confirm(txn, &association, &on("2019-05-03"), m.id).await
    })
    .await
    .unwrap();
    let fair = kernel::db::write(&w.db, async |txn| {
        fair::create(
            txn,
            &association,
            &on("2019-05-01"),
            FairInput {
                campaign_id: CAMPAIGN,
                association_id: None,
                enterprise_id: None,
                name: "五月市集".into(),
                project_id: None,
                address: Some("市民广场".into()),
                starts_on: day("2019-05-18"),
                ends_on: None,
            },
        )
        .await
    })
    .await
    .unwrap();
    kernel::db::write(&w.db, async |txn| {
        fair::record_held(txn, &association, &on("2019-05-18"), fair.id, None, None).await
    })
    .await
    .unwrap();

    let may = report::draft(
        &w.db,
        &association,
        &on("2019-06-02"),
        CAMPAIGN,
        ReportKind::Monthly,
        None,
        day("2019-05-01"),
    )
    .await
    .unwrap();
    assert_eq!(may.period_end, day("2019-05-31"));
    assert_eq!(
        (may.figures.enterprises_enlisted, may.figures.fairs_held),
        (1, 1)
    );
    let april = report::draft(
        &w.db,
        &association,
        &on("2019-06-02"),
        CAMPAIGN,
        ReportKind::Monthly,
        None,
        day("2019-04-01"),
    )
    .await
    .unwrap();
    assert_eq!(
        (april.figures.enterprises_enlisted, april.figures.fairs_held),
        (0, 0)
    );

    let bad = kernel::db::write(&w.db, async |txn| {
        report::file(txn, &association, &on("2019-06-02"), monthly("2019-05-02")).await
    })
    .await
    .unwrap_err();
    assert_eq!(problems(&bad), vec!["periodStart INVALID_PERIOD"]);
    let future = kernel::db::write(&w.db, async |txn| {
        report::file(txn, &association, &on("2019-06-02"), monthly("2019-07-01")).await
    })
    .await
    .unwrap_err();
    assert_eq!(problems(&future), vec!["periodStart INVALID_PERIOD"]);
    let filed = kernel::db::write(&w.db, async |txn| {
        report::file(txn, &association, &on("2019-06-02"), monthly("2019-05-01")).await
    })
    .await
    .unwrap();
    assert_eq!(
        (filed.fairs_held, filed.enterprises_enlisted),
        (1, 1),
        "pre-filled figures are kept"
    );
    assert_eq!(filed.sales_fen, Some(1_250_000));
    let twice = kernel::db::write(&w.db, async |txn| {
        report::file(txn, &association, &on("2019-06-03"), monthly("2019-05-01")).await
    })
    .await
    .unwrap_err();
    assert_eq!(problems(&twice), vec!["periodStart TAKEN"]);

    // Confirmed in April: April, June and July are closed and unreported on 2019-08-05.
    let missing = report::missing(
        &w.db,
        &platform(),
        &on("2019-08-05"),
        CAMPAIGN,
        ReportKind::Monthly,
        None,
    )
    .await
    .unwrap();
    let months: Vec<String> = missing
        .iter()
        .map(|m| m.period_start.format("%Y-%m").to_string())
        .collect();
    assert_eq!(months, vec!["2019-04", "2019-06", "2019-07"]);
    assert!(
        missing
            .iter()
            .all(|m| m.association_id == Some(w.a.association))
    );
    let other = report::missing(
        &w.db,
        &association_admin(w.b.association),
        &on("2019-08-05"),
        CAMPAIGN,
        ReportKind::Monthly,
        None,
    )
    .await
    .unwrap();
    assert!(other.is_empty(), "another association sees nothing of A's");
    let weekly = report::missing(
        &w.db,
        &association,
        &on("2019-08-05"),
        CAMPAIGN,
        ReportKind::Weekly,
        None,
    )
    .await
    .unwrap_err();
    assert_eq!(code(&weekly), "FORBIDDEN");
}

#[tokio::test]
async fn the_service_team_files_weekly_reports() {
    let w = world().await;
    let clock = on("2019-04-20");
    let mut input = monthly("2019-04-08");
    input.kind = ReportKind::Weekly;
    let filed = kernel::db::write(&w.db, async |txn| {
        report::file(txn, &platform(), &clock, input.clone()).await
    })
    .await
    .unwrap();
    assert_eq!(
        (filed.period_end, filed.association_id),
        (day("2019-04-14"), None)
    );
    let by_association = kernel::db::write(&w.db, async |txn| {
        report::file(txn, &association_admin(w.a.association), &clock, input).await
    })
    .await
    .unwrap_err();
    assert_eq!(code(&by_association), "FORBIDDEN");
    let missing = report::missing(
        &w.db,
        &platform(),
        &clock,
        CAMPAIGN,
        ReportKind::Weekly,
        None,
    )
    .await
    .unwrap();
    let weeks: Vec<_> = missing.iter().map(|m| m.period_start).collect();
    assert_eq!(
        weeks,
        vec![day("2019-04-01")],
        "the week of 04-15 is not over yet"
    );
}
