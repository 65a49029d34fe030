//! 节点日历: the occasions bulk buying gathers around — national festivals and solar terms
//! (the platform's, seen by everyone), an enterprise's own (a project's 业主节, its campaign
//! fairs) — and how much each moved: the paid group-buy orders and paid purchase orders that
//! name it.

pub mod entity;

use chrono::NaiveDate;
use kernel::error::{Problems, required_text};
use kernel::lookup;
use kernel::{Actor, Clock, DomainError, DomainResult, Message, Problem, Role};
use orders::entity::order::{self, PaymentStatus};
use participants::access::{require_role, writable_enterprise};
use participants::entity::project;
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseTransaction, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::Serialize;
use uuid::Uuid;

use crate::ProcurementErrorCode as Code;
use crate::groupbuy::entity::group_buy;
use crate::purchase::entity::purchase_order::{self, PurchaseOrderState};
use entity::{Model, OccasionKind};

/// `createOccasion`'s input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CreateOccasion {
    pub kind: OccasionKind,
    pub name: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// An enterprise's own occasion (the platform names it; an enterprise's admin's is its
    /// own); none for a national one (the platform only).
    pub enterprise_id: Option<Uuid>,
    /// The project whose 业主节 it is.
    pub project_id: Option<Uuid>,
}

/// The occasions the actor may read: national ones, and its enterprise's own.
pub fn visible(actor: &Actor) -> Condition {
    let national = Condition::all().add(entity::Column::EnterpriseId.is_null());
    match (actor.role, actor.enterprise_id()) {
        (Role::PlatformAdmin, _) => Condition::all(),
        (Role::EnterpriseAdmin | Role::EnterpriseApp | Role::Household, Some(e)) => {
            Condition::any()
                .add(national)
                .add(entity::Column::EnterpriseId.eq(e))
        }
        _ => national,
    }
}

pub async fn create(
    txn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    input: CreateOccasion,
) -> DomainResult<Model> {
    require_role(actor, &[Role::PlatformAdmin, Role::EnterpriseAdmin])?;
    let enterprise = match (actor.role, input.enterprise_id) {
        (Role::PlatformAdmin, None) => None,
        _ => Some(writable_enterprise(actor, input.enterprise_id)?),
    };
    let mut problems = Problems::new();
    let name = problems.take(required_text(&["name"], &input.name, 100));
    if input.ends_on < input.starts_on
        || input.ends_on - input.starts_on > chrono::TimeDelta::days(92)
    {
        problems.push(Problem::new(
            &["endsOn"],
            Code::OutOfRange.as_str(),
            Message::new(
                "结束日期须不早于开始日期，且最长 92 天",
                "the end lies on or after the start, at most 92 days later",
            ),
        ));
    }
    if input.project_id.is_some() && enterprise.is_none() {
        problems.push(Problem::new(
            &["projectId"],
            Code::Invalid.as_str(),
            Message::new(
                "项目的节点须属于其企业",
                "a project's occasion belongs to its enterprise",
            ),
        ));
    }
    problems.finish()?;
    if let (Some(p), Some(e)) = (input.project_id, enterprise) {
        project::Entity::find_by_id(p)
            .one(txn)
            .await?
            .filter(|p| p.enterprise_id == e)
            .ok_or_else(|| {
                DomainError::invalid(
                    &["projectId"],
                    Code::UnknownReference.as_str(),
                    Message::new("项目不存在", "no such project"),
                )
            })?;
    }
    Ok(entity::ActiveModel {
        id: Set(kernel::new_id()),
        kind: Set(input.kind),
        name: Set(name.unwrap_or_default()),
        starts_on: Set(input.starts_on),
        ends_on: Set(input.ends_on),
        enterprise_id: Set(enterprise),
        project_id: Set(input.project_id),
        created_by: Set(actor.subject.clone()),
        created_at: Set(clock.now()),
    }
    .insert(txn)
    .await?)
}

pub async fn get(conn: &impl ConnectionTrait, actor: &Actor, id: Uuid) -> DomainResult<Model> {
    lookup::one(
        conn,
        entity::Entity::find().filter(visible(actor)),
        entity::Column::Id,
        id,
    )
    .await
}

/// [`get`] of many ids at once, in one statement: those the actor may see.
pub async fn get_many(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    ids: &[Uuid],
) -> DomainResult<Vec<Model>> {
    lookup::many(
        conn,
        entity::Entity::find().filter(visible(actor)),
        entity::Column::Id,
        ids,
    )
    .await
}

/// The occasions the actor sees overlapping `[from, to]`, by start date.
pub async fn list(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> DomainResult<Vec<Model>> {
    let mut q = entity::Entity::find().filter(visible(actor));
    if let Some(from) = from {
        q = q.filter(entity::Column::EndsOn.gte(from));
    }
    if let Some(to) = to {
        q = q.filter(entity::Column::StartsOn.lte(to));
    }
    Ok(q.order_by_asc(entity::Column::StartsOn)
        .order_by_asc(entity::Column::Id)
        .limit(500)
        .all(conn)
        .await?)
}

/// What an occasion moved, as far as the caller may see: (grams, fen) of paid group-buy orders
/// (less refunds) and of paid purchase orders naming it. An enterprise sees its own; the
/// platform everyone's.
pub async fn moved(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    occasion_id: Uuid,
) -> DomainResult<(i64, i64)> {
    let enterprise = match actor.role {
        Role::PlatformAdmin => None,
        Role::EnterpriseAdmin => Some(actor.enterprise_id().ok_or(DomainError::Forbidden)?),
        _ => return Ok((0, 0)),
    };
    let mut buys = Query::select()
        .column(group_buy::Column::Id)
        .from(group_buy::Entity)
        .and_where(group_buy::Column::OccasionId.eq(occasion_id))
        .to_owned();
    let mut orders = order::Entity::find()
        .filter(Expr::col(order::Column::GroupBuyId).in_subquery(buys.take()))
        .filter(
            order::Column::PaymentStatus
                .is_in([PaymentStatus::Paid, PaymentStatus::PartiallyRefunded]),
        );
    let mut purchases = purchase_order::Entity::find()
        .filter(purchase_order::Column::OccasionId.eq(occasion_id))
        .filter(purchase_order::Column::State.eq(PurchaseOrderState::Paid));
    if let Some(e) = enterprise {
        orders = orders.filter(order::Column::EnterpriseId.eq(e));
        purchases = purchases.filter(purchase_order::Column::EnterpriseId.eq(e));
    }
    let mut grams = 0;
    let mut fen = 0;
    for o in orders.all(conn).await? {
        // A partly refunded order moved its paid share of the weight.
        let kept = o.paid_fen.0 - o.refunded_fen.0;
        if o.paid_fen.0 > 0 {
            let share = i128::from(o.total_grams.0) * i128::from(kept) / i128::from(o.paid_fen.0);
            grams += i64::try_from(share).unwrap_or(i64::MAX);
        }
        fen += kept;
    }
    for p in purchases.all(conn).await? {
        grams += p.total_grams.0;
        fen += p.total_fen.0;
    }
    Ok((grams, fen))
}
