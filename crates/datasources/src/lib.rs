//! Data sources: the per-org records of where data lives (`data_source`), their secrets
//! sealed at rest, provisioning from `provisioning/datasources/*.yaml`, and the in-memory
//! name lookup the dashboard schema migration resolves old data source names with. Knows
//! nothing of HTTP: the `api` crate calls the [`DataSourceService`] and maps
//! [`DataSourceError`] to responses.
//!
//! Secrets (`secureJsonData`) are sealed with AES-256-GCM under a key derived from
//! `[security] secret_key` ([`secrets`]); the API only ever learns which fields are set.
//! Plugins open them with [`DataSourceService::decrypted_secure_json_data`] when the query
//! [`pipeline`] hands them a data source; the built-in plugins live in [`plugins`].

mod error;
mod lookup;
mod migrations;
mod models;
pub mod pipeline;
pub mod plugin;
pub mod plugin_names;
pub mod plugins;
pub mod provisioning;
pub mod proxy;
mod records;
mod save;
pub mod secrets;
mod service;
pub mod validation;

use std::sync::Arc;

use sightline_dashboards::SharedDataSourceLookup;
use sightline_store::{FreshCache, Store};

pub use error::{DataSourceError, Result};
pub use lookup::{DataSourceSnapshots, OrgDataSources, SnapshotRefresher};
pub use migrations::MIGRATIONS;
pub use models::{Access, Actor, DataSource, DataSourceFields, DataSourceKey};
pub use secrets::{SealedSecrets, SecretCipher, SecretError};

/// The data sources domain's entry point; cheap to clone.
#[derive(Clone)]
pub struct DataSourceService {
    store: Store,
    cipher: Arc<SecretCipher>,
    snapshots: Arc<DataSourceSnapshots>,
    /// Records read by key, trusted for `[database] shared_state_ttl`: every query and
    /// proxied call resolves its data source, and most would otherwise wait on the database.
    recent: Arc<FreshCache<(i64, OwnedKey), DataSource>>,
}

/// A [`DataSourceKey`] that owns its text, to key the cache of recent reads.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum OwnedKey {
    Id(i64),
    Uid(String),
    Name(String),
}

impl From<DataSourceKey<'_>> for OwnedKey {
    fn from(key: DataSourceKey<'_>) -> OwnedKey {
        match key {
            DataSourceKey::Id(id) => OwnedKey::Id(id),
            DataSourceKey::Uid(uid) => OwnedKey::Uid(uid.to_string()),
            DataSourceKey::Name(name) => OwnedKey::Name(name.to_string()),
        }
    }
}

impl DataSourceService {
    /// A service sealing secrets under a key derived from `secret_key`
    /// (`[security] secret_key`). Call [`DataSourceService::reload_snapshots`] once before
    /// dashboards are upgraded.
    pub fn new(store: Store, secret_key: &str) -> DataSourceService {
        DataSourceService {
            store,
            cipher: Arc::new(SecretCipher::new(secret_key)),
            snapshots: Arc::default(),
            recent: Arc::default(),
        }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The per-org data source names for `DashboardService::with_data_sources`; kept current
    /// by this service's writes and by [`SnapshotRefresher`].
    pub fn lookups(&self) -> SharedDataSourceLookup {
        Arc::clone(&self.snapshots) as SharedDataSourceLookup
    }
}
