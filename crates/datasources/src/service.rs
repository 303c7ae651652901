//! Reading and deleting data sources, opening their secrets, and keeping the name snapshots
//! of the schema migration current (creates and updates are in `save.rs`).

use std::collections::BTreeMap;

use crate::error::{DataSourceError, Result};
use crate::models::{Actor, DataSource, DataSourceKey};
use crate::{records, DataSourceService, OwnedKey};

impl DataSourceService {
    /// The org's data sources ordered by name without regard to case, as Grafana lists them
    /// (at most 5000).
    pub async fn list(&self, org_id: i64) -> Result<Vec<DataSource>> {
        let mut conn = self.store().pool().acquire().await?;
        let mut data_sources = records::list_org(self.store(), &mut conn, org_id).await?;
        data_sources.sort_by_cached_key(|data_source| data_source.name.to_lowercase());
        Ok(data_sources)
    }

    /// One data source of the org. A read of it made within `[database] shared_state_ttl`
    /// and before this server's last data source write answers without the database.
    pub async fn get(&self, org_id: i64, key: DataSourceKey<'_>) -> Result<DataSource> {
        let freshness = self.store().freshness();
        let cache_key = (org_id, OwnedKey::from(key));
        if let Some(data_source) = self.recent.get(freshness, &cache_key) {
            return Ok(data_source);
        }
        let read = freshness.stamp();
        let mut conn = self.store().pool().acquire().await?;
        let data_source = records::find(self.store(), &mut conn, org_id, key)
            .await?
            .ok_or(DataSourceError::NotFound)?;
        self.recent
            .put(freshness, cache_key, data_source.clone(), read);
        Ok(data_source)
    }

    /// Deletes a data source and returns it. The API may not delete read-only (provisioned)
    /// data sources; provisioning may.
    pub async fn delete(
        &self,
        org_id: i64,
        key: DataSourceKey<'_>,
        actor: Actor,
    ) -> Result<DataSource> {
        let mut tx = self.store().begin().await?;
        let data_source = records::find(self.store(), &mut tx, org_id, key)
            .await?
            .ok_or(DataSourceError::NotFound)?;
        if actor == Actor::Api && data_source.read_only {
            return Err(DataSourceError::ReadOnlyDelete);
        }
        records::delete(self.store(), &mut tx, org_id, data_source.id).await?;
        tx.commit().await?;
        self.written(org_id).await;
        Ok(data_source)
    }

    /// The data source's `secureJsonData`, decrypted, for the plugin that queries it. Never
    /// for API answers, which name the fields only. Fails naming the field when a value was
    /// sealed under another `[security] secret_key`.
    pub fn decrypted_secure_json_data(
        &self,
        data_source: &DataSource,
    ) -> Result<BTreeMap<String, String>> {
        Ok(data_source.secure_json_data.open_all(&self.cipher)?)
    }

    /// Data sources of every org provisioned from files with `prune: true`.
    pub(crate) async fn list_prunable(&self) -> Result<Vec<DataSource>> {
        let mut conn = self.store().pool().acquire().await?;
        Ok(records::list_prunable(self.store(), &mut conn).await?)
    }

    /// Reloads the name snapshots of every org from the database.
    pub async fn reload_snapshots(&self) -> Result<()> {
        let mut conn = self.store().pool().acquire().await?;
        let rows = records::references(self.store(), &mut conn, None).await?;
        self.snapshots.replace_all(&rows);
        Ok(())
    }

    /// After a committed write to `org_id`'s data sources: no read cached before it is used
    /// again, and the org's name snapshot is reloaded. A failed reload only delays the change
    /// until the next periodic one, so it is logged, not returned.
    pub(crate) async fn written(&self, org_id: i64) {
        self.store().freshness().changed_here();
        let rows = match self.store().pool().acquire().await {
            Ok(mut conn) => records::references(self.store(), &mut conn, Some(org_id)).await,
            Err(error) => Err(error),
        };
        match rows {
            Ok(rows) => self.snapshots.replace_org(org_id, &rows),
            Err(error) => {
                tracing::warn!(org_id, %error, "reloading the org's data source names failed")
            }
        }
    }
}
