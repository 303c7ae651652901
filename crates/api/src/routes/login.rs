//! Form login (`POST /login`) and logout (`GET /logout`).

use axum::extract::State;
use axum::http::header::{LOCATION, SET_COOKIE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use serde::Deserialize;
use serde_json::json;

use crate::auth::{clear_session_cookie, client_ip, session_cookie, user_agent, Caller};
use crate::error::{ApiError, ApiResult};
use crate::extract::JsonBody;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/login", post(login))
        .route("/logout", get(logout))
}

#[derive(Deserialize)]
struct LoginForm {
    user: String,
    password: String,
}

async fn login(
    State(state): State<AppState>,
    headers: HeaderMap,
    request_extensions: axum::http::Extensions,
    JsonBody(form): JsonBody<LoginForm>,
) -> ApiResult<Response> {
    if state.settings.disable_login_form {
        return Err(ApiError::unauthorized("login is disabled"));
    }
    let client_ip = client_ip(&request_extensions);
    let user = state
        .identity
        .authenticate(&form.user, &form.password, &client_ip)
        .await?;
    let session = state
        .identity
        .create_session(user.id, &user_agent(&headers), &client_ip)
        .await?;
    let cookie = session_cookie(&state.settings, &session.token);
    let body = json!({
        "message": "Logged in",
        "redirectUrl": format!("{}/", state.settings.app_sub_url),
    });
    Ok(([(SET_COOKIE, cookie)], Json(body)).into_response())
}

async fn logout(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
) -> ApiResult<Response> {
    if let Some(session_id) = caller.0.and_then(|identity| identity.session_id) {
        state.identity.revoke_session(session_id).await?;
    }
    let location = format!("{}/login", state.settings.app_sub_url);
    Ok((
        StatusCode::FOUND,
        [
            (SET_COOKIE, clear_session_cookie(&state.settings)),
            (LOCATION, location),
        ],
    )
        .into_response())
}
