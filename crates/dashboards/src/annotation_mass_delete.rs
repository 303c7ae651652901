//! `POST /api/annotations/mass-delete`: one annotation by id, or every annotation of one
//! dashboard panel, as Grafana's mass delete.

use sightline_core::Identity;
use sightline_store::sqlx;

use crate::access::DashboardRef;
use crate::annotations::{dashboard_by_id, dashboard_by_uid};
use crate::error::{DashboardError, Result};
use crate::DashboardService;

/// What to delete; zeros and empty strings are absent.
#[derive(Debug, Clone, Default)]
pub struct MassDelete {
    pub annotation_id: i64,
    pub dashboard_uid: String,
    /// Used when `dashboard_uid` is empty.
    pub dashboard_id: i64,
    pub panel_id: i64,
}

/// Grafana's answer to a dashboard without a panel, or a panel without a dashboard.
const BOTH_REQUIRED: &str = "DashboardId and PanelId are both required for mass delete";

impl DashboardService {
    /// Deletes what `target` names and returns how many annotations went.
    pub async fn mass_delete_annotations(
        &self,
        caller: &Identity,
        target: &MassDelete,
    ) -> Result<u64> {
        let names_dashboard = !target.dashboard_uid.is_empty() || target.dashboard_id != 0;
        if names_dashboard != (target.panel_id != 0) {
            return Err(DashboardError::Invalid(BOTH_REQUIRED.into()));
        }
        if target.annotation_id != 0 {
            self.delete_annotation(caller, target.annotation_id).await?;
            return Ok(1);
        }
        if !names_dashboard {
            return Err(DashboardError::Invalid(
                "an annotationId, or a dashboardUID with a panelId, is required".into(),
            ));
        }
        let store = self.store();
        let org_id = caller.org_id;
        let dashboard = match target.dashboard_uid.as_str() {
            "" => dashboard_by_id(store, org_id, target.dashboard_id).await?,
            uid => dashboard_by_uid(store, org_id, uid).await?,
        };
        let Some((dashboard_id, uid, folder_uid)) = dashboard else {
            return Err(DashboardError::DashboardNotFound);
        };
        let access = self.access(caller).await?;
        let dashboard = DashboardRef {
            uid: &uid,
            folder_uid: &folder_uid,
        };
        if !access.can_view_dashboard(dashboard) {
            return Err(DashboardError::DashboardNotFound);
        }
        if !access.can_write_dashboard_annotations(dashboard) {
            return Err(DashboardError::AccessDenied(
                "Access denied to delete the annotations",
            ));
        }
        let mut tx = store.begin().await?;
        let delete_tags = store.sql(
            "DELETE FROM annotation_tag WHERE annotation_id IN (SELECT id FROM annotation \
             WHERE org_id = ? AND (dashboard_uid = ? OR dashboard_id = ?) AND panel_id = ?)",
        );
        sqlx::query(delete_tags)
            .bind(org_id)
            .bind(uid.clone())
            .bind(dashboard_id)
            .bind(target.panel_id)
            .execute(&mut *tx)
            .await?;
        let delete = store.sql(
            "DELETE FROM annotation WHERE org_id = ? AND (dashboard_uid = ? OR dashboard_id = ?) \
             AND panel_id = ?",
        );
        let deleted = sqlx::query(delete)
            .bind(org_id)
            .bind(uid)
            .bind(dashboard_id)
            .bind(target.panel_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        Ok(deleted)
    }
}
