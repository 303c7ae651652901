//! The contract between the query pipeline and data source plugins (Grafana's backend plugin
//! SDK: `QueryData`, `CheckHealth`, `CallResource`), and the registry of built-in plugins by
//! Grafana type id.
//!
//! A plugin receives a [`PluginContext`] (the data source record with its secrets opened and
//! who is asking) and answers per `refId`; one failing query never fails the others. The
//! pipeline (`/api/ds/query`) bounds every call with `[dataproxy] timeout` and drops it when
//! the client leaves, so plugins need no timeouts of their own beyond their HTTP client's.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use async_trait::async_trait;
use serde_json::Value;
use sightline_core::{Identity, OrgRole};
use sightline_query::frame::DataResponse;
use sightline_query::time::TimeRange;

use crate::models::DataSource;

/// The caller a query runs for (`$__user`, and plugins that forward identity).
#[derive(Debug, Clone, Default)]
pub struct PluginUser {
    pub login: String,
    pub email: String,
    pub name: String,
    pub role: Option<OrgRole>,
    /// The caller as the auth layer resolved it, for built-in plugins that act inside
    /// Sightline on the caller's behalf (the `grafana` data source reads annotations and
    /// searches dashboards with the caller's permissions). Set for queries.
    pub identity: Option<Identity>,
}

/// A data source as a plugin sees it.
#[derive(Debug, Clone)]
pub struct PluginContext {
    pub org_id: i64,
    pub data_source: DataSource,
    /// `secureJsonData`, opened.
    pub secure_json_data: BTreeMap<String, String>,
    pub user: Option<PluginUser>,
}

/// One query of a request, as Grafana's SDK hands it to a plugin.
#[derive(Debug, Clone)]
pub struct DataQuery {
    pub ref_id: String,
    /// `queryType` of the model, `""` when absent.
    pub query_type: String,
    /// The query's time range (the request's, or the query's own `timeRange`).
    pub time_range: TimeRange,
    /// `intervalMs` of the model: the interval the panel computed; Grafana's 1000 when
    /// absent (never negative: the pipeline refuses that query).
    pub interval_ms: i64,
    /// `maxDataPoints` of the model; Grafana's 100 when absent, at most 100 000 (never
    /// negative: the pipeline refuses that query).
    pub max_data_points: i64,
    /// The whole query object as sent, for the plugin's own fields.
    pub model: Value,
}

/// Queries for one data source.
#[derive(Debug, Clone)]
pub struct QueryRequest {
    pub context: PluginContext,
    pub queries: Vec<DataQuery>,
    /// How many queries of the caller's request go to this data source, these included. The
    /// pipeline calls a plugin once per query (each under its own timeout), but an answer may
    /// depend on the others: Prometheus names a table's value column `Value #A` when the
    /// request holds several.
    pub data_source_queries: usize,
}

/// Results by `refId`; every query of the request should have one.
pub type QueryResults = BTreeMap<String, DataResponse>;

/// `GET /api/datasources/uid/:uid/health`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HealthStatus {
    Ok,
    Error,
    Unknown,
}

#[derive(Debug, Clone)]
pub struct HealthCheck {
    pub status: HealthStatus,
    pub message: String,
    /// Plugin-specific details, `Value::Null` when none.
    pub details: Value,
}

/// A call to `/api/datasources/uid/:uid/resources/<path>`.
#[derive(Debug, Clone)]
pub struct ResourceRequest {
    pub method: String,
    /// The path after `resources/`, without a leading slash.
    pub path: String,
    /// The raw query string, without `?`.
    pub query: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

#[derive(Debug, Clone)]
pub struct ResourceResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl ResourceResponse {
    pub fn json(status: u16, body: &Value) -> ResourceResponse {
        ResourceResponse {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.to_string().into_bytes(),
        }
    }
}

/// A data source plugin built into Sightline.
#[async_trait]
pub trait DataSourcePlugin: Send + Sync {
    /// Grafana's plugin id, such as `prometheus`.
    fn type_id(&self) -> &'static str;

    async fn query_data(&self, request: QueryRequest) -> QueryResults;

    async fn check_health(&self, context: &PluginContext) -> HealthCheck;

    /// Resource calls (autocomplete and the like); plugins without any answer 404.
    async fn call_resource(
        &self,
        _context: &PluginContext,
        _request: ResourceRequest,
    ) -> ResourceResponse {
        ResourceResponse::json(404, &serde_json::json!({ "message": "Not found" }))
    }
}

/// The built-in plugins by type id (and Grafana's older aliases of them).
#[derive(Clone, Default)]
pub struct PluginRegistry {
    plugins: HashMap<String, Arc<dyn DataSourcePlugin>>,
}

impl PluginRegistry {
    /// Registers `plugin` under its type id and the given aliases.
    pub fn register(&mut self, plugin: Arc<dyn DataSourcePlugin>, aliases: &[&str]) {
        for alias in aliases {
            self.plugins
                .insert((*alias).to_string(), Arc::clone(&plugin));
        }
        self.plugins.insert(plugin.type_id().to_string(), plugin);
    }

    pub fn get(&self, type_id: &str) -> Option<Arc<dyn DataSourcePlugin>> {
        self.plugins.get(type_id).cloned()
    }
}
