//! The Prometheus data source's own settings (`jsonData`), as Grafana reads them.

use std::time::Duration;

use serde_json::{Map, Value};
use sightline_query::interval::parse_duration;

/// How queries are sent: `jsonData.httpMethod`, POST unless it says GET.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpMethod {
    Get,
    Post,
}

/// Prometheus's default query timeout, which Grafana also uses for its HTTP client.
pub const DEFAULT_QUERY_TIMEOUT: Duration = Duration::from_secs(60);

#[derive(Debug, Clone, PartialEq)]
pub struct PrometheusSettings {
    pub http_method: HttpMethod,
    /// `jsonData.timeInterval`: the scrape interval, the queries' minimum step; `""` unset.
    pub time_interval: String,
    /// `jsonData.queryTimeout` (`60s` by default): bounds every call to Prometheus.
    pub query_timeout: Duration,
    /// `jsonData.queryTimeout` as written, `""` unset: Grafana passes it on as the range
    /// queries' `timeout` parameter, so that Prometheus gives up on them too.
    pub query_timeout_text: String,
}

impl PrometheusSettings {
    pub fn from_json_data(json_data: &Map<String, Value>) -> PrometheusSettings {
        let text = |key: &str| {
            json_data
                .get(key)
                .and_then(Value::as_str)
                .unwrap_or("")
                .trim()
                .to_string()
        };
        let http_method = if text("httpMethod").eq_ignore_ascii_case("GET") {
            HttpMethod::Get
        } else {
            HttpMethod::Post
        };
        let query_timeout_text = text("queryTimeout");
        let query_timeout = parse_duration(&query_timeout_text)
            .ok()
            .and_then(|timeout| Duration::try_from(timeout).ok())
            .filter(|timeout| !timeout.is_zero())
            .unwrap_or(DEFAULT_QUERY_TIMEOUT);
        PrometheusSettings {
            http_method,
            time_interval: text("timeInterval"),
            query_timeout,
            query_timeout_text,
        }
    }
}
