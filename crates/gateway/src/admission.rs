//! How many GraphQL requests execute at once. A request in execution holds its whole response
//! tree in memory (a catalogue page: its edges, a future per field, the JSON text), and on two
//! cores a few requests keep the processor busy; past that, more at once only add memory. So
//! requests beyond the limit wait for a place — queued in arrival order, under their own
//! deadline — instead of all building their answers together. With 256 connections asking for
//! catalogue pages, this is the difference between the memory of 256 answers and of the
//! limit's.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use tokio::sync::{Semaphore, SemaphorePermit};

pub struct Admission {
    places: Semaphore,
    limit: usize,
    peak: AtomicUsize,
    waits: AtomicU64,
}

/// A place in execution, given back when dropped.
pub struct Admitted<'a> {
    _permit: Option<SemaphorePermit<'a>>,
}

impl Admission {
    /// `limit` requests in execution at once (at least one).
    pub fn new(limit: usize) -> Self {
        let limit = limit.max(1);
        Self {
            places: Semaphore::new(limit),
            limit,
            peak: AtomicUsize::new(0),
            waits: AtomicU64::new(0),
        }
    }

    /// Waits for a place; places are given in the order asked for.
    pub async fn enter(&self) -> Admitted<'_> {
        let permit = match self.places.try_acquire() {
            Ok(permit) => Some(permit),
            Err(_) => {
                self.waits.fetch_add(1, Ordering::Relaxed);
                // The semaphore is never closed; if it were, nothing would be left to wait for.
                self.places.acquire().await.ok()
            }
        };
        self.peak.fetch_max(self.in_execution(), Ordering::Relaxed);
        Admitted { _permit: permit }
    }

    /// Requests executing now.
    pub fn in_execution(&self) -> usize {
        self.limit - self.places.available_permits()
    }

    pub fn stats(&self) -> AdmissionStats {
        AdmissionStats {
            limit: self.limit,
            in_execution: self.in_execution(),
            peak: self.peak.load(Ordering::Relaxed),
            waits: self.waits.load(Ordering::Relaxed),
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct AdmissionStats {
    pub limit: usize,
    pub in_execution: usize,
    /// The most requests that executed at once since start.
    pub peak: usize,
    /// Requests that found no place free and waited.
    pub waits: u64,
}

impl AdmissionStats {
    /// The Prometheus text of these figures.
    pub fn render(&self) -> String {
        format!(
            "# HELP yijin_graphql_executing GraphQL requests executing now.\n# TYPE yijin_graphql_executing gauge\nyijin_graphql_executing {}\n\
             # HELP yijin_graphql_executing_limit GraphQL requests allowed to execute at once (YIJIN_MAX_EXECUTING).\n# TYPE yijin_graphql_executing_limit gauge\nyijin_graphql_executing_limit {}\n\
             # HELP yijin_graphql_executing_peak The most GraphQL requests that executed at once since start.\n# TYPE yijin_graphql_executing_peak gauge\nyijin_graphql_executing_peak {}\n\
             # HELP yijin_graphql_admission_waits_total GraphQL requests that waited for a place to execute.\n# TYPE yijin_graphql_admission_waits_total counter\nyijin_graphql_admission_waits_total {}\n",
            self.in_execution, self.limit, self.peak, self.waits
        )
    }
}

#[cfg(test)]
mod tests {
    use futures_util::FutureExt;

    use super::*;

    #[tokio::test]
    async fn requests_past_the_limit_wait_for_a_place_in_order() {
        let admission = Admission::new(2);
        let a = admission.enter().await;
        let _b = admission.enter().await;
        assert_eq!(admission.in_execution(), 2);
        let mut third = Box::pin(admission.enter());
        assert!(
            (&mut third).now_or_never().is_none(),
            "the third waits while two execute"
        );
        drop(a);
        let _c = third.await;
        let stats = admission.stats();
        assert_eq!((stats.in_execution, stats.peak, stats.waits), (2, 2, 1));
    }
}
