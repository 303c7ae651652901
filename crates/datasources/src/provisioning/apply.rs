//! Applying the provisioning files to the database, in Grafana's order: stale prunable data
//! sources are deleted, then file by file its `deleteDatasources`, then its data sources.

use std::collections::HashMap;

use super::{ProvisionedDataSource, ProvisioningFile, ProvisioningFiles};
use crate::error::DataSourceError;
use crate::models::{Actor, DataSourceKey};
use crate::DataSourceService;

/// Provisioning that cannot be applied at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProvisioningError {
    #[error(
        "datasource.yaml config is invalid. Only one datasource per organization can be \
         marked as default (org {org_id}: {first} and {second})"
    )]
    TooManyDefaults {
        org_id: i64,
        first: String,
        second: String,
    },
}

/// Applies `files`. Problems with single data sources are logged and skipped; only a
/// configuration Grafana refuses as a whole is an error, and then nothing is applied.
pub async fn apply(
    service: &DataSourceService,
    files: &ProvisioningFiles,
) -> Result<(), ProvisioningError> {
    files.check_defaults()?;
    prune(service, files).await;
    for file in &files.files {
        apply_file(service, file).await;
    }
    Ok(())
}

/// Deletes the prunable data sources no file declares any more.
async fn prune(service: &DataSourceService, files: &ProvisioningFiles) {
    if !files.is_complete() {
        tracing::warn!(
            "some data source provisioning files have errors: no provisioned data source is \
             pruned until they are fixed"
        );
        return;
    }
    let mut declared: HashMap<(i64, &str), bool> = HashMap::new();
    for file in &files.files {
        for deletion in &file.deletions {
            declared.insert((deletion.org_id, deletion.name.as_str()), false);
        }
        for data_source in &file.data_sources {
            declared.insert((data_source.org_id, data_source.fields.name.as_str()), true);
        }
    }
    let prunable = match service.list_prunable().await {
        Ok(prunable) => prunable,
        Err(error) => {
            tracing::error!(%error, "listing the prunable data sources failed");
            return;
        }
    };
    for stale in prunable
        .iter()
        .filter(|stale| !declared.contains_key(&(stale.org_id, stale.name.as_str())))
    {
        let key = DataSourceKey::Id(stale.id);
        match service.delete(stale.org_id, key, Actor::Provisioning).await {
            Ok(_) | Err(DataSourceError::NotFound) => {
                tracing::info!(org_id = stale.org_id, name = %stale.name, "pruned a data source no file declares");
            }
            Err(error) => {
                tracing::error!(org_id = stale.org_id, name = %stale.name, %error, "pruning a data source failed")
            }
        }
    }
}

async fn apply_file(service: &DataSourceService, file: &ProvisioningFile) {
    for deletion in &file.deletions {
        let key = DataSourceKey::Name(&deletion.name);
        match service
            .delete(deletion.org_id, key, Actor::Provisioning)
            .await
        {
            Ok(_) => {
                tracing::info!(file = %file.path.display(), org_id = deletion.org_id, name = %deletion.name, "deleted a data source");
            }
            Err(DataSourceError::NotFound) => {}
            Err(error) => {
                tracing::error!(file = %file.path.display(), org_id = deletion.org_id, name = %deletion.name, %error, "deleting a data source failed");
            }
        }
    }
    for data_source in &file.data_sources {
        if let Err(error) = upsert(service, data_source).await {
            tracing::error!(file = %file.path.display(), field = %data_source.field, name = %data_source.fields.name, %error, "provisioning a data source failed");
        }
    }
}

/// Creates the data source, or updates the one of its org with its name.
async fn upsert(
    service: &DataSourceService,
    data_source: &ProvisionedDataSource,
) -> Result<(), DataSourceError> {
    let org_id = data_source.org_id;
    let name = DataSourceKey::Name(&data_source.fields.name);
    match service.get(org_id, name).await {
        Err(DataSourceError::NotFound) => {
            match service.create(org_id, data_source.fields.clone()).await {
                Ok(created) => {
                    tracing::info!(org_id, name = %created.name, uid = %created.uid, "provisioned a new data source");
                    return Ok(());
                }
                // Another server starting on the same database created it meanwhile.
                Err(DataSourceError::NameExists) => {}
                Err(error) => return Err(error),
            }
        }
        Err(error) => return Err(error),
        Ok(_) => {}
    }
    let update = service
        .update(
            org_id,
            name,
            data_source.fields.clone(),
            Actor::Provisioning,
        )
        .await;
    match update {
        Ok(_) => Ok(()),
        Err(DataSourceError::VersionMismatch) => {
            tracing::debug!(org_id, name = %data_source.fields.name, "kept a data source whose stored version is newer than the file's");
            Ok(())
        }
        Err(error) => Err(error),
    }
}
