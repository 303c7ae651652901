//! The web UI: the single-page app built from `web/` and embedded at compile time
//! (`ui/assets.rs`). Every GET that is not an API path serves a file of the build when one
//! has that path, else the app's `index.html`, whose client-side router takes over
//! (`/login`, `/d/:uid/:slug`, …). A binary built without `web/dist` serves a small sign-in
//! page instead. Unknown `/api/` paths answer a JSON 404.

mod assets;

use axum::extract::{Request, State};
use axum::http::header::{ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE, VARY};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::state::AppState;

/// The page served when the binary was built without the web UI.
const FALLBACK_HTML: &str = include_str!("ui/index.html");

pub fn routes() -> Router<AppState> {
    Router::new()
        // `POST /login` is the API's; the page that shows the form is the app's.
        .route("/login", get(index))
        .fallback(fallback)
}

async fn fallback(State(state): State<AppState>, request: Request) -> Response {
    let path = request.uri().path();
    let is_read = matches!(*request.method(), Method::GET | Method::HEAD);
    if path.starts_with("/api/") || path == "/api" || !is_read {
        return crate::api_not_found().await;
    }
    let relative = path.trim_start_matches('/');
    if let Some(asset) = assets::find(relative).filter(|asset| asset.path != "index.html") {
        return file(asset, &request);
    }
    // A missing build file (say, a chunk of an older release) must not turn into the app's
    // HTML, which the browser would then try to run as a script.
    if relative.starts_with("public/") {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    }
    page(&state)
}

async fn index(State(state): State<AppState>) -> Response {
    page(&state)
}

/// `index.html` with `<base href>` set to the app's root, so relative asset and API URLs
/// resolve there also when Sightline is served from a sub path (`[server] root_url`).
fn page(state: &AppState) -> Response {
    let html = assets::index_html().unwrap_or(FALLBACK_HTML);
    let base = format!("<head>\n<base href=\"{}/\">", state.settings.app_sub_url);
    let page = html.replacen("<head>", &base, 1);
    (
        [
            (CONTENT_TYPE, "text/html; charset=utf-8"),
            (CACHE_CONTROL, "no-cache"),
        ],
        page,
    )
        .into_response()
}

fn file(asset: &'static assets::Asset, request: &Request) -> Response {
    let accepts_gzip = request
        .headers()
        .get(ACCEPT_ENCODING)
        .and_then(|value| value.to_str().ok())
        .is_some_and(assets::accepts_gzip);
    let content_type = assets::content_type(asset.path);
    let cache_control = assets::cache_control(asset.path);
    match asset.gzip {
        Some(gzip) if accepts_gzip => (
            [
                (CONTENT_TYPE, content_type),
                (CACHE_CONTROL, cache_control),
                (CONTENT_ENCODING, "gzip"),
                (VARY, "Accept-Encoding"),
            ],
            gzip,
        )
            .into_response(),
        Some(_) => (
            [
                (CONTENT_TYPE, content_type),
                (CACHE_CONTROL, cache_control),
                (VARY, "Accept-Encoding"),
            ],
            asset.body,
        )
            .into_response(),
        None => (
            [(CONTENT_TYPE, content_type), (CACHE_CONTROL, cache_control)],
            asset.body,
        )
            .into_response(),
    }
}
