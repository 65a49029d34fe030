//! Identifiers: UUIDv7 primary keys and Shopify-style global ids (`gid://yijin/Type/<uuid>`).

use std::fmt;
use std::str::FromStr;

use uuid::Uuid;

/// A new primary key. UUIDv7 keeps keys roughly in creation order, which keeps B-tree inserts
/// local and lets cursors page by id.
pub fn new_id() -> Uuid {
    Uuid::now_v7()
}

const PREFIX: &str = "gid://yijin/";

/// A global id naming an entity type and its key, e.g. `gid://yijin/Enterprise/0190…`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct GlobalId {
    pub type_name: &'static str,
    pub id: Uuid,
}

impl GlobalId {
    pub fn new(type_name: &'static str, id: Uuid) -> Self {
        Self { type_name, id }
    }

    /// Parses `s` and checks that it names one of `types`. The type name is returned as the
    /// matching `'static` entry so callers can `match` on it.
    pub fn parse_any(s: &str, types: &[&'static str]) -> Result<Self, GlobalIdError> {
        let raw = RawGlobalId::from_str(s)?;
        let type_name = types
            .iter()
            .find(|t| **t == raw.type_name)
            .ok_or(GlobalIdError::WrongType)?;
        Ok(Self {
            type_name,
            id: raw.id,
        })
    }

    /// Parses `s` as an id of exactly `type_name`.
    pub fn parse_as(s: &str, type_name: &'static str) -> Result<Uuid, GlobalIdError> {
        Self::parse_any(s, &[type_name]).map(|g| g.id)
    }
}

impl fmt::Display for GlobalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{PREFIX}{}/{}", self.type_name, self.id)
    }
}

/// A syntactically valid global id whose type has not been checked yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawGlobalId {
    pub type_name: String,
    pub id: Uuid,
}

impl FromStr for RawGlobalId {
    type Err = GlobalIdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let rest = s.strip_prefix(PREFIX).ok_or(GlobalIdError::Malformed)?;
        let (type_name, id) = rest.split_once('/').ok_or(GlobalIdError::Malformed)?;
        let valid_type =
            !type_name.is_empty() && type_name.chars().all(|c| c.is_ascii_alphanumeric());
        if !valid_type {
            return Err(GlobalIdError::Malformed);
        }
        let id = Uuid::parse_str(id).map_err(|_| GlobalIdError::Malformed)?;
        Ok(Self {
            type_name: type_name.to_owned(),
            id,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum GlobalIdError {
    #[error("not a global id of the form gid://yijin/Type/<uuid>")]
    Malformed,
    #[error("the global id names another type")]
    WrongType,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn global_id_round_trips() {
        let id = new_id();
        let gid = GlobalId::new("Enterprise", id).to_string();
        assert_eq!(gid, format!("gid://yijin/Enterprise/{id}"));
        assert_eq!(GlobalId::parse_as(&gid, "Enterprise"), Ok(id));
    }

    #[test]
    fn global_id_of_another_type_is_rejected() {
        let gid = GlobalId::new("Project", new_id()).to_string();
        assert_eq!(
            GlobalId::parse_as(&gid, "Enterprise"),
            Err(GlobalIdError::WrongType)
        );
    }

    #[test]
    fn malformed_global_ids_are_rejected() {
        for s in [
            "",
            "gid://yijin/",
            "gid://yijin/Enterprise",
            "gid://yijin/Enterprise/not-a-uuid",
            "gid://other/Enterprise/0190a5e4-7d2c-7c3e-9d7a-3f1c2b9e8a11",
            "gid://yijin/../0190a5e4-7d2c-7c3e-9d7a-3f1c2b9e8a11",
        ] {
            assert_eq!(
                GlobalId::parse_any(s, &["Enterprise"]),
                Err(GlobalIdError::Malformed),
                "{s}"
            );
        }
    }

    #[test]
    fn new_ids_sort_in_creation_order() {
        let a = new_id();
        let b = new_id();
        assert!(a < b);
    }
}
