//! `/api/folders`: nested folders — list, create, read, update, move, count and delete.
//! Access is decided by the dashboards domain, not here.

use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use sightline_dashboards::{Folder, FolderUpdate, FolderView, NewFolder};

use crate::auth::Authenticated;
use crate::dto::rfc3339;
use crate::error::ApiResult;
use crate::extract::{JsonBody, PathParams, QueryParams};
use crate::routes::dashboards::{folder_url, login_of};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/folders", get(list_folders).post(create_folder))
        .route(
            "/api/folders/{uid}",
            get(get_folder).put(update_folder).delete(delete_folder),
        )
        .route("/api/folders/{uid}/move", post(move_folder))
        .route("/api/folders/{uid}/counts", get(folder_counts))
}

/// One folder in Grafana's shape, without its parents.
async fn folder_json(state: &AppState, folder: &Folder, view: &FolderView) -> Value {
    let capabilities = view.capabilities;
    let mut json = json!({
        "id": folder.id,
        "uid": folder.uid,
        "orgId": folder.org_id,
        "title": folder.title,
        "description": folder.description,
        "url": folder_url(&state.settings, &folder.uid, &folder.slug()),
        "hasAcl": false,
        "canSave": capabilities.can_save,
        "canEdit": capabilities.can_edit,
        "canAdmin": capabilities.can_admin,
        "canDelete": capabilities.can_delete,
        "createdBy": login_of(state, folder.created_by).await,
        "created": rfc3339(folder.created),
        "updatedBy": login_of(state, folder.updated_by).await,
        "updated": rfc3339(folder.updated),
        "version": folder.version,
    });
    // Grafana leaves `parentUid` out at the root.
    if !folder.parent_uid.is_empty() {
        json["parentUid"] = Value::from(folder.parent_uid.clone());
    }
    json
}

/// A folder with its ancestors, root-level first, as `parents`.
async fn folder_view_json(state: &AppState, view: &FolderView) -> Value {
    let mut json = folder_json(state, &view.folder, view).await;
    let mut parents = Vec::with_capacity(view.parents.len());
    for parent in &view.parents {
        parents.push(folder_json(state, parent, view).await);
    }
    json["parents"] = Value::Array(parents);
    json
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct ListParams {
    limit: Option<i64>,
    page: Option<i64>,
    parent_uid: String,
}

async fn list_folders(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    QueryParams(params): QueryParams<ListParams>,
) -> ApiResult<Json<Value>> {
    let limit = params.limit.filter(|limit| *limit > 0).unwrap_or(1000);
    let page = params.page.filter(|page| *page > 0).unwrap_or(1);
    let folders = state
        .dashboards
        .list_folders(&caller, &params.parent_uid, limit, page)
        .await?;
    let hits = folders
        .iter()
        .map(|folder| {
            let mut hit = json!({ "id": folder.id, "uid": folder.uid, "title": folder.title });
            if !folder.parent_uid.is_empty() {
                hit["parentUid"] = Value::from(folder.parent_uid.clone());
            }
            hit
        })
        .collect();
    Ok(Json(Value::Array(hits)))
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct CreateBody {
    uid: Option<String>,
    title: String,
    description: String,
    parent_uid: String,
}

async fn create_folder(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    JsonBody(body): JsonBody<CreateBody>,
) -> ApiResult<Json<Value>> {
    let new = NewFolder {
        uid: body.uid,
        title: body.title,
        description: body.description,
        parent_uid: body.parent_uid,
    };
    let view = state.dashboards.create_folder(&caller, new).await?;
    Ok(Json(folder_view_json(&state, &view).await))
}

async fn get_folder(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(uid): PathParams<String>,
) -> ApiResult<Json<Value>> {
    let view = state.dashboards.get_folder(&caller, &uid).await?;
    Ok(Json(folder_view_json(&state, &view).await))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct UpdateBody {
    uid: Option<String>,
    title: Option<String>,
    description: Option<String>,
    version: i64,
    overwrite: bool,
}

async fn update_folder(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(uid): PathParams<String>,
    JsonBody(body): JsonBody<UpdateBody>,
) -> ApiResult<Json<Value>> {
    let update = FolderUpdate {
        uid: body.uid,
        title: body.title,
        description: body.description,
        version: body.version,
        overwrite: body.overwrite,
    };
    let view = state
        .dashboards
        .update_folder(&caller, &uid, update)
        .await?;
    Ok(Json(folder_view_json(&state, &view).await))
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct MoveBody {
    parent_uid: String,
}

async fn move_folder(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(uid): PathParams<String>,
    JsonBody(body): JsonBody<MoveBody>,
) -> ApiResult<Json<Value>> {
    let view = state
        .dashboards
        .move_folder(&caller, &uid, &body.parent_uid)
        .await?;
    Ok(Json(folder_view_json(&state, &view).await))
}

async fn folder_counts(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(uid): PathParams<String>,
) -> ApiResult<Json<Value>> {
    let counts = state.dashboards.descendant_counts(&caller, &uid).await?;
    Ok(Json(json!({
        "folder": counts.folders,
        "dashboard": counts.dashboards,
        "librarypanel": 0,
        "alertrule": 0,
    })))
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct DeleteParams {
    /// Grafana refuses to delete a folder holding alert rules unless this is set; Sightline
    /// has no alert rules yet, so the flag is accepted and changes nothing.
    #[allow(dead_code)]
    force_delete_rules: bool,
}

async fn delete_folder(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(uid): PathParams<String>,
    QueryParams(_params): QueryParams<DeleteParams>,
) -> ApiResult<Json<Value>> {
    let deleted = state.dashboards.delete_folder(&caller, &uid).await?;
    Ok(Json(json!({
        "message": "Folder deleted",
        "id": deleted.id,
        "uid": deleted.uid,
        "title": deleted.title,
    })))
}
