//! 实时排行榜 for the big screens at fairs: `rankingChanged(…)` pushes a ranking when a sealed
//! batch changes it.
//!
//! Every distinct ranking (campaign × dimension × metric × period × scope × top) has one feed:
//! one task that notices the sealer's progress (the chain head's sequence), recomputes the
//! ranking once per change and publishes it, when it differs, on a `watch` channel that every
//! screen watching that ranking reads. Two hundred screens cost one computation per change,
//! not two hundred; [`RankingHub::computations`] counts them so a test can prove it. A feed ends
//! when its last watcher leaves.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_graphql::{Context, Subscription};
use futures_util::Stream;
use futures_util::stream;
use gateway_macros::ranking_args;
use sea_orm::DatabaseConnection;
use tokio::sync::watch;

use super::types::Ranking;
use super::{RankingArgs, RankingKey as Key, compute};
use crate::schema::state;

/// How often a feed looks at the chain head: a sale shows on the screens this long after it is
/// sealed, at most.
const POLL: Duration = Duration::from_millis(100);

type Feed = Arc<watch::Sender<Option<Arc<Ranking>>>>;

/// The live rankings being watched.
#[derive(Default)]
pub struct RankingHub {
    feeds: Mutex<HashMap<Key, Feed>>,
    computations: AtomicU64,
}

impl RankingHub {
    /// Rankings computed for feeds since start.
    pub fn computations(&self) -> u64 {
        self.computations.load(Ordering::Relaxed)
    }

    fn watch(
        self: &Arc<Self>,
        db: &DatabaseConnection,
        key: Key,
    ) -> watch::Receiver<Option<Arc<Ranking>>> {
        let mut feeds = self.feeds.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(feed) = feeds.get(&key) {
            return feed.subscribe();
        }
        let (tx, rx) = watch::channel(None);
        let feed = Arc::new(tx);
        feeds.insert(key.clone(), Arc::clone(&feed));
        tokio::spawn(run(Arc::clone(self), db.clone(), key, feed));
        rx
    }

    /// Drops the feed if nobody watches it any more (under the lock new watchers take).
    fn abandoned(&self, key: &Key, feed: &Feed) -> bool {
        let mut feeds = self.feeds.lock().unwrap_or_else(|p| p.into_inner());
        if feed.receiver_count() == 0 {
            feeds.remove(key);
            return true;
        }
        false
    }
}

async fn run(hub: Arc<RankingHub>, db: DatabaseConnection, key: Key, feed: Feed) {
    let mut seen: Option<i64> = None;
    loop {
        if hub.abandoned(&key, &feed) {
            return;
        }
        match ledger::status::status(&db, chrono::Utc::now()).await {
            Ok(status) if Some(status.sealed_through) != seen => {
                seen = Some(status.sealed_through);
                hub.computations.fetch_add(1, Ordering::Relaxed);
                match compute(&db, &key).await {
                    Ok(ranking) => {
                        feed.send_if_modified(|current| {
                            let changed = current.as_deref().is_none_or(|c| !same(c, &ranking));
                            if changed {
                                *current = Some(Arc::new(ranking));
                            }
                            changed
                        });
                    }
                    Err(err) => tracing::warn!(error = %err, "live ranking failed; retrying"),
                }
            }
            Ok(_) => {}
            Err(err) => tracing::warn!(error = %err, "live ranking could not read the ledger"),
        }
        tokio::time::sleep(POLL).await;
    }
}

/// Whether two rankings show the same places and figures.
fn same(a: &Ranking, b: &Ranking) -> bool {
    a.total == b.total
        && a.rows.len() == b.rows.len()
        && a.rows
            .iter()
            .zip(&b.rows)
            .all(|(x, y)| x.ranked == y.ranked && x.name == y.name)
}

#[derive(Default)]
pub struct KpiSubscription;

#[ranking_args]
#[Subscription]
impl KpiSubscription {
    /// 实时排行榜: the ranking now, then again whenever a sealed batch changes it (for the big
    /// screens at fairs). Arguments and scope rules as `ranking`; all screens watching the same
    /// ranking share one computation per change.
    async fn ranking_changed(
        &self,
        ctx: &Context<'_>,
        args: RankingArgs,
    ) -> async_graphql::Result<impl Stream<Item = Ranking> + use<>> {
        // A stream cannot be null: a scope the caller may not read is NOT_FOUND here.
        let key = Key::read(ctx, args)
            .await?
            .ok_or_else(|| crate::error::to_graphql(ctx, kernel::DomainError::NotFound))?;
        let s = state(ctx)?;
        let rx = s.rankings.watch(&s.db, key);
        Ok(stream::unfold((rx, true), |(mut rx, first)| async move {
            if !first || rx.borrow().is_none() {
                rx.changed().await.ok()?;
            }
            let ranking = rx.borrow_and_update().clone()?;
            Some(((*ranking).clone(), (rx, false)))
        }))
    }
}
