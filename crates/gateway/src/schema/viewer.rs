//! `viewer`: who the caller is — role, organisation, household and what the role may do.

use async_graphql::{Context, ID, Object};
use kernel::{Actor, Role};
use participants::access::{Object, Reach, reads, writes};

use super::actor;
use crate::schema::ids;

/// 当前调用者
pub struct Viewer(Actor);

#[Object]
impl Viewer {
    /// 主体: the token's subject (`sub`).
    async fn subject(&self) -> &str {
        &self.0.subject
    }
    /// 角色: PLATFORM_ADMIN, OPERATOR, ASSOCIATION_ADMIN, ENTERPRISE_ADMIN, ENTERPRISE_APP,
    /// HOUSEHOLD, SUPPLIER or REPORTER.
    async fn role(&self) -> &'static str {
        self.0.role.as_str()
    }
    /// 所属组织: the global id of the enterprise, association or supplier the role acts for.
    async fn organization_id(&self) -> Option<ID> {
        self.0.org.map(|o| ids::org(o.kind, o.id))
    }
    /// 住户: for residents, their household's global id.
    async fn household_id(&self) -> Option<ID> {
        self.0.household.map(ids::gid::<ids::Household>)
    }
    /// 权限范围: what this role may do, derived from the role × object table (README,
    /// "Who may see and do what"): `object:read` for every kind of object it reads some rows
    /// of, `object:write` for every kind it changes, e.g. `store:read`, `store:write`.
    async fn scopes(&self) -> Vec<String> {
        scopes(self.0.role)
    }
}

fn scopes(role: Role) -> Vec<String> {
    let mut out = Vec::new();
    for object in Object::ALL {
        if reads(role, object) != Reach::Nothing {
            out.push(format!("{}:read", object.as_str()));
        }
        if writes(role, object) {
            out.push(format!("{}:write", object.as_str()));
        }
    }
    out
}

#[derive(Default)]
pub struct ViewerQuery;

#[Object]
impl ViewerQuery {
    /// 我是谁: the authenticated caller; `UNAUTHENTICATED` without a token.
    async fn viewer(&self, ctx: &Context<'_>) -> async_graphql::Result<Viewer> {
        Ok(Viewer(actor(ctx)?.clone()))
    }
}
