//! A data source's plugin reached through the API: the health check
//! (`/api/datasources/uid/:uid/health`, Grafana's "Save & test") and resource calls
//! (`/api/datasources/uid/:uid/resources/*`, the query editors' autocomplete and the like),
//! plus the legacy numeric-id forms of both. Any org role may call them, as in Grafana OSS.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::{Json, Router};
use serde_json::json;
use sightline_core::Identity;
use sightline_datasources::plugin::{HealthStatus, ResourceRequest};
use sightline_datasources::DataSourceKey;

use super::ds_query::read_body;
use crate::auth::Authenticated;
use crate::error::{ApiError, ApiResult};
use crate::extract::PathParams;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/datasources/uid/{uid}/health", get(health_by_uid))
        .route("/api/datasources/{id}/health", get(health_by_id))
        .route(
            "/api/datasources/uid/{uid}/resources",
            any(resource_root_by_uid),
        )
        .route(
            "/api/datasources/uid/{uid}/resources/{*path}",
            any(resource_by_uid),
        )
        .route("/api/datasources/{id}/resources", any(resource_root_by_id))
        .route(
            "/api/datasources/{id}/resources/{*path}",
            any(resource_by_id),
        )
}

fn parse_id(text: &str) -> ApiResult<i64> {
    text.parse()
        .map_err(|_| ApiError::bad_request("id is invalid"))
}

async fn health_by_uid(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(uid): PathParams<String>,
) -> ApiResult<Response> {
    health(&state, &caller, DataSourceKey::Uid(&uid)).await
}

async fn health_by_id(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(id): PathParams<String>,
) -> ApiResult<Response> {
    health(&state, &caller, DataSourceKey::Id(parse_id(&id)?)).await
}

/// `{status: "OK"|"ERROR"|"UNKNOWN", message, details?}`: 200 when OK, 400 otherwise, as
/// Grafana answers.
async fn health(
    state: &AppState,
    caller: &Identity,
    key: DataSourceKey<'_>,
) -> ApiResult<Response> {
    let check = state.queries.check_health(caller, key).await?;
    let (status, http_status) = match check.status {
        HealthStatus::Ok => ("OK", StatusCode::OK),
        HealthStatus::Error => ("ERROR", StatusCode::BAD_REQUEST),
        HealthStatus::Unknown => ("UNKNOWN", StatusCode::BAD_REQUEST),
    };
    let mut body = json!({ "status": status, "message": check.message });
    if !check.details.is_null() {
        body["details"] = check.details;
    }
    Ok((http_status, Json(body)).into_response())
}

async fn resource_root_by_uid(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(uid): PathParams<String>,
    request: Request,
) -> ApiResult<Response> {
    resource(
        &state,
        &caller,
        DataSourceKey::Uid(&uid),
        String::new(),
        request,
    )
    .await
}

async fn resource_by_uid(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams((uid, path)): PathParams<(String, String)>,
    request: Request,
) -> ApiResult<Response> {
    resource(&state, &caller, DataSourceKey::Uid(&uid), path, request).await
}

async fn resource_root_by_id(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(id): PathParams<String>,
    request: Request,
) -> ApiResult<Response> {
    let key = DataSourceKey::Id(parse_id(&id)?);
    resource(&state, &caller, key, String::new(), request).await
}

async fn resource_by_id(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams((id, path)): PathParams<(String, String)>,
    request: Request,
) -> ApiResult<Response> {
    let key = DataSourceKey::Id(parse_id(&id)?);
    resource(&state, &caller, key, path, request).await
}

/// Headers that carry the caller's own credentials never reach a plugin.
const WITHHELD_HEADERS: [&str; 3] = ["authorization", "cookie", "x-grafana-org-id"];

async fn resource(
    state: &AppState,
    caller: &Identity,
    key: DataSourceKey<'_>,
    path: String,
    request: Request,
) -> ApiResult<Response> {
    let method = request.method().to_string();
    let query = request.uri().query().unwrap_or("").to_string();
    let headers = request
        .headers()
        .iter()
        .filter(|(name, _)| !WITHHELD_HEADERS.contains(&name.as_str()))
        .filter_map(|(name, value)| Some((name.to_string(), value.to_str().ok()?.to_string())))
        .collect();
    let body = read_body(request).await?.to_vec();
    let resource_request = ResourceRequest {
        method,
        path: path.trim_start_matches('/').to_string(),
        query,
        headers,
        body,
    };
    let answer = state
        .queries
        .call_resource(caller, key, resource_request)
        .await?;
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::BAD_GATEWAY);
    let mut response = Response::new(Body::from(answer.body));
    *response.status_mut() = status;
    for (name, value) in answer.headers {
        if let (Ok(name), Ok(value)) = (
            HeaderName::try_from(name.as_str()),
            HeaderValue::try_from(value.as_str()),
        ) {
            response.headers_mut().append(name, value);
        }
    }
    Ok(response)
}
