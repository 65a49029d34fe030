//! `report`: take a batch of reported rows, check them, and hold the good ones as REPORTED.

use std::collections::{HashMap, HashSet};

use kernel::error::codes;
use kernel::{Actor, Clock, DomainError, DomainResult, Message, Problem, Role};
use participants::access::{require_role, writable_enterprise};
use participants::entity::project;
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::checks::{Candidate, Flag, flags};
use super::validate::{Valid, check_fields, content_hash, products_named};
use super::{MAX_ROWS, ProductRef, ReportedRowInput};
use crate::LedgerErrorCode as Code;
use crate::entity::reported_row::{self, ReportedStatus};
use crate::entity::{reported_batch, reported_row::Model as Row};

/// What to do when some rows are bad.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ErrorPolicy {
    /// Hold nothing unless every row is good.
    #[default]
    RejectEverything,
    /// Hold the good rows, report the bad ones.
    RejectFailedRows,
}

impl ErrorPolicy {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorPolicy::RejectEverything => "REJECT_EVERYTHING",
            ErrorPolicy::RejectFailedRows => "REJECT_FAILED_ROWS",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowOutcome {
    /// New: held as REPORTED for review.
    Received,
    /// Sent before with the same content: the earlier row stands, nothing new is held.
    Repeated,
    /// Good, but not held because another row failed (REJECT_EVERYTHING).
    Skipped,
    Failed,
}

#[derive(Debug, Clone)]
pub struct RowResult {
    /// 0-based position in the call.
    pub index: usize,
    pub outcome: RowOutcome,
    /// The held row (new or earlier), if any.
    pub row: Option<Row>,
    /// Field paths relative to the row.
    pub problems: Vec<Problem>,
}

#[derive(Debug, Clone)]
pub struct BatchReport {
    /// `None` when nothing was accepted (REJECT_EVERYTHING with a failed row).
    pub batch: Option<reported_batch::Model>,
    pub rows: Vec<RowResult>,
}

/// A row as the caller parsed it: the input, or the problems that stopped parsing (a bad id,
/// an unreadable CSV record), which make the row FAILED like any other problem.
pub type RowInput = Result<ReportedRowInput, Vec<Problem>>;

/// Checks and holds a batch for an enterprise (its admins and APP credential; the platform
/// names the enterprise). The caller commits.
pub async fn report(
    txn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    enterprise_id: Option<Uuid>,
    input: Vec<RowInput>,
    policy: ErrorPolicy,
) -> DomainResult<BatchReport> {
    require_role(
        actor,
        &[
            Role::PlatformAdmin,
            Role::EnterpriseAdmin,
            Role::EnterpriseApp,
        ],
    )?;
    let enterprise_id = writable_enterprise(actor, enterprise_id)?;
    let enterprise = participants::enterprise::get(txn, actor, enterprise_id).await?;
    if input.len() > MAX_ROWS {
        return Err(DomainError::invalid(
            &["rows"],
            codes::TOO_MANY,
            Message::new(
                format!("一次最多上报 {MAX_ROWS} 行"),
                format!("at most {MAX_ROWS} rows per call"),
            ),
        ));
    }
    let row_count = input.len();
    let mut parse_errors: HashMap<usize, Vec<Problem>> = HashMap::new();
    let mut positions = Vec::with_capacity(row_count);
    let mut rows = Vec::with_capacity(row_count);
    for (index, r) in input.into_iter().enumerate() {
        match r {
            Ok(r) => {
                positions.push(index);
                rows.push(r);
            }
            Err(problems) => {
                parse_errors.insert(index, problems);
            }
        }
    }
    let project_ids: Vec<Uuid> = rows.iter().map(|r| r.project_id).collect();
    let projects: HashMap<Uuid, project::Model> =
        participants::loaders::projects(txn, &project_ids)
            .await?
            .into_iter()
            .filter(|(_, p)| p.enterprise_id == enterprise_id)
            .collect();
    let (products, by_number) = products_named(txn, actor, &rows).await?;
    let order_ids: Vec<String> = rows
        .iter()
        .map(|r| r.external_order_id.trim().to_owned())
        .collect();
    let earlier: HashMap<(String, String), Row> = reported_row::Entity::find()
        .filter(reported_row::Column::EnterpriseId.eq(enterprise_id))
        .filter(reported_row::Column::ExternalOrderId.is_in(order_ids))
        .all(txn)
        .await?
        .into_iter()
        .map(|r| ((r.external_order_id.clone(), r.external_line.clone()), r))
        .collect();

    let mut checked: Vec<Result<Valid, Vec<Problem>>> = Vec::with_capacity(rows.len());
    let mut in_call = HashSet::new();
    for r in &rows {
        let result = check_fields(r, clock, &projects).and_then(|channel| {
            let key = (
                r.external_order_id.trim().to_owned(),
                r.external_line.trim().to_owned(),
            );
            if !in_call.insert(key) {
                return Err(vec![Problem::new(
                    &["externalLine"],
                    codes::TAKEN,
                    Message::new(
                        "同一订单行在本批中重复",
                        "this call names the external order line twice",
                    ),
                )]);
            }
            let product = match &r.product {
                ProductRef::Id(id) => products.contains_key(id).then_some(*id),
                ProductRef::CertificateNo(no) => by_number.get(no.trim()).copied(),
            };
            Ok(Valid {
                channel,
                product,
                hash: content_hash(r, channel),
            })
        });
        checked.push(result);
    }
    let mut results: Vec<RowResult> = Vec::with_capacity(rows.len());
    let mut fresh: Vec<(usize, Valid)> = Vec::new();
    for (index, (r, check)) in rows.iter().zip(checked).enumerate() {
        let key = (
            r.external_order_id.trim().to_owned(),
            r.external_line.trim().to_owned(),
        );
        let result = match (check, earlier.get(&key)) {
            (Err(problems), _) => RowResult {
                index,
                outcome: RowOutcome::Failed,
                row: None,
                problems,
            },
            (Ok(v), Some(before)) if before.content_hash == v.hash => RowResult {
                index,
                outcome: RowOutcome::Repeated,
                row: Some(before.clone()),
                problems: vec![],
            },
            (Ok(_), Some(_)) => RowResult {
                index,
                outcome: RowOutcome::Failed,
                row: None,
                problems: vec![Problem::new(
                    &["externalOrderId"],
                    Code::ConflictingResubmission.as_str(),
                    Message::new(
                        "该订单行已上报，且内容不同",
                        "this external order line was reported before with different content",
                    ),
                )],
            },
            (Ok(v), None) => {
                fresh.push((index, v));
                RowResult {
                    index,
                    outcome: RowOutcome::Received,
                    row: None,
                    problems: vec![],
                }
            }
        };
        results.push(result);
    }
    let failed = parse_errors.len()
        + results
            .iter()
            .filter(|r| r.outcome == RowOutcome::Failed)
            .count();
    if failed > 0 && policy == ErrorPolicy::RejectEverything {
        for r in &mut results {
            if r.outcome == RowOutcome::Received {
                r.outcome = RowOutcome::Skipped;
            }
        }
        return Ok(BatchReport {
            batch: None,
            rows: in_call_order(results, &positions, parse_errors),
        });
    }
    let candidates: Vec<Candidate<'_>> = fresh
        .iter()
        .map(|(index, v)| Candidate {
            input: &rows[*index],
            product: v.product.and_then(|id| products.get(&id)),
        })
        .collect();
    let row_flags = flags(txn, enterprise_id, &candidates).await?;
    let now = clock.now();
    let count = |o: RowOutcome| {
        i32::try_from(results.iter().filter(|r| r.outcome == o).count()).unwrap_or(i32::MAX)
    };
    let batch = reported_batch::Model {
        id: kernel::new_id(),
        enterprise_id,
        association_id: enterprise.association_id,
        submitted_by: actor.subject.clone(),
        submitted_at: now,
        error_policy: policy.as_str().to_owned(),
        row_count: i32::try_from(row_count).unwrap_or(i32::MAX),
        received_count: count(RowOutcome::Received),
        repeated_count: count(RowOutcome::Repeated),
        failed_count: i32::try_from(failed).unwrap_or(i32::MAX),
    };
    reported_batch::Entity::insert(reported_batch::ActiveModel::from(batch.clone()))
        .exec_without_returning(txn)
        .await?;
    let mut models = Vec::with_capacity(fresh.len());
    for ((index, v), flags) in fresh.into_iter().zip(row_flags) {
        let i = &rows[index];
        let model = Row {
            id: kernel::new_id(),
            batch_id: batch.id,
            enterprise_id,
            association_id: enterprise.association_id,
            external_order_id: i.external_order_id.trim().to_owned(),
            external_line: i.external_line.trim().to_owned(),
            content_hash: v.hash,
            sale_key: super::checks::sale_key(i),
            sold_on: i.sold_on,
            project_id: i.project_id,
            product_id: v.product,
            product_ref: i.product.as_text(),
            quantity: i.quantity,
            grams: i.grams,
            fen: i.fen,
            channel: v.channel,
            status: ReportedStatus::Reported,
            flags: Flag::join(&flags),
            review_reason: None,
            reviewed_by: None,
            reviewed_at: None,
            entry_id: None,
            created_at: now,
        };
        results[index].row = Some(model.clone());
        models.push(model);
    }
    for chunk in models.chunks(crate::sql::ROWS_PER_INSERT) {
        reported_row::Entity::insert_many(
            chunk.iter().cloned().map(reported_row::ActiveModel::from),
        )
        .exec_without_returning(txn)
        .await?;
    }
    Ok(BatchReport {
        batch: Some(batch),
        rows: in_call_order(results, &positions, parse_errors),
    })
}

/// Results numbered by their position in the call, with the rows that failed to parse.
fn in_call_order(
    results: Vec<RowResult>,
    positions: &[usize],
    parse_errors: HashMap<usize, Vec<Problem>>,
) -> Vec<RowResult> {
    let mut all: Vec<RowResult> = results
        .into_iter()
        .map(|mut r| {
            r.index = positions[r.index];
            r
        })
        .chain(parse_errors.into_iter().map(|(index, problems)| RowResult {
            index,
            outcome: RowOutcome::Failed,
            row: None,
            problems,
        }))
        .collect();
    all.sort_by_key(|r| r.index);
    all
}
