//! `/api/teams`: teams of the caller's org and their members (org admins).

use axum::extract::State;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use sightline_core::OrgRole;
use sightline_identity::{Page, Team, TeamMember};

use crate::auth::{require_role, Authenticated};
use crate::dto::avatar_url;
use crate::error::{message, ApiResult};
use crate::extract::{JsonBody, PathParams, QueryParams};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/teams", post(create_team))
        .route("/api/teams/search", get(search_teams))
        .route(
            "/api/teams/{id}",
            get(get_team).put(update_team).delete(delete_team),
        )
        .route(
            "/api/teams/{id}/members",
            get(list_members).post(add_member),
        )
        .route(
            "/api/teams/{id}/members/{user_id}",
            put(update_member).delete(remove_member),
        )
}

pub(crate) fn team_json(team: &Team) -> Value {
    json!({
        "id": team.id,
        "uid": team.uid,
        "orgId": team.org_id,
        "name": team.name,
        "email": team.email,
        "avatarUrl": avatar_url(&team.email),
        "memberCount": team.member_count,
        "permission": 0,
    })
}

fn member_json(member: &TeamMember) -> Value {
    json!({
        "orgId": member.org_id,
        "teamId": member.team_id,
        "teamUID": member.team_uid,
        "userId": member.user_id,
        "userUID": member.user_uid,
        "auth_module": "",
        "email": member.email,
        "name": member.name,
        "login": member.login,
        "avatarUrl": avatar_url(&member.email),
        "labels": [],
        "permission": member.permission,
    })
}

#[derive(Deserialize)]
struct TeamBody {
    name: String,
    #[serde(default)]
    email: String,
}

async fn create_team(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    JsonBody(body): JsonBody<TeamBody>,
) -> ApiResult<Json<Value>> {
    require_role(&caller, OrgRole::Admin)?;
    let team = state
        .identity
        .create_team(caller.org_id, &body.name, &body.email)
        .await?;
    Ok(Json(
        json!({ "message": "Team created", "teamId": team.id, "uid": team.uid }),
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct TeamSearch {
    query: String,
    name: Option<String>,
    page: Option<i64>,
    perpage: Option<i64>,
}

async fn search_teams(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    QueryParams(search): QueryParams<TeamSearch>,
) -> ApiResult<Json<Value>> {
    require_role(&caller, OrgRole::Admin)?;
    let page = Page::new(search.page, search.perpage, 1000);
    let (total, teams) = state
        .identity
        .search_teams(caller.org_id, &search.query, search.name.as_deref(), page)
        .await?;
    Ok(Json(json!({
        "totalCount": total,
        "teams": teams.iter().map(team_json).collect::<Vec<_>>(),
        "page": page.page,
        "perPage": page.per_page,
    })))
}

async fn get_team(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(team_id): PathParams<i64>,
) -> ApiResult<Json<Value>> {
    require_role(&caller, OrgRole::Admin)?;
    Ok(Json(team_json(
        &state.identity.get_team(caller.org_id, team_id).await?,
    )))
}

async fn update_team(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(team_id): PathParams<i64>,
    JsonBody(body): JsonBody<TeamBody>,
) -> ApiResult<Json<Value>> {
    require_role(&caller, OrgRole::Admin)?;
    state
        .identity
        .update_team(caller.org_id, team_id, &body.name, &body.email)
        .await?;
    Ok(message("Team updated"))
}

async fn delete_team(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(team_id): PathParams<i64>,
) -> ApiResult<Json<Value>> {
    require_role(&caller, OrgRole::Admin)?;
    state.identity.delete_team(caller.org_id, team_id).await?;
    Ok(message("Team deleted"))
}

async fn list_members(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(team_id): PathParams<i64>,
) -> ApiResult<Json<Value>> {
    require_role(&caller, OrgRole::Admin)?;
    let members = state.identity.team_members(caller.org_id, team_id).await?;
    Ok(Json(Value::Array(
        members.iter().map(member_json).collect(),
    )))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct NewMember {
    user_id: i64,
    #[serde(default)]
    permission: i64,
}

async fn add_member(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(team_id): PathParams<i64>,
    JsonBody(body): JsonBody<NewMember>,
) -> ApiResult<Json<Value>> {
    require_role(&caller, OrgRole::Admin)?;
    state
        .identity
        .add_team_member(caller.org_id, team_id, body.user_id, body.permission)
        .await?;
    Ok(message("Member added to Team"))
}

#[derive(Deserialize)]
struct MemberPermission {
    permission: i64,
}

async fn update_member(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams((team_id, user_id)): PathParams<(i64, i64)>,
    JsonBody(body): JsonBody<MemberPermission>,
) -> ApiResult<Json<Value>> {
    require_role(&caller, OrgRole::Admin)?;
    state
        .identity
        .set_team_member_permission(caller.org_id, team_id, user_id, body.permission)
        .await?;
    Ok(message("Team member updated"))
}

async fn remove_member(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams((team_id, user_id)): PathParams<(i64, i64)>,
) -> ApiResult<Json<Value>> {
    require_role(&caller, OrgRole::Admin)?;
    state
        .identity
        .remove_team_member(caller.org_id, team_id, user_id)
        .await?;
    Ok(message("Team Member removed"))
}
