//! The query pipeline: what `POST /api/ds/query`, the data source health check and resource
//! calls go through between the HTTP edge and a plugin.
//!
//! A query request is parsed ([`request`]: defaults, bounds, which data source each query
//! names), checked (the caller needs a role in the org: Viewer or above), resolved to data
//! sources with their secrets opened, grouped by data source, and each group is handed to its
//! plugin ([`execute`]). The groups run concurrently inside the caller's task, each bounded by
//! `[dataproxy] timeout`; nothing is spawned, so when the client goes away and the request
//! future is dropped, every plugin call is dropped with it. Server-side expressions
//! (`__expr__`) are set apart before and evaluated over the data source results after
//! ([`expressions`]). A query that cannot run (unknown data source or type, a malformed
//! expression, a timeout) gets an error of its own; the others answer.

mod error;
mod execute;
mod expressions;
pub mod request;

use std::sync::Arc;
use std::time::Duration;

use sightline_core::{Identity, OrgRole};
use sightline_query::frame::QueryDataResponse;

pub use error::PipelineError;
pub use request::{MetricRequest, RequestNames};

use crate::models::{DataSource, DataSourceKey};
use crate::plugin::{
    DataSourcePlugin, HealthCheck, HealthStatus, PluginContext, PluginRegistry, PluginUser,
    ResourceRequest, ResourceResponse,
};
use crate::plugins::client_cache::ClientCache;
use crate::plugins::http_client::{DataSourceHttpClient, ResponseLimit};
use crate::proxy::{self, ProxyRequest, ProxyResponse, ProxySettings};
use crate::DataSourceService;

/// Runs queries, health checks and resource calls against data source plugins; cheap to
/// clone.
#[derive(Clone)]
pub struct QueryService {
    datasources: DataSourceService,
    plugins: Arc<PluginRegistry>,
    /// `[dataproxy] timeout`: the bound of every plugin call.
    timeout: Duration,
    /// The data source proxy's timeout and allow list.
    proxy: ProxySettings,
    /// The data source proxy's clients, one per data source.
    proxy_clients: Arc<ClientCache<DataSourceHttpClient>>,
}

impl QueryService {
    pub fn new(
        datasources: DataSourceService,
        plugins: PluginRegistry,
        timeout: Duration,
    ) -> QueryService {
        QueryService {
            datasources,
            plugins: Arc::new(plugins),
            timeout,
            proxy: ProxySettings {
                timeout,
                allow_list: Vec::new(),
                response_limit: ResponseLimit::DEFAULT,
            },
            proxy_clients: Arc::default(),
        }
    }

    /// Limits the data source proxy to data sources at these `host:port` entries
    /// (`[security] data_source_proxy_whitelist`); empty allows any.
    pub fn with_proxy_allow_list(mut self, allow_list: Vec<String>) -> QueryService {
        self.proxy.allow_list = allow_list;
        self
    }

    /// Bounds what the data source proxy passes back of one answer (`[dataproxy]
    /// response_limit`).
    pub fn with_proxy_response_limit(mut self, limit: ResponseLimit) -> QueryService {
        self.proxy.response_limit = limit;
        self
    }

    /// `/api/datasources/proxy/uid/:uid/*`: the request forwarded to the data source with its
    /// credentials ([`crate::proxy`]). Any org role may proxy, as in Grafana OSS, within the
    /// routes the data source's type declares.
    pub async fn proxy(
        &self,
        caller: &Identity,
        key: DataSourceKey<'_>,
        request: ProxyRequest,
    ) -> Result<ProxyResponse, PipelineError> {
        require_query_access(caller)?;
        let data_source = self.datasources.get(caller.org_id, key).await?;
        let context = self.context(caller, data_source)?;
        let role = caller.org_role;
        Ok(proxy::forward(&context, &self.proxy, &self.proxy_clients, request, role).await?)
    }

    /// `POST /api/ds/query`: one result per `refId`. Fails as a whole only when the request
    /// is unusable (no queries, bad time range) or the caller may not query at all.
    pub async fn query(
        &self,
        caller: &Identity,
        request: MetricRequest,
        names: RequestNames,
        now_ms: i64,
    ) -> Result<QueryDataResponse, PipelineError> {
        require_query_access(caller)?;
        let queries = request::parse(request, now_ms)?;
        Ok(execute::run(self, caller, queries, names).await)
    }

    /// `GET /api/datasources/uid/:uid/health`: the plugin's check, bounded by the timeout.
    pub async fn check_health(
        &self,
        caller: &Identity,
        key: DataSourceKey<'_>,
    ) -> Result<HealthCheck, PipelineError> {
        let (plugin, context) = self.open(caller, key).await?;
        match tokio::time::timeout(self.timeout, plugin.check_health(&context)).await {
            Ok(check) => Ok(check),
            Err(_) => Ok(HealthCheck {
                status: HealthStatus::Error,
                message: format!(
                    "health check timed out after {}s ([dataproxy] timeout)",
                    self.timeout.as_secs()
                ),
                details: serde_json::Value::Null,
            }),
        }
    }

    /// `/api/datasources/uid/:uid/resources/*`: forwarded to the plugin, bounded by the
    /// timeout (a 504 answer when it runs out).
    pub async fn call_resource(
        &self,
        caller: &Identity,
        key: DataSourceKey<'_>,
        request: ResourceRequest,
    ) -> Result<ResourceResponse, PipelineError> {
        let (plugin, context) = self.open(caller, key).await?;
        match tokio::time::timeout(self.timeout, plugin.call_resource(&context, request)).await {
            Ok(response) => Ok(response),
            Err(_) => Ok(ResourceResponse::json(
                504,
                &serde_json::json!({ "message": "data source resource call timed out" }),
            )),
        }
    }

    /// The plugin of a data source and the context it runs in.
    async fn open(
        &self,
        caller: &Identity,
        key: DataSourceKey<'_>,
    ) -> Result<(Arc<dyn DataSourcePlugin>, PluginContext), PipelineError> {
        require_query_access(caller)?;
        let data_source = self.datasources.get(caller.org_id, key).await?;
        let plugin = self.plugin_for(&data_source)?;
        let context = self.context(caller, data_source)?;
        Ok((plugin, context))
    }

    fn plugin_for(
        &self,
        data_source: &DataSource,
    ) -> Result<Arc<dyn DataSourcePlugin>, PipelineError> {
        self.plugins
            .get(&data_source.type_id)
            .ok_or_else(|| PipelineError::PluginNotRegistered(data_source.type_id.clone()))
    }

    /// The data source with its secrets opened, as the plugin sees it.
    fn context(
        &self,
        caller: &Identity,
        data_source: DataSource,
    ) -> Result<PluginContext, PipelineError> {
        let secure_json_data = self.datasources.decrypted_secure_json_data(&data_source)?;
        Ok(PluginContext {
            org_id: caller.org_id,
            data_source,
            secure_json_data,
            user: Some(PluginUser {
                login: caller.login.clone(),
                role: Some(caller.org_role),
                ..PluginUser::default()
            }),
        })
    }
}

/// Querying a data source takes a role in the org; Grafana OSS lets every role query.
fn require_query_access(caller: &Identity) -> Result<(), PipelineError> {
    if caller.has_role(OrgRole::Viewer) {
        Ok(())
    } else {
        Err(PipelineError::AccessDenied)
    }
}
