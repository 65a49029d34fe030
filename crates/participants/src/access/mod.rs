//! Who may see and change what: the one tenant rule of yijin, for every crate.
//!
//! Three pieces, used together by every service that returns or changes tenant data:
//!
//! - [`table`]: the role × object table ([`reads`], [`writes`]), which the README shows;
//! - [`TenantScope`]: whose rows are a caller's "own" (its association and members, its
//!   enterprise, its household, its supplier, a reporter's association, or nobody's);
//! - [`Owner`]: the owner columns of a table, so that [`readable`] turns the two into one SQL
//!   condition. Scoping happens in the query, never after a row was loaded.
//!
//! ```ignore
//! // Fairs the caller may read: the table says which rows, the scope whose, the owner how.
//! let visible = readable(actor, Object::Activity,
//!     Owner::new().association(fair::Column::AssociationId).enterprise(fair::Column::EnterpriseId));
//! fair::Entity::find().filter(visible)
//! ```
//!
//! A row the caller may not read is `NotFound`, exactly like a row that does not exist, so ids
//! of other tenants are never confirmed. `Forbidden` depends on the role alone ([`require_role`]
//! comes before any lookup), never on whether an id exists.

pub mod table;

use kernel::{Actor, DomainError, DomainResult, Role};
use sea_orm::sea_query::{Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{ColumnTrait, Condition};
use uuid::Uuid;

use crate::entity::{enterprise, household};
pub use table::{Object, Reach, reads, writes};

/// Whose rows are a caller's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TenantScope {
    /// The platform: everyone's.
    Platform,
    /// The alliance's operators: no tenant; their own rows are the hosted stores they run.
    Operator,
    /// An association: its own rows and its member enterprises'.
    Association(Uuid),
    /// An enterprise (its admins and its APP): its rows, and the association it belongs to.
    Enterprise(Uuid),
    /// A resident: its household, its project (and that project's teams and stores), its
    /// enterprise and association.
    Household { enterprise: Uuid, household: Uuid },
    /// A supplier: its products, stock and certifications.
    Supplier(Uuid),
    /// A reporter: as an association when scoped to one, otherwise everyone's.
    Reporter(Option<Uuid>),
    /// A caller whose claims name no tenant it needs: nobody's.
    Nothing,
}

impl TenantScope {
    pub fn of(actor: &Actor) -> Self {
        match actor.role {
            Role::PlatformAdmin => Self::Platform,
            Role::Operator => Self::Operator,
            Role::Reporter => Self::Reporter(actor.association_id()),
            Role::AssociationAdmin => actor
                .association_id()
                .map_or(Self::Nothing, Self::Association),
            Role::EnterpriseAdmin | Role::EnterpriseApp => actor
                .enterprise_id()
                .map_or(Self::Nothing, Self::Enterprise),
            Role::Household => match (actor.enterprise_id(), actor.household) {
                (Some(enterprise), Some(household)) => Self::Household {
                    enterprise,
                    household,
                },
                _ => Self::Nothing,
            },
            Role::Supplier => actor.supplier_id().map_or(Self::Nothing, Self::Supplier),
        }
    }

    /// The rows this scope owns, as a condition on the owner columns. The most specific column
    /// a table has decides: a resident owns its household row, the rows of its project, or else
    /// the rows of its enterprise.
    pub fn owned(self, owner: &Owner) -> Condition {
        match self {
            Self::Platform | Self::Reporter(None) => Condition::all(),
            Self::Association(a) | Self::Reporter(Some(a)) => owner.of_association(a),
            Self::Enterprise(e) => owner.of_enterprise(e),
            Self::Household {
                enterprise,
                household,
            } => {
                if let Some(column) = &owner.household {
                    Condition::all().add(column.clone().eq(household))
                } else if let Some(project) = &owner.project {
                    Condition::all().add(project(project_of(household)))
                } else {
                    owner.of_enterprise(enterprise)
                }
            }
            Self::Supplier(s) => match &owner.supplier {
                Some(test) => Condition::all().add(test(s)),
                None => never(),
            },
            Self::Operator => owner.operated.clone().unwrap_or_else(never),
            Self::Nothing => never(),
        }
    }
}

/// The rows of `object` the actor may read, as one condition on the table's owner columns.
pub fn readable(actor: &Actor, object: Object, owner: &Owner) -> Condition {
    match reads(actor.role, object) {
        Reach::All => Condition::all(),
        Reach::Own => TenantScope::of(actor).owned(owner),
        Reach::Nothing => never(),
    }
}

/// Whether `actor` may read a project, decided from ids alone where the rule allows it: the
/// project, its enterprise, and — for a resident — its own household's project. `None` when
/// the answer depends on other rows (an association's current members): ask the database.
///
/// It is the rule [`readable`] applies to `Object::Project` in SQL, for read models that hold
/// a project's data in memory; a black-box test keeps the two equal for every role.
pub fn reads_project(
    actor: &Actor,
    project: Uuid,
    enterprise: Uuid,
    household_project: Option<Uuid>,
) -> Option<bool> {
    match reads(actor.role, Object::Project) {
        Reach::All => Some(true),
        Reach::Nothing => Some(false),
        Reach::Own => match TenantScope::of(actor) {
            TenantScope::Platform | TenantScope::Reporter(None) => Some(true),
            TenantScope::Enterprise(e) => Some(e == enterprise),
            TenantScope::Household { .. } => Some(household_project == Some(project)),
            TenantScope::Association(_) | TenantScope::Reporter(Some(_)) => None,
            TenantScope::Supplier(_) | TenantScope::Operator | TenantScope::Nothing => Some(false),
        },
    }
}

/// Builds the `IN (…)` test of a row's project against a set of project ids.
type ProjectTest = Box<dyn Fn(SelectStatement) -> Expr + Send + Sync>;

/// Builds the test of a row against one supplier.
type SupplierTest = Box<dyn Fn(Uuid) -> Expr + Send + Sync>;

/// The owner columns of a table: which of association, enterprise, project, household and
/// supplier the rows carry, and which rows operators run.
#[derive(Default)]
pub struct Owner {
    association: Option<Expr>,
    enterprise: Option<Expr>,
    project: Option<ProjectTest>,
    household: Option<Expr>,
    supplier: Option<SupplierTest>,
    operated: Option<Condition>,
}

fn column(c: impl ColumnTrait) -> Expr {
    Expr::col(c.as_column_ref())
}

impl Owner {
    pub fn new() -> Self {
        Self::default()
    }

    /// The association a row belongs to (for an enterprise's row, the enterprise column wins).
    pub fn association(mut self, c: impl ColumnTrait) -> Self {
        self.association = Some(column(c));
        self
    }

    pub fn enterprise(mut self, c: impl ColumnTrait) -> Self {
        self.enterprise = Some(column(c));
        self
    }

    pub fn project(mut self, c: impl ColumnTrait) -> Self {
        let c = column(c);
        self.project = Some(Box::new(move |projects| c.clone().in_subquery(projects)));
        self
    }

    /// For rows linked to projects through another table (a store serving projects): `test`
    /// builds the condition from a query of project ids.
    pub fn project_via(
        mut self,
        test: impl Fn(SelectStatement) -> Expr + Send + Sync + 'static,
    ) -> Self {
        self.project = Some(Box::new(test));
        self
    }

    pub fn household(mut self, c: impl ColumnTrait) -> Self {
        self.household = Some(column(c));
        self
    }

    pub fn supplier(mut self, c: impl ColumnTrait) -> Self {
        let c = column(c);
        self.supplier = Some(Box::new(move |s| c.clone().eq(s)));
        self
    }

    /// For rows linked to suppliers through another table (an order through its lines):
    /// `test` builds the condition for one supplier.
    pub fn supplier_via(mut self, test: impl Fn(Uuid) -> Expr + Send + Sync + 'static) -> Self {
        self.supplier = Some(Box::new(test));
        self
    }

    /// The rows the alliance's operators run (hosted stores).
    pub fn operated(mut self, rows: Condition) -> Self {
        self.operated = Some(rows);
        self
    }

    /// An association's own rows and its member enterprises' (the current members: a row keeps
    /// the association it was filed under only while it names no enterprise).
    fn of_association(&self, a: Uuid) -> Condition {
        match (&self.association, &self.enterprise) {
            (Some(assoc), Some(ent)) => Condition::any()
                .add(
                    Condition::all()
                        .add(ent.clone().is_null())
                        .add(assoc.clone().eq(a)),
                )
                .add(ent.clone().in_subquery(members_of(a))),
            (None, Some(ent)) => Condition::all().add(ent.clone().in_subquery(members_of(a))),
            (Some(assoc), None) => Condition::all().add(assoc.clone().eq(a)),
            (None, None) => never(),
        }
    }

    /// An enterprise's rows, or for rows of associations, the association it is a member of.
    fn of_enterprise(&self, e: Uuid) -> Condition {
        match (&self.enterprise, &self.association) {
            (Some(ent), _) => Condition::all().add(ent.clone().eq(e)),
            (None, Some(assoc)) => Condition::all().add(
                assoc.clone().in_subquery(
                    Query::select()
                        .column(enterprise::Column::AssociationId)
                        .from(enterprise::Entity)
                        .and_where(enterprise::Column::Id.eq(e))
                        .to_owned(),
                ),
            ),
            (None, None) => never(),
        }
    }
}

/// The ids of an association's member enterprises.
pub fn members_of(association: Uuid) -> SelectStatement {
    Query::select()
        .column(enterprise::Column::Id)
        .from(enterprise::Entity)
        .and_where(enterprise::Column::AssociationId.eq(association))
        .to_owned()
}

/// The project of a household, as a one-row query.
fn project_of(household: Uuid) -> SelectStatement {
    Query::select()
        .column(household::Column::ProjectId)
        .from(household::Entity)
        .and_where(household::Column::Id.eq(household))
        .to_owned()
}

/// A condition no row meets.
pub fn never() -> Condition {
    Condition::all().add(Expr::cust("1 = 0"))
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

/// Fails with `Forbidden` unless the actor has one of `roles`. Call it before looking anything
/// up, so that the answer does not depend on whether an id exists.
pub fn require_role(actor: &Actor, roles: &[Role]) -> DomainResult<()> {
    if roles.contains(&actor.role) {
        Ok(())
    } else {
        Err(DomainError::Forbidden)
    }
}
