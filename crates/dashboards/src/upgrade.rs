//! Brings dashboards to the current schema through the schema migration
//! ([`crate::migration`]): every save stores the upgraded JSON, and a load upgrades a stored
//! dashboard that an older release saved. The JSON as the client sent it stays in the
//! version history (see `versions.rs`).

use std::sync::Arc;

use serde_json::Value;

use crate::json_model;
use crate::migration::{migrate, DataSourceLookup, UnknownDataSources, CURRENT_SCHEMA_VERSION};

/// The data source lookups of every org: the migration resolves an old dashboard's data
/// source names against the data sources of the dashboard's org.
pub trait DataSourceDirectory: Send + Sync {
    /// The lookup of org `org_id`. Called once per upgrade, synchronously: answer from memory.
    fn for_org(&self, org_id: i64) -> Arc<dyn DataSourceLookup + Send + Sync>;
}

/// Where the migration resolves data source names of old dashboards to references; shared by
/// every request.
pub type SharedDataSourceLookup = Arc<dyn DataSourceDirectory>;

/// A directory that knows no data sources, until the data sources domain provides one.
pub fn no_data_sources() -> SharedDataSourceLookup {
    Arc::new(NoDataSources)
}

struct NoDataSources;

impl DataSourceDirectory for NoDataSources {
    fn for_org(&self, _org_id: i64) -> Arc<dyn DataSourceLookup + Send + Sync> {
        Arc::new(UnknownDataSources)
    }
}

/// A dashboard after the migration.
pub struct Upgraded {
    pub dashboard: Value,
    /// `schemaVersion` after the upgrade.
    pub schema_version: i64,
}

/// Runs `dashboard` through the schema migration; the error says why it could not be read.
pub fn upgrade(dashboard: Value, lookup: &dyn DataSourceLookup) -> Result<Upgraded, String> {
    let outcome = migrate(dashboard, lookup).map_err(|error| error.to_string())?;
    let schema_version = json_model::schema_version(&outcome.dashboard);
    Ok(Upgraded {
        dashboard: outcome.dashboard,
        schema_version,
    })
}

/// True when a dashboard stored with `schema_version` predates the current schema.
pub fn is_outdated(schema_version: i64) -> bool {
    schema_version < CURRENT_SCHEMA_VERSION
}
