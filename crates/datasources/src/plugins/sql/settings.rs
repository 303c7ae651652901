//! [`ConnectionSettings`]: what a SQL data source record says about reaching its database
//! (`url` as `host[:port]` or a socket path, `database` or `jsonData.database`, `user`,
//! `secureJsonData.password`, TLS ([`super::tls`]), the pool limits), read with Grafana's
//! defaults; [`PoolDefaults`] are the pool limits of data sources that set none
//! (`[sql_datasources]`).

use std::time::Duration;

use serde_json::{Map, Value};

use super::dialect::Dialect;
use super::tls::TlsSettings;
use crate::plugin::PluginContext;

/// How long a query waits for a connection when `jsonData.connectionTimeout` is 0 or unset.
const DEFAULT_CONNECT_TIMEOUT_SECONDS: u64 = 10;
/// The pool size that stands for "no limit" (0): sqlx sizes its pool up front.
pub const UNLIMITED_CONNECTIONS: u32 = 1000;

/// The pool limits of a data source whose `jsonData` does not set them: Grafana's
/// `[sql_datasources]` defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolDefaults {
    /// `max_open_conns_default`: 0 means no limit of Sightline's own.
    pub max_open_conns: u32,
    /// `max_idle_conns_default`: 0 closes idle connections at once.
    pub max_idle_conns: u32,
    /// `max_conn_lifetime_default`: zero keeps connections forever.
    pub conn_max_lifetime: Duration,
}

impl Default for PoolDefaults {
    /// Grafana's: 100 open, 100 idle, 4 hours.
    fn default() -> Self {
        PoolDefaults {
            max_open_conns: 100,
            max_idle_conns: 100,
            conn_max_lifetime: Duration::from_secs(14_400),
        }
    }
}

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
    /// Whether and how connections are encrypted.
    pub tls: TlsSettings,
    /// `jsonData.maxOpenConns`: the pool's size (unset: the default; 0: no limit, that is
    /// [`UNLIMITED_CONNECTIONS`]).
    pub max_open_conns: u32,
    /// `jsonData.maxIdleConns` (unset: the default): the most idle connections kept once a
    /// request's queries are done; the others are closed (0: none is kept).
    pub max_idle_conns: u32,
    /// `jsonData.connMaxLifetime` in seconds (unset: the default); `None` for 0, forever.
    pub conn_max_lifetime: Option<Duration>,
    /// `jsonData.connectionTimeout` in seconds (0 or unset: 10).
    pub connect_timeout: Duration,
    /// `jsonData.timezone` (MySQL): the session time zone; UTC when empty.
    pub timezone: String,
    /// `jsonData.timescaledb` (PostgreSQL).
    pub timescaledb: bool,
}

impl ConnectionSettings {
    pub fn read(
        dialect: Dialect,
        context: &PluginContext,
        defaults: &PoolDefaults,
    ) -> Result<Self, String> {
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
        let tls = match dialect {
            Dialect::Postgres => TlsSettings::postgres(context, &address)?,
            Dialect::MySql => TlsSettings::mysql(context, &address)?,
            Dialect::Sqlite => TlsSettings::disabled(),
        };
        let max_open_conns = match count(json, "maxOpenConns").unwrap_or(defaults.max_open_conns) {
            0 => UNLIMITED_CONNECTIONS,
            limit => limit.min(UNLIMITED_CONNECTIONS),
        };
        let lifetime =
            number(json, "connMaxLifetime").map_or(defaults.conn_max_lifetime, Duration::from_secs);
        let connect_timeout = number(json, "connectionTimeout")
            .filter(|seconds| *seconds > 0)
            .unwrap_or(DEFAULT_CONNECT_TIMEOUT_SECONDS);
        Ok(ConnectionSettings {
            address,
            user: record.user.clone(),
            password: context
                .secure_json_data
                .get("password")
                .cloned()
                .unwrap_or_default(),
            database,
            tls,
            max_open_conns,
            max_idle_conns: count(json, "maxIdleConns").unwrap_or(defaults.max_idle_conns),
            conn_max_lifetime: (!lifetime.is_zero()).then_some(lifetime),
            connect_timeout: Duration::from_secs(connect_timeout),
            timezone: text(json, "timezone").unwrap_or_default().to_string(),
            timescaledb: json
                .get("timescaledb")
                .and_then(Value::as_bool)
                .unwrap_or(false),
        })
    }
}

/// A count setting, saturating at `u32::MAX`.
fn count(json: &Map<String, Value>, key: &str) -> Option<u32> {
    number(json, key).map(|value| u32::try_from(value).unwrap_or(u32::MAX))
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

    #[test]
    fn pool_limits_fall_back_to_the_defaults() {
        use crate::plugins::sql::tls::tests::context;
        use serde_json::json;

        let defaults = PoolDefaults {
            max_open_conns: 7,
            max_idle_conns: 0,
            conn_max_lifetime: Duration::from_secs(60),
        };
        let read = |json_data| {
            ConnectionSettings::read(Dialect::Postgres, &context(json_data, &[]), &defaults)
                .expect("valid settings")
        };
        let unset = read(json!({"sslmode": "disable"}));
        assert_eq!(
            (
                unset.max_open_conns,
                unset.max_idle_conns,
                unset.conn_max_lifetime
            ),
            (7, 0, Some(Duration::from_secs(60)))
        );
        let own = read(json!({
            "sslmode": "disable", "maxOpenConns": 0, "maxIdleConns": "3", "connMaxLifetime": 0
        }));
        assert_eq!(
            (
                own.max_open_conns,
                own.max_idle_conns,
                own.conn_max_lifetime
            ),
            (UNLIMITED_CONNECTIONS, 3, None),
            "0 means no limit and no lifetime, as in Grafana"
        );
    }
}
