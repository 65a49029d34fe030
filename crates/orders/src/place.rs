//! 下单: a resident (or the company's APP for it, or an operator for a hosted store's customer)
//! orders listings of one store. Prices and weights come from the listing and product, never
//! from the client; only listings sellable to the buyer today can be ordered (on the shelf,
//! product ACTIVE and certified today, in a store serving the buyer's project); the stock of
//! every line is reserved in one go (`products::stock::reserve_lines`, product-id order, all
//! or nothing, short lines named with what is available).

use chrono::TimeDelta;
use kernel::error::{Problems, optional_multiline_text, optional_text, required_text};
use kernel::{Actor, Clock, DomainError, DomainResult, Message, Phone, Problem, Role};
use participants::access::{Object, require_role, writes};
use participants::entity::household;
use products::entity::store::StoreKind;
use products::entity::{listing, product, store, store_project};
use sea_orm::sea_query::{Expr, ExprTrait, IntoCondition, JoinType};
use sea_orm::{
    ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QuerySelect, RelationDef,
};
use serde::Serialize;
use uuid::Uuid;

use crate::OrderErrorCode as Code;
use crate::create::{NewLine, NewOrder, insert};
use crate::entity::order::DeliveryMethod;
use crate::entity::{line, order};

/// The most lines one order may have.
pub const MAX_LINES: usize = 50;
/// The most units of one line.
pub const MAX_QUANTITY: i64 = 999;
/// How long an order waits for its payment unless configured otherwise.
pub const DEFAULT_PAYMENT_WINDOW: TimeDelta = TimeDelta::minutes(30);
/// The pickup point when the buyer names none.
pub const DEFAULT_PICKUP_POINT: &str = "物业服务中心";

/// One line as the client sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineInput {
    pub listing_id: Uuid,
    pub quantity: i64,
}

/// How the goods reach the buyer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Delivery {
    /// 自提 at a pickup point of the project.
    Pickup { point: Option<String> },
    /// 配送 to an address (personal data).
    Ship {
        recipient_name: String,
        phone: String,
        address: String,
    },
}

/// `placeOrder`'s input (also what its idempotency fingerprint is taken of).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlaceOrder {
    pub store_id: Uuid,
    /// The buyer; a resident's own token implies it, everyone else names it.
    pub household_id: Option<Uuid>,
    pub lines: Vec<LineInput>,
    pub delivery: Delivery,
    pub note: Option<String>,
}

fn unknown(field: &str, zh: &str, en: &str) -> DomainError {
    DomainError::invalid(
        &[field],
        Code::UnknownReference.as_str(),
        Message::new(zh, en),
    )
}

/// The buyer's household: a resident's own; the APP's enterprise's; any for operators and the
/// platform (operators only for hosted stores, checked with the store).
async fn buyer(
    txn: &DatabaseTransaction,
    actor: &Actor,
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
                kernel::error::codes::BLANK,
                Message::new("请指定下单住户", "name the household that orders"),
            )
        })?,
    };
    let found = household::Entity::find_by_id(id).one(txn).await?;
    match found {
        Some(h)
            if actor.role != Role::EnterpriseApp
                || actor.enterprise_id() == Some(h.enterprise_id) =>
        {
            Ok(h)
        }
        _ => Err(unknown("householdId", "住户不存在", "no such household")),
    }
}

struct Checked {
    delivery_method: DeliveryMethod,
    pickup_point: Option<String>,
    recipient_name: Option<String>,
    recipient_phone: Option<String>,
    address: Option<String>,
    note: Option<String>,
}

fn check(input: &PlaceOrder) -> DomainResult<Checked> {
    let mut problems = Problems::new();
    if input.lines.is_empty() || input.lines.len() > MAX_LINES {
        problems.push(Problem::new(
            &["lines"],
            Code::TooMany.as_str(),
            Message::new(
                format!("订单应有 1 到 {MAX_LINES} 行"),
                format!("an order has 1 to {MAX_LINES} lines"),
            ),
        ));
    }
    for (i, l) in input.lines.iter().enumerate() {
        if !(1..=MAX_QUANTITY).contains(&l.quantity) {
            problems.push(Problem::new(
                &["lines", &i.to_string(), "quantity"],
                Code::OutOfRange.as_str(),
                Message::new(
                    format!("数量应在 1 到 {MAX_QUANTITY} 之间"),
                    format!("quantity must be 1 to {MAX_QUANTITY}"),
                ),
            ));
        }
        if input.lines[..i]
            .iter()
            .any(|o| o.listing_id == l.listing_id)
        {
            problems.push(Problem::new(
                &["lines", &i.to_string(), "listingId"],
                Code::Invalid.as_str(),
                Message::new("同一商品请合并为一行", "name each listing once"),
            ));
        }
    }
    let note = problems
        .take(optional_multiline_text(
            &["note"],
            input.note.as_deref(),
            500,
        ))
        .flatten();
    let checked = match &input.delivery {
        Delivery::Pickup { point } => Checked {
            delivery_method: DeliveryMethod::Pickup,
            pickup_point: Some(
                problems
                    .take(optional_text(&["pickup", "point"], point.as_deref(), 200))
                    .flatten()
                    .unwrap_or_else(|| DEFAULT_PICKUP_POINT.to_owned()),
            ),
            recipient_name: None,
            recipient_phone: None,
            address: None,
            note,
        },
        Delivery::Ship {
            recipient_name,
            phone,
            address,
        } => Checked {
            delivery_method: DeliveryMethod::Delivery,
            pickup_point: None,
            recipient_name: problems.take(required_text(
                &["delivery", "recipientName"],
                recipient_name,
                50,
            )),
            recipient_phone: problems
                .take(Phone::parse(&["delivery", "phone"], phone))
                .map(|p| p.as_str().to_owned()),
            address: problems.take(required_text(&["delivery", "address"], address, 300)),
            note,
        },
    };
    problems.finish()?;
    Ok(checked)
}

/// Places an order in the caller's transaction: checks, reserves, writes the order, its lines
/// and its PLACED event. `window` is how long it waits for the payment.
pub async fn place(
    txn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    window: TimeDelta,
    input: PlaceOrder,
) -> DomainResult<order::Model> {
    require_role(
        actor,
        &[
            Role::Household,
            Role::EnterpriseApp,
            Role::Operator,
            Role::PlatformAdmin,
        ],
    )?;
    if !writes(actor.role, Object::Order) {
        return Err(DomainError::Forbidden);
    }
    let checked = check(&input)?;
    let buyer = buyer(txn, actor, input.household_id).await?;
    // The store as the caller may see it (a resident: stores serving its project; the APP: its
    // enterprise's; an operator: hosted stores), and whether it serves the buyer's project, in
    // one query (a left join on the store's projects, limited to the buyer's).
    let serving = store_project::Entity::belongs_to(store::Entity)
        .from(store_project::Column::StoreId)
        .to(store::Column::Id)
        .into();
    let project_id = buyer.project_id;
    let serving = RelationDef::rev(serving).on_condition(move |_, right| {
        Expr::col((right, store_project::Column::ProjectId))
            .eq(project_id)
            .into_condition()
    });
    let (store, serves) = store::Entity::find_by_id(input.store_id)
        .filter(products::access::visible_stores(actor))
        .join(JoinType::LeftJoin, serving)
        .select_also(store_project::Entity)
        .one(txn)
        .await?
        .ok_or_else(|| unknown("storeId", "店铺不存在", "no such store"))?;
    let serves = serves.is_some();
    if !serves || store.enterprise_id != buyer.enterprise_id {
        return Err(DomainError::invalid(
            &["storeId"],
            Code::StoreNotServing.as_str(),
            Message::new(
                "该店铺不服务住户所在项目",
                "the store does not serve the household's project",
            ),
        ));
    }
    if actor.role == Role::Operator && store.kind != StoreKind::Hosted {
        return Err(DomainError::Forbidden);
    }

    let ids: Vec<Uuid> = input.lines.iter().map(|l| l.listing_id).collect();
    let sellable: Vec<(listing::Model, Option<product::Model>)> = listing::Entity::find()
        .find_also_related(product::Entity)
        .filter(listing::Column::Id.is_in(ids))
        .filter(listing::Column::StoreId.eq(store.id))
        .filter(products::listing::sellable_today(clock.today()))
        .all(txn)
        .await?;
    let mut problems = Problems::new();
    let mut priced = Vec::with_capacity(input.lines.len());
    for (i, l) in input.lines.iter().enumerate() {
        match sellable.iter().find(|(s, _)| s.id == l.listing_id) {
            Some((listing, Some(product))) => priced.push((l, listing.clone(), product.clone())),
            _ => problems.push(Problem::new(
                &["lines", &i.to_string(), "listingId"],
                Code::NotSellable.as_str(),
                Message::new(
                    format!("第 {} 行的商品今天不可购买", i + 1),
                    format!("line {} is not sellable today", i + 1),
                ),
            )),
        }
    }
    problems.finish()?;

    let lines = priced
        .iter()
        .map(|(l, listing, product)| NewLine {
            listing_id: listing.id,
            product_id: product.id,
            supplier_id: product.supplier_id,
            quantity: l.quantity,
            unit_price: products::listing::price_fen(listing, product),
            unit_grams: product.net_weight_grams,
        })
        .collect();
    let order = insert(
        txn,
        clock,
        window,
        NewOrder {
            enterprise_id: buyer.enterprise_id,
            project_id: buyer.project_id,
            household_id: buyer.id,
            store_id: store.id,
            store_kind: store.kind,
            delivery_method: checked.delivery_method,
            pickup_point: checked.pickup_point,
            recipient_name: checked.recipient_name,
            recipient_phone: checked.recipient_phone,
            delivery_address: checked.address,
            note: checked.note,
            group_buy_id: None,
            placed_by: actor.subject.clone(),
            lines,
        },
    )
    .await?;
    // Stock last: the products' rows are locked from here to the commit, so the shorter that
    // is, the less orders for one hot product wait for each other. A short line rolls back
    // everything written above.
    let reservations: Vec<(Uuid, i64)> =
        priced.iter().map(|(l, _, p)| (p.id, l.quantity)).collect();
    products::stock::reserve_lines(txn, clock, &reservations, &actor.subject).await?;
    Ok(order)
}

/// Locks an order the actor may see for a change (PostgreSQL `FOR UPDATE`; SQLite's IMMEDIATE
/// transaction is alone already), so that two changes of one order run one after the other.
pub async fn locked(
    txn: &DatabaseTransaction,
    actor: &Actor,
    id: Uuid,
) -> DomainResult<order::Model> {
    order::Entity::find_by_id(id)
        .filter(crate::access::visible_orders(actor))
        .lock_exclusive()
        .one(txn)
        .await?
        .ok_or(DomainError::NotFound)
}

/// The lines of an order, in product-id order (the order stock rows are written in).
pub async fn lines_by_product(
    txn: &DatabaseTransaction,
    order_id: Uuid,
) -> DomainResult<Vec<line::Model>> {
    use sea_orm::QueryOrder;
    Ok(line::Entity::find()
        .filter(line::Column::OrderId.eq(order_id))
        .order_by_asc(line::Column::ProductId)
        .order_by_asc(line::Column::LineIndex)
        .all(txn)
        .await?)
}
