//! [`PoolCache`]: one connection pool per data source, kept while the data source's
//! `version` stays the same; an edit (a new version) opens a new pool and closes the old
//! one. Pools connect lazily, so a wrong setting surfaces at the first query or health
//! check, with the driver's message.

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::Mutex;
use std::time::Duration;

use sightline_store::sqlx::mysql::{MySqlConnectOptions, MySqlPool, MySqlPoolOptions};
use sightline_store::sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions, PgSslMode};
use sightline_store::sqlx::sqlite::{SqliteConnectOptions, SqlitePool, SqlitePoolOptions};

use super::dialect::Dialect;
use super::settings::{Address, ConnectionSettings};
use crate::plugin::PluginContext;

/// A pool of one of the three drivers; cheap to clone.
#[derive(Debug, Clone)]
pub enum Pool {
    Postgres(PgPool),
    MySql(MySqlPool),
    Sqlite(SqlitePool),
}

impl Pool {
    async fn close(&self) {
        match self {
            Pool::Postgres(pool) => pool.close().await,
            Pool::MySql(pool) => pool.close().await,
            Pool::Sqlite(pool) => pool.close().await,
        }
    }
}

struct CachedPool {
    version: i64,
    pool: Pool,
}

/// The pools of one plugin, by org and data source uid.
#[derive(Default)]
pub struct PoolCache {
    pools: Mutex<HashMap<(i64, String), CachedPool>>,
}

impl PoolCache {
    /// The pool of the data source in `context`, opened (lazily) when there is none for its
    /// current version. `statement_timeout` bounds each statement on the server where the
    /// database supports it (PostgreSQL).
    pub fn get(
        &self,
        dialect: Dialect,
        context: &PluginContext,
        statement_timeout: Duration,
    ) -> Result<(Pool, ConnectionSettings), String> {
        let settings = ConnectionSettings::read(dialect, context)?;
        let record = &context.data_source;
        let key = (context.org_id, record.uid.clone());
        let mut pools = self
            .pools
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(cached) = pools.get(&key) {
            if cached.version == record.version {
                return Ok((cached.pool.clone(), settings));
            }
        }
        let pool = open(dialect, &settings, statement_timeout)?;
        let replaced = pools.insert(
            key,
            CachedPool {
                version: record.version,
                pool: pool.clone(),
            },
        );
        if let Some(old) = replaced {
            if let Ok(runtime) = tokio::runtime::Handle::try_current() {
                runtime.spawn(async move { old.pool.close().await });
            }
        }
        Ok((pool, settings))
    }
}

fn open(
    dialect: Dialect,
    settings: &ConnectionSettings,
    statement_timeout: Duration,
) -> Result<Pool, String> {
    let max = settings.max_open_conns;
    let lifetime = settings.conn_max_lifetime;
    let acquire = settings.connect_timeout;
    match dialect {
        Dialect::Postgres => {
            let options = postgres_options(settings, statement_timeout)?;
            let pool = PgPoolOptions::new()
                .max_connections(max)
                .max_lifetime(lifetime)
                .acquire_timeout(acquire)
                .connect_lazy_with(options);
            Ok(Pool::Postgres(pool))
        }
        Dialect::MySql => {
            let pool = MySqlPoolOptions::new()
                .max_connections(max)
                .max_lifetime(lifetime)
                .acquire_timeout(acquire)
                .connect_lazy_with(mysql_options(settings));
            Ok(Pool::MySql(pool))
        }
        Dialect::Sqlite => {
            let Address::File(path) = &settings.address else {
                return Err("a SQLite data source needs a file path".into());
            };
            let options = SqliteConnectOptions::new()
                .filename(path)
                .read_only(true)
                .create_if_missing(false);
            let pool = SqlitePoolOptions::new()
                .max_connections(max)
                .max_lifetime(lifetime)
                .acquire_timeout(acquire)
                .connect_lazy_with(options);
            Ok(Pool::Sqlite(pool))
        }
    }
}

fn postgres_options(
    settings: &ConnectionSettings,
    statement_timeout: Duration,
) -> Result<PgConnectOptions, String> {
    let ssl_mode = match settings.ssl_mode.as_str() {
        "" => PgSslMode::Prefer,
        mode => PgSslMode::from_str(mode).map_err(|_| format!("invalid sslmode {mode:?}"))?,
    };
    let host = match &settings.address {
        Address::Tcp { host, .. } | Address::Socket(host) | Address::File(host) => host,
    };
    let mut options = PgConnectOptions::new_without_pgpass()
        .host(host)
        .username(&settings.user)
        .ssl_mode(ssl_mode)
        .application_name("sightline")
        .options([(
            "statement_timeout",
            statement_timeout.as_millis().to_string(),
        )]);
    if let Address::Tcp { port, .. } = settings.address {
        options = options.port(port);
    }
    if !settings.password.is_empty() {
        options = options.password(&settings.password);
    }
    if !settings.database.is_empty() {
        options = options.database(&settings.database);
    }
    Ok(options)
}

fn mysql_options(settings: &ConnectionSettings) -> MySqlConnectOptions {
    let mut options = MySqlConnectOptions::new().username(&settings.user);
    options = match &settings.address {
        Address::Tcp { host, port } => options.host(host).port(*port),
        Address::Socket(path) | Address::File(path) => options.socket(path),
    };
    if !settings.password.is_empty() {
        options = options.password(&settings.password);
    }
    if !settings.database.is_empty() {
        options = options.database(&settings.database);
    }
    let timezone = match settings.timezone.as_str() {
        "" => "+00:00".to_string(),
        zone => zone.to_string(),
    };
    options.timezone(Some(timezone))
}
