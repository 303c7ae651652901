//! The health check, as Grafana's (`healthcheck.go`): the instant query `1+1` at the time
//! 4 s after the epoch; any error fails the check with
//! `<error> - There was an error returned querying the Prometheus API.`.

use serde_json::Value;

use super::client::PrometheusClient;
use super::execute::run_query;
use super::query::{PromQuery, ResultFormat};
use crate::plugin::{HealthCheck, HealthStatus};

const HEALTH_REF_ID: &str = "__healthcheck__";
const OK_MESSAGE: &str = "Successfully queried the Prometheus API.";
const ERROR_MESSAGE: &str = "There was an error returned querying the Prometheus API.";

/// Runs the check against `client`.
pub async fn check(client: &PrometheusClient) -> HealthCheck {
    let query = PromQuery {
        ref_id: HEALTH_REF_ID.to_string(),
        expr: "1+1".to_string(),
        legend_format: String::new(),
        format: ResultFormat::TimeSeries,
        step: sightline_query::Duration::seconds(1),
        start_ms: 1_000,
        end_ms: 4_000,
        utc_offset_sec: 0,
        range: false,
        instant: true,
        exemplar: false,
    };
    let response = run_query(client, &query, false).await;
    match response.error {
        None => healthy(),
        Some(error) => failed(&error),
    }
}

pub fn healthy() -> HealthCheck {
    HealthCheck {
        status: HealthStatus::Ok,
        message: OK_MESSAGE.to_string(),
        details: Value::Null,
    }
}

/// A failed check: the cause, then Grafana's sentence.
pub fn failed(cause: &str) -> HealthCheck {
    HealthCheck {
        status: HealthStatus::Error,
        message: format!("{cause} - {ERROR_MESSAGE}"),
        details: Value::Null,
    }
}
