//! Who sees and runs which group buys, by the one tenant rule (`participants::access`, under
//! `Object::Order`, since a group buy is the start of orders): an enterprise (admins, APP) its
//! own, a resident those of its project, the platform all; operators, suppliers, associations
//! and reporters none (what they need of a group buy reaches them as orders and ledger entries).

use kernel::{Actor, Role};
use participants::access::{Object, Owner, readable};
use sea_orm::Condition;

use super::entity::{group_buy, join};

/// The group buys the actor may read, as a condition on `group_buy`.
pub fn visible(actor: &Actor) -> Condition {
    let owner = Owner::new()
        .enterprise(group_buy::Column::EnterpriseId)
        .project(group_buy::Column::ProjectId);
    readable(actor, Object::Order, &owner)
}

/// The joins the actor may read: the organiser's side all of its group buys', a resident its
/// own household's.
pub fn visible_joins(actor: &Actor) -> Condition {
    let owner = Owner::new()
        .enterprise(join::Column::EnterpriseId)
        .household(join::Column::HouseholdId);
    readable(actor, Object::Order, &owner)
}

/// The organiser's side: the enterprise's admins and APP, and the platform.
pub fn organises(actor: &Actor, group_buy: &group_buy::Model) -> bool {
    match actor.role {
        Role::PlatformAdmin => true,
        Role::EnterpriseAdmin | Role::EnterpriseApp => {
            actor.enterprise_id() == Some(group_buy.enterprise_id)
        }
        _ => false,
    }
}
