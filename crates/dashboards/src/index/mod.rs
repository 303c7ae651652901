//! The in-memory index of an org's folders, dashboards (titles, search text, tags) and
//! grants, which search and access decisions read instead of the database.
//!
//! Every write transaction records its [`Change`] with [`DashboardService::record_change`]
//! (which bumps the org's generation and logs the change as its last statements) and, once
//! committed, hands the returned [`PendingChange`] to [`DashboardService::apply_change`].
//! Readers compare the index's generation with the database's and replay the logged changes
//! in between — this server's or another's — rereading just the dashboards (or folders) they
//! name; an index never loaded, far behind or told to (`Change::Everything`) reloads.

pub(crate) mod generation;
mod load;
mod model;
mod scan;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock, RwLockReadGuard};

use sightline_store::sqlx::{self, Any};
use sightline_store::ReadStamp;

pub(crate) use model::{DashboardEntry, FolderEntry, Grant, OrgIndex};
pub(crate) use scan::{ScanView, NO_FOLDER, ROOT};

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
                checked: Mutex::new(None),
            })
        }))
    }
}

/// One org's index. Reads take the lock briefly and never across an `await`; loads and
/// patches are serialised by `loading`.
pub(crate) struct OrgSlot {
    index: RwLock<OrgIndex>,
    loading: tokio::sync::Mutex<()>,
    /// When the database's generation was last read and the index caught up with it.
    checked: Mutex<Option<ReadStamp>>,
}

impl OrgSlot {
    pub fn read(&self) -> RwLockReadGuard<'_, OrgIndex> {
        match self.index.read() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    fn checked(&self) -> std::sync::MutexGuard<'_, Option<ReadStamp>> {
        self.checked
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
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

/// A committed change this server's index has not caught up with yet.
#[must_use = "hand it to DashboardService::apply_change after the commit"]
#[derive(Debug)]
pub(crate) struct PendingChange {
    org_id: i64,
    generation: i64,
}

impl DashboardService {
    /// Records `change` in `tx`: call it last, right before `tx.commit()`.
    pub(crate) async fn record_change(
        &self,
        tx: &mut sqlx::Transaction<'static, Any>,
        org_id: i64,
        change: Change,
    ) -> Result<PendingChange> {
        let generation = generation::bump(self.store(), tx, org_id, &change).await?;
        Ok(PendingChange { org_id, generation })
    }

    /// Brings this server's index up to the committed change (and any before it). Never
    /// fails: an index that cannot catch up now does so for its next reader.
    pub(crate) async fn apply_change(&self, pending: PendingChange) {
        let slot = self.indexes.slot(pending.org_id);
        if let Err(error) = self
            .catch_up(&slot, pending.org_id, pending.generation)
            .await
        {
            tracing::warn!(%error, "dashboard index not brought up to date; its next reader retries");
        }
    }

    /// The org's index at `generation` (read from the database at `read`) at least,
    /// replaying the changes it missed (here or on another server).
    pub(crate) async fn org_index_at(
        &self,
        org_id: i64,
        generation: i64,
        read: ReadStamp,
    ) -> Result<Arc<OrgSlot>> {
        let slot = self.indexes.slot(org_id);
        self.catch_up(&slot, org_id, generation).await?;
        *slot.checked() = Some(read);
        Ok(slot)
    }

    /// The org's index when its generation was checked recently enough to skip reading it.
    pub(crate) fn fresh_org_index(&self, org_id: i64) -> Option<Arc<OrgSlot>> {
        let slot = self.indexes.slot(org_id);
        let read = (*slot.checked())?;
        self.store().freshness().is_fresh(read).then_some(slot)
    }

    /// Brings `slot` to generation `target` at least: by replaying the logged changes in
    /// between (a dashboard or the folders reread each), or by reloading the org when the
    /// index was never loaded, is far behind, or a change asks for it.
    async fn catch_up(&self, slot: &OrgSlot, org_id: i64, target: i64) -> Result<()> {
        if slot.generation() >= target {
            return Ok(());
        }
        let _loading = slot.loading.lock().await;
        let from = slot.generation();
        if from >= target {
            return Ok(());
        }
        let store = self.store();
        let changes = if from < 0 || target - from > MAX_REPLAYED {
            None
        } else {
            generation::changes(store, org_id, from, target).await?
        };
        let Some(changes) = changes.filter(|changes| !changes.contains(&Change::Everything)) else {
            let fresh = load::org(store, org_id).await?;
            slot.update(|index| *index = fresh);
            return Ok(());
        };
        let mut dashboards: Vec<&str> = Vec::new();
        let mut folders = false;
        for change in &changes {
            match change {
                Change::Dashboard(uid) if !dashboards.contains(&uid.as_str()) => {
                    dashboards.push(uid)
                }
                Change::Folders => folders = true,
                _ => {}
            }
        }
        let mut entries = Vec::with_capacity(dashboards.len());
        for uid in dashboards {
            entries.push((uid, load::dashboard(store, org_id, uid).await?));
        }
        let folders = if folders {
            Some(load::folders(store, org_id).await?)
        } else {
            None
        };
        slot.update(|index| {
            for (uid, entry) in entries {
                index.put_dashboard(uid, entry);
            }
            if let Some(folders) = folders {
                index.set_folders(folders);
            }
            index.generation = target;
        });
        Ok(())
    }
}

/// Beyond this many missed changes a reload is cheaper than replaying them.
const MAX_REPLAYED: i64 = 500;
