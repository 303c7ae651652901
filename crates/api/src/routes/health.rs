//! `GET /api/health`: database check and version, for load balancers and clients.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/health", get(health))
}

async fn health(State(state): State<AppState>) -> Response {
    let database_ok = state.store.ping().await.is_ok();
    let body = json!({
        "database": if database_ok { "ok" } else { "failing" },
        "version": sightline_core::GRAFANA_COMPAT_VERSION,
        "commit": state.settings.commit,
        "sightlineVersion": sightline_core::SIGHTLINE_VERSION,
    });
    let status = if database_ok {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, Json(body)).into_response()
}
