//! [`Settings`]: every typed section, read from the merged sources, plus the raw values
//! for keys no section covers yet.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::error::ConfigError;
use crate::raw::RawConfig;
use crate::sections::auth::{AuthAnonymousSettings, AuthBasicSettings, AuthSettings};
use crate::sections::database::DatabaseSettings;
use crate::sections::dataproxy::DataProxySettings;
use crate::sections::log::LogSettings;
use crate::sections::metrics::MetricsSettings;
use crate::sections::paths::PathsSettings;
use crate::sections::security::SecuritySettings;
use crate::sections::server::ServerSettings;
use crate::sections::sql_datasources::SqlDataSourcesSettings;
use crate::sections::users::UsersSettings;
use crate::sources::{defaults_only, merge_sources, LoadOptions, MergedSources};
use crate::values::SectionValues;

#[cfg(test)]
mod tests;

/// Environment variable whose absence Grafana fills with the machine's host name, so that
/// `${HOSTNAME}` works in containers that do not export it.
const HOSTNAME_VAR: &str = "HOSTNAME";

/// The validated configuration. Built once at start-up; read-only afterwards.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The home path (`--homepath`), absolute.
    pub home_path: PathBuf,
    /// The config file that was read, if any.
    pub config_file: Option<PathBuf>,
    /// `[paths]`.
    pub paths: PathsSettings,
    /// `[server]`.
    pub server: ServerSettings,
    /// `[database]`.
    pub database: DatabaseSettings,
    /// `[security]`.
    pub security: SecuritySettings,
    /// `[users]`.
    pub users: UsersSettings,
    /// `[auth]`.
    pub auth: AuthSettings,
    /// `[auth.basic]`.
    pub auth_basic: AuthBasicSettings,
    /// `[auth.anonymous]`.
    pub auth_anonymous: AuthAnonymousSettings,
    /// `[log]` and `[log.console]`.
    pub log: LogSettings,
    /// `[dataproxy]`.
    pub dataproxy: DataProxySettings,
    /// `[metrics]`.
    pub metrics: MetricsSettings,
    /// `[sql_datasources]` and `[dataproxy] row_limit`.
    pub sql_datasources: SqlDataSourcesSettings,
    raw: RawConfig,
    unknown_keys: Vec<String>,
}

impl Settings {
    /// Loads settings reading the process environment for `GF_*` overrides and `${}`
    /// expansion.
    pub fn load(options: &LoadOptions) -> Result<Settings, ConfigError> {
        Settings::load_with_env(options, &process_env())
    }

    /// Loads settings with `env` standing in for the process environment.
    pub fn load_with_env(
        options: &LoadOptions,
        env: &HashMap<String, String>,
    ) -> Result<Settings, ConfigError> {
        let sources = merge_sources(options, env)?;
        Settings::from_sources(sources)
    }

    /// Every key at its embedded default, with `homepath` as the home path; reads no
    /// file and no environment. Handy for tests of other crates.
    pub fn defaults(homepath: impl AsRef<Path>) -> Result<Settings, ConfigError> {
        Settings::from_sources(defaults_only(homepath.as_ref())?)
    }

    fn from_sources(sources: MergedSources) -> Result<Settings, ConfigError> {
        let MergedSources {
            merged,
            defaults,
            home_path,
            config_file,
            unknown_keys,
        } = sources;
        let section = |name: &'static str| SectionValues::new(&merged, &defaults, name);
        let paths = PathsSettings::read(&section("paths"), &home_path);
        let database = DatabaseSettings::read(&section("database"), &paths.data)?;
        let server = ServerSettings::read(&section("server"))?;
        let security = SecuritySettings::read(&section("security"))?;
        let users = UsersSettings::read(&section("users"))?;
        let auth = AuthSettings::read(&section("auth"))?;
        let auth_basic = AuthBasicSettings::read(&section("auth.basic"))?;
        let auth_anonymous = AuthAnonymousSettings::read(&section("auth.anonymous"))?;
        let log = LogSettings::read(&section("log"), &section("log.console"))?;
        let dataproxy = DataProxySettings::read(&section("dataproxy"))?;
        let metrics = MetricsSettings::read(&section("metrics"))?;
        let sql_datasources =
            SqlDataSourcesSettings::read(&section("sql_datasources"), &section("dataproxy"))?;
        Ok(Settings {
            home_path,
            config_file,
            paths,
            server,
            database,
            security,
            users,
            auth,
            auth_basic,
            auth_anonymous,
            log,
            dataproxy,
            metrics,
            sql_datasources,
            raw: merged,
            unknown_keys,
        })
    }

    /// Every merged and expanded value, for keys the typed sections do not cover:
    /// `settings.raw().lookup("smtp.enabled")`.
    pub fn raw(&self) -> &RawConfig {
        &self.raw
    }

    /// `section.key` of every key set by the config file or an override that Sightline
    /// does not know (not in `conf/defaults.ini`); such keys are otherwise ignored.
    pub fn unknown_keys(&self) -> &[String] {
        &self.unknown_keys
    }

    /// The sqlx connection URL for `[database]`; see [`DatabaseSettings::connection_url`].
    pub fn database_url(&self) -> String {
        self.database.connection_url()
    }
}

/// The process environment, with `HOSTNAME` filled in from the system when unset.
fn process_env() -> HashMap<String, String> {
    let mut env: HashMap<String, String> = std::env::vars_os()
        .filter_map(|(name, value)| Some((name.into_string().ok()?, value.into_string().ok()?)))
        .collect();
    let hostname_missing = env
        .get(HOSTNAME_VAR)
        .filter(|value| !value.is_empty())
        .is_none();
    if hostname_missing {
        if let Some(hostname) = system_hostname() {
            env.insert(HOSTNAME_VAR.to_string(), hostname);
        }
    }
    env
}

fn system_hostname() -> Option<String> {
    ["/proc/sys/kernel/hostname", "/etc/hostname"]
        .iter()
        .filter_map(|path| std::fs::read_to_string(path).ok())
        .map(|content| content.trim().to_string())
        .find(|hostname| !hostname.is_empty())
}
