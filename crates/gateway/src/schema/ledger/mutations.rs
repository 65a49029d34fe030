//! The ledger's mutations: report sales, review reported rows, record a fair's sales. Each
//! runs one write transaction through `ledger::commands` and rings the sealer after commit.

use async_graphql::{Context, Object};
use kernel::DomainError;
use ledger::reported::Decision;

use super::inputs::*;
use super::reported::{FairSale, ReportedBatch, ReportedRow};
use super::types::LedgerEntry;
use crate::error::{lang, split};
use crate::schema::ids;
use crate::schema::participants::mutations::ErrorPolicy;
use crate::schema::payload::respond_parts;
use crate::schema::payload::user_errors;
use crate::schema::{actor, state};

#[derive(Default)]
pub struct ReportedSalesMutation;

impl ReportedSalesMutation {
    async fn review(
        &self,
        ctx: &Context<'_>,
        row_ids: Vec<async_graphql::ID>,
        decision: Decision,
    ) -> async_graphql::Result<ReviewReportedRowsPayload> {
        let (s, actor) = (state(ctx)?, actor(ctx)?);
        let result = async {
            let ids = ids::parse_each::<ids::ReportedRow>("rowIds", &row_ids)?;
            ledger::commands::review(&s.db, &s.ledger_signal, actor, &s.clock, ids, decision).await
        }
        .await;
        let ((rows, entries), user_errors) = respond_parts(ctx, result, |report| {
            let rows = report.rows.into_iter().map(ReportedRow).collect();
            (rows, report.entries.into_iter().map(LedgerEntry).collect())
        })?;
        Ok(ReviewReportedRowsPayload {
            rows,
            entries,
            user_errors,
        })
    }
}

#[Object]
impl ReportedSalesMutation {
    /// 上报外部销售 (an enterprise's admins or APP credential; the platform names the
    /// enterprise): rows are held as REPORTED with automatic flags until the enterprise's
    /// association or the platform verifies them. Per-row results; `errorPolicy` decides whether
    /// good rows are held when others fail.
    async fn report_sales(
        &self,
        ctx: &Context<'_>,
        input: ReportSalesInput,
    ) -> async_graphql::Result<ReportSalesPayload> {
        let (s, actor) = (state(ctx)?, actor(ctx)?);
        let lang = lang(ctx);
        let policy = match input.error_policy {
            ErrorPolicy::RejectEverything => ledger::reported::ErrorPolicy::RejectEverything,
            ErrorPolicy::RejectFailedRows => ledger::reported::ErrorPolicy::RejectFailedRows,
        };
        let rows = input
            .rows
            .into_iter()
            .map(ReportedSaleInput::into_row)
            .collect();
        let result = async {
            let enterprise =
                ids::parse_opt::<ids::Enterprise>("enterpriseId", input.enterprise_id.as_ref())?;
            ledger::commands::report_sales(&s.db, actor, &s.clock, enterprise, rows, policy).await
        }
        .await;
        let report = match split(ctx, result)? {
            Ok(report) => report,
            Err(problems) => {
                return Ok(ReportSalesPayload {
                    batch: None,
                    rows: Vec::new(),
                    received_count: 0,
                    repeated_count: 0,
                    failed_count: 0,
                    user_errors: user_errors(lang, problems),
                });
            }
        };
        let count =
            |o: ledger::reported::RowOutcome| report.rows.iter().filter(|r| r.outcome == o).count();
        let (received_count, repeated_count, failed_count) = (
            count(ledger::reported::RowOutcome::Received),
            count(ledger::reported::RowOutcome::Repeated),
            count(ledger::reported::RowOutcome::Failed),
        );
        let rows = report
            .rows
            .into_iter()
            .map(|r| {
                let index = r.index.to_string();
                let problems = r
                    .problems
                    .into_iter()
                    .map(|p| p.under(&["input", "rows", &index]))
                    .collect();
                ReportedRowResult {
                    index: r.index,
                    outcome: r.outcome.into(),
                    row: r.row.map(ReportedRow),
                    user_errors: user_errors(lang, problems),
                }
            })
            .collect();
        Ok(ReportSalesPayload {
            batch: report.batch.map(ReportedBatch),
            rows,
            received_count,
            repeated_count,
            failed_count,
            user_errors: Vec::new(),
        })
    }

    /// 核实上报行 (the enterprise's association, or the platform): the rows become ledger
    /// entries, all of them or none.
    async fn verify_reported_rows(
        &self,
        ctx: &Context<'_>,
        input: VerifyReportedRowsInput,
    ) -> async_graphql::Result<ReviewReportedRowsPayload> {
        self.review(ctx, input.row_ids, Decision::Verify).await
    }

    /// 驳回上报行 (the enterprise's association, or the platform), with a reason. Rejecting a
    /// verified row records a correction that takes it back out of the ledger.
    async fn reject_reported_rows(
        &self,
        ctx: &Context<'_>,
        input: RejectReportedRowsInput,
    ) -> async_graphql::Result<ReviewReportedRowsPayload> {
        self.review(
            ctx,
            input.row_ids,
            Decision::Reject {
                reason: input.reason,
            },
        )
        .await
    }

    /// 登记市集销售 (the fair's organiser, or the platform): each line becomes a FAIR entry of
    /// the fair's association (and enterprise and project, when it has them).
    async fn record_fair_sales(
        &self,
        ctx: &Context<'_>,
        input: RecordFairSalesInput,
    ) -> async_graphql::Result<RecordFairSalesPayload> {
        let (s, actor) = (state(ctx)?, actor(ctx)?);
        let result = async {
            let fair = ids::parse::<ids::MarketFair>("fairId", &input.fair_id)?;
            let mut lines = Vec::with_capacity(input.lines.len());
            for (i, l) in input.lines.into_iter().enumerate() {
                let product_id = ids::parse::<ids::Product>("productId", &l.product_id).map_err(
                    |e| match e {
                        DomainError::Invalid(p) => DomainError::Invalid(
                            p.into_iter()
                                .map(|p| p.under(&["lines", &i.to_string()]))
                                .collect(),
                        ),
                        other => other,
                    },
                )?;
                lines.push(ledger::fair_sales::FairSaleInput {
                    product_id,
                    quantity: l.quantity,
                    grams: l.grams.into(),
                    fen: l.fen.into(),
                    sold_on: l.sold_on.map(|d| d.0),
                    reference: l.reference,
                });
            }
            ledger::commands::record_fair_sales(
                &s.db,
                &s.ledger_signal,
                actor,
                &s.clock,
                fair,
                lines,
            )
            .await
        }
        .await;
        let sales = |sales: Vec<_>| sales.into_iter().map(FairSale).collect();
        let (sales, user_errors) = respond_parts(ctx, result, sales)?;
        Ok(RecordFairSalesPayload { sales, user_errors })
    }
}
