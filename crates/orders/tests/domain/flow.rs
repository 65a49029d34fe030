//! One order's life: pickup and delivery, expiry on touch, refunds never above what was paid,
//! who sees what, and rejected requests that keep their key.

use kernel::{DomainError, Fen};
use orders::commands;
use orders::entity::order::{FulfilmentStatus, PaymentStatus};
use orders::fulfil::{Redeem, Ship, qr_payload};
use orders::place::Delivery;
use orders::query::OrderFilter;
use orders::refund::{RefundLine, RefundOrder};

use crate::fixtures::*;

#[tokio::test]
async fn a_pickup_order_is_paid_made_ready_and_redeemed_once() {
    let w = world(10).await;
    let resident = w.a.resident(0);
    let order = place(
        &w,
        &resident,
        "k",
        pickup(w.a.zone, &[(w.a.listings[0], 2), (w.a.listings[1], 1)]),
    )
    .await
    .unwrap()
    .order;
    assert_eq!(order.payment_status, PaymentStatus::Unpaid);
    assert_eq!(order.total_grams.0, 1500);
    assert_eq!(order.expires_at, now() + WINDOW);

    let short = Fen(order.total_fen.0 - 1);
    let wrong = commands::confirm_payment(
        &w.db,
        &ledger::Signal::new(),
        &w.a.app(),
        &clock(),
        "p",
        orders::payment::ConfirmPayment {
            order_id: order.id,
            reference: "wx-1".into(),
            amount: short,
            paid_at: now(),
        },
    )
    .await
    .unwrap_err();
    assert_eq!(codes(&wrong), ["AMOUNT_MISMATCH"]);
    // A resident cannot confirm its own payment.
    let forbidden = confirm(&w.db, &resident, &clock(), "p", &order)
        .await
        .unwrap_err();
    assert!(matches!(forbidden, DomainError::Forbidden));
    // The rejected request did not use up the key.
    let paid = confirm(&w.db, &w.a.app(), &clock(), "p", &order)
        .await
        .unwrap();
    assert!(!paid.replayed);

    let ready = commands::ready_for_pickup(&w.db, &w.a.admin(), &clock(), None, order.id)
        .await
        .unwrap()
        .order;
    assert_eq!(ready.fulfilment_status, FulfilmentStatus::ReadyForPickup);
    let code = ready.pickup_code.clone().unwrap();
    // Another enterprise's staff do not know the code.
    let elsewhere = commands::redeem(&w.db, &w.b.admin(), &clock(), Redeem { code: code.clone() })
        .await
        .unwrap_err();
    assert_eq!(codes(&elsewhere), ["INVALID_PICKUP_CODE"]);
    let redeemed = commands::redeem(
        &w.db,
        &w.a.app(),
        &clock(),
        Redeem {
            code: qr_payload(&code),
        },
    )
    .await
    .unwrap()
    .order;
    assert_eq!(redeemed.fulfilment_status, FulfilmentStatus::PickedUp);
    let again = commands::redeem(&w.db, &w.a.admin(), &clock(), Redeem { code })
        .await
        .unwrap_err();
    assert_eq!(codes(&again), ["ALREADY_REDEEMED"]);

    let events = orders::query::events_of(&w.db, &resident, &[order.id])
        .await
        .unwrap();
    let kinds: Vec<_> = events
        .iter()
        .map(|e| sea_orm::ActiveEnum::to_value(&e.kind))
        .collect();
    assert_eq!(kinds, ["PLACED", "PAID", "READY_FOR_PICKUP", "PICKED_UP"]);
    assert_eq!(events[3].actor, w.a.app().subject);
}

#[tokio::test]
async fn a_delivery_address_is_masked_for_all_but_the_household_the_store_and_the_supplier() {
    let w = world(10).await;
    let mut input = pickup(w.a.zone, &[(w.a.listings[0], 1)]);
    input.household_id = Some(w.a.households[1]);
    input.delivery = Delivery::Ship {
        recipient_name: "张三".into(),
        phone: "138 0013 8000".into(),
        address: "合肥市蜀山区长江西路100号".into(),
    };
    let order = place(&w, &w.a.app(), "k", input).await.unwrap().order;
    assert_eq!(order.recipient_phone.as_deref(), Some("13800138000"));
    let disclosure = |actor| orders::privacy::delivery(&actor, &order);
    use participants::privacy::Disclosure::{Full, Masked};
    assert_eq!(disclosure(w.a.resident(1)), Full);
    assert_eq!(disclosure(w.a.admin()), Full);
    assert_eq!(disclosure(w.supplier()), Full);
    assert_eq!(disclosure(w.a.app()), Masked);
    assert_eq!(
        orders::privacy::address(Masked, order.delivery_address.as_deref()).unwrap(),
        "合肥市蜀山区****"
    );

    confirm(&w.db, &w.a.app(), &clock(), "p", &order)
        .await
        .unwrap();
    let to_ship = orders::query::lines_to_ship(
        &w.db,
        &w.supplier(),
        kernel::PageRequest::default().check().unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(to_ship.edges.len(), 1);
    let ship = |carrier: &str| Ship {
        order_id: order.id,
        line_ids: None,
        carrier: carrier.into(),
        tracking_number: "SF1234567890".into(),
    };
    let shipped = commands::ship(&w.db, &w.supplier(), &clock(), Some("s"), ship("顺丰"))
        .await
        .unwrap();
    assert_eq!(shipped.order.fulfilment_status, FulfilmentStatus::Shipped);
    let replay = commands::ship(&w.db, &w.supplier(), &clock(), Some("s"), ship("顺丰"))
        .await
        .unwrap();
    assert!(replay.replayed);
    let reused = commands::ship(&w.db, &w.supplier(), &clock(), Some("s"), ship("EMS"))
        .await
        .unwrap_err();
    assert_eq!(codes(&reused), ["IDEMPOTENCY_KEY_REUSED"]);
    let delivered = commands::delivered(&w.db, &w.a.app(), &clock(), None, order.id)
        .await
        .unwrap();
    assert_eq!(
        delivered.order.fulfilment_status,
        FulfilmentStatus::Delivered
    );
}

#[tokio::test]
async fn an_unpaid_order_expires_when_touched_and_gives_its_stock_back() {
    let w = world(5).await;
    let order = place(
        &w,
        &w.a.resident(0),
        "k",
        pickup(w.a.zone, &[(w.a.listings[0], 5)]),
    )
    .await
    .unwrap()
    .order;
    assert_eq!(w.stock(w.products[0]).await, (5, 5));
    // Confirmed past its time before anything expired it: refused all the same.
    let txn = kernel::db::begin_write(&w.db).await.unwrap();
    let input = orders::payment::ConfirmPayment {
        order_id: order.id,
        reference: "wx-late".into(),
        amount: order.total_fen,
        paid_at: later(31).now(),
    };
    let direct = orders::payment::confirm(&txn, &w.a.app(), &later(31), input)
        .await
        .unwrap_err();
    txn.rollback().await.unwrap();
    assert_eq!(codes(&direct), ["ORDER_EXPIRED"]);
    let late = confirm(&w.db, &w.a.app(), &later(31), "p", &order)
        .await
        .unwrap_err();
    assert_eq!(codes(&late), ["ORDER_EXPIRED"]);
    assert_eq!(w.stock(w.products[0]).await, (5, 0));
    let after = orders::query::get(&w.db, &w.a.app(), order.id)
        .await
        .unwrap();
    assert_eq!(after.payment_status, PaymentStatus::Cancelled);
    assert_eq!(
        orders::expiry::sweep(&w.db, &later(60)).await.unwrap(),
        0,
        "expired once"
    );
    assert_eq!(
        rows(&w.db, "outbox_event", "WHERE event_type = 'order.expired'").await,
        1
    );
}

#[tokio::test]
async fn refunds_by_line_never_exceed_what_was_paid_and_reverse_the_ledger() {
    let w = world(10).await;
    let order = place(
        &w,
        &w.a.resident(0),
        "k",
        pickup(w.a.zone, &[(w.a.listings[0], 3)]),
    )
    .await
    .unwrap()
    .order;
    // Unpaid: nothing to refund; it can be cancelled instead.
    let refund = |lines, restock| RefundOrder {
        order_id: order.id,
        lines,
        restock,
        reason: None,
    };
    let signal = ledger::Signal::new();
    let early = commands::refund(
        &w.db,
        &signal,
        &w.a.app(),
        &clock(),
        None,
        refund(None, false),
    )
    .await
    .unwrap_err();
    assert_eq!(codes(&early), ["NOT_REFUNDABLE"]);
    confirm(&w.db, &w.a.app(), &clock(), "p", &order)
        .await
        .unwrap();
    let line = orders::query::lines_of(&w.db, &w.a.app(), &[order.id])
        .await
        .unwrap()[0]
        .clone();
    let two = Some(vec![RefundLine {
        line_id: line.id,
        quantity: 2,
    }]);
    let partly = commands::refund(
        &w.db,
        &signal,
        &w.a.app(),
        &clock(),
        Some("r1"),
        refund(two.clone(), true),
    )
    .await
    .unwrap();
    assert_eq!(
        partly.order.payment_status,
        PaymentStatus::PartiallyRefunded
    );
    let replay = commands::refund(
        &w.db,
        &signal,
        &w.a.app(),
        &clock(),
        Some("r1"),
        refund(two.clone(), true),
    )
    .await
    .unwrap();
    assert!(replay.replayed);
    let too_much = commands::refund(
        &w.db,
        &signal,
        &w.a.app(),
        &clock(),
        Some("r2"),
        refund(two, false),
    )
    .await
    .unwrap_err();
    assert_eq!(codes(&too_much), ["EXCEEDS_PAID"]);
    let rest = commands::refund(
        &w.db,
        &signal,
        &w.a.app(),
        &clock(),
        Some("r2"),
        refund(None, false),
    )
    .await
    .unwrap();
    assert_eq!(rest.order.payment_status, PaymentStatus::Refunded);
    assert_eq!(rest.order.refunded_fen, order.total_fen);
    assert_eq!(sum(&w.db, "ledger_entry", "fen", "").await, 0);
    assert_eq!(sum(&w.db, "ledger_entry", "grams", "").await, 0);
    assert_eq!(
        rows(&w.db, "ledger_entry", "WHERE kind = 'REFUND'").await,
        2
    );
    // Two restocked, one not: 10 - 3 + 2.
    assert_eq!(w.stock(w.products[0]).await, (9, 0));
    let cancel = commands::cancel(
        &w.db,
        &w.a.resident(0),
        &clock(),
        None,
        orders::close::CancelOrder {
            order_id: order.id,
            reason: None,
        },
    )
    .await
    .unwrap_err();
    assert_eq!(codes(&cancel), ["NOT_CANCELLABLE"]);
}

#[tokio::test]
async fn a_listing_off_the_shelf_is_named_and_nothing_of_the_order_is_kept() {
    use sea_orm::sea_query::Expr;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let w = world(10).await;
    use products::entity::listing;
    listing::Entity::update_many()
        .col_expr(listing::Column::OnShelf, Expr::value(false))
        .filter(listing::Column::Id.eq(w.a.listings[1]))
        .exec(&w.db)
        .await
        .unwrap();
    // The placement reads the listings with the store and the buyer: the one on the shelf is
    // found, the other is named as not sellable, and the order is refused as a whole.
    let off = place(
        &w,
        &w.a.resident(0),
        "k",
        pickup(w.a.zone, &[(w.a.listings[0], 1), (w.a.listings[1], 1)]),
    )
    .await
    .unwrap_err();
    let DomainError::Invalid(problems) = off else {
        panic!("{off:?}")
    };
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].code, "NOT_SELLABLE");
    assert_eq!(problems[0].field, ["lines", "1", "listingId"]);
    assert_eq!(w.stock(w.products[0]).await, (10, 0), "nothing reserved");
    assert_eq!(rows(&w.db, "customer_order", "").await, 0);
    assert_eq!(
        rows(&w.db, "idempotency_key", "").await,
        0,
        "no key used up"
    );
    // The listing on the shelf alone is ordered with the same key.
    let placed = place(
        &w,
        &w.a.resident(0),
        "k",
        pickup(w.a.zone, &[(w.a.listings[0], 2)]),
    )
    .await
    .unwrap();
    assert_eq!(placed.order.total_grams.0, 1000);
    assert_eq!(w.stock(w.products[0]).await, (10, 2));
}

#[tokio::test]
async fn only_listings_the_buyer_can_see_today_can_be_ordered() {
    let w = world(10).await;
    // Another tenant's listing, in our zone's name: not sellable here.
    let foreign = place(
        &w,
        &w.a.resident(0),
        "k",
        pickup(w.a.zone, &[(w.b.listings[0], 1)]),
    )
    .await
    .unwrap_err();
    assert_eq!(codes(&foreign), ["NOT_SELLABLE"]);
    // Another tenant's store: the resident does not see it.
    let store = place(
        &w,
        &w.a.resident(0),
        "k",
        pickup(w.b.zone, &[(w.b.listings[0], 1)]),
    )
    .await
    .unwrap_err();
    assert_eq!(codes(&store), ["UNKNOWN_REFERENCE"]);
    // After the certification lapsed: not sellable.
    let lapsed = kernel::Clock::Fixed(at("2020-07-01T10:00:00+08:00"));
    let late = commands::place(
        &w.db,
        &w.a.resident(0),
        &lapsed,
        WINDOW,
        "k",
        pickup(w.a.zone, &[(w.a.listings[0], 1)]),
    )
    .await
    .unwrap_err();
    assert_eq!(codes(&late), ["NOT_SELLABLE"]);
    // Too many units: the line is named with what is available.
    let short = place(
        &w,
        &w.a.resident(0),
        "k",
        pickup(w.a.zone, &[(w.a.listings[1], 1), (w.a.listings[0], 11)]),
    )
    .await
    .unwrap_err();
    let DomainError::Invalid(problems) = short else {
        panic!("{short:?}")
    };
    assert_eq!(problems[0].field, ["lines", "1", "quantity"]);
    assert!(
        problems[0].message.en.contains("only 10 available"),
        "{:?}",
        problems[0].message
    );
    assert_eq!(w.stock(w.products[1]).await, (10, 0), "nothing reserved");
    assert_eq!(
        rows(&w.db, "idempotency_key", "").await,
        0,
        "no key used up"
    );
}

#[tokio::test]
async fn orders_are_seen_by_their_household_enterprise_and_supplier_only() {
    let w = world(10).await;
    let order = place(
        &w,
        &w.a.resident(0),
        "k",
        pickup(w.a.zone, &[(w.a.listings[0], 1)]),
    )
    .await
    .unwrap()
    .order;
    let spec = || kernel::PageRequest::default().check().unwrap();
    let sees =
        async |actor: kernel::Actor| orders::query::get(&w.db, &actor, order.id).await.is_ok();
    assert!(sees(w.a.resident(0)).await);
    assert!(sees(w.a.admin()).await);
    assert!(sees(w.a.app()).await);
    assert!(sees(w.supplier()).await);
    assert!(sees(platform()).await);
    assert!(!sees(w.a.resident(1)).await, "a neighbour");
    assert!(!sees(w.b.admin()).await, "another enterprise");
    assert!(!sees(w.b.app()).await);
    let operator = kernel::Actor::new("op", kernel::Role::Operator, None, None).unwrap();
    assert!(
        !sees(operator).await,
        "operators see hosted stores' orders only"
    );
    let reporter = kernel::Actor::new("rep", kernel::Role::Reporter, None, None).unwrap();
    assert!(!sees(reporter).await);
    let list = orders::query::list(&w.db, &w.b.admin(), &OrderFilter::default(), spec())
        .await
        .unwrap();
    assert!(list.edges.is_empty());
    let own = OrderFilter {
        payment_status: Some(PaymentStatus::Unpaid),
        ..OrderFilter::default()
    };
    assert_eq!(
        orders::query::count(&w.db, &w.a.admin(), &own)
            .await
            .unwrap(),
        1
    );
}

/// Pays a fresh pickup order of one unit of tenant a's first listing.
#[expect(clippy::unwrap_used, reason = "a test helper")]
async fn paid_pickup(w: &World, n: usize) -> orders::entity::order::Model {
    let resident = w.a.resident(n);
    let key = format!("k{n}");
    let order = place(
        w,
        &resident,
        &key,
        pickup(w.a.zone, &[(w.a.listings[0], 1)]),
    )
    .await
    .unwrap()
    .order;
    confirm(&w.db, &w.a.app(), &clock(), &key, &order)
        .await
        .unwrap()
        .order
}

/// The attribution keeps the campaign calendar in memory by its version: a phase added by
/// another instance (here a second pool, writing the table directly) must count the very next
/// payment, not the calendar remembered from the one before.
#[tokio::test]
async fn a_phase_added_elsewhere_counts_the_next_payment() {
    use campaigns::entity::campaign_phase::{self, PhaseKind};
    use ledger::entity::entry;
    use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
    let w = world(10).await;
    let entry_of = async |household: uuid::Uuid| {
        entry::Entity::find()
            .filter(entry::Column::HouseholdId.eq(household))
            .one(&w.db)
            .await
            .unwrap()
            .unwrap()
    };
    paid_pickup(&w, 0).await;
    let before = entry_of(w.a.households[0]).await;
    let (Some(campaign), Some(old_phase)) = (before.campaign_id, before.phase_id) else {
        panic!("the fixture's day lies in a phase of the seeded campaign");
    };
    let day = campaigns::calendar::campaign_day(now());
    let added = campaign_phase::ActiveModel {
        id: Set(kernel::new_id()),
        campaign_id: Set(campaign),
        ordinal: Set(99),
        kind: Set(PhaseKind::Phase),
        name: Set("一日冲刺".into()),
        starts_on: Set(day),
        ends_on: Set(day),
    }
    .insert(&w.another_instance().await)
    .await
    .unwrap();
    assert_ne!(added.id, old_phase);

    paid_pickup(&w, 1).await;
    let after = entry_of(w.a.households[1]).await;
    assert_eq!(after.campaign_id, Some(campaign));
    assert_eq!(after.phase_id, Some(added.id));
    // And as the calendar itself answers, read afresh.
    let (_, phase) = campaigns::calendar::phase_at(&w.db, now())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(phase.id, added.id);
}

#[tokio::test]
async fn a_taken_pickup_code_is_retried_with_a_fresh_one_and_gives_up_after_a_few() {
    use orders::fulfil::{PICKUP_CODE_ATTEMPTS, ready_for_pickup_with_codes};
    let w = world(10).await;
    let (first, second, third) = (
        paid_pickup(&w, 0).await,
        paid_pickup(&w, 1).await,
        paid_pickup(&w, 2).await,
    );
    let ready = |order_id, codes: Vec<&'static str>| {
        let (db, admin) = (w.db.clone(), w.a.admin());
        async move {
            let mut codes = codes.into_iter().cycle().map(str::to_owned);
            let mut next = move || codes.next().unwrap_or_default();
            kernel::db::write(&db, async |txn| {
                ready_for_pickup_with_codes(txn, &admin, &clock(), order_id, &mut next).await
            })
            .await
        }
    };
    let taken = ready(first.id, vec!["11111111"]).await.unwrap();
    assert_eq!(taken.pickup_code.as_deref(), Some("11111111"));
    // The second order draws the taken code first, then a free one: it gets the free one, in
    // the same transaction (on PostgreSQL the unique violation must not abort it).
    let retried = ready(second.id, vec!["11111111", "11111111", "22222222"])
        .await
        .unwrap();
    assert_eq!(retried.pickup_code.as_deref(), Some("22222222"));
    assert_eq!(retried.fulfilment_status, FulfilmentStatus::ReadyForPickup);
    let events = orders::query::events_of(&w.db, &w.a.admin(), &[second.id])
        .await
        .unwrap();
    assert_eq!(events.len(), 3, "PLACED, PAID, one READY_FOR_PICKUP");
    // Only taken codes: a bounded number of tries, then CONFLICT, and nothing written.
    let mut tries = 0;
    let gave_up = {
        let admin = w.a.admin();
        let mut always_taken = || {
            tries += 1;
            "22222222".to_owned()
        };
        kernel::db::write(&w.db, async |txn| {
            ready_for_pickup_with_codes(txn, &admin, &clock(), third.id, &mut always_taken).await
        })
        .await
        .unwrap_err()
    };
    assert!(matches!(gave_up, DomainError::Conflict), "{gave_up:?}");
    assert_eq!(tries, PICKUP_CODE_ATTEMPTS);
    let after = orders::query::get(&w.db, &w.a.admin(), third.id)
        .await
        .unwrap();
    assert_eq!(after.fulfilment_status, FulfilmentStatus::Unfulfilled);
    assert_eq!(after.pickup_code, None);
}

#[tokio::test]
async fn a_replay_answers_the_first_result_not_the_order_as_it_is_now() {
    let w = world(10).await;
    let resident = w.a.resident(0);
    let input = pickup(w.a.zone, &[(w.a.listings[0], 1)]);
    let placed = place(&w, &resident, "k", input.clone()).await.unwrap();
    confirm(&w.db, &w.a.app(), &clock(), "p", &placed.order)
        .await
        .unwrap();
    let replay = place(&w, &resident, "k", input).await.unwrap();
    assert!(replay.replayed);
    assert_eq!(replay.order, placed.order, "the order as placed");
    assert_eq!(replay.order.payment_status, PaymentStatus::Unpaid);
    let now = orders::query::get(&w.db, &resident, placed.order.id)
        .await
        .unwrap();
    assert_eq!(now.payment_status, PaymentStatus::Paid);
}
