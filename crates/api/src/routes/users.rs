//! `/api/users`: listing, searching and managing users across the server (server admins).

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use sightline_identity::Page;

use crate::auth::{require_server_admin, Authenticated};
use crate::dto::{user_hit, user_profile};
use crate::error::{message, ApiError, ApiResult};
use crate::extract::{JsonBody, PathParams, QueryParams};
use crate::routes::teams::team_json;
use crate::routes::user::{orgs_json, ProfileUpdate};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/users", get(list_users))
        .route("/api/users/search", get(search_users))
        .route("/api/users/lookup", get(lookup_user))
        .route("/api/users/{id}", get(get_user).put(update_user))
        .route("/api/users/{id}/orgs", get(user_orgs))
        .route("/api/users/{id}/teams", get(user_teams))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct SearchParams {
    pub query: String,
    pub page: Option<i64>,
    pub perpage: Option<i64>,
}

async fn list_users(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    QueryParams(params): QueryParams<SearchParams>,
) -> ApiResult<Json<Value>> {
    require_server_admin(&caller)?;
    let page = Page::new(params.page, params.perpage, 1000);
    let (_, users) = state.identity.search_users(&params.query, page).await?;
    Ok(Json(Value::Array(users.iter().map(user_hit).collect())))
}

async fn search_users(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    QueryParams(params): QueryParams<SearchParams>,
) -> ApiResult<Json<Value>> {
    require_server_admin(&caller)?;
    let page = Page::new(params.page, params.perpage, 1000);
    let (total, users) = state.identity.search_users(&params.query, page).await?;
    Ok(Json(json!({
        "totalCount": total,
        "users": users.iter().map(user_hit).collect::<Vec<_>>(),
        "page": page.page,
        "perPage": page.per_page,
    })))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct LookupParams {
    login_or_email: Option<String>,
}

async fn lookup_user(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    QueryParams(params): QueryParams<LookupParams>,
) -> ApiResult<Json<Value>> {
    require_server_admin(&caller)?;
    let login_or_email = params
        .login_or_email
        .filter(|value| !value.trim().is_empty())
        .ok_or_else(|| ApiError::bad_request("loginOrEmail is required"))?;
    let user = state
        .identity
        .get_user_by_login_or_email(&login_or_email)
        .await?;
    Ok(Json(user_profile(&user, user.org_id)))
}

async fn get_user(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(user_id): PathParams<i64>,
) -> ApiResult<Json<Value>> {
    require_server_admin(&caller)?;
    let user = state.identity.get_user(user_id).await?;
    Ok(Json(user_profile(&user, user.org_id)))
}

async fn update_user(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(user_id): PathParams<i64>,
    JsonBody(update): JsonBody<ProfileUpdate>,
) -> ApiResult<Json<Value>> {
    require_server_admin(&caller)?;
    state.identity.update_user(user_id, &update.into()).await?;
    Ok(message("User updated"))
}

async fn user_orgs(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(user_id): PathParams<i64>,
) -> ApiResult<Json<Value>> {
    require_server_admin(&caller)?;
    state.identity.get_user(user_id).await?;
    Ok(Json(orgs_json(&state.identity.user_orgs(user_id).await?)))
}

async fn user_teams(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(user_id): PathParams<i64>,
) -> ApiResult<Json<Value>> {
    require_server_admin(&caller)?;
    state.identity.get_user(user_id).await?;
    let teams = state.identity.user_teams(caller.org_id, user_id).await?;
    Ok(Json(Value::Array(teams.iter().map(team_json).collect())))
}
