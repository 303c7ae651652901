//! `[paths]`: where runtime data, logs and provisioning files live. Relative paths resolve
//! against the home path, as Grafana's `makeAbsolute` does.

use std::path::{Path, PathBuf};

use crate::values::SectionValues;

/// The `[paths]` section, with every path absolute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathsSettings {
    /// `[paths] data`: directory of the sqlite3 database and other runtime data
    /// (default `data`).
    pub data: PathBuf,
    /// `[paths] logs`: directory of log files (default `data/log`).
    pub logs: PathBuf,
    /// `[paths] provisioning`: directory of provisioning files (default `conf/provisioning`).
    pub provisioning: PathBuf,
}

impl PathsSettings {
    pub(crate) fn read(paths: &SectionValues<'_>, home_path: &Path) -> PathsSettings {
        PathsSettings {
            data: make_absolute(&paths.string_or_default("data"), home_path),
            logs: make_absolute(&paths.string_or_default("logs"), home_path),
            provisioning: make_absolute(&paths.string_or_default("provisioning"), home_path),
        }
    }
}

/// `path` itself when absolute, else `path` joined to `root`.
pub(crate) fn make_absolute(path: &str, root: &Path) -> PathBuf {
    let path = Path::new(path);
    if path.is_absolute() {
        return path.to_path_buf();
    }
    root.join(path)
}
