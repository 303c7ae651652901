//! The in-memory index of an org's folders, dashboards (titles, search text, tags) and
//! grants, which search and access decisions read instead of the database.
//!
//! Every write transaction records its [`Change`] with [`DashboardService::record_change`]
//! (which bumps the org's generation as its last statement) and, once committed, hands the
//! returned [`PendingChange`] to [`DashboardService::apply_change`], which patches this
//! server's index when it is exactly one generation behind. Any other gap — a write by another
//! server, a change applied out of order — makes the next reader reload the org.

pub(crate) mod generation;
mod load;
mod model;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock, RwLockReadGuard};

use sightline_store::sqlx::{self, Any};

pub(crate) use model::{DashboardEntry, FolderEntry, Grant, OrgIndex};

use crate::error::Result;
use crate::DashboardService;

/// The indexes of every org this server has served, loaded on first use.
#[derive(Default)]
pub(crate) struct Indexes {
    orgs: Mutex<HashMap<i64, Arc<OrgSlot>>>,
}

impl Indexes {
    fn slot(&self, org_id: i64) -> Arc<OrgSlot> {
        let mut orgs = match self.orgs.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        Arc::clone(orgs.entry(org_id).or_insert_with(|| {
            Arc::new(OrgSlot {
                index: RwLock::new(OrgIndex::unloaded()),
                loading: tokio::sync::Mutex::new(()),
            })
        }))
    }
}

/// One org's index. Reads take the lock briefly and never across an `await`; loads and
/// patches are serialised by `loading`.
pub(crate) struct OrgSlot {
    index: RwLock<OrgIndex>,
    loading: tokio::sync::Mutex<()>,
}

impl OrgSlot {
    pub fn read(&self) -> RwLockReadGuard<'_, OrgIndex> {
        match self.index.read() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    fn generation(&self) -> i64 {
        self.read().generation
    }

    fn update(&self, change: impl FnOnce(&mut OrgIndex)) {
        let mut index = match self.index.write() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        change(&mut index);
    }
}

/// What a committed write changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Change {
    /// One dashboard: its row, tags or grants (also its creation or deletion).
    Dashboard(String),
    /// Folders or folder grants, not the dashboards in them.
    Folders,
    /// Anything else (cascades): the org is reloaded.
    Everything,
}

/// A change whose transaction has not been applied to the index yet.
#[must_use = "hand it to DashboardService::apply_change after the commit"]
#[derive(Debug)]
pub(crate) struct PendingChange {
    org_id: i64,
    generation: i64,
    change: Change,
}

impl DashboardService {
    /// Records `change` in `tx`: call it last, right before `tx.commit()`.
    pub(crate) async fn record_change(
        &self,
        tx: &mut sqlx::Transaction<'static, Any>,
        org_id: i64,
        change: Change,
    ) -> Result<PendingChange> {
        let generation = generation::bump(self.store(), tx, org_id).await?;
        Ok(PendingChange {
            org_id,
            generation,
            change,
        })
    }

    /// Brings this server's index up to the committed change. Never fails: an index that
    /// cannot be patched is reloaded by its next reader.
    pub(crate) async fn apply_change(&self, pending: PendingChange) {
        let slot = self.indexes.slot(pending.org_id);
        let _loading = slot.loading.lock().await;
        if slot.generation() != pending.generation - 1 {
            return;
        }
        let store = self.store();
        let org_id = pending.org_id;
        match pending.change {
            Change::Dashboard(uid) => match load::dashboard(store, org_id, &uid).await {
                Ok(entry) => slot.update(|index| {
                    index.put_dashboard(&uid, entry);
                    index.generation = pending.generation;
                }),
                Err(error) => tracing::warn!(%error, "dashboard index not patched; it reloads"),
            },
            Change::Folders => match load::folders(store, org_id).await {
                Ok(folders) => slot.update(|index| {
                    index.folders = folders;
                    index.generation = pending.generation;
                }),
                Err(error) => tracing::warn!(%error, "folder index not patched; it reloads"),
            },
            Change::Everything => {}
        }
    }

    /// The org's index at the database's current generation, reloading it when another
    /// write (here or on another server) made it stale.
    pub(crate) async fn org_index(&self, org_id: i64) -> Result<Arc<OrgSlot>> {
        let slot = self.indexes.slot(org_id);
        let current = generation::current(self.store(), self.store().pool(), org_id).await?;
        if slot.generation() >= current {
            return Ok(slot);
        }
        {
            let _loading = slot.loading.lock().await;
            if slot.generation() < current {
                let fresh = load::org(self.store(), org_id).await?;
                slot.update(|index| *index = fresh);
            }
        }
        Ok(slot)
    }
}
