//! Grafana's data source proxy: `/api/datasources/proxy/uid/:uid/*` and the legacy
//! `/api/datasources/proxy/:id/*`. Any method; the request goes to the data source's URL with
//! the data source's credentials and the answer is streamed back (see
//! `sightline_datasources::proxy`). Any org role may use it, as in Grafana OSS.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::Response;
use axum::routing::any;
use axum::Router;
use sightline_core::Identity;
use sightline_datasources::pipeline::PipelineError;
use sightline_datasources::proxy::ProxyRequest;
use sightline_datasources::{DataSourceError, DataSourceKey};

use super::ds_query::read_body;
use crate::auth::Authenticated;
use crate::error::{ApiError, ApiResult};
use crate::extract::PathParams;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/datasources/proxy/uid/{uid}", any(root_by_uid))
        .route("/api/datasources/proxy/uid/{uid}/{*path}", any(by_uid))
        .route("/api/datasources/proxy/{id}", any(root_by_id))
        .route("/api/datasources/proxy/{id}/{*path}", any(by_id))
}

fn parse_id(text: &str) -> ApiResult<i64> {
    text.parse()
        .map_err(|_| ApiError::bad_request("id is invalid"))
}

async fn root_by_uid(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(uid): PathParams<String>,
    request: Request,
) -> ApiResult<Response> {
    let key = DataSourceKey::Uid(&uid);
    proxy(&state, &caller, key, String::new(), request).await
}

async fn by_uid(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams((uid, path)): PathParams<(String, String)>,
    request: Request,
) -> ApiResult<Response> {
    proxy(&state, &caller, DataSourceKey::Uid(&uid), path, request).await
}

async fn root_by_id(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(id): PathParams<String>,
    request: Request,
) -> ApiResult<Response> {
    let key = DataSourceKey::Id(parse_id(&id)?);
    proxy(&state, &caller, key, String::new(), request).await
}

async fn by_id(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams((id, path)): PathParams<(String, String)>,
    request: Request,
) -> ApiResult<Response> {
    let key = DataSourceKey::Id(parse_id(&id)?);
    proxy(&state, &caller, key, path, request).await
}

async fn proxy(
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
        .filter_map(|(name, value)| Some((name.to_string(), value.to_str().ok()?.to_string())))
        .collect();
    let body = read_body(request).await?.to_vec();
    let proxy_request = ProxyRequest {
        method,
        path,
        query,
        headers,
        body,
    };
    let answer = match state.queries.proxy(caller, key, proxy_request).await {
        Ok(answer) => answer,
        // Grafana's wording for this route.
        Err(PipelineError::DataSource(DataSourceError::NotFound)) => {
            return Err(ApiError::not_found("Unable to find datasource"))
        }
        Err(error) => return Err(error.into()),
    };
    let mut response = Response::new(Body::from_stream(answer.body));
    *response.status_mut() = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::BAD_GATEWAY);
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
