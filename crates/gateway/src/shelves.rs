//! The catalogue's read model: each project's [`Shelf`] held in memory, so that the
//! 带一斤回家 zone — read far more than it is written — is answered without the database.
//!
//! Freshness rests on one number, the catalogue's version, which database triggers move in
//! every transaction that changes what some shelf shows (see `products::shelf`). A shelf is
//! used only while the version it was read at is current. The version is read again
//!
//! - on the next request after this process commits any write (`kernel::db::commits` moved),
//!   so a change is visible on the very next request on the instance that made it;
//! - at most [`ShelvesConfig::check_every`] after the last reading otherwise, which bounds how
//!   long another instance's (or the CLI's) write takes to show here.
//!
//! That reading is one primary-key lookup, the only statement a warm page may cost. A
//! version that moved drops every shelf: writes that change shelves are rare (a listing, a
//! price, a certification, stock running out), and rebuilding a shelf is one statement.
//!
//! A household's project and a project's enterprise never change once created (nothing
//! updates those columns), so they are remembered without a version, within a bound.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use kernel::{DomainError, DomainResult};
use products::shelf::Shelf;
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use crate::config::ShelvesConfig;

/// Households and projects remembered at most (each map); past it the map starts afresh.
const MAX_IDS: usize = 100_000;

struct Held {
    shelf: Arc<Shelf>,
    last_used: u64,
}

struct Inner {
    version: i64,
    /// When the version was last read, and the process's commit count just before.
    checked: Option<(Instant, u64)>,
    shelves: HashMap<Uuid, Held>,
    listings: usize,
    tick: u64,
    household_project: HashMap<Uuid, Uuid>,
    project_enterprise: HashMap<Uuid, Uuid>,
}

/// Figures for `/metrics`.
#[derive(Debug, Clone, Copy, Default)]
pub struct ShelfStats {
    pub shelves: usize,
    pub listings: usize,
    pub hits: u64,
    pub misses: u64,
    pub version_reads: u64,
}

pub struct Shelves {
    config: ShelvesConfig,
    inner: Mutex<Inner>,
    /// Products, suppliers and certifications, one copy for all shelves.
    common: products::shelf::Common,
    hits: AtomicU64,
    misses: AtomicU64,
    version_reads: AtomicU64,
}

impl Shelves {
    pub fn new(config: ShelvesConfig) -> Self {
        Self {
            config,
            inner: Mutex::new(Inner {
                version: i64::MIN,
                checked: None,
                shelves: HashMap::new(),
                listings: 0,
                tick: 0,
                household_project: HashMap::new(),
                project_enterprise: HashMap::new(),
            }),
            common: products::shelf::Common::default(),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
            version_reads: AtomicU64::new(0),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn stats(&self) -> ShelfStats {
        let inner = self.lock();
        ShelfStats {
            shelves: inner.shelves.len(),
            listings: inner.listings,
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
            version_reads: self.version_reads.load(Ordering::Relaxed),
        }
    }

    /// The current catalogue version, read from the database only when it may have moved.
    async fn version(&self, db: &DatabaseConnection) -> DomainResult<i64> {
        let commits = kernel::db::commits();
        {
            let inner = self.lock();
            if let Some((at, seen)) = inner.checked
                && seen == commits
                && at.elapsed() < self.config.check_every
            {
                return Ok(inner.version);
            }
        }
        let started = Instant::now();
        let version = products::shelf::version(db).await?;
        self.version_reads.fetch_add(1, Ordering::Relaxed);
        let mut inner = self.lock();
        // Versions only grow: a reading that lost a race with a newer one changes nothing.
        if version > inner.version {
            inner.version = version;
            inner.shelves.clear();
            inner.listings = 0;
            self.common.clear();
        }
        if version >= inner.version {
            inner.checked = Some((started, commits));
        }
        Ok(inner.version.max(version))
    }

    /// The shelf of `project`, current as of this request.
    pub async fn shelf(&self, db: &DatabaseConnection, project: Uuid) -> DomainResult<Arc<Shelf>> {
        let version = self.version(db).await?;
        {
            let mut inner = self.lock();
            inner.tick += 1;
            let tick = inner.tick;
            if let Some(held) = inner.shelves.get_mut(&project)
                && held.shelf.version == version
            {
                held.last_used = tick;
                self.hits.fetch_add(1, Ordering::Relaxed);
                return Ok(Arc::clone(&held.shelf));
            }
        }
        self.misses.fetch_add(1, Ordering::Relaxed);
        let shelf = Arc::new(Shelf::read(db, project, version, &self.common).await?);
        self.keep(&shelf);
        Ok(shelf)
    }

    /// Holds a freshly read shelf, unless the version moved meanwhile or it does not fit.
    fn keep(&self, shelf: &Arc<Shelf>) {
        let capacity = self.config.capacity;
        if shelf.len() > capacity {
            return;
        }
        let mut inner = self.lock();
        if inner.version != shelf.version {
            return;
        }
        let tick = inner.tick;
        let replaced = inner
            .shelves
            .insert(
                shelf.project_id,
                Held {
                    shelf: Arc::clone(shelf),
                    last_used: tick,
                },
            )
            .map_or(0, |h| h.shelf.len());
        inner.listings = inner.listings - replaced + shelf.len();
        while inner.listings > capacity {
            let Some(oldest) = inner
                .shelves
                .iter()
                .filter(|(id, _)| **id != shelf.project_id)
                .min_by_key(|(_, h)| h.last_used)
                .map(|(id, _)| *id)
            else {
                break;
            };
            let dropped = inner.shelves.remove(&oldest).map_or(0, |h| h.shelf.len());
            inner.listings -= dropped;
        }
    }

    /// The project a household lives in.
    pub async fn household_project(
        &self,
        db: &DatabaseConnection,
        household: Uuid,
    ) -> DomainResult<Option<Uuid>> {
        if let Some(project) = self.lock().household_project.get(&household) {
            return Ok(Some(*project));
        }
        let found = participants::loaders::households(db, &[household]).await?;
        let project = found.get(&household).map(|h| h.project_id);
        if let Some(project) = project {
            remember(&mut self.lock().household_project, household, project);
        }
        Ok(project)
    }

    /// The enterprise a project belongs to; `NotFound` when there is no such project.
    pub async fn project_enterprise(
        &self,
        db: &DatabaseConnection,
        project: Uuid,
    ) -> DomainResult<Uuid> {
        if let Some(enterprise) = self.lock().project_enterprise.get(&project) {
            return Ok(*enterprise);
        }
        let found = participants::loaders::projects(db, &[project]).await?;
        let enterprise = found
            .get(&project)
            .map(|p| p.enterprise_id)
            .ok_or(DomainError::NotFound)?;
        remember(&mut self.lock().project_enterprise, project, enterprise);
        Ok(enterprise)
    }
}

fn remember(map: &mut HashMap<Uuid, Uuid>, key: Uuid, value: Uuid) {
    if map.len() >= MAX_IDS {
        map.clear();
    }
    map.insert(key, value);
}
