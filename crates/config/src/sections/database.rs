//! `[database]`: which database to use and how to pool connections, and the sqlx
//! connection URL built from it. As in Grafana, a `url` replaces type, host, name, user
//! and password, and a relative sqlite3 `path` lives under `[paths] data`.

use std::path::Path;
use std::path::PathBuf;
use std::time::Duration;

use crate::duration::parse_duration;
use crate::error::ConfigError;
use crate::secret::Secret;
use crate::sections::paths::make_absolute;
use crate::url::{percent_decode, percent_encode, percent_encode_path, redact_password, split_url};
use crate::values::{one_of, SectionValues};

/// Pool size used when `max_open_conn` is 0 (Grafana's "unlimited").
const DEFAULT_MAX_CONNECTIONS: u32 = 10;

/// Host used when `host` is empty, as Grafana does.
const DEFAULT_HOST: &str = "127.0.0.1";

/// `[database] type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatabaseType {
    Sqlite3,
    Postgres,
    Mysql,
}

impl DatabaseType {
    const CHOICES: [(&'static str, DatabaseType); 3] = [
        ("sqlite3", DatabaseType::Sqlite3),
        ("postgres", DatabaseType::Postgres),
        ("mysql", DatabaseType::Mysql),
    ];

    /// The name used in `grafana.ini`.
    pub fn as_str(self) -> &'static str {
        match self {
            DatabaseType::Sqlite3 => "sqlite3",
            DatabaseType::Postgres => "postgres",
            DatabaseType::Mysql => "mysql",
        }
    }

    /// The port used when `host` names none.
    pub fn default_port(self) -> Option<u16> {
        match self {
            DatabaseType::Sqlite3 => None,
            DatabaseType::Postgres => Some(5432),
            DatabaseType::Mysql => Some(3306),
        }
    }
}

/// The `[database]` section, with `url` already applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatabaseSettings {
    /// `[database] type`, or the scheme of `[database] url`: sqlite3, postgres or mysql
    /// (default sqlite3).
    pub db_type: DatabaseType,
    /// `[database] host` (or the host of `url`) without its port; a path starting with `/`
    /// is a unix socket (default 127.0.0.1).
    pub host: String,
    /// The port of `[database] host` (or of `url`); `None` means the type's default
    /// (default 3306, from `127.0.0.1:3306`).
    pub port: Option<u16>,
    /// `[database] name` (or the path of `url`): database name (default sightline).
    pub name: String,
    /// `[database] user` (or the user of `url`) (default root).
    pub user: String,
    /// `[database] password` (or the password of `url`) (default empty).
    pub password: Secret,
    /// The query string of `[database] url`, passed on to the driver (e.g. `sslmode=require`).
    pub url_query: String,
    /// `[database] path`: the sqlite3 file, absolute; relative values resolve against
    /// `[paths] data` (default `sightline.db`).
    pub path: PathBuf,
    /// `[database] max_open_conn`: connection limit, 0 for none (default 0); see
    /// [`DatabaseSettings::max_connections`].
    pub max_open_conn: u32,
    /// `[database] max_idle_conn`: idle connections kept open (default 2).
    pub max_idle_conn: u32,
    /// `[database] conn_max_lifetime`: seconds before a connection is replaced, 0 for
    /// never (default 14400).
    pub conn_max_lifetime: Duration,
    /// `[database] shared_state_ttl` (Sightline): how long this server trusts what it read of
    /// state other servers on the same database may change — tokens, team membership,
    /// stars, the dashboard index generation; 0 rereads on every request (default 1s).
    pub shared_state_ttl: Duration,
    /// `[database] ssl_mode`: PostgreSQL `disable`, `require`, `verify-ca` or `verify-full`;
    /// MySQL `true` (TLS, verified), `skip-verify` (TLS, not verified) or `false`
    /// (default disable). An `sslmode`/`ssl-mode` in `url` wins.
    pub ssl_mode: String,
    /// `[database] ca_cert_path`, `client_cert_path`, `client_key_path`: PEM files for TLS.
    pub ca_cert_path: String,
    pub client_cert_path: String,
    pub client_key_path: String,
}

/// `[database] ssl_mode` values per database type.
const POSTGRES_SSL_MODES: [&str; 6] = [
    "disable",
    "allow",
    "prefer",
    "require",
    "verify-ca",
    "verify-full",
];
const MYSQL_SSL_MODES: [&str; 4] = ["true", "false", "skip-verify", "disable"];

/// Connection target fields that `url` may replace.
struct Target {
    db_type: DatabaseType,
    host_and_port: String,
    name: String,
    user: String,
    password: String,
    query: String,
}

impl DatabaseSettings {
    pub(crate) fn read(
        database: &SectionValues<'_>,
        data_path: &Path,
    ) -> Result<DatabaseSettings, ConfigError> {
        let url = database.string("url");
        let target = if url.is_empty() {
            Target {
                db_type: database.parse("type", parse_type)?,
                host_and_port: database.string("host"),
                name: database.string("name"),
                user: database.string("user"),
                password: database.string("password"),
                query: String::new(),
            }
        } else {
            parse_url(&url)
                .map_err(|expected| database.invalid("url", &redact_password(&url), expected))?
        };
        let (host, port) = split_host_port(&target.host_and_port).map_err(|expected| {
            if url.is_empty() {
                database.invalid("host", &target.host_and_port, expected)
            } else {
                database.invalid("url", &redact_password(&url), expected)
            }
        })?;
        Ok(DatabaseSettings {
            db_type: target.db_type,
            host,
            port,
            name: target.name,
            user: target.user,
            password: Secret::new(target.password),
            url_query: target.query,
            path: make_absolute(&database.string_or_default("path"), data_path),
            max_open_conn: database.integer("max_open_conn")?,
            max_idle_conn: database.integer("max_idle_conn")?,
            conn_max_lifetime: database.seconds("conn_max_lifetime")?,
            shared_state_ttl: database.parse("shared_state_ttl", parse_duration)?,
            ssl_mode: read_ssl_mode(database, target.db_type)?,
            ca_cert_path: database.string("ca_cert_path"),
            client_cert_path: database.string("client_cert_path"),
            client_key_path: database.string("client_key_path"),
        })
    }

    /// The driver parameters for `ssl_mode` and the certificate paths, unless `url` sets
    /// the mode itself.
    fn tls_params(&self) -> Vec<String> {
        let url_sets = |name: &str| {
            self.url_query
                .split('&')
                .any(|pair| pair.split('=').next() == Some(name))
        };
        let (mode, names) = match self.db_type {
            DatabaseType::Sqlite3 => return Vec::new(),
            DatabaseType::Postgres if !url_sets("sslmode") => (
                format!("sslmode={}", self.ssl_mode),
                ["sslrootcert", "sslcert", "sslkey"],
            ),
            DatabaseType::Mysql if !url_sets("ssl-mode") => {
                let mode = match self.ssl_mode.as_str() {
                    "true" => "VERIFY_IDENTITY",
                    "skip-verify" => "REQUIRED",
                    _ => "DISABLED",
                };
                (
                    format!("ssl-mode={mode}"),
                    ["ssl-ca", "ssl-cert", "ssl-key"],
                )
            }
            _ => return Vec::new(),
        };
        let files = [
            &self.ca_cert_path,
            &self.client_cert_path,
            &self.client_key_path,
        ];
        std::iter::once(mode)
            .chain(
                names
                    .iter()
                    .zip(files)
                    .filter(|(_, path)| !path.is_empty())
                    .map(|(name, path)| format!("{name}={}", percent_encode_path(path))),
            )
            .collect()
    }

    /// The pool size: `max_open_conn`, or 10 when that is 0 (unlimited in Grafana).
    pub fn max_connections(&self) -> u32 {
        if self.max_open_conn == 0 {
            return DEFAULT_MAX_CONNECTIONS;
        }
        self.max_open_conn
    }

    /// The sqlx connection URL: `sqlite://<absolute path>?mode=rwc`,
    /// `postgres://user:pass@host:port/name` or `mysql://user:pass@host:port/name`, with
    /// user, password and name percent-encoded and the type's default port when `host`
    /// has none. A unix socket host becomes sqlx's `host=` (postgres) or `socket=` (mysql)
    /// parameter.
    pub fn connection_url(&self) -> String {
        if self.db_type == DatabaseType::Sqlite3 {
            let path = percent_encode_path(&self.path.to_string_lossy());
            return format!("sqlite://{path}?mode=rwc");
        }
        let mut params: Vec<String> = Vec::new();
        if !self.url_query.is_empty() {
            params.push(self.url_query.clone());
        }
        params.extend(self.tls_params());
        let address = if self.host.starts_with('/') {
            let socket_param = match self.db_type {
                DatabaseType::Postgres => "host",
                _ => "socket",
            };
            params.push(format!(
                "{socket_param}={}",
                percent_encode_path(&self.host)
            ));
            "localhost".to_string()
        } else {
            let host = if self.host.is_empty() {
                DEFAULT_HOST
            } else {
                &self.host
            };
            let host = if host.contains(':') {
                format!("[{host}]")
            } else {
                host.to_string()
            };
            let port = self
                .port
                .or(self.db_type.default_port())
                .unwrap_or_default();
            format!("{host}:{port}")
        };
        let user_info = match (self.user.is_empty(), self.password.is_empty()) {
            (true, true) => String::new(),
            (_, true) => format!("{}@", percent_encode(&self.user)),
            _ => format!(
                "{}:{}@",
                percent_encode(&self.user),
                percent_encode(self.password.expose())
            ),
        };
        let query = if params.is_empty() {
            String::new()
        } else {
            format!("?{}", params.join("&"))
        };
        format!(
            "{}://{user_info}{address}/{}{query}",
            self.db_type.as_str(),
            percent_encode(&self.name)
        )
    }
}

fn parse_type(text: &str) -> Result<DatabaseType, String> {
    one_of(text, &DatabaseType::CHOICES)
}

/// Reads the target from `url` as Grafana does with Go's `url.Parse`.
fn parse_url(url: &str) -> Result<Target, String> {
    const EXPECTED: &str =
        "expected a url such as postgres://user:password@host:5432/name or mysql://user:password@host:3306/name";
    let parts = split_url(url).ok_or_else(|| EXPECTED.to_string())?;
    let scheme = if parts.scheme.eq_ignore_ascii_case("postgresql") {
        "postgres"
    } else {
        parts.scheme
    };
    let db_type = parse_type(scheme).map_err(|expected| format!("unknown scheme: {expected}"))?;
    let decode = |text: Option<&str>| {
        percent_decode(text.unwrap_or_default())
            .ok_or_else(|| "invalid percent-encoding".to_string())
    };
    let first_segment = parts.path.trim_start_matches('/').split('/').next();
    Ok(Target {
        db_type,
        host_and_port: parts.host.to_string(),
        name: decode(first_segment)?,
        user: decode(parts.user)?,
        password: decode(parts.password)?,
        query: parts.query.to_string(),
    })
}

/// Splits `host[:port]`, `[ipv6]:port`, a bare IPv6 address or a socket path.
fn split_host_port(text: &str) -> Result<(String, Option<u16>), String> {
    const EXPECTED: &str = "expected host or host:port with a port between 0 and 65535";
    let parse_port = |port: &str| port.parse::<u16>().map_err(|_| EXPECTED.to_string());
    if text.starts_with('/') {
        return Ok((text.to_string(), None));
    }
    if let Some(bracketed) = text.strip_prefix('[') {
        let (host, after) = bracketed
            .split_once(']')
            .ok_or_else(|| EXPECTED.to_string())?;
        if after.is_empty() {
            return Ok((host.to_string(), None));
        }
        let port = after
            .strip_prefix(':')
            .ok_or_else(|| EXPECTED.to_string())?;
        return Ok((host.to_string(), Some(parse_port(port)?)));
    }
    match text.split_once(':') {
        Some((host, port)) if !port.contains(':') => {
            Ok((host.to_string(), Some(parse_port(port)?)))
        }
        _ => Ok((text.to_string(), None)),
    }
}

/// `[database] ssl_mode`, checked against the values of the database type.
fn read_ssl_mode(
    database: &SectionValues<'_>,
    db_type: DatabaseType,
) -> Result<String, ConfigError> {
    let choices: &[&str] = match db_type {
        DatabaseType::Sqlite3 => return Ok(database.string_or_default("ssl_mode")),
        DatabaseType::Postgres => &POSTGRES_SSL_MODES,
        DatabaseType::Mysql => &MYSQL_SSL_MODES,
    };
    database.parse("ssl_mode", |mode| {
        choices
            .contains(&mode)
            .then(|| mode.to_string())
            .ok_or_else(|| {
                format!(
                    "expected one of {} for {}",
                    choices.join(", "),
                    db_type.as_str()
                )
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_hosts_and_ports() {
        let split = |text: &str| split_host_port(text).map_err(|_| ());
        assert_eq!(split("db:5433"), Ok(("db".to_string(), Some(5433))));
        assert_eq!(split("db"), Ok(("db".to_string(), None)));
        assert_eq!(split("[::1]:5432"), Ok(("::1".to_string(), Some(5432))));
        assert_eq!(split("[::1]"), Ok(("::1".to_string(), None)));
        assert_eq!(split("::1"), Ok(("::1".to_string(), None)));
        assert_eq!(
            split("/var/run/mysqld.sock"),
            Ok(("/var/run/mysqld.sock".to_string(), None))
        );
        assert_eq!(split("db:port"), Err(()));
        assert_eq!(split("[::1"), Err(()));
    }
}
