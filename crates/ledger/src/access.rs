//! Who sees which ledger entries, decided in one place so that lists, single entries, exports
//! and reported rows apply the same rule. Until the shared tenant scope lands this module is
//! the ledger's; it is written so it can delegate to that scope later.
//!
//! - the platform and unscoped reporters: everything;
//! - an association admin (or a reporter scoped to it): entries attributed to its association;
//! - an enterprise admin or its APP credential: its enterprise's entries;
//! - a resident: its own household's entries;
//! - a supplier: the sales of its products;
//! - the alliance's operators: the hosted stores they run (channel HOSTED).

use kernel::{Actor, Role};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, Condition};
use uuid::Uuid;

use crate::entity::{entry, reported_row};
use crate::types::Channel;

/// Whose ledger rows an actor reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    All,
    Association(Uuid),
    Enterprise(Uuid),
    Household(Uuid),
    Supplier(Uuid),
    Channel(Channel),
    Nothing,
}

pub fn scope(actor: &Actor) -> Scope {
    let or_nothing = |id: Option<Uuid>, f: fn(Uuid) -> Scope| id.map_or(Scope::Nothing, f);
    match actor.role {
        Role::PlatformAdmin => Scope::All,
        Role::Reporter => actor
            .association_id()
            .map_or(Scope::All, Scope::Association),
        Role::AssociationAdmin => or_nothing(actor.association_id(), Scope::Association),
        Role::EnterpriseAdmin | Role::EnterpriseApp => {
            or_nothing(actor.enterprise_id(), Scope::Enterprise)
        }
        Role::Household => or_nothing(actor.household, Scope::Household),
        Role::Supplier => or_nothing(actor.supplier_id(), Scope::Supplier),
        Role::Operator => Scope::Channel(Channel::Hosted),
    }
}

fn nothing() -> Condition {
    Condition::all().add(Expr::cust("1 = 0"))
}

/// The entries the actor may read, as a condition on `ledger_entry`.
pub fn entries(actor: &Actor) -> Condition {
    let only = |c: sea_orm::sea_query::SimpleExpr| Condition::all().add(c);
    match scope(actor) {
        Scope::All => Condition::all(),
        Scope::Association(a) => only(entry::Column::AssociationId.eq(a)),
        Scope::Enterprise(e) => only(entry::Column::EnterpriseId.eq(e)),
        Scope::Household(h) => only(entry::Column::HouseholdId.eq(h)),
        Scope::Supplier(s) => only(entry::Column::SupplierId.eq(s)),
        Scope::Channel(c) => only(entry::Column::Channel.eq(c)),
        Scope::Nothing => nothing(),
    }
}

/// Whether the actor may read this entry (the same rule as [`entries`], for a loaded row).
pub fn sees_entry(actor: &Actor, e: &entry::Model) -> bool {
    match scope(actor) {
        Scope::All => true,
        Scope::Association(a) => e.association_id == Some(a),
        Scope::Enterprise(id) => e.enterprise_id == Some(id),
        Scope::Household(h) => e.household_id == Some(h),
        Scope::Supplier(s) => e.supplier_id == s,
        Scope::Channel(c) => e.channel == c,
        Scope::Nothing => false,
    }
}

/// The reported rows (and batches, through their rows' tenant columns) the actor may read:
/// the reporting enterprise's own, its association's, everything for the platform and
/// reporters. Residents, suppliers and operators see none.
pub fn reported_rows(actor: &Actor) -> Condition {
    match scope(actor) {
        Scope::All => Condition::all(),
        Scope::Association(a) => Condition::all().add(reported_row::Column::AssociationId.eq(a)),
        Scope::Enterprise(e) => Condition::all().add(reported_row::Column::EnterpriseId.eq(e)),
        _ => nothing(),
    }
}

/// Whether the actor may read a reported row or batch of this enterprise and association.
pub fn sees_report(actor: &Actor, enterprise_id: Uuid, association_id: Option<Uuid>) -> bool {
    match scope(actor) {
        Scope::All => true,
        Scope::Association(a) => association_id == Some(a),
        Scope::Enterprise(e) => e == enterprise_id,
        _ => false,
    }
}

/// Whether the actor reviews (verifies or rejects) reported rows of this association: the
/// association's admins and the platform. A reporter reads but does not review.
pub fn reviews(actor: &Actor, association_id: Option<Uuid>) -> bool {
    match actor.role {
        Role::PlatformAdmin => true,
        Role::AssociationAdmin => {
            association_id.is_some() && actor.association_id() == association_id
        }
        _ => false,
    }
}
