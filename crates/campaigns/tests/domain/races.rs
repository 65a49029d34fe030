//! Campaign invariants under real concurrency (multi-threaded runtime, one write transaction
//! per request, as the server runs them).

use campaigns::COMMUNITY_POWER_CAMPAIGN_ID as CAMPAIGN;
use campaigns::enlistment::{self, form::*};
use campaigns::entity::enlistment::EnlistmentState as State;
use campaigns::entity::{closing_report, enlistment as enlistment_row, enlistment_event};
use campaigns::event::{self, ClosingReportInput, EventInput};
use futures_util::future::join_all;
use kernel::db::write;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::fixtures::{code, day, enterprise_admin, on, platform, world};

/// The enterprise form of tenant A (three projects); `projects` is the count it declares.
fn form(projects: i32) -> EnterpriseForm {
    EnterpriseForm {
        publicity_offline: vec![PublicityOffline::ElevatorAds],
        platforms: vec![SalesPlatform::HostedOperation],
        community_activities: vec![CommunityActivity::Zone],
        county_activities: vec![CountyActivity::SelectionVisit],
        poverty_regions: vec!["510727".into()],
        participating_project_count: Some(projects),
        ..Default::default()
    }
}

/// Ten first saves of one enterprise's form at once: one enlistment, one DRAFT event, every
/// save answered (before, the losers hit the (campaign, organisation) index).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_first_saves_of_a_form_make_one_enlistment() {
    let w = world().await;
    let enterprise = w.a.enterprise;
    let saves = (0..10).map(|_| {
        let db = w.db.clone();
        tokio::spawn(async move {
            write(&db, async |txn| {
                enlistment::save_enterprise(
                    txn,
                    &enterprise_admin(enterprise),
                    &on("2019-04-12"),
                    CAMPAIGN,
                    None,
                    form(3),
                )
                .await
            })
            .await
        })
    });
    let saved: Vec<_> = join_all(saves)
        .await
        .into_iter()
        .map(|r| r.unwrap().unwrap())
        .collect();
    assert!(saved.iter().all(|e| e.id == saved[0].id));
    let rows = enlistment_row::Entity::find().all(&w.db).await.unwrap();
    assert_eq!(rows.len(), 1);
    let events = enlistment_event::Entity::find()
        .filter(enlistment_event::Column::EnlistmentId.eq(saved[0].id))
        .all(&w.db)
        .await
        .unwrap();
    assert_eq!(events.len(), 1, "one DRAFT event for the one enlistment");
}

/// A submission races a save that breaks the form, ten times. The submission checks the form
/// as it is when it takes the enlistment's lock, so a SUBMITTED enlistment always holds a form
/// that passed the checks: either the save came first and the submission was refused, or the
/// submission came first and the save was refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_submitted_form_is_always_the_form_that_was_checked() {
    let w = world().await;
    let own = enterprise_admin(w.a.enterprise);
    let clock = on("2019-04-12");
    let draft = write(&w.db, async |txn| {
        enlistment::save_enterprise(txn, &own, &clock, CAMPAIGN, None, form(3)).await
    })
    .await
    .unwrap();
    for round in 0..10 {
        let submit = {
            let (db, own, clock) = (w.db.clone(), own.clone(), clock.clone());
            tokio::spawn(async move {
                write(&db, async |txn| {
                    enlistment::submit(txn, &own, &clock, draft.id).await
                })
                .await
            })
        };
        let save = {
            let (db, own, clock) = (w.db.clone(), own.clone(), clock.clone());
            tokio::spawn(async move {
                write(&db, async |txn| {
                    enlistment::save_enterprise(txn, &own, &clock, CAMPAIGN, None, form(5)).await
                })
                .await
            })
        };
        let (submitted, saved) = (submit.await.unwrap(), save.await.unwrap());
        let now = enlistment::get(&w.db, &own, draft.id).await.unwrap();
        let declared =
            enlistment::enterprise_form(&now).and_then(|f| f.participating_project_count);
        match now.state {
            State::Submitted => {
                assert!(submitted.is_ok() && saved.is_err(), "round {round}");
                assert_eq!(
                    declared,
                    Some(3),
                    "round {round}: the checked form was submitted"
                );
                // Back to editable for the next round.
                write(&w.db, async |txn| {
                    enlistment::send_back(txn, &platform(), &clock, draft.id, "再核对").await
                })
                .await
                .unwrap();
            }
            _ => {
                assert!(saved.is_ok() && submitted.is_err(), "round {round}");
                assert_eq!(declared, Some(5), "round {round}");
            }
        }
        write(&w.db, async |txn| {
            enlistment::save_enterprise(txn, &own, &clock, CAMPAIGN, None, form(3)).await
        })
        .await
        .unwrap();
    }
}

/// Eight closing reports for one event at once: the event closes once, with one report; the
/// others are told it is closed already.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_closing_reports_close_an_event_once() {
    let w = world().await;
    let organiser = enterprise_admin(w.a.enterprise);
    let input = EventInput {
        campaign_id: CAMPAIGN,
        association_id: None,
        enterprise_id: None,
        title: "带一斤回家 品鉴会".into(),
        project_id: None,
        address: Some("天鹅湖畔小区会所".into()),
        starts_on: day("2019-06-15"),
        ends_on: None,
        tasting_products: vec!["平武高山绿茶".into()],
        expected_attendance: 300,
    };
    let applied = write(&w.db, async |txn| {
        event::apply(txn, &organiser, &on("2019-05-01"), input).await
    })
    .await
    .unwrap();
    write(&w.db, async |txn| {
        event::decide(txn, &platform(), &on("2019-05-02"), applied.id, true, None).await
    })
    .await
    .unwrap();
    let reports = (0..8).map(|i| {
        let (db, organiser) = (w.db.clone(), organiser.clone());
        tokio::spawn(async move {
            write(&db, async |txn| {
                event::file_closing_report(
                    txn,
                    &organiser,
                    &on("2019-06-16"),
                    applied.id,
                    ClosingReportInput {
                        attendance: 200 + i,
                        products_tasted: vec!["平武高山绿茶".into()],
                        sales_fen: Some(468_000),
                        photo_urls: vec!["https://img.example.cn/events/1.jpg".into()],
                        summary: "业主踊跃参与".into(),
                    },
                )
                .await
            })
            .await
        })
    });
    let results: Vec<_> = join_all(reports)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    let mut codes: Vec<&str> = results
        .iter()
        .map(|r| r.as_ref().map_or_else(code, |_| "OK"))
        .collect();
    codes.sort_unstable();
    assert_eq!(
        codes,
        [["INVALID_TRANSITION"; 7].as_slice(), &["OK"]].concat()
    );
    let stored = closing_report::Entity::find().all(&w.db).await.unwrap();
    assert_eq!(stored.len(), 1);
}
