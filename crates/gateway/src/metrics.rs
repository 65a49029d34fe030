//! Prometheus metrics at `/metrics`: requests and latency by operation, errors by code, and the
//! database pool. Kept in a few mutex-guarded maps: the server records a handful of numbers per
//! request, far from where a lock would matter.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Latency buckets in seconds.
const BUCKETS: [f64; 11] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0,
];
/// Operation names come from clients: past this many distinct names, the rest count as "other".
const MAX_OPERATIONS: usize = 200;

#[derive(Default)]
pub struct Metrics {
    inner: Mutex<Inner>,
    statements: AtomicU64,
    failed_statements: AtomicU64,
    statement_micros: AtomicU64,
    documents: AtomicU64,
    refused_documents: AtomicU64,
    document_selections: AtomicU64,
}

#[derive(Default)]
struct Inner {
    operations: BTreeMap<String, Operation>,
    errors: BTreeMap<String, u64>,
}

/// One operation name's requests by status, and their latency.
#[derive(Default)]
struct Operation {
    /// By HTTP status, in status order; an operation meets two or three statuses.
    statuses: Vec<(u16, u64)>,
    latency: Histogram,
}

#[derive(Default, Clone)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    sum: f64,
    count: u64,
}

impl Metrics {
    pub fn record(&self, operation: &str, status: u16, elapsed: Duration, error_codes: &[String]) {
        let mut inner = self
            .inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        // A name seen before is found by reference: no string is built per request.
        let cleaned;
        let name = if is_clean(operation) {
            operation
        } else {
            cleaned = sanitize(operation);
            &cleaned
        };
        let full = inner.operations.len() >= MAX_OPERATIONS;
        let name = if full && !inner.operations.contains_key(name) {
            "other"
        } else {
            name
        };
        if !inner.operations.contains_key(name) {
            inner
                .operations
                .insert(name.to_owned(), Operation::default());
        }
        let Some(op) = inner.operations.get_mut(name) else {
            return;
        };
        match op.statuses.binary_search_by_key(&status, |(s, _)| *s) {
            Ok(i) => op.statuses[i].1 += 1,
            Err(i) => op.statuses.insert(i, (status, 1)),
        }
        let h = &mut op.latency;
        let secs = elapsed.as_secs_f64();
        for (i, bound) in BUCKETS.iter().enumerate() {
            if secs <= *bound {
                h.counts[i] += 1;
            }
        }
        h.sum += secs;
        h.count += 1;
        for code in error_codes {
            *inner.errors.entry(sanitize(code)).or_default() += 1;
        }
    }

    /// Counts one SQL statement (called by the database driver for every statement).
    pub fn record_statement(&self, elapsed: Duration, failed: bool) {
        self.statements.fetch_add(1, Ordering::Relaxed);
        if failed {
            self.failed_statements.fetch_add(1, Ordering::Relaxed);
        }
        let micros = u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX);
        self.statement_micros.fetch_add(micros, Ordering::Relaxed);
    }

    /// Counts one document checked by the document guard and the selections its measurement
    /// walked (the guard's work, which must stay linear in the document's size).
    pub fn record_document(&self, selections_walked: usize, refused: bool) {
        self.documents.fetch_add(1, Ordering::Relaxed);
        if refused {
            self.refused_documents.fetch_add(1, Ordering::Relaxed);
        }
        let walked = u64::try_from(selections_walked).unwrap_or(u64::MAX);
        self.document_selections
            .fetch_add(walked, Ordering::Relaxed);
    }

    /// Selections walked by the document guard since start.
    pub fn document_selections_walked(&self) -> u64 {
        self.document_selections.load(Ordering::Relaxed)
    }

    /// SQL statements run since start.
    pub fn statements(&self) -> u64 {
        self.statements.load(Ordering::Relaxed)
    }

    /// The text exposition format, with the pool's figures appended by the caller.
    pub fn render(&self, pool: Option<(u32, usize)>) -> String {
        let inner = self
            .inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut out = String::new();
        out.push_str("# HELP yijin_graphql_requests_total GraphQL requests by operation name and HTTP status.\n");
        out.push_str("# TYPE yijin_graphql_requests_total counter\n");
        for (op, stats) in &inner.operations {
            for (status, n) in &stats.statuses {
                let _ = writeln!(
                    out,
                    "yijin_graphql_requests_total{{operation=\"{op}\",status=\"{status}\"}} {n}"
                );
            }
        }
        out.push_str("# HELP yijin_graphql_request_duration_seconds GraphQL request latency by operation name.\n");
        out.push_str("# TYPE yijin_graphql_request_duration_seconds histogram\n");
        for (op, Operation { latency: h, .. }) in &inner.operations {
            for (i, bound) in BUCKETS.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "yijin_graphql_request_duration_seconds_bucket{{operation=\"{op}\",le=\"{bound}\"}} {}",
                    h.counts[i]
                );
            }
            let _ = writeln!(
                out,
                "yijin_graphql_request_duration_seconds_bucket{{operation=\"{op}\",le=\"+Inf\"}} {}",
                h.count
            );
            let _ = writeln!(
                out,
                "yijin_graphql_request_duration_seconds_sum{{operation=\"{op}\"}} {}",
                h.sum
            );
            let _ = writeln!(
                out,
                "yijin_graphql_request_duration_seconds_count{{operation=\"{op}\"}} {}",
                h.count
            );
        }
        out.push_str("# HELP yijin_graphql_errors_total GraphQL errors by extensions.code.\n");
        out.push_str("# TYPE yijin_graphql_errors_total counter\n");
        for (code, n) in &inner.errors {
            let _ = writeln!(out, "yijin_graphql_errors_total{{code=\"{code}\"}} {n}");
        }
        out.push_str("# HELP yijin_db_statements_total SQL statements run, by outcome.\n");
        out.push_str("# TYPE yijin_db_statements_total counter\n");
        let failed = self.failed_statements.load(Ordering::Relaxed);
        let _ = writeln!(
            out,
            "yijin_db_statements_total{{outcome=\"ok\"}} {}",
            self.statements().saturating_sub(failed)
        );
        let _ = writeln!(
            out,
            "yijin_db_statements_total{{outcome=\"error\"}} {failed}"
        );
        out.push_str("# HELP yijin_db_statement_seconds_total Time spent in SQL statements.\n");
        out.push_str("# TYPE yijin_db_statement_seconds_total counter\n");
        let micros = self.statement_micros.load(Ordering::Relaxed);
        let _ = writeln!(
            out,
            "yijin_db_statement_seconds_total {}",
            micros as f64 / 1e6
        );
        out.push_str("# HELP yijin_documents_total GraphQL documents checked before execution, by outcome.\n");
        out.push_str("# TYPE yijin_documents_total counter\n");
        let documents = self.documents.load(Ordering::Relaxed);
        let refused = self.refused_documents.load(Ordering::Relaxed);
        let _ = writeln!(
            out,
            "yijin_documents_total{{outcome=\"accepted\"}} {}",
            documents.saturating_sub(refused)
        );
        let _ = writeln!(
            out,
            "yijin_documents_total{{outcome=\"refused\"}} {refused}"
        );
        out.push_str("# HELP yijin_document_selections_walked_total Selections the document guard walked to measure documents.\n");
        out.push_str("# TYPE yijin_document_selections_walked_total counter\n");
        let _ = writeln!(
            out,
            "yijin_document_selections_walked_total {}",
            self.document_selections_walked()
        );
        if let Some((size, idle)) = pool {
            out.push_str("# HELP yijin_db_pool_connections Database pool connections.\n");
            out.push_str("# TYPE yijin_db_pool_connections gauge\n");
            let _ = writeln!(out, "yijin_db_pool_connections{{state=\"open\"}} {size}");
            let _ = writeln!(out, "yijin_db_pool_connections{{state=\"idle\"}} {idle}");
        }
        out
    }
}

/// Label values may not break the format: keep a safe subset of characters.
/// Whether `s` is already what [`sanitize`] would make of it.
fn is_clean(s: &str) -> bool {
    !s.is_empty() && s.len() <= 64 && s.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_')
}

fn sanitize(s: &str) -> String {
    let cleaned: String = s
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .take(64)
        .collect();
    if cleaned.is_empty() {
        "anonymous".into()
    } else {
        cleaned
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counters_histograms_and_hostile_names_safely() {
        let m = Metrics::default();
        m.record("Projects", 200, Duration::from_millis(3), &[]);
        m.record(
            "evil\"}\n",
            200,
            Duration::from_millis(3),
            &["NOT_FOUND".into()],
        );
        let text = m.render(Some((3, 1)));
        assert!(
            text.contains("yijin_graphql_requests_total{operation=\"Projects\",status=\"200\"} 1")
        );
        assert!(text.contains("operation=\"evil\""));
        assert!(text.contains("yijin_graphql_errors_total{code=\"NOT_FOUND\"} 1"));
        assert!(text.contains("yijin_db_pool_connections{state=\"idle\"} 1"));
    }

    #[test]
    fn statuses_are_counted_apart_and_names_past_the_cap_count_as_other() {
        let m = Metrics::default();
        for status in [400, 200, 400] {
            m.record("Viewer", status, Duration::from_millis(1), &[]);
        }
        for i in 0..MAX_OPERATIONS + 5 {
            m.record(&format!("op{i}"), 200, Duration::from_millis(1), &[]);
        }
        m.record("Viewer", 200, Duration::from_millis(1), &[]);
        let text = m.render(None);
        assert!(
            text.contains("yijin_graphql_requests_total{operation=\"Viewer\",status=\"200\"} 2")
        );
        assert!(
            text.contains("yijin_graphql_requests_total{operation=\"Viewer\",status=\"400\"} 2")
        );
        assert!(
            text.contains("yijin_graphql_requests_total{operation=\"other\",status=\"200\"} 6")
        );
        assert!(
            text.contains("yijin_graphql_request_duration_seconds_count{operation=\"Viewer\"} 4")
        );
    }
}
