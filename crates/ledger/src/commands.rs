//! The ledger's use cases for callers holding a connection rather than a transaction (the
//! gateway, the CLI): each begins one write transaction, runs the writers, commits, and only
//! then rings the sealer.

use kernel::{Actor, Clock, DomainResult};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use crate::entity::fair_sale;
use crate::fair_sales::FairSaleInput;
use crate::reported::{BatchReport, Decision, ErrorPolicy, ReviewReport, RowInput};
use crate::sealer::Signal;

/// `reportSales`: holds a batch for review (nothing is counted yet, so the sealer is not rung).
pub async fn report_sales(
    db: &DatabaseConnection,
    actor: &Actor,
    clock: &Clock,
    enterprise_id: Option<Uuid>,
    rows: Vec<RowInput>,
    policy: ErrorPolicy,
) -> DomainResult<BatchReport> {
    let txn = kernel::db::begin_write(db).await?;
    let report = crate::reported::report(&txn, actor, clock, enterprise_id, rows, policy).await?;
    txn.commit().await?;
    Ok(report)
}

/// Verifies or rejects reported rows, recording entries for them.
pub async fn review(
    db: &DatabaseConnection,
    signal: &Signal,
    actor: &Actor,
    clock: &Clock,
    ids: Vec<Uuid>,
    decision: Decision,
) -> DomainResult<ReviewReport> {
    let txn = kernel::db::begin_write(db).await?;
    let report = crate::reported::review(&txn, actor, clock, ids, decision).await?;
    txn.commit().await?;
    if !report.entries.is_empty() {
        signal.notify();
    }
    Ok(report)
}

/// Records a fair's sales.
pub async fn record_fair_sales(
    db: &DatabaseConnection,
    signal: &Signal,
    actor: &Actor,
    clock: &Clock,
    fair_id: Uuid,
    lines: Vec<FairSaleInput>,
) -> DomainResult<Vec<fair_sale::Model>> {
    let txn = kernel::db::begin_write(db).await?;
    let sales = crate::fair_sales::record_fair_sales(&txn, actor, clock, fair_id, lines).await?;
    txn.commit().await?;
    signal.notify();
    Ok(sales)
}
