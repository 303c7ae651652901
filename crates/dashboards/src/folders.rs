//! Folders: create, read, list children, update (with a version check), move (refusing
//! cycles and depths beyond [`MAX_DEPTH`]), count what they hold, and delete with everything
//! inside. Folders nest through `parent_uid`; `""` is the root. Titles are unique among
//! siblings, uids within an org.

use sightline_core::Identity;
use sightline_store::now_epoch;
use sightline_store::sqlx::{self, Any, Executor};

use crate::error::{DashboardError, Result};
use crate::folder_tree::{ancestry, height, subtree};
use crate::index::{Change, FolderEntry};
use crate::models::{DescendantCounts, Folder, FolderUpdate, FolderView, NewFolder};
use crate::naming::{check_uid, new_uid};
use crate::permissions::{self, ResourceKind, VIEW};
use crate::{is_unique, json_model, DashboardService};

/// How many levels folders may nest, the root level counting as 1 (Grafana's limit).
pub const MAX_DEPTH: usize = 8;

/// The uid Grafana reserves for the root ("General").
const GENERAL_UID: &str = "general";

/// `SELECT` of every folder column followed by the given clause.
macro_rules! select_folder {
    ($clause:literal) => {
        concat!(
            "SELECT id, uid, org_id, parent_uid, title, description, version, created, updated, \
             created_by, updated_by FROM folder ",
            $clause
        )
    };
}

impl DashboardService {
    pub(crate) async fn find_folder<'c, E>(
        &self,
        executor: E,
        org_id: i64,
        uid: &str,
    ) -> Result<Option<Folder>>
    where
        E: Executor<'c, Database = Any>,
    {
        let query = self
            .store()
            .sql(select_folder!("WHERE org_id = ? AND uid = ?"));
        Ok(sqlx::query_as(query)
            .bind(org_id)
            .bind(uid.to_string())
            .fetch_optional(executor)
            .await?)
    }

    pub(crate) async fn find_folder_by_id(&self, org_id: i64, id: i64) -> Result<Option<Folder>> {
        let query = self
            .store()
            .sql(select_folder!("WHERE org_id = ? AND id = ?"));
        Ok(sqlx::query_as(query)
            .bind(org_id)
            .bind(id)
            .fetch_optional(self.store().pool())
            .await?)
    }

    async fn existing_folder(&self, org_id: i64, uid: &str) -> Result<Folder> {
        self.find_folder(self.store().pool(), org_id, uid)
            .await?
            .ok_or(DashboardError::FolderNotFound)
    }

    /// Every folder of an org, for walking the tree.
    pub(crate) async fn all_folders(&self, org_id: i64) -> Result<Vec<Folder>> {
        let query = self
            .store()
            .sql(select_folder!("WHERE org_id = ? ORDER BY id"));
        Ok(sqlx::query_as(query)
            .bind(org_id)
            .fetch_all(self.store().pool())
            .await?)
    }

    /// The ancestors of a folder, the root-level one first.
    async fn ancestors(&self, org_id: i64, folder: &Folder) -> Result<Vec<Folder>> {
        let mut ancestors = Vec::new();
        let mut parent_uid = folder.parent_uid.clone();
        // The bound guards against a cycle written by hand into the database.
        while !parent_uid.is_empty() && ancestors.len() <= MAX_DEPTH {
            let Some(parent) = self
                .find_folder(self.store().pool(), org_id, &parent_uid)
                .await?
            else {
                break;
            };
            parent_uid = parent.parent_uid.clone();
            ancestors.push(parent);
        }
        ancestors.reverse();
        Ok(ancestors)
    }

    async fn view(&self, caller: &Identity, folder: Folder) -> Result<FolderView> {
        let access = self.access(caller).await?;
        let parents = self.ancestors(caller.org_id, &folder).await?;
        let capabilities = access.folder_capabilities(&folder);
        Ok(FolderView {
            folder,
            parents,
            capabilities,
        })
    }

    pub async fn create_folder(&self, caller: &Identity, new: NewFolder) -> Result<FolderView> {
        let org_id = caller.org_id;
        let title = folder_title(&new.title)?;
        let uid = match new.uid.as_deref().map(str::trim) {
            None | Some("") => new_uid(),
            Some(uid) => {
                check_uid(uid)?;
                if uid.eq_ignore_ascii_case(GENERAL_UID) {
                    return Err(DashboardError::FolderUidReserved);
                }
                uid.to_string()
            }
        };
        let parent_uid = new.parent_uid.trim().to_string();
        if !parent_uid.is_empty() {
            let parent = self.existing_folder(org_id, &parent_uid).await?;
            if self.ancestors(org_id, &parent).await?.len() + 2 > MAX_DEPTH {
                return Err(DashboardError::MaximumDepthReached);
            }
        }
        let access = self.access(caller).await?;
        if !access.can_create_folder_in(&parent_uid) {
            return Err(DashboardError::AccessDenied("Access denied"));
        }
        let mut tx = self.store().begin().await?;
        if self.uid_taken(&mut tx, org_id, &uid).await? {
            return Err(DashboardError::FolderUidExists);
        }
        let now = now_epoch();
        let insert = self.store().insert_sql(
            "INSERT INTO folder (uid, org_id, parent_uid, title, description, version, created, \
             updated, created_by, updated_by) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?)",
        );
        let query = sqlx::query(insert)
            .bind(uid.clone())
            .bind(org_id)
            .bind(parent_uid.clone())
            .bind(title)
            .bind(new.description.clone())
            .bind(now)
            .bind(now)
            .bind(caller.user_id)
            .bind(caller.user_id);
        match self.store().insert(&mut *tx, query).await {
            Err(error) if error.is_unique_violation() => {
                return Err(self.folder_conflict(org_id, &uid).await?)
            }
            other => other?,
        };
        permissions::grant_defaults(
            self.store(),
            &mut tx,
            org_id,
            ResourceKind::Folder,
            &uid,
            caller,
            parent_uid.is_empty(),
        )
        .await?;
        let pending = self.record_change(&mut tx, org_id, Change::Folders).await?;
        tx.commit().await?;
        self.apply_change(pending).await;
        let folder = self.existing_folder(org_id, &uid).await?;
        self.view(caller, folder).await
    }

    /// True when a folder or a dashboard of the org already has `uid`.
    async fn uid_taken(
        &self,
        tx: &mut sqlx::Transaction<'static, Any>,
        org_id: i64,
        uid: &str,
    ) -> Result<bool> {
        let query = self.store().sql(
            "SELECT (SELECT COUNT(*) FROM folder WHERE org_id = ? AND uid = ?) + \
             (SELECT COUNT(*) FROM dashboard WHERE org_id = ? AND uid = ?)",
        );
        let taken: i64 = sqlx::query_scalar(query)
            .bind(org_id)
            .bind(uid.to_string())
            .bind(org_id)
            .bind(uid.to_string())
            .fetch_one(&mut **tx)
            .await?;
        Ok(taken > 0)
    }

    /// After a unique violation on a folder insert: the uid or the title among siblings.
    async fn folder_conflict(&self, org_id: i64, uid: &str) -> Result<DashboardError> {
        let uid_taken = self
            .find_folder(self.store().pool(), org_id, uid)
            .await?
            .is_some();
        Ok(if uid_taken {
            DashboardError::FolderUidExists
        } else {
            DashboardError::FolderNameExists
        })
    }

    pub async fn get_folder(&self, caller: &Identity, uid: &str) -> Result<FolderView> {
        let folder = self.viewable_folder(caller, uid).await?;
        self.view(caller, folder).await
    }

    async fn viewable_folder(&self, caller: &Identity, uid: &str) -> Result<Folder> {
        let folder = self.existing_folder(caller.org_id, uid).await?;
        let access = self.access(caller).await?;
        if !access.can_view_folder(&folder) {
            return Err(DashboardError::AccessDenied("Access denied"));
        }
        Ok(folder)
    }

    /// The subfolders of `parent_uid` (`""`: the root level) the caller may see, by title,
    /// one 1-based page of `limit`.
    pub async fn list_folders(
        &self,
        caller: &Identity,
        parent_uid: &str,
        limit: i64,
        page: i64,
    ) -> Result<Vec<Folder>> {
        let access = self.access(caller).await?;
        // The index is read in a block: its lock must not be held across an `await`.
        let uids: Vec<String> = {
            let index = access.index().read();
            let levels = access.levels(&index);
            let mut children: Vec<&FolderEntry> = index
                .folders()
                .values()
                .filter(|folder| folder.parent_uid == parent_uid)
                .filter(|folder| levels.folder(&folder.uid) >= VIEW)
                .collect();
            children.sort_by(|a, b| (&a.title_lower, a.id).cmp(&(&b.title_lower, b.id)));
            let offset =
                usize::try_from((page.max(1) - 1).saturating_mul(limit)).unwrap_or(usize::MAX);
            children
                .into_iter()
                .skip(offset)
                .take(usize::try_from(limit).unwrap_or(0))
                .map(|folder| folder.uid.clone())
                .collect()
        };
        let mut folders = Vec::with_capacity(uids.len());
        for uid in uids {
            if let Some(folder) = self
                .find_folder(self.store().pool(), caller.org_id, &uid)
                .await?
            {
                folders.push(folder);
            }
        }
        Ok(folders)
    }

    /// Renames or re-describes a folder. The caller must have seen the current `version`
    /// unless `overwrite`.
    pub async fn update_folder(
        &self,
        caller: &Identity,
        uid: &str,
        update: FolderUpdate,
    ) -> Result<FolderView> {
        let org_id = caller.org_id;
        let folder = self.existing_folder(org_id, uid).await?;
        let access = self.access(caller).await?;
        if !access.can_edit_folder(&folder) {
            return Err(DashboardError::AccessDenied("Access denied"));
        }
        let requested_uid = update.uid.as_deref().filter(|uid| !uid.is_empty());
        if requested_uid.is_some_and(|uid| uid != folder.uid) {
            return Err(DashboardError::Invalid(
                "changing the uid of a folder is not supported".into(),
            ));
        }
        if !update.overwrite && update.version != folder.version {
            return Err(DashboardError::FolderVersionMismatch);
        }
        let title = match &update.title {
            Some(title) => folder_title(title)?,
            None => folder.title.clone(),
        };
        let description = update
            .description
            .clone()
            .unwrap_or_else(|| folder.description.clone());
        let mut tx = self.store().begin().await?;
        let statement = self.store().sql(
            "UPDATE folder SET title = ?, description = ?, version = version + 1, updated = ?, \
             updated_by = ? WHERE id = ? AND version = ?",
        );
        let result = sqlx::query(statement)
            .bind(title)
            .bind(description)
            .bind(now_epoch())
            .bind(caller.user_id)
            .bind(folder.id)
            .bind(folder.version)
            .execute(&mut *tx)
            .await;
        match result {
            Ok(done) if done.rows_affected() == 0 => {
                return Err(DashboardError::FolderVersionMismatch)
            }
            Err(error) if is_unique(&error) => return Err(DashboardError::FolderNameExists),
            other => {
                other?;
            }
        }
        let pending = self.record_change(&mut tx, org_id, Change::Folders).await?;
        tx.commit().await?;
        self.apply_change(pending).await;
        let folder = self.existing_folder(org_id, uid).await?;
        self.view(caller, folder).await
    }

    /// Moves a folder under `new_parent_uid` (`""`: the root level).
    pub async fn move_folder(
        &self,
        caller: &Identity,
        uid: &str,
        new_parent_uid: &str,
    ) -> Result<FolderView> {
        let org_id = caller.org_id;
        let folder = self.existing_folder(org_id, uid).await?;
        let new_parent_uid = new_parent_uid.trim();
        let access = self.access(caller).await?;
        if !access.can_edit_folder(&folder) || !access.can_create_folder_in(new_parent_uid) {
            return Err(DashboardError::AccessDenied("Access denied"));
        }
        let tree = self.all_folders(org_id).await?;
        let parent_depth = if new_parent_uid.is_empty() {
            0
        } else {
            if new_parent_uid == folder.uid {
                return Err(DashboardError::CircularReference);
            }
            let parent = tree
                .iter()
                .find(|candidate| candidate.uid == new_parent_uid)
                .ok_or(DashboardError::FolderNotFound)?;
            let chain = ancestry(&tree, parent);
            if chain.iter().any(|ancestor| ancestor.uid == folder.uid) {
                return Err(DashboardError::CircularReference);
            }
            chain.len() + 1
        };
        if parent_depth + 1 + height(&tree, &folder.uid) > MAX_DEPTH {
            return Err(DashboardError::MaximumDepthReached);
        }
        let mut tx = self.store().begin().await?;
        let statement = self.store().sql(
            "UPDATE folder SET parent_uid = ?, version = version + 1, updated = ?, updated_by = ? \
             WHERE id = ?",
        );
        let result = sqlx::query(statement)
            .bind(new_parent_uid.to_string())
            .bind(now_epoch())
            .bind(caller.user_id)
            .bind(folder.id)
            .execute(&mut *tx)
            .await;
        match result {
            Err(error) if is_unique(&error) => return Err(DashboardError::FolderNameExists),
            other => {
                other?;
            }
        }
        let pending = self.record_change(&mut tx, org_id, Change::Folders).await?;
        tx.commit().await?;
        self.apply_change(pending).await;
        let folder = self.existing_folder(org_id, uid).await?;
        self.view(caller, folder).await
    }

    /// How many folders and dashboards a folder holds, at any depth.
    pub async fn descendant_counts(
        &self,
        caller: &Identity,
        uid: &str,
    ) -> Result<DescendantCounts> {
        let folder = self.viewable_folder(caller, uid).await?;
        let access = self.access(caller).await?;
        let index = access.index().read();
        let levels = access.levels(&index);
        // A folder is under `uid` when `uid` is on its chain of ancestors.
        let under = |folder_uid: &str| index.folder_chain(folder_uid).any(|f| f.uid == folder.uid);
        let folders = index
            .folders()
            .values()
            .filter(|candidate| candidate.uid != folder.uid && under(&candidate.uid))
            .filter(|candidate| levels.folder(&candidate.uid) >= VIEW)
            .count();
        let dashboards = index
            .dashboards()
            .iter()
            .filter(|dashboard| under(&dashboard.folder_uid))
            .filter(|dashboard| levels.dashboard(dashboard) >= VIEW)
            .count();
        Ok(DescendantCounts {
            folders: folders as i64,
            dashboards: dashboards as i64,
        })
    }

    /// Deletes a folder with its subfolders and every dashboard in them. Alert rules would
    /// block this in Grafana unless forced; Sightline has none yet, so nothing blocks it.
    pub async fn delete_folder(&self, caller: &Identity, uid: &str) -> Result<Folder> {
        let org_id = caller.org_id;
        let folder = self.existing_folder(org_id, uid).await?;
        let access = self.access(caller).await?;
        if !access.can_delete_folder(&folder) {
            return Err(DashboardError::AccessDenied("Access denied"));
        }
        let tree = self.all_folders(org_id).await?;
        let doomed = subtree(&tree, &folder.uid);
        let mut tx = self.store().begin().await?;
        let in_folder = self
            .store()
            .sql("SELECT id, uid FROM dashboard WHERE org_id = ? AND folder_uid = ?");
        for folder_uid in &doomed {
            let dashboards: Vec<(i64, String)> = sqlx::query_as(in_folder)
                .bind(org_id)
                .bind(folder_uid.clone())
                .fetch_all(&mut *tx)
                .await?;
            for (dashboard_id, dashboard_uid) in dashboards {
                self.delete_dashboard_rows(&mut tx, org_id, dashboard_id, &dashboard_uid)
                    .await?;
            }
        }
        // Children before parents, so the tree is never left with an orphan mid-way.
        for folder_uid in doomed.iter().rev() {
            permissions::revoke_all(
                self.store(),
                &mut tx,
                org_id,
                ResourceKind::Folder,
                folder_uid,
            )
            .await?;
            sqlx::query(
                self.store()
                    .sql("DELETE FROM folder WHERE org_id = ? AND uid = ?"),
            )
            .bind(org_id)
            .bind(folder_uid.clone())
            .execute(&mut *tx)
            .await?;
        }
        let pending = self
            .record_change(&mut tx, org_id, Change::Everything)
            .await?;
        tx.commit().await?;
        self.apply_change(pending).await;
        Ok(folder)
    }
}

/// Trims a folder title and refuses it when empty or too long for its column.
fn folder_title(title: &str) -> Result<String> {
    let title = title.trim();
    if title.is_empty() {
        return Err(DashboardError::FolderTitleEmpty);
    }
    if title.chars().count() > json_model::MAX_NAME_CHARS {
        return Err(DashboardError::Invalid(format!(
            "folder title cannot contain more than {} characters",
            json_model::MAX_NAME_CHARS
        )));
    }
    Ok(title.to_string())
}
