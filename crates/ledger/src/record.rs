//! `record`: the ledger's one write API. It runs inside the caller's transaction (the order's
//! payment, a review decision, a fair's sales) and only INSERTs: an entry per counted line and
//! a row in the sealer's queue. Nothing every sale touches (a counter, a rollup, the chain head)
//! is locked here; the sealer does that work after commit.

use chrono::{DateTime, NaiveDate, SubsecRound, Utc};
use kernel::error::{Problems, required_text};
use kernel::{DomainError, DomainResult, Fen, Grams, Message, Problem};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use std::collections::HashMap;
use uuid::Uuid;

use crate::LedgerErrorCode as Code;
use crate::entity::{entry, pending};
use crate::sql::{ROWS_PER_INSERT, is_postgres, sum_i64};
use crate::types::{Channel, EntryKind, Source};

/// What a line sold: units, weight and money, all positive. A reversal names how much of its
/// sale it takes back, also as positive amounts; the ledger stores them negated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Amounts {
    pub quantity: i64,
    pub grams: Grams,
    pub fen: Fen,
}

impl Amounts {
    pub fn new(quantity: i64, grams: Grams, fen: Fen) -> Self {
        Self {
            quantity,
            grams,
            fen,
        }
    }
}

/// Everything a ranking needs about a sale, resolved once when it is recorded (see
/// [`crate::attribution::resolve`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    pub campaign_id: Option<Uuid>,
    pub phase_id: Option<Uuid>,
    pub counted_on: NaiveDate,
    pub product_id: Uuid,
    pub supplier_id: Uuid,
    pub county_code: String,
    pub province_code: String,
    pub certified: bool,
    pub enterprise_id: Option<Uuid>,
    pub project_id: Option<Uuid>,
    pub city_code: Option<String>,
    pub association_id: Option<Uuid>,
    pub household_id: Option<Uuid>,
    pub team_id: Option<Uuid>,
    pub channel: Channel,
}

/// A sale with its facts, or a reversal of a recorded sale (which copies the sale's facts, so
/// it comes off exactly the rollups the sale went into).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    Sale(Box<Facts>),
    Reversal { kind: EntryKind, original: Uuid },
}

/// One entry to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEntry {
    pub source: Source,
    /// The id of the fact (order line, refund line, reported row, fair sale); unique per source.
    pub source_ref: String,
    pub occurred_at: DateTime<Utc>,
    /// The credential that caused it (`Actor::subject`).
    pub recorded_by: String,
    pub amounts: Amounts,
    pub body: Body,
}

impl NewEntry {
    /// A refund (kind REFUND) or correction (kind CORRECTION) of the SALE entry `original`.
    pub fn reversal(
        kind: EntryKind,
        original: Uuid,
        source: Source,
        source_ref: impl Into<String>,
        occurred_at: DateTime<Utc>,
        amounts: Amounts,
        recorded_by: impl Into<String>,
    ) -> Self {
        Self {
            source,
            source_ref: source_ref.into(),
            occurred_at,
            recorded_by: recorded_by.into(),
            amounts,
            body: Body::Reversal { kind, original },
        }
    }
}

fn problem(index: usize, field: &str, code: Code, zh: &str, en: &str) -> Problem {
    Problem::new(
        &[&index.to_string(), field],
        code.as_str(),
        Message::new(zh, en),
    )
}

fn check_amounts(problems: &mut Problems, index: usize, a: Amounts, sale: bool) {
    let bad = |field, zh, en| problem(index, field, Code::OutOfRange, zh, en);
    if a.quantity < 0 || (sale && a.quantity == 0) {
        problems.push(bad("quantity", "数量须为正数", "quantity must be positive"));
    }
    if a.grams.0 < 0 || (sale && a.grams.0 == 0) {
        problems.push(bad("grams", "重量须为正数", "weight must be positive"));
    }
    if a.fen.0 < 0 {
        problems.push(bad("fen", "金额不能为负", "amount must not be negative"));
    }
    if !sale && a.quantity == 0 && a.grams.0 == 0 && a.fen.0 == 0 {
        problems.push(bad(
            "quantity",
            "冲减数量、重量与金额不能都为零",
            "a reversal must take something back",
        ));
    }
}

/// What is left of a sale after its reversals.
#[derive(Debug, Clone, Copy)]
struct Remaining {
    quantity: i64,
    grams: Grams,
    fen: Fen,
}

/// Loads the sales that reversals name and what is left of each. On PostgreSQL the sale rows
/// are locked (`FOR UPDATE`, in id order) so that two concurrent refunds of one sale cannot
/// both pass the check; only refunds of the same sale wait for each other. On SQLite the
/// caller's `BEGIN IMMEDIATE` already serialises writers.
async fn remaining_of(
    txn: &DatabaseTransaction,
    originals: Vec<Uuid>,
) -> DomainResult<HashMap<Uuid, (entry::Model, Remaining)>> {
    if originals.is_empty() {
        return Ok(HashMap::new());
    }
    let mut query = entry::Entity::find()
        .filter(entry::Column::Id.is_in(originals.clone()))
        .order_by_asc(entry::Column::Id);
    if is_postgres(txn) {
        query = query.lock_exclusive();
    }
    let sales = query.all(txn).await?;
    let taken: Vec<(Uuid, i64, i64, i64)> = entry::Entity::find()
        .select_only()
        .column(entry::Column::ReversesId)
        .column_as(sum_i64(Expr::col(entry::Column::Quantity)), "quantity")
        .column_as(sum_i64(Expr::col(entry::Column::Grams)), "grams")
        .column_as(sum_i64(Expr::col(entry::Column::Fen)), "fen")
        .filter(entry::Column::ReversesId.is_in(originals))
        .group_by(entry::Column::ReversesId)
        .into_tuple()
        .all(txn)
        .await?;
    let taken: HashMap<Uuid, (i64, i64, i64)> = taken
        .into_iter()
        .map(|(id, q, g, f)| (id, (q, g, f)))
        .collect();
    Ok(sales
        .into_iter()
        .map(|sale| {
            let (q, g, f) = taken.get(&sale.id).copied().unwrap_or_default();
            let left = Remaining {
                quantity: sale.quantity + q,
                grams: sale.grams + Grams(g),
                fen: sale.fen + Fen(f),
            };
            (sale.id, (sale, left))
        })
        .collect())
}

fn model(
    id: Uuid,
    new: &NewEntry,
    kind: EntryKind,
    reverses: Option<Uuid>,
    facts: &Facts,
    now: DateTime<Utc>,
) -> entry::Model {
    let sign = if kind == EntryKind::Sale { 1 } else { -1 };
    entry::Model {
        id,
        kind,
        reverses_id: reverses,
        source: new.source,
        source_ref: new.source_ref.trim().to_owned(),
        campaign_id: facts.campaign_id,
        phase_id: facts.phase_id,
        counted_on: facts.counted_on,
        // Stored to the microsecond (PostgreSQL's precision), so the sealer hashes exactly
        // what either database gives back.
        occurred_at: new.occurred_at.trunc_subsecs(6),
        recorded_at: now,
        recorded_by: new.recorded_by.clone(),
        quantity: sign * new.amounts.quantity,
        grams: Grams(sign * new.amounts.grams.0),
        fen: Fen(sign * new.amounts.fen.0),
        product_id: facts.product_id,
        supplier_id: facts.supplier_id,
        county_code: facts.county_code.clone(),
        province_code: facts.province_code.clone(),
        certified: facts.certified,
        enterprise_id: facts.enterprise_id,
        project_id: facts.project_id,
        city_code: facts.city_code.clone(),
        association_id: facts.association_id,
        household_id: facts.household_id,
        team_id: facts.team_id,
        channel: facts.channel,
    }
}

fn facts_of(sale: &entry::Model) -> Facts {
    Facts {
        campaign_id: sale.campaign_id,
        phase_id: sale.phase_id,
        counted_on: sale.counted_on,
        product_id: sale.product_id,
        supplier_id: sale.supplier_id,
        county_code: sale.county_code.clone(),
        province_code: sale.province_code.clone(),
        certified: sale.certified,
        enterprise_id: sale.enterprise_id,
        project_id: sale.project_id,
        city_code: sale.city_code.clone(),
        association_id: sale.association_id,
        household_id: sale.household_id,
        team_id: sale.team_id,
        channel: sale.channel,
    }
}

/// Checks every entry (all problems at once, field paths `[index, field]`), then inserts them
/// and their queue rows. A reversal may never take its sale below zero in units, grams or fen,
/// counting the reversals recorded before and those earlier in `entries`. Recording a
/// `(source, source_ref)` that is in the ledger already is `Conflict`.
pub async fn record(
    txn: &DatabaseTransaction,
    entries: Vec<NewEntry>,
) -> DomainResult<Vec<entry::Model>> {
    let (models, inserts) = prepare(txn, entries).await?;
    for pair in inserts.chunks(2) {
        // The entries and their queue rows in one round trip on PostgreSQL.
        kernel::db::insert_together(txn, pair.to_vec()).await?;
    }
    Ok(models)
}

/// Everything of [`record`] but the writes: checks the entries (reading the sales reversals
/// name) and returns them with the INSERTs that record them (per chunk of rows, the entries'
/// INSERT then their queue rows'), for a caller that runs them together with its own last
/// writes (`kernel::db::write_together`: referenced rows first). A duplicate
/// `(source, source_ref)` then fails that statement.
pub async fn prepare(
    txn: &DatabaseTransaction,
    entries: Vec<NewEntry>,
) -> DomainResult<(Vec<entry::Model>, Vec<sea_orm::sea_query::InsertStatement>)> {
    let mut problems = Problems::new();
    for (index, new) in entries.iter().enumerate() {
        let is_sale = matches!(new.body, Body::Sale(_));
        check_amounts(&mut problems, index, new.amounts, is_sale);
        if let Err(p) = required_text(&[&index.to_string(), "sourceRef"], &new.source_ref, 80) {
            problems.push(p);
        }
        if let Body::Reversal {
            kind: EntryKind::Sale,
            ..
        } = new.body
        {
            problems.push(problem(
                index,
                "kind",
                Code::Invalid,
                "冲减须为退款或更正",
                "a reversal is a REFUND or a CORRECTION",
            ));
        }
    }
    problems.finish()?;

    let originals: Vec<Uuid> = entries
        .iter()
        .filter_map(|e| match e.body {
            Body::Reversal { original, .. } => Some(original),
            Body::Sale(_) => None,
        })
        .collect();
    let mut sales = remaining_of(txn, originals).await?;
    let now = Utc::now().trunc_subsecs(6);
    let mut models = Vec::with_capacity(entries.len());
    let mut problems = Problems::new();
    for (index, new) in entries.iter().enumerate() {
        let id = kernel::new_id();
        match &new.body {
            Body::Sale(facts) => models.push(model(id, new, EntryKind::Sale, None, facts, now)),
            Body::Reversal { kind, original } => {
                let Some((sale, left)) = sales.get_mut(original) else {
                    problems.push(problem(
                        index,
                        "reverses",
                        Code::UnknownReference,
                        "要冲减的台账条目不存在",
                        "no such ledger entry",
                    ));
                    continue;
                };
                if sale.kind != EntryKind::Sale {
                    problems.push(problem(
                        index,
                        "reverses",
                        Code::NotASale,
                        "只能冲减销售条目",
                        "only a SALE entry can be refunded or corrected",
                    ));
                    continue;
                }
                let a = new.amounts;
                if a.quantity > left.quantity || a.grams > left.grams || a.fen > left.fen {
                    problems.push(Problem::new(
                        &[&index.to_string(), "quantity"],
                        Code::ExceedsOriginal.as_str(),
                        Message::new(
                            format!(
                                "超出原销售剩余：数量 {}，{} 克，{} 元",
                                left.quantity,
                                left.grams.0,
                                left.fen.yuan()
                            ),
                            format!(
                                "more than is left of the sale: {} units, {} g, {} yuan",
                                left.quantity,
                                left.grams.0,
                                left.fen.yuan()
                            ),
                        ),
                    ));
                    continue;
                }
                left.quantity -= a.quantity;
                left.grams = left.grams - a.grams;
                left.fen = left.fen - a.fen;
                let facts = facts_of(sale);
                models.push(model(id, new, *kind, Some(*original), &facts, now));
            }
        }
    }
    problems.finish()?;
    let inserts = inserts(&models);
    Ok((models, inserts))
}

/// The entries' INSERTs and their queue rows', chunk by chunk.
fn inserts(models: &[entry::Model]) -> Vec<sea_orm::sea_query::InsertStatement> {
    use sea_orm::QueryTrait;
    let mut out = Vec::new();
    for chunk in models.chunks(ROWS_PER_INSERT) {
        let rows = chunk.iter().cloned().map(entry::ActiveModel::from);
        let queue = chunk.iter().map(|m| pending::ActiveModel {
            entry_id: Set(m.id),
            recorded_at: Set(m.recorded_at),
        });
        out.push(entry::Entity::insert_many(rows).into_query());
        out.push(pending::Entity::insert_many(queue).into_query());
    }
    out
}

/// Whether an error is the database refusing a second entry for one `(source, source_ref)`.
pub fn is_duplicate(err: &DomainError) -> bool {
    matches!(err, DomainError::Conflict)
}
