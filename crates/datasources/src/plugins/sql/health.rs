//! The health check: `SELECT 1` over the data source's pool. Success reads "Database
//! Connection OK" as in Grafana; a failure carries the driver's message.

use serde_json::Value;
use sightline_store::sqlx;

use super::fetch::error_message;
use super::pool::Pool;
use super::Dialect;
use crate::plugin::{HealthCheck, HealthStatus};

pub async fn check(dialect: Dialect, pool: &Pool) -> HealthCheck {
    let probe = sqlx::raw_sql("SELECT 1");
    let outcome = match pool {
        Pool::Postgres(pool) => probe.execute(pool).await.map(drop),
        Pool::MySql(pool) => probe.execute(pool).await.map(drop),
        Pool::Sqlite(pool) => probe.execute(pool).await.map(drop),
    };
    match outcome {
        Ok(()) => HealthCheck {
            status: HealthStatus::Ok,
            message: "Database Connection OK".into(),
            details: Value::Null,
        },
        Err(error) => failed(error_message(dialect, &error)),
    }
}

pub fn failed(message: String) -> HealthCheck {
    HealthCheck {
        status: HealthStatus::Error,
        message,
        details: Value::Null,
    }
}
