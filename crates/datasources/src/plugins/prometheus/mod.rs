//! The Prometheus data source (`prometheus`), behaving as Grafana 12's (`pkg/promlib`):
//!
//! - [`query`]: the panel's query model → expression, step and kinds ([`step`]: Grafana's
//!   step and alignment rules; [`variables`]: `$__interval`, `$__rate_interval`, `$__range`);
//! - [`client`]: the calls to the Prometheus HTTP API (GET or form POST);
//! - [`response`]: Prometheus's JSON → frames, read in one pass with [`json_reader`]
//!   ([`samples`]: the points of a series; [`histograms`]: native histograms' buckets;
//!   [`exemplars`]: exemplar answers);
//!   [`framing`]: legend, step and inspector metadata; [`formats`]: `table` and `heatmap`;
//! - [`execute`]: one query's range/instant/exemplar calls and its result;
//! - [`health`] and [`resource`]: the health check and the editors' resource calls.
//!
//! Clients are built once per data source version and reused, so the connection pool and TLS
//! sessions survive between queries.

pub mod client;
pub mod execute;
pub mod exemplars;
pub mod formats;
pub mod framing;
pub mod health;
pub mod histograms;
pub mod json_reader;
pub mod legend;
pub mod query;
pub mod resource;
pub mod response;
mod sample_text;
pub mod samples;
pub mod settings;
pub mod step;
pub mod variables;

#[cfg(test)]
mod response_tests;
#[cfg(test)]
mod tests;

use std::sync::Arc;

use async_trait::async_trait;
use futures::future::join_all;
use sightline_query::frame::{DataResponse, ErrorSource};

use self::client::PrometheusClient;
use self::query::PromQuery;
use self::settings::PrometheusSettings;
use crate::plugin::{
    DataSourcePlugin, HealthCheck, PluginContext, QueryRequest, QueryResults, ResourceRequest,
    ResourceResponse,
};
use crate::plugins::client_cache::ClientCache;
use crate::plugins::http_client::{DataSourceHttpClient, ResponseLimit};

/// Grafana's plugin id.
pub const TYPE_ID: &str = "prometheus";

/// A Prometheus data source's settings and client, built from one version of its record.
#[derive(Debug)]
struct Connection {
    settings: PrometheusSettings,
    client: PrometheusClient,
}

/// The Prometheus plugin; one instance serves every Prometheus data source.
#[derive(Debug, Default)]
pub struct PrometheusPlugin {
    connections: ClientCache<Connection>,
    /// `[dataproxy] response_limit`: the most read of one Prometheus answer.
    response_limit: ResponseLimit,
}

impl PrometheusPlugin {
    pub fn new() -> PrometheusPlugin {
        PrometheusPlugin::default()
    }

    /// The plugin reading at most `limit` of each Prometheus answer.
    pub fn with_response_limit(mut self, limit: ResponseLimit) -> PrometheusPlugin {
        self.response_limit = limit;
        self
    }

    /// The settings and client for `context`'s data source, built when its record changed.
    fn connection(&self, context: &PluginContext) -> Result<Arc<Connection>, String> {
        self.connections.get_or_build(context, || {
            let settings = PrometheusSettings::from_json_data(&context.data_source.json_data);
            let http = DataSourceHttpClient::from_context(context, settings.query_timeout)
                .map_err(|error| error.to_string())?
                .with_response_limit(self.response_limit);
            let client = PrometheusClient::new(http, &settings);
            Ok(Connection { settings, client })
        })
    }
}

#[async_trait]
impl DataSourcePlugin for PrometheusPlugin {
    fn type_id(&self) -> &'static str {
        TYPE_ID
    }

    async fn query_data(&self, request: QueryRequest) -> QueryResults {
        let connection = match self.connection(&request.context) {
            Ok(connection) => connection,
            Err(message) => {
                return request
                    .queries
                    .iter()
                    .map(|query| {
                        let response = DataResponse::error(400, &message, ErrorSource::Plugin);
                        (query.ref_id.clone(), response)
                    })
                    .collect();
            }
        };
        let many_queries = request.queries.len().max(request.data_source_queries) > 1;
        let runs = request.queries.iter().map(|data_query| {
            let connection = Arc::clone(&connection);
            async move {
                let response = match PromQuery::from_data_query(data_query, &connection.settings) {
                    Ok(query) => execute::run_query(&connection.client, &query, many_queries).await,
                    Err(error) => DataResponse::error(400, error.to_string(), ErrorSource::Plugin),
                };
                (data_query.ref_id.clone(), response)
            }
        });
        join_all(runs).await.into_iter().collect()
    }

    async fn check_health(&self, context: &PluginContext) -> HealthCheck {
        match self.connection(context) {
            Ok(connection) => health::check(&connection.client).await,
            Err(message) => health::failed(&message),
        }
    }

    async fn call_resource(
        &self,
        context: &PluginContext,
        request: ResourceRequest,
    ) -> ResourceResponse {
        match self.connection(context) {
            Ok(connection) => resource::forward(&connection.client, &request).await,
            Err(message) => ResourceResponse::json(400, &serde_json::json!({ "message": message })),
        }
    }
}
