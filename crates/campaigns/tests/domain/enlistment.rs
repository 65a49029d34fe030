//! Both enlistment forms through draft, submission (every problem at once), return and
//! confirmation, by the right roles only.

use campaigns::COMMUNITY_POWER_CAMPAIGN_ID as CAMPAIGN;
use campaigns::enlistment::{self, form::*};
use campaigns::entity::enlistment::EnlistmentState as State;
use campaigns::loaders;
use kernel::DomainError;

use crate::fixtures::{
    association_admin, code, day, enterprise_admin, on, platform, problems, world,
};

fn good_association_form() -> AssociationForm {
    AssociationForm {
        poverty_regions: vec!["510727".into()],
        support_regions: vec![],
        featured_products: vec![FeaturedProduct {
            name: "平武高山绿茶".into(),
            region_code: Some("510727".into()),
        }],
        lead: Contact {
            name: Some("赵国强".into()),
            position: Some("秘书长".into()),
            phone: Some("13800138001".into()),
            email: Some("zhao@hfwy.org.cn".into()),
        },
        liaison: Contact {
            name: Some("孙丽".into()),
            position: None,
            phone: Some("13900139001".into()),
            email: None,
        },
        promotion_talks: vec![PromotionTalk {
            date: day("2019-05-20"),
            format: TalkFormat::Onsite,
            topic: Some("消费扶贫推介会".into()),
        }],
        fair_months: vec![
            "2019-06".into(),
            "2019-10".into(),
            "2020-05".into(),
            "2020-08".into(),
        ],
        needs: Some("需要产地对接".into()),
        pledge_accepted: true,
    }
}

#[tokio::test]
async fn an_association_form_goes_from_draft_to_confirmed_by_the_right_roles() {
    let w = world().await;
    let clock = on("2019-04-10");
    let own = association_admin(w.a.association);

    let draft = kernel::db::write(&w.db, async |txn| {
        enlistment::save_association(
            txn,
            &own,
            &clock,
            CAMPAIGN,
            None,
            AssociationForm::default(),
        )
        .await
    })
    .await
    .unwrap();
    assert_eq!(draft.state, State::Draft);
    let err = kernel::db::write(&w.db, async |txn| {
        enlistment::submit(txn, &own, &clock, draft.id).await
    })
    .await
    .unwrap_err();
    assert_eq!(
        problems(&err),
        vec![
            "form.fairMonths CHOICE_REQUIRED",
            "form.lead.name BLANK",
            "form.lead.phone BLANK",
            "form.liaison.name BLANK",
            "form.liaison.phone BLANK",
            "form.pledgeAccepted PLEDGE_REQUIRED",
            "form.povertyRegions CHOICE_REQUIRED",
        ],
        "every problem at once"
    );

    let mut bad = good_association_form();
    bad.lead.phone = Some("12345".into());
    bad.liaison.email = Some("not-mail".into());
    bad.fair_months = vec!["2021-01".into(), "2019/07".into()];
    bad.poverty_regions = vec!["999999".into()];
    kernel::db::write(&w.db, async |txn| {
        enlistment::save_association(txn, &own, &clock, CAMPAIGN, None, bad).await
    })
    .await
    .unwrap();
    let err = kernel::db::write(&w.db, async |txn| {
        enlistment::submit(txn, &own, &clock, draft.id).await
    })
    .await
    .unwrap_err();
    assert_eq!(
        problems(&err),
        vec![
            "form.fairMonths CHOICE_REQUIRED",
            "form.fairMonths.0 OUTSIDE_CAMPAIGN",
            "form.fairMonths.1 INVALID",
            "form.lead.phone INVALID_PHONE",
            "form.liaison.email INVALID_EMAIL",
            "form.povertyRegions.0 INVALID_REGION",
        ]
    );

    // Two fairs a year means two months in each year of the campaign, not two in all.
    let mut one_year = good_association_form();
    one_year.fair_months = vec!["2019-06".into(), "2019-10".into(), "2020-05".into()];
    kernel::db::write(&w.db, async |txn| {
        enlistment::save_association(txn, &own, &clock, CAMPAIGN, None, one_year).await
    })
    .await
    .unwrap();
    let err = kernel::db::write(&w.db, async |txn| {
        enlistment::submit(txn, &own, &clock, draft.id).await
    })
    .await
    .unwrap_err();
    assert_eq!(problems(&err), vec!["form.fairMonths CHOICE_REQUIRED"]);
    let DomainError::Invalid(list) = &err else {
        panic!("{err:?}")
    };
    assert!(
        list[0].message.en.ends_with("in 2020"),
        "{:?}",
        list[0].message
    );

    let saved = kernel::db::write(&w.db, async |txn| {
        enlistment::save_association(txn, &own, &clock, CAMPAIGN, None, good_association_form())
            .await
    })
    .await
    .unwrap();
    assert_eq!(
        saved.id, draft.id,
        "one enlistment per organisation and campaign"
    );
    let submitted = kernel::db::write(&w.db, async |txn| {
        enlistment::submit(txn, &own, &clock, draft.id).await
    })
    .await
    .unwrap();
    assert_eq!(submitted.state, State::Submitted);
    assert!(submitted.submitted_at.is_some());

    // Submitted forms are frozen; the association cannot decide its own form.
    let frozen = kernel::db::write(&w.db, async |txn| {
        enlistment::save_association(txn, &own, &clock, CAMPAIGN, None, good_association_form())
            .await
    })
    .await
    .unwrap_err();
    assert_eq!(code(&frozen), "INVALID_TRANSITION");
    let self_confirm = kernel::db::write(&w.db, async |txn| {
        enlistment::confirm(txn, &own, &clock, draft.id).await
    })
    .await
    .unwrap_err();
    assert_eq!(code(&self_confirm), "FORBIDDEN");

    let no_reason = kernel::db::write(&w.db, async |txn| {
        enlistment::send_back(txn, &platform(), &clock, draft.id, "  ").await
    })
    .await
    .unwrap_err();
    assert_eq!(code(&no_reason), "REASON_REQUIRED");
    let returned = kernel::db::write(&w.db, async |txn| {
        enlistment::send_back(txn, &platform(), &clock, draft.id, "请补充对口支援地区").await
    })
    .await
    .unwrap();
    assert_eq!(returned.state, State::Returned);
    assert_eq!(
        returned.return_reason.as_deref(),
        Some("请补充对口支援地区")
    );

    let mut better = good_association_form();
    better.support_regions = vec!["513200".into()];
    kernel::db::write(&w.db, async |txn| {
        enlistment::save_association(txn, &own, &clock, CAMPAIGN, None, better.clone()).await
    })
    .await
    .unwrap();
    kernel::db::write(&w.db, async |txn| {
        enlistment::submit(txn, &own, &clock, draft.id).await
    })
    .await
    .unwrap();
    let confirmed = kernel::db::write(&w.db, async |txn| {
        enlistment::confirm(txn, &platform(), &clock, draft.id).await
    })
    .await
    .unwrap();
    assert_eq!(confirmed.state, State::Confirmed);
    assert_eq!(confirmed.return_reason, None);
    assert_eq!(enlistment::association_form(&confirmed), Some(better));
    let again = kernel::db::write(&w.db, async |txn| {
        enlistment::confirm(txn, &platform(), &clock, draft.id).await
    })
    .await
    .unwrap_err();
    assert_eq!(code(&again), "INVALID_TRANSITION");

    let history = loaders::enlistment_history(&w.db, &[draft.id])
        .await
        .unwrap();
    let steps: Vec<State> = history[&draft.id].iter().map(|e| e.to_state).collect();
    assert_eq!(
        steps,
        vec![
            State::Draft,
            State::Submitted,
            State::Returned,
            State::Submitted,
            State::Confirmed
        ]
    );
}

#[tokio::test]
async fn an_enterprise_form_needs_its_choices_and_its_project_count_and_its_association_confirms() {
    let w = world().await;
    let clock = on("2019-04-12");
    let own = enterprise_admin(w.a.enterprise);
    let form = EnterpriseForm {
        group_buying_offline: vec![GroupBuyingOffline::EnterpriseProcurement],
        platforms: vec![SalesPlatform::Other],
        poverty_regions: vec!["123".into()],
        participating_project_count: Some(5),
        ..Default::default()
    };
    let draft = kernel::db::write(&w.db, async |txn| {
        enlistment::save_enterprise(txn, &own, &clock, CAMPAIGN, None, form).await
    })
    .await
    .unwrap();
    assert_eq!(draft.association_id, Some(w.a.association));
    let err = kernel::db::write(&w.db, async |txn| {
        enlistment::submit(txn, &own, &clock, draft.id).await
    })
    .await
    .unwrap_err();
    assert_eq!(
        problems(&err),
        vec![
            "form.communityActivities CHOICE_REQUIRED",
            "form.participatingProjectCount PROJECT_COUNT_MISMATCH",
            "form.platformOther BLANK",
            "form.povertyRegions.0 INVALID_REGION",
            "form.publicity CHOICE_REQUIRED",
        ]
    );

    let form = EnterpriseForm {
        publicity_offline: vec![
            PublicityOffline::ElevatorAds,
            PublicityOffline::EntranceBanner,
        ],
        platforms: vec![SalesPlatform::HostedOperation],
        community_activities: vec![CommunityActivity::Zone],
        county_activities: vec![CountyActivity::SelectionVisit],
        poverty_regions: vec!["510727".into()],
        participating_project_count: Some(3),
        ..Default::default()
    };
    kernel::db::write(&w.db, async |txn| {
        enlistment::save_enterprise(txn, &own, &clock, CAMPAIGN, None, form).await
    })
    .await
    .unwrap();
    let submitted = kernel::db::write(&w.db, async |txn| {
        enlistment::submit(txn, &own, &clock, draft.id).await
    })
    .await
    .unwrap();
    assert_eq!(submitted.state, State::Submitted);

    // Associations read their members' forms but do not fill them in; only the platform or
    // the enterprise's own association decides; another association does not see it.
    let association = association_admin(w.a.association);
    let fill = kernel::db::write(&w.db, async |txn| {
        enlistment::save_enterprise(
            txn,
            &association,
            &clock,
            CAMPAIGN,
            Some(w.a.enterprise),
            Default::default(),
        )
        .await
    })
    .await
    .unwrap_err();
    assert_eq!(code(&fill), "FORBIDDEN");
    let self_confirm = kernel::db::write(&w.db, async |txn| {
        enlistment::confirm(txn, &own, &clock, draft.id).await
    })
    .await
    .unwrap_err();
    assert_eq!(code(&self_confirm), "FORBIDDEN");
    let other = kernel::db::write(&w.db, async |txn| {
        enlistment::confirm(txn, &association_admin(w.b.association), &clock, draft.id).await
    })
    .await
    .unwrap_err();
    assert_eq!(code(&other), "NOT_FOUND");
    let confirmed = kernel::db::write(&w.db, async |txn| {
        enlistment::confirm(txn, &association, &clock, draft.id).await
    })
    .await
    .unwrap();
    assert_eq!(confirmed.state, State::Confirmed);
    assert_eq!(
        confirmed.decided_by.as_deref(),
        Some(association.subject.as_str())
    );
}

#[tokio::test]
async fn an_association_form_is_decided_by_the_platform_only() {
    let w = world().await;
    let clock = on("2019-04-10");
    let own = association_admin(w.a.association);
    let e = kernel::db::write(&w.db, async |txn| {
        enlistment::save_association(txn, &own, &clock, CAMPAIGN, None, good_association_form())
            .await
    })
    .await
    .unwrap();
    kernel::db::write(&w.db, async |txn| {
        enlistment::submit(txn, &own, &clock, e.id).await
    })
    .await
    .unwrap();
    let by_enterprise = kernel::db::write(&w.db, async |txn| {
        enlistment::confirm(txn, &enterprise_admin(w.a.enterprise), &clock, e.id).await
    })
    .await
    .unwrap_err();
    assert_eq!(
        code(&by_enterprise),
        "NOT_FOUND",
        "an enterprise does not see its association's form"
    );
    let by_platform = kernel::db::write(&w.db, async |txn| {
        enlistment::confirm(txn, &platform(), &clock, e.id).await
    })
    .await
    .unwrap();
    assert_eq!(by_platform.state, State::Confirmed);
}
