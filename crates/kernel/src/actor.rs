//! Who is calling: a role, the organisation the role acts for, and for residents the household.
//! Every service takes an `Actor` and checks it against the owner of the rows it touches.

use std::fmt;
use std::str::FromStr;

use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// 平台管理员: everything; campaigns, certification decisions, accounts.
    PlatformAdmin,
    /// 电商运营团队: the alliance's e-commerce team running hosted stores.
    Operator,
    /// 协会管理员: its association's enlistment, fairs, reports; reads member enterprises.
    AssociationAdmin,
    /// 企业管理员: its enterprise's projects, zone, teams, orders, households.
    EnterpriseAdmin,
    /// 企业APP服务账号: a company's APP backend acting for its residents.
    EnterpriseApp,
    /// 业主: a resident.
    Household,
    /// 供应商: its products, stock and certification applications.
    Supplier,
    /// 报表: read-only KPIs, rankings and ledger extracts.
    Reporter,
}

impl Role {
    pub const ALL: [Role; 8] = [
        Role::PlatformAdmin,
        Role::Operator,
        Role::AssociationAdmin,
        Role::EnterpriseAdmin,
        Role::EnterpriseApp,
        Role::Household,
        Role::Supplier,
        Role::Reporter,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::PlatformAdmin => "PLATFORM_ADMIN",
            Role::Operator => "OPERATOR",
            Role::AssociationAdmin => "ASSOCIATION_ADMIN",
            Role::EnterpriseAdmin => "ENTERPRISE_ADMIN",
            Role::EnterpriseApp => "ENTERPRISE_APP",
            Role::Household => "HOUSEHOLD",
            Role::Supplier => "SUPPLIER",
            Role::Reporter => "REPORTER",
        }
    }

    /// The kind of organisation this role must act for, if any. A reporter may optionally be
    /// scoped to an association.
    pub fn org_kind(self) -> Option<OrgKind> {
        match self {
            Role::PlatformAdmin | Role::Operator => None,
            Role::AssociationAdmin | Role::Reporter => Some(OrgKind::Association),
            Role::EnterpriseAdmin | Role::EnterpriseApp | Role::Household => {
                Some(OrgKind::Enterprise)
            }
            Role::Supplier => Some(OrgKind::Supplier),
        }
    }

    fn org_required(self) -> bool {
        !matches!(self, Role::PlatformAdmin | Role::Operator | Role::Reporter)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = ActorError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or(ActorError::UnknownRole)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OrgKind {
    Association,
    Enterprise,
    Supplier,
}

impl OrgKind {
    /// The global-id type name of organisations of this kind.
    pub fn type_name(self) -> &'static str {
        match self {
            OrgKind::Association => "Association",
            OrgKind::Enterprise => "Enterprise",
            OrgKind::Supplier => "Supplier",
        }
    }

    pub const TYPE_NAMES: [&'static str; 3] = ["Association", "Enterprise", "Supplier"];

    pub fn from_type_name(name: &str) -> Option<Self> {
        match name {
            "Association" => Some(OrgKind::Association),
            "Enterprise" => Some(OrgKind::Enterprise),
            "Supplier" => Some(OrgKind::Supplier),
            _ => None,
        }
    }
}

/// The organisation a role acts for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct OrgRef {
    pub kind: OrgKind,
    pub id: Uuid,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ActorError {
    #[error("unknown role")]
    UnknownRole,
    #[error("this role must act for an organisation of the right kind")]
    OrgMismatch,
    #[error("a household token must name its household; other roles must not")]
    HouseholdMismatch,
}

/// The authenticated caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// Who the credential was issued to (`sub`), for audit.
    pub subject: String,
    pub role: Role,
    pub org: Option<OrgRef>,
    pub household: Option<Uuid>,
}

impl Actor {
    /// Builds an actor whose claims fit together: the organisation is of the kind the role acts
    /// for, and only residents carry a household.
    pub fn new(
        subject: impl Into<String>,
        role: Role,
        org: Option<OrgRef>,
        household: Option<Uuid>,
    ) -> Result<Self, ActorError> {
        match (role.org_kind(), org) {
            (None, Some(_)) => return Err(ActorError::OrgMismatch),
            (Some(kind), Some(o)) if o.kind != kind => return Err(ActorError::OrgMismatch),
            (Some(_), None) if role.org_required() => return Err(ActorError::OrgMismatch),
            _ => {}
        }
        if (role == Role::Household) != household.is_some() {
            return Err(ActorError::HouseholdMismatch);
        }
        Ok(Self {
            subject: subject.into(),
            role,
            org,
            household,
        })
    }

    pub fn is_platform(&self) -> bool {
        self.role == Role::PlatformAdmin
    }

    /// The enterprise this actor acts for (enterprise admins, APPs and residents).
    pub fn enterprise_id(&self) -> Option<Uuid> {
        self.org_of(OrgKind::Enterprise)
    }

    /// The association this actor acts for (association admins, scoped reporters).
    pub fn association_id(&self) -> Option<Uuid> {
        self.org_of(OrgKind::Association)
    }

    pub fn supplier_id(&self) -> Option<Uuid> {
        self.org_of(OrgKind::Supplier)
    }

    fn org_of(&self, kind: OrgKind) -> Option<Uuid> {
        self.org.filter(|o| o.kind == kind).map(|o| o.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org(kind: OrgKind) -> Option<OrgRef> {
        Some(OrgRef {
            kind,
            id: Uuid::now_v7(),
        })
    }

    #[test]
    fn roles_round_trip_through_their_names() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
        assert_eq!("ROOT".parse::<Role>(), Err(ActorError::UnknownRole));
    }

    #[test]
    fn claims_must_fit_the_role() {
        assert!(Actor::new("s", Role::PlatformAdmin, None, None).is_ok());
        assert!(Actor::new("s", Role::Reporter, None, None).is_ok());
        assert!(Actor::new("s", Role::Reporter, org(OrgKind::Association), None).is_ok());
        assert_eq!(
            Actor::new("s", Role::EnterpriseAdmin, None, None),
            Err(ActorError::OrgMismatch)
        );
        assert_eq!(
            Actor::new("s", Role::EnterpriseAdmin, org(OrgKind::Association), None),
            Err(ActorError::OrgMismatch)
        );
        assert_eq!(
            Actor::new("s", Role::PlatformAdmin, org(OrgKind::Enterprise), None),
            Err(ActorError::OrgMismatch)
        );
        assert_eq!(
            Actor::new("s", Role::Household, org(OrgKind::Enterprise), None),
            Err(ActorError::HouseholdMismatch)
        );
        assert_eq!(
            Actor::new(
                "s",
                Role::EnterpriseApp,
                org(OrgKind::Enterprise),
                Some(Uuid::now_v7())
            ),
            Err(ActorError::HouseholdMismatch)
        );
    }
}
