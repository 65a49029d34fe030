//! 集采下单: a purchase order is requested by the enterprise's admin, for the enterprise itself
//! or for one of its partner companies: products ACTIVE and certified today, at agreed prices,
//! delivered to a site (one of its projects) or an address. The stock of every line is reserved
//! at once, all or nothing, like any order.

use kernel::error::{Problems, optional_text, required_text};
use kernel::{Actor, Clock, DomainError, DomainResult, Fen, Grams, Message, Phone, Problem, Role};
use participants::access::{require_role, writable_enterprise};
use participants::entity::project;
use products::entity::product::{self, ProductStatus};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set};
use serde::Serialize;
use uuid::Uuid;

use super::entity::purchase_order::{self, PurchaseOrderState, Purpose};
use super::entity::{line, partner};
use crate::ProcurementErrorCode as Code;

/// The most lines one purchase order may have.
pub const MAX_LINES: usize = 50;

/// One line as the client sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PurchaseLineInput {
    pub product_id: Uuid,
    pub quantity: i64,
    /// The agreed unit price in fen.
    pub unit_price: i64,
}

/// Where the goods go.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Delivery {
    /// To a site: a project of the enterprise (its canteen, its service centre).
    Site { project_id: Uuid },
    /// To an address.
    Address {
        recipient_name: String,
        phone: String,
        address: String,
    },
}

/// `createPurchaseOrder`'s input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CreatePurchaseOrder {
    /// The platform names the enterprise; an enterprise's admin buys for its own.
    pub enterprise_id: Option<Uuid>,
    /// A partner company of the enterprise that this order is for (合作企业集采).
    pub partner_id: Option<Uuid>,
    pub purpose: Purpose,
    pub occasion_id: Option<Uuid>,
    pub title: String,
    pub lines: Vec<PurchaseLineInput>,
    pub delivery: Delivery,
    pub invoice_reference: Option<String>,
}

fn unknown(field: &[&str], zh: &str, en: &str) -> DomainError {
    DomainError::invalid(field, Code::UnknownReference.as_str(), Message::new(zh, en))
}

/// Requests a purchase order in the caller's transaction.
pub async fn create(
    txn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    input: CreatePurchaseOrder,
) -> DomainResult<purchase_order::Model> {
    require_role(actor, &[Role::EnterpriseAdmin, Role::PlatformAdmin])?;
    let enterprise = writable_enterprise(actor, input.enterprise_id)?;
    let mut problems = Problems::new();
    let title = problems.take(required_text(&["title"], &input.title, 100));
    let invoice = problems
        .take(optional_text(
            &["invoiceReference"],
            input.invoice_reference.as_deref(),
            100,
        ))
        .flatten();
    if input.lines.is_empty() || input.lines.len() > MAX_LINES {
        problems.push(Problem::new(
            &["lines"],
            Code::TooMany.as_str(),
            Message::new(
                format!("集采单应有 1 到 {MAX_LINES} 行"),
                format!("a purchase order has 1 to {MAX_LINES} lines"),
            ),
        ));
    }
    for (i, l) in input.lines.iter().enumerate() {
        let index = i.to_string();
        if !(1..=products::stock::MAX_QUANTITY).contains(&l.quantity) {
            problems.push(Problem::new(
                &["lines", &index, "quantity"],
                Code::OutOfRange.as_str(),
                Message::new(
                    format!("数量应在 1 到 {} 之间", products::stock::MAX_QUANTITY),
                    format!("quantity must be 1 to {}", products::stock::MAX_QUANTITY),
                ),
            ));
        }
        if !(1..=100_000_000).contains(&l.unit_price) {
            problems.push(Problem::new(
                &["lines", &index, "unitPrice"],
                Code::OutOfRange.as_str(),
                Message::new("协议价须大于 0", "the agreed price must be positive"),
            ));
        }
        if input.lines[..i]
            .iter()
            .any(|o| o.product_id == l.product_id)
        {
            problems.push(Problem::new(
                &["lines", &index, "productId"],
                Code::Invalid.as_str(),
                Message::new("同一产品请合并为一行", "name each product once"),
            ));
        }
    }
    let (project_id, recipient_name, recipient_phone, address) = match &input.delivery {
        Delivery::Site { project_id } => (Some(*project_id), None, None, None),
        Delivery::Address {
            recipient_name,
            phone,
            address,
        } => (
            None,
            problems.take(required_text(
                &["deliveryAddress", "recipientName"],
                recipient_name,
                50,
            )),
            problems
                .take(Phone::parse(&["deliveryAddress", "phone"], phone))
                .map(|p| p.as_str().to_owned()),
            problems.take(required_text(&["deliveryAddress", "address"], address, 300)),
        ),
    };
    problems.finish()?;

    if let Some(p) = project_id {
        project::Entity::find_by_id(p)
            .one(txn)
            .await?
            .filter(|p| p.enterprise_id == enterprise)
            .ok_or_else(|| {
                unknown(
                    &["deliveryProjectId"],
                    "项目不存在",
                    "no such project of the enterprise",
                )
            })?;
    }
    if let Some(p) = input.partner_id {
        partner::Entity::find_by_id(p)
            .one(txn)
            .await?
            .filter(|p| p.enterprise_id == enterprise)
            .ok_or_else(|| unknown(&["partnerId"], "合作企业不存在", "no such partner company"))?;
    }
    if let Some(o) = input.occasion_id {
        crate::occasion::get(txn, actor, o)
            .await
            .map_err(|e| match e {
                DomainError::NotFound => unknown(&["occasionId"], "节点不存在", "no such occasion"),
                other => other,
            })?;
    }

    let now = clock.now();
    let ids: Vec<Uuid> = input.lines.iter().map(|l| l.product_id).collect();
    let found = product::Entity::find()
        .filter(product::Column::Id.is_in(ids))
        .filter(product::Column::Status.eq(ProductStatus::Active))
        .all(txn)
        .await?;
    let id = kernel::new_id();
    let mut problems = Problems::new();
    let mut lines = Vec::with_capacity(input.lines.len());
    let (mut total_fen, mut total_grams) = (Fen::ZERO, Grams(0));
    for (i, l) in input.lines.iter().enumerate() {
        let certified = match found.iter().find(|p| p.id == l.product_id) {
            Some(p) => products::certification::certified_at(txn, p.id, now)
                .await?
                .then_some(p),
            None => None,
        };
        let Some(p) = certified else {
            problems.push(Problem::new(
                &["lines", &i.to_string(), "productId"],
                Code::NotSellable.as_str(),
                Message::new(
                    format!("第 {} 行的产品不在售或未经认定", i + 1),
                    format!("line {} is not an active certified product", i + 1),
                ),
            ));
            continue;
        };
        let amount = Fen(l.unit_price * l.quantity);
        let grams = Grams(p.net_weight_grams.0 * l.quantity);
        total_fen += amount;
        total_grams += grams;
        lines.push(line::ActiveModel {
            id: Set(kernel::new_id()),
            purchase_order_id: Set(id),
            enterprise_id: Set(enterprise),
            supplier_id: Set(p.supplier_id),
            product_id: Set(p.id),
            line_index: Set(i32::try_from(i).unwrap_or(i32::MAX)),
            quantity: Set(l.quantity),
            unit_price_fen: Set(Fen(l.unit_price)),
            unit_grams: Set(p.net_weight_grams),
            amount_fen: Set(amount),
            grams: Set(grams),
            ledger_entry_id: Set(None),
        });
    }
    problems.finish()?;

    let order = purchase_order::ActiveModel {
        id: Set(id),
        enterprise_id: Set(enterprise),
        partner_id: Set(input.partner_id),
        purpose: Set(input.purpose),
        occasion_id: Set(input.occasion_id),
        title: Set(title.unwrap_or_default()),
        state: Set(PurchaseOrderState::Requested),
        requested_by: Set(actor.subject.clone()),
        approved_by: Set(None),
        approved_at: Set(None),
        delivery_project_id: Set(project_id),
        delivery_address: Set(address),
        recipient_name: Set(recipient_name),
        recipient_phone: Set(recipient_phone),
        invoice_reference: Set(invoice),
        payment_reference: Set(None),
        total_fen: Set(total_fen),
        total_grams: Set(total_grams),
        paid_at: Set(None),
        closed_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(txn)
    .await?;
    line::Entity::insert_many(lines)
        .exec_without_returning(txn)
        .await?;
    // Stock last (the products' rows stay locked until the commit); a short line rolls back
    // everything above, and is named `lines.<index>.quantity` with what is left.
    let reservations: Vec<(Uuid, i64)> = input
        .lines
        .iter()
        .map(|l| (l.product_id, l.quantity))
        .collect();
    products::stock::reserve_lines(txn, clock, &reservations, &actor.subject).await?;
    Ok(order)
}
