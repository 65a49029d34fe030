//! Who sees and changes which orders, by the one tenant rule (`participants::access`,
//! `Object::Order`): an enterprise its own orders, a resident its household's, a supplier the
//! orders holding its lines (and only those lines), the alliance's operators the orders of
//! hosted stores, the platform all. What a caller may do to an order it sees depends on its
//! side of the sale: the buyer's, the store's, the payer's or the shipper's.

use kernel::{Actor, Role};
use participants::access::{Object, Owner, readable};
use products::entity::store::StoreKind;
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, Condition};

use crate::entity::{line, order};

/// The orders the actor may read, as a condition on `customer_order`.
pub fn visible_orders(actor: &Actor) -> Condition {
    let owner = Owner::new()
        .enterprise(order::Column::EnterpriseId)
        .household(order::Column::HouseholdId)
        .supplier_via(|supplier| {
            Expr::col((order::Entity, order::Column::Id)).in_subquery(
                Query::select()
                    .column(line::Column::OrderId)
                    .from(line::Entity)
                    .and_where(line::Column::SupplierId.eq(supplier))
                    .to_owned(),
            )
        })
        .operated(Condition::all().add(order::Column::StoreKind.eq(StoreKind::Hosted)));
    readable(actor, Object::Order, &owner)
}

/// The order lines the actor may read (a supplier only its own), as a condition on `order_line`.
pub fn visible_lines(actor: &Actor) -> Condition {
    let owner = Owner::new()
        .enterprise(line::Column::EnterpriseId)
        .household(line::Column::HouseholdId)
        .supplier(line::Column::SupplierId)
        .operated(Condition::all().add(line::Column::Hosted.eq(true)));
    readable(actor, Object::Order, &owner)
}

fn own_enterprise(actor: &Actor, order: &order::Model) -> bool {
    actor.enterprise_id() == Some(order.enterprise_id)
}

fn hosted(order: &order::Model) -> bool {
    order.store_kind == StoreKind::Hosted
}

/// The store's side: its enterprise's admins for zones and counters, the alliance's operators
/// for hosted stores.
pub fn runs_store(actor: &Actor, order: &order::Model) -> bool {
    match actor.role {
        Role::PlatformAdmin => true,
        Role::Operator => hosted(order),
        Role::EnterpriseAdmin => own_enterprise(actor, order) && !hosted(order),
        _ => false,
    }
}

/// The side that collects the money and so confirms and refunds it: the company's APP (or its
/// admins) for its zones and counters, the alliance for hosted stores.
pub fn collects(actor: &Actor, order: &order::Model) -> bool {
    match actor.role {
        Role::EnterpriseApp => own_enterprise(actor, order) && !hosted(order),
        _ => runs_store(actor, order),
    }
}

/// The buyer's side: the household itself, or the company's APP acting for it.
pub fn buys(actor: &Actor, order: &order::Model) -> bool {
    match actor.role {
        Role::Household => actor.household == Some(order.household_id),
        Role::EnterpriseApp => own_enterprise(actor, order),
        _ => false,
    }
}

/// The project's staff who redeem pickup codes: the enterprise's admins and APP.
pub fn redeems(actor: &Actor, order: &order::Model) -> bool {
    match actor.role {
        Role::PlatformAdmin => true,
        Role::EnterpriseAdmin | Role::EnterpriseApp => own_enterprise(actor, order),
        _ => false,
    }
}
