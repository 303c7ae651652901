//! CSRF protection for cookie-authenticated changes, as Grafana does it: a state-changing
//! request whose `Origin` names another host than the one it was sent to is refused.

use axum::extract::Request;
use axum::http::header::{HOST, ORIGIN};
use axum::http::Method;

use crate::error::ApiError;
use crate::state::AppState;

pub fn check(request: &Request, state: &AppState) -> Result<(), ApiError> {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return Ok(());
    }
    let Some(origin) = request
        .headers()
        .get(ORIGIN)
        .and_then(|value| value.to_str().ok())
    else {
        return Ok(());
    };
    let origin_host = origin
        .split_once("://")
        .map(|(_, rest)| rest)
        .unwrap_or(origin)
        .trim_end_matches('/');
    let request_host = request
        .headers()
        .get(HOST)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    let trusted = state
        .settings
        .csrf_trusted_origins
        .iter()
        .any(|trusted| trusted == origin_host);
    if origin_host.eq_ignore_ascii_case(request_host) || trusted {
        return Ok(());
    }
    Err(ApiError::forbidden("origin not allowed"))
}
