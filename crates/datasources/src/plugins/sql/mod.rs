//! SQL data sources: PostgreSQL (`grafana-postgresql-datasource`, formerly `postgres`),
//! MySQL/MariaDB (`mysql`) and, beyond Grafana, SQLite (`sightline-sqlite-datasource`, a
//! database file opened read-only), one [`SqlDataSource`] per dialect.
//!
//! The SQL is the user's own (dashboard variables were interpolated by the browser, the
//! caller's built-ins by the pipeline); the plugin expands only the time macros ([`macros`]), runs the query over a pool kept per
//! data source version ([`pool`]), types the columns ([`columns`]) and shapes a table or a
//! time series ([`series`], [`resample`]) as Grafana's `sqleng` does. Connections use TLS as
//! the data source's Grafana settings say ([`tls`]); the row limit, the timeout and the pool
//! defaults come from the server's settings ([`SqlLimits`]).

mod columns;
mod dialect;
mod error;
mod fetch;
mod health;
pub mod macros;
mod pool;
mod query;
mod resample;
mod series;
mod settings;
#[cfg(test)]
mod tests;
mod tls;

use async_trait::async_trait;
use futures::future::join_all;
use sightline_query::frame::DataResponse;

pub use dialect::Dialect;
pub use query::SqlLimits;
pub use settings::PoolDefaults;

use crate::plugin::{DataSourcePlugin, HealthCheck, PluginContext, QueryRequest, QueryResults};
use pool::PoolCache;
use query::QueryEnvironment;

/// A SQL data source plugin of one dialect, with the pools of its data sources.
pub struct SqlDataSource {
    dialect: Dialect,
    limits: SqlLimits,
    pools: PoolCache,
}

impl SqlDataSource {
    pub fn new(dialect: Dialect, limits: SqlLimits) -> Self {
        Self {
            dialect,
            limits,
            pools: PoolCache::default(),
        }
    }

    pub fn postgres(limits: SqlLimits) -> Self {
        Self::new(Dialect::Postgres, limits)
    }

    pub fn mysql(limits: SqlLimits) -> Self {
        Self::new(Dialect::MySql, limits)
    }

    pub fn sqlite(limits: SqlLimits) -> Self {
        Self::new(Dialect::Sqlite, limits)
    }

    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// Older type ids to register this plugin under as well.
    pub fn aliases(&self) -> &'static [&'static str] {
        self.dialect.aliases()
    }
}

#[async_trait]
impl DataSourcePlugin for SqlDataSource {
    fn type_id(&self) -> &'static str {
        self.dialect.type_id()
    }

    /// The queries run concurrently over the data source's pool. A query without SQL gets
    /// an empty answer.
    async fn query_data(&self, request: QueryRequest) -> QueryResults {
        let pooled = self.pools.get(
            self.dialect,
            &request.context,
            &self.limits.pool,
            self.limits.query_timeout,
        );
        let (pool, settings) = match pooled {
            Ok(pooled) => pooled,
            Err(reason) => {
                let failed = DataResponse::error(
                    400,
                    format!("invalid data source settings: {reason}"),
                    sightline_query::frame::ErrorSource::Plugin,
                );
                return request
                    .queries
                    .iter()
                    .map(|query| (query.ref_id.clone(), failed.clone()))
                    .collect();
            }
        };
        let environment = QueryEnvironment {
            dialect: self.dialect,
            pool: &pool,
            limits: self.limits,
            timescaledb: settings.timescaledb,
        };
        let answers = join_all(request.queries.iter().map(|q| query::run(&environment, q))).await;
        pool.trim_idle(settings.max_idle_conns).await;
        request
            .queries
            .iter()
            .zip(answers)
            .map(|(query, answer)| (query.ref_id.clone(), answer.unwrap_or_default()))
            .collect()
    }

    async fn check_health(&self, context: &PluginContext) -> HealthCheck {
        match self.pools.get(
            self.dialect,
            context,
            &self.limits.pool,
            self.limits.query_timeout,
        ) {
            Ok((pool, _)) => health::check(self.dialect, &pool).await,
            Err(reason) => health::failed(reason),
        }
    }
}
