//! Who sees which participants. One place decides, so every query applies the same rule:
//! the platform sees everything, an association its member enterprises, an enterprise (its
//! admins, its APP and its residents) itself, and nobody else anything.

use kernel::{Actor, DomainError, DomainResult, Role};
use sea_orm::sea_query::{Expr, Query, SimpleExpr};
use sea_orm::{ColumnTrait, Condition};
use uuid::Uuid;

use crate::entity::enterprise;

/// The enterprises an actor may read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnterpriseScope {
    All,
    MembersOf(Uuid),
    Only(Uuid),
    None,
}

pub fn enterprise_scope(actor: &Actor) -> EnterpriseScope {
    match actor.role {
        Role::PlatformAdmin | Role::Operator => EnterpriseScope::All,
        Role::Reporter => actor
            .association_id()
            .map_or(EnterpriseScope::All, EnterpriseScope::MembersOf),
        Role::AssociationAdmin => actor
            .association_id()
            .map_or(EnterpriseScope::None, EnterpriseScope::MembersOf),
        Role::EnterpriseAdmin | Role::EnterpriseApp | Role::Household => actor
            .enterprise_id()
            .map_or(EnterpriseScope::None, EnterpriseScope::Only),
        Role::Supplier => EnterpriseScope::None,
    }
}

impl EnterpriseScope {
    /// A condition on a table's `enterprise_id` column (for the `enterprise` table itself, its
    /// `id`) that keeps only rows in scope.
    pub fn condition(self, enterprise_id: impl ColumnTrait) -> Condition {
        match self {
            EnterpriseScope::All => Condition::all(),
            EnterpriseScope::Only(id) => Condition::all().add(enterprise_id.eq(id)),
            EnterpriseScope::MembersOf(association) => {
                Condition::all().add(enterprise_id.in_subquery(members_of(association)))
            }
            EnterpriseScope::None => Condition::all().add(never()),
        }
    }

    /// Whether a row of enterprise `id` (in association `association`) is in scope.
    pub fn admits(self, id: Uuid, association: Option<Uuid>) -> bool {
        match self {
            EnterpriseScope::All => true,
            EnterpriseScope::Only(own) => own == id,
            EnterpriseScope::MembersOf(a) => association == Some(a),
            EnterpriseScope::None => false,
        }
    }
}

fn members_of(association: Uuid) -> sea_orm::sea_query::SelectStatement {
    Query::select()
        .column(enterprise::Column::Id)
        .from(enterprise::Entity)
        .and_where(enterprise::Column::AssociationId.eq(association))
        .to_owned()
}

fn never() -> SimpleExpr {
    Expr::cust("1 = 0")
}

/// The enterprise an enterprise-side actor may write for: its own. Platform admins name one.
pub fn writable_enterprise(actor: &Actor, named: Option<Uuid>) -> DomainResult<Uuid> {
    match actor.role {
        Role::PlatformAdmin => named.ok_or_else(|| {
            DomainError::invalid(
                &["enterpriseId"],
                kernel::error::codes::BLANK,
                kernel::Message::new("平台管理员需指定企业", "name the enterprise to act for"),
            )
        }),
        Role::EnterpriseAdmin | Role::EnterpriseApp => {
            let own = actor.enterprise_id().ok_or(DomainError::Forbidden)?;
            match named {
                Some(other) if other != own => Err(DomainError::NotFound),
                _ => Ok(own),
            }
        }
        _ => Err(DomainError::Forbidden),
    }
}

/// Personal data (names, phones) is shown in full only to the owning enterprise's admins.
pub fn sees_personal_data(actor: &Actor, enterprise_id: Uuid) -> bool {
    actor.role == Role::EnterpriseAdmin && actor.enterprise_id() == Some(enterprise_id)
}

/// Fails with `Forbidden` unless the actor has one of `roles`.
pub fn require_role(actor: &Actor, roles: &[Role]) -> DomainResult<()> {
    if roles.contains(&actor.role) {
        Ok(())
    } else {
        Err(DomainError::Forbidden)
    }
}
