//! The certification path, by the right roles only, and the history question the ledger asks.

mod fixtures;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use kernel::{Clock, DomainError};
use products::certification::{self, ListingDecision};
use products::entity::certification::CertificationState as State;

#[expect(clippy::unwrap_used, reason = "test timestamps are literals")]
fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn code(err: &DomainError) -> &str {
    match err {
        DomainError::Invalid(p) => p[0].code,
        DomainError::Forbidden => "FORBIDDEN",
        DomainError::NotFound => "NOT_FOUND",
        _ => "OTHER",
    }
}

#[tokio::test]
async fn a_product_goes_the_whole_certification_path_by_the_right_roles() {
    let w = fixtures::world().await;
    let supplier = testkit::actors::supplier(w.product.supplier_id);
    let reviewer = testkit::actors::platform();
    let day1 = Clock::Fixed(at("2019-06-03T02:00:00Z"));

    let applied = kernel::db::write(&w.db, async |txn| {
        certification::apply(txn, &supplier, &day1, w.product.id).await
    })
    .await
    .unwrap();
    assert_eq!(applied.state, State::Submitted);
    let again = kernel::db::write(&w.db, async |txn| {
        certification::apply(txn, &supplier, &day1, w.product.id).await
    })
    .await
    .unwrap_err();
    assert_eq!(code(&again), "ALREADY_APPLIED");

    let not_reviewer = kernel::db::write(&w.db, async |txn| {
        certification::decide(txn, &supplier, &day1, applied.id, true, None).await
    })
    .await
    .unwrap_err();
    assert_eq!(code(&not_reviewer), "FORBIDDEN");
    let no_reason = kernel::db::write(&w.db, async |txn| {
        certification::decide(txn, &reviewer, &day1, applied.id, false, None).await
    })
    .await
    .unwrap_err();
    assert_eq!(code(&no_reason), "COMMENT_REQUIRED");

    kernel::db::write(&w.db, async |txn| {
        certification::decide(
            txn,
            &reviewer,
            &day1,
            applied.id,
            true,
            Some("县扶贫办审核通过"),
        )
        .await
    })
    .await
    .unwrap();
    let publicizing = kernel::db::write(&w.db, async |txn| {
        certification::start_publicity(txn, &reviewer, &day1, applied.id, None).await
    })
    .await
    .unwrap();
    assert_eq!(
        publicizing.publicity_ends_on,
        NaiveDate::from_ymd_opt(2019, 6, 10)
    );

    let decision = ListingDecision {
        catalogue_batch: "2019年第一批".into(),
        certificate_no: "FP-510727-0001".into(),
        valid_from: NaiveDate::from_ymd_opt(2019, 6, 10).unwrap(),
        valid_to: NaiveDate::from_ymd_opt(2020, 6, 9).unwrap(),
    };
    let early = kernel::db::write(&w.db, async |txn| {
        certification::list(txn, &reviewer, &day1, applied.id, decision.clone()).await
    })
    .await
    .unwrap_err();
    assert_eq!(code(&early), "PUBLICITY_NOT_OVER");
    let listed_at = at("2019-06-10T01:00:00Z");
    let listed = kernel::db::write(&w.db, async |txn| {
        certification::list(
            txn,
            &reviewer,
            &Clock::Fixed(listed_at),
            applied.id,
            decision,
        )
        .await
    })
    .await
    .unwrap();
    assert_eq!(listed.state, State::Listed);

    let suspended_at = at("2019-09-01T04:00:00Z");
    let wrong = kernel::db::write(&w.db, async |txn| {
        certification::reinstate(
            txn,
            &reviewer,
            &Clock::Fixed(suspended_at),
            applied.id,
            None,
        )
        .await
    })
    .await
    .unwrap_err();
    assert_eq!(code(&wrong), "INVALID_TRANSITION");
    kernel::db::write(&w.db, async |txn| {
        certification::suspend(
            txn,
            &reviewer,
            &Clock::Fixed(suspended_at),
            applied.id,
            Some("抽检不合格"),
        )
        .await
    })
    .await
    .unwrap();

    let history = certification::history(&w.db, &testkit::actors::platform(), applied.id)
        .await
        .unwrap();
    let states: Vec<State> = history.iter().map(|e| e.to_state).collect();
    assert_eq!(
        states,
        vec![
            State::Submitted,
            State::CountyApproved,
            State::Publicizing,
            State::Listed,
            State::Suspended
        ]
    );
    assert!(history.iter().all(|e| !e.actor.is_empty()));

    // The ledger's question: a sale in July was of a certified product; one in September,
    // after the suspension, was not; one before listing was not.
    let product = w.product.id;
    assert!(
        certification::certified_at(&w.db, product, at("2019-07-15T08:00:00Z"))
            .await
            .unwrap()
    );
    assert!(
        !certification::certified_at(&w.db, product, at("2019-09-02T08:00:00Z"))
            .await
            .unwrap()
    );
    assert!(
        !certification::certified_at(&w.db, product, at("2019-06-05T08:00:00Z"))
            .await
            .unwrap()
    );
    assert!(
        certification::certified_on(
            &w.db,
            product,
            NaiveDate::from_ymd_opt(2019, 8, 31).unwrap()
        )
        .await
        .unwrap()
    );

    // Reinstated, it is certified again until its validity runs out, then EXPIRED unaided.
    let back = kernel::db::write(&w.db, async |txn| {
        certification::reinstate(
            txn,
            &reviewer,
            &Clock::Fixed(suspended_at + Duration::days(3)),
            applied.id,
            None,
        )
        .await
    })
    .await
    .unwrap();
    assert!(
        certification::certified_at(&w.db, product, at("2019-10-01T08:00:00Z"))
            .await
            .unwrap()
    );
    assert!(
        !certification::certified_at(&w.db, product, at("2020-06-10T08:00:00Z"))
            .await
            .unwrap()
    );
    assert_eq!(
        certification::effective_state(&back, NaiveDate::from_ymd_opt(2020, 6, 10).unwrap()),
        State::Expired
    );
}

#[tokio::test]
async fn another_suppliers_certifications_are_not_found() {
    let w = fixtures::world().await;
    let owner = testkit::actors::supplier(w.product.supplier_id);
    let applied = kernel::db::write(&w.db, async |txn| {
        certification::apply(txn, &owner, &Clock::System, w.product.id).await
    })
    .await
    .unwrap();
    let stranger = testkit::actors::supplier(uuid::Uuid::now_v7());
    assert_eq!(
        code(
            &certification::get(&w.db, &stranger, applied.id)
                .await
                .unwrap_err()
        ),
        "NOT_FOUND"
    );
    assert_eq!(
        code(
            &kernel::db::write(&w.db, async |txn| certification::apply(
                txn,
                &stranger,
                &Clock::System,
                w.product.id
            )
            .await)
            .await
            .unwrap_err()
        ),
        "NOT_FOUND"
    );
    assert!(
        certification::list_for(&w.db, &stranger, None, None)
            .await
            .unwrap()
            .is_empty()
    );
}

/// Lists `w.product`'s certification, valid until `valid_to`.
#[expect(clippy::unwrap_used, reason = "a test helper")]
async fn listed_until(w: &fixtures::World, valid_to: NaiveDate) -> uuid::Uuid {
    let reviewer = testkit::actors::platform();
    let supplier = testkit::actors::supplier(w.product.supplier_id);
    let day1 = Clock::Fixed(at("2019-06-03T02:00:00Z"));
    kernel::db::write(&w.db, async |txn| {
        let c = certification::apply(txn, &supplier, &day1, w.product.id).await?;
        certification::decide(txn, &reviewer, &day1, c.id, true, None).await?;
        certification::start_publicity(txn, &reviewer, &day1, c.id, None).await?;
        let decision = ListingDecision {
            catalogue_batch: "2019年第一批".into(),
            certificate_no: "FP-510727-0002".into(),
            valid_from: NaiveDate::from_ymd_opt(2019, 6, 10).unwrap(),
            valid_to,
        };
        let listed_at = Clock::Fixed(at("2019-06-10T01:00:00Z"));
        Ok(
            certification::list(txn, &reviewer, &listed_at, c.id, decision)
                .await?
                .id,
        )
    })
    .await
    .unwrap()
}

#[expect(clippy::unwrap_used, reason = "a test helper")]
async fn expiring_events(w: &fixtures::World) -> Vec<kernel::outbox::entity::Model> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    kernel::outbox::entity::Entity::find()
        .filter(kernel::outbox::entity::Column::EventType.eq("certification.expiring"))
        .all(&w.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn expiring_is_sent_once_thirty_days_before_valid_to_even_by_two_scanners() {
    let w = fixtures::world().await;
    let valid_to = NaiveDate::from_ymd_opt(2020, 6, 9).unwrap();
    let id = listed_until(&w, valid_to).await;
    let on = |day: &str| Clock::Fixed(at(&format!("{day}T10:00:00+08:00")));
    // 31 days before: too early.
    assert_eq!(
        products::expiring::scan(&w.db, &on("2020-05-09"))
            .await
            .unwrap(),
        0
    );
    assert!(expiring_events(&w).await.is_empty());
    // 30 days before, two instances scanning at once: one event between them.
    let (db1, db2) = (w.db.clone(), w.db.clone());
    let clock = on("2020-05-10");
    let (c1, c2) = (clock.clone(), clock.clone());
    let (a, b) = tokio::join!(
        tokio::spawn(async move { products::expiring::scan(&db1, &c1).await.unwrap() }),
        tokio::spawn(async move { products::expiring::scan(&db2, &c2).await.unwrap() }),
    );
    assert_eq!(a.unwrap() + b.unwrap(), 1);
    // Later scans (a restart, the next day) send nothing again.
    assert_eq!(
        products::expiring::scan(&w.db, &on("2020-05-20"))
            .await
            .unwrap(),
        0
    );
    let events = expiring_events(&w).await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].aggregate_id, id);
    assert_eq!(events[0].supplier_id, Some(w.product.supplier_id));
    assert_eq!(events[0].payload["validTo"], "2020-06-09");
    // Past its valid-to it is expired, not expiring.
    let w2 = fixtures::world().await;
    listed_until(&w2, valid_to).await;
    assert_eq!(
        products::expiring::scan(&w2.db, &on("2020-06-10"))
            .await
            .unwrap(),
        0
    );
}
