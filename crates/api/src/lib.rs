//! The HTTP edge: Grafana's API routes, authentication, error mapping, metrics and the UI.
//! Knows nothing of SQL; every handler calls a domain service.

pub mod auth;
mod chunked_body;
mod dto;
pub mod error;
mod extract;
pub mod metrics;
mod routes;
mod state;
mod ui;

use std::time::Duration;

use axum::extract::Request;
use axum::http::{HeaderName, StatusCode};
use axum::middleware::from_fn_with_state;
use axum::response::{IntoResponse, Response};
use axum::Router;
use tower::Layer;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::normalize_path::NormalizePathLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

pub use state::{AnonymousAccess, ApiSettings, AppState, Services};

/// The git commit this build comes from (see `build.rs`), or `unknown`.
pub const COMMIT: &str = env!("SIGHTLINE_COMMIT");

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The complete application: API, metrics and UI, with every middleware.
pub fn router(state: AppState) -> Router {
    let enable_gzip = state.settings.enable_gzip;
    let sub_path = (state.settings.serve_from_sub_path && !state.settings.app_sub_url.is_empty())
        .then(|| state.settings.app_sub_url.clone());
    let app = routes::router()
        .route("/metrics", axum::routing::get(metrics::render))
        .merge(ui::routes())
        // Must follow every route: it applies to the routes registered so far.
        .method_not_allowed_fallback(method_not_allowed)
        .layer(from_fn_with_state(state.clone(), auth::resolve_caller))
        .layer(from_fn_with_state(state.clone(), metrics::track))
        .with_state(state);
    let app = match sub_path {
        Some(sub_path) => Router::new().nest(&sub_path, app),
        None => app,
    };
    let app = if enable_gzip {
        app.layer(CompressionLayer::new())
    } else {
        app
    };
    let app = app
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_span)
                .on_request(())
                .on_response(log_response),
        )
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid));
    // Grafana answers `/api/serviceaccounts/` like `/api/serviceaccounts`, and clients rely on
    // it. Trimming must happen before routing, so it wraps the whole router.
    Router::new().fallback_service(NormalizePathLayer::trim_trailing_slash().layer(app))
}

/// Every log line of a request carries its id, method and path.
fn request_span(request: &Request) -> tracing::Span {
    let request_id = request
        .headers()
        .get(&REQUEST_ID)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    tracing::info_span!(
        "request",
        request_id = %request_id,
        method = %request.method(),
        path = %request.uri().path(),
    )
}

fn log_response(response: &Response, latency: Duration, _span: &tracing::Span) {
    tracing::info!(
        status = response.status().as_u16(),
        duration_ms = latency.as_secs_f64() * 1000.0,
        "request completed"
    );
}

fn panic_response(_panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("request handler panicked");
    error::ApiError::new(sightline_core::ErrorKind::Internal, "internal server error")
        .into_response()
}

/// The answer for unknown API paths.
pub(crate) async fn api_not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        axum::Json(serde_json::json!({ "message": "Not found" })),
    )
        .into_response()
}

/// The answer for a known path called with a method it does not serve, in the same JSON
/// shape as every other error (axum's own answer has an empty body).
async fn method_not_allowed(request: Request) -> Response {
    let message = format!(
        "method {} not allowed for {}",
        request.method(),
        request.uri().path()
    );
    (
        StatusCode::METHOD_NOT_ALLOWED,
        axum::Json(serde_json::json!({ "message": message })),
    )
        .into_response()
}
