//! 记录: what a try's answer does to its attempt, and its line in the delivery log.

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use kernel::DomainResult;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use crate::claim::Claimed;
use crate::endpoint::{self, reasons};
use crate::entity::attempt::{AttemptStatus, Column, Entity};
use crate::entity::delivery::{self, Outcome};
use crate::schedule::{Schedule, Verdict, judge};

/// The longest response excerpt kept in the log.
pub const MAX_EXCERPT: usize = 1000;
/// The longest error text kept.
pub const MAX_ERROR: usize = 500;

/// One try as the sender saw it.
#[derive(Debug, Clone)]
pub struct Sent {
    pub started_at: DateTime<Utc>,
    pub latency: Duration,
    /// The HTTP status, when an answer came.
    pub status: Option<u16>,
    pub outcome: Outcome,
    pub error: Option<String>,
    pub response_excerpt: Option<String>,
}

fn clip(s: Option<String>, max: usize) -> Option<String> {
    s.map(|s| s.chars().take(max).collect())
}

/// Records `sent` for the claimed attempt: the log line always; the attempt's new state only
/// if the claim is still this worker's (a claim that outlived its lease and was taken over
/// leaves the attempt to the new owner). Returns the verdict.
pub async fn record<C: ConnectionTrait>(
    conn: &C,
    schedule: &Schedule,
    worker: &str,
    claimed: &Claimed,
    sent: Sent,
    now: DateTime<Utc>,
) -> DomainResult<Verdict> {
    let a = &claimed.attempt;
    delivery::ActiveModel {
        id: Set(kernel::new_id()),
        attempt_id: Set(a.id),
        endpoint_id: Set(a.endpoint_id),
        event_id: Set(a.event_id),
        event_type: Set(claimed.event.event_type.clone()),
        try_no: Set(a.tries),
        started_at: Set(sent.started_at),
        latency_ms: Set(i64::try_from(sent.latency.as_millis()).unwrap_or(i64::MAX)),
        status_code: Set(sent.status.map(i32::from)),
        outcome: Set(sent.outcome),
        error: Set(clip(sent.error, MAX_ERROR)),
        response_excerpt: Set(clip(sent.response_excerpt, MAX_EXCERPT)),
    }
    .insert(conn)
    .await?;
    let verdict = judge(sent.status);
    let tries = u32::try_from(a.tries).unwrap_or(u32::MAX);
    let (status, next_at, disable) = match verdict {
        Verdict::Delivered => (AttemptStatus::Succeeded, None, None),
        Verdict::GiveUp => (AttemptStatus::Failed, None, None),
        Verdict::Gone => (AttemptStatus::Failed, None, Some(reasons::GONE)),
        Verdict::Retry => match schedule.after(tries) {
            Some(delay) => (
                AttemptStatus::Pending,
                Some(now + TimeDelta::from_std(delay).unwrap_or(TimeDelta::hours(1))),
                None,
            ),
            None => (AttemptStatus::Failed, None, Some(reasons::EXHAUSTED)),
        },
    };
    let mut update = Entity::update_many()
        .col_expr(Column::Status, Expr::value(status))
        .col_expr(
            Column::LeaseUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(
            Column::LastStatusCode,
            Expr::value(sent.status.map(i32::from)),
        );
    update = match next_at {
        Some(at) => update.col_expr(Column::NextAt, Expr::value(at)),
        None => update.col_expr(Column::FinishedAt, Expr::value(now)),
    };
    let updated = update
        .filter(Column::Id.eq(a.id))
        .filter(Column::ClaimedBy.eq(worker))
        .filter(Column::Tries.eq(a.tries))
        .filter(Column::Status.eq(AttemptStatus::Pending))
        .exec(conn)
        .await?;
    if updated.rows_affected == 1
        && let Some(reason) = disable
    {
        endpoint::disable(conn, a.endpoint_id, now, reason).await?;
    }
    Ok(verdict)
}
