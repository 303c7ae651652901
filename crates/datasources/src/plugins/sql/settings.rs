//! [`ConnectionSettings`]: what a SQL data source record says about reaching its database
//! (`url` as `host[:port]` or a socket path, `database` or `jsonData.database`, `user`,
//! `secureJsonData.password`, `jsonData.sslmode`, the pool limits), read with Grafana's
//! defaults.

use std::time::Duration;

use serde_json::{Map, Value};

use super::dialect::Dialect;
use crate::plugin::PluginContext;

/// Grafana's defaults for the pool settings of a SQL data source.
const DEFAULT_MAX_OPEN_CONNS: u32 = 100;
const DEFAULT_CONN_MAX_LIFETIME_SECONDS: u64 = 14_400;
/// How long a query waits for a connection when `jsonData.connectionTimeout` is 0 or unset.
const DEFAULT_CONNECT_TIMEOUT_SECONDS: u64 = 10;

/// Where the database is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Address {
    Tcp {
        host: String,
        port: u16,
    },
    /// A Unix socket (PostgreSQL: the socket directory; MySQL: the socket file).
    Socket(String),
    /// A SQLite database file, opened read-only.
    File(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectionSettings {
    pub address: Address,
    pub user: String,
    pub password: String,
    pub database: String,
    /// `jsonData.sslmode` (PostgreSQL): `disable`, `require`, `verify-ca`, `verify-full`;
    /// empty means try TLS and fall back to plain (`prefer`).
    pub ssl_mode: String,
    /// `jsonData.maxOpenConns`: the pool's size (0 or unset: 100).
    pub max_open_conns: u32,
    /// `jsonData.connMaxLifetime` in seconds (0 or unset: 14400).
    pub conn_max_lifetime: Duration,
    /// `jsonData.connectionTimeout` in seconds (0 or unset: 10).
    pub connect_timeout: Duration,
    /// `jsonData.timezone` (MySQL): the session time zone; UTC when empty.
    pub timezone: String,
    /// `jsonData.timescaledb` (PostgreSQL).
    pub timescaledb: bool,
}

impl ConnectionSettings {
    pub fn read(dialect: Dialect, context: &PluginContext) -> Result<Self, String> {
        let record = &context.data_source;
        let json = &record.json_data;
        let address = match dialect {
            Dialect::Sqlite => {
                let path = text(json, "path").unwrap_or(record.url.trim());
                if path.is_empty() {
                    return Err(
                        "no database file: set the data source's url or jsonData.path".into(),
                    );
                }
                Address::File(path.to_string())
            }
            Dialect::Postgres | Dialect::MySql => address(&record.url, dialect.default_port())?,
        };
        let database = text(json, "database")
            .unwrap_or(record.database.as_str())
            .to_string();
        let seconds = |key: &str, default: u64| {
            let value = number(json, key).filter(|v| *v > 0).unwrap_or(default);
            Duration::from_secs(value)
        };
        Ok(ConnectionSettings {
            address,
            user: record.user.clone(),
            password: context
                .secure_json_data
                .get("password")
                .cloned()
                .unwrap_or_default(),
            database,
            ssl_mode: text(json, "sslmode").unwrap_or_default().to_string(),
            max_open_conns: number(json, "maxOpenConns")
                .filter(|v| *v > 0)
                .map_or(DEFAULT_MAX_OPEN_CONNS, |v| {
                    u32::try_from(v).unwrap_or(u32::MAX)
                }),
            conn_max_lifetime: seconds("connMaxLifetime", DEFAULT_CONN_MAX_LIFETIME_SECONDS),
            connect_timeout: seconds("connectionTimeout", DEFAULT_CONNECT_TIMEOUT_SECONDS),
            timezone: text(json, "timezone").unwrap_or_default().to_string(),
            timescaledb: json
                .get("timescaledb")
                .and_then(Value::as_bool)
                .unwrap_or(false),
        })
    }
}

/// A non-empty string setting.
fn text<'a>(json: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    json.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|value| !value.is_empty())
}

/// A whole-number setting, given as a number or as digits in a string.
fn number(json: &Map<String, Value>, key: &str) -> Option<u64> {
    match json.get(key)? {
        Value::Number(number) => number
            .as_u64()
            .or_else(|| number.as_f64().filter(|v| *v >= 0.0).map(|v| v as u64)),
        Value::String(text) => text.trim().parse().ok(),
        _ => None,
    }
}

/// `host`, `host:port`, `[v6]:port` or an absolute socket path.
fn address(url: &str, default_port: u16) -> Result<Address, String> {
    let url = url.trim();
    if url.is_empty() {
        return Err("no host: set the data source's url to host:port".into());
    }
    if url.starts_with('/') {
        return Ok(Address::Socket(url.to_string()));
    }
    let invalid = || format!("invalid url {url:?}: expected host or host:port");
    let (host, port) = match url.strip_prefix('[') {
        Some(bracketed) => {
            let (host, rest) = bracketed.split_once(']').ok_or_else(invalid)?;
            match rest.strip_prefix(':') {
                Some(port) => (host, Some(port)),
                None if rest.is_empty() => (host, None),
                None => return Err(invalid()),
            }
        }
        None => match url.rsplit_once(':') {
            Some((host, port)) if !host.contains(':') => (host, Some(port)),
            _ => (url, None),
        },
    };
    let port = match port {
        Some(port) => port.parse::<u16>().map_err(|_| invalid())?,
        None => default_port,
    };
    if host.is_empty() || host.contains(['/', ' ', '@']) {
        return Err(invalid());
    }
    Ok(Address::Tcp {
        host: host.to_string(),
        port,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses() {
        let tcp = |host: &str, port| Address::Tcp {
            host: host.into(),
            port,
        };
        assert_eq!(address("db:6432", 5432), Ok(tcp("db", 6432)));
        assert_eq!(address("db", 5432), Ok(tcp("db", 5432)));
        assert_eq!(address("[::1]:3307", 3306), Ok(tcp("::1", 3307)));
        assert_eq!(address("::1", 3306), Ok(tcp("::1", 3306)));
        assert_eq!(
            address("/var/run/postgresql", 5432),
            Ok(Address::Socket("/var/run/postgresql".into()))
        );
        assert!(address("db:port", 5432).is_err());
        assert!(address("", 5432).is_err());
        assert!(address("user@db", 5432).is_err());
    }
}
