//! Who sees and changes campaign rows, decided by the one tenant rule of
//! `participants::access`.
//!
//! Every tenant-owned row carries `association_id` and `enterprise_id`; which rows a role reads
//! is the role × object table (enlistments, activities, employment, progress reports), whose
//! rows are its own is its tenant scope. Only the owner (and the platform) changes a row: an
//! association reads its members' fairs and events but does not run them.

use kernel::{Actor, DomainError, DomainResult, Message, Problem, Role};
use participants::access::{Object, Owner, readable};
use participants::entity::{association, enterprise};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait};
use uuid::Uuid;

use crate::CampaignErrorCode as Code;

/// The rows of `object` the actor may read, as a filter on a table's tenant columns.
pub fn visible(
    actor: &Actor,
    object: Object,
    association_id: impl ColumnTrait,
    enterprise_id: impl ColumnTrait,
) -> Condition {
    readable(actor, object, &owner(association_id, enterprise_id))
}

/// The tenant columns of a campaigns table.
pub fn owner(association_id: impl ColumnTrait, enterprise_id: impl ColumnTrait) -> Owner {
    Owner::new()
        .association(association_id)
        .enterprise(enterprise_id)
}

/// Whether the actor runs a row with these tenant columns (it must be able to see it too).
pub fn manages(actor: &Actor, association_id: Option<Uuid>, enterprise_id: Option<Uuid>) -> bool {
    match actor.role {
        Role::PlatformAdmin => true,
        Role::AssociationAdmin => {
            enterprise_id.is_none()
                && association_id.is_some()
                && association_id == actor.association_id()
        }
        Role::EnterpriseAdmin => enterprise_id.is_some() && enterprise_id == actor.enterprise_id(),
        _ => false,
    }
}

/// `Forbidden` unless the actor runs the row.
pub fn require_manages(
    actor: &Actor,
    association_id: Option<Uuid>,
    enterprise_id: Option<Uuid>,
) -> DomainResult<()> {
    if manages(actor, association_id, enterprise_id) {
        Ok(())
    } else {
        Err(DomainError::Forbidden)
    }
}

/// The organisation an activity or form is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Organizer {
    Association(association::Model),
    Enterprise(enterprise::Model),
}

impl Organizer {
    /// The tenant columns of a row this organiser owns: (association_id, enterprise_id).
    pub fn tenant(&self) -> (Option<Uuid>, Option<Uuid>) {
        match self {
            Organizer::Association(a) => (Some(a.id), None),
            Organizer::Enterprise(e) => (e.association_id, Some(e.id)),
        }
    }
}

/// The organiser a write acts for: association admins their association, enterprise admins
/// their enterprise; the platform names one (exactly one of the two ids). Naming another
/// tenant's organisation is `NotFound`.
pub async fn organizer(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    association_id: Option<Uuid>,
    enterprise_id: Option<Uuid>,
) -> DomainResult<Organizer> {
    let (association_id, enterprise_id) = match actor.role {
        Role::PlatformAdmin => match (association_id, enterprise_id) {
            (Some(a), None) => (Some(a), None),
            (None, Some(e)) => (None, Some(e)),
            _ => {
                return Err(DomainError::invalid(
                    &["enterpriseId"],
                    Code::Blank.as_str(),
                    Message::new(
                        "平台管理员须指定一个协会或一个企业",
                        "name exactly one association or enterprise to act for",
                    ),
                ));
            }
        },
        Role::AssociationAdmin => {
            let own = actor.association_id().ok_or(DomainError::Forbidden)?;
            if enterprise_id.is_some() || association_id.is_some_and(|a| a != own) {
                return Err(DomainError::NotFound);
            }
            (Some(own), None)
        }
        Role::EnterpriseAdmin => {
            let own = actor.enterprise_id().ok_or(DomainError::Forbidden)?;
            if association_id.is_some() || enterprise_id.is_some_and(|e| e != own) {
                return Err(DomainError::NotFound);
            }
            (None, Some(own))
        }
        _ => return Err(DomainError::Forbidden),
    };
    if let Some(id) = enterprise_id {
        return enterprise::Entity::find_by_id(id)
            .one(conn)
            .await?
            .map(Organizer::Enterprise)
            .ok_or_else(|| unknown("enterpriseId", "企业不存在", "no such enterprise"));
    }
    let id = association_id.unwrap_or_default();
    association::Entity::find_by_id(id)
        .one(conn)
        .await?
        .map(Organizer::Association)
        .ok_or_else(|| unknown("associationId", "协会不存在", "no such association"))
}

pub(crate) fn unknown(field: &str, zh: &str, en: &str) -> DomainError {
    DomainError::Invalid(vec![Problem::new(
        &[field],
        Code::UnknownReference.as_str(),
        Message::new(zh, en),
    )])
}
