//! Data source provisioning, as Grafana's: data sources declared in
//! `<paths.provisioning>/datasources/*.yaml` (see `config.rs` for the format) are applied once
//! at start, before dashboards are provisioned, so provisioned dashboards can name them.
//!
//! - Each data source is found by org and name: created when missing, otherwise updated
//!   (unless its stored version is newer than the file's `version`). Provisioned data
//!   sources are read-only for the API unless `editable: true`.
//! - `deleteDatasources` of a file are deleted before its data sources are applied.
//! - With `prune: true`, a data source the file declared is deleted once no file declares it
//!   (the file removed included) — but only when every file was read without errors, so a
//!   typo never deletes anything.
//! - A broken file or data source is logged with its path and field and skipped; the rest
//!   loads. More than one default data source per org across the files is Grafana's error:
//!   nothing is applied and the server does not start.

mod apply;
mod config;
mod fields;

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

pub use apply::{apply, ProvisioningError};
pub use config::{read_files, uid_from_name};

use crate::models::DataSourceFields;

/// A data source a file declares.
#[derive(Debug, Clone, PartialEq)]
pub struct ProvisionedDataSource {
    pub org_id: i64,
    /// Where in its file, as `datasources[0]`.
    pub field: String,
    pub fields: DataSourceFields,
}

/// A `deleteDatasources` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deletion {
    pub org_id: i64,
    pub name: String,
}

/// One provisioning file, as read.
#[derive(Debug, Clone, PartialEq)]
pub struct ProvisioningFile {
    pub path: PathBuf,
    pub prune: bool,
    pub data_sources: Vec<ProvisionedDataSource>,
    pub deletions: Vec<Deletion>,
}

/// Something wrong in a provisioning file: where, and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileProblem {
    pub file: PathBuf,
    /// The field, as `datasources[0].jsonData`; empty for the whole file.
    pub field: String,
    pub message: String,
}

impl fmt::Display for FileProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.field.as_str() {
            "" => write!(f, "{}: {}", self.file.display(), self.message),
            field => write!(f, "{}: {field}: {}", self.file.display(), self.message),
        }
    }
}

/// Everything read from the provisioning files.
#[derive(Debug, Clone, Default)]
pub struct ProvisioningFiles {
    pub files: Vec<ProvisioningFile>,
    /// Files and data sources that were skipped, and why.
    pub errors: Vec<FileProblem>,
    /// Keys that were ignored, values replaced, deprecated forms.
    pub warnings: Vec<FileProblem>,
}

impl ProvisioningFiles {
    /// True when every file and data source was read: only then are stale data sources
    /// pruned.
    pub fn is_complete(&self) -> bool {
        self.errors.is_empty()
    }

    /// The orgs the files name.
    pub fn org_ids(&self) -> Vec<i64> {
        let mut ids: Vec<i64> = self
            .files
            .iter()
            .flat_map(|file| {
                let declared = file.data_sources.iter().map(|d| d.org_id);
                declared.chain(file.deletions.iter().map(|d| d.org_id))
            })
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// Skips what the files declare for `org_id` (which does not exist), recording why.
    pub fn reject_org(&mut self, org_id: i64, reason: &str) {
        for file in &mut self.files {
            let (rejected, kept) = std::mem::take(&mut file.data_sources)
                .into_iter()
                .partition(|data_source| data_source.org_id == org_id);
            file.data_sources = kept;
            file.deletions.retain(|deletion| deletion.org_id != org_id);
            let rejected: Vec<ProvisionedDataSource> = rejected;
            for data_source in rejected {
                self.errors.push(FileProblem {
                    file: file.path.clone(),
                    field: format!("{}.orgId", data_source.field),
                    message: format!("org {org_id}: {reason}"),
                });
            }
        }
    }

    /// Logs every error and warning, naming file and field.
    pub fn log_problems(&self) {
        for problem in &self.errors {
            tracing::error!(file = %problem.file.display(), field = %problem.field, problem = %problem.message, "data source provisioning file: skipped");
        }
        for problem in &self.warnings {
            tracing::warn!(file = %problem.file.display(), field = %problem.field, problem = %problem.message, "data source provisioning file");
        }
    }

    /// Grafana's rule: at most one data source per org marked default across all files.
    pub fn check_defaults(&self) -> Result<(), ProvisioningError> {
        let mut defaults: HashMap<i64, (&str, &Path)> = HashMap::new();
        for file in &self.files {
            for data_source in file.data_sources.iter().filter(|d| d.fields.is_default) {
                let this = (data_source.fields.name.as_str(), file.path.as_path());
                if let Some((first, first_file)) = defaults.insert(data_source.org_id, this) {
                    return Err(ProvisioningError::TooManyDefaults {
                        org_id: data_source.org_id,
                        first: format!("{first:?} in {}", first_file.display()),
                        second: format!("{:?} in {}", this.0, this.1.display()),
                    });
                }
            }
        }
        Ok(())
    }
}

/// Reads the provisioning files in `dir` (`<paths.provisioning>/datasources`) off the async
/// runtime, expanding the process environment.
pub async fn load(dir: PathBuf) -> ProvisioningFiles {
    let read = tokio::task::spawn_blocking(move || {
        read_files(&dir, &|name: &str| std::env::var(name).ok())
    });
    read.await.unwrap_or_else(|error| ProvisioningFiles {
        errors: vec![FileProblem {
            file: PathBuf::new(),
            field: String::new(),
            message: format!("reading the provisioning files failed: {error}"),
        }],
        ..ProvisioningFiles::default()
    })
}

#[cfg(test)]
mod tests;
