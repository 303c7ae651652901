//! Resource calls of the query editors, forwarded to Prometheus with the data source's
//! authentication: `api/v1/labels`, `api/v1/label/<name>/values`, `api/v1/series`,
//! `api/v1/metadata`, `api/v1/query_exemplars`, `api/v1/status/buildinfo` and the other
//! read endpoints under `api/v1/`. Paths outside `api/v1/` or with `..` segments are refused.

use serde_json::json;

use super::client::PrometheusClient;
use crate::plugin::{ResourceRequest, ResourceResponse};

/// Forwards `request` and answers with Prometheus's status, content type and body.
pub async fn forward(client: &PrometheusClient, request: &ResourceRequest) -> ResourceResponse {
    let path = request.path.trim_start_matches('/');
    if !is_forwardable(path) {
        return ResourceResponse::json(
            404,
            &json!({ "message": format!("unknown prometheus resource {path:?}") }),
        );
    }
    match client.resource(path, &request.query, &request.body).await {
        Ok(reply) => ResourceResponse {
            status: reply.status.as_u16(),
            headers: reply
                .content_type
                .map(|content_type| vec![("content-type".to_string(), content_type)])
                .unwrap_or_default(),
            body: reply.body,
        },
        Err(error) => ResourceResponse::json(
            error.status(),
            &json!({ "message": format!("error querying resource: {}", error.describe()) }),
        ),
    }
}

/// Whether `path` is a read endpoint of Prometheus's API this plugin forwards.
pub fn is_forwardable(path: &str) -> bool {
    path.starts_with("api/v1/")
        && !path
            .split('/')
            .any(|segment| segment == ".." || segment == ".")
        && !path.contains(['?', '#', '\\'])
        && !path.to_ascii_lowercase().contains("%2e")
        && !path.starts_with("api/v1/admin/")
}
