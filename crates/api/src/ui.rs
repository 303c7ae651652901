//! The web UI. Until the SPA lands (issue 6), a small sign-in page served at every UI route;
//! unknown `/api/` paths answer a JSON 404 instead.

use axum::extract::{Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use axum::Router;

use crate::state::AppState;

const INDEX_HTML: &str = include_str!("ui/index.html");

pub fn routes() -> Router<AppState> {
    Router::new().fallback(fallback)
}

async fn fallback(State(state): State<AppState>, request: Request) -> Response {
    let path = request.uri().path();
    if path.starts_with("/api/") || path == "/api" || request.method() != axum::http::Method::GET {
        return crate::api_not_found().await;
    }
    // Relative links resolve against the app's root, also when served from a sub path.
    let base = format!("<head>\n<base href=\"{}/\">", state.settings.app_sub_url);
    let page = INDEX_HTML.replacen("<head>", &base, 1);
    ([(CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response()
}
