//! Sales recorded at a market fair.

use campaigns::COMMUNITY_POWER_CAMPAIGN_ID as CAMPAIGN;
use campaigns::fair::FairInput;
use kernel::{DomainError, Fen, Grams};
use ledger::fair_sales::FairSaleInput;
use ledger::rollup::{Dimension, Period, totals};
use ledger::{Channel, Signal};
use uuid::Uuid;

use crate::fixtures::*;

#[expect(
    clippy::unwrap_used,
    reason = "a fixture that cannot be built must fail the test"
)]
async fn fair(w: &World) -> Uuid {
    kernel::db::write(&w.db, async |txn| {
        campaigns::fair::create(
            txn,
            &association_admin(w.a.association),
            &on("2019-06-01"),
            FairInput {
                campaign_id: CAMPAIGN,
                association_id: None,
                enterprise_id: None,
                name: "合肥消费扶贫市集".into(),
                project_id: None,
                address: Some("合肥市政务区".into()),
                starts_on: day("2019-06-15"),
                ends_on: Some(day("2019-06-16")),
            },
        )
        .await
    })
    .await
    .unwrap()
    .id
}

fn line(w: &World, units: i64, sold_on: Option<&str>, reference: Option<&str>) -> FairSaleInput {
    FairSaleInput {
        product_id: w.certified,
        quantity: units,
        grams: Grams(500 * units),
        fen: Fen(2500 * units),
        sold_on: sold_on.map(day),
        reference: reference.map(Into::into),
    }
}

#[tokio::test]
async fn a_fairs_sales_become_fair_entries_of_its_association_and_city() {
    let w = world().await;
    let fair = fair(&w).await;
    let organiser = association_admin(w.a.association);
    let sales = ledger::commands::record_fair_sales(
        &w.db,
        &Signal::new(),
        &organiser,
        &on("2019-06-16"),
        fair,
        vec![
            line(&w, 10, None, Some("A-1")),
            line(&w, 4, Some("2019-06-16"), None),
        ],
    )
    .await
    .unwrap();
    assert_eq!(sales.len(), 2);
    let entries = ledger::entries::by_ids(&w.db, &[sales[0].entry_id])
        .await
        .unwrap();
    let e = &entries[&sales[0].entry_id];
    assert_eq!(
        (e.channel, e.association_id, e.enterprise_id),
        (Channel::Fair, Some(w.a.association), None)
    );
    assert_eq!(
        (e.city_code.as_deref(), e.counted_on),
        (Some("340100"), day("2019-06-15"))
    );
    seal_and_audit(&w.db).await;
    let by_channel = totals(
        &w.db,
        Some(CAMPAIGN),
        Dimension::Channel,
        "FAIR",
        Period::All,
        "",
    )
    .await
    .unwrap();
    assert_eq!(
        (by_channel.grams, by_channel.fen),
        (Grams(7000), Fen(35000))
    );
    assert_eq!(
        ledger::fair_sales::counted(&w.db, fair).await.unwrap(),
        (Grams(7000), Fen(35000), 2)
    );
    let again = ledger::commands::record_fair_sales(
        &w.db,
        &Signal::new(),
        &organiser,
        &on("2019-06-16"),
        fair,
        vec![line(&w, 1, None, Some("A-1"))],
    )
    .await
    .unwrap_err();
    match again {
        DomainError::Invalid(p) => assert_eq!(
            (p[0].field.join("."), p[0].code),
            ("lines.0.reference".to_owned(), "TAKEN")
        ),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn only_the_organiser_records_a_fairs_sales_within_its_days() {
    let w = world().await;
    let fair = fair(&w).await;
    let signal = Signal::new();
    let other = ledger::commands::record_fair_sales(
        &w.db,
        &signal,
        &association_admin(w.b.association),
        &on("2019-06-16"),
        fair,
        vec![line(&w, 1, None, None)],
    )
    .await
    .unwrap_err();
    assert!(matches!(other, DomainError::NotFound));
    let member = ledger::commands::record_fair_sales(
        &w.db,
        &signal,
        &enterprise_admin(w.a.enterprise),
        &on("2019-06-16"),
        fair,
        vec![line(&w, 1, None, None)],
    )
    .await
    .unwrap_err();
    assert!(matches!(
        member,
        DomainError::NotFound | DomainError::Forbidden
    ));
    let organiser = association_admin(w.a.association);
    let early = ledger::commands::record_fair_sales(
        &w.db,
        &signal,
        &organiser,
        &on("2019-06-14"),
        fair,
        vec![line(&w, 1, None, None)],
    )
    .await
    .unwrap_err();
    assert!(matches!(early, DomainError::Invalid(ref p) if p[0].code == "TOO_EARLY"));
    let outside = ledger::commands::record_fair_sales(
        &w.db,
        &signal,
        &organiser,
        &on("2019-06-20"),
        fair,
        vec![line(&w, 1, Some("2019-06-18"), None)],
    )
    .await
    .unwrap_err();
    assert!(matches!(outside, DomainError::Invalid(ref p) if p[0].code == "OUTSIDE_FAIR"));
}
