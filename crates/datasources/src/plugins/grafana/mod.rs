//! The built-in `-- Grafana --` data source (uid `grafana`, type `grafana`), as in Grafana:
//! present in every org, never stored in `data_source`. The query pipeline resolves uid
//! `grafana` to [`data_source`] and hands its queries to [`GrafanaPlugin`], which answers
//! by `queryType` ([`query`]):
//!
//! - `randomWalk`: a random walk drawn by TestData's code with default settings;
//! - `annotations`: the org's annotations the caller may see, of one dashboard or by tags
//!   ([`annotations`]; the query model of Grafana's annotation editor);
//! - `search`: dashboards and folders the caller may see ([`search`]);
//! - `list` and `read` (Grafana's public static files) are refused: Sightline serves none.
//!
//! `annotations` and `search` act with the caller's permissions, read from the query's
//! [`crate::plugin::PluginUser::identity`], through the dashboards service.

mod annotations;
mod query;
mod search;
#[cfg(test)]
mod tests;

use async_trait::async_trait;
use futures::future::join_all;
use serde_json::{Map, Value};
use sightline_dashboards::DashboardService;

use crate::models::{Access, DataSource};
use crate::plugin::{
    DataSourcePlugin, HealthCheck, HealthStatus, PluginContext, QueryRequest, QueryResults,
};
use crate::secrets::SealedSecrets;

/// Grafana's type id of the built-in data source.
pub const TYPE_ID: &str = "grafana";
/// Its uid in queries (`datasource: {"uid": "grafana"}`).
pub const UID: &str = "grafana";
/// Its name, `-- Grafana --`, also accepted as a uid.
pub const NAME: &str = "-- Grafana --";
/// Its id: Grafana's `-1`, which no stored data source has.
pub const ID: i64 = -1;

/// The built-in data source of `org_id`, as the pipeline hands it to the plugin.
pub fn data_source(org_id: i64) -> DataSource {
    DataSource {
        id: ID,
        uid: UID.to_string(),
        org_id,
        name: NAME.to_string(),
        type_id: TYPE_ID.to_string(),
        access: Access::Proxy,
        url: String::new(),
        user: String::new(),
        database: String::new(),
        basic_auth: false,
        basic_auth_user: String::new(),
        with_credentials: false,
        is_default: false,
        json_data: Map::new(),
        secure_json_data: SealedSecrets::default(),
        read_only: true,
        prunable: false,
        api_version: String::new(),
        version: 1,
        created: 0,
        updated: 0,
    }
}

/// The `grafana` plugin; cheap to clone.
#[derive(Clone, Default)]
pub struct GrafanaPlugin {
    /// Annotations and search; without it those query types fail with a clear error.
    dashboards: Option<DashboardService>,
}

impl GrafanaPlugin {
    pub fn new(dashboards: DashboardService) -> GrafanaPlugin {
        GrafanaPlugin {
            dashboards: Some(dashboards),
        }
    }
}

#[async_trait]
impl DataSourcePlugin for GrafanaPlugin {
    fn type_id(&self) -> &'static str {
        TYPE_ID
    }

    /// The queries run concurrently, in the caller's task.
    async fn query_data(&self, request: QueryRequest) -> QueryResults {
        let dashboards = self.dashboards.as_ref();
        let context = &request.context;
        let answers = join_all(
            request
                .queries
                .iter()
                .map(|data_query| query::run(dashboards, context, data_query)),
        )
        .await;
        request
            .queries
            .iter()
            .map(|data_query| data_query.ref_id.clone())
            .zip(answers)
            .collect()
    }

    /// Always fine, as Grafana's.
    async fn check_health(&self, _context: &PluginContext) -> HealthCheck {
        HealthCheck {
            status: HealthStatus::Ok,
            message: "OK".into(),
            details: Value::Null,
        }
    }
}
