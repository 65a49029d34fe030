//! After a random mix of orders, payments, cancellations, expiries and refunds run at once:
//! stock + sold = initial, nothing stays reserved, and the ledger equals paid minus refunded to
//! the fen and the gram.

use orders::commands;
use orders::entity::order::PaymentStatus;
use orders::refund::{RefundLine, RefundOrder};

use crate::fixtures::*;

/// A small deterministic generator (no dependency needed for a test's dice).
struct Dice(u64);

impl Dice {
    fn roll(&mut self, sides: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % sides
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn after_a_random_mix_stock_and_ledger_add_up_to_the_fen_and_the_gram() {
    let w = std::sync::Arc::new(world(60).await);
    let mut tasks = Vec::new();
    for worker in 0..8u64 {
        let w = w.clone();
        tasks.push(tokio::spawn(async move {
            let mut dice = Dice(worker + 1);
            for i in 0..8 {
                let tenant = if dice.roll(2) == 0 { &w.a } else { &w.b };
                let resident = tenant.resident(usize::try_from(dice.roll(4)).unwrap());
                let lines: Vec<(uuid::Uuid, i64)> = match dice.roll(3) {
                    0 => vec![(tenant.listings[0], 1 + dice.roll(3) as i64)],
                    1 => vec![(tenant.listings[1], 1 + dice.roll(3) as i64)],
                    _ => vec![
                        (tenant.listings[1], 1 + dice.roll(2) as i64),
                        (tenant.listings[0], 1 + dice.roll(2) as i64),
                    ],
                };
                let key = format!("{worker}-{i}");
                let Ok(placed) = place(&w, &resident, &key, pickup(tenant.zone, &lines)).await
                else {
                    continue; // out of stock: a fine outcome too
                };
                let order = placed.order;
                match dice.roll(5) {
                    // Left unpaid: expires below.
                    0 => {}
                    1 => {
                        let input = orders::close::CancelOrder {
                            order_id: order.id,
                            reason: None,
                        };
                        commands::cancel(&w.db, &resident, &clock(), None, input)
                            .await
                            .unwrap();
                    }
                    roll => {
                        confirm(&w.db, &tenant.app(), &clock(), &key, &order)
                            .await
                            .unwrap();
                        if roll >= 3 {
                            let all = orders::query::lines_of(&w.db, &tenant.app(), &[order.id])
                                .await
                                .unwrap();
                            let lines = (roll == 4).then(|| {
                                vec![RefundLine {
                                    line_id: all[0].id,
                                    quantity: 1,
                                }]
                            });
                            let input = RefundOrder {
                                order_id: order.id,
                                lines,
                                restock: dice.roll(2) == 0,
                                reason: Some("坏了".into()),
                            };
                            commands::refund(
                                &w.db,
                                &ledger::Signal::new(),
                                &tenant.app(),
                                &clock(),
                                None,
                                input,
                            )
                            .await
                            .unwrap();
                        }
                    }
                }
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    let expired = orders::expiry::sweep(&w.db, &later(31)).await.unwrap();
    assert_eq!(
        rows(&w.db, "customer_order", "WHERE payment_status = 'UNPAID'").await,
        0,
        "the sweep expired {expired}, and none is left unpaid"
    );
    assert_eq!(
        rows(&w.db, "customer_order", "WHERE closed_reason = 'EXPIRED'").await,
        i64::try_from(expired).unwrap()
    );

    use sea_orm::EntityTrait;
    let all_orders = orders::entity::order::Entity::find()
        .all(&w.db)
        .await
        .unwrap();
    let all_lines = orders::entity::line::Entity::find()
        .all(&w.db)
        .await
        .unwrap();
    let paid: std::collections::HashSet<uuid::Uuid> = all_orders
        .iter()
        .filter(|o| o.paid_at.is_some())
        .map(|o| o.id)
        .collect();
    let paid_lines: Vec<_> = all_lines
        .iter()
        .filter(|l| paid.contains(&l.order_id))
        .collect();
    for (i, product) in w.products.iter().enumerate() {
        let (on_hand, reserved) = w.stock(*product).await;
        let mine = paid_lines.iter().filter(|l| l.product_id == *product);
        let sold: i64 = mine.clone().map(|l| l.quantity).sum();
        let restocked: i64 = mine.map(|l| l.restocked_quantity).sum();
        assert_eq!(reserved, 0, "product {i}");
        assert_eq!(
            on_hand + sold - restocked,
            w.units,
            "product {i}: stock + sold = initial"
        );
    }
    let paid_fen: i64 = all_orders.iter().map(|o| o.paid_fen.0).sum();
    let refunded_fen: i64 = all_orders.iter().map(|o| o.refunded_fen.0).sum();
    assert_eq!(
        sum(&w.db, "ledger_entry", "fen", "").await,
        paid_fen - refunded_fen
    );
    let paid_grams: i64 = paid_lines.iter().map(|l| l.grams.0).sum();
    let refunded_grams: i64 = paid_lines
        .iter()
        .map(|l| l.unit_grams.0 * l.refunded_quantity)
        .sum();
    assert_eq!(
        sum(&w.db, "ledger_entry", "grams", "").await,
        paid_grams - refunded_grams
    );
    let line_fen: i64 = paid_lines
        .iter()
        .map(|l| l.amount_fen.0 - l.refunded_fen.0)
        .sum();
    assert_eq!(line_fen, paid_fen - refunded_fen, "lines and orders agree");
    assert!(paid_fen > 0, "the mix paid for something");
    let refunds = all_orders
        .iter()
        .filter(|o| {
            matches!(
                o.payment_status,
                PaymentStatus::Refunded | PaymentStatus::PartiallyRefunded
            )
        })
        .count();
    assert!(refunds > 0, "the mix refunded something");
}
