//! Grafana's legacy permission APIs: `/api/folders/:uid/permissions` and
//! `/api/dashboards/uid/:uid/permissions` — list a resource's grants (with those inherited
//! from its folders) and replace its own. Who may is decided by the dashboards domain.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Map, Value};
use sightline_dashboards::{Grant, NewGrant};

use crate::auth::Authenticated;
use crate::dto::{avatar_url, rfc3339};
use crate::error::{message, ApiResult};
use crate::extract::{JsonBody, PathParams};
use crate::routes::dashboards::{dashboard_url, folder_url};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/folders/{uid}/permissions",
            get(folder_permissions).post(update_folder_permissions),
        )
        .route(
            "/api/dashboards/uid/{uid}/permissions",
            get(dashboard_permissions).post(update_dashboard_permissions),
        )
}

/// What every item of a list says about the resource the list was asked for (Grafana puts
/// the asked-for resource on inherited items too).
struct Subject {
    /// Left out when 0.
    dashboard_id: i64,
    /// Left out when 0 (a dashboard at the root).
    folder_id: i64,
    /// Left out when empty: a folder's parent; Grafana leaves it out for dashboards.
    folder_uid: String,
    uid: String,
    title: String,
    slug: String,
    is_folder: bool,
    url: String,
}

/// One grant as Grafana's `DashboardACLInfoDTO`, fields in Grafana's order.
fn grant_json(grant: &Grant, subject: &Subject) -> Value {
    let mut item = Map::new();
    let mut put = |key: &str, value: Value| {
        item.insert(key.to_string(), value);
    };
    if subject.dashboard_id != 0 {
        put("dashboardId", subject.dashboard_id.into());
    }
    if subject.folder_id != 0 {
        put("folderId", subject.folder_id.into());
    }
    if !subject.folder_uid.is_empty() {
        put("folderUid", subject.folder_uid.clone().into());
    }
    put("created", rfc3339(grant.created).into());
    put("updated", rfc3339(grant.updated).into());
    put("userId", grant.user_id.into());
    put("userUid", grant.user_uid.clone().into());
    put("userLogin", grant.user_login.clone().into());
    put("userEmail", grant.user_email.clone().into());
    put("userAvatarUrl", user_avatar(grant).into());
    put("teamId", grant.team_id.into());
    put("teamUid", grant.team_uid.clone().into());
    put("teamEmail", grant.team_email.clone().into());
    put("teamAvatarUrl", team_avatar(grant).into());
    put("team", grant.team_name.clone().into());
    if !grant.role.is_empty() {
        put("role", grant.role.clone().into());
    }
    put("permission", grant.permission.into());
    put("permissionName", grant.permission_name().into());
    put("uid", subject.uid.clone().into());
    put("title", subject.title.clone().into());
    put("slug", subject.slug.clone().into());
    put("isFolder", subject.is_folder.into());
    put("url", subject.url.clone().into());
    put("inherited", grant.inherited.into());
    Value::Object(item)
}

/// Grafana's avatar of the user's email; none without one (role and team grants).
fn user_avatar(grant: &Grant) -> String {
    if grant.user_email.is_empty() {
        String::new()
    } else {
        avatar_url(&grant.user_email)
    }
}

/// A team's avatar: of its email or, like Grafana, of its name made into one.
fn team_avatar(grant: &Grant) -> String {
    if grant.team_id == 0 {
        return String::new();
    }
    if !grant.team_email.is_empty() {
        return avatar_url(&grant.team_email);
    }
    let name: String = grant
        .team_name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    avatar_url(&format!("{name}@localhost"))
}

/// Grafana's `UpdateDashboardACLCommand`.
#[derive(Deserialize, Default)]
#[serde(default)]
struct UpdateBody {
    items: Vec<UpdateItem>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct UpdateItem {
    user_id: i64,
    team_id: i64,
    role: Option<String>,
    permission: i64,
}

fn new_grants(body: UpdateBody) -> Vec<NewGrant> {
    body.items
        .into_iter()
        .map(|item| NewGrant {
            user_id: item.user_id,
            team_id: item.team_id,
            role: item.role,
            permission: item.permission,
        })
        .collect()
}

async fn folder_permissions(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(uid): PathParams<String>,
) -> ApiResult<Json<Value>> {
    let listed = state.dashboards.folder_permissions(&caller, &uid).await?;
    let folder = &listed.folder;
    let subject = Subject {
        dashboard_id: 0,
        folder_id: folder.id,
        folder_uid: folder.parent_uid.clone(),
        uid: folder.uid.clone(),
        title: folder.title.clone(),
        slug: String::new(),
        is_folder: true,
        url: folder_url(&state.settings, &folder.uid, &folder.slug()),
    };
    let items = listed
        .grants
        .iter()
        .map(|grant| grant_json(grant, &subject))
        .collect();
    Ok(Json(Value::Array(items)))
}

async fn update_folder_permissions(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(uid): PathParams<String>,
    JsonBody(body): JsonBody<UpdateBody>,
) -> ApiResult<Json<Value>> {
    state
        .dashboards
        .set_folder_permissions(&caller, &uid, new_grants(body))
        .await?;
    Ok(message("Folder permissions updated"))
}

async fn dashboard_permissions(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(uid): PathParams<String>,
) -> ApiResult<Json<Value>> {
    let listed = state
        .dashboards
        .dashboard_permissions(&caller, &uid)
        .await?;
    let dashboard = &listed.dashboard;
    let subject = Subject {
        dashboard_id: dashboard.id,
        folder_id: listed.folder.as_ref().map_or(0, |folder| folder.id),
        folder_uid: String::new(),
        uid: dashboard.uid.clone(),
        title: dashboard.title.clone(),
        slug: dashboard.slug.clone(),
        is_folder: false,
        url: dashboard_url(&state.settings, &dashboard.uid, &dashboard.slug),
    };
    let items = listed
        .grants
        .iter()
        .map(|grant| grant_json(grant, &subject))
        .collect();
    Ok(Json(Value::Array(items)))
}

async fn update_dashboard_permissions(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(uid): PathParams<String>,
    JsonBody(body): JsonBody<UpdateBody>,
) -> ApiResult<Json<Value>> {
    state
        .dashboards
        .set_dashboard_permissions(&caller, &uid, new_grants(body))
        .await?;
    Ok(message("Dashboard permissions updated"))
}
