//! Preferences of the signed-in user (`/api/user/preferences`), the org
//! (`/api/org/preferences`) and a team (`/api/teams/:id/preferences`).

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use sightline_core::{Identity, OrgRole};
use sightline_identity::{Preferences, PreferencesUpdate};

use crate::auth::{require_role, require_user, Authenticated};
use crate::error::{message, ApiResult};
use crate::extract::{JsonBody, PathParams};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/user/preferences",
            get(get_user_preferences)
                .put(put_user_preferences)
                .patch(patch_user_preferences),
        )
        .route(
            "/api/org/preferences",
            get(get_org_preferences)
                .put(put_org_preferences)
                .patch(patch_org_preferences),
        )
        .route(
            "/api/teams/{id}/preferences",
            get(get_team_preferences)
                .put(put_team_preferences)
                .patch(patch_team_preferences),
        )
}

/// Whose preferences: (user id, team id), 0 meaning "not this scope".
#[derive(Clone, Copy)]
struct Scope {
    user_id: i64,
    team_id: i64,
}

fn preferences_json(preferences: &Preferences) -> Value {
    json!({
        "theme": preferences.theme,
        "homeDashboardId": 0,
        "homeDashboardUID": preferences.home_dashboard_uid,
        "timezone": preferences.timezone,
        "weekStart": preferences.week_start,
        "language": preferences.language,
        "queryHistory": preferences.query_history.clone().unwrap_or_else(|| json!({ "homeTab": "" })),
        "navbar": preferences.navbar,
        "cookiePreferences": preferences.cookie_preferences.clone().unwrap_or_else(|| json!({})),
    })
}

/// A preferences body in Grafana's field names.
#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct PreferencesBody {
    theme: Option<String>,
    #[serde(rename = "homeDashboardUID")]
    home_dashboard_uid: Option<String>,
    timezone: Option<String>,
    week_start: Option<String>,
    language: Option<String>,
    query_history: Option<Value>,
    navbar: Option<Value>,
    cookie_preferences: Option<Value>,
}

impl From<PreferencesBody> for PreferencesUpdate {
    fn from(body: PreferencesBody) -> Self {
        PreferencesUpdate {
            theme: body.theme,
            timezone: body.timezone,
            week_start: body.week_start,
            home_dashboard_uid: body.home_dashboard_uid,
            language: body.language,
            query_history: body.query_history,
            navbar: body.navbar,
            cookie_preferences: body.cookie_preferences,
        }
    }
}

async fn read(state: &AppState, caller: &Identity, scope: Scope) -> ApiResult<Json<Value>> {
    let preferences = state
        .identity
        .get_preferences(caller.org_id, scope.user_id, scope.team_id)
        .await?;
    Ok(Json(preferences_json(&preferences)))
}

async fn write(
    state: &AppState,
    caller: &Identity,
    scope: Scope,
    body: PreferencesBody,
    replace: bool,
) -> ApiResult<Json<Value>> {
    let update = PreferencesUpdate::from(body);
    if replace {
        state
            .identity
            .upsert_preferences(caller.org_id, scope.user_id, scope.team_id, &update)
            .await?;
    } else {
        state
            .identity
            .patch_preferences(caller.org_id, scope.user_id, scope.team_id, &update)
            .await?;
    }
    Ok(message("Preferences updated"))
}

fn user_scope(caller: &Identity) -> ApiResult<Scope> {
    require_user(caller)?;
    Ok(Scope {
        user_id: caller.user_id,
        team_id: 0,
    })
}

async fn team_scope(state: &AppState, caller: &Identity, team_id: i64) -> ApiResult<Scope> {
    require_role(caller, OrgRole::Admin)?;
    state.identity.get_team(caller.org_id, team_id).await?;
    Ok(Scope {
        user_id: 0,
        team_id,
    })
}

const ORG_SCOPE: Scope = Scope {
    user_id: 0,
    team_id: 0,
};

async fn get_user_preferences(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
) -> ApiResult<Json<Value>> {
    read(&state, &caller, user_scope(&caller)?).await
}

async fn put_user_preferences(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    JsonBody(body): JsonBody<PreferencesBody>,
) -> ApiResult<Json<Value>> {
    write(&state, &caller, user_scope(&caller)?, body, true).await
}

async fn patch_user_preferences(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    JsonBody(body): JsonBody<PreferencesBody>,
) -> ApiResult<Json<Value>> {
    write(&state, &caller, user_scope(&caller)?, body, false).await
}

async fn get_org_preferences(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
) -> ApiResult<Json<Value>> {
    require_role(&caller, OrgRole::Viewer)?;
    read(&state, &caller, ORG_SCOPE).await
}

async fn put_org_preferences(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    JsonBody(body): JsonBody<PreferencesBody>,
) -> ApiResult<Json<Value>> {
    require_role(&caller, OrgRole::Admin)?;
    write(&state, &caller, ORG_SCOPE, body, true).await
}

async fn patch_org_preferences(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    JsonBody(body): JsonBody<PreferencesBody>,
) -> ApiResult<Json<Value>> {
    require_role(&caller, OrgRole::Admin)?;
    write(&state, &caller, ORG_SCOPE, body, false).await
}

async fn get_team_preferences(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(team_id): PathParams<i64>,
) -> ApiResult<Json<Value>> {
    let scope = team_scope(&state, &caller, team_id).await?;
    read(&state, &caller, scope).await
}

async fn put_team_preferences(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(team_id): PathParams<i64>,
    JsonBody(body): JsonBody<PreferencesBody>,
) -> ApiResult<Json<Value>> {
    let scope = team_scope(&state, &caller, team_id).await?;
    write(&state, &caller, scope, body, true).await
}

async fn patch_team_preferences(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(team_id): PathParams<i64>,
    JsonBody(body): JsonBody<PreferencesBody>,
) -> ApiResult<Json<Value>> {
    let scope = team_scope(&state, &caller, team_id).await?;
    write(&state, &caller, scope, body, false).await
}
