//! 开团: the organiser opens a group buy in one of its enterprise's projects. Every listing is
//! one of a store serving the project, sellable today, offered at a group price no higher than
//! the store's; the minimum is in units or in grams; the cap, if any, is at least the minimum.

use chrono::{DateTime, TimeDelta, Utc};
use kernel::error::{Problems, optional_multiline_text, optional_text, required_text};
use kernel::{Actor, Clock, DomainError, DomainResult, Fen, Grams, Message, Problem, Role};
use participants::access::{Object, require_role, writes};
use participants::entity::{household, project};
use products::entity::{listing, product, store_project};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set};
use serde::Serialize;
use uuid::Uuid;

use super::entity::group_buy::{self, ClubKind, GroupBuyState};
use super::entity::item;
use crate::ProcurementErrorCode as Code;

/// The most listings one group buy offers.
pub const MAX_ITEMS: usize = 20;
/// The longest a group buy may run, from opening to closing.
pub const MAX_DURATION: TimeDelta = TimeDelta::days(60);
/// The pickup point when the organiser names none.
pub const DEFAULT_PICKUP_POINT: &str = "物业服务中心";

/// One listing offered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemInput {
    pub listing_id: Uuid,
    pub group_price: i64,
}

/// 成团门槛
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Minimum {
    Units(i64),
    Grams(i64),
}

/// `openGroupBuy`'s input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OpenGroupBuy {
    pub project_id: Uuid,
    pub store_id: Uuid,
    pub title: String,
    pub club_kind: ClubKind,
    pub club_name: Option<String>,
    pub leader_household_id: Option<Uuid>,
    /// The occasion it is for (a festival, a 业主节, a campaign fair).
    pub occasion_id: Option<Uuid>,
    pub items: Vec<ItemInput>,
    pub minimum: Minimum,
    pub cap_units: Option<i64>,
    /// Now when left out.
    pub opens_at: Option<DateTime<Utc>>,
    pub closes_at: DateTime<Utc>,
    pub pickup_point: Option<String>,
    pub note: Option<String>,
}

fn unknown(field: &[&str], zh: &str, en: &str) -> DomainError {
    DomainError::invalid(field, Code::UnknownReference.as_str(), Message::new(zh, en))
}

fn out_of_range(field: &[&str], zh: String, en: String) -> Problem {
    Problem::new(field, Code::OutOfRange.as_str(), Message::new(zh, en))
}

struct Texts {
    title: String,
    club_name: Option<String>,
    pickup_point: String,
    note: Option<String>,
}

/// Checks what needs no lookup; every problem at once.
fn check(input: &OpenGroupBuy, now: DateTime<Utc>) -> DomainResult<Texts> {
    let mut problems = Problems::new();
    let title = problems.take(required_text(&["title"], &input.title, 100));
    let club_name = problems
        .take(optional_text(&["clubName"], input.club_name.as_deref(), 50))
        .flatten();
    if input.club_kind == ClubKind::Named && club_name.is_none() {
        problems.push(Problem::new(
            &["clubName"],
            Code::Blank.as_str(),
            Message::new("自定义团须有名称", "a named club needs its name"),
        ));
    }
    let pickup_point = problems
        .take(optional_text(
            &["pickupPoint"],
            input.pickup_point.as_deref(),
            200,
        ))
        .flatten()
        .unwrap_or_else(|| DEFAULT_PICKUP_POINT.to_owned());
    let note = problems
        .take(optional_multiline_text(
            &["note"],
            input.note.as_deref(),
            500,
        ))
        .flatten();
    if input.items.is_empty() || input.items.len() > MAX_ITEMS {
        problems.push(Problem::new(
            &["items"],
            Code::TooMany.as_str(),
            Message::new(
                format!("团购应有 1 到 {MAX_ITEMS} 个商品"),
                format!("a group buy offers 1 to {MAX_ITEMS} listings"),
            ),
        ));
    }
    for (i, item) in input.items.iter().enumerate() {
        if input.items[..i]
            .iter()
            .any(|o| o.listing_id == item.listing_id)
        {
            problems.push(Problem::new(
                &["items", &i.to_string(), "listingId"],
                Code::Invalid.as_str(),
                Message::new("同一商品请只写一次", "name each listing once"),
            ));
        }
        if item.group_price < 1 {
            problems.push(out_of_range(
                &["items", &i.to_string(), "groupPrice"],
                "团购价须大于 0".into(),
                "the group price must be positive".into(),
            ));
        }
    }
    let (minimum, field) = match input.minimum {
        Minimum::Units(n) => (n, "minimumUnits"),
        Minimum::Grams(n) => (n, "minimumGrams"),
    };
    if !(1..=products::stock::MAX_QUANTITY * 1000).contains(&minimum) {
        problems.push(out_of_range(
            &[field],
            "成团门槛须大于 0".into(),
            "the minimum must be positive".into(),
        ));
    }
    if let Some(cap) = input.cap_units {
        let below = matches!(input.minimum, Minimum::Units(n) if cap < n);
        if !(1..=products::stock::MAX_QUANTITY).contains(&cap) || below {
            problems.push(out_of_range(
                &["capUnits"],
                "上限须大于 0，且不低于成团门槛".into(),
                "the cap must be positive and at least the minimum".into(),
            ));
        }
    }
    let opens_at = input.opens_at.unwrap_or(now);
    if input.closes_at <= now || input.closes_at <= opens_at {
        problems.push(out_of_range(
            &["closesAt"],
            "截团时间须晚于现在和开团时间".into(),
            "the closing time must lie after now and after the opening".into(),
        ));
    } else if input.closes_at - opens_at > MAX_DURATION {
        problems.push(out_of_range(
            &["closesAt"],
            format!("团购最长 {} 天", MAX_DURATION.num_days()),
            format!("a group buy runs at most {} days", MAX_DURATION.num_days()),
        ));
    }
    problems.finish()?;
    Ok(Texts {
        title: title.unwrap_or_default(),
        club_name,
        pickup_point,
        note,
    })
}

/// Opens a group buy in the caller's transaction.
pub async fn open(
    txn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    input: OpenGroupBuy,
) -> DomainResult<(group_buy::Model, Vec<item::Model>)> {
    require_role(
        actor,
        &[
            Role::EnterpriseAdmin,
            Role::EnterpriseApp,
            Role::PlatformAdmin,
        ],
    )?;
    if !writes(actor.role, Object::Order) {
        return Err(DomainError::Forbidden);
    }
    let now = clock.now();
    let texts = check(&input, now)?;
    let project = project::Entity::find_by_id(input.project_id)
        .one(txn)
        .await?
        .filter(|p| {
            actor.role == Role::PlatformAdmin || actor.enterprise_id() == Some(p.enterprise_id)
        })
        .ok_or_else(|| unknown(&["projectId"], "项目不存在", "no such project"))?;
    let store = products::store::get(txn, actor, input.store_id)
        .await
        .map_err(|e| match e {
            DomainError::NotFound => unknown(&["storeId"], "店铺不存在", "no such store"),
            other => other,
        })?;
    let serves = store_project::Entity::find()
        .filter(store_project::Column::StoreId.eq(store.id))
        .filter(store_project::Column::ProjectId.eq(project.id))
        .one(txn)
        .await?
        .is_some();
    if !serves || store.enterprise_id != project.enterprise_id {
        return Err(DomainError::invalid(
            &["storeId"],
            Code::StoreNotServing.as_str(),
            Message::new(
                "该店铺不服务此项目",
                "the store does not serve this project",
            ),
        ));
    }
    if let Some(leader) = input.leader_household_id {
        household::Entity::find_by_id(leader)
            .one(txn)
            .await?
            .filter(|h| h.project_id == project.id)
            .ok_or_else(|| {
                unknown(
                    &["leaderHouseholdId"],
                    "团长须是本项目的住户",
                    "the leader must be a household of this project",
                )
            })?;
    }
    if let Some(o) = input.occasion_id {
        crate::occasion::get(txn, actor, o)
            .await
            .map_err(|e| match e {
                DomainError::NotFound => unknown(&["occasionId"], "节点不存在", "no such occasion"),
                other => other,
            })?;
    }

    let ids: Vec<Uuid> = input.items.iter().map(|i| i.listing_id).collect();
    let sellable: Vec<(listing::Model, Option<product::Model>)> = listing::Entity::find()
        .find_also_related(product::Entity)
        .filter(listing::Column::Id.is_in(ids))
        .filter(listing::Column::StoreId.eq(store.id))
        .filter(products::listing::sellable_today(clock.today()))
        .all(txn)
        .await?;
    let mut problems = Problems::new();
    let mut items = Vec::with_capacity(input.items.len());
    let id = kernel::new_id();
    for (i, wanted) in input.items.iter().enumerate() {
        let index = i.to_string();
        let Some((listing, Some(product))) =
            sellable.iter().find(|(l, _)| l.id == wanted.listing_id)
        else {
            problems.push(Problem::new(
                &["items", &index, "listingId"],
                Code::NotSellable.as_str(),
                Message::new(
                    format!("第 {} 个商品今天不可购买", i + 1),
                    format!("listing {} is not sellable today", i + 1),
                ),
            ));
            continue;
        };
        let store_price = products::listing::price_fen(listing, product);
        if wanted.group_price > store_price.0 {
            problems.push(Problem::new(
                &["items", &index, "groupPrice"],
                Code::PriceAboveStore.as_str(),
                Message::new(
                    format!("团购价不能高于店铺价 {} 元", store_price.yuan()),
                    format!(
                        "the group price may not exceed the store's price, {} yuan",
                        store_price.yuan()
                    ),
                ),
            ));
            continue;
        }
        items.push(item::ActiveModel {
            id: Set(kernel::new_id()),
            group_buy_id: Set(id),
            enterprise_id: Set(project.enterprise_id),
            line_index: Set(i32::try_from(i).unwrap_or(i32::MAX)),
            listing_id: Set(listing.id),
            product_id: Set(product.id),
            supplier_id: Set(product.supplier_id),
            group_price_fen: Set(Fen(wanted.group_price)),
            unit_grams: Set(product.net_weight_grams),
        });
    }
    problems.finish()?;

    let (minimum_units, minimum_grams) = match input.minimum {
        Minimum::Units(n) => (Some(n), None),
        Minimum::Grams(n) => (None, Some(n)),
    };
    let opened = group_buy::ActiveModel {
        id: Set(id),
        enterprise_id: Set(project.enterprise_id),
        project_id: Set(project.id),
        store_id: Set(store.id),
        leader_household_id: Set(input.leader_household_id),
        club_kind: Set(input.club_kind),
        club_name: Set(texts.club_name),
        title: Set(texts.title),
        occasion_id: Set(input.occasion_id),
        minimum_units: Set(minimum_units),
        minimum_grams: Set(minimum_grams),
        cap_units: Set(input.cap_units),
        opens_at: Set(input.opens_at.unwrap_or(now)),
        closes_at: Set(input.closes_at),
        pickup_point: Set(texts.pickup_point),
        note: Set(texts.note),
        state: Set(GroupBuyState::Open),
        joined_households: Set(0),
        joined_units: Set(0),
        joined_grams: Set(Grams(0)),
        joined_fen: Set(Fen::ZERO),
        closed_at: Set(None),
        opened_by: Set(actor.subject.clone()),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(txn)
    .await?;
    item::Entity::insert_many(items)
        .exec_without_returning(txn)
        .await?;
    let items = super::query::items_of(txn, &[id]).await?;
    Ok((opened, items))
}
