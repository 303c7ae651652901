//! `POST /api/ds/query`: runs the queries of a panel (or of Explore, or of an API client)
//! through the query pipeline and answers `{"results": {"<refId>": {...}}}`. As Grafana,
//! the answer is 200 when every query succeeded and 400 when any failed, each failure
//! described in its own result; a request without queries or with a bad time range is a 400
//! `{"message": ...}`. The answer is written once, into one buffer sized for it but for the
//! large columns kept as the data source's own text, and sent as those chunks without
//! another copy.

use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use memchr::memmem;
use sightline_core::{ErrorKind, Identity};
use sightline_dashboards::{HitKind, SearchQuery};
use sightline_datasources::pipeline::{MetricRequest, RequestNames};

use crate::auth::Authenticated;
use crate::chunked_body::ChunkedBody;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// The largest query request read (queries are small; this bounds what a client can make
/// the server buffer). Larger bodies are refused before they are read in full.
pub(crate) const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// The header Grafana's browser names a panel's dashboard with; the body's `dashboardUID`
/// wins over it.
const DASHBOARD_UID_HEADER: &str = "x-dashboard-uid";

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/ds/query", post(query_data))
}

async fn query_data(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    request: Request,
) -> ApiResult<Response> {
    // Grafana's browser names the dashboard in this header rather than in the body.
    let header_dashboard = request
        .headers()
        .get(DASHBOARD_UID_HEADER)
        .and_then(|value| value.to_str().ok())
        .map(str::trim)
        .filter(|uid| !uid.is_empty())
        .map(str::to_string);
    let body = read_body(request).await?;
    let mut metric_request: MetricRequest = serde_json::from_slice(&body)
        .map_err(|error| ApiError::bad_request(format!("bad request data: {error}")))?;
    if metric_request
        .dashboard_uid
        .as_deref()
        .is_none_or(str::is_empty)
    {
        metric_request.dashboard_uid = header_dashboard;
    }
    let names = request_names(
        &state,
        &caller,
        &body,
        metric_request.dashboard_uid.as_deref(),
    )
    .await;
    let answer = state
        .queries
        .query(&caller, metric_request, names, now_ms())
        .await?;
    let status = StatusCode::from_u16(answer.http_status()).unwrap_or(StatusCode::OK);
    let body = answer.to_json().map_err(|error| {
        tracing::error!(%error, "cannot write the query answer");
        ApiError::new(ErrorKind::Internal, "internal server error")
    })?;
    let content_type = [(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    )];
    // Grafana's JSON encoder ends the answer with a newline.
    let mut chunks = body.into_chunks();
    chunks.push(axum::body::Bytes::from_static(b"\n"));
    let body = Body::new(ChunkedBody::new(chunks));
    Ok((status, content_type, body).into_response())
}

/// The built-ins' names only other services know, looked up when the body mentions them:
/// the dashboard's title (if the caller may view it), the org's name, the caller's email.
async fn request_names(
    state: &AppState,
    caller: &Identity,
    body: &[u8],
    dashboard_uid: Option<&str>,
) -> RequestNames {
    let mentions = |name: &str| memmem::find(body, name.as_bytes()).is_some();
    let mut names = RequestNames::default();
    if let Some(uid) = dashboard_uid.filter(|_| mentions("__dashboard")) {
        let query = SearchQuery {
            dashboard_uids: vec![uid.to_string()],
            kind: Some(HitKind::Dashboard),
            ..SearchQuery::default()
        };
        if let Ok(hits) = state.dashboards.search_hits(caller, &query).await {
            names.dashboard_title = hits.into_iter().next().map(|hit| hit.title);
        }
    }
    if mentions("__org.name") {
        if let Ok(Some(org)) = state.identity.find_org(caller.org_id).await {
            names.org_name = Some(org.name);
        }
    }
    if mentions("__user.email") {
        if let Ok(Some(user)) = state.identity.caller_user(caller.user_id).await {
            names.user_email = Some(user.email);
        }
    }
    names
}

/// The request body, at most [`MAX_BODY_BYTES`].
pub(crate) async fn read_body(request: Request) -> ApiResult<axum::body::Bytes> {
    axum::body::to_bytes(request.into_body(), MAX_BODY_BYTES)
        .await
        .map_err(|_| {
            ApiError::body_too_large(format!(
                "request body is too large: the limit is {MAX_BODY_BYTES} bytes"
            ))
        })
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_millis() as i64)
}
