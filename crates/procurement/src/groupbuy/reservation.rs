//! A join's reservation follows its quantities: what the join takes more of is reserved, what
//! it takes less of released, product by product in id order (the order every writer of stock
//! takes, so two writers never wait on each other in a cycle), all or nothing.

use std::collections::BTreeMap;

use kernel::{Clock, DomainError, DomainResult, Message};
use sea_orm::{DatabaseTransaction, EntityTrait};
use uuid::Uuid;

use super::entity::{item, join_line};
use crate::ProcurementErrorCode as Code;

/// Reserves what the join takes more of and releases what it takes less of, product by product
/// in id order. A product short of stock fails the join on the line that asked for it, saying
/// how many units that line could have.
pub async fn move_by_difference(
    txn: &DatabaseTransaction,
    clock: &Clock,
    by: &str,
    old: &[join_line::Model],
    wanted: &[(usize, item::Model, i64)],
) -> DomainResult<()> {
    // product → (change, input index of the line that asks for it)
    let mut change: BTreeMap<Uuid, (i64, Option<usize>)> = BTreeMap::new();
    for l in old {
        change.entry(l.product_id).or_default().0 -= l.quantity;
    }
    for (i, it, q) in wanted {
        let entry = change.entry(it.product_id).or_default();
        entry.0 += q;
        entry.1 = Some(*i);
    }
    for (product, (delta, index)) in change {
        if delta > 0 {
            if let Err(e) =
                products::stock::reserve_lines(txn, clock, &[(product, delta)], by).await
            {
                return Err(match e {
                    DomainError::Invalid(_) => {
                        let left = products::entity::product::Entity::find_by_id(product)
                            .one(txn)
                            .await?
                            .map_or(0, |p| p.on_hand - p.reserved);
                        let could = left
                            + old
                                .iter()
                                .filter(|l| l.product_id == product)
                                .map(|l| l.quantity)
                                .sum::<i64>();
                        let index = index.unwrap_or_default().to_string();
                        DomainError::invalid(
                            &["lines", &index, "quantity"],
                            Code::InsufficientStock.as_str(),
                            Message::new(
                                format!("库存不足：该商品最多可参团 {could} 件"),
                                format!("not enough stock: at most {could} units of this item"),
                            ),
                        )
                    }
                    other => other,
                });
            }
        } else if delta < 0 {
            products::stock::release(txn, clock, product, -delta, by).await?;
        }
    }
    Ok(())
}
