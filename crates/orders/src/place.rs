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
use products::stock::KnownLine;
use sea_orm::sea_query::{Expr, ExprTrait, JoinType, SubQueryStatement};
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

/// The buyer's household id: a resident's own; named by everyone else (the APP for its
/// enterprise's households, operators and the platform any, checked with the store).
fn buyer_id(actor: &Actor, named: Option<Uuid>) -> DomainResult<Uuid> {
    match actor.role {
        Role::Household => {
            let own = actor.household.ok_or(DomainError::Forbidden)?;
            if named.is_some_and(|n| n != own) {
                return Err(DomainError::NotFound);
            }
            Ok(own)
        }
        _ => named.ok_or_else(|| {
            DomainError::invalid(
                &["householdId"],
                kernel::error::codes::BLANK,
                Message::new("请指定下单住户", "name the household that orders"),
            )
        }),
    }
}

/// The store as the caller may see it (a resident: stores serving its project; the APP: its
/// enterprise's; an operator: hosted stores), the buyer's household (the APP's only of its own
/// enterprise), and whether the store serves the household's project, in one statement: the
/// store left-joined with the household and with the store's project row for the household's
/// project. No store is UNKNOWN_REFERENCE on `storeId`, no household on `householdId`.
async fn store_and_buyer(
    txn: &DatabaseTransaction,
    actor: &Actor,
    store_id: Uuid,
    household_id: Uuid,
) -> DomainResult<(store::Model, household::Model, bool)> {
    use sea_orm::ConnectionTrait;
    let statement =
        txn.get_database_backend()
            .build(&store_and_buyer_query(actor, store_id, household_id));
    let row = txn.query_one_raw(statement).await?;
    store_and_buyer_from(actor, row.as_ref())
}

/// The statement of [`store_and_buyer`].
fn store_and_buyer_query(
    actor: &Actor,
    store_id: Uuid,
    household_id: Uuid,
) -> sea_orm::sea_query::SelectStatement {
    use sea_orm::QueryTrait;
    use sea_orm::sea_query::Condition;
    let mut select = store::Entity::find_by_id(store_id)
        .filter(products::access::visible_stores(actor))
        .select_also(household::Entity);
    let query = QueryTrait::query(&mut select);
    query
        .join(
            JoinType::LeftJoin,
            household::Entity,
            Expr::col((household::Entity, household::Column::Id)).eq(household_id),
        )
        .join(
            JoinType::LeftJoin,
            store_project::Entity,
            Condition::all()
                .add(
                    Expr::col((store_project::Entity, store_project::Column::StoreId))
                        .equals((store::Entity, store::Column::Id)),
                )
                .add(
                    Expr::col((store_project::Entity, store_project::Column::ProjectId))
                        .equals((household::Entity, household::Column::ProjectId)),
                ),
        );
    kernel::db::select_prefixed::<store_project::Entity>(query, "C_");
    query.to_owned()
}

/// [`store_and_buyer`]'s answer from its row (at most one: the store's id is its key).
fn store_and_buyer_from(
    actor: &Actor,
    row: Option<&sea_orm::QueryResult>,
) -> DomainResult<(store::Model, household::Model, bool)> {
    use sea_orm::FromQueryResult;
    let row = row.ok_or_else(|| unknown("storeId", "店铺不存在", "no such store"))?;
    let store = store::Model::from_query_result(row, "A_")?;
    let household = household::Model::from_query_result_optional(row, "B_")?;
    let serves = store_project::Model::from_query_result_optional(row, "C_")?.is_some();
    match household {
        Some(h)
            if actor.role != Role::EnterpriseApp
                || actor.enterprise_id() == Some(h.enterprise_id) =>
        {
            Ok((store, h, serves))
        }
        _ => Err(unknown("householdId", "住户不存在", "no such household")),
    }
}

/// The placement's first read (the store, the buyer's household, whether the store serves
/// it, and the ordered listings of the store with their products where sellable today), for a
/// caller that runs it together with the idempotency key's claim and passes its rows to
/// [`prepare`]; `None` when the input names no buyer the actor may order for (then [`prepare`]
/// reads nothing and says why).
///
/// The listings are left-joined to the store's row (one row per listing of the store named in
/// the input, or the store's row alone): one statement where the store and the listings took
/// two, each with its own round trip and its own executor start-up on the server.
pub fn first_read(
    actor: &Actor,
    clock: &Clock,
    input: &PlaceOrder,
) -> Option<sea_orm::sea_query::SelectStatement> {
    use sea_orm::sea_query::Condition;
    let buyer = buyer_id(actor, input.household_id).ok()?;
    let mut query = store_and_buyer_query(actor, input.store_id, buyer);
    let ids: Vec<Uuid> = input.lines.iter().map(|l| l.listing_id).collect();
    query
        .join(
            JoinType::LeftJoin,
            listing::Entity,
            Condition::all()
                .add(
                    Expr::col((listing::Entity, listing::Column::StoreId))
                        .equals((store::Entity, store::Column::Id)),
                )
                .add(Expr::col((listing::Entity, listing::Column::Id)).is_in(ids)),
        )
        .join(
            JoinType::LeftJoin,
            product::Entity,
            Condition::all()
                .add(
                    Expr::col((product::Entity, product::Column::Id))
                        .equals((listing::Entity, listing::Column::ProductId)),
                )
                .add(products::listing::sellable_today(clock.today())),
        );
    kernel::db::select_prefixed::<listing::Entity>(&mut query, "D_");
    kernel::db::select_prefixed::<product::Entity>(&mut query, "E_");
    Some(query)
}

/// The listings [`first_read`] found, each with its product when sellable today (`None`: not
/// sellable).
fn listings_from(
    rows: &[sea_orm::QueryResult],
) -> DomainResult<Vec<(listing::Model, Option<product::Model>)>> {
    use sea_orm::FromQueryResult;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        if let Some(l) = listing::Model::from_query_result_optional(row, "D_")? {
            out.push((l, product::Model::from_query_result_optional(row, "E_")?));
        }
    }
    Ok(out)
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

/// Places an order in the caller's transaction: checks, writes the order, its lines and its
/// PLACED event, and reserves the stock. `window` is how long it waits for the payment.
pub async fn place(
    txn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    window: TimeDelta,
    input: PlaceOrder,
) -> DomainResult<order::Model> {
    let (order, reservation) = prepare(txn, actor, clock, window, input, None).await?;
    reserve(txn, clock, actor, &reservation, Vec::new()).await?;
    Ok(order)
}

/// Reserves what [`prepare`] left to reserve: the order's stock, as the last writes of the
/// transaction (product-id order, the last product's UPDATE in one statement with the
/// movements and the caller's final writes `with`), so a hot product's row is locked for that
/// statement and the commit. A short line fails the whole order and rolls back everything.
pub async fn reserve(
    txn: &DatabaseTransaction,
    clock: &Clock,
    actor: &Actor,
    reservation: &[KnownLine],
    with: Vec<SubQueryStatement>,
) -> DomainResult<()> {
    products::stock::reserve_known_lines(txn, clock, reservation, &actor.subject, with).await
}

/// Everything of [`place`] but the reservation, which it returns for the caller to make
/// (with [`reserve`]) as the last writes before its commit.
pub async fn prepare(
    txn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    window: TimeDelta,
    input: PlaceOrder,
    read: Option<Vec<sea_orm::QueryResult>>,
) -> DomainResult<(order::Model, Vec<KnownLine>)> {
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
    let buyer_id = buyer_id(actor, input.household_id)?;
    // The rows of [`first_read`] if the caller ran it (with the same actor, clock and input):
    // the store and the buyer, and the listings with them.
    let (store, buyer, serves, listed) = match read {
        Some(rows) => {
            let (store, buyer, serves) = store_and_buyer_from(actor, rows.first())?;
            (store, buyer, serves, Some(listings_from(&rows)?))
        }
        None => {
            let (store, buyer, serves) =
                store_and_buyer(txn, actor, input.store_id, buyer_id).await?;
            (store, buyer, serves, None)
        }
    };
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

    let sellable: Vec<(listing::Model, Option<product::Model>)> = match listed {
        Some(listed) => listed,
        None => {
            let ids: Vec<Uuid> = input.lines.iter().map(|l| l.listing_id).collect();
            listing::Entity::find()
                .find_also_related(product::Entity)
                .filter(listing::Column::Id.is_in(ids))
                .filter(listing::Column::StoreId.eq(store.id))
                .filter(products::listing::sellable_today(clock.today()))
                .all(txn)
                .await?
        }
    };
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
    // Stock last, by the caller: the products' rows are locked from their UPDATE to the
    // commit, so the shorter that is, the less orders for one hot product wait for each other.
    let reservation = priced
        .iter()
        .map(|(l, _, p)| KnownLine {
            product_id: p.id,
            supplier_id: p.supplier_id,
            quantity: l.quantity,
        })
        .collect();
    Ok((order, reservation))
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

/// Locks an order the actor may see for a change, as [`locked`] does, and reads its lines in
/// product-id order with it: one statement (PostgreSQL `FOR UPDATE OF customer_order`: the
/// order row is locked, its lines are read).
pub async fn locked_with_lines(
    txn: &DatabaseTransaction,
    actor: &Actor,
    id: Uuid,
) -> DomainResult<(order::Model, Vec<line::Model>)> {
    use sea_orm::ConnectionTrait;
    let statement = txn
        .get_database_backend()
        .build(&locked_with_lines_query(actor, id));
    with_lines(&txn.query_all_raw(statement).await?)
}

/// The statement of [`locked_with_lines`], for a caller that runs it with others (the
/// idempotency key's claim); read its rows with [`with_lines`].
pub fn locked_with_lines_query(actor: &Actor, id: Uuid) -> sea_orm::sea_query::SelectStatement {
    use sea_orm::sea_query::LockType;
    use sea_orm::{QueryOrder, QueryTrait};
    let lines_of: RelationDef = line::Entity::belongs_to(order::Entity)
        .from(line::Column::OrderId)
        .to(order::Column::Id)
        .into();
    let mut select = order::Entity::find_by_id(id)
        .filter(crate::access::visible_orders(actor))
        .join(JoinType::LeftJoin, lines_of.rev())
        .select_also(line::Entity)
        .order_by_asc(line::Column::ProductId)
        .order_by_asc(line::Column::LineIndex);
    let query = QueryTrait::query(&mut select);
    query.lock_with_tables(LockType::Update, [order::Entity]);
    query.to_owned()
}

/// The order and its lines from the rows of [`locked_with_lines_query`]; no row is NotFound.
pub fn with_lines(rows: &[sea_orm::QueryResult]) -> DomainResult<(order::Model, Vec<line::Model>)> {
    use sea_orm::FromQueryResult;
    let first = rows.first().ok_or(DomainError::NotFound)?;
    let order = order::Model::from_query_result(first, "A_")?;
    let mut lines = Vec::with_capacity(rows.len());
    for row in rows {
        if let Some(line) = line::Model::from_query_result_optional(row, "B_")? {
            lines.push(line);
        }
    }
    Ok((order, lines))
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
