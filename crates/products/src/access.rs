//! Who sees and changes what in the products domain, decided in one place.
//!
//! Products that are ACTIVE are the public catalogue: every authenticated role may read them.
//! Drafts, inactive products, stock and certification files belong to their supplier (and the
//! platform and the alliance's operators). Stores belong to their enterprise; hosted stores are
//! also run by operators; a resident sees the stores that serve its project.

use kernel::{Actor, DomainError, DomainResult, Role};
use participants::access::enterprise_scope;
use participants::entity::household;
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, Condition};
use uuid::Uuid;

use crate::entity::product::{self, ProductStatus};
use crate::entity::store::{self, StoreKind};
use crate::entity::store_project;

/// Whether the actor may see every supplier's private data (drafts, stock, certifications).
pub fn sees_all_suppliers(actor: &Actor) -> bool {
    matches!(actor.role, Role::PlatformAdmin | Role::Operator)
}

/// Products the actor may read: its own (a supplier), all (platform, operators), or the
/// active catalogue.
pub fn visible_products(actor: &Actor) -> Condition {
    let active = product::Column::Status.eq(ProductStatus::Active);
    match (actor.role, actor.supplier_id()) {
        _ if sees_all_suppliers(actor) => Condition::all(),
        (Role::Supplier, Some(own)) => Condition::any()
            .add(active)
            .add(product::Column::SupplierId.eq(own)),
        _ => Condition::all().add(active),
    }
}

/// Whether the actor may see the private side (stock, certification files) of a supplier.
pub fn sees_supplier(actor: &Actor, supplier_id: Uuid) -> bool {
    sees_all_suppliers(actor) || actor.supplier_id() == Some(supplier_id)
}

/// The supplier a supplier-side write acts for: its own; the platform names one.
pub fn writable_supplier(actor: &Actor, named: Option<Uuid>) -> DomainResult<Uuid> {
    match actor.role {
        Role::PlatformAdmin | Role::Operator => named.ok_or_else(|| {
            DomainError::invalid(
                &["supplierId"],
                kernel::error::codes::BLANK,
                kernel::Message::new("请指定供应商", "name the supplier to act for"),
            )
        }),
        Role::Supplier => {
            let own = actor.supplier_id().ok_or(DomainError::Forbidden)?;
            match named {
                Some(other) if other != own => Err(DomainError::NotFound),
                _ => Ok(own),
            }
        }
        _ => Err(DomainError::Forbidden),
    }
}

/// Stores the actor may read.
pub fn visible_stores(actor: &Actor) -> Condition {
    let owned = enterprise_scope(actor).condition(store::Column::EnterpriseId);
    match actor.role {
        Role::Operator => Condition::all().add(store::Column::Kind.eq(StoreKind::Hosted)),
        Role::Household => {
            let household_id = actor.household.unwrap_or(Uuid::nil());
            let own_project = Query::select()
                .column(household::Column::ProjectId)
                .from(household::Entity)
                .and_where(household::Column::Id.eq(household_id))
                .to_owned();
            let serving = Query::select()
                .column(store_project::Column::StoreId)
                .from(store_project::Entity)
                .and_where(Expr::col(store_project::Column::ProjectId).in_subquery(own_project))
                .to_owned();
            owned.add(store::Column::Id.in_subquery(serving))
        }
        _ => owned,
    }
}

/// The stores the actor manages, as a condition on the store table: [`manages_store`] in SQL.
pub fn managed_stores(actor: &Actor) -> Condition {
    match (actor.role, actor.enterprise_id()) {
        (Role::PlatformAdmin, _) => Condition::all(),
        (Role::Operator, _) => Condition::all().add(store::Column::Kind.eq(StoreKind::Hosted)),
        (Role::EnterpriseAdmin, Some(own)) => Condition::all()
            .add(store::Column::Kind.ne(StoreKind::Hosted))
            .add(store::Column::EnterpriseId.eq(own)),
        _ => Condition::all().add(Expr::cust("1 = 0")),
    }
}

/// Whether the actor may manage a store of this kind and enterprise.
pub fn manages_store(actor: &Actor, kind: StoreKind, enterprise_id: Uuid) -> bool {
    match actor.role {
        Role::PlatformAdmin => true,
        Role::Operator => kind == StoreKind::Hosted,
        Role::EnterpriseAdmin => {
            kind != StoreKind::Hosted && actor.enterprise_id() == Some(enterprise_id)
        }
        _ => false,
    }
}
