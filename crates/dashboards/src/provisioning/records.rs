//! The `dashboard_provisioning` rows: which dashboard a provider's file became, with the
//! file's checksum. `name` is the provider, `external_id` the file's path relative to the
//! provider's `options.path` (what `provisionedExternalId` shows), `check_sum` its SHA-256.

use sightline_store::now_epoch;
use sightline_store::sqlx::{self, Any, Row};

use crate::error::Result;
use crate::index::Change;
use crate::DashboardService;

/// A provisioned dashboard, as its provider compares it with the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProvisionedDashboard {
    pub dashboard_id: i64,
    pub org_id: i64,
    pub uid: String,
    pub folder_uid: String,
    pub provider: String,
    pub external_id: String,
    pub check_sum: String,
    pub allow_ui_updates: bool,
}

/// What marking a save as provisioned records.
pub struct Marking<'a> {
    pub provider: &'a str,
    pub external_id: &'a str,
    pub check_sum: &'a str,
    pub allow_ui_updates: bool,
}

/// `SELECT` of a [`ProvisionedDashboard`] followed by the given clause.
macro_rules! select_provisioned {
    ($clause:literal) => {
        concat!(
            "SELECT p.dashboard_id, p.name, p.external_id, p.check_sum, p.allow_ui_updates, \
             d.org_id, d.uid, d.folder_uid FROM dashboard_provisioning p \
             JOIN dashboard d ON d.id = p.dashboard_id ",
            $clause
        )
    };
}

impl DashboardService {
    /// The dashboards `provider` provisioned.
    pub(super) async fn provisioned_by(&self, provider: &str) -> Result<Vec<ProvisionedDashboard>> {
        let query = self.store().sql(select_provisioned!(
            "WHERE p.name = ? ORDER BY p.dashboard_id"
        ));
        let rows = sqlx::query(query)
            .bind(provider.to_string())
            .fetch_all(self.store().pool())
            .await?;
        rows.iter().map(provisioned).collect()
    }

    /// Every provisioned dashboard, of every provider.
    pub(super) async fn all_provisioned(&self) -> Result<Vec<ProvisionedDashboard>> {
        let query = self
            .store()
            .sql(select_provisioned!("ORDER BY p.dashboard_id"));
        let rows = sqlx::query(query).fetch_all(self.store().pool()).await?;
        rows.iter().map(provisioned).collect()
    }

    /// Provisioned dashboards a save of `uid` titled `title` into `folder_uid` would touch:
    /// the one with that uid and the one with that title in the folder.
    pub(super) async fn provisioned_in_the_way(
        &self,
        org_id: i64,
        uid: &str,
        folder_uid: &str,
        title: &str,
    ) -> Result<Vec<ProvisionedDashboard>> {
        let query = self.store().sql(select_provisioned!(
            "WHERE d.org_id = ? AND (d.uid = ? OR (d.folder_uid = ? AND d.title = ?)) \
             ORDER BY p.dashboard_id"
        ));
        let rows = sqlx::query(query)
            .bind(org_id)
            .bind(uid.to_string())
            .bind(folder_uid.to_string())
            .bind(title.to_string())
            .fetch_all(self.store().pool())
            .await?;
        rows.iter().map(provisioned).collect()
    }

    /// Records, in the transaction that saves `dashboard_id`, that it comes from a
    /// provider's file, replacing any earlier record. The save holds the dashboard's row (a
    /// new one is not visible to others yet), so no other server marks it in between.
    pub(crate) async fn mark_provisioned(
        &self,
        tx: &mut sqlx::Transaction<'static, Any>,
        dashboard_id: i64,
        marking: &Marking<'_>,
    ) -> Result<()> {
        let update = self.store().sql(
            "UPDATE dashboard_provisioning SET name = ?, external_id = ?, check_sum = ?, \
             allow_ui_updates = ?, updated = ? WHERE dashboard_id = ?",
        );
        let updated = sqlx::query(update)
            .bind(marking.provider.to_string())
            .bind(marking.external_id.to_string())
            .bind(marking.check_sum.to_string())
            .bind(i64::from(marking.allow_ui_updates))
            .bind(now_epoch())
            .bind(dashboard_id)
            .execute(&mut **tx)
            .await?;
        if updated.rows_affected() > 0 {
            return Ok(());
        }
        let insert = self.store().sql(
            "INSERT INTO dashboard_provisioning (dashboard_id, name, external_id, check_sum, \
             allow_ui_updates, updated) VALUES (?, ?, ?, ?, ?, ?)",
        );
        sqlx::query(insert)
            .bind(dashboard_id)
            .bind(marking.provider.to_string())
            .bind(marking.external_id.to_string())
            .bind(marking.check_sum.to_string())
            .bind(i64::from(marking.allow_ui_updates))
            .bind(now_epoch())
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    /// Changes only whether the API may save the dashboard (the provider's setting changed).
    pub(super) async fn set_allow_ui_updates(&self, dashboard_id: i64, allow: bool) -> Result<()> {
        let update = self
            .store()
            .sql("UPDATE dashboard_provisioning SET allow_ui_updates = ? WHERE dashboard_id = ?");
        sqlx::query(update)
            .bind(i64::from(allow))
            .bind(dashboard_id)
            .execute(self.store().pool())
            .await?;
        Ok(())
    }

    /// Forgets where the dashboard came from; it stays as an ordinary dashboard.
    pub(super) async fn unprovision(&self, dashboard_id: i64) -> Result<()> {
        let delete = self
            .store()
            .sql("DELETE FROM dashboard_provisioning WHERE dashboard_id = ?");
        sqlx::query(delete)
            .bind(dashboard_id)
            .execute(self.store().pool())
            .await?;
        Ok(())
    }

    /// Deletes a provisioned dashboard with everything that belongs to it (bypassing the
    /// refusal the API gets for provisioned dashboards).
    pub(super) async fn delete_provisioned(&self, dashboard: &ProvisionedDashboard) -> Result<()> {
        let mut tx = self.store().begin().await?;
        self.delete_dashboard_rows(
            &mut tx,
            dashboard.org_id,
            dashboard.dashboard_id,
            &dashboard.uid,
        )
        .await?;
        let change = Change::Dashboard(dashboard.uid.clone());
        let pending = self
            .record_change(&mut tx, dashboard.org_id, change)
            .await?;
        tx.commit().await?;
        self.apply_change(pending).await;
        Ok(())
    }
}

fn provisioned(row: &sqlx::any::AnyRow) -> Result<ProvisionedDashboard> {
    Ok(ProvisionedDashboard {
        dashboard_id: row.try_get("dashboard_id")?,
        org_id: row.try_get("org_id")?,
        uid: row.try_get("uid")?,
        folder_uid: row.try_get("folder_uid")?,
        provider: row.try_get("name")?,
        external_id: sightline_store::long_text(row, "external_id")?.unwrap_or_default(),
        check_sum: row.try_get("check_sum")?,
        allow_ui_updates: row.try_get::<i64, _>("allow_ui_updates")? != 0,
    })
}
