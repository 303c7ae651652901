//! `/api/org`: the caller's current org and its members. The member handlers here also serve
//! `/api/orgs/:id/users` for server admins.

use axum::extract::State;
use axum::routing::{get, patch, put};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use sightline_core::OrgRole;
use sightline_identity::{Address, Removal};

use crate::auth::{require_role, Authenticated};
use crate::dto::{org_member, parse_role};
use crate::error::{message, ApiResult};
use crate::extract::{JsonBody, PathParams, QueryParams};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/org", get(get_current_org).put(update_current_org))
        .route("/api/org/address", put(update_current_address))
        .route(
            "/api/org/users",
            get(list_current_members).post(add_current_member),
        )
        .route("/api/org/users/lookup", get(lookup_current_members))
        .route(
            "/api/org/users/{user_id}",
            patch(update_current_member).delete(remove_current_member),
        )
}

pub(crate) fn org_json(org: &sightline_identity::Org) -> Value {
    json!({ "id": org.id, "name": org.name, "address": org.address })
}

async fn get_current_org(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
) -> ApiResult<Json<Value>> {
    require_role(&caller, OrgRole::Viewer)?;
    Ok(Json(org_json(
        &state.identity.get_org(caller.org_id).await?,
    )))
}

#[derive(Deserialize)]
pub(crate) struct OrgUpdate {
    pub name: String,
    #[serde(default)]
    pub address: Option<Address>,
}

async fn update_current_org(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    JsonBody(update): JsonBody<OrgUpdate>,
) -> ApiResult<Json<Value>> {
    require_role(&caller, OrgRole::Admin)?;
    state
        .identity
        .update_org(caller.org_id, &update.name, update.address.as_ref())
        .await?;
    Ok(message("Organization updated"))
}

async fn update_current_address(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    JsonBody(address): JsonBody<Address>,
) -> ApiResult<Json<Value>> {
    require_role(&caller, OrgRole::Admin)?;
    let org = state.identity.get_org(caller.org_id).await?;
    state
        .identity
        .update_org(org.id, &org.name, Some(&address))
        .await?;
    Ok(message("Address updated"))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct MemberQuery {
    query: String,
    limit: Option<i64>,
}

pub(crate) async fn list_members(
    state: &AppState,
    org_id: i64,
    query: &MemberQuery,
) -> ApiResult<Json<Value>> {
    state.identity.get_org(org_id).await?;
    let members = state
        .identity
        .org_members(org_id, &query.query, query.limit.unwrap_or(1000))
        .await?;
    Ok(Json(Value::Array(members.iter().map(org_member).collect())))
}

async fn list_current_members(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    QueryParams(query): QueryParams<MemberQuery>,
) -> ApiResult<Json<Value>> {
    require_role(&caller, OrgRole::Admin)?;
    list_members(&state, caller.org_id, &query).await
}

/// The short member list editors use to pick users (Grafana's `/api/org/users/lookup`).
async fn lookup_current_members(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    QueryParams(query): QueryParams<MemberQuery>,
) -> ApiResult<Json<Value>> {
    require_role(&caller, OrgRole::Editor)?;
    let members = state
        .identity
        .org_members(caller.org_id, &query.query, query.limit.unwrap_or(100))
        .await?;
    let hits = members
        .iter()
        .map(|member| {
            json!({
                "userId": member.user_id,
                "uid": member.uid,
                "login": member.login,
                "avatarUrl": crate::dto::avatar_url(&member.email),
            })
        })
        .collect();
    Ok(Json(Value::Array(hits)))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct NewMember {
    login_or_email: String,
    role: String,
}

pub(crate) async fn add_member(
    state: &AppState,
    org_id: i64,
    member: &NewMember,
) -> ApiResult<Json<Value>> {
    let role = parse_role(&member.role)?;
    let user_id = state
        .identity
        .add_org_user(org_id, &member.login_or_email, role)
        .await?;
    Ok(Json(
        json!({ "message": "User added to organization", "userId": user_id }),
    ))
}

async fn add_current_member(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    JsonBody(member): JsonBody<NewMember>,
) -> ApiResult<Json<Value>> {
    require_role(&caller, OrgRole::Admin)?;
    add_member(&state, caller.org_id, &member).await
}

#[derive(Deserialize)]
pub(crate) struct RoleChange {
    role: String,
}

pub(crate) async fn update_member(
    state: &AppState,
    org_id: i64,
    user_id: i64,
    change: &RoleChange,
) -> ApiResult<Json<Value>> {
    let role = parse_role(&change.role)?;
    state
        .identity
        .update_org_user_role(org_id, user_id, role)
        .await?;
    Ok(message("Organization user updated"))
}

async fn update_current_member(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(user_id): PathParams<i64>,
    JsonBody(change): JsonBody<RoleChange>,
) -> ApiResult<Json<Value>> {
    require_role(&caller, OrgRole::Admin)?;
    update_member(&state, caller.org_id, user_id, &change).await
}

pub(crate) async fn remove_member(
    state: &AppState,
    org_id: i64,
    user_id: i64,
    delete_orphan: bool,
) -> ApiResult<Json<Value>> {
    let removal = state
        .identity
        .remove_org_user(org_id, user_id, delete_orphan)
        .await?;
    Ok(match removal {
        Removal::UserDeleted => message("User deleted"),
        Removal::RemovedFromOrg => message("User removed from organization"),
    })
}

async fn remove_current_member(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(user_id): PathParams<i64>,
) -> ApiResult<Json<Value>> {
    require_role(&caller, OrgRole::Admin)?;
    remove_member(&state, caller.org_id, user_id, false).await
}
