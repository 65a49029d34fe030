//! Inputs and payloads of the ledger's mutations.

use async_graphql::{ID, InputObject, SimpleObject};
use kernel::{DomainError, Message, Problem, error::codes};
use ledger::reported::{ProductRef, ReportedRowInput};

use super::reported::{FairSale, ReportedBatch, ReportedRow, ReportedRowOutcome};
use super::types::LedgerEntry;
use super::{Channel, LedgerUserError};
use crate::schema::ids;
use crate::schema::participants::mutations::ErrorPolicy;
use crate::schema::scalars::{Date, Fen, Grams};

/// 上报销售行
#[derive(InputObject)]
pub struct ReportedSaleInput {
    /// 外部订单号: the mall's own order id.
    pub external_order_id: String,
    /// 外部订单行号 (default "1")
    #[graphql(default_with = "\"1\".to_owned()")]
    pub external_line: String,
    /// 销售日期 (Asia/Shanghai)
    pub sold_on: Date,
    /// 项目/社区: one of the enterprise's projects.
    pub project_id: ID,
    /// 产品 ID; or give `certificateNo`.
    pub product_id: Option<ID>,
    /// 认定证书编号; or give `productId`.
    pub certificate_no: Option<String>,
    /// 数量
    pub quantity: i64,
    /// 重量（克）
    pub grams: Grams,
    /// 金额（分）
    pub fen: Fen,
    /// 渠道 (ZONE, COUNTER, GROUP_BUY, ENTERPRISE_PROCUREMENT, PARTNER_PROCUREMENT; default
    /// REPORTED). A verified row is counted in this channel.
    pub channel: Option<Channel>,
}

impl ReportedSaleInput {
    /// The domain row, or the problems with its ids (they fail the row, not the call).
    pub fn into_row(self) -> ledger::reported::RowInput {
        let mut problems: Vec<Problem> = Vec::new();
        let project = ids::parse::<ids::Project>("projectId", &self.project_id)
            .map_err(|e| problems.extend(invalid(e)));
        let product = match (self.product_id, self.certificate_no) {
            (Some(id), None) => ids::parse::<ids::Product>("productId", &id)
                .map(ProductRef::Id)
                .map_err(|e| problems.extend(invalid(e))),
            (None, Some(no)) => Ok(ProductRef::CertificateNo(no)),
            _ => {
                problems.push(Problem::new(
                    &["productId"],
                    codes::INVALID,
                    Message::new(
                        "请提供产品 ID 或认定证书编号其中之一",
                        "give either productId or certificateNo",
                    ),
                ));
                Err(())
            }
        };
        match (project, product) {
            (Ok(project_id), Ok(product)) => Ok(ReportedRowInput {
                external_order_id: self.external_order_id,
                external_line: self.external_line,
                sold_on: self.sold_on.0,
                project_id,
                product,
                quantity: self.quantity,
                grams: self.grams.into(),
                fen: self.fen.into(),
                channel: self.channel.map(Into::into),
            }),
            _ => Err(problems),
        }
    }
}

fn invalid(e: DomainError) -> Vec<Problem> {
    match e {
        DomainError::Invalid(p) => p,
        _ => Vec::new(),
    }
}

/// 上报外部销售: a batch of up to 1,000 rows from the company's own mall. Idempotent per
/// external order line: re-sending a row recognises it; changing a sent row is refused.
#[derive(InputObject)]
pub struct ReportSalesInput {
    /// 企业: for platform admins; an enterprise's own credentials report for it.
    pub enterprise_id: Option<ID>,
    /// 销售行
    #[graphql(validator(max_items = 1000))]
    pub rows: Vec<ReportedSaleInput>,
    /// 错误策略
    #[graphql(default)]
    pub error_policy: ErrorPolicy,
}

/// 上报行结果
#[derive(SimpleObject)]
pub struct ReportedRowResult {
    /// 0-based position of the row in the call.
    pub index: usize,
    pub outcome: ReportedRowOutcome,
    /// The held row (new, or the earlier one for a repeat).
    pub row: Option<ReportedRow>,
    pub user_errors: Vec<LedgerUserError>,
}

/// 上报结果
#[derive(SimpleObject)]
pub struct ReportSalesPayload {
    /// The batch (null when nothing was accepted).
    pub batch: Option<ReportedBatch>,
    pub rows: Vec<ReportedRowResult>,
    pub received_count: usize,
    pub repeated_count: usize,
    pub failed_count: usize,
    /// Problems with the call as a whole; row problems are on the rows.
    pub user_errors: Vec<LedgerUserError>,
}

/// 核实上报行: count the rows in the ledger (the enterprise's association or the platform).
#[derive(InputObject)]
pub struct VerifyReportedRowsInput {
    #[graphql(validator(min_items = 1, max_items = 1000))]
    pub row_ids: Vec<ID>,
}

/// 驳回上报行: with the reason the company sees. A verified row is taken back out of the
/// ledger by a correction entry.
#[derive(InputObject)]
pub struct RejectReportedRowsInput {
    #[graphql(validator(min_items = 1, max_items = 1000))]
    pub row_ids: Vec<ID>,
    pub reason: String,
}

/// 审核结果
#[derive(SimpleObject)]
pub struct ReviewReportedRowsPayload {
    /// The rows as they are now.
    pub rows: Vec<ReportedRow>,
    /// Entries recorded (sales for verified rows, corrections for rejected verified rows).
    pub entries: Vec<LedgerEntry>,
    pub user_errors: Vec<LedgerUserError>,
}

/// 市集销售行
#[derive(InputObject)]
pub struct FairSaleLineInput {
    pub product_id: ID,
    pub quantity: i64,
    pub grams: Grams,
    pub fen: Fen,
    /// 销售日期 (default: the fair's first day)
    pub sold_on: Option<Date>,
    /// 主办方编号: the organiser's own reference, unique per fair.
    pub reference: Option<String>,
}

/// 登记市集销售 (the fair's organiser)
#[derive(InputObject)]
pub struct RecordFairSalesInput {
    pub fair_id: ID,
    #[graphql(validator(min_items = 1, max_items = 1000))]
    pub lines: Vec<FairSaleLineInput>,
}

/// 市集销售登记结果
#[derive(SimpleObject)]
pub struct RecordFairSalesPayload {
    pub sales: Vec<FairSale>,
    pub user_errors: Vec<LedgerUserError>,
}
