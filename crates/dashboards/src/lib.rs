//! Dashboards: the JSON model and its schema migrations, folders, versions, permissions,
//! search, stars, annotations and provisioning. Knows nothing of HTTP: the `api` crate calls
//! the [`DashboardService`] and maps [`DashboardError`] to responses.
//!
//! Every operation takes the caller's [`sightline_core::Identity`] and asks [`access`] what
//! they may do; every stored dashboard is in the current schema ([`upgrade`]), and its history
//! keeps each save as the client sent it ([`versions`]).

pub mod access;
mod annotation_mass_delete;
mod annotations;
mod callers;
mod dashboards;
mod error;
mod folder_tree;
mod folders;
mod home;
mod import;
mod index;
pub mod json_model;
pub mod migration;
mod migrations;
mod models;
pub mod naming;
mod permissions;
pub mod provisioning;
mod save;
mod search;
mod search_json;
mod stars;
mod upgrade;
mod versions;

use sightline_store::Store;

pub use access::Access;
pub use annotation_mass_delete::MassDelete;
pub use annotations::{Annotation, AnnotationChange, AnnotationKind};
pub use annotations::{AnnotationQuery, NewAnnotation};
pub use error::{DashboardError, Result};
pub use folders::MAX_DEPTH as MAX_FOLDER_DEPTH;
pub use migrations::MIGRATIONS;
pub use models::*;
pub use search::{Hit, HitFolder, HitKind, SearchQuery, SearchSort};
pub use upgrade::{DataSourceDirectory, SharedDataSourceLookup};
pub use versions::VersionsQuery;

/// Policies of the dashboards domain, from `grafana.ini`.
#[derive(Debug, Clone)]
pub struct DashboardOptions {
    /// `[dashboards] max_size_bytes`: the largest dashboard JSON accepted on save or import.
    /// MySQL stores dashboards in `MEDIUMTEXT`, so more than 16 MiB cannot be stored there.
    pub max_size_bytes: usize,
    /// `[dashboards] versions_to_keep`: how many versions of each dashboard history keeps
    /// (at least 1); each save drops the older ones.
    pub versions_to_keep: i64,
    /// The path part of `[server] root_url` (`""` or `/grafana`), for the urls search answers.
    pub app_sub_url: String,
}

impl DashboardOptions {
    /// 10 MiB, far above real dashboards (the largest public ones are a few hundred KiB).
    pub const DEFAULT_MAX_SIZE_BYTES: usize = 10 * 1024 * 1024;
    /// Grafana's default.
    pub const DEFAULT_VERSIONS_TO_KEEP: i64 = 20;
}

impl Default for DashboardOptions {
    fn default() -> Self {
        DashboardOptions {
            max_size_bytes: Self::DEFAULT_MAX_SIZE_BYTES,
            versions_to_keep: Self::DEFAULT_VERSIONS_TO_KEEP,
            app_sub_url: String::new(),
        }
    }
}

/// The dashboards domain's entry point; cheap to clone.
#[derive(Clone)]
pub struct DashboardService {
    store: Store,
    options: DashboardOptions,
    data_sources: SharedDataSourceLookup,
    indexes: std::sync::Arc<index::Indexes>,
    callers: std::sync::Arc<callers::Callers>,
}

impl DashboardService {
    pub fn new(store: Store, options: DashboardOptions) -> Self {
        DashboardService {
            store,
            options,
            data_sources: upgrade::no_data_sources(),
            indexes: Default::default(),
            callers: Default::default(),
        }
    }

    /// Uses `lookup` to resolve data source names while upgrading old dashboards.
    pub fn with_data_sources(mut self, lookup: SharedDataSourceLookup) -> Self {
        self.data_sources = lookup;
        self
    }

    pub fn options(&self) -> &DashboardOptions {
        &self.options
    }

    pub fn store(&self) -> &Store {
        &self.store
    }
}

/// True when a database error is a unique-key violation.
pub(crate) fn is_unique(error: &sightline_store::sqlx::Error) -> bool {
    matches!(error, sightline_store::sqlx::Error::Database(db) if db.is_unique_violation())
}

/// `%query%` for a case-insensitive `LIKE … ESCAPE '!'`, with LIKE's wildcards in the query
/// escaped (`!` is the escape character because backslashes read differently per backend).
pub(crate) fn like_pattern(query: &str) -> String {
    let escaped = query
        .to_lowercase()
        .replace('!', "!!")
        .replace('%', "!%")
        .replace('_', "!_");
    format!("%{escaped}%")
}
