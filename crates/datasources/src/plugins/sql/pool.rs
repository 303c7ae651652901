//! [`PoolCache`]: one connection pool per data source, kept in a [`ClientCache`] while the
//! data source's record stays the same; an edit (a new version) opens a new pool and closes
//! the old one. Pools connect lazily, so a wrong setting surfaces at the first query or health
//! check, with the driver's message (a TLS handshake failure names its cause, such as
//! `invalid peer certificate: UnknownIssuer`).

use std::time::Duration;

use sightline_store::sqlx::mysql::{
    MySqlConnectOptions, MySqlPool, MySqlPoolOptions, MySqlSslMode,
};
use sightline_store::sqlx::pool::PoolOptions;
use sightline_store::sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions, PgSslMode};
use sightline_store::sqlx::sqlite::{SqliteConnectOptions, SqlitePool, SqlitePoolOptions};
use sightline_store::sqlx::{self, Database};

use super::dialect::Dialect;
use super::settings::{Address, ConnectionSettings, PoolDefaults};
use super::tls::{CertSource, TlsMode};
use crate::plugin::PluginContext;
use crate::plugins::client_cache::ClientCache;

/// How long an idle connection is kept (how many: [`Pool::trim_idle`]).
const IDLE_TIMEOUT: Duration = Duration::from_secs(600);

/// A pool of one of the three drivers; cheap to clone.
#[derive(Debug, Clone)]
pub enum Pool {
    Postgres(PgPool),
    MySql(MySqlPool),
    Sqlite(SqlitePool),
}

impl Pool {
    /// Closes the idle connections beyond `max_idle`, as Go's `SetMaxIdleConns` (which
    /// Grafana sets from `maxIdleConns`; 0 keeps none) does: sqlx's pools keep no such count.
    pub async fn trim_idle(&self, max_idle: u32) {
        match self {
            Pool::Postgres(pool) => trim_idle(pool, max_idle).await,
            Pool::MySql(pool) => trim_idle(pool, max_idle).await,
            Pool::Sqlite(pool) => trim_idle(pool, max_idle).await,
        }
    }

    async fn close(&self) {
        match self {
            Pool::Postgres(pool) => pool.close().await,
            Pool::MySql(pool) => pool.close().await,
            Pool::Sqlite(pool) => pool.close().await,
        }
    }
}

async fn trim_idle<DB: Database>(pool: &sqlx::Pool<DB>, max_idle: u32) {
    let max_idle = usize::try_from(max_idle).unwrap_or(usize::MAX);
    while pool.num_idle() > max_idle {
        let Some(connection) = pool.try_acquire() else {
            return;
        };
        if let Err(error) = connection.close().await {
            tracing::debug!(%error, "closing a connection beyond maxIdleConns failed");
        }
    }
}

/// The pools of one plugin, by org and data source.
#[derive(Default)]
pub struct PoolCache {
    pools: ClientCache<Pool>,
}

impl PoolCache {
    /// The pool of the data source in `context`, opened (lazily) when there is none for its
    /// current version, the pool of its previous version closed; `defaults` apply where the
    /// data source sets no pool limits. `statement_timeout` bounds each statement on the
    /// server where the database supports it (PostgreSQL).
    pub fn get(
        &self,
        dialect: Dialect,
        context: &PluginContext,
        defaults: &PoolDefaults,
        statement_timeout: Duration,
    ) -> Result<(Pool, ConnectionSettings), String> {
        let settings = ConnectionSettings::read(dialect, context, defaults)?;
        let (pool, replaced) = self
            .pools
            .get_or_replace(context, || open(dialect, &settings, statement_timeout))?;
        if let Some(old) = replaced {
            if let Ok(runtime) = tokio::runtime::Handle::try_current() {
                runtime.spawn(async move { old.close().await });
            }
        }
        Ok(((*pool).clone(), settings))
    }
}

fn open(
    dialect: Dialect,
    settings: &ConnectionSettings,
    statement_timeout: Duration,
) -> Result<Pool, String> {
    match dialect {
        Dialect::Postgres => {
            let options = postgres_options(settings, statement_timeout);
            let pool = limits(PgPoolOptions::new(), settings).connect_lazy_with(options);
            Ok(Pool::Postgres(pool))
        }
        Dialect::MySql => {
            let options = mysql_options(settings);
            let pool = limits(MySqlPoolOptions::new(), settings).connect_lazy_with(options);
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
            let pool = limits(SqlitePoolOptions::new(), settings).connect_lazy_with(options);
            Ok(Pool::Sqlite(pool))
        }
    }
}

/// The pool limits of `settings`, the same for every driver.
fn limits<DB: Database>(
    options: PoolOptions<DB>,
    settings: &ConnectionSettings,
) -> PoolOptions<DB> {
    options
        .max_connections(settings.max_open_conns.max(1))
        .max_lifetime(settings.conn_max_lifetime)
        .idle_timeout(Some(IDLE_TIMEOUT))
        .acquire_timeout(settings.connect_timeout)
}

fn postgres_options(
    settings: &ConnectionSettings,
    statement_timeout: Duration,
) -> PgConnectOptions {
    let host = match &settings.address {
        Address::Tcp { host, .. } | Address::Socket(host) | Address::File(host) => host,
    };
    let tls = &settings.tls;
    let ssl_mode = match tls.mode {
        TlsMode::Disabled => PgSslMode::Disable,
        TlsMode::Required => PgSslMode::Require,
        TlsMode::VerifyCa => PgSslMode::VerifyCa,
        TlsMode::VerifyFull => PgSslMode::VerifyFull,
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
    if let Some(root) = &tls.root_cert {
        options = match root {
            CertSource::File(path) => options.ssl_root_cert(path),
            CertSource::Pem(pem) => options.ssl_root_cert_from_pem(pem.as_bytes().to_vec()),
        };
    }
    if let Some((cert, key)) = &tls.client_cert {
        options = match cert {
            CertSource::File(path) => options.ssl_client_cert(path),
            CertSource::Pem(pem) => options.ssl_client_cert_from_pem(pem),
        };
        options = match key {
            CertSource::File(path) => options.ssl_client_key(path),
            CertSource::Pem(pem) => options.ssl_client_key_from_pem(pem),
        };
    }
    if let Address::Tcp { port, .. } = settings.address {
        options = options.port(port);
    }
    if !settings.password.is_empty() {
        options = options.password(&settings.password);
    }
    if !settings.database.is_empty() {
        options = options.database(&settings.database);
    }
    options
}

fn mysql_options(settings: &ConnectionSettings) -> MySqlConnectOptions {
    let tls = &settings.tls;
    let ssl_mode = match tls.mode {
        TlsMode::Disabled => MySqlSslMode::Disabled,
        TlsMode::Required => MySqlSslMode::Required,
        TlsMode::VerifyCa => MySqlSslMode::VerifyCa,
        TlsMode::VerifyFull => MySqlSslMode::VerifyIdentity,
    };
    let mut options = MySqlConnectOptions::new()
        .username(&settings.user)
        .ssl_mode(ssl_mode);
    if let Some(root) = &tls.root_cert {
        options = match root {
            CertSource::File(path) => options.ssl_ca(path),
            CertSource::Pem(pem) => options.ssl_ca_from_pem(pem.as_bytes().to_vec()),
        };
    }
    if let Some((cert, key)) = &tls.client_cert {
        options = match cert {
            CertSource::File(path) => options.ssl_client_cert(path),
            CertSource::Pem(pem) => options.ssl_client_cert_from_pem(pem),
        };
        options = match key {
            CertSource::File(path) => options.ssl_client_key(path),
            CertSource::Pem(pem) => options.ssl_client_key_from_pem(pem),
        };
    }
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
