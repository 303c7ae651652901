//! Where values come from and which wins, following Grafana's `loadConfiguration`:
//!
//! 1. the embedded `conf/defaults.ini`, then `default.section.key=value` overrides;
//! 2. the config file (`--config`, else `<homepath>/conf/custom.ini` when it exists); its
//!    empty values keep the default, as in Grafana;
//! 3. environment variables `GF_<SECTION>_<KEY>` for every key known so far; empty ones
//!    are ignored;
//! 4. `section.key=value` overrides (with or without Grafana's `cfg:` prefix);
//! 5. `${NAME}`, `$__env{NAME}` and `$__file{path}` expansion of every value.
//!
//! `%(key)s` references are resolved later, when a value is read (see [`RawConfig`]).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::error::ConfigError;
use crate::expand::expand_all;
use crate::ini;
use crate::raw::{split_key_path, RawConfig, DEFAULT_SECTION};

/// `conf/defaults.ini`, compiled in so no file is needed at runtime.
pub const DEFAULTS_INI: &str = include_str!("../../../conf/defaults.ini");

const DEFAULTS_SOURCE: &str = "conf/defaults.ini (embedded)";

/// The config file read when none is given, relative to the home path.
const CUSTOM_INI: &str = "conf/custom.ini";

/// Grafana's command-line prefix for overrides.
const OVERRIDE_PREFIX: &str = "cfg:";

/// An override with this prefix changes the default rather than overriding the config file.
const DEFAULT_OVERRIDE_PREFIX: &str = "default.";

/// What to load, as given on the command line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadOptions {
    /// Grafana's `--homepath`: relative `[paths]` resolve against it and
    /// `conf/custom.ini` is looked up in it. Empty means the current directory.
    pub homepath: PathBuf,
    /// Grafana's `--config`: the config file to read (a relative path is relative to the
    /// working directory, as in Grafana). It must exist. When `None`,
    /// `<homepath>/conf/custom.ini` is read if it exists.
    pub config_file: Option<PathBuf>,
    /// `section.key=value` pairs, optionally prefixed with `cfg:` as Grafana's arguments
    /// are; `default.section.key=value` changes the default instead. A key without a
    /// section (`instance_name=x`) belongs to the `DEFAULT` section.
    pub overrides: Vec<String>,
}

/// All sources merged and expanded.
#[derive(Debug)]
pub(crate) struct MergedSources {
    pub merged: RawConfig,
    /// The embedded defaults, untouched: typed reads fall back to them for empty values.
    pub defaults: RawConfig,
    pub home_path: PathBuf,
    /// The config file that was read, if any.
    pub config_file: Option<PathBuf>,
    /// `section.key` of every merged key the embedded defaults do not define.
    pub unknown_keys: Vec<String>,
}

/// The environment variable that overrides `key` of `section`, e.g.
/// `("auth.anonymous", "enabled")` → `GF_AUTH_ANONYMOUS_ENABLED`.
pub fn env_var_name(section: &str, key: &str) -> String {
    let normalize = |name: &str| name.to_ascii_uppercase().replace(['.', '-'], "_");
    format!("GF_{}_{}", normalize(section), normalize(key))
}

/// Parses the embedded defaults.
pub(crate) fn embedded_defaults() -> Result<RawConfig, ConfigError> {
    ini::parse(DEFAULTS_INI, DEFAULTS_SOURCE)
}

/// Merges every source in precedence order; `env` stands in for the process environment.
pub(crate) fn merge_sources(
    options: &LoadOptions,
    env: &HashMap<String, String>,
) -> Result<MergedSources, ConfigError> {
    let home_path = resolve_home_path(&options.homepath)?;
    let overrides = options
        .overrides
        .iter()
        .map(|argument| Override::parse(argument))
        .collect::<Result<Vec<_>, _>>()?;
    let defaults = embedded_defaults()?;

    let mut merged = defaults.clone();
    for default_override in overrides.iter().filter(|o| o.changes_default) {
        default_override.apply(&mut merged);
    }
    let config_file = config_file_to_read(options, &home_path);
    if let Some(path) = &config_file {
        merge_config_file(&mut merged, path)?;
    }
    apply_env(&mut merged, env);
    for command_line_override in overrides.iter().filter(|o| !o.changes_default) {
        command_line_override.apply(&mut merged);
    }
    expand_all(&mut merged, env)?;

    let unknown_keys = unknown_keys(&merged, &defaults);
    Ok(MergedSources {
        merged,
        defaults,
        home_path,
        config_file,
        unknown_keys,
    })
}

/// Only the embedded defaults: no config file, environment or overrides.
pub(crate) fn defaults_only(homepath: &Path) -> Result<MergedSources, ConfigError> {
    let defaults = embedded_defaults()?;
    let mut merged = defaults.clone();
    expand_all(&mut merged, &HashMap::new())?;
    Ok(MergedSources {
        merged,
        defaults,
        home_path: resolve_home_path(homepath)?,
        config_file: None,
        unknown_keys: Vec::new(),
    })
}

fn resolve_home_path(homepath: &Path) -> Result<PathBuf, ConfigError> {
    let homepath = if homepath.as_os_str().is_empty() {
        Path::new(".")
    } else {
        homepath
    };
    std::path::absolute(homepath).map_err(|source| ConfigError::HomePath {
        path: homepath.to_path_buf(),
        source,
    })
}

fn config_file_to_read(options: &LoadOptions, home_path: &Path) -> Option<PathBuf> {
    if let Some(path) = &options.config_file {
        return Some(path.clone());
    }
    let custom = home_path.join(CUSTOM_INI);
    custom.is_file().then_some(custom)
}

/// Copies the file's non-empty values over `merged`, adding keys it does not know yet.
fn merge_config_file(merged: &mut RawConfig, path: &Path) -> Result<(), ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::ReadFile {
        path: path.to_path_buf(),
        source,
    })?;
    let file = ini::parse(&text, &path.display().to_string())?;
    for (section, key, value) in file.entries().filter(|(_, _, value)| !value.is_empty()) {
        merged.set(section, key, value);
    }
    tracing::debug!(file = %path.display(), "config file loaded");
    Ok(())
}

fn apply_env(merged: &mut RawConfig, env: &HashMap<String, String>) {
    let overridden: Vec<(String, String, String)> = merged
        .entries()
        .filter_map(|(section, key, _)| {
            let value = env.get(&env_var_name(section, key))?;
            (!value.is_empty()).then(|| (section.to_string(), key.to_string(), value.clone()))
        })
        .collect();
    for (section, key, value) in overridden {
        tracing::debug!(var = %env_var_name(&section, &key), "config overridden from environment");
        merged.set(&section, &key, value);
    }
}

fn unknown_keys(merged: &RawConfig, defaults: &RawConfig) -> Vec<String> {
    let unknown: Vec<String> = merged
        .entries()
        .filter(|(section, key, _)| !defaults.contains(section, key))
        .map(|(section, key, _)| key_path(section, key))
        .collect();
    for key in &unknown {
        tracing::debug!(%key, "ignoring config key sightline does not use");
    }
    unknown
}

/// `section.key`, or just `key` for the default section.
fn key_path(section: &str, key: &str) -> String {
    if section == DEFAULT_SECTION {
        key.to_string()
    } else {
        format!("{section}.{key}")
    }
}

/// One parsed `[cfg:][default.]section.key=value` argument.
#[derive(Debug, PartialEq, Eq)]
struct Override {
    changes_default: bool,
    section: String,
    key: String,
    value: String,
}

impl Override {
    fn parse(argument: &str) -> Result<Override, ConfigError> {
        let invalid = || ConfigError::InvalidOverride {
            argument: argument.to_string(),
        };
        let without_prefix = argument.strip_prefix(OVERRIDE_PREFIX).unwrap_or(argument);
        let (path, value) = without_prefix.split_once('=').ok_or_else(invalid)?;
        let (changes_default, path) = match path.strip_prefix(DEFAULT_OVERRIDE_PREFIX) {
            Some(rest) => (true, rest),
            None => (false, path),
        };
        let (section, key) = split_key_path(path);
        if section.is_empty() || key.is_empty() {
            return Err(invalid());
        }
        Ok(Override {
            changes_default,
            section: section.to_string(),
            key: key.to_string(),
            value: value.to_string(),
        })
    }

    fn apply(&self, merged: &mut RawConfig) {
        tracing::debug!(key = %key_path(&self.section, &self.key), "config overridden from command line");
        merged.set(&self.section, &self.key, self.value.as_str());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_var_names_follow_grafana() {
        assert_eq!(
            env_var_name("auth.anonymous", "enabled"),
            "GF_AUTH_ANONYMOUS_ENABLED"
        );
        assert_eq!(env_var_name("database", "type"), "GF_DATABASE_TYPE");
        assert_eq!(env_var_name("server", "http_port"), "GF_SERVER_HTTP_PORT");
        assert_eq!(env_var_name("plugin.my-app", "key"), "GF_PLUGIN_MY_APP_KEY");
        assert_eq!(
            env_var_name(DEFAULT_SECTION, "instance_name"),
            "GF_DEFAULT_INSTANCE_NAME"
        );
    }

    #[test]
    fn overrides_parse_with_and_without_prefix() {
        let parse = |argument: &str| Override::parse(argument).map_err(|error| error.to_string());
        let expected = |changes_default, section: &str, key: &str, value: &str| {
            Ok(Override {
                changes_default,
                section: section.to_string(),
                key: key.to_string(),
                value: value.to_string(),
            })
        };
        assert_eq!(
            parse("cfg:server.http_port=4000"),
            expected(false, "server", "http_port", "4000")
        );
        assert_eq!(
            parse("auth.anonymous.enabled=true"),
            expected(false, "auth.anonymous", "enabled", "true")
        );
        assert_eq!(
            parse("cfg:default.paths.data=/var/lib/x"),
            expected(true, "paths", "data", "/var/lib/x")
        );
        assert_eq!(
            parse("database.url=postgres://u:p@h/db?a=b"),
            expected(false, "database", "url", "postgres://u:p@h/db?a=b")
        );
        assert_eq!(
            parse("instance_name="),
            expected(false, DEFAULT_SECTION, "instance_name", "")
        );
        assert_eq!(
            parse("cfg:server.http_port"),
            Err("invalid override \"cfg:server.http_port\": expected section.key=value, e.g. cfg:server.http_port=4000".to_string())
        );
        assert!(parse(".key=1").is_err());
        assert!(parse("server.=1").is_err());
    }

    #[test]
    fn sample_ini_only_uses_known_keys() {
        let sample = include_str!("../../../conf/sample.ini");
        let uncommented: String = sample
            .lines()
            .map(|line| line.strip_prefix(';').unwrap_or(line))
            .map(|line| format!("{line}\n"))
            .collect();
        let parsed = ini::parse(&uncommented, "conf/sample.ini").map_err(|error| error.to_string());
        let defaults = embedded_defaults().map_err(|error| error.to_string());
        let (Ok(parsed), Ok(defaults)) = (parsed, defaults) else {
            panic!("conf/sample.ini or conf/defaults.ini does not parse");
        };
        assert_eq!(unknown_keys(&parsed, &defaults), Vec::<String>::new());
    }

    #[test]
    fn embedded_defaults_parse_and_document_every_key() {
        assert!(embedded_defaults().is_ok());
        let mut previous = "";
        for (index, line) in DEFAULTS_INI.lines().enumerate() {
            let trimmed = line.trim();
            let is_key = !trimmed.is_empty()
                && !trimmed.starts_with(['#', ';', '['])
                && trimmed.contains('=');
            if is_key {
                assert!(
                    previous.starts_with('#'),
                    "conf/defaults.ini line {}: key without a comment line above it",
                    index + 1
                );
            }
            previous = trimmed;
        }
    }
}
