//! Which events a subscriber receives: exactly those about objects it may read, decided by the
//! same rules the API applies when the subscriber asks for the object. An endpoint acts as its
//! subscriber ([`subscriber`]: the role and organisation that registered it), and each event
//! type names the rule of its object ([`rule`]); the rule becomes one SQL condition on the
//! outbox row's tenant columns, so scoping happens in the query, as everywhere else.

use kernel::outbox::entity as outbox;
use kernel::{Actor, EventType, OrgKind, OrgRef, Role};
use participants::access::{Object, Owner, TenantScope, never, readable};
use sea_orm::{ColumnTrait, Condition};

use crate::entity::endpoint;

/// The rule that scopes an event type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// An object of the role × object table (`participants::access`).
    Object(Object),
    /// Reported sales, under the ledger's rule (`ledger::access::reported_rows`).
    ReportedSales,
    /// Orders: until the orders domain adds its row to the table, the tenant scope's own rows
    /// (the buying enterprise, its association, the supplier shipping it, the platform).
    Orders,
}

/// The rule of an event type.
pub fn rule(t: EventType) -> Rule {
    match t.family() {
        "certification" => Rule::Object(Object::Certification),
        "enlistment" => Rule::Object(Object::Enlistment),
        "sales_report" => Rule::ReportedSales,
        _ => Rule::Orders,
    }
}

/// The subscriber an endpoint acts as.
pub fn subscriber(e: &endpoint::Model) -> Option<Actor> {
    let role: Role = e.role.parse().ok()?;
    let org = match (e.enterprise_id, e.association_id, e.supplier_id) {
        (Some(id), None, None) => Some(OrgRef {
            kind: OrgKind::Enterprise,
            id,
        }),
        (None, Some(id), None) => Some(OrgRef {
            kind: OrgKind::Association,
            id,
        }),
        (None, None, Some(id)) => Some(OrgRef {
            kind: OrgKind::Supplier,
            id,
        }),
        _ => None,
    };
    Actor::new(format!("webhook:{}", e.id), role, org, None).ok()
}

/// The outbox table's owner columns.
fn owner() -> Owner {
    Owner::new()
        .enterprise(outbox::Column::EnterpriseId)
        .association(outbox::Column::AssociationId)
        .supplier(outbox::Column::SupplierId)
}

fn condition(actor: &Actor, rule: Rule) -> Condition {
    match rule {
        Rule::Object(object) => readable(actor, object, &owner()),
        Rule::Orders => TenantScope::of(actor).owned(&owner()),
        Rule::ReportedSales => match ledger::access::scope(actor) {
            ledger::access::Scope::All => Condition::all(),
            ledger::access::Scope::Association(a) => {
                Condition::all().add(outbox::Column::AssociationId.eq(a))
            }
            ledger::access::Scope::Enterprise(e) => {
                Condition::all().add(outbox::Column::EnterpriseId.eq(e))
            }
            _ => never(),
        },
    }
}

/// The outbox rows of `types` that `actor` may read, as one condition.
pub fn visible(actor: &Actor, types: &[EventType]) -> Condition {
    let mut any = Condition::any();
    let mut rules: Vec<Rule> = types.iter().map(|t| rule(*t)).collect();
    rules.dedup();
    let mut seen = Vec::new();
    for r in rules {
        if seen.contains(&r) {
            continue;
        }
        seen.push(r);
        let names: Vec<&str> = types
            .iter()
            .filter(|t| rule(**t) == r)
            .map(|t| t.as_str())
            .collect();
        any = any.add(
            Condition::all()
                .add(outbox::Column::EventType.is_in(names))
                .add(condition(actor, r)),
        );
    }
    if seen.is_empty() { never() } else { any }
}
