//! `GET /api/frontend/settings`: what the web UI needs to boot, including the data sources
//! the caller may query ([`datasources`]).

mod datasources;

use axum::extract::State;
use axum::routing::get;
use axum::{Extension, Json, Router};
use serde_json::{json, Value};

use crate::auth::Caller;
use crate::error::ApiResult;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/frontend/settings", get(frontend_settings))
}

async fn frontend_settings(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
) -> ApiResult<Json<Value>> {
    let (data_sources, default_data_source) =
        datasources::for_caller(&state, caller.0.as_ref()).await?;
    let settings = &state.settings;
    let hide_build = caller
        .0
        .as_ref()
        .is_none_or(|identity| identity.is_anonymous())
        && settings.hide_version;
    let (version, commit) = if hide_build {
        (String::new(), String::new())
    } else {
        (
            sightline_core::GRAFANA_COMPAT_VERSION.to_string(),
            settings.commit.clone(),
        )
    };
    Ok(Json(json!({
        "appUrl": settings.app_url,
        "appSubUrl": settings.app_sub_url,
        "defaultDatasource": default_data_source,
        "datasources": data_sources,
        "panels": {},
        "apps": {},
        "authProxyEnabled": false,
        "ldapEnabled": false,
        "anonymousEnabled": settings.anonymous.is_some(),
        "disableLoginForm": settings.disable_login_form,
        "disableUserSignUp": !settings.allow_sign_up,
        "allowOrgCreate": settings.allow_org_create,
        "disableSignoutMenu": settings.disable_signout_menu,
        "loginHint": "email or username",
        "passwordHint": "password",
        "defaultTheme": settings.default_theme,
        "buildInfo": {
            "version": version,
            "commit": commit,
            "sightlineVersion": if hide_build { "" } else { sightline_core::SIGHTLINE_VERSION },
            "edition": "Sightline",
            "env": "production",
            "latestVersion": "",
            "hasUpdate": false,
            "hideVersion": hide_build,
        },
        "featureToggles": {},
        "oauth": {},
        "samlEnabled": false,
        "unifiedAlertingEnabled": false,
    })))
}
