//! 市集: market fairs. A local association plans them (or an enterprise under it, counted for
//! the association); each is PLANNED, then HELD (with visitors and sales, on or after its first
//! day) or CANCELLED. Every local association should hold at least two fairs a year: the
//! [`compliance`] figure shows, per association and year, how many are held and planned.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use kernel::error::{Problems, required_text};
use kernel::lookup;
use kernel::page::{self, PageSpec};
use kernel::{Actor, Clock, DomainError, DomainResult, Message, Page, Problem};
use participants::entity::association::{self, AssociationKind};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, Select, Set,
};
use uuid::Uuid;

use crate::CampaignErrorCode as Code;
use crate::access::{Organizer, organizer, require_manages, visible};
use crate::entity::market_fair::{self, Column, Entity, FairStatus, Model};
use crate::fields;
use participants::access::{Object, Owner, Reach, readable};

/// Fairs a local association should hold each year.
pub const FAIRS_REQUIRED_PER_YEAR: u32 = 2;

#[derive(Debug, Clone)]
pub struct FairInput {
    pub campaign_id: Uuid,
    /// For the platform: the organising association or enterprise (exactly one).
    pub association_id: Option<Uuid>,
    pub enterprise_id: Option<Uuid>,
    pub name: String,
    pub project_id: Option<Uuid>,
    pub address: Option<String>,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Default)]
pub struct FairFilter {
    pub campaign_id: Option<Uuid>,
    pub association_id: Option<Uuid>,
    pub year: Option<i32>,
    pub status: Option<FairStatus>,
}

fn scoped(actor: &Actor) -> Select<Entity> {
    Entity::find().filter(visible(
        actor,
        participants::access::Object::Activity,
        Column::AssociationId,
        Column::EnterpriseId,
    ))
}

fn year_bounds(year: i32) -> (NaiveDate, NaiveDate) {
    (
        NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default(),
        NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default(),
    )
}

fn filtered(actor: &Actor, filter: &FairFilter) -> Select<Entity> {
    let mut query = scoped(actor);
    if let Some(c) = filter.campaign_id {
        query = query.filter(Column::CampaignId.eq(c));
    }
    if let Some(a) = filter.association_id {
        query = query.filter(Column::AssociationId.eq(a));
    }
    if let Some(y) = filter.year {
        let (from, to) = year_bounds(y);
        query = query
            .filter(Column::StartsOn.gte(from))
            .filter(Column::StartsOn.lte(to));
    }
    if let Some(s) = filter.status {
        query = query.filter(Column::Status.eq(s));
    }
    query
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
    filter: &FairFilter,
    spec: PageSpec,
) -> DomainResult<Page<Model>> {
    page::paginate(conn, filtered(actor, filter), Column::Id, spec, |m| m.id).await
}

pub async fn count(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    filter: &FairFilter,
) -> DomainResult<u64> {
    page::count(conn, filtered(actor, filter)).await
}

/// Plans a fair. An enterprise's fair counts for its association, so an enterprise without one
/// cannot plan fairs.
pub async fn create(
    conn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    input: FairInput,
) -> DomainResult<Model> {
    let organizer = organizer(conn, actor, input.association_id, input.enterprise_id).await?;
    let campaign = fields::campaign(conn, input.campaign_id).await?;
    let mut problems = Problems::new();
    let (association_id, enterprise_id) = organizer.tenant();
    if let Organizer::Enterprise(_) = organizer
        && association_id.is_none()
    {
        problems.push(Problem::new(
            &["enterpriseId"],
            Code::NoAssociation.as_str(),
            Message::new(
                "企业尚未加入地方协会，市集计入协会，暂不能登记",
                "the enterprise belongs to no association, and fairs count for associations",
            ),
        ));
    }
    let name = problems.take(required_text(&["name"], &input.name, 200));
    let ends_on = fields::dates(&mut problems, &campaign, input.starts_on, input.ends_on);
    let (project_id, address) = fields::place(
        conn,
        actor,
        &mut problems,
        &organizer,
        input.project_id,
        input.address.as_deref(),
    )
    .await?;
    problems.finish()?;
    let now = clock.now();
    Ok(market_fair::ActiveModel {
        id: Set(kernel::new_id()),
        campaign_id: Set(campaign.id),
        association_id: Set(association_id.unwrap_or_default()),
        enterprise_id: Set(enterprise_id),
        name: Set(name.unwrap_or_default()),
        project_id: Set(project_id),
        address: Set(address),
        starts_on: Set(input.starts_on),
        ends_on: Set(ends_on),
        status: Set(FairStatus::Planned),
        visitor_count: Set(None),
        sales_fen: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(conn)
    .await?)
}

fn not_planned(status: FairStatus) -> DomainError {
    DomainError::invalid(
        &["id"],
        Code::InvalidTransition.as_str(),
        Message::new(
            format!("市集状态为 {status:?}，只有计划中的市集可以变更"),
            format!("the fair is {status:?}; only planned fairs can change"),
        ),
    )
}

/// Moves a planned fair to `to` with one conditional UPDATE.
async fn step(
    conn: &impl ConnectionTrait,
    current: &Model,
    model: market_fair::ActiveModel,
) -> DomainResult<Model> {
    let updated = Entity::update_many()
        .set(model)
        .filter(Column::Id.eq(current.id))
        .filter(Column::Status.eq(FairStatus::Planned))
        .exec(conn)
        .await?;
    let now = Entity::find_by_id(current.id)
        .one(conn)
        .await?
        .ok_or(DomainError::NotFound)?;
    if updated.rows_affected == 0 {
        return Err(not_planned(now.status));
    }
    Ok(now)
}

/// Records that a planned fair took place (on or after its first day), with what it drew.
pub async fn record_held(
    conn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    id: Uuid,
    visitor_count: Option<i32>,
    sales_fen: Option<i64>,
) -> DomainResult<Model> {
    let current = get(conn, actor, id).await?;
    require_manages(actor, Some(current.association_id), current.enterprise_id)?;
    if current.status != FairStatus::Planned {
        return Err(not_planned(current.status));
    }
    let mut problems = Problems::new();
    if clock.today() < current.starts_on {
        problems.push(Problem::new(
            &["id"],
            Code::TooEarly.as_str(),
            Message::new(
                format!("市集 {} 开始，尚不能登记为已举办", current.starts_on),
                format!(
                    "the fair starts on {}; it cannot be held yet",
                    current.starts_on
                ),
            ),
        ));
    }
    let visitors =
        visitor_count.map(|n| fields::count(&mut problems, "visitorCount", n, 10_000_000));
    let sales = fields::fen(&mut problems, "salesFen", sales_fen);
    problems.finish()?;
    let model = market_fair::ActiveModel {
        status: Set(FairStatus::Held),
        visitor_count: Set(visitors),
        sales_fen: Set(sales),
        updated_at: Set(clock.now()),
        ..Default::default()
    };
    step(conn, &current, model).await
}

/// Cancels a planned fair.
pub async fn cancel(
    conn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    id: Uuid,
) -> DomainResult<Model> {
    let current = get(conn, actor, id).await?;
    require_manages(actor, Some(current.association_id), current.enterprise_id)?;
    let model = market_fair::ActiveModel {
        status: Set(FairStatus::Cancelled),
        updated_at: Set(clock.now()),
        ..Default::default()
    };
    step(conn, &current, model).await
}

/// 市集达标情况: a local association's fairs in one calendar year against the rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FairCompliance {
    pub association: association::Model,
    pub year: i32,
    pub held: u32,
    /// Planned and not yet held or cancelled.
    pub planned: u32,
    pub required: u32,
}

impl FairCompliance {
    /// At least the required number held.
    pub fn compliant(&self) -> bool {
        self.held >= self.required
    }

    /// Held and still planned together reach the requirement.
    pub fn on_track(&self) -> bool {
        self.held + self.planned >= self.required
    }

    pub fn shortfall(&self) -> u32 {
        self.required.saturating_sub(self.held)
    }
}

/// The two-fairs figure for every local association the actor may see (one, if named), for a
/// calendar year (by the day each fair starts).
pub async fn compliance(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    year: i32,
    association_id: Option<Uuid>,
) -> DomainResult<Vec<FairCompliance>> {
    let mut query = association::Entity::find()
        .filter(association::Column::Kind.eq(AssociationKind::Local))
        .order_by_asc(association::Column::Id);
    if participants::access::reads(actor.role, Object::Activity) == Reach::Nothing {
        return Err(DomainError::Forbidden);
    }
    // An association sees itself, an enterprise its own association, a reporter its scope.
    query = query.filter(readable(
        actor,
        Object::Activity,
        &Owner::new().association(association::Column::Id),
    ));
    if let Some(a) = association_id {
        query = query.filter(association::Column::Id.eq(a));
    }
    // `association_id` narrows what the actor reads anyway: another tenant's association,
    // like one that does not exist, leaves nothing (never NOT_FOUND, which would tell them
    // apart from a visible association with no fairs only by an error).
    let associations = query.all(conn).await?;
    let (from, to) = year_bounds(year);
    let fairs = Entity::find()
        .filter(Column::AssociationId.is_in(associations.iter().map(|a| a.id)))
        .filter(Column::StartsOn.gte(from))
        .filter(Column::StartsOn.lte(to))
        .filter(Column::Status.ne(FairStatus::Cancelled))
        .all(conn)
        .await?;
    let mut tally: HashMap<Uuid, (u32, u32)> = HashMap::new();
    for fair in fairs.iter().filter(|f| f.starts_on.year() == year) {
        let entry = tally.entry(fair.association_id).or_default();
        match fair.status {
            FairStatus::Held => entry.0 += 1,
            FairStatus::Planned => entry.1 += 1,
            FairStatus::Cancelled => {}
        }
    }
    Ok(associations
        .into_iter()
        .map(|association| {
            let (held, planned) = tally.get(&association.id).copied().unwrap_or_default();
            FairCompliance {
                association,
                year,
                held,
                planned,
                required: FAIRS_REQUIRED_PER_YEAR,
            }
        })
        .collect())
}
