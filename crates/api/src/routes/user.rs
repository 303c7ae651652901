//! The signed-in user: `/api/user`, password, orgs, switching org, teams and preferences.

use axum::extract::State;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use sightline_identity::UserUpdate;

use crate::auth::{require_user, Authenticated};
use crate::error::{message, ApiResult};
use crate::extract::{JsonBody, PathParams};
use crate::routes::teams::team_json;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/user", get(get_user).put(update_user))
        .route("/api/user/password", put(change_password))
        .route("/api/user/orgs", get(user_orgs))
        .route("/api/user/teams", get(user_teams))
        .route("/api/user/using/{org_id}", post(switch_org))
}

async fn get_user(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
) -> ApiResult<Json<Value>> {
    require_user(&caller)?;
    let user = state.identity.get_user(caller.user_id).await?;
    Ok(Json(crate::dto::user_profile(&user, caller.org_id)))
}

/// A profile update as Grafana accepts it; absent fields stay as they are.
#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct ProfileUpdate {
    login: Option<String>,
    email: Option<String>,
    name: Option<String>,
    theme: Option<String>,
}

impl From<ProfileUpdate> for UserUpdate {
    fn from(update: ProfileUpdate) -> Self {
        UserUpdate {
            login: update.login,
            email: update.email,
            name: update.name,
            theme: update.theme,
        }
    }
}

async fn update_user(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    JsonBody(update): JsonBody<ProfileUpdate>,
) -> ApiResult<Json<Value>> {
    require_user(&caller)?;
    state
        .identity
        .update_user(caller.user_id, &update.into())
        .await?;
    Ok(message("User updated"))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PasswordChange {
    old_password: String,
    new_password: String,
}

async fn change_password(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    JsonBody(change): JsonBody<PasswordChange>,
) -> ApiResult<Json<Value>> {
    require_user(&caller)?;
    state
        .identity
        .change_password(caller.user_id, &change.old_password, &change.new_password)
        .await?;
    Ok(message("User password changed"))
}

pub(crate) fn orgs_json(orgs: &[sightline_identity::UserOrg]) -> Value {
    Value::Array(
        orgs.iter()
            .map(|org| json!({ "orgId": org.org_id, "name": org.name, "role": org.role }))
            .collect(),
    )
}

async fn user_orgs(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
) -> ApiResult<Json<Value>> {
    require_user(&caller)?;
    Ok(Json(orgs_json(
        &state.identity.user_orgs(caller.user_id).await?,
    )))
}

async fn user_teams(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
) -> ApiResult<Json<Value>> {
    require_user(&caller)?;
    let teams = state
        .identity
        .user_teams(caller.org_id, caller.user_id)
        .await?;
    Ok(Json(Value::Array(teams.iter().map(team_json).collect())))
}

async fn switch_org(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(org_id): PathParams<i64>,
) -> ApiResult<Json<Value>> {
    require_user(&caller)?;
    state
        .identity
        .switch_org(caller.user_id, org_id)
        .await
        .map_err(|error| match error {
            sightline_identity::IdentityError::NotOrgMember => {
                crate::error::ApiError::unauthorized("not a valid organization")
            }
            other => other.into(),
        })?;
    Ok(message("Active organization changed"))
}
