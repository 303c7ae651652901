//! The connection pool and the handful of helpers that hide dialect differences from callers.

use std::sync::Arc;
use std::time::Duration;

use sqlx::any::{AnyArguments, AnyPoolOptions};
use sqlx::query::Query;
use sqlx::{Any, AnyPool, AssertSqlSafe, Executor, Row};

use crate::dialect::Dialect;
use crate::error::StoreError;
use crate::freshness::Freshness;

/// Pool limits, from `[database] max_open_conn max_idle_conn conn_max_lifetime`.
#[derive(Debug, Clone)]
pub struct PoolSettings {
    pub max_open: u32,
    pub max_idle: u32,
    pub max_lifetime: Duration,
    /// How long SQLite waits for a lock held by another connection or process.
    pub busy_timeout: Duration,
    /// `[database] shared_state_ttl`: see [`Freshness`].
    pub shared_state_ttl: Duration,
}

impl Default for PoolSettings {
    fn default() -> Self {
        PoolSettings {
            max_open: 10,
            max_idle: 2,
            max_lifetime: Duration::from_secs(14_400),
            busy_timeout: Duration::from_secs(10),
            shared_state_ttl: Duration::ZERO,
        }
    }
}

/// A handle to the database; cheap to clone (the pool is shared).
#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    dialect: Dialect,
    freshness: Arc<Freshness>,
}

impl Store {
    /// Connects to `url` (`sqlite://…`, `postgres://…`, `mysql://…`) and checks the connection.
    pub async fn connect(url: &str, settings: &PoolSettings) -> Result<Store, StoreError> {
        sqlx::any::install_default_drivers();
        let dialect =
            Dialect::from_url(url).ok_or_else(|| StoreError::UnsupportedUrl(redact(url)))?;
        let busy_timeout_ms = settings.busy_timeout.as_millis();
        let options = AnyPoolOptions::new()
            .max_connections(settings.max_open.max(1))
            .min_connections(0)
            .idle_timeout(Some(Duration::from_secs(600)))
            .max_lifetime(Some(settings.max_lifetime))
            .acquire_timeout(Duration::from_secs(30))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    match dialect {
                        Dialect::Sqlite => {
                            conn.execute("PRAGMA journal_mode = WAL").await?;
                            conn.execute(AssertSqlSafe(format!(
                                "PRAGMA busy_timeout = {busy_timeout_ms}"
                            )))
                            .await?;
                            conn.execute("PRAGMA foreign_keys = ON").await?;
                            conn.execute("PRAGMA synchronous = NORMAL").await?;
                        }
                        Dialect::Mysql => {
                            conn.execute("SET NAMES utf8mb4 COLLATE utf8mb4_bin")
                                .await?;
                            conn.execute("SET SESSION sql_mode = 'ANSI_QUOTES,STRICT_ALL_TABLES'")
                                .await?;
                        }
                        Dialect::Postgres => {}
                    }
                    Ok(())
                })
            });
        let pool = options.connect(url).await.map_err(StoreError::Connect)?;
        Ok(Store {
            pool,
            dialect,
            freshness: Arc::new(Freshness::new(settings.shared_state_ttl)),
        })
    }

    /// How long reads of state other servers may change stay trusted here.
    pub fn freshness(&self) -> &Freshness {
        &self.freshness
    }

    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// A statement with portable `?` placeholders, rendered for this database.
    pub fn sql(&self, statement: &'static str) -> &'static str {
        self.dialect.sql(statement)
    }

    /// A statement built at run time, rendered for this database (not cached).
    pub fn render<'s>(&self, statement: &'s str) -> std::borrow::Cow<'s, str> {
        self.dialect.render(statement)
    }

    /// Runs an INSERT built from [`Store::insert_sql`] and returns the new row's id.
    pub async fn insert<'c, 'q, E>(
        &self,
        executor: E,
        query: Query<'q, Any, AnyArguments>,
    ) -> Result<i64, StoreError>
    where
        E: Executor<'c, Database = Any>,
        'q: 'c,
    {
        if !self.dialect.returning_id().is_empty() {
            let row = query.fetch_one(executor).await?;
            return Ok(row.try_get::<i64, _>(0)?);
        }
        let done = query.execute(executor).await?;
        done.last_insert_id()
            .ok_or_else(|| StoreError::Query(sqlx::Error::Protocol("no insert id".into())))
    }

    /// An INSERT statement rendered so that [`Store::insert`] can read the new id.
    pub fn insert_sql(&self, statement: &'static str) -> &'static str {
        match self.dialect.returning_id() {
            "" => self.sql(statement),
            suffix => with_suffix(self.dialect, statement, suffix),
        }
    }

    /// Checks that the database answers, for `/api/health`.
    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// Starts a transaction. On SQLite it takes the write lock at once (`BEGIN IMMEDIATE`), so
    /// a transaction that reads before it writes cannot fail with a lock upgrade conflict.
    pub async fn begin(&self) -> Result<sqlx::Transaction<'static, Any>, StoreError> {
        let transaction = match self.dialect {
            Dialect::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            _ => self.pool.begin().await?,
        };
        Ok(transaction)
    }

    /// Current pool occupancy: (connections open, of which idle).
    pub fn pool_stats(&self) -> (u32, usize) {
        (self.pool.size(), self.pool.num_idle())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Renders `statement` plus `suffix` for `dialect` once and keeps it for the process lifetime.
fn with_suffix(dialect: Dialect, statement: &'static str, suffix: &'static str) -> &'static str {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    type Key = (Dialect, &'static str);
    static RENDERED: OnceLock<Mutex<HashMap<Key, &'static str>>> = OnceLock::new();
    let cache = RENDERED.get_or_init(Default::default);
    let mut cache = match cache.lock() {
        Ok(guard) => guard,
        Err(poisoned) => poisoned.into_inner(),
    };
    cache.entry((dialect, statement)).or_insert_with(|| {
        let rendered = format!("{}{}", dialect.sql(statement), suffix);
        Box::leak(rendered.into_boxed_str())
    })
}

/// The url without its password, for error messages and logs.
pub(crate) fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    match rest.split_once('@') {
        Some((credentials, host)) => {
            let user = credentials.split(':').next().unwrap_or_default();
            format!("{scheme}://{user}:***@{host}")
        }
        None => url.to_string(),
    }
}
