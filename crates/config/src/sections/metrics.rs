//! `[metrics]`: the Prometheus endpoint exposing the server's own metrics.

use crate::error::ConfigError;
use crate::secret::Secret;
use crate::values::SectionValues;

/// The `[metrics]` section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetricsSettings {
    /// `[metrics] enabled`: serve `/metrics` (default true).
    pub enabled: bool,
    /// `[metrics] basic_auth_username`: user required to read `/metrics`; empty means no
    /// authentication (default empty).
    pub basic_auth_username: String,
    /// `[metrics] basic_auth_password`: password required to read `/metrics`
    /// (default empty).
    pub basic_auth_password: Secret,
}

impl MetricsSettings {
    pub(crate) fn read(metrics: &SectionValues<'_>) -> Result<MetricsSettings, ConfigError> {
        Ok(MetricsSettings {
            enabled: metrics.bool("enabled")?,
            basic_auth_username: metrics.string("basic_auth_username"),
            basic_auth_password: Secret::new(metrics.string("basic_auth_password")),
        })
    }
}
