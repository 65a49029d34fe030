//! How much of a person's data a caller sees: decided here, once, for every place that shows
//! names, phones and APP user ids (the gateway only renders what these return).
//!
//! Names and phones of residents and contacts are shown in full only to the admins of the
//! organisation they belong to, masked (`138****8000`, `张*`) to everyone else who may see the
//! row. A resident's APP user id is the company APP's own key for its user: its enterprise
//! (admins and APP) and the resident itself see it; nobody else, not even a teammate.

use kernel::phone::mask_phone;
use kernel::{Actor, OrgKind, OrgRef, Role};

use crate::entity::household;

/// How much of a personal value a caller sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disclosure {
    Full,
    Masked,
    Hidden,
}

impl Disclosure {
    pub fn phone(self, phone: Option<&str>) -> Option<String> {
        let phone = phone?;
        match self {
            Disclosure::Full => Some(phone.to_owned()),
            Disclosure::Masked => Some(mask_phone(phone)),
            Disclosure::Hidden => None,
        }
    }

    pub fn name(self, name: Option<&str>) -> Option<String> {
        let name = name?;
        match self {
            Disclosure::Full => Some(name.to_owned()),
            Disclosure::Masked => Some(mask_name(name)),
            Disclosure::Hidden => None,
        }
    }

    /// A value that cannot be masked meaningfully (an id): shown in full or not at all.
    pub fn whole(self, value: Option<&str>) -> Option<String> {
        match self {
            Disclosure::Full => value.map(str::to_owned),
            Disclosure::Masked | Disclosure::Hidden => None,
        }
    }
}

/// Masks a person's name: 张三 → 张*.
pub fn mask_name(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => format!("{first}{}", "*".repeat(chars.count().max(1))),
        None => String::new(),
    }
}

/// The contacts of an organisation (an enterprise's leads and project contacts, an
/// association's contact): in full for the organisation's own admins.
pub fn contacts(actor: &Actor, of: OrgRef) -> Disclosure {
    let admin = match of.kind {
        OrgKind::Enterprise => Role::EnterpriseAdmin,
        OrgKind::Association => Role::AssociationAdmin,
        OrgKind::Supplier => Role::Supplier,
    };
    if actor.role == admin && actor.org == Some(of) {
        Disclosure::Full
    } else {
        Disclosure::Masked
    }
}

/// A resident as the caller may see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resident {
    pub display_name: Option<String>,
    pub phone: Option<String>,
    pub external_user_id: Option<String>,
}

pub fn resident(actor: &Actor, row: &household::Model) -> Resident {
    let people = contacts(
        actor,
        OrgRef {
            kind: OrgKind::Enterprise,
            id: row.enterprise_id,
        },
    );
    let own_enterprise = matches!(actor.role, Role::EnterpriseAdmin | Role::EnterpriseApp)
        && actor.enterprise_id() == Some(row.enterprise_id);
    let itself = actor.household == Some(row.id);
    let app_id = if own_enterprise || itself {
        Disclosure::Full
    } else {
        Disclosure::Hidden
    };
    Resident {
        display_name: people.name(row.display_name.as_deref()),
        phone: people.phone(row.phone.as_deref()),
        external_user_id: app_id.whole(row.external_user_id.as_deref()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn actor(role: Role, org: Option<OrgRef>, household: Option<Uuid>) -> Actor {
        Actor::new("t", role, org, household).unwrap()
    }

    #[test]
    fn a_teammate_sees_a_masked_name_and_no_app_user_id() {
        let enterprise = Uuid::now_v7();
        let org = Some(OrgRef {
            kind: OrgKind::Enterprise,
            id: enterprise,
        });
        let row = household::Model {
            id: Uuid::now_v7(),
            enterprise_id: enterprise,
            project_id: Uuid::now_v7(),
            external_user_id: Some("zhuzher-42".into()),
            display_name: Some("王芳".into()),
            phone: Some("13800138000".into()),
            team_id: None,
            created_at: chrono::Utc::now(),
        };
        let teammate = resident(&actor(Role::Household, org, Some(Uuid::now_v7())), &row);
        assert_eq!(teammate.display_name.as_deref(), Some("王*"));
        assert_eq!(teammate.phone.as_deref(), Some("138****8000"));
        assert_eq!(teammate.external_user_id, None);
        let itself = resident(&actor(Role::Household, org, Some(row.id)), &row);
        assert_eq!(itself.external_user_id.as_deref(), Some("zhuzher-42"));
        let admin = resident(&actor(Role::EnterpriseAdmin, org, None), &row);
        assert_eq!(admin.phone.as_deref(), Some("13800138000"));
        let platform = resident(&actor(Role::PlatformAdmin, None, None), &row);
        assert_eq!(platform.external_user_id, None);
        assert_eq!(platform.display_name.as_deref(), Some("王*"));
    }
}
