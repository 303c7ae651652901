//! The Prometheus data source (`prometheus`), behaving as Grafana 12's (`pkg/promlib`):
//!
//! - [`query`]: the panel's query model → expression, step and kinds ([`step`]: Grafana's
//!   step and alignment rules; [`variables`]: `$__interval`, `$__rate_interval`, `$__range`);
//! - [`client`]: the calls to the Prometheus HTTP API (GET or form POST);
//! - [`response`]: Prometheus's JSON → frames, read in one pass with [`json_reader`]
//!   ([`samples`]: the points of a series; [`exemplars`]: exemplar answers);
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

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

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
use crate::plugins::http_client::{DataSourceHttpClient, ResponseLimit};

/// Grafana's plugin id.
pub const TYPE_ID: &str = "prometheus";

/// Which version of a data source a cached client was built from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct ClientKey {
    org_id: i64,
    uid: String,
}

#[derive(Debug, Clone)]
struct CachedClient {
    version: i64,
    updated: i64,
    settings: Arc<PrometheusSettings>,
    client: Arc<PrometheusClient>,
}

/// The Prometheus plugin; one instance serves every Prometheus data source.
#[derive(Debug, Default)]
pub struct PrometheusPlugin {
    clients: Mutex<HashMap<ClientKey, CachedClient>>,
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

    /// The client and settings for `context`'s data source, built when its record changed.
    fn client_for(
        &self,
        context: &PluginContext,
    ) -> Result<(Arc<PrometheusSettings>, Arc<PrometheusClient>), String> {
        let data_source = &context.data_source;
        let key = ClientKey {
            org_id: context.org_id,
            uid: data_source.uid.clone(),
        };
        let mut clients = self
            .clients
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(cached) = clients.get(&key) {
            if cached.version == data_source.version && cached.updated == data_source.updated {
                return Ok((Arc::clone(&cached.settings), Arc::clone(&cached.client)));
            }
        }
        let settings = Arc::new(PrometheusSettings::from_json_data(&data_source.json_data));
        let http = DataSourceHttpClient::from_context(context, settings.query_timeout)
            .map_err(|error| error.to_string())?
            .with_response_limit(self.response_limit);
        let client = Arc::new(PrometheusClient::new(http, &settings));
        clients.insert(
            key,
            CachedClient {
                version: data_source.version,
                updated: data_source.updated,
                settings: Arc::clone(&settings),
                client: Arc::clone(&client),
            },
        );
        Ok((settings, client))
    }
}

#[async_trait]
impl DataSourcePlugin for PrometheusPlugin {
    fn type_id(&self) -> &'static str {
        TYPE_ID
    }

    async fn query_data(&self, request: QueryRequest) -> QueryResults {
        let (settings, client) = match self.client_for(&request.context) {
            Ok(pair) => pair,
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
        let many_queries = request.queries.len() > 1;
        let runs = request.queries.iter().map(|data_query| {
            let client = Arc::clone(&client);
            let settings = Arc::clone(&settings);
            async move {
                let response = match PromQuery::from_data_query(data_query, &settings) {
                    Ok(query) => execute::run_query(&client, &query, many_queries).await,
                    Err(error) => DataResponse::error(400, error.to_string(), ErrorSource::Plugin),
                };
                (data_query.ref_id.clone(), response)
            }
        });
        join_all(runs).await.into_iter().collect()
    }

    async fn check_health(&self, context: &PluginContext) -> HealthCheck {
        match self.client_for(context) {
            Ok((_, client)) => health::check(&client).await,
            Err(message) => health::failed(&message),
        }
    }

    async fn call_resource(
        &self,
        context: &PluginContext,
        request: ResourceRequest,
    ) -> ResourceResponse {
        match self.client_for(context) {
            Ok((_, client)) => resource::forward(&client, &request).await,
            Err(message) => ResourceResponse::json(400, &serde_json::json!({ "message": message })),
        }
    }
}
