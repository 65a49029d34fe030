//! 外部上报: sales a company's own mall made, reported in batches (`reportSales`, or
//! `yijin ledger import` for backfills). Rows are held as REPORTED with automatic flags; the
//! enterprise's association or the platform verifies or rejects them; only verified rows become
//! ledger entries (source REPORTED_ROW). A row is identified by its external order id and line:
//! re-sending it with the same content is recognised and not held twice, re-sending it with
//! different content is refused.
//!
//! A verified row keeps the channel the company reported (专区 ZONE, 专柜 COUNTER, group buy,
//! procurement), so rankings by channel include reported sales; a row that names no channel is
//! counted as REPORTED. That it came from outside is always visible from the entry's source.

pub mod checks;
pub mod csv;
mod events;
pub mod review;
pub mod submit;
pub mod validate;

use chrono::{DateTime, NaiveDate, Utc};
use kernel::lookup;
use kernel::page::{self, PageSpec};
use kernel::{Actor, DomainResult, Fen, Grams, Page};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Select};
use uuid::Uuid;

use crate::access;
use crate::entity::reported_batch;
use crate::entity::reported_row::{self, ReportedStatus};
use crate::types::Channel;

pub use checks::Flag;
pub use review::{Decision, ReviewReport, review};
pub use submit::{BatchReport, ErrorPolicy, RowInput, RowOutcome, RowResult, report};

/// The most rows one call may carry; bigger reports are split by the client (or the CLI).
pub const MAX_ROWS: usize = 1000;

/// How a reported row names its product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProductRef {
    Id(Uuid),
    /// 认定证书编号
    CertificateNo(String),
}

impl ProductRef {
    /// The form stored in `product_ref` and hashed.
    pub fn as_text(&self) -> String {
        match self {
            ProductRef::Id(id) => id.to_string(),
            ProductRef::CertificateNo(no) => format!("cert:{}", no.trim()),
        }
    }
}

/// One row as the company sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportedRowInput {
    pub external_order_id: String,
    pub external_line: String,
    pub sold_on: NaiveDate,
    pub project_id: Uuid,
    pub product: ProductRef,
    pub quantity: i64,
    pub grams: Grams,
    pub fen: Fen,
    /// `None`: REPORTED.
    pub channel: Option<Channel>,
}

/// The moment a sale known only by its date (a reported row, a fair's line) is counted at: the
/// last second of that day on the campaign's calendar, so that "certified on that date" holds
/// when the certification was listed at any time of the day, as with
/// `products::certification::certified_on`.
pub fn moment_of(day: NaiveDate) -> DateTime<Utc> {
    day.and_hms_opt(23, 59, 59)
        .and_then(|t| {
            t.and_local_timezone(kernel::clock::CAMPAIGN_OFFSET)
                .single()
        })
        .map_or_else(Utc::now, |t| t.with_timezone(&Utc))
}

/// Which rows to list.
#[derive(Debug, Clone, Default)]
pub struct RowFilter {
    pub batch_id: Option<Uuid>,
    pub enterprise_id: Option<Uuid>,
    pub status: Option<ReportedStatus>,
    /// Only rows carrying this flag.
    pub flag: Option<Flag>,
}

fn rows_filtered(actor: &Actor, f: &RowFilter) -> Select<reported_row::Entity> {
    use reported_row::Column as C;
    let mut q = reported_row::Entity::find().filter(access::reported_rows(actor));
    if let Some(b) = f.batch_id {
        q = q.filter(C::BatchId.eq(b));
    }
    if let Some(e) = f.enterprise_id {
        q = q.filter(C::EnterpriseId.eq(e));
    }
    if let Some(s) = f.status {
        q = q.filter(C::Status.eq(s));
    }
    if let Some(flag) = f.flag {
        q = q.filter(Expr::col(C::Flags).like(format!("%{}%", flag.as_str())));
    }
    q
}

pub async fn rows(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    f: &RowFilter,
    spec: PageSpec,
) -> DomainResult<Page<reported_row::Model>> {
    page::paginate(
        conn,
        rows_filtered(actor, f),
        reported_row::Column::Id,
        spec,
        |m| m.id,
    )
    .await
}

pub async fn count_rows(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    f: &RowFilter,
) -> DomainResult<u64> {
    page::count(conn, rows_filtered(actor, f)).await
}

pub async fn row(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
) -> DomainResult<reported_row::Model> {
    lookup::one(
        conn,
        reported_row::Entity::find().filter(access::reported_rows(actor)),
        reported_row::Column::Id,
        id,
    )
    .await
}

/// [`row`] of many ids at once, in one statement: those the actor may see.
pub async fn row_many(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    ids: &[Uuid],
) -> DomainResult<Vec<reported_row::Model>> {
    lookup::many(
        conn,
        reported_row::Entity::find().filter(access::reported_rows(actor)),
        reported_row::Column::Id,
        ids,
    )
    .await
}

fn batches_filtered(actor: &Actor, enterprise_id: Option<Uuid>) -> Select<reported_batch::Entity> {
    use reported_batch::Column as C;
    let visible = match access::scope(actor) {
        access::Scope::All => sea_orm::Condition::all(),
        access::Scope::Association(a) => sea_orm::Condition::all().add(C::AssociationId.eq(a)),
        access::Scope::Enterprise(e) => sea_orm::Condition::all().add(C::EnterpriseId.eq(e)),
        _ => sea_orm::Condition::all().add(Expr::cust("1 = 0")),
    };
    let mut q = reported_batch::Entity::find().filter(visible);
    if let Some(e) = enterprise_id {
        q = q.filter(C::EnterpriseId.eq(e));
    }
    q
}

pub async fn batches(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    enterprise_id: Option<Uuid>,
    spec: PageSpec,
) -> DomainResult<Page<reported_batch::Model>> {
    page::paginate(
        conn,
        batches_filtered(actor, enterprise_id),
        reported_batch::Column::Id,
        spec,
        |m| m.id,
    )
    .await
}

pub async fn count_batches(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    enterprise_id: Option<Uuid>,
) -> DomainResult<u64> {
    page::count(conn, batches_filtered(actor, enterprise_id)).await
}

pub async fn batch(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
) -> DomainResult<reported_batch::Model> {
    lookup::one(
        conn,
        batches_filtered(actor, None),
        reported_batch::Column::Id,
        id,
    )
    .await
}

/// [`batch`] of many ids at once, in one statement: those the actor may see.
pub async fn batch_many(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    ids: &[Uuid],
) -> DomainResult<Vec<reported_batch::Model>> {
    lookup::many(
        conn,
        batches_filtered(actor, None),
        reported_batch::Column::Id,
        ids,
    )
    .await
}

/// Rows of a batch still waiting for review, for a batch's summary.
pub async fn waiting_in(conn: &impl ConnectionTrait, batch_id: Uuid) -> DomainResult<u64> {
    let q = Query::select()
        .expr(Expr::col(reported_row::Column::Id).count())
        .from(reported_row::Entity)
        .and_where(reported_row::Column::BatchId.eq(batch_id))
        .and_where(reported_row::Column::Status.eq(ReportedStatus::Reported))
        .to_owned();
    let row = conn.query_one(&q).await?;
    Ok(row
        .map(|r| r.try_get_by_index::<i64>(0))
        .transpose()?
        .map_or(0, |n| u64::try_from(n).unwrap_or(0)))
}
