//! Saving a dashboard, Grafana's way: validate, resolve the folder, upgrade to the current
//! schema, then in one transaction check for conflicts (version, uid, title in the folder),
//! write the dashboard with a conditional `UPDATE … WHERE version = ?` so that of concurrent
//! saves from one base version exactly one wins, and record tags, a history entry and — for a
//! new dashboard — its default permissions.

use serde_json::Value;
use sightline_core::Identity;
use sightline_store::now_epoch;
use sightline_store::sqlx::{self, Any, FromRow, Row};

use crate::access::DashboardRef;
use crate::error::{DashboardError, Result};
use crate::index::Change;
use crate::models::{SaveDashboard, SavedDashboard};
use crate::naming::{check_uid, new_uid, slugify};
use crate::provisioning::Marking;
use crate::{is_unique, json_model, permissions, provisioning, upgrade, DashboardService};

/// Grafana's limit on a save message.
const MAX_MESSAGE_CHARS: usize = 500;

/// How often a save is retried when the database reports a deadlock or serialization failure.
const SAVE_ATTEMPTS: usize = 3;

/// A validated save, ready for the transaction.
struct Prepared {
    /// The JSON as the client sent it, kept in the history.
    original: Value,
    /// The JSON in the current schema, stored as the dashboard.
    upgraded: Value,
    schema_version: i64,
    title: String,
    slug: String,
    tags: Vec<String>,
    search_text: String,
    /// The uid the client asked for, if any.
    uid: Option<String>,
    /// The numeric id the client sent (Grafana's older way to address a dashboard), or 0.
    id: i64,
    /// The version the client based its change on.
    base_version: i64,
    folder_uid: Option<String>,
    message: String,
    overwrite: bool,
    restored_from: i64,
}

/// The columns of an existing dashboard a save compares against.
#[derive(Debug, Clone)]
struct Existing {
    id: i64,
    uid: String,
    folder_uid: String,
    version: i64,
}

impl FromRow<'_, sqlx::any::AnyRow> for Existing {
    fn from_row(row: &sqlx::any::AnyRow) -> sqlx::Result<Self> {
        Ok(Existing {
            id: row.try_get("id")?,
            uid: row.try_get("uid")?,
            folder_uid: row.try_get("folder_uid")?,
            version: row.try_get("version")?,
        })
    }
}

impl DashboardService {
    /// Creates or updates a dashboard (`POST /api/dashboards/db`).
    pub async fn save_dashboard(
        &self,
        caller: &Identity,
        save: SaveDashboard,
    ) -> Result<SavedDashboard> {
        self.save_as(caller, save, 0).await
    }

    /// Saves, recording `restored_from` (the version a restore copies, else 0).
    pub(crate) async fn save_as(
        &self,
        caller: &Identity,
        save: SaveDashboard,
        restored_from: i64,
    ) -> Result<SavedDashboard> {
        self.save_marked(caller, save, restored_from, None).await
    }

    /// Saves, and with `marking` records in the same transaction that the dashboard comes
    /// from a provisioning file, so no reader sees it saved but not yet marked.
    pub(crate) async fn save_marked(
        &self,
        caller: &Identity,
        save: SaveDashboard,
        restored_from: i64,
        marking: Option<&Marking<'_>>,
    ) -> Result<SavedDashboard> {
        let prepared = self.prepare(caller, save, restored_from).await?;
        let mut attempt = 1;
        loop {
            match self.save_prepared(caller, &prepared, marking).await {
                Err(error) if attempt < SAVE_ATTEMPTS && is_retryable(&error) => {
                    tracing::debug!(%error, attempt, "dashboard save retried");
                    attempt += 1;
                }
                outcome => return outcome,
            }
        }
    }

    /// Everything that needs no transaction: input rules, the folder, the schema upgrade.
    async fn prepare(
        &self,
        caller: &Identity,
        save: SaveDashboard,
        restored_from: i64,
    ) -> Result<Prepared> {
        let SaveDashboard {
            dashboard,
            folder_uid,
            folder_id,
            message,
            overwrite,
        } = save;
        json_model::check_shape(&dashboard)?;
        let size = serde_json::to_vec(&dashboard)?.len();
        let limit = self.options().max_size_bytes;
        if size > limit {
            return Err(DashboardError::TooLarge { size, limit });
        }
        let title = json_model::title(&dashboard)?;
        let tags = json_model::tags(&dashboard)?;
        if message.chars().count() > MAX_MESSAGE_CHARS {
            return Err(DashboardError::MessageTooLong);
        }
        let uid = match dashboard.get("uid").and_then(Value::as_str).map(str::trim) {
            Some(uid) if !uid.is_empty() => {
                check_uid(uid)?;
                Some(uid.to_string())
            }
            _ => None,
        };
        let id = dashboard.get("id").and_then(Value::as_i64).unwrap_or(0);
        let base_version = dashboard
            .get("version")
            .and_then(Value::as_i64)
            .unwrap_or(0);
        let folder_uid = self
            .destination_folder(caller.org_id, folder_uid, folder_id)
            .await?;
        let upgraded = upgrade::upgrade(
            dashboard.clone(),
            self.data_sources.for_org(caller.org_id).as_ref(),
        )
        .map_err(|reason| {
            DashboardError::Invalid(format!(
                "dashboard could not be upgraded to the current schema: {reason}"
            ))
        })?;
        let search_text = json_model::search_text(&upgraded.dashboard, &title);
        Ok(Prepared {
            original: dashboard,
            upgraded: upgraded.dashboard,
            schema_version: upgraded.schema_version,
            slug: slugify(&title),
            title,
            tags,
            search_text,
            uid,
            id,
            base_version,
            folder_uid,
            message,
            overwrite,
            restored_from,
        })
    }

    /// The uid of the folder a save names (`Some("")`: the root), or `None` when it names
    /// none; a folder that does not exist is a bad input.
    async fn destination_folder(
        &self,
        org_id: i64,
        folder_uid: Option<String>,
        folder_id: Option<i64>,
    ) -> Result<Option<String>> {
        let folder = match (folder_uid.as_deref().map(str::trim), folder_id) {
            (Some("" | "general"), _) | (None, Some(0)) => return Ok(Some(String::new())),
            (None, None) => return Ok(None),
            (Some(uid), _) => self.find_folder(self.store().pool(), org_id, uid).await?,
            (None, Some(id)) => self.find_folder_by_id(org_id, id).await?,
        };
        match folder {
            Some(folder) => Ok(Some(folder.uid)),
            None => Err(DashboardError::DestinationFolderNotFound),
        }
    }

    async fn save_prepared(
        &self,
        caller: &Identity,
        save: &Prepared,
        marking: Option<&Marking<'_>>,
    ) -> Result<SavedDashboard> {
        let org_id = caller.org_id;
        let access = self.access(caller).await?;
        let mut tx = self.store().begin().await?;
        let mut existing = self.existing(&mut tx, org_id, save).await?;
        let folder_uid = save
            .folder_uid
            .clone()
            .or_else(|| {
                existing
                    .as_ref()
                    .map(|existing| existing.folder_uid.clone())
            })
            .unwrap_or_default();
        let same_title = self
            .same_title(&mut tx, org_id, &folder_uid, &save.title)
            .await?;
        if let Some(other) = same_title {
            let is_itself = existing
                .as_ref()
                .is_some_and(|current| current.id == other.id);
            match (is_itself, save.overwrite, existing.is_some()) {
                (true, _, _) => {}
                // Grafana's overwrite of a new dashboard takes over the same-titled one.
                (false, true, false) => existing = Some(other),
                _ => return Err(DashboardError::NameExists),
            }
        }
        let moves = match &existing {
            Some(current) => current.folder_uid != folder_uid,
            None => true,
        };
        if moves && !access.can_create_dashboard_in(&folder_uid) {
            return Err(DashboardError::AccessDenied(
                "Access denied to save dashboard",
            ));
        }
        if let Some(current) = &existing {
            let target = DashboardRef {
                uid: &current.uid,
                folder_uid: &current.folder_uid,
            };
            if !access.can_edit_dashboard(target) {
                return Err(DashboardError::AccessDenied(
                    "Access denied to save dashboard",
                ));
            }
            if current.version != save.base_version && !save.overwrite {
                return Err(DashboardError::VersionMismatch);
            }
            if !provisioning::is_provisioner(caller)
                && self.is_provisioned_locked(&mut tx, current.id).await?
            {
                return Err(DashboardError::ProvisionedSave);
            }
        }
        let now = now_epoch();
        let (id, uid, version) = match &existing {
            Some(current) => {
                let version = current.version + 1;
                self.update_row(&mut tx, save, current, &folder_uid, version, caller, now)
                    .await?;
                (current.id, current.uid.clone(), version)
            }
            None => {
                let uid = save.uid.clone().unwrap_or_else(new_uid);
                let id = self
                    .insert_row(&mut tx, save, &uid, &folder_uid, caller, now)
                    .await?;
                (id, uid, 1)
            }
        };
        self.write_tags(&mut tx, org_id, id, &save.tags).await?;
        let mut history = save.original.clone();
        json_model::stamp(&mut history, id, &uid, version);
        self.insert_version(&mut tx, id, version, save, &history, caller.user_id, now)
            .await?;
        if existing.is_none() {
            permissions::grant_defaults(
                self.store(),
                &mut tx,
                org_id,
                permissions::ResourceKind::Dashboard,
                &uid,
                caller,
                folder_uid.is_empty(),
            )
            .await?;
        }
        if let Some(marking) = marking {
            self.mark_provisioned(&mut tx, id, marking).await?;
        }
        let pending = self
            .record_change(&mut tx, org_id, Change::Dashboard(uid.clone()))
            .await?;
        tx.commit().await?;
        self.apply_change(pending).await;
        Ok(SavedDashboard {
            id,
            uid,
            title: save.title.clone(),
            slug: save.slug.clone(),
            version,
            folder_uid,
        })
    }

    /// The dashboard the save addresses by uid, or else by numeric id.
    async fn existing(
        &self,
        tx: &mut sqlx::Transaction<'static, Any>,
        org_id: i64,
        save: &Prepared,
    ) -> Result<Option<Existing>> {
        let by_id = if save.id > 0 {
            let query = self.store().sql(
                "SELECT id, uid, folder_uid, version FROM dashboard WHERE org_id = ? AND id = ?",
            );
            sqlx::query_as::<_, Existing>(query)
                .bind(org_id)
                .bind(save.id)
                .fetch_optional(&mut **tx)
                .await?
        } else {
            None
        };
        let Some(uid) = &save.uid else {
            return match by_id {
                Some(found) => Ok(Some(found)),
                None if save.id > 0 => Err(DashboardError::DashboardNotFound),
                None => Ok(None),
            };
        };
        let query = self
            .store()
            .sql("SELECT id, uid, folder_uid, version FROM dashboard WHERE org_id = ? AND uid = ?");
        let by_uid: Option<Existing> = sqlx::query_as(query)
            .bind(org_id)
            .bind(uid.clone())
            .fetch_optional(&mut **tx)
            .await?;
        if let (Some(by_id), Some(by_uid)) = (&by_id, &by_uid) {
            if by_id.id != by_uid.id {
                return Err(DashboardError::UidExists);
            }
        }
        Ok(by_uid)
    }

    async fn same_title(
        &self,
        tx: &mut sqlx::Transaction<'static, Any>,
        org_id: i64,
        folder_uid: &str,
        title: &str,
    ) -> Result<Option<Existing>> {
        let query = self.store().sql(
            "SELECT id, uid, folder_uid, version FROM dashboard \
             WHERE org_id = ? AND folder_uid = ? AND title = ?",
        );
        Ok(sqlx::query_as(query)
            .bind(org_id)
            .bind(folder_uid.to_string())
            .bind(title.to_string())
            .fetch_optional(&mut **tx)
            .await?)
    }

    /// True when the dashboard is provisioned from a source that forbids UI changes.
    async fn is_provisioned_locked(
        &self,
        tx: &mut sqlx::Transaction<'static, Any>,
        dashboard_id: i64,
    ) -> Result<bool> {
        let query = self.store().sql(
            "SELECT COUNT(*) FROM dashboard_provisioning \
             WHERE dashboard_id = ? AND allow_ui_updates = 0",
        );
        let locked: i64 = sqlx::query_scalar(query)
            .bind(dashboard_id)
            .fetch_one(&mut **tx)
            .await?;
        Ok(locked > 0)
    }

    /// Writes the new version only if nobody saved since `current` was read.
    #[allow(clippy::too_many_arguments)]
    async fn update_row(
        &self,
        tx: &mut sqlx::Transaction<'static, Any>,
        save: &Prepared,
        current: &Existing,
        folder_uid: &str,
        version: i64,
        caller: &Identity,
        now: i64,
    ) -> Result<()> {
        let mut data = save.upgraded.clone();
        json_model::stamp(&mut data, current.id, &current.uid, version);
        let update = self.store().sql(
            "UPDATE dashboard SET folder_uid = ?, title = ?, slug = ?, data = ?, search_text = ?, \
             version = ?, schema_version = ?, updated = ?, updated_by = ? \
             WHERE id = ? AND version = ?",
        );
        let result = sqlx::query(update)
            .bind(folder_uid.to_string())
            .bind(save.title.clone())
            .bind(save.slug.clone())
            .bind(serde_json::to_string(&data)?)
            .bind(save.search_text.clone())
            .bind(version)
            .bind(save.schema_version)
            .bind(now)
            .bind(caller.user_id)
            .bind(current.id)
            .bind(current.version)
            .execute(&mut **tx)
            .await;
        match result {
            // Affected rows count matched rows on every backend (MySQL connects with
            // FOUND_ROWS), so 0 means another save won.
            Ok(done) if done.rows_affected() == 0 => Err(DashboardError::VersionMismatch),
            Ok(_) => Ok(()),
            Err(error) if is_unique(&error) => Err(DashboardError::NameExists),
            Err(error) => Err(error.into()),
        }
    }

    async fn insert_row(
        &self,
        tx: &mut sqlx::Transaction<'static, Any>,
        save: &Prepared,
        uid: &str,
        folder_uid: &str,
        caller: &Identity,
        now: i64,
    ) -> Result<i64> {
        let insert = self.store().insert_sql(
            "INSERT INTO dashboard (uid, org_id, folder_uid, title, slug, data, search_text, \
             version, schema_version, created, updated, created_by, updated_by) \
             VALUES (?, ?, ?, ?, ?, '{}', ?, 1, ?, ?, ?, ?, ?)",
        );
        let query = sqlx::query(insert)
            .bind(uid.to_string())
            .bind(caller.org_id)
            .bind(folder_uid.to_string())
            .bind(save.title.clone())
            .bind(save.slug.clone())
            .bind(save.search_text.clone())
            .bind(save.schema_version)
            .bind(now)
            .bind(now)
            .bind(caller.user_id)
            .bind(caller.user_id);
        let id = match self.store().insert(&mut **tx, query).await {
            Ok(id) => id,
            // Someone created the same uid or title in between; which one decides the answer.
            Err(error) if error.is_unique_violation() => {
                return Err(if save.uid.as_deref() == Some(uid) {
                    self.insert_conflict(caller.org_id, uid).await?
                } else {
                    DashboardError::NameExists
                })
            }
            Err(error) => return Err(error.into()),
        };
        // The stored document carries its id, known only now.
        let mut data = save.upgraded.clone();
        json_model::stamp(&mut data, id, uid, 1);
        sqlx::query(
            self.store()
                .sql("UPDATE dashboard SET data = ? WHERE id = ?"),
        )
        .bind(serde_json::to_string(&data)?)
        .bind(id)
        .execute(&mut **tx)
        .await?;
        Ok(id)
    }

    /// After a failed insert of `uid`: a dashboard with that uid now exists (a concurrent
    /// create, answered as Grafana answers a create over an existing uid) or a same-titled one.
    async fn insert_conflict(&self, org_id: i64, uid: &str) -> Result<DashboardError> {
        let uid_taken = self
            .find_dashboard(self.store().pool(), org_id, uid)
            .await?
            .is_some();
        Ok(if uid_taken {
            DashboardError::VersionMismatch
        } else {
            DashboardError::NameExists
        })
    }

    async fn write_tags(
        &self,
        tx: &mut sqlx::Transaction<'static, Any>,
        org_id: i64,
        dashboard_id: i64,
        tags: &[String],
    ) -> Result<()> {
        sqlx::query(
            self.store()
                .sql("DELETE FROM dashboard_tag WHERE dashboard_id = ?"),
        )
        .bind(dashboard_id)
        .execute(&mut **tx)
        .await?;
        let insert = self
            .store()
            .sql("INSERT INTO dashboard_tag (org_id, dashboard_id, term) VALUES (?, ?, ?)");
        for tag in tags {
            sqlx::query(insert)
                .bind(org_id)
                .bind(dashboard_id)
                .bind(tag.clone())
                .execute(&mut **tx)
                .await?;
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    async fn insert_version(
        &self,
        tx: &mut sqlx::Transaction<'static, Any>,
        dashboard_id: i64,
        version: i64,
        save: &Prepared,
        history: &Value,
        user_id: i64,
        now: i64,
    ) -> Result<()> {
        let insert = self.store().sql(
            "INSERT INTO dashboard_version (dashboard_id, parent_version, restored_from, version, \
             created, created_by, message, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        );
        let result = sqlx::query(insert)
            .bind(dashboard_id)
            .bind(version - 1)
            .bind(save.restored_from)
            .bind(version)
            .bind(now)
            .bind(user_id)
            .bind(save.message.clone())
            .bind(serde_json::to_string(history)?)
            .execute(&mut **tx)
            .await;
        if let Err(error) = result {
            return Err(if is_unique(&error) {
                DashboardError::VersionMismatch
            } else {
                error.into()
            });
        }
        let prune = self
            .store()
            .sql("DELETE FROM dashboard_version WHERE dashboard_id = ? AND version <= ?");
        sqlx::query(prune)
            .bind(dashboard_id)
            .bind(version - self.options().versions_to_keep.max(1))
            .execute(&mut **tx)
            .await?;
        Ok(())
    }
}

/// Deadlocks (MySQL) and serialization failures (PostgreSQL) roll the transaction back and
/// are worth one more try; SQLite waits on its busy timeout instead.
fn is_retryable(error: &DashboardError) -> bool {
    let DashboardError::Store(store) = error else {
        return false;
    };
    let Some(sqlx::Error::Database(database)) =
        std::error::Error::source(store).and_then(|source| source.downcast_ref::<sqlx::Error>())
    else {
        return false;
    };
    matches!(database.code().as_deref(), Some("40001" | "40P01"))
}
