//! Who sees and changes what in the products domain, by the one tenant rule of
//! `participants::access` (the role × object table and the caller's tenant scope).
//!
//! Products that are ACTIVE are the public catalogue: every authenticated role reads them.
//! Drafts, inactive products, stock and certification files belong to their supplier (and the
//! platform and the alliance's operators). Stores belong to their enterprise; hosted stores
//! are run by operators; a resident sees the stores that serve its project.

use kernel::{Actor, DomainError, DomainResult, Role};
use participants::access::{Object, Owner, Reach, TenantScope, readable, reads, writes};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, Condition};
use uuid::Uuid;

use crate::entity::product::{self, ProductStatus};
use crate::entity::store::{self, StoreKind};
use crate::entity::store_project;

/// Products the actor may read: the ACTIVE catalogue, and drafts and inactive products by the
/// table (`Object::Product`: a supplier its own; the platform and operators all).
pub fn visible_products(actor: &Actor) -> Condition {
    Condition::any()
        .add(product::Column::Status.eq(ProductStatus::Active))
        .add(readable(
            actor,
            Object::Product,
            &Owner::new().supplier(product::Column::SupplierId),
        ))
}

/// Whether the actor sees the private side (stock, certification files, contacts in full) of
/// a supplier: the same rule as [`visible_products`], for one supplier already in hand.
pub fn sees_supplier(actor: &Actor, supplier_id: Uuid) -> bool {
    match reads(actor.role, Object::Stock) {
        Reach::All => true,
        Reach::Own => TenantScope::of(actor) == TenantScope::Supplier(supplier_id),
        Reach::Nothing => false,
    }
}

/// The supplier a write of `object` acts for: a supplier its own; the roles that write it for
/// any supplier (the platform; operators for products and stock) name one. A role that may not
/// write it at all is `Forbidden` before anything is looked up.
pub fn writable_supplier(actor: &Actor, object: Object, named: Option<Uuid>) -> DomainResult<Uuid> {
    if !writes(actor.role, object) {
        return Err(DomainError::Forbidden);
    }
    match actor.role {
        Role::Supplier => {
            let own = actor.supplier_id().ok_or(DomainError::Forbidden)?;
            match named {
                Some(other) if other != own => Err(DomainError::NotFound),
                _ => Ok(own),
            }
        }
        _ => named.ok_or_else(|| {
            DomainError::invalid(
                &["supplierId"],
                kernel::error::codes::BLANK,
                kernel::Message::new("请指定供应商", "name the supplier to act for"),
            )
        }),
    }
}

/// The rows of a supplier-owned table (stock movements, certifications) the actor may read.
pub fn supplier_rows(actor: &Actor, object: Object, supplier_id: impl ColumnTrait) -> Condition {
    readable(actor, object, &Owner::new().supplier(supplier_id))
}

/// Stores the actor may read (`Object::Store`): its enterprise's; an association's members'; a
/// resident those serving its project; operators the hosted ones.
pub fn visible_stores(actor: &Actor) -> Condition {
    let owner = Owner::new()
        .enterprise(store::Column::EnterpriseId)
        .project_via(|projects| {
            Expr::col((store::Entity, store::Column::Id)).in_subquery(
                Query::select()
                    .column(store_project::Column::StoreId)
                    .from(store_project::Entity)
                    .and_where(Expr::col(store_project::Column::ProjectId).in_subquery(projects))
                    .to_owned(),
            )
        })
        .operated(Condition::all().add(store::Column::Kind.eq(StoreKind::Hosted)));
    readable(actor, Object::Store, &owner)
}

/// The stores the actor manages, as a condition on the store table: [`manages_store`] in SQL.
pub fn managed_stores(actor: &Actor) -> Condition {
    match (actor.role, actor.enterprise_id()) {
        (Role::PlatformAdmin, _) => Condition::all(),
        (Role::Operator, _) => Condition::all().add(store::Column::Kind.eq(StoreKind::Hosted)),
        (Role::EnterpriseAdmin, Some(own)) => Condition::all()
            .add(store::Column::Kind.ne(StoreKind::Hosted))
            .add(store::Column::EnterpriseId.eq(own)),
        _ => participants::access::never(),
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
