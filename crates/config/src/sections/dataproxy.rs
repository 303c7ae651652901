//! `[dataproxy]`: how the server calls data sources on behalf of the browser.

use std::time::Duration;

use crate::error::ConfigError;
use crate::values::SectionValues;

/// The `[dataproxy]` section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataProxySettings {
    /// `[dataproxy] timeout`: seconds to wait for a data source response (default 30).
    pub timeout: Duration,
}

impl DataProxySettings {
    pub(crate) fn read(dataproxy: &SectionValues<'_>) -> Result<DataProxySettings, ConfigError> {
        Ok(DataProxySettings {
            timeout: dataproxy.seconds("timeout")?,
        })
    }
}
