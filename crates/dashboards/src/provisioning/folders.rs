//! The folders provisioned dashboards go into: the provider's `folder` (by `folderUid` when
//! given, else by title at the root) or, with `foldersFromFilesStructure`, one folder per
//! directory, nested as the directories are. Missing folders are created; folders are never
//! deleted or renamed by provisioning.

use std::collections::HashMap;

use sightline_core::Identity;
use sightline_store::sqlx;

use super::config::ProviderConfig;
use crate::error::{DashboardError, Result};
use crate::models::NewFolder;
use crate::DashboardService;

/// Folder uids found during one pass, by directory path (the provider folder under `[]`).
#[derive(Debug, Default)]
pub struct FolderCache {
    uids: HashMap<Vec<String>, String>,
}

impl FolderCache {
    /// The uid of the folder for a file in `directories` (`""`: the root).
    pub async fn folder_for(
        &mut self,
        service: &DashboardService,
        caller: &Identity,
        config: &ProviderConfig,
        directories: &[String],
    ) -> Result<String> {
        if !config.folders_from_files_structure {
            if config.folder.is_empty() {
                return Ok(String::new());
            }
            if let Some(uid) = self.uids.get(&Vec::new()) {
                return Ok(uid.clone());
            }
            let wanted_uid = Some(config.folder_uid.as_str()).filter(|uid| !uid.is_empty());
            let uid = child_folder(service, caller, "", &config.folder, wanted_uid).await?;
            self.uids.insert(Vec::new(), uid.clone());
            return Ok(uid);
        }
        let mut parent_uid = String::new();
        for depth in 1..=directories.len() {
            let key = directories[..depth].to_vec();
            if let Some(uid) = self.uids.get(&key) {
                parent_uid = uid.clone();
                continue;
            }
            let title = &directories[depth - 1];
            let uid = child_folder(service, caller, &parent_uid, title, None).await?;
            self.uids.insert(key, uid.clone());
            parent_uid = uid;
        }
        Ok(parent_uid)
    }
}

/// The uid of the folder titled `title` under `parent_uid` (or with `wanted_uid`), created
/// when missing. Another server creating it at the same moment is not an error.
async fn child_folder(
    service: &DashboardService,
    caller: &Identity,
    parent_uid: &str,
    title: &str,
    wanted_uid: Option<&str>,
) -> Result<String> {
    if let Some(uid) = wanted_uid {
        let found = service
            .find_folder(service.store().pool(), caller.org_id, uid)
            .await?;
        if found.is_some() {
            return Ok(uid.to_string());
        }
    } else if let Some(uid) = find_child(service, caller.org_id, parent_uid, title, false).await? {
        return Ok(uid);
    }
    let new = NewFolder {
        uid: wanted_uid.map(str::to_string),
        title: title.to_string(),
        description: String::new(),
        parent_uid: parent_uid.to_string(),
    };
    match service.create_folder(caller, new).await {
        Ok(view) => {
            tracing::info!(folder = title, uid = %view.folder.uid, "provisioning folder created");
            Ok(view.folder.uid)
        }
        Err(DashboardError::FolderNameExists | DashboardError::FolderUidExists)
            if wanted_uid.is_none() =>
        {
            // Created meanwhile, or a title that differs only in case where the database
            // compares titles without case (MySQL).
            find_child(service, caller.org_id, parent_uid, title, true)
                .await?
                .ok_or(DashboardError::FolderNameExists)
        }
        Err(error) => Err(error),
    }
}

async fn find_child(
    service: &DashboardService,
    org_id: i64,
    parent_uid: &str,
    title: &str,
    ignore_case: bool,
) -> Result<Option<String>> {
    let query = if ignore_case {
        "SELECT uid FROM folder WHERE org_id = ? AND parent_uid = ? AND LOWER(title) = ? \
         ORDER BY id"
    } else {
        "SELECT uid FROM folder WHERE org_id = ? AND parent_uid = ? AND title = ? ORDER BY id"
    };
    let title = if ignore_case {
        title.to_lowercase()
    } else {
        title.to_string()
    };
    let uid: Option<String> = sqlx::query_scalar(service.store().sql(query))
        .bind(org_id)
        .bind(parent_uid.to_string())
        .bind(title)
        .fetch_optional(service.store().pool())
        .await?;
    Ok(uid)
}
