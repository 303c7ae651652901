//! One provider's pass over its directory: dashboards whose file is gone are deleted (or,
//! with `disableDeletion`, just unprovisioned); new and changed files are saved through the
//! ordinary save path — so they are upgraded, versioned, tagged and searchable — and marked
//! with the file's checksum; unchanged files cost one read and one comparison.
//!
//! A dashboard belongs to the first file that provisioned it: a file whose uid, or whose
//! title in its folder, is held by another file (of this or another provider) is skipped
//! with a warning until the other file lets go.

use std::collections::{HashMap, HashSet};

use serde_json::Value;
use sightline_core::Identity;
use tokio::sync::watch;

use super::config::ProviderConfig;
use super::files::{self, DashboardFile};
use super::folders::FolderCache;
use super::records::{Marking, ProvisionedDashboard};
use super::{provisioner, stable_uid};
use crate::error::Result;
use crate::models::SaveDashboard;
use crate::DashboardService;

/// A provider with what it remembers between passes.
pub struct Provider {
    service: DashboardService,
    config: ProviderConfig,
    caller: Identity,
    /// What was last reported per file (or `""` for the directory), so that a rescan every
    /// few seconds logs a problem once rather than on every pass.
    reported: HashMap<String, String>,
}

/// What became of one file in a pass.
enum Outcome {
    Unchanged,
    Saved {
        uid: String,
        version: i64,
    },
    /// Not saved; the reason is reported once.
    Skipped(String),
}

impl Provider {
    pub fn new(service: DashboardService, config: ProviderConfig) -> Provider {
        let caller = provisioner(config.org_id);
        Provider {
            service,
            config,
            caller,
            reported: HashMap::new(),
        }
    }

    pub fn config(&self) -> &ProviderConfig {
        &self.config
    }

    /// Brings the database in line with the directory. Problems are logged, never returned:
    /// one bad file must not stop the others. Once `stopped` says so, the pass ends after the
    /// file at hand, so that no save is left without its provisioning mark.
    pub async fn sync(&mut self, stopped: &watch::Receiver<bool>) {
        let root = self.config.path.clone();
        let files = match tokio::task::spawn_blocking(move || files::scan(&root)).await {
            Ok(Ok(files)) => files,
            Ok(Err(error)) => {
                // Without a listing nothing can be said about deleted files: change nothing.
                let message = format!("cannot read the dashboards directory: {error}");
                if self.first_report("", &message) {
                    tracing::warn!(provider = %self.config.name, path = %self.config.path.display(), %error, "dashboards directory unreadable; provisioning waits for it");
                }
                return;
            }
            Err(error) => {
                tracing::error!(provider = %self.config.name, %error, "dashboards scan failed");
                return;
            }
        };
        self.reported.remove("");
        if is_stopping(stopped) {
            return;
        }
        let known = match self.service.provisioned_by(&self.config.name).await {
            Ok(known) => known,
            Err(error) => {
                tracing::error!(provider = %self.config.name, %error, "provisioned dashboards could not be listed");
                return;
            }
        };
        self.remove_missing(&files, &known).await;
        let known: HashMap<&str, &ProvisionedDashboard> = known
            .iter()
            .map(|dashboard| (dashboard.external_id.as_str(), dashboard))
            .collect();
        let mut folders = FolderCache::default();
        for file in &files {
            if is_stopping(stopped) {
                return;
            }
            let path = file.relative_path.as_str();
            match self
                .apply(file, known.get(path).copied(), &mut folders)
                .await
            {
                Ok(Outcome::Unchanged) => {}
                Ok(Outcome::Saved { uid, version }) => {
                    self.reported.remove(path);
                    tracing::info!(provider = %self.config.name, file = path, uid, version, "dashboard provisioned");
                }
                Ok(Outcome::Skipped(reason)) => {
                    if self.first_report(path, &reason) {
                        tracing::warn!(provider = %self.config.name, file = path, reason, "dashboard file skipped");
                    }
                }
                Err(error) => {
                    if self.first_report(path, &error.to_string()) {
                        tracing::error!(provider = %self.config.name, file = path, %error, "dashboard file could not be provisioned");
                    }
                }
            }
        }
        let present: HashSet<&str> = files.iter().map(|f| f.relative_path.as_str()).collect();
        self.reported
            .retain(|path, _| path.is_empty() || present.contains(path.as_str()));
    }

    /// Deletes or unprovisions the dashboards whose file is no longer there.
    async fn remove_missing(&self, files: &[DashboardFile], known: &[ProvisionedDashboard]) {
        let present: HashSet<&str> = files.iter().map(|f| f.relative_path.as_str()).collect();
        let name = &self.config.name;
        for gone in known
            .iter()
            .filter(|k| !present.contains(k.external_id.as_str()))
        {
            let file = gone.external_id.as_str();
            let uid = gone.uid.as_str();
            if self.config.disable_deletion {
                match self.service.unprovision(gone.dashboard_id).await {
                    Ok(()) => {
                        tracing::info!(provider = %name, file, uid, "dashboard file removed; dashboard kept (disableDeletion), no longer provisioned")
                    }
                    Err(error) => {
                        tracing::error!(provider = %name, file, uid, %error, "dashboard could not be unprovisioned")
                    }
                }
            } else {
                match self.service.delete_provisioned(gone).await {
                    Ok(()) => {
                        tracing::info!(provider = %name, file, uid, "dashboard file removed; dashboard deleted")
                    }
                    Err(error) => {
                        tracing::error!(provider = %name, file, uid, %error, "provisioned dashboard could not be deleted")
                    }
                }
            }
        }
    }

    async fn apply(
        &self,
        file: &DashboardFile,
        known: Option<&ProvisionedDashboard>,
        folders: &mut FolderCache,
    ) -> Result<Outcome> {
        let dashboard = match &file.dashboard {
            Ok(dashboard) => dashboard,
            Err(reason) => return Ok(Outcome::Skipped(reason.clone())),
        };
        let title = dashboard
            .get("title")
            .and_then(Value::as_str)
            .map(str::trim)
            .unwrap_or_default();
        if title.is_empty() {
            return Ok(Outcome::Skipped("the dashboard has no title".to_string()));
        }
        let folder_uid = folders
            .folder_for(&self.service, &self.caller, &self.config, &file.directories)
            .await?;
        let declared_uid = dashboard
            .get("uid")
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|uid| !uid.is_empty());
        let uid = match (declared_uid, known) {
            (Some(uid), _) => uid.to_string(),
            (None, Some(known)) => known.uid.clone(),
            (None, None) => stable_uid(self.config.org_id, &self.config.name, &file.relative_path),
        };
        if let Some(known) = known {
            // A dashboard out of its folder follows a changed provider setting; where the API
            // may change dashboards, a move made there is kept, as in Grafana.
            let in_place = known.folder_uid == folder_uid || self.config.allow_ui_updates;
            if known.check_sum == file.checksum && in_place && known.uid == uid {
                if known.allow_ui_updates != self.config.allow_ui_updates {
                    self.service
                        .set_allow_ui_updates(known.dashboard_id, self.config.allow_ui_updates)
                        .await?;
                }
                return Ok(Outcome::Unchanged);
            }
        }
        if let Some(reason) = self.held_elsewhere(file, &uid, &folder_uid, title).await? {
            return Ok(Outcome::Skipped(reason));
        }
        if let Some(known) = known.filter(|known| known.uid != uid) {
            // The file now names another uid: its old dashboard goes.
            self.service.delete_provisioned(known).await?;
        }
        let mut document = dashboard.clone();
        if let Value::Object(fields) = &mut document {
            // A numeric id in a file refers to some other database.
            fields.remove("id");
            fields.insert("uid".to_string(), Value::String(uid));
        }
        let save = SaveDashboard {
            dashboard: document,
            folder_uid: Some(folder_uid),
            overwrite: true,
            ..SaveDashboard::default()
        };
        let marking = Marking {
            provider: &self.config.name,
            external_id: &file.relative_path,
            check_sum: &file.checksum,
            allow_ui_updates: self.config.allow_ui_updates,
        };
        let saved = self
            .service
            .save_marked(&self.caller, save, 0, Some(&marking))
            .await?;
        Ok(Outcome::Saved {
            uid: saved.uid,
            version: saved.version,
        })
    }

    /// Why `file` may not have `uid`, or `title` in `folder_uid`: another file (of this or
    /// another provider) holds it.
    async fn held_elsewhere(
        &self,
        file: &DashboardFile,
        uid: &str,
        folder_uid: &str,
        title: &str,
    ) -> Result<Option<String>> {
        let in_the_way = self
            .service
            .provisioned_in_the_way(self.config.org_id, uid, folder_uid, title)
            .await?;
        let holder = in_the_way.iter().find(|other| {
            !(other.provider == self.config.name && other.external_id == file.relative_path)
        });
        Ok(holder.map(|holder| {
            let what = if holder.uid == uid {
                format!("uid {uid:?}")
            } else {
                format!("title {title:?} in its folder")
            };
            format!(
                "{what} is already provisioned from {} by provider {:?}; the first one wins",
                holder.external_id, holder.provider
            )
        }))
    }

    /// Remembers `message` for `key`; true when it differs from what was last reported.
    fn first_report(&mut self, key: &str, message: &str) -> bool {
        if self.reported.get(key).is_some_and(|last| last == message) {
            return false;
        }
        self.reported.insert(key.to_string(), message.to_string());
        true
    }
}

/// True once the task is asked to stop, or its owner is gone.
pub fn is_stopping(stopped: &watch::Receiver<bool>) -> bool {
    *stopped.borrow() || stopped.has_changed().is_err()
}
