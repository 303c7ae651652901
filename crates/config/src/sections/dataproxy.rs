//! `[dataproxy]`: how the server calls data sources on behalf of the browser.

use std::time::Duration;

use crate::error::ConfigError;
use crate::values::SectionValues;

/// The `[dataproxy]` section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataProxySettings {
    /// `[dataproxy] timeout`: seconds to wait for a data source response (default 30).
    pub timeout: Duration,
    /// `[dataproxy] response_limit`: the most bytes read of one data source answer, by the
    /// plugins and the data source proxy; 0 (the default) leaves Sightline's own bound.
    pub response_limit: u64,
}

impl DataProxySettings {
    pub(crate) fn read(dataproxy: &SectionValues<'_>) -> Result<DataProxySettings, ConfigError> {
        Ok(DataProxySettings {
            timeout: dataproxy.seconds("timeout")?,
            response_limit: dataproxy.integer("response_limit")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::raw::RawConfig;
    use crate::sources::embedded_defaults;

    fn read(pairs: &[(&str, &str)]) -> Result<DataProxySettings, String> {
        let defaults = embedded_defaults().map_err(|error| error.to_string())?;
        let mut merged: RawConfig = defaults.clone();
        for (key, value) in pairs {
            merged.set("dataproxy", key, *value);
        }
        DataProxySettings::read(&SectionValues::new(&merged, &defaults, "dataproxy"))
            .map_err(|error| error.to_string())
    }

    #[test]
    fn response_limit_is_bytes_and_unset_by_default() {
        assert_eq!(read(&[]).map(|s| s.response_limit), Ok(0));
        assert_eq!(
            read(&[("response_limit", "1048576")]).map(|s| s.response_limit),
            Ok(1_048_576)
        );
        let error = read(&[("response_limit", "-1")]).expect_err("negative");
        assert!(error.contains("[dataproxy] response_limit"), "{error}");
    }
}
