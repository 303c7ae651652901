//! `[sql_datasources]` and `[dataproxy] row_limit`: the limits SQL data sources (PostgreSQL,
//! MySQL, SQLite) run under — the pool limits of data sources that set none of their own,
//! and how many rows a query may return.

use std::time::Duration;

use crate::error::ConfigError;
use crate::values::SectionValues;

/// Grafana's row limit, also used when `row_limit` is 0 or negative.
const DEFAULT_ROW_LIMIT: u64 = 1_000_000;

/// The limits of SQL data sources.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqlDataSourcesSettings {
    /// `[sql_datasources] max_open_conns_default`: the pool size of a data source without
    /// `jsonData.maxOpenConns`; 0 means no limit (default 100).
    pub max_open_conns_default: u32,
    /// `[sql_datasources] max_idle_conns_default`: idle connections kept by a data source
    /// without `jsonData.maxIdleConns`; 0 keeps none (default 100).
    pub max_idle_conns_default: u32,
    /// `[sql_datasources] max_conn_lifetime_default`: seconds before a connection of a data
    /// source without `jsonData.connMaxLifetime` is replaced; 0 keeps it forever
    /// (default 14400).
    pub max_conn_lifetime_default: Duration,
    /// `[dataproxy] row_limit`: the most rows a SQL query returns; the rest are dropped with
    /// a warning. 0 or less means the default, as in Grafana (default 1000000).
    pub row_limit: u64,
}

impl SqlDataSourcesSettings {
    pub(crate) fn read(
        sql_datasources: &SectionValues<'_>,
        dataproxy: &SectionValues<'_>,
    ) -> Result<SqlDataSourcesSettings, ConfigError> {
        let row_limit = match dataproxy.integer::<i64>("row_limit")? {
            rows if rows > 0 => rows.unsigned_abs(),
            _ => DEFAULT_ROW_LIMIT,
        };
        Ok(SqlDataSourcesSettings {
            max_open_conns_default: sql_datasources.integer("max_open_conns_default")?,
            max_idle_conns_default: sql_datasources.integer("max_idle_conns_default")?,
            max_conn_lifetime_default: sql_datasources.seconds("max_conn_lifetime_default")?,
            row_limit,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::raw::RawConfig;
    use crate::sources::embedded_defaults;

    fn read(pairs: &[(&str, &str, &str)]) -> Result<SqlDataSourcesSettings, String> {
        let defaults = embedded_defaults().map_err(|error| error.to_string())?;
        let mut merged: RawConfig = defaults.clone();
        for (section, key, value) in pairs {
            merged.set(section, key, *value);
        }
        SqlDataSourcesSettings::read(
            &SectionValues::new(&merged, &defaults, "sql_datasources"),
            &SectionValues::new(&merged, &defaults, "dataproxy"),
        )
        .map_err(|error| error.to_string())
    }

    #[test]
    fn defaults_are_grafanas() {
        assert_eq!(
            read(&[]),
            Ok(SqlDataSourcesSettings {
                max_open_conns_default: 100,
                max_idle_conns_default: 100,
                max_conn_lifetime_default: Duration::from_secs(14_400),
                row_limit: 1_000_000,
            })
        );
    }

    #[test]
    fn values_are_read_and_checked() {
        let settings = read(&[
            ("dataproxy", "row_limit", "3"),
            ("sql_datasources", "max_open_conns_default", "0"),
            ("sql_datasources", "max_idle_conns_default", "5"),
            ("sql_datasources", "max_conn_lifetime_default", "60"),
        ])
        .expect("valid");
        assert_eq!(settings.row_limit, 3);
        assert_eq!(settings.max_open_conns_default, 0);
        assert_eq!(settings.max_idle_conns_default, 5);
        assert_eq!(settings.max_conn_lifetime_default, Duration::from_secs(60));

        let zero = read(&[("dataproxy", "row_limit", "0")]).expect("zero is the default");
        assert_eq!(zero.row_limit, 1_000_000);
        let error = read(&[("dataproxy", "row_limit", "many")]).expect_err("not a number");
        assert!(error.contains("[dataproxy] row_limit"), "{error}");
        let error =
            read(&[("sql_datasources", "max_open_conns_default", "-1")]).expect_err("negative");
        assert!(
            error.contains("[sql_datasources] max_open_conns_default"),
            "{error}"
        );
    }
}
