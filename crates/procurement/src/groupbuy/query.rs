//! Reading group buys: one by id, lists (a resident those of its project, an enterprise its
//! own, the platform all), their items, the joins the caller may see, a household's own join
//! and the organiser's pick list. Every read is scoped in SQL by [`super::access`].

use kernel::lookup;
use kernel::page::{PageSpec, count as count_rows, paginate};
use kernel::{Actor, DomainResult, Page};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Select,
};
use uuid::Uuid;

use super::access::{visible, visible_joins};
use super::entity::group_buy::{self, GroupBuyState};
use super::entity::join::{self, JoinState};
use super::entity::{item, join_line};

/// Filters of the group-buy list; each narrows what the caller may see.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupBuyFilter {
    pub project_id: Option<Uuid>,
    pub state: Option<GroupBuyState>,
}

fn scoped(actor: &Actor, f: &GroupBuyFilter) -> Select<group_buy::Entity> {
    let mut c = Condition::all().add(visible(actor));
    if let Some(v) = f.project_id {
        c = c.add(group_buy::Column::ProjectId.eq(v));
    }
    if let Some(v) = f.state {
        c = c.add(group_buy::Column::State.eq(v));
    }
    group_buy::Entity::find().filter(c)
}

/// One page of the group buys the caller sees, oldest first.
pub async fn list(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    filter: &GroupBuyFilter,
    spec: PageSpec,
) -> DomainResult<Page<group_buy::Model>> {
    paginate(
        conn,
        scoped(actor, filter),
        group_buy::Column::Id,
        spec,
        |m| m.id,
    )
    .await
}

pub async fn count(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    filter: &GroupBuyFilter,
) -> DomainResult<u64> {
    count_rows(conn, scoped(actor, filter)).await
}

/// A group buy the caller may see.
pub async fn get(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
) -> DomainResult<group_buy::Model> {
    lookup::one(
        conn,
        group_buy::Entity::find().filter(visible(actor)),
        group_buy::Column::Id,
        id,
    )
    .await
}

/// [`get`] of many ids at once, in one statement: those the actor may see.
pub async fn get_many(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    ids: &[Uuid],
) -> DomainResult<Vec<group_buy::Model>> {
    lookup::many(
        conn,
        group_buy::Entity::find().filter(visible(actor)),
        group_buy::Column::Id,
        ids,
    )
    .await
}

/// The items of group buys (whoever sees a group buy sees what it offers), in offer order.
pub async fn items_of(
    conn: &impl ConnectionTrait,
    group_buy_ids: &[Uuid],
) -> DomainResult<Vec<item::Model>> {
    Ok(item::Entity::find()
        .filter(item::Column::GroupBuyId.is_in(group_buy_ids.iter().copied()))
        .order_by_asc(item::Column::GroupBuyId)
        .order_by_asc(item::Column::LineIndex)
        .all(conn)
        .await?)
}

/// The joins of group buys the caller may see (a resident only its own), withdrawn ones left
/// out, oldest first.
pub async fn joins_of(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    group_buy_ids: &[Uuid],
) -> DomainResult<Vec<join::Model>> {
    Ok(join::Entity::find()
        .filter(join::Column::GroupBuyId.is_in(group_buy_ids.iter().copied()))
        .filter(join::Column::State.ne(JoinState::Withdrawn))
        .filter(visible_joins(actor))
        .order_by_asc(join::Column::GroupBuyId)
        .order_by_asc(join::Column::Id)
        .all(conn)
        .await?)
}

/// The lines of joins (read through joins the caller already sees).
pub async fn join_lines_of(
    conn: &impl ConnectionTrait,
    join_ids: &[Uuid],
) -> DomainResult<Vec<join_line::Model>> {
    Ok(join_line::Entity::find()
        .filter(join_line::Column::JoinId.is_in(join_ids.iter().copied()))
        .order_by_asc(join_line::Column::JoinId)
        .all(conn)
        .await?)
}

/// 拣货单: per item, the units of the joins that became orders (or, while the group buy is
/// open, of the active joins), for the organiser.
pub async fn pick_list(
    conn: &impl ConnectionTrait,
    group_buy: &group_buy::Model,
) -> DomainResult<Vec<(item::Model, i64)>> {
    let counted = match group_buy.state {
        GroupBuyState::Succeeded => JoinState::Ordered,
        GroupBuyState::Failed => return Ok(Vec::new()),
        GroupBuyState::Open | GroupBuyState::Closing => JoinState::Active,
    };
    let joins: Vec<Uuid> = join::Entity::find()
        .filter(join::Column::GroupBuyId.eq(group_buy.id))
        .filter(join::Column::State.eq(counted))
        .all(conn)
        .await?
        .into_iter()
        .map(|j| j.id)
        .collect();
    let lines = join_lines_of(conn, &joins).await?;
    let items = items_of(conn, &[group_buy.id]).await?;
    Ok(items
        .into_iter()
        .map(|it| {
            let units = lines
                .iter()
                .filter(|l| l.item_id == it.id)
                .map(|l| l.quantity)
                .sum();
            (it, units)
        })
        .collect())
}
