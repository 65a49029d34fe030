//! Who sees which purchase orders. Procurement is the company's back office, not its residents'
//! APP: the enterprise's admins see its own (and its partners'), a supplier the orders holding
//! its lines (and only those lines), the platform all; nobody else any.

use kernel::{Actor, Role};
use participants::access::never;
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, Condition};

use super::entity::{line, partner, purchase_order};

/// The purchase orders the actor may read.
pub fn visible(actor: &Actor) -> Condition {
    match (actor.role, actor.enterprise_id(), actor.supplier_id()) {
        (Role::PlatformAdmin, _, _) => Condition::all(),
        (Role::EnterpriseAdmin, Some(e), _) => {
            Condition::all().add(purchase_order::Column::EnterpriseId.eq(e))
        }
        (Role::Supplier, _, Some(s)) => Condition::all().add(
            Expr::col((purchase_order::Entity, purchase_order::Column::Id)).in_subquery(
                Query::select()
                    .column(line::Column::PurchaseOrderId)
                    .from(line::Entity)
                    .and_where(line::Column::SupplierId.eq(s))
                    .to_owned(),
            ),
        ),
        _ => never(),
    }
}

/// The purchase-order lines the actor may read (a supplier only its own).
pub fn visible_lines(actor: &Actor) -> Condition {
    match (actor.role, actor.enterprise_id(), actor.supplier_id()) {
        (Role::PlatformAdmin, _, _) => Condition::all(),
        (Role::EnterpriseAdmin, Some(e), _) => {
            Condition::all().add(line::Column::EnterpriseId.eq(e))
        }
        (Role::Supplier, _, Some(s)) => Condition::all().add(line::Column::SupplierId.eq(s)),
        _ => never(),
    }
}

/// The partner companies the actor may read: its enterprise's (admins), all (platform).
pub fn visible_partners(actor: &Actor) -> Condition {
    match (actor.role, actor.enterprise_id()) {
        (Role::PlatformAdmin, _) => Condition::all(),
        (Role::EnterpriseAdmin, Some(e)) => {
            Condition::all().add(partner::Column::EnterpriseId.eq(e))
        }
        _ => never(),
    }
}
