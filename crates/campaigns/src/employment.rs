//! 就业扶贫: jobs an enterprise gives to members of registered poor households. The worker is
//! known only by a pseudonymous reference the enterprise keeps (e.g. its own staff number or a
//! keyed hash): never a name, never an ID-card number.

use chrono::NaiveDate;
use kernel::error::{Problems, required_text};
use kernel::lookup;
use kernel::page::{self, PageSpec};
use kernel::{Actor, Clock, DomainError, DomainResult, Message, Page, Problem, Role};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    Select, Set,
};
use uuid::Uuid;

use crate::CampaignErrorCode as Code;
use crate::access::{Organizer, organizer, visible};
use crate::entity::employment::{self, Column, Entity, Model};
use crate::fields;

#[derive(Debug, Clone)]
pub struct EmploymentInput {
    pub campaign_id: Uuid,
    /// For the platform: the employer.
    pub enterprise_id: Option<Uuid>,
    /// The county the worker comes from.
    pub county_code: String,
    pub role: String,
    pub starts_on: NaiveDate,
    pub person_ref: String,
}

/// Checks that a person reference is a pseudonym: 4–64 characters of ASCII letters, digits and
/// `-_.:`, and not shaped like a resident ID number (15 or 18 characters of digits, the last
/// possibly X). Names cannot pass, since they are not ASCII.
pub fn pseudonym(field: &str, input: &str) -> Result<String, Problem> {
    let s = input.trim();
    let allowed = s
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'));
    let digits = s.chars().filter(char::is_ascii_digit).count();
    let id_like = (s.len() == 18 && digits >= 17 && s[..17].chars().all(|c| c.is_ascii_digit()))
        || (s.len() == 15 && digits == 15);
    if (4..=64).contains(&s.len()) && allowed && !id_like {
        return Ok(s.to_owned());
    }
    Err(Problem::new(
        &[field],
        Code::NotPseudonymous.as_str(),
        Message::new(
            "人员编号须为 4–64 位字母、数字或 -_.: 组成的化名编号，不得使用姓名或身份证号",
            "a person reference is a 4–64 character pseudonym of letters, digits and -_.:, never a name or an ID number",
        ),
    ))
}

fn scoped(actor: &Actor) -> Select<Entity> {
    Entity::find().filter(visible(
        actor,
        participants::access::Object::Employment,
        Column::AssociationId,
        Column::EnterpriseId,
    ))
}

fn filtered(actor: &Actor, campaign_id: Option<Uuid>) -> Select<Entity> {
    match campaign_id {
        Some(c) => scoped(actor).filter(Column::CampaignId.eq(c)),
        None => scoped(actor),
    }
}

pub async fn get(conn: &impl ConnectionTrait, actor: &Actor, id: Uuid) -> DomainResult<Model> {
    lookup::one(conn, scoped(actor), Column::Id, id).await
}

/// [`get`] of many ids at once, in one statement: those the actor may see.
pub async fn get_many(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    ids: &[Uuid],
) -> DomainResult<Vec<Model>> {
    lookup::many(conn, scoped(actor), Column::Id, ids).await
}

pub async fn list(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    campaign_id: Option<Uuid>,
    spec: PageSpec,
) -> DomainResult<Page<Model>> {
    page::paginate(conn, filtered(actor, campaign_id), Column::Id, spec, |m| {
        m.id
    })
    .await
}

pub async fn count(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    campaign_id: Option<Uuid>,
) -> DomainResult<u64> {
    page::count(conn, filtered(actor, campaign_id)).await
}

/// Records a job (the employer's admins, or the platform naming the employer).
pub async fn record(
    conn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    input: EmploymentInput,
) -> DomainResult<Model> {
    if !matches!(actor.role, Role::PlatformAdmin | Role::EnterpriseAdmin) {
        return Err(DomainError::Forbidden);
    }
    let Organizer::Enterprise(enterprise) =
        organizer(conn, actor, None, input.enterprise_id).await?
    else {
        return Err(DomainError::Forbidden);
    };
    let campaign = fields::campaign(conn, input.campaign_id).await?;
    let mut problems = Problems::new();
    let county =
        crate::visit::county(conn, &mut problems, "countyCode", &input.county_code).await?;
    let role = problems.take(required_text(&["role"], &input.role, 100));
    let person_ref = problems.take(pseudonym("personRef", &input.person_ref));
    if input.starts_on < campaign.starts_on || input.starts_on > campaign.ends_on {
        problems.push(fields::outside("startsOn", &campaign));
    }
    problems.finish()?;
    employment::ActiveModel {
        id: Set(kernel::new_id()),
        campaign_id: Set(campaign.id),
        association_id: Set(enterprise.association_id),
        enterprise_id: Set(enterprise.id),
        county_code: Set(county.unwrap_or_default()),
        role: Set(role.unwrap_or_default()),
        starts_on: Set(input.starts_on),
        person_ref: Set(person_ref.unwrap_or_default()),
        created_at: Set(clock.now()),
    }
    .insert(conn)
    .await
    .map_err(|e| match DomainError::from(e) {
        DomainError::Conflict => DomainError::invalid(
            &["personRef"],
            kernel::error::codes::TAKEN,
            Message::new(
                "该人员的此项就业已登记",
                "this job of this person is recorded already",
            ),
        ),
        other => other,
    })
}

#[cfg(test)]
mod tests {
    use super::pseudonym;

    #[test]
    fn person_references_must_be_pseudonyms() {
        for good in ["HW-2019-0042", "emp_7f3a9c", "a1b2c3d4e5f6"] {
            assert!(pseudonym("p", good).is_ok(), "{good}");
        }
        for bad in [
            "张三",
            "34010219800101123X",
            "340102198001011234",
            "340102800101123",
            "ab",
            "a b c d",
        ] {
            assert!(pseudonym("p", bad).is_err(), "{bad}");
        }
    }
}
