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
    /// Places for GraphQL requests in execution.
    pub admission: Arc<crate::admission::Admission>,
    /// Rung after a transaction that recorded ledger entries commits.
    pub ledger_signal: ledger::Signal,
    /// The live rankings being watched (`rankingChanged`).
    pub rankings: Arc<crate::schema::kpi::live::RankingHub>,
    /// The catalogue's shelves, held in memory.
    pub shelves: Arc<crate::shelves::Shelves>,
    /// China's administrative divisions by code, read once: only migrations write them.
    pub regions:
        Arc<tokio::sync::OnceCell<std::collections::HashMap<String, kernel::region::Region>>>,
}

/// Regions by code.
pub type Regions = std::collections::HashMap<String, kernel::region::Region>;

impl AppState {
    /// China's administrative divisions, read on first use (the server reads them as it
    /// starts, so no request pays for it).
    pub async fn regions(&self) -> Result<&Regions, sea_orm::DbErr> {
        use sea_orm::EntityTrait;
        self.regions
            .get_or_try_init(|| async {
                let rows = kernel::region::Entity::find().all(&self.db).await?;
                Ok(rows.into_iter().map(|r| (r.code.clone(), r)).collect())
            })
            .await
    }

    /// Builds the state and has the database report every statement to the metrics.
    pub fn new(mut db: DatabaseConnection, config: Config) -> Self {
        let metrics = Arc::new(Metrics::default());
        let sink = Arc::clone(&metrics);
        db.set_metric_callback(move |info| sink.record_statement(info.elapsed, info.failed));
        let keys = Arc::new(JwtKeys::new(&config.jwt));
        let rate_limiter = Arc::new(RateLimiter::per_minute(config.limits.rate_limit_per_minute));
        let shelves = Arc::new(crate::shelves::Shelves::new(config.shelves.clone()));
        let admission = Arc::new(crate::admission::Admission::new(
            config.limits.max_executing,
        ));
        Self {
            db,
            clock: config.clock.clone(),
            config: Arc::new(config),
            keys,
            credentials: Arc::new(CredentialCache::default()),
            metrics,
            rate_limiter,
            admission,
            ledger_signal: ledger::Signal::new(),
            rankings: Arc::default(),
            shelves,
            regions: Arc::default(),
        }
    }
}
