//! Actors as the services see them. Subjects are stable and name the organisation, so that
//! anything keyed by the caller (idempotency keys, audit columns) tells two callers apart.

use kernel::{Actor, OrgKind, OrgRef, Role};
use uuid::Uuid;

/// The platform administrator (`platform`).
pub fn platform() -> Actor {
    Actor::new("platform", Role::PlatformAdmin, None, None).unwrap()
}

/// A caller acting for organisation `id` of `kind` in `role`, subject `test-<role>-<id>`.
pub fn org(role: Role, kind: OrgKind, id: Uuid) -> Actor {
    Actor::new(subject(role, id), role, Some(OrgRef { kind, id }), None).unwrap()
}

/// The subject [`org`] gives a caller, for assertions on audit columns.
pub fn subject(role: Role, id: Uuid) -> String {
    format!("test-{}-{id}", role.as_str())
}

pub fn association_admin(association: Uuid) -> Actor {
    org(Role::AssociationAdmin, OrgKind::Association, association)
}

pub fn enterprise_admin(enterprise: Uuid) -> Actor {
    org(Role::EnterpriseAdmin, OrgKind::Enterprise, enterprise)
}

/// A property company's APP (its server, calling for its residents).
pub fn enterprise_app(enterprise: Uuid) -> Actor {
    org(Role::EnterpriseApp, OrgKind::Enterprise, enterprise)
}

pub fn supplier(supplier: Uuid) -> Actor {
    org(Role::Supplier, OrgKind::Supplier, supplier)
}

/// A resident: household `household` of one of `enterprise`'s projects.
pub fn resident(enterprise: Uuid, household: Uuid) -> Actor {
    Actor::new(
        format!("household-{household}"),
        Role::Household,
        Some(OrgRef {
            kind: OrgKind::Enterprise,
            id: enterprise,
        }),
        Some(household),
    )
    .unwrap()
}
