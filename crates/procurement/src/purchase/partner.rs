//! 合作企业: the mobilising enterprise registers the companies of its industry chain (estate
//! agents, warehousing and logistics, children's education) with their unified social credit
//! code (`products::uscc`, check digit verified); one registration per enterprise and code.

use kernel::error::{Problems, optional_text, required_text};
use kernel::{Actor, Clock, DomainError, DomainResult, Phone, Role};
use participants::access::{require_role, writable_enterprise};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set};
use serde::Serialize;
use uuid::Uuid;

use super::entity::partner::{self, PartnerKind};
use crate::ProcurementErrorCode as Code;

/// `registerPartnerCompany`'s input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegisterPartner {
    /// The platform names the mobilising enterprise; an enterprise's admin registers for its own.
    pub enterprise_id: Option<Uuid>,
    pub name: String,
    pub uscc: String,
    pub kind: PartnerKind,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
}

pub async fn register(
    txn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    input: RegisterPartner,
) -> DomainResult<partner::Model> {
    require_role(actor, &[Role::EnterpriseAdmin, Role::PlatformAdmin])?;
    let enterprise = writable_enterprise(actor, input.enterprise_id)?;
    let mut problems = Problems::new();
    let name = problems.take(required_text(&["name"], &input.name, 100));
    let uscc = problems.take(products::uscc::Uscc::parse(&["uscc"], &input.uscc));
    let contact_name = problems
        .take(optional_text(
            &["contactName"],
            input.contact_name.as_deref(),
            50,
        ))
        .flatten();
    let contact_phone = match input.contact_phone.as_deref() {
        Some(p) if !p.trim().is_empty() => problems
            .take(Phone::parse(&["contactPhone"], p))
            .map(|p| p.as_str().to_owned()),
        _ => None,
    };
    problems.finish()?;
    let uscc = uscc.ok_or(DomainError::Conflict)?;
    let taken = partner::Entity::find()
        .filter(partner::Column::EnterpriseId.eq(enterprise))
        .filter(partner::Column::Uscc.eq(uscc.as_str()))
        .one(txn)
        .await?
        .is_some();
    if taken {
        return Err(DomainError::invalid(
            &["uscc"],
            Code::Taken.as_str(),
            kernel::Message::new(
                "该信用代码的合作企业已登记",
                "a partner with this credit code is registered already",
            ),
        ));
    }
    Ok(partner::ActiveModel {
        id: Set(kernel::new_id()),
        enterprise_id: Set(enterprise),
        name: Set(name.unwrap_or_default()),
        uscc: Set(uscc.as_str().to_owned()),
        kind: Set(input.kind),
        contact_name: Set(contact_name),
        contact_phone: Set(contact_phone),
        created_by: Set(actor.subject.clone()),
        created_at: Set(clock.now()),
    }
    .insert(txn)
    .await?)
}
