//! 审核: the association (or the platform) verifies reported rows, which records them in the
//! ledger, or rejects them with a reason. Rejecting a row that was already verified takes it
//! back out of the ledger with a CORRECTION entry; an entry is never edited.

use chrono::Utc;
use kernel::error::{Problems, codes, required_text};
use kernel::{Actor, Clock, DomainError, DomainResult, Message, Problem};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use super::{MAX_ROWS, moment_of};
use crate::LedgerErrorCode as Code;
use crate::access;
use crate::attribution::{Buyer, Sale, resolve};
use crate::entity::entry;
use crate::entity::reported_row::{self, Model as Row, ReportedStatus};
use crate::record::{Amounts, NewEntry, record};
use crate::types::{EntryKind, Source};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// 核实: count the rows.
    Verify,
    /// 驳回 with the reason the company sees.
    Reject { reason: String },
}

#[derive(Debug, Clone)]
pub struct ReviewReport {
    /// The rows as they are now, in the order asked.
    pub rows: Vec<Row>,
    /// Entries recorded (sales for verified rows, corrections for rejected verified rows).
    pub entries: Vec<entry::Model>,
}

fn at(index: usize, field: &str, code: Code, zh: &str, en: &str) -> Problem {
    Problem::new(
        &["rowIds", &index.to_string(), field],
        code.as_str(),
        Message::new(zh, en),
    )
}

/// Reviews `ids` (at most [`MAX_ROWS`]) in the caller's transaction: all of them or none. A
/// row the actor cannot see is `NotFound`; one it sees but does not review is `Forbidden`.
pub async fn review(
    txn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    ids: Vec<Uuid>,
    decision: Decision,
) -> DomainResult<ReviewReport> {
    if ids.is_empty() || ids.len() > MAX_ROWS {
        return Err(DomainError::invalid(
            &["rowIds"],
            codes::OUT_OF_RANGE,
            Message::new(
                format!("每次审核 1 到 {MAX_ROWS} 行"),
                format!("review 1 to {MAX_ROWS} rows at a time"),
            ),
        ));
    }
    let reason = match &decision {
        Decision::Verify => None,
        Decision::Reject { reason } if reason.trim().is_empty() => {
            return Err(DomainError::invalid(
                &["reason"],
                Code::ReasonRequired.as_str(),
                Message::new("驳回须说明原因", "give the reason for rejecting"),
            ));
        }
        Decision::Reject { reason } => Some(
            required_text(&["reason"], reason, 500).map_err(|p| DomainError::Invalid(vec![p]))?,
        ),
    };
    let rows = reported_row::Entity::find()
        .filter(reported_row::Column::Id.is_in(ids.iter().copied()))
        .filter(access::reported_rows(actor))
        .all(txn)
        .await?;
    let rows: std::collections::HashMap<Uuid, Row> = rows.into_iter().map(|r| (r.id, r)).collect();
    let mut problems = Problems::new();
    let mut ordered = Vec::with_capacity(ids.len());
    for (index, id) in ids.iter().enumerate() {
        let row = rows.get(id).ok_or(DomainError::NotFound)?;
        if !access::reviews(actor, row.association_id) {
            return Err(DomainError::Forbidden);
        }
        let allowed = match (&decision, row.status) {
            (Decision::Verify, ReportedStatus::Reported) => {
                if row.product_id.is_none() {
                    problems.push(at(
                        index,
                        "productId",
                        Code::UnknownProduct,
                        "产品未识别，不能计入",
                        "the row names no known product and cannot be counted",
                    ));
                }
                true
            }
            (Decision::Reject { .. }, ReportedStatus::Reported | ReportedStatus::Verified) => true,
            _ => false,
        };
        if !allowed {
            problems.push(at(
                index,
                "status",
                Code::InvalidTransition,
                "该行状态不允许此操作",
                "the row's status does not allow this",
            ));
        }
        if ordered.iter().any(|r: &&Row| r.id == *id) {
            problems.push(at(
                index,
                "id",
                Code::Taken,
                "重复的行",
                "the row is named twice",
            ));
        }
        ordered.push(row);
    }
    problems.finish()?;

    let now = clock.now();
    let mut entries = Vec::new();
    let mut entry_of: std::collections::HashMap<Uuid, Uuid> = std::collections::HashMap::new();
    match &decision {
        Decision::Verify => {
            let sales = ordered
                .iter()
                .map(|r| Sale {
                    source: Source::ReportedRow,
                    source_ref: r.id.to_string(),
                    channel: r.channel,
                    occurred_at: moment_of(r.sold_on),
                    product_id: r.product_id.unwrap_or_default(),
                    amounts: Amounts::new(r.quantity, r.grams, r.fen),
                    buyer: Buyer {
                        enterprise_id: Some(r.enterprise_id),
                        project_id: Some(r.project_id),
                        ..Buyer::default()
                    },
                    recorded_by: actor.subject.clone(),
                })
                .collect();
            let recorded = record(txn, resolve(txn, sales).await?).await?;
            for (r, e) in ordered.iter().zip(&recorded) {
                entry_of.insert(r.id, e.id);
            }
            entries = recorded;
        }
        Decision::Reject { .. } => {
            let corrections: Vec<NewEntry> = ordered
                .iter()
                .filter(|r| r.status == ReportedStatus::Verified)
                .filter_map(|r| {
                    r.entry_id.map(|sale| {
                        NewEntry::reversal(
                            EntryKind::Correction,
                            sale,
                            Source::ReportedRow,
                            format!("{}:rejected", r.id),
                            Utc::now(),
                            Amounts::new(r.quantity, r.grams, r.fen),
                            actor.subject.clone(),
                        )
                    })
                })
                .collect();
            if !corrections.is_empty() {
                entries = record(txn, corrections).await?;
            }
        }
    }
    let (to, from_ok): (ReportedStatus, &[ReportedStatus]) = match decision {
        Decision::Verify => (ReportedStatus::Verified, &[ReportedStatus::Reported]),
        Decision::Reject { .. } => (
            ReportedStatus::Rejected,
            &[ReportedStatus::Reported, ReportedStatus::Verified],
        ),
    };
    let mut out = Vec::with_capacity(ordered.len());
    for r in ordered {
        let mut changed = r.clone();
        changed.status = to;
        changed.reviewed_by = Some(actor.subject.clone());
        changed.reviewed_at = Some(now);
        changed.review_reason.clone_from(&reason);
        if let Some(e) = entry_of.get(&r.id) {
            changed.entry_id = Some(*e);
        }
        // Conditional on the status read above: a concurrent review of the same row makes this
        // one fail (and roll back) instead of counting the row twice.
        let updated = reported_row::Entity::update_many()
            .set(reported_row::ActiveModel {
                status: Set(changed.status),
                reviewed_by: Set(changed.reviewed_by.clone()),
                reviewed_at: Set(changed.reviewed_at),
                review_reason: Set(changed.review_reason.clone()),
                entry_id: Set(changed.entry_id),
                ..Default::default()
            })
            .filter(reported_row::Column::Id.eq(r.id))
            .filter(reported_row::Column::Status.eq(r.status))
            .filter(reported_row::Column::Status.is_in(from_ok.iter().copied()))
            .exec(txn)
            .await?;
        if updated.rows_affected != 1 {
            return Err(DomainError::Conflict);
        }
        super::events::publish(txn, clock, &changed).await?;
        out.push(changed);
    }
    Ok(ReviewReport { rows: out, entries })
}
