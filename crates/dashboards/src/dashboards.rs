//! Reading and deleting dashboards, their tags, and the home dashboard. Saving is in
//! `save.rs`, history in `versions.rs`.

use sightline_core::Identity;
use sightline_store::sqlx::{self, Any, Executor, Row};

use crate::error::{DashboardError, Result};
use crate::index::Change;
use crate::models::{Dashboard, DashboardView, Home, Provisioning, TagCount};
use crate::permissions::{self, ResourceKind};
use crate::{home, json_model, upgrade, DashboardService};

/// `SELECT` of every dashboard column followed by the given clause.
macro_rules! select_dashboard {
    ($clause:literal) => {
        concat!(
            "SELECT id, uid, org_id, folder_uid, title, slug, data, version, schema_version, \
             plugin_id, created, updated, created_by, updated_by FROM dashboard ",
            $clause
        )
    };
}

impl DashboardService {
    pub(crate) async fn find_dashboard<'c, E>(
        &self,
        executor: E,
        org_id: i64,
        uid: &str,
    ) -> Result<Option<Dashboard>>
    where
        E: Executor<'c, Database = Any>,
    {
        let query = self
            .store()
            .sql(select_dashboard!("WHERE org_id = ? AND uid = ?"));
        Ok(sqlx::query_as(query)
            .bind(org_id)
            .bind(uid.to_string())
            .fetch_optional(executor)
            .await?)
    }

    /// A dashboard of the caller's org that the caller may view, in the current schema.
    pub(crate) async fn viewable_dashboard(
        &self,
        caller: &Identity,
        uid: &str,
    ) -> Result<(Dashboard, crate::Access)> {
        let dashboard = self
            .find_dashboard(self.store().pool(), caller.org_id, uid)
            .await?
            .ok_or(DashboardError::DashboardNotFound)?;
        let access = self.access(caller).await?;
        if !access.can_view_dashboard(dashboard.reference()) {
            return Err(DashboardError::AccessDenied(
                "Access denied to this dashboard",
            ));
        }
        Ok((self.current_schema(dashboard)?, access))
    }

    /// Upgrades a dashboard an older release stored; the stored row is left as it is until
    /// the next save.
    fn current_schema(&self, mut dashboard: Dashboard) -> Result<Dashboard> {
        if upgrade::is_outdated(dashboard.schema_version) {
            let upgraded = upgrade::upgrade(
                dashboard.data,
                self.data_sources.for_org(dashboard.org_id).as_ref(),
            )
            .map_err(|reason| DashboardError::StoredDashboardUnreadable {
                uid: dashboard.uid.clone(),
                reason,
            })?;
            dashboard.data = upgraded.dashboard;
            dashboard.schema_version = upgraded.schema_version;
        }
        json_model::stamp(
            &mut dashboard.data,
            dashboard.id,
            &dashboard.uid,
            dashboard.version,
        );
        Ok(dashboard)
    }

    /// A dashboard with its folder, provisioning, star and what the caller may do with it.
    pub async fn get_dashboard(&self, caller: &Identity, uid: &str) -> Result<DashboardView> {
        let (dashboard, access) = self.viewable_dashboard(caller, uid).await?;
        let folder = match dashboard.folder_uid.as_str() {
            "" => None,
            folder_uid => {
                self.find_folder(self.store().pool(), caller.org_id, folder_uid)
                    .await?
            }
        };
        let provisioning = self.provisioning(dashboard.id).await?;
        let is_starred = access.starred(&dashboard.uid);
        let capabilities = access.dashboard_capabilities(dashboard.reference());
        let annotations = access.annotation_capabilities(dashboard.reference());
        Ok(DashboardView {
            dashboard,
            folder,
            provisioning,
            is_starred,
            capabilities,
            annotations,
        })
    }

    pub(crate) async fn provisioning(&self, dashboard_id: i64) -> Result<Option<Provisioning>> {
        let query = self.store().sql(
            "SELECT name, external_id, allow_ui_updates FROM dashboard_provisioning \
             WHERE dashboard_id = ?",
        );
        let row = sqlx::query(query)
            .bind(dashboard_id)
            .fetch_optional(self.store().pool())
            .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        Ok(Some(Provisioning {
            name: row.try_get("name")?,
            external_id: sightline_store::long_text(&row, "external_id")?.unwrap_or_default(),
            allow_ui_updates: row.try_get::<i64, _>("allow_ui_updates")? != 0,
        }))
    }

    /// Deletes a dashboard with its history, tags, stars, permissions and annotations.
    pub async fn delete_dashboard(&self, caller: &Identity, uid: &str) -> Result<Dashboard> {
        let dashboard = self
            .find_dashboard(self.store().pool(), caller.org_id, uid)
            .await?
            .ok_or(DashboardError::DashboardNotFound)?;
        let access = self.access(caller).await?;
        if !access.can_delete_dashboard(dashboard.reference()) {
            return Err(DashboardError::AccessDenied(
                "Access denied to this dashboard",
            ));
        }
        if self.provisioning(dashboard.id).await?.is_some() {
            return Err(DashboardError::ProvisionedDelete);
        }
        let mut tx = self.store().begin().await?;
        self.delete_dashboard_rows(&mut tx, caller.org_id, dashboard.id, &dashboard.uid)
            .await?;
        let change = Change::Dashboard(dashboard.uid.clone());
        let pending = self.record_change(&mut tx, caller.org_id, change).await?;
        tx.commit().await?;
        self.apply_change(pending).await;
        Ok(dashboard)
    }

    /// Deletes every row of one dashboard; shared with folder deletion.
    pub(crate) async fn delete_dashboard_rows(
        &self,
        tx: &mut sqlx::Transaction<'static, Any>,
        org_id: i64,
        dashboard_id: i64,
        uid: &str,
    ) -> Result<()> {
        let store = self.store();
        for statement in [
            "DELETE FROM dashboard_tag WHERE dashboard_id = ?",
            "DELETE FROM dashboard_version WHERE dashboard_id = ?",
            "DELETE FROM dashboard_provisioning WHERE dashboard_id = ?",
        ] {
            sqlx::query(store.sql(statement))
                .bind(dashboard_id)
                .execute(&mut **tx)
                .await?;
        }
        for statement in [
            "DELETE FROM star WHERE org_id = ? AND dashboard_uid = ?",
            "DELETE FROM annotation_tag WHERE annotation_id IN \
             (SELECT id FROM annotation WHERE org_id = ? AND dashboard_uid = ?)",
            "DELETE FROM annotation WHERE org_id = ? AND dashboard_uid = ?",
        ] {
            sqlx::query(store.sql(statement))
                .bind(org_id)
                .bind(uid.to_string())
                .execute(&mut **tx)
                .await?;
        }
        permissions::revoke_all(store, tx, org_id, ResourceKind::Dashboard, uid).await?;
        // Annotations written against the numeric id only (Grafana's older API).
        for statement in [
            "DELETE FROM annotation_tag WHERE annotation_id IN \
             (SELECT id FROM annotation WHERE org_id = ? AND dashboard_id = ?)",
            "DELETE FROM annotation WHERE org_id = ? AND dashboard_id = ?",
            "DELETE FROM dashboard WHERE org_id = ? AND id = ?",
        ] {
            sqlx::query(store.sql(statement))
                .bind(org_id)
                .bind(dashboard_id)
                .execute(&mut **tx)
                .await?;
        }
        Ok(())
    }

    /// Every tag of the org's dashboards with how many dashboards carry it, by tag.
    pub async fn tags(&self, caller: &Identity) -> Result<Vec<TagCount>> {
        let query = self.store().sql(
            "SELECT term, COUNT(*) AS count FROM dashboard_tag WHERE org_id = ? \
             GROUP BY term ORDER BY term",
        );
        let rows = sqlx::query(query)
            .bind(caller.org_id)
            .fetch_all(self.store().pool())
            .await?;
        rows.iter()
            .map(|row| {
                Ok(TagCount {
                    term: row.try_get("term")?,
                    count: row.try_get("count")?,
                })
            })
            .collect()
    }

    /// The caller's home: the preferred dashboard (`preferred_uid`, from the caller's
    /// preferences) when it exists and they may view it, else the built-in home dashboard.
    pub async fn home(&self, caller: &Identity, preferred_uid: &str) -> Result<Home> {
        if !preferred_uid.is_empty() {
            match self.viewable_dashboard(caller, preferred_uid).await {
                Ok((dashboard, _)) => {
                    return Ok(Home::Redirect {
                        uid: dashboard.uid,
                        slug: dashboard.slug,
                    })
                }
                Err(DashboardError::DashboardNotFound | DashboardError::AccessDenied(_)) => {
                    tracing::debug!(uid = preferred_uid, "home dashboard preference ignored");
                }
                Err(error) => return Err(error),
            }
        }
        Ok(Home::BuiltIn(home::built_in()))
    }
}
