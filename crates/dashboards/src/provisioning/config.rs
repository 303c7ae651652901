//! Dashboard provider files: every `*.yaml` and `*.yml` in `<paths.provisioning>/dashboards`,
//! in file name order, each `apiVersion: 1` with a `providers` list:
//!
//! ```yaml
//! apiVersion: 1
//! providers:
//!   - name: team-a            # required, unique: the provider's dashboards are marked with it
//!     orgId: 1                # default 1
//!     folder: Team A          # "" (default): the root ("General")
//!     folderUid: team-a       # optional: find or create the folder by this uid
//!     type: file              # the only type
//!     disableDeletion: false  # true: a deleted file leaves its dashboard, unprovisioned
//!     updateIntervalSeconds: 10
//!     allowUiUpdates: false   # true: the API may save the dashboards (not delete them)
//!     options:
//!       path: $DASHBOARDS/team-a
//!       foldersFromFilesStructure: false
//! ```
//!
//! Values go through [`super::expand`] first, so `orgId: $ORG` works. A file that cannot be
//! read or parsed, or a provider with a wrong value, is reported (file and field named) and
//! skipped; everything else still loads. Unknown keys are reported as warnings, as Grafana
//! ignores them.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_norway::{Mapping, Value};

use super::expand::EnvLookup;
use fields::{FieldError, Fields};

mod fields;

/// Grafana's default rescan interval.
const DEFAULT_UPDATE_INTERVAL_SECONDS: u64 = 10;

/// One dashboard provider, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderConfig {
    /// `name`: marks the provider's dashboards in the database; unique among providers.
    pub name: String,
    /// `orgId`: the org its dashboards belong to.
    pub org_id: i64,
    /// `folder`: the folder title its dashboards go into; `""` for the root. Ignored with
    /// `foldersFromFilesStructure`.
    pub folder: String,
    /// `folderUid`: the uid of that folder, when it should have a fixed one.
    pub folder_uid: String,
    /// `disableDeletion`: when a file disappears, keep its dashboard (no longer provisioned)
    /// instead of deleting it.
    pub disable_deletion: bool,
    /// `updateIntervalSeconds`: how often `path` is scanned for changes.
    pub update_interval: Duration,
    /// `allowUiUpdates`: whether the API may save (never delete) its dashboards.
    pub allow_ui_updates: bool,
    /// `options.path`: the directory whose `*.json` files (recursively) are the dashboards.
    pub path: PathBuf,
    /// `options.foldersFromFilesStructure`: each subdirectory of `path` becomes a folder of
    /// that name, nested as the directories are; files directly in `path` go to the root.
    pub folders_from_files_structure: bool,
    /// The file that declared the provider, for log lines.
    pub source: PathBuf,
}

/// Something wrong in a provider file: where, and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigProblem {
    pub file: PathBuf,
    /// The field, as `providers[0].options.path`; empty for the whole file.
    pub field: String,
    pub message: String,
}

impl fmt::Display for ConfigProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            write!(f, "{}: {}", self.file.display(), self.message)
        } else {
            write!(
                f,
                "{}: {}: {}",
                self.file.display(),
                self.field,
                self.message
            )
        }
    }
}

/// Everything read from the provider files.
#[derive(Debug, Clone, Default)]
pub struct ProviderSet {
    pub providers: Vec<ProviderConfig>,
    /// Files and providers that were skipped, and why.
    pub errors: Vec<ConfigProblem>,
    /// Keys that were ignored, and deprecated forms.
    pub warnings: Vec<ConfigProblem>,
}

impl ProviderSet {
    /// True when every file and provider was read: only then may the dashboards of
    /// providers that are gone be deleted (a file with a typo must not delete anything).
    pub fn is_complete(&self) -> bool {
        self.errors.is_empty()
    }

    /// The orgs the providers provision into.
    pub fn org_ids(&self) -> Vec<i64> {
        let mut ids: Vec<i64> = self.providers.iter().map(|p| p.org_id).collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// Logs every error and warning, naming file and field.
    pub fn log_problems(&self) {
        for problem in &self.errors {
            tracing::error!(file = %problem.file.display(), field = %problem.field, problem = %problem.message, "dashboard provider file: skipped");
        }
        for problem in &self.warnings {
            tracing::warn!(file = %problem.file.display(), field = %problem.field, problem = %problem.message, "dashboard provider file");
        }
    }

    /// Skips the providers of `org_id` (which does not exist), recording why.
    pub fn reject_org(&mut self, org_id: i64, reason: &str) {
        let (rejected, kept) = std::mem::take(&mut self.providers)
            .into_iter()
            .partition(|provider| provider.org_id == org_id);
        self.providers = kept;
        for provider in rejected {
            self.errors.push(ConfigProblem {
                file: provider.source,
                field: format!("provider {:?}: orgId", provider.name),
                message: format!("org {org_id}: {reason}"),
            });
        }
    }
}

/// Reads every provider file in `dir`. A missing directory means no providers.
pub fn read_providers(dir: &Path, env: &EnvLookup) -> ProviderSet {
    let mut set = ProviderSet::default();
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return set,
        Err(error) => {
            set.errors.push(ConfigProblem {
                file: dir.to_path_buf(),
                field: String::new(),
                message: format!("cannot list the directory: {error}"),
            });
            return set;
        }
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| {
            let extension = path.extension().and_then(|extension| extension.to_str());
            matches!(extension, Some("yaml" | "yml")) && path.is_file()
        })
        .collect();
    files.sort();
    let mut names: HashMap<String, PathBuf> = HashMap::new();
    for file in files {
        let text = match std::fs::read_to_string(&file) {
            Ok(text) => text,
            Err(error) => {
                set.errors
                    .push(problem(&file, "", format!("cannot read: {error}")));
                continue;
            }
        };
        for provider in parse_file(&file, &text, env, &mut set) {
            if let Some(first) = names.get(&provider.name) {
                let message = format!(
                    "provider name {:?} is already used in {}",
                    provider.name,
                    first.display()
                );
                set.errors.push(problem(&file, "name", message));
                continue;
            }
            names.insert(provider.name.clone(), file.clone());
            set.providers.push(provider);
        }
    }
    set
}

/// The providers of one file; problems go into `set`.
fn parse_file(
    file: &Path,
    text: &str,
    env: &EnvLookup,
    set: &mut ProviderSet,
) -> Vec<ProviderConfig> {
    let document: Value = match serde_norway::from_str(text) {
        Ok(document) => document,
        Err(error) => {
            set.errors
                .push(problem(file, "", format!("invalid YAML: {error}")));
            return Vec::new();
        }
    };
    let root = match document {
        Value::Null => return Vec::new(),
        Value::Mapping(root) => root,
        Value::Sequence(_) => {
            let message = "a bare list of providers (Grafana's apiVersion 0 format) is not \
                           supported: write apiVersion: 1 and a providers list";
            set.errors.push(problem(file, "", message.to_string()));
            return Vec::new();
        }
        _ => {
            let message = "expected a mapping with apiVersion and providers".to_string();
            set.errors.push(problem(file, "", message));
            return Vec::new();
        }
    };
    let mut fields = Fields::new(&root, "", env);
    match fields.int("apiVersion") {
        Ok(Some(1)) => {}
        Ok(None) => set.warnings.push(problem(
            file,
            "apiVersion",
            "missing; read as apiVersion 1".to_string(),
        )),
        Ok(Some(other)) => {
            let message = format!("unsupported apiVersion {other}: expected 1");
            set.errors.push(problem(file, "apiVersion", message));
            return Vec::new();
        }
        Err(error) => {
            set.errors.push(error.at(file));
            return Vec::new();
        }
    }
    let providers = match root.get("providers") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Sequence(providers)) => providers.clone(),
        Some(_) => {
            let message = "expected a list of providers".to_string();
            set.errors.push(problem(file, "providers", message));
            return Vec::new();
        }
    };
    fields.used.push("providers");
    for key in fields.unknown_keys() {
        set.warnings
            .push(problem(file, &key, "unknown key, ignored".to_string()));
    }
    let mut parsed = Vec::new();
    for (index, value) in providers.iter().enumerate() {
        let prefix = format!("providers[{index}]");
        let Value::Mapping(mapping) = value else {
            let message = "expected a mapping".to_string();
            set.errors.push(problem(file, &prefix, message));
            continue;
        };
        match parse_provider(file, mapping, &prefix, env, set) {
            Ok(provider) => parsed.push(provider),
            Err(error) => set.errors.push(error.at(file)),
        }
    }
    parsed
}

fn parse_provider(
    file: &Path,
    mapping: &Mapping,
    prefix: &str,
    env: &EnvLookup,
    set: &mut ProviderSet,
) -> Result<ProviderConfig, FieldError> {
    let mut fields = Fields::new(mapping, prefix, env);
    let name = fields.string("name")?.unwrap_or_default();
    if name.trim().is_empty() {
        return Err(fields.error("name", "is required"));
    }
    let kind = fields.string("type")?.unwrap_or_default();
    if !matches!(kind.as_str(), "" | "file") {
        let message = format!("type {kind:?} is not supported: the only type is file");
        return Err(fields.error("type", &message));
    }
    let org_id = fields.int("orgId")?.unwrap_or(1);
    if org_id < 1 {
        return Err(fields.error("orgId", "must be 1 or more"));
    }
    let interval = fields.int("updateIntervalSeconds")?.unwrap_or(0);
    let interval = match u64::try_from(interval) {
        Ok(0) => DEFAULT_UPDATE_INTERVAL_SECONDS,
        Ok(seconds) => seconds,
        Err(_) => return Err(fields.error("updateIntervalSeconds", "must not be negative")),
    };
    let mut folder = fields.string("folder")?.unwrap_or_default();
    let mut folder_uid = fields.string("folderUid")?.unwrap_or_default();
    let disable_deletion = fields.bool("disableDeletion")?.unwrap_or(false);
    let allow_ui_updates = fields.bool("allowUiUpdates")?.unwrap_or(false);
    if fields.bool("editable")?.is_some() {
        let field = fields.field("editable");
        let message = "ignored: allowUiUpdates decides whether the API may save".to_string();
        set.warnings.push(problem(file, &field, message));
    }
    let Some(mut options) = fields.mapping("options")? else {
        return Err(fields.error("options", "is required (with options.path)"));
    };
    let path = match options.string("path")? {
        Some(path) if !path.trim().is_empty() => path,
        _ => match options.string("folder")? {
            Some(path) if !path.trim().is_empty() => {
                let message = "deprecated: use options.path".to_string();
                set.warnings
                    .push(problem(file, &options.field("folder"), message));
                path
            }
            _ => return Err(options.error("path", "is required")),
        },
    };
    let folders_from_files_structure = options.bool("foldersFromFilesStructure")?.unwrap_or(false);
    if folders_from_files_structure && !(folder.is_empty() && folder_uid.is_empty()) {
        let message = "ignored: with options.foldersFromFilesStructure the directories name \
                       the folders"
            .to_string();
        set.warnings
            .push(problem(file, &fields.field("folder"), message));
        folder.clear();
        folder_uid.clear();
    }
    for key in fields
        .unknown_keys()
        .into_iter()
        .chain(options.unknown_keys())
    {
        set.warnings
            .push(problem(file, &key, "unknown key, ignored".to_string()));
    }
    Ok(ProviderConfig {
        name,
        org_id,
        folder: folder.trim().to_string(),
        folder_uid: folder_uid.trim().to_string(),
        disable_deletion,
        update_interval: Duration::from_secs(interval),
        allow_ui_updates,
        path: PathBuf::from(path),
        folders_from_files_structure,
        source: file.to_path_buf(),
    })
}

fn problem(file: &Path, field: &str, message: String) -> ConfigProblem {
    ConfigProblem {
        file: file.to_path_buf(),
        field: field.to_string(),
        message,
    }
}

#[cfg(test)]
mod tests;
