//! 认定到期提醒: `certification.expiring`, sent [`NOTICE_DAYS`] days before a listed
//! certification's valid-to date, by a scan the server runs daily (configurable). Exactly once
//! per certification and valid-to: the notice row (primary key: both) is inserted with the
//! outbox row in one transaction, `ON CONFLICT DO NOTHING`, so a restarted server or a second
//! instance scanning at the same moment finds the key taken and sends nothing again (on
//! PostgreSQL the second insert waits for the first transaction and then skips). A renewed
//! certification, with a new valid-to, is announced again when its time comes.

use std::time::Duration;

use chrono::Days;
use kernel::{Clock, DomainResult, EventType};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, DatabaseConnection, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use crate::entity::certification::{self, CertificationState};
use crate::entity::certification_expiry_notice as notice;

/// How many days before its valid-to date a certification is announced as expiring.
pub const NOTICE_DAYS: u64 = 30;
/// Certifications looked at per transaction of the scan.
pub const BATCH: u64 = 200;

/// Sends `certification.expiring` for every listed certification whose valid-to lies within
/// [`NOTICE_DAYS`] from today (and not before today) and that was not announced for that
/// date yet; returns how many this call sent.
pub async fn scan(db: &DatabaseConnection, clock: &Clock) -> DomainResult<u64> {
    let today = clock.today();
    let horizon = today + Days::new(NOTICE_DAYS);
    let announced = Query::select()
        .expr(Expr::val(1))
        .from(notice::Entity)
        .and_where(
            Expr::col((notice::Entity, notice::Column::CertificationId))
                .equals((certification::Entity, certification::Column::Id)),
        )
        .and_where(
            Expr::col((notice::Entity, notice::Column::ValidTo))
                .equals((certification::Entity, certification::Column::ValidTo)),
        )
        .to_owned();
    let mut sent = 0;
    loop {
        let due = certification::Entity::find()
            .filter(certification::Column::State.eq(CertificationState::Listed))
            .filter(certification::Column::ValidTo.gte(today))
            .filter(certification::Column::ValidTo.lte(horizon))
            .filter(Expr::exists(announced.clone()).not())
            .order_by_asc(certification::Column::Id)
            .limit(BATCH)
            .all(db)
            .await?;
        let round = due.len() as u64;
        sent += kernel::db::write(db, async |txn| {
            let mut n = 0;
            for c in &due {
                n += u64::from(announce(txn, clock, c).await?);
            }
            Ok(n)
        })
        .await?;
        if round < BATCH {
            return Ok(sent);
        }
    }
}

/// Claims the notice for `c`'s valid-to and, if this call claimed it, queues the event.
async fn announce(
    txn: &DatabaseTransaction,
    clock: &Clock,
    c: &certification::Model,
) -> DomainResult<bool> {
    let Some(valid_to) = c.valid_to else {
        return Ok(false);
    };
    let now = clock.now();
    let claim = notice::Entity::insert(notice::ActiveModel {
        certification_id: Set(c.id),
        valid_to: Set(valid_to),
        supplier_id: Set(c.supplier_id),
        notified_at: Set(now),
    })
    .on_conflict_do_nothing_on([notice::Column::CertificationId, notice::Column::ValidTo]);
    if !kernel::db::insert_if_absent(txn, claim).await? {
        return Ok(false);
    }
    crate::events::certification_at(txn, clock, EventType::CertificationExpiring, c, None, now)
        .await?;
    Ok(true)
}

/// Runs [`scan`] every `interval` (the first at once) until the task is aborted; failures are
/// logged and the next round tries again.
pub fn spawn(
    db: DatabaseConnection,
    clock: Clock,
    interval: Duration,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(interval);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match scan(&db, &clock).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(sent = n, "certification.expiring queued"),
                Err(e) => tracing::warn!(error = %e, "certification expiry scan failed"),
            }
        }
    })
}
