//! `/api/orgs`: server admins manage all orgs and their members; users may create orgs when
//! `[users] allow_org_create` is set.

use axum::extract::State;
use axum::routing::{get, patch};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use sightline_identity::Page;

use crate::auth::{require_server_admin, require_user, Authenticated};
use crate::error::{message, ApiError, ApiResult};
use crate::extract::{JsonBody, PathParams, QueryParams};
use crate::routes::org::{
    add_member, list_members, org_json, remove_member, update_member, MemberQuery, NewMember,
    OrgUpdate, RoleChange,
};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/orgs", get(list_orgs).post(create_org))
        .route("/api/orgs/name/{name}", get(get_org_by_name))
        .route(
            "/api/orgs/{id}",
            get(get_org).put(update_org).delete(delete_org),
        )
        .route(
            "/api/orgs/{id}/users",
            get(list_org_members).post(add_org_member),
        )
        .route(
            "/api/orgs/{id}/users/{user_id}",
            patch(update_org_member).delete(remove_org_member),
        )
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct OrgSearch {
    query: String,
    name: Option<String>,
    page: Option<i64>,
    perpage: Option<i64>,
}

async fn list_orgs(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    QueryParams(search): QueryParams<OrgSearch>,
) -> ApiResult<Json<Value>> {
    require_server_admin(&caller)?;
    let page = Page::new(search.page, search.perpage, 1000);
    let query = search.name.as_deref().unwrap_or(&search.query);
    let orgs = state.identity.search_orgs(query, page).await?;
    let hits = orgs
        .iter()
        .map(|org| json!({ "id": org.id, "name": org.name }))
        .collect();
    Ok(Json(Value::Array(hits)))
}

#[derive(Deserialize)]
struct NewOrg {
    name: String,
}

async fn create_org(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    JsonBody(body): JsonBody<NewOrg>,
) -> ApiResult<Json<Value>> {
    require_user(&caller)?;
    if !caller.server_admin && !state.settings.allow_org_create {
        return Err(ApiError::forbidden(
            "access denied: organization creation is disabled",
        ));
    }
    let org_id = state
        .identity
        .create_org(&body.name, Some(caller.user_id))
        .await?;
    Ok(Json(
        json!({ "orgId": org_id, "message": "Organization created" }),
    ))
}

async fn get_org(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(org_id): PathParams<i64>,
) -> ApiResult<Json<Value>> {
    require_server_admin(&caller)?;
    Ok(Json(org_json(&state.identity.get_org(org_id).await?)))
}

async fn get_org_by_name(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(name): PathParams<String>,
) -> ApiResult<Json<Value>> {
    require_server_admin(&caller)?;
    Ok(Json(org_json(
        &state.identity.get_org_by_name(&name).await?,
    )))
}

async fn update_org(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(org_id): PathParams<i64>,
    JsonBody(update): JsonBody<OrgUpdate>,
) -> ApiResult<Json<Value>> {
    require_server_admin(&caller)?;
    state
        .identity
        .update_org(org_id, &update.name, update.address.as_ref())
        .await?;
    Ok(message("Organization updated"))
}

async fn delete_org(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(org_id): PathParams<i64>,
) -> ApiResult<Json<Value>> {
    require_server_admin(&caller)?;
    if org_id == caller.org_id {
        return Err(ApiError::bad_request("can not delete org for current user"));
    }
    state.identity.delete_org(org_id).await?;
    Ok(message("Organization deleted"))
}

async fn list_org_members(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(org_id): PathParams<i64>,
    QueryParams(query): QueryParams<MemberQuery>,
) -> ApiResult<Json<Value>> {
    require_server_admin(&caller)?;
    list_members(&state, org_id, &query).await
}

async fn add_org_member(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(org_id): PathParams<i64>,
    JsonBody(member): JsonBody<NewMember>,
) -> ApiResult<Json<Value>> {
    require_server_admin(&caller)?;
    add_member(&state, org_id, &member).await
}

async fn update_org_member(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams((org_id, user_id)): PathParams<(i64, i64)>,
    JsonBody(change): JsonBody<RoleChange>,
) -> ApiResult<Json<Value>> {
    require_server_admin(&caller)?;
    update_member(&state, org_id, user_id, &change).await
}

async fn remove_org_member(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams((org_id, user_id)): PathParams<(i64, i64)>,
) -> ApiResult<Json<Value>> {
    require_server_admin(&caller)?;
    remove_member(&state, org_id, user_id, true).await
}
