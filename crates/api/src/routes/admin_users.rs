//! `/api/admin/users`: server admins create users, set passwords and admin rights, disable,
//! log out and delete users.

use axum::extract::State;
use axum::routing::{delete, post, put};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use sightline_identity::NewUser;

use crate::auth::{require_server_admin, Authenticated};
use crate::error::{message, ApiError, ApiResult};
use crate::extract::{JsonBody, PathParams};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/admin/users", post(create_user))
        .route("/api/admin/users/{id}", delete(delete_user))
        .route("/api/admin/users/{id}/password", put(set_password))
        .route("/api/admin/users/{id}/permissions", put(set_permissions))
        .route("/api/admin/users/{id}/disable", post(disable_user))
        .route("/api/admin/users/{id}/enable", post(enable_user))
        .route("/api/admin/users/{id}/logout", post(logout_user))
}

#[derive(Deserialize)]
struct CreateUser {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    login: String,
    #[serde(default)]
    password: String,
    #[serde(default, rename = "OrgId", alias = "orgId")]
    org_id: Option<i64>,
}

async fn create_user(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    JsonBody(body): JsonBody<CreateUser>,
) -> ApiResult<Json<Value>> {
    require_server_admin(&caller)?;
    let user = state
        .identity
        .create_user(&NewUser {
            login: body.login,
            email: body.email,
            name: body.name,
            password: body.password,
            org_id: body.org_id.filter(|org_id| *org_id > 0),
            is_admin: false,
        })
        .await?;
    Ok(Json(
        json!({ "id": user.id, "uid": user.uid, "message": "User created" }),
    ))
}

#[derive(Deserialize)]
struct NewPassword {
    password: String,
}

async fn set_password(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(user_id): PathParams<i64>,
    JsonBody(body): JsonBody<NewPassword>,
) -> ApiResult<Json<Value>> {
    require_server_admin(&caller)?;
    state.identity.set_password(user_id, &body.password).await?;
    Ok(message("User password updated"))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Permissions {
    is_grafana_admin: bool,
}

async fn set_permissions(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(user_id): PathParams<i64>,
    JsonBody(body): JsonBody<Permissions>,
) -> ApiResult<Json<Value>> {
    require_server_admin(&caller)?;
    if user_id == caller.user_id && !body.is_grafana_admin {
        return Err(ApiError::bad_request(
            "you cannot remove your own server admin rights",
        ));
    }
    state
        .identity
        .set_server_admin(user_id, body.is_grafana_admin)
        .await?;
    Ok(message("User permissions updated"))
}

async fn delete_user(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(user_id): PathParams<i64>,
) -> ApiResult<Json<Value>> {
    require_server_admin(&caller)?;
    if user_id == caller.user_id {
        return Err(ApiError::bad_request("you cannot delete your own account"));
    }
    state.identity.delete_user(user_id).await?;
    Ok(message("User deleted"))
}

async fn disable_user(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(user_id): PathParams<i64>,
) -> ApiResult<Json<Value>> {
    require_server_admin(&caller)?;
    if user_id == caller.user_id {
        return Err(ApiError::bad_request("you cannot disable your own account"));
    }
    state.identity.get_user(user_id).await?;
    state.identity.set_user_disabled(user_id, true).await?;
    Ok(message("User disabled"))
}

async fn enable_user(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(user_id): PathParams<i64>,
) -> ApiResult<Json<Value>> {
    require_server_admin(&caller)?;
    state.identity.get_user(user_id).await?;
    state.identity.set_user_disabled(user_id, false).await?;
    Ok(message("User enabled"))
}

async fn logout_user(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(user_id): PathParams<i64>,
) -> ApiResult<Json<Value>> {
    require_server_admin(&caller)?;
    state.identity.get_user(user_id).await?;
    state.identity.revoke_all_sessions(user_id).await?;
    Ok(message("User logged out"))
}
