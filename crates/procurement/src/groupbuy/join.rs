//! 参团, 改量, 退团: a resident (or the company's APP or admins for one) joins a group buy with
//! quantities, changes them, or withdraws, until closing. Each is one step in the caller's
//! transaction:
//!
//! 1. the group buy's row is locked (PostgreSQL `FOR UPDATE`; SQLite's IMMEDIATE transaction is
//!    alone already), so the household's join is read and changed by one writer at a time;
//! 2. its totals move by the join's change with one conditional UPDATE that holds only while
//!    the group buy is OPEN, inside its window, and under its cap — the same row closing claims,
//!    so a join that loses the race with closing changes nothing;
//! 3. stock is reserved or released by the difference, product by product in id order (the
//!    order every writer of stock takes), all or nothing.

use kernel::error::Problems;
use kernel::{Actor, Clock, DomainError, DomainResult, Fen, Grams, Message, Problem, Role};
use participants::access::require_role;
use participants::entity::household;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, DatabaseTransaction, EntityTrait, QueryFilter,
    QuerySelect, Set,
};
use serde::Serialize;
use uuid::Uuid;

use super::entity::group_buy::{self, GroupBuyState};
use super::entity::join::{self, JoinState};
use super::entity::{item, join_line};
use crate::ProcurementErrorCode as Code;

/// The most units of one item in one join.
pub const MAX_QUANTITY: i64 = 999;

/// One item and its units.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JoinLineInput {
    pub item_id: Uuid,
    pub quantity: i64,
}

/// `joinGroupBuy`'s input: the household's quantities as they should be from now on (a second
/// call changes the join).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JoinGroupBuy {
    pub group_buy_id: Uuid,
    /// The household; a resident's own token implies it, everyone else names it.
    pub household_id: Option<Uuid>,
    pub lines: Vec<JoinLineInput>,
}

/// `withdrawFromGroupBuy`'s input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Withdraw {
    pub group_buy_id: Uuid,
    pub household_id: Option<Uuid>,
}

const ROLES: &[Role] = &[
    Role::Household,
    Role::EnterpriseApp,
    Role::EnterpriseAdmin,
    Role::PlatformAdmin,
];

/// The group buy the actor may see, locked for this transaction.
pub async fn locked(
    txn: &DatabaseTransaction,
    actor: &Actor,
    id: Uuid,
) -> DomainResult<group_buy::Model> {
    group_buy::Entity::find_by_id(id)
        .filter(super::access::visible(actor))
        .lock_exclusive()
        .one(txn)
        .await?
        .ok_or(DomainError::NotFound)
}

/// The household that joins: a resident's own; one of the group buy's project for the rest.
async fn joiner(
    txn: &DatabaseTransaction,
    actor: &Actor,
    group_buy: &group_buy::Model,
    named: Option<Uuid>,
) -> DomainResult<household::Model> {
    let id = match actor.role {
        Role::Household => {
            let own = actor.household.ok_or(DomainError::Forbidden)?;
            if named.is_some_and(|n| n != own) {
                return Err(DomainError::NotFound);
            }
            own
        }
        _ => named.ok_or_else(|| {
            DomainError::invalid(
                &["householdId"],
                Code::Blank.as_str(),
                Message::new("请指定参团住户", "name the household that joins"),
            )
        })?,
    };
    household::Entity::find_by_id(id)
        .one(txn)
        .await?
        .filter(|h| h.project_id == group_buy.project_id)
        .ok_or_else(|| {
            DomainError::invalid(
                &["householdId"],
                Code::UnknownReference.as_str(),
                Message::new(
                    "住户不存在或不在本团购的项目",
                    "no such household in the group buy's project",
                ),
            )
        })
}

fn closed() -> DomainError {
    DomainError::invalid(
        &["groupBuyId"],
        Code::GroupBuyClosed.as_str(),
        Message::new("团购已截止", "the group buy has closed"),
    )
}

/// Whether joins are taken now; the problem if not.
fn accepting(group_buy: &group_buy::Model, clock: &Clock) -> DomainResult<()> {
    let now = clock.now();
    if group_buy.state != GroupBuyState::Open || group_buy.closes_at <= now {
        return Err(closed());
    }
    if group_buy.opens_at > now {
        return Err(DomainError::invalid(
            &["groupBuyId"],
            Code::NotOpenYet.as_str(),
            Message::new("团购尚未开始", "the group buy has not opened yet"),
        ));
    }
    Ok(())
}

/// Joins, or changes the household's join to `input.lines`.
pub async fn join(
    txn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    input: JoinGroupBuy,
) -> DomainResult<(group_buy::Model, join::Model)> {
    require_role(actor, ROLES)?;
    let group_buy = locked(txn, actor, input.group_buy_id).await?;
    let household = joiner(txn, actor, &group_buy, input.household_id).await?;
    accepting(&group_buy, clock)?;
    let items = super::query::items_of(txn, &[group_buy.id]).await?;
    let mut problems = Problems::new();
    if input.lines.is_empty() || input.lines.len() > items.len() {
        problems.push(Problem::new(
            &["lines"],
            Code::TooMany.as_str(),
            Message::new(
                format!("请选择 1 到 {} 个商品", items.len()),
                format!("choose 1 to {} items", items.len()),
            ),
        ));
    }
    let mut wanted = Vec::with_capacity(input.lines.len());
    for (i, l) in input.lines.iter().enumerate() {
        let index = i.to_string();
        let Some(item) = items.iter().find(|it| it.id == l.item_id) else {
            problems.push(Problem::new(
                &["lines", &index, "itemId"],
                Code::UnknownReference.as_str(),
                Message::new("本团购没有该商品", "no such item in this group buy"),
            ));
            continue;
        };
        if input.lines[..i].iter().any(|o| o.item_id == l.item_id) {
            problems.push(Problem::new(
                &["lines", &index, "itemId"],
                Code::Invalid.as_str(),
                Message::new("同一商品请合并为一行", "name each item once"),
            ));
            continue;
        }
        if !(1..=MAX_QUANTITY).contains(&l.quantity) {
            problems.push(Problem::new(
                &["lines", &index, "quantity"],
                Code::OutOfRange.as_str(),
                Message::new(
                    format!("数量应在 1 到 {MAX_QUANTITY} 之间"),
                    format!("quantity must be 1 to {MAX_QUANTITY}"),
                ),
            ));
            continue;
        }
        wanted.push((i, item.clone(), l.quantity));
    }
    problems.finish()?;
    apply(txn, actor, clock, group_buy, household, &wanted).await
}

/// Withdraws the household's join: its reservation is released.
pub async fn withdraw(
    txn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    input: Withdraw,
) -> DomainResult<(group_buy::Model, join::Model)> {
    require_role(actor, ROLES)?;
    let group_buy = locked(txn, actor, input.group_buy_id).await?;
    let household = joiner(txn, actor, &group_buy, input.household_id).await?;
    accepting(&group_buy, clock)?;
    apply(txn, actor, clock, group_buy, household, &[]).await
}

/// Moves the household's join to `wanted` (input index, item, units); empty withdraws.
async fn apply(
    txn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    group_buy: group_buy::Model,
    household: household::Model,
    wanted: &[(usize, item::Model, i64)],
) -> DomainResult<(group_buy::Model, join::Model)> {
    let existing = join::Entity::find()
        .filter(join::Column::GroupBuyId.eq(group_buy.id))
        .filter(join::Column::HouseholdId.eq(household.id))
        .one(txn)
        .await?;
    let active = existing.as_ref().filter(|j| j.state == JoinState::Active);
    if wanted.is_empty() && active.is_none() {
        return Err(DomainError::invalid(
            &["groupBuyId"],
            Code::NotJoined.as_str(),
            Message::new(
                "该住户未参加此团购",
                "the household has not joined this group buy",
            ),
        ));
    }
    let old_lines = match active {
        Some(j) => {
            join_line::Entity::find()
                .filter(join_line::Column::JoinId.eq(j.id))
                .all(txn)
                .await?
        }
        None => Vec::new(),
    };
    let units: i64 = wanted.iter().map(|(_, _, q)| q).sum();
    let grams: i64 = wanted.iter().map(|(_, it, q)| it.unit_grams.0 * q).sum();
    let fen: i64 = wanted
        .iter()
        .map(|(_, it, q)| it.group_price_fen.0 * q)
        .sum();
    let (old_units, old_grams, old_fen) =
        active.map_or((0, 0, 0), |j| (j.units, j.grams.0, j.fen.0));
    let households = i64::from(!wanted.is_empty()) - i64::from(active.is_some());

    // The totals move only while the group buy takes joins and stays under its cap.
    let now = clock.now();
    let moved = group_buy::Entity::update_many()
        .col_expr(
            group_buy::Column::JoinedUnits,
            Expr::col(group_buy::Column::JoinedUnits).add(units - old_units),
        )
        .col_expr(
            group_buy::Column::JoinedGrams,
            Expr::col(group_buy::Column::JoinedGrams).add(grams - old_grams),
        )
        .col_expr(
            group_buy::Column::JoinedFen,
            Expr::col(group_buy::Column::JoinedFen).add(fen - old_fen),
        )
        .col_expr(
            group_buy::Column::JoinedHouseholds,
            Expr::col(group_buy::Column::JoinedHouseholds).add(households),
        )
        .col_expr(group_buy::Column::UpdatedAt, Expr::value(now))
        .filter(group_buy::Column::Id.eq(group_buy.id))
        .filter(group_buy::Column::State.eq(GroupBuyState::Open))
        .filter(group_buy::Column::OpensAt.lte(now))
        .filter(group_buy::Column::ClosesAt.gt(now))
        .filter(
            Condition::any()
                .add(group_buy::Column::CapUnits.is_null())
                .add(
                    Expr::col(group_buy::Column::JoinedUnits)
                        .add(units - old_units)
                        .lte(Expr::col(group_buy::Column::CapUnits)),
                ),
        )
        .exec(txn)
        .await?;
    if moved.rows_affected != 1 {
        accepting(&group_buy, clock)?;
        let left = Ord::max(
            group_buy
                .cap_units
                .map_or(0, |cap| cap - group_buy.joined_units + old_units),
            0,
        );
        return Err(DomainError::invalid(
            &["lines"],
            Code::CapExceeded.as_str(),
            Message::new(
                format!("超出团购上限：本户最多还可参团 {left} 件"),
                format!("over the group buy's cap: this household may take at most {left} units"),
            ),
        ));
    }

    super::reservation::move_by_difference(txn, clock, &actor.subject, &old_lines, wanted).await?;

    let join_id = existing.as_ref().map_or_else(kernel::new_id, |j| j.id);
    let state = if wanted.is_empty() {
        JoinState::Withdrawn
    } else {
        JoinState::Active
    };
    let row = join::ActiveModel {
        id: Set(join_id),
        group_buy_id: Set(group_buy.id),
        enterprise_id: Set(group_buy.enterprise_id),
        project_id: Set(group_buy.project_id),
        household_id: Set(household.id),
        state: Set(state),
        units: Set(units),
        grams: Set(Grams(grams)),
        fen: Set(Fen(fen)),
        order_id: Set(None),
        joined_by: Set(actor.subject.clone()),
        created_at: Set(existing.as_ref().map_or(now, |j| j.created_at)),
        updated_at: Set(now),
    };
    let saved = if existing.is_some() {
        join_line::Entity::delete_many()
            .filter(join_line::Column::JoinId.eq(join_id))
            .exec(txn)
            .await?;
        row.update(txn).await?
    } else {
        row.insert(txn).await?
    };
    if !wanted.is_empty() {
        join_line::Entity::insert_many(wanted.iter().map(|(_, it, q)| join_line::ActiveModel {
            id: Set(kernel::new_id()),
            join_id: Set(join_id),
            group_buy_id: Set(group_buy.id),
            item_id: Set(it.id),
            product_id: Set(it.product_id),
            quantity: Set(*q),
        }))
        .exec_without_returning(txn)
        .await?;
    }
    let after = group_buy::Entity::find_by_id(group_buy.id)
        .one(txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    Ok((after, saved))
}
