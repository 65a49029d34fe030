//! 审计: proves the ledger from its raw rows. It walks the seal chain from the first sequence
//! number (reporting the first one that is missing, out of place or does not hash to what is
//! stored), checks that every entry is sealed or queued, and recomputes every rollup row with a
//! fresh GROUP BY over the sealed entries, and the sold counts with a fresh COUNT(DISTINCT …),
//! reporting each difference. It reads one consistent
//! snapshot (REPEATABLE READ on PostgreSQL, a read transaction on SQLite's WAL), so it can run
//! beside live writers and the sealer.

pub mod chain;
pub mod rollups;
pub mod sold;

use kernel::{Actor, DomainResult, Role};
use participants::access::require_role;
use sea_orm::DatabaseConnection;

pub use chain::{Broken, BrokenReason, ChainReport};
pub use rollups::{Difference, RollupReport};
pub use sold::{SoldDifference, SoldReport};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditReport {
    pub chain: ChainReport,
    pub rollups: RollupReport,
    /// The sold counts (communities, products, suppliers with a sale per scope).
    pub sold: SoldReport,
}

impl AuditReport {
    /// Nothing broken, nothing unaccounted for, no rollup differs.
    pub fn is_clean(&self) -> bool {
        self.chain.first_broken.is_none()
            && self.chain.unaccounted == 0
            && self.rollups.difference_count == 0
            && self.sold.difference_count == 0
    }
}

/// Runs the whole audit for `actor`, who must be a platform admin: it reads every tenant's
/// entries.
pub async fn audit_as(conn: &DatabaseConnection, actor: &Actor) -> DomainResult<AuditReport> {
    require_role(actor, &[Role::PlatformAdmin])?;
    audit(conn).await
}

/// Runs the whole audit, for whoever runs `yijin ledger verify` on the server.
pub async fn audit(conn: &DatabaseConnection) -> DomainResult<AuditReport> {
    let txn = kernel::db::begin_snapshot(conn).await?;
    let chain = chain::verify(&txn).await?;
    let rollups = rollups::recompute(&txn).await?;
    let sold = sold::recompute(&txn).await?;
    txn.rollback().await?;
    Ok(AuditReport {
        chain,
        rollups,
        sold,
    })
}
