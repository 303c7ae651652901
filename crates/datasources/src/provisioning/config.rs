//! Data source provisioning files: every `*.yaml` and `*.yml` in
//! `<paths.provisioning>/datasources`, in file name order, each `apiVersion: 1` with:
//!
//! ```yaml
//! apiVersion: 1
//! prune: true                 # delete this file's data sources once no file declares them
//! deleteDatasources:          # deleted before the datasources below are applied
//!   - name: Old Graphite
//!     orgId: 1                # default 1
//! datasources:
//!   - name: Prometheus        # required; a data source is found by org and name
//!     type: prometheus        # required
//!     uid: prometheus         # default: P + 16 hex digits of SHA-256(name), as Grafana's
//!     access: proxy           # proxy (default) or direct
//!     orgId: 1
//!     url: http://prometheus:9090
//!     user: ""
//!     database: ""
//!     basicAuth: false
//!     basicAuthUser: ""
//!     withCredentials: false
//!     isDefault: true         # at most one per org across all files
//!     jsonData: { httpMethod: POST }
//!     secureJsonData: { basicAuthPassword: $PROM_PASSWORD }
//!     version: 1              # a stored data source with a higher version is left alone
//!     editable: false         # false (default): the API may not change or delete it
//! ```
//!
//! Values go through the dashboards' provisioning expansion first (`url: $PROM_URL`). A file
//! that cannot be read or parsed, or a data source with a wrong value, is reported (file and
//! field named) and skipped; everything else still loads. Unknown keys are warnings, as
//! Grafana ignores them.

use std::path::{Path, PathBuf};

use serde_norway::{Mapping, Value};
use sha2::{Digest, Sha256};
use sightline_dashboards::provisioning::EnvLookup;

use super::fields::{FieldError, Fields};
use super::{Deletion, FileProblem, ProvisionedDataSource, ProvisioningFile, ProvisioningFiles};
use crate::models::{Access, DataSourceFields};

/// Reads every provisioning file in `dir`. A missing directory means no files.
pub fn read_files(dir: &Path, env: &EnvLookup) -> ProvisioningFiles {
    let mut set = ProvisioningFiles::default();
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return set,
        Err(error) => {
            set.errors.push(problem(
                dir,
                "",
                format!("cannot list the directory: {error}"),
            ));
            return set;
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| {
            let extension = path.extension().and_then(|extension| extension.to_str());
            matches!(extension, Some("yaml" | "yml")) && path.is_file()
        })
        .collect();
    paths.sort();
    for path in paths {
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                if let Some(file) = parse_file(&path, &text, env, &mut set) {
                    set.files.push(file);
                }
            }
            Err(error) => set
                .errors
                .push(problem(&path, "", format!("cannot read: {error}"))),
        }
    }
    set
}

/// One file's declarations; `None` (with the problem recorded) when the file as a whole is
/// unusable.
fn parse_file(
    path: &Path,
    text: &str,
    env: &EnvLookup,
    set: &mut ProvisioningFiles,
) -> Option<ProvisioningFile> {
    let document: Value = match serde_norway::from_str(text) {
        Ok(document) => document,
        Err(error) => {
            set.errors
                .push(problem(path, "", format!("invalid YAML: {error}")));
            return None;
        }
    };
    let root = match document {
        Value::Null => return None,
        Value::Mapping(root) => root,
        _ => {
            let message = "expected a mapping with apiVersion and datasources".to_string();
            set.errors.push(problem(path, "", message));
            return None;
        }
    };
    let mut fields = Fields::new(&root, "", env);
    let top = read_top_level(&mut fields, path, set);
    let (prune, data_sources, deletions) = match top {
        Ok(top) => top,
        Err(error) => {
            set.errors.push(error.at(path));
            return None;
        }
    };
    for key in fields.unknown_keys() {
        set.warnings
            .push(problem(path, &key, "unknown key, ignored".to_string()));
    }
    let mut file = ProvisioningFile {
        path: path.to_path_buf(),
        prune,
        data_sources: Vec::new(),
        deletions: Vec::new(),
    };
    for (field, mapping) in deletions {
        match parse_deletion(&field, mapping, env) {
            Ok(deletion) => file.deletions.push(deletion),
            Err(error) => set.errors.push(error.at(path)),
        }
    }
    for (field, mapping) in data_sources {
        match parse_data_source(&field, mapping, prune, env, path, set) {
            Ok(data_source) => file.data_sources.push(data_source),
            Err(error) => set.errors.push(error.at(path)),
        }
    }
    Some(file)
}

type Entries<'a> = Vec<(String, &'a Mapping)>;

fn read_top_level<'a>(
    fields: &mut Fields<'a>,
    path: &Path,
    set: &mut ProvisioningFiles,
) -> Result<(bool, Entries<'a>, Entries<'a>), FieldError> {
    match fields.int("apiVersion")? {
        Some(1) => {}
        None => set.warnings.push(problem(
            path,
            "apiVersion",
            "missing; read as apiVersion 1".to_string(),
        )),
        Some(other) => {
            return Err(fields.error(
                "apiVersion",
                format!("unsupported apiVersion {other}: expected 1"),
            ))
        }
    }
    let prune = fields.bool("prune")?.unwrap_or(false);
    let data_sources = fields.list("datasources")?;
    let deletions = fields.list("deleteDatasources")?;
    Ok((prune, data_sources, deletions))
}

fn parse_deletion(field: &str, mapping: &Mapping, env: &EnvLookup) -> Result<Deletion, FieldError> {
    let mut fields = Fields::new(mapping, field, env);
    let name = fields.string("name")?.unwrap_or_default();
    if name.is_empty() {
        return Err(fields.error("name", "is required"));
    }
    let org_id = org_id(&mut fields)?;
    Ok(Deletion { org_id, name })
}

fn org_id(fields: &mut Fields<'_>) -> Result<i64, FieldError> {
    let org_id = fields.int("orgId")?.unwrap_or(1);
    if org_id < 1 {
        return Err(fields.error("orgId", "must be 1 or more"));
    }
    Ok(org_id)
}

fn parse_data_source(
    field: &str,
    mapping: &Mapping,
    prune: bool,
    env: &EnvLookup,
    path: &Path,
    set: &mut ProvisioningFiles,
) -> Result<ProvisionedDataSource, FieldError> {
    let mut fields = Fields::new(mapping, field, env);
    let name = fields.string("name")?.unwrap_or_default();
    if name.is_empty() {
        return Err(fields.error("name", "is required"));
    }
    let type_id = fields.string("type")?.unwrap_or_default();
    if type_id.is_empty() {
        return Err(fields.error("type", "is required"));
    }
    let org_id = org_id(&mut fields)?;
    let access = match fields.string("access")?.unwrap_or_default().as_str() {
        "" => Access::Proxy.as_str().to_string(),
        value if Access::parse(value).is_some() => value.to_string(),
        other => {
            let message = format!("invalid access {other:?}: proxy is used instead");
            set.warnings
                .push(problem(path, &fields.field("access"), message));
            Access::Proxy.as_str().to_string()
        }
    };
    let uid = match fields.string("uid")? {
        Some(uid) if !uid.is_empty() => uid,
        _ => uid_from_name(&name),
    };
    let mut data_source = DataSourceFields {
        uid,
        name,
        type_id,
        access,
        url: fields.string("url")?.unwrap_or_default(),
        user: fields.string("user")?.unwrap_or_default(),
        database: fields.string("database")?.unwrap_or_default(),
        basic_auth: fields.bool("basicAuth")?.unwrap_or(false),
        basic_auth_user: fields.string("basicAuthUser")?.unwrap_or_default(),
        with_credentials: fields.bool("withCredentials")?.unwrap_or(false),
        is_default: fields.bool("isDefault")?.unwrap_or(false),
        json_data: fields.json_object("jsonData")?,
        secure_json_data: fields.string_map("secureJsonData")?,
        api_version: String::new(),
        version: fields.int("version")?.unwrap_or(0),
        read_only: !fields.bool("editable")?.unwrap_or(false),
        prunable: prune,
    };
    let password = fields.string("password")?.unwrap_or_default();
    let basic_auth_password = fields.string("basicAuthPassword")?.unwrap_or_default();
    for (key, value) in [
        ("password", &password),
        ("basicAuthPassword", &basic_auth_password),
    ] {
        if !value.is_empty() {
            let message = format!("deprecated: moved to secureJsonData.{key}");
            set.warnings
                .push(problem(path, &fields.field(key), message));
        }
    }
    data_source.adopt_legacy_passwords(&password, &basic_auth_password);
    if fields
        .list("correlations")
        .map(|list| !list.is_empty())
        .unwrap_or(true)
    {
        let message = "correlations are not supported yet, ignored".to_string();
        set.warnings
            .push(problem(path, &fields.field("correlations"), message));
    }
    for key in fields.unknown_keys() {
        set.warnings
            .push(problem(path, &key, "unknown key, ignored".to_string()));
    }
    Ok(ProvisionedDataSource {
        org_id,
        field: field.to_string(),
        fields: data_source,
    })
}

/// Grafana's uid for a provisioned data source that names none: `P` and the first 8 bytes of
/// the SHA-256 of its name in upper-case hex, so the same name gets the same uid everywhere.
pub fn uid_from_name(name: &str) -> String {
    let digest = Sha256::digest(name.as_bytes());
    format!("P{}", hex::encode_upper(&digest[..8]))
}

pub(super) fn problem(file: &Path, field: &str, message: String) -> FileProblem {
    FileProblem {
        file: file.to_path_buf(),
        field: field.to_string(),
        message,
    }
}

impl FieldError {
    pub(super) fn at(self, file: &Path) -> FileProblem {
        problem(file, &self.field, self.message)
    }
}
