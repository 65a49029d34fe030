//! What every request shares: the database pool, the clock, the signing keys, the limits.

use std::sync::Arc;

use kernel::Clock;
use sea_orm::DatabaseConnection;

use crate::auth::{CredentialCache, JwtKeys};
use crate::config::Config;
use crate::metrics::Metrics;
use crate::rate_limit::RateLimiter;

#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub clock: Clock,
    pub config: Arc<Config>,
    pub keys: Arc<JwtKeys>,
    pub credentials: Arc<CredentialCache>,
    pub metrics: Arc<Metrics>,
    pub rate_limiter: Arc<RateLimiter>,
    /// Rung after a transaction that recorded ledger entries commits.
    pub ledger_signal: ledger::Signal,
    /// The live rankings being watched (`rankingChanged`).
    pub rankings: Arc<crate::schema::kpi::live::RankingHub>,
    /// The catalogue's shelves, held in memory.
    pub shelves: Arc<crate::shelves::Shelves>,
}

impl AppState {
    /// Builds the state and has the database report every statement to the metrics.
    pub fn new(mut db: DatabaseConnection, config: Config) -> Self {
        let metrics = Arc::new(Metrics::default());
        let sink = Arc::clone(&metrics);
        db.set_metric_callback(move |info| sink.record_statement(info.elapsed, info.failed));
        let keys = Arc::new(JwtKeys::new(&config.jwt));
        let rate_limiter = Arc::new(RateLimiter::per_minute(config.limits.rate_limit_per_minute));
        let shelves = Arc::new(crate::shelves::Shelves::new(config.shelves.clone()));
        Self {
            db,
            clock: config.clock.clone(),
            config: Arc::new(config),
            keys,
            credentials: Arc::new(CredentialCache::default()),
            metrics,
            rate_limiter,
            ledger_signal: ledger::Signal::new(),
            rankings: Arc::default(),
            shelves,
        }
    }
}
