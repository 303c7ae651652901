//! Sightline's settings, loaded with Grafana's semantics: the embedded
//! `conf/defaults.ini`, then the config file, `GF_<SECTION>_<KEY>` environment variables
//! and `section.key=value` overrides, with `$__env{}`, `$__file{}`, `${}` and `%(key)s`
//! expansion, read into a validated, typed [`Settings`]. Any key stays readable through
//! [`Settings::raw`].

mod duration;
mod error;
mod expand;
mod ini;
mod raw;
mod secret;
mod sections;
mod settings;
mod sources;
mod url;
mod values;

pub use duration::parse_duration;
pub use error::ConfigError;
pub use raw::{RawConfig, DEFAULT_SECTION};
pub use secret::Secret;
pub use sections::auth::{AuthAnonymousSettings, AuthBasicSettings, AuthSettings};
pub use sections::database::{DatabaseSettings, DatabaseType};
pub use sections::dataproxy::DataProxySettings;
pub use sections::log::{LogFilter, LogFormat, LogLevel, LogMode, LogSettings};
pub use sections::metrics::MetricsSettings;
pub use sections::paths::PathsSettings;
pub use sections::security::{CookieSameSite, SecuritySettings};
pub use sections::server::{Protocol, ServerSettings};
pub use sections::sql_datasources::SqlDataSourcesSettings;
pub use sections::users::{Theme, UsersSettings};
pub use settings::Settings;
pub use sources::{env_var_name, LoadOptions, DEFAULTS_INI};
pub use values::parse_bool;
