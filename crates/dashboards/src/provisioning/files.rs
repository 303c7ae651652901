//! Reading a provider's directory: every `*.json` file under it, recursively, in path order,
//! with its checksum and parsed JSON. Blocking IO: run it off the async runtime.
//!
//! As in Grafana: directories whose name starts with `.` are skipped (Kubernetes mounts a
//! ConfigMap's real files under `..data`), symlinked files are read, symlinked directories
//! are not entered.

use std::io;
use std::path::{Path, PathBuf};

use serde_json::Value;
use sha2::{Digest, Sha256};

/// One dashboard file of a provider.
#[derive(Debug, Clone)]
pub struct DashboardFile {
    /// The path relative to the provider's `options.path`, `/`-separated: the file's
    /// identity (`external_id`) and what `provisionedExternalId` shows.
    pub relative_path: String,
    /// The directories between the provider path and the file, outermost first.
    pub directories: Vec<String>,
    /// SHA-256 of the file's bytes, hex.
    pub checksum: String,
    /// The dashboard, or why the file could not be read as one.
    pub dashboard: Result<Value, String>,
}

/// Every dashboard file under `root`. Fails only when `root` itself cannot be read: then
/// nothing may be concluded about deleted files.
pub fn scan(root: &Path) -> io::Result<Vec<DashboardFile>> {
    let metadata = std::fs::metadata(root)?;
    if !metadata.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{} is not a directory", root.display()),
        ));
    }
    let mut paths = Vec::new();
    collect(root, &mut paths)?;
    paths.sort();
    Ok(paths
        .into_iter()
        .filter_map(|path| read(root, &path))
        .collect())
}

/// Adds the `*.json` files under `dir` to `paths`. A subdirectory that cannot be listed is
/// skipped with a warning; its files then count as present only if listed before.
fn collect(dir: &Path, paths: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let file_type = entry.file_type()?;
        if file_type.is_dir() {
            if name.starts_with('.') {
                continue;
            }
            if let Err(error) = collect(&path, paths) {
                tracing::warn!(path = %path.display(), %error, "provisioning directory skipped");
            }
        } else if name.ends_with(".json") {
            let is_file = if file_type.is_symlink() {
                std::fs::metadata(&path).is_ok_and(|target| target.is_file())
            } else {
                file_type.is_file()
            };
            if is_file {
                paths.push(path);
            }
        }
    }
    Ok(())
}

/// Reads one file; `None` when it vanished in between.
fn read(root: &Path, path: &Path) -> Option<DashboardFile> {
    let relative = path.strip_prefix(root).unwrap_or(path);
    let mut components: Vec<String> = relative
        .components()
        .map(|component| component.as_os_str().to_string_lossy().into_owned())
        .collect();
    let relative_path = components.join("/");
    components.pop();
    let (checksum, dashboard) = match std::fs::read(path) {
        Ok(bytes) => (checksum(&bytes), parse(&bytes)),
        Err(error) if error.kind() == io::ErrorKind::NotFound => return None,
        Err(error) => (String::new(), Err(format!("cannot read: {error}"))),
    };
    Some(DashboardFile {
        relative_path,
        directories: components,
        checksum,
        dashboard,
    })
}

fn checksum(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn parse(bytes: &[u8]) -> Result<Value, String> {
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(dashboard)) => Ok(Value::Object(dashboard)),
        Ok(_) => Err("not a dashboard: the JSON is not an object".to_string()),
        Err(error) => Err(format!("invalid JSON: {error}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, relative: &str, text: &str) {
        let path = root.join(relative);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }

    #[test]
    fn json_files_are_found_recursively_in_path_order() {
        let root = tempfile::tempdir().expect("temp dir");
        write(root.path(), "z.json", r#"{"title":"Z"}"#);
        write(root.path(), "team/a/deep.json", r#"{"title":"Deep"}"#);
        write(root.path(), "team/b.json", "{ broken");
        write(root.path(), "team/readme.md", "not json");
        write(root.path(), ".hidden/skipped.json", r#"{"title":"Hidden"}"#);
        write(root.path(), "list.json", "[1, 2]");
        let files = scan(root.path()).expect("scan");
        let paths: Vec<&str> = files.iter().map(|f| f.relative_path.as_str()).collect();
        assert_eq!(
            paths,
            vec!["list.json", "team/a/deep.json", "team/b.json", "z.json"]
        );
        assert_eq!(files[1].directories, vec!["team", "a"]);
        assert!(files[3].directories.is_empty());
        assert_eq!(files[1].dashboard.as_ref().expect("json")["title"], "Deep");
        assert!(files[2]
            .dashboard
            .as_ref()
            .expect_err("broken")
            .starts_with("invalid JSON"));
        assert!(files[0].dashboard.is_err());
    }

    #[test]
    fn checksums_follow_the_content() {
        let root = tempfile::tempdir().expect("temp dir");
        write(root.path(), "a.json", r#"{"title":"A"}"#);
        let before = scan(root.path()).expect("scan")[0].checksum.clone();
        assert_eq!(before.len(), 64);
        assert_eq!(scan(root.path()).expect("scan")[0].checksum, before);
        write(root.path(), "a.json", r#"{"title":"B"}"#);
        assert_ne!(scan(root.path()).expect("scan")[0].checksum, before);
    }

    #[cfg(unix)]
    #[test]
    fn symlinked_files_are_read_and_symlinked_directories_are_not_entered() {
        let root = tempfile::tempdir().expect("temp dir");
        let elsewhere = tempfile::tempdir().expect("temp dir");
        write(elsewhere.path(), "target.json", r#"{"title":"Linked"}"#);
        write(elsewhere.path(), "dir/inner.json", r#"{"title":"Inner"}"#);
        std::os::unix::fs::symlink(
            elsewhere.path().join("target.json"),
            root.path().join("linked.json"),
        )
        .expect("symlink");
        std::os::unix::fs::symlink(elsewhere.path().join("dir"), root.path().join("dir"))
            .expect("symlink");
        let files = scan(root.path()).expect("scan");
        let paths: Vec<&str> = files.iter().map(|f| f.relative_path.as_str()).collect();
        assert_eq!(paths, vec!["linked.json"]);
    }

    #[test]
    fn a_missing_root_is_an_error() {
        let root = tempfile::tempdir().expect("temp dir");
        let error = scan(&root.path().join("absent")).expect_err("missing");
        assert_eq!(error.kind(), io::ErrorKind::NotFound);
    }
}
