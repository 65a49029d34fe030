//! 市集销售: a fair's organiser records what sold at the fair; each line becomes a FAIR entry
//! attributed to the fair's association, its enterprise and project when it has them, and the
//! fair's city. The fair's own `salesFen` stays what the organiser declared; the ledger holds
//! what was counted, and the two can be shown side by side.

use std::collections::HashSet;

use chrono::NaiveDate;
use kernel::error::{Problems, codes, optional_text};
use kernel::{Actor, Clock, DomainError, DomainResult, Fen, Grams, Message, Problem};
use participants::entity::{association, enterprise};
use products::entity::product;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

use campaigns::entity::market_fair::{self, FairStatus};

use crate::LedgerErrorCode as Code;
use crate::attribution::{Buyer, Sale, city_of, resolve};
use crate::entity::fair_sale;
use crate::record::{Amounts, record};
use crate::reported::{MAX_ROWS, moment_of};
use crate::sql::sum_i64;
use crate::types::{Channel, Source};

/// One line of what a fair sold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FairSaleInput {
    pub product_id: Uuid,
    pub quantity: i64,
    pub grams: Grams,
    pub fen: Fen,
    /// The day (default: the fair's first day); within the fair's days.
    pub sold_on: Option<NaiveDate>,
    /// The organiser's own reference for the line, unique per fair.
    pub reference: Option<String>,
}

/// The city a fair counts for: its project's (resolved with the sale), else its organiser's
/// region when that is a city or county.
async fn fair_city(
    conn: &impl ConnectionTrait,
    fair: &market_fair::Model,
) -> DomainResult<Option<String>> {
    let region = match fair.enterprise_id {
        Some(id) => enterprise::Entity::find_by_id(id)
            .one(conn)
            .await?
            .and_then(|e| e.region_code),
        None => association::Entity::find_by_id(fair.association_id)
            .one(conn)
            .await?
            .and_then(|a| a.region_code),
    };
    Ok(region.as_deref().and_then(city_of))
}

/// Records a fair's sales in the caller's transaction. Only the fair's organiser (and the
/// platform) may; the fair must have started and not be cancelled.
pub async fn record_fair_sales(
    txn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    fair_id: Uuid,
    lines: Vec<FairSaleInput>,
) -> DomainResult<Vec<fair_sale::Model>> {
    let fair = campaigns::fair::get(txn, actor, fair_id).await?;
    campaigns::access::require_manages(actor, Some(fair.association_id), fair.enterprise_id)?;
    if fair.status == FairStatus::Cancelled {
        return Err(DomainError::invalid(
            &["fairId"],
            Code::InvalidTransition.as_str(),
            Message::new("市集已取消", "the fair was cancelled"),
        ));
    }
    if clock.today() < fair.starts_on {
        return Err(DomainError::invalid(
            &["fairId"],
            Code::TooEarly.as_str(),
            Message::new(
                format!("市集 {} 开始", fair.starts_on),
                format!("the fair starts on {}", fair.starts_on),
            ),
        ));
    }
    if lines.is_empty() || lines.len() > MAX_ROWS {
        return Err(DomainError::invalid(
            &["lines"],
            codes::OUT_OF_RANGE,
            Message::new(
                format!("每次登记 1 到 {MAX_ROWS} 行"),
                format!("record 1 to {MAX_ROWS} lines at a time"),
            ),
        ));
    }
    let mut problems = Problems::new();
    let mut references = HashSet::new();
    let taken: HashSet<String> = fair_sale::Entity::find()
        .select_only()
        .column(fair_sale::Column::Reference)
        .filter(fair_sale::Column::FairId.eq(fair.id))
        .filter(fair_sale::Column::Reference.is_not_null())
        .into_tuple::<Option<String>>()
        .all(txn)
        .await?
        .into_iter()
        .flatten()
        .collect();
    let mut days = Vec::with_capacity(lines.len());
    let mut refs = Vec::with_capacity(lines.len());
    for (index, line) in lines.iter().enumerate() {
        let i = index.to_string();
        let field = |f: &str| vec!["lines".to_owned(), i.clone(), f.to_owned()];
        let day = line.sold_on.unwrap_or(fair.starts_on);
        if day < fair.starts_on || day > fair.ends_on {
            problems.push(Problem {
                field: field("soldOn"),
                code: Code::OutsideFair.as_str(),
                message: Message::new("日期不在市集举办期间", "the day lies outside the fair"),
            });
        }
        match optional_text(&[], line.reference.as_deref(), 64) {
            Ok(Some(r)) if taken.contains(&r) || !references.insert(r.clone()) => {
                problems.push(Problem {
                    field: field("reference"),
                    code: codes::TAKEN,
                    message: Message::new(
                        "该市集已登记此编号",
                        "this fair has a line with this reference",
                    ),
                });
            }
            Ok(r) => refs.push(r),
            Err(mut p) => {
                p.field = field("reference");
                problems.push(p);
            }
        }
        days.push(day);
    }
    // Only products the organiser may see can be counted: another supplier's draft answers
    // like an id that does not exist.
    let visible: HashSet<Uuid> = product::Entity::find()
        .select_only()
        .column(product::Column::Id)
        .filter(product::Column::Id.is_in(lines.iter().map(|l| l.product_id)))
        .filter(products::access::visible_products(actor))
        .into_tuple::<Uuid>()
        .all(txn)
        .await?
        .into_iter()
        .collect();
    for (index, line) in lines.iter().enumerate() {
        if !visible.contains(&line.product_id) {
            problems.push(Problem {
                field: vec![
                    "lines".to_owned(),
                    index.to_string(),
                    "productId".to_owned(),
                ],
                code: Code::UnknownReference.as_str(),
                message: Message::new("产品不存在", "no such product"),
            });
        }
    }
    problems.finish()?;
    let city_code = fair_city(txn, &fair).await?;
    let ids: Vec<Uuid> = lines.iter().map(|_| kernel::new_id()).collect();
    let sales = lines
        .iter()
        .zip(&ids)
        .zip(&days)
        .map(|((line, id), day)| Sale {
            source: Source::FairSale,
            source_ref: id.to_string(),
            channel: Channel::Fair,
            occurred_at: moment_of(*day),
            product_id: line.product_id,
            amounts: Amounts::new(line.quantity, line.grams, line.fen),
            buyer: Buyer {
                enterprise_id: fair.enterprise_id,
                project_id: fair.project_id,
                household_id: None,
                association_id: Some(fair.association_id),
                city_code: city_code.clone(),
            },
            recorded_by: actor.subject.clone(),
        })
        .collect();
    let entries = resolve(txn, sales).await.map_err(under_lines)?;
    let entries = record(txn, entries).await.map_err(under_lines)?;
    let now = clock.now();
    let models: Vec<fair_sale::Model> = lines
        .into_iter()
        .zip(ids)
        .zip(days)
        .zip(refs)
        .zip(&entries)
        .map(|((((line, id), day), reference), entry)| fair_sale::Model {
            id,
            fair_id: fair.id,
            association_id: fair.association_id,
            enterprise_id: fair.enterprise_id,
            project_id: fair.project_id,
            product_id: line.product_id,
            reference,
            sold_on: day,
            quantity: line.quantity,
            grams: line.grams,
            fen: line.fen,
            recorded_by: actor.subject.clone(),
            created_at: now,
            entry_id: entry.id,
        })
        .collect();
    for chunk in models.chunks(crate::sql::ROWS_PER_INSERT) {
        fair_sale::Entity::insert_many(chunk.iter().cloned().map(fair_sale::ActiveModel::from))
            .exec_without_returning(txn)
            .await?;
    }
    Ok(models)
}

/// Problems of `record`/`resolve` are numbered by line; put them under `lines`.
fn under_lines(err: DomainError) -> DomainError {
    match err {
        DomainError::Invalid(problems) => {
            DomainError::Invalid(problems.into_iter().map(|p| p.under(&["lines"])).collect())
        }
        other => other,
    }
}

/// The sales recorded for a fair the actor may see, in the order recorded.
pub async fn of_fair(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    fair_id: Uuid,
) -> DomainResult<Vec<fair_sale::Model>> {
    campaigns::fair::get(conn, actor, fair_id).await?;
    Ok(fair_sale::Entity::find()
        .filter(fair_sale::Column::FairId.eq(fair_id))
        .order_by_asc(fair_sale::Column::Id)
        .all(conn)
        .await?)
}

/// What the ledger counted for a fair: (grams, fen, lines).
pub async fn counted(
    conn: &impl ConnectionTrait,
    fair_id: Uuid,
) -> DomainResult<(Grams, Fen, i64)> {
    let row: Option<(i64, i64, i64)> = fair_sale::Entity::find()
        .select_only()
        .column_as(sum_i64(Expr::col(fair_sale::Column::Grams)), "grams")
        .column_as(sum_i64(Expr::col(fair_sale::Column::Fen)), "fen")
        .column_as(sum_i64(Expr::val(1i64)), "lines")
        .filter(fair_sale::Column::FairId.eq(fair_id))
        .into_tuple()
        .one(conn)
        .await?;
    let (g, f, n) = row.unwrap_or_default();
    Ok((Grams(g), Fen(f), n))
}
