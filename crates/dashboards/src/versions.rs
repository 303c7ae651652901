//! A dashboard's history: one entry per save, listed newest first, read one by one, and
//! restored as a new save.
//!
//! Each entry holds the dashboard JSON as the client sent it for that save (with `id`, `uid`
//! and `version` set), before the schema upgrade the live dashboard went through. So an old
//! dashboard imported or first saved here can always be had back exactly as it came, from
//! its first history entry; restoring an entry saves it again and so upgrades it again. This
//! is also what Grafana keeps: its server stores what the client sends.

use serde_json::Value;
use sightline_core::Identity;
use sightline_store::sqlx::{self, any::AnyRow, Row};

use crate::error::{DashboardError, Result};
use crate::models::{DashboardVersion, SaveDashboard, SavedDashboard, VersionPage};
use crate::DashboardService;

/// Grafana's default page size for history.
const DEFAULT_LIMIT: i64 = 1000;

/// Which page of history to read.
#[derive(Debug, Clone, Default)]
pub struct VersionsQuery {
    /// At most this many entries; Grafana's default (1000) when 0 or less.
    pub limit: i64,
    /// Skip this many of the newest entries.
    pub start: i64,
    /// The `continueToken` of the previous page; takes precedence over `start`.
    pub continue_token: String,
}

/// Reads a `dashboard_version` row; `data` only when the statement selected it.
fn version_from_row(row: &AnyRow, with_data: bool) -> Result<DashboardVersion> {
    let data = if with_data {
        let text = sightline_store::long_text(row, "data")?.unwrap_or_default();
        Some(serde_json::from_str::<Value>(&text)?)
    } else {
        None
    };
    Ok(DashboardVersion {
        id: row.try_get("id")?,
        dashboard_id: row.try_get("dashboard_id")?,
        dashboard_uid: String::new(),
        parent_version: row.try_get("parent_version")?,
        restored_from: row.try_get("restored_from")?,
        version: row.try_get("version")?,
        created: row.try_get("created")?,
        created_by: row.try_get("created_by")?,
        message: sightline_store::long_text(row, "message")?.unwrap_or_default(),
        data,
    })
}

impl DashboardService {
    /// A page of the history of a dashboard the caller may edit, newest first.
    pub async fn list_versions(
        &self,
        caller: &Identity,
        uid: &str,
        query: &VersionsQuery,
    ) -> Result<VersionPage> {
        let dashboard = self.history_of(caller, uid).await?;
        let limit = if query.limit > 0 {
            query.limit
        } else {
            DEFAULT_LIMIT
        };
        let offset = match query.continue_token.as_str() {
            "" => query.start.max(0),
            token => token
                .parse::<i64>()
                .ok()
                .filter(|offset| *offset >= 0)
                .ok_or_else(|| {
                    DashboardError::Invalid(format!("invalid continueToken {token:?}"))
                })?,
        };
        let select = self.store().sql(
            "SELECT id, dashboard_id, parent_version, restored_from, version, created, created_by, \
             message FROM dashboard_version WHERE dashboard_id = ? \
             ORDER BY version DESC LIMIT ? OFFSET ?",
        );
        // One more than asked tells whether another page follows.
        let rows = sqlx::query(select)
            .bind(dashboard.id)
            .bind(limit + 1)
            .bind(offset)
            .fetch_all(self.store().pool())
            .await?;
        let more = rows.len() as i64 > limit;
        let versions = rows
            .iter()
            .take(limit as usize)
            .map(|row| {
                let mut version = version_from_row(row, false)?;
                version.dashboard_uid = dashboard.uid.clone();
                Ok(version)
            })
            .collect::<Result<_>>()?;
        Ok(VersionPage {
            versions,
            continue_token: if more {
                (offset + limit).to_string()
            } else {
                String::new()
            },
        })
    }

    /// One history entry with its data.
    pub async fn get_version(
        &self,
        caller: &Identity,
        uid: &str,
        version: i64,
    ) -> Result<DashboardVersion> {
        let dashboard = self.history_of(caller, uid).await?;
        self.version_of(dashboard.id, &dashboard.uid, version).await
    }

    async fn version_of(
        &self,
        dashboard_id: i64,
        uid: &str,
        version: i64,
    ) -> Result<DashboardVersion> {
        let select = self.store().sql(
            "SELECT id, dashboard_id, parent_version, restored_from, version, created, created_by, \
             message, data FROM dashboard_version WHERE dashboard_id = ? AND version = ?",
        );
        let row = sqlx::query(select)
            .bind(dashboard_id)
            .bind(version)
            .fetch_optional(self.store().pool())
            .await?;
        let row = row.ok_or_else(|| DashboardError::VersionNotFound {
            uid: uid.to_string(),
            version,
        })?;
        let mut found = version_from_row(&row, true)?;
        found.dashboard_uid = uid.to_string();
        Ok(found)
    }

    /// Saves the data of an earlier version as the newest version, in the dashboard's
    /// current folder, recording where it came from.
    pub async fn restore_version(
        &self,
        caller: &Identity,
        uid: &str,
        version: i64,
    ) -> Result<SavedDashboard> {
        let dashboard = self.history_of(caller, uid).await?;
        let restored = self
            .version_of(dashboard.id, &dashboard.uid, version)
            .await?;
        let mut data = restored.data.unwrap_or_default();
        crate::json_model::stamp(&mut data, dashboard.id, &dashboard.uid, dashboard.version);
        let save = SaveDashboard {
            dashboard: data,
            folder_uid: Some(dashboard.folder_uid.clone()),
            folder_id: None,
            message: format!("Restored from version {version}"),
            overwrite: false,
        };
        self.save_as(caller, save, version).await
    }

    /// The dashboard whose history the caller wants, if they may edit it.
    async fn history_of(&self, caller: &Identity, uid: &str) -> Result<crate::Dashboard> {
        let (dashboard, access) = self.viewable_dashboard(caller, uid).await?;
        if !access.can_edit_dashboard(dashboard.reference()) {
            return Err(DashboardError::AccessDenied(
                "Access denied to this dashboard",
            ));
        }
        Ok(dashboard)
    }
}
