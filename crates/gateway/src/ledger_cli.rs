//! `yijin ledger …`: verify the ledger, seal what is queued, and import reported sales from a
//! CSV file of any size.

use std::io::{BufRead, Write};

use anyhow::Context;
use kernel::{Actor, Clock, Role};
use ledger::reported::csv::CsvRows;
use ledger::reported::{ErrorPolicy, RowInput, RowOutcome};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

/// Rows per `report` call (and transaction) of an import: the API's own limit.
pub const IMPORT_CHUNK: usize = ledger::reported::MAX_ROWS;

/// Walks the chain and recomputes the rollups; prints the report. Whether it was clean.
pub async fn verify(db: &DatabaseConnection, out: &mut impl Write) -> anyhow::Result<bool> {
    let report = ledger::audit::audit(db).await.context("audit failed")?;
    let chain = &report.chain;
    writeln!(
        out,
        "chain: {} seals verified, head at {}",
        chain.verified, chain.head
    )?;
    match chain.first_broken {
        Some(b) => writeln!(
            out,
            "chain: BROKEN at sequence {} ({})",
            b.seq,
            b.reason.as_str()
        )?,
        None => writeln!(out, "chain: intact")?,
    }
    if chain.unaccounted > 0 {
        writeln!(
            out,
            "entries neither sealed nor queued: {}",
            chain.unaccounted
        )?;
    }
    let rollups = &report.rollups;
    writeln!(
        out,
        "rollups: {} rows checked, {} differ",
        rollups.rows_checked, rollups.difference_count
    )?;
    for d in &rollups.differences {
        writeln!(
            out,
            "  {} {} {:?} {}: entries say {} g / {} fen / {} households, rollup has {} g / {} fen / {} households",
            d.key.dimension.as_str(),
            d.key.dim_key,
            d.key.period.as_str(),
            d.key.period_key,
            d.expected.grams.0,
            d.expected.fen.0,
            d.expected.households,
            d.found.grams.0,
            d.found.fen.0,
            d.found.households,
        )?;
    }
    for c in &rollups.count_differences {
        let (_, dimension, period, period_key, scope_key) = &c.key;
        writeln!(
            out,
            "  {} {} {} in scope {:?}: {} rollup rows, counted {}",
            dimension.as_str(),
            period.as_str(),
            period_key,
            scope_key,
            c.expected,
            c.found,
        )?;
    }
    if rollups.misplaced_scope_keys > 0 {
        writeln!(
            out,
            "  rollup rows whose scope_key is not their key's: {}",
            rollups.misplaced_scope_keys
        )?;
    }
    Ok(report.is_clean())
}

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Imported {
    pub rows: u64,
    pub received: u64,
    pub repeated: u64,
    pub failed: u64,
}

/// Imports reported sales for `enterprise` from CSV, [`IMPORT_CHUNK`] rows per transaction, as
/// the platform (`subject` names who ran it). Memory stays constant: one chunk is held at a
/// time. Failed rows are written to `errors` with their line in the file; the good rows of a
/// chunk are held (REJECT_FAILED_ROWS), so a re-run after fixing the file only adds what failed
/// (the rest is recognised as repeated).
pub async fn import(
    db: &DatabaseConnection,
    clock: &Clock,
    subject: &str,
    enterprise: Uuid,
    input: impl BufRead,
    errors: &mut impl Write,
    mut progress: impl FnMut(&Imported),
) -> anyhow::Result<Imported> {
    let actor =
        Actor::new(subject, Role::PlatformAdmin, None, None).map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut rows = CsvRows::new(input).map_err(|p| anyhow::anyhow!("{}", p.message.en))?;
    let mut done = Imported::default();
    loop {
        let mut lines = Vec::with_capacity(IMPORT_CHUNK);
        let mut chunk: Vec<RowInput> = Vec::with_capacity(IMPORT_CHUNK);
        for (line, row) in rows.by_ref().take(IMPORT_CHUNK) {
            lines.push(line);
            chunk.push(row.map_err(|p| vec![p]));
        }
        if chunk.is_empty() {
            return Ok(done);
        }
        let report = ledger::commands::report_sales(
            db,
            &actor,
            clock,
            Some(enterprise),
            chunk,
            ErrorPolicy::RejectFailedRows,
        )
        .await
        .map_err(|e| anyhow::anyhow!("import stopped after {} rows: {e}", done.rows))?;
        for r in report.rows {
            done.rows += 1;
            match r.outcome {
                RowOutcome::Received => done.received += 1,
                RowOutcome::Repeated => done.repeated += 1,
                RowOutcome::Failed | RowOutcome::Skipped => {
                    done.failed += 1;
                    for p in r.problems {
                        writeln!(
                            errors,
                            "line {}: {} {} {}",
                            lines[r.index],
                            p.field.join("."),
                            p.code,
                            p.message.en
                        )?;
                    }
                }
            }
        }
        progress(&done);
    }
}
