//! Stars: a signed-in caller marks dashboards of their org as favourites.

use sightline_core::Identity;
use sightline_store::{now_epoch, sqlx};

use crate::error::{DashboardError, Result};
use crate::{is_unique, DashboardService};

impl DashboardService {
    /// Stars a dashboard the caller may view; starring twice is not an error.
    pub async fn star(&self, caller: &Identity, uid: &str) -> Result<()> {
        let (dashboard, access) = self.viewable_dashboard(caller, uid).await?;
        if !access.can_star() {
            return Err(DashboardError::AccessDenied(
                "only signed-in users can star dashboards",
            ));
        }
        let insert = self
            .store()
            .sql("INSERT INTO star (org_id, user_id, dashboard_uid, updated) VALUES (?, ?, ?, ?)");
        let result = sqlx::query(insert)
            .bind(caller.org_id)
            .bind(caller.user_id)
            .bind(dashboard.uid)
            .bind(now_epoch())
            .execute(self.store().pool())
            .await;
        match result {
            Err(error) if !is_unique(&error) => return Err(error.into()),
            _ => {}
        }
        self.store().freshness().changed_here();
        Ok(())
    }

    /// Removes the caller's star from a dashboard; removing a missing star is not an error.
    pub async fn unstar(&self, caller: &Identity, uid: &str) -> Result<()> {
        let (dashboard, _) = self.viewable_dashboard(caller, uid).await?;
        let delete = self
            .store()
            .sql("DELETE FROM star WHERE org_id = ? AND user_id = ? AND dashboard_uid = ?");
        sqlx::query(delete)
            .bind(caller.org_id)
            .bind(caller.user_id)
            .bind(dashboard.uid)
            .execute(self.store().pool())
            .await?;
        self.store().freshness().changed_here();
        Ok(())
    }

    /// The uids of the dashboards of the caller's org they starred, by title.
    pub async fn starred_uids(&self, caller: &Identity) -> Result<Vec<String>> {
        if caller.user_id <= 0 {
            return Ok(Vec::new());
        }
        let select = self.store().sql(
            "SELECT s.dashboard_uid FROM star s JOIN dashboard d \
             ON d.org_id = s.org_id AND d.uid = s.dashboard_uid \
             WHERE s.org_id = ? AND s.user_id = ? ORDER BY d.title",
        );
        Ok(sqlx::query_scalar(select)
            .bind(caller.org_id)
            .bind(caller.user_id)
            .fetch_all(self.store().pool())
            .await?)
    }
}
