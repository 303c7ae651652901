//! `/api/dashboards`: save, read and delete dashboards, their history, tags, the home
//! dashboard and imports. Access is decided by the dashboards domain, not here.

use axum::extract::{FromRequest, Request, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};
use sightline_core::{Identity, OrgRole};
use sightline_dashboards::{
    DashboardVersion, DashboardView, Home, ImportDashboard, ImportInput, SaveDashboard,
    SavedDashboard, VersionsQuery,
};

use crate::auth::Authenticated;
use crate::dto::rfc3339;
use crate::error::{ApiError, ApiResult};
use crate::extract::{JsonBody, PathParams, QueryParams};
use crate::state::{ApiSettings, AppState};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/dashboards/db", post(save_dashboard))
        .route("/api/dashboards/import", post(import_dashboard))
        .route("/api/dashboards/home", get(home_dashboard))
        .route("/api/dashboards/tags", get(dashboard_tags))
        .route(
            "/api/dashboards/uid/{uid}",
            get(get_dashboard).delete(delete_dashboard),
        )
        .route("/api/dashboards/uid/{uid}/versions", get(list_versions))
        .route(
            "/api/dashboards/uid/{uid}/versions/{version}",
            get(get_version),
        )
        .route("/api/dashboards/uid/{uid}/restore", post(restore_version))
}

/// `<appSubUrl>/d/<uid>/<slug>`, a dashboard's address in the UI.
pub(crate) fn dashboard_url(settings: &ApiSettings, uid: &str, slug: &str) -> String {
    format!("{}/d/{uid}/{slug}", settings.app_sub_url)
}

/// `<appSubUrl>/dashboards/f/<uid>/<slug>`, a folder's address in the UI.
pub(crate) fn folder_url(settings: &ApiSettings, uid: &str, slug: &str) -> String {
    format!("{}/dashboards/f/{uid}/{slug}", settings.app_sub_url)
}

/// The login of a user id, or Grafana's `Anonymous` for 0 and unknown ids.
pub(crate) async fn login_of(state: &AppState, user_id: i64) -> String {
    if user_id > 0 {
        if let Ok(Some(user)) = state.identity.find_user(user_id).await {
            return user.login;
        }
    }
    "Anonymous".to_string()
}

/// Room for the request envelope around the dashboard (folder, message, import inputs).
const ENVELOPE_BYTES: usize = 64 * 1024;

/// A JSON body that may carry a whole dashboard: up to `[dashboards] max_size_bytes` plus
/// the envelope, refused before it is buffered when larger. Like Grafana it reads the body as
/// JSON whatever the `Content-Type`.
struct DashboardJson<T>(T);

impl<T: DeserializeOwned> FromRequest<AppState> for DashboardJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, ApiError> {
        let max_size = state.dashboards.options().max_size_bytes;
        let limit = max_size.saturating_add(ENVELOPE_BYTES);
        let body = axum::body::to_bytes(request.into_body(), limit)
            .await
            .map_err(|_| {
                ApiError::body_too_large(format!(
                    "dashboard is too large: the request exceeds the limit of {max_size} bytes \
                     ([dashboards] max_size_bytes)"
                ))
            })?;
        serde_json::from_slice(&body)
            .map(DashboardJson)
            .map_err(|error| {
                let detail = match error.classify() {
                    serde_json::error::Category::Data => error.to_string(),
                    _ => format!("invalid JSON: {error}"),
                };
                ApiError::bad_request(format!("bad request data: {detail}"))
            })
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SaveBody {
    dashboard: Value,
    #[serde(default)]
    folder_uid: Option<String>,
    /// Grafana's deprecated numeric folder id, still sent by older clients.
    #[serde(default)]
    folder_id: Option<i64>,
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    overwrite: bool,
}

fn saved_json(state: &AppState, saved: &SavedDashboard) -> Value {
    json!({
        "id": saved.id,
        "uid": saved.uid,
        "url": dashboard_url(&state.settings, &saved.uid, &saved.slug),
        "status": "success",
        "version": saved.version,
        "slug": saved.slug,
        "folderUid": saved.folder_uid,
    })
}

async fn save_dashboard(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    DashboardJson(body): DashboardJson<SaveBody>,
) -> ApiResult<Json<Value>> {
    let save = SaveDashboard {
        dashboard: body.dashboard,
        folder_uid: body.folder_uid,
        folder_id: body.folder_id,
        message: body.message.unwrap_or_default(),
        overwrite: body.overwrite,
    };
    let saved = state.dashboards.save_dashboard(&caller, save).await?;
    Ok(Json(saved_json(&state, &saved)))
}

/// Grafana's `meta` of a dashboard, with defaults for a dashboard that is not stored.
fn empty_meta(caller: &Identity) -> Value {
    json!({
        "type": "db",
        "canSave": false,
        "canEdit": caller.has_role(OrgRole::Editor),
        "canAdmin": false,
        "canStar": false,
        "canDelete": false,
        "slug": "",
        "url": "",
        "expires": "0001-01-01T00:00:00Z",
        "created": "0001-01-01T00:00:00Z",
        "updated": "0001-01-01T00:00:00Z",
        "updatedBy": "",
        "createdBy": "",
        "version": 0,
        "hasAcl": false,
        "isFolder": false,
        "folderId": 0,
        "folderUid": "",
        "folderTitle": "General",
        "folderUrl": "",
        "provisioned": false,
        "provisionedExternalId": "",
        "annotationsPermissions": null,
    })
}

async fn dashboard_meta(state: &AppState, view: &DashboardView) -> Value {
    let dashboard = &view.dashboard;
    let capabilities = view.capabilities;
    let annotations = view.annotations;
    let annotation_actions =
        |allowed: bool| json!({ "canAdd": allowed, "canEdit": allowed, "canDelete": allowed });
    let (folder_id, folder_uid, folder_title, folder_url) = match &view.folder {
        Some(folder) => (
            folder.id,
            folder.uid.clone(),
            folder.title.clone(),
            folder_url(&state.settings, &folder.uid, &folder.slug()),
        ),
        None => (0, String::new(), "General".to_string(), String::new()),
    };
    let provisioning = view.provisioning.as_ref();
    json!({
        "type": "db",
        "isStarred": view.is_starred,
        "canSave": capabilities.can_save,
        "canEdit": capabilities.can_edit,
        "canAdmin": capabilities.can_admin,
        "canStar": capabilities.can_star,
        "canDelete": capabilities.can_delete,
        "slug": dashboard.slug,
        "url": dashboard_url(&state.settings, &dashboard.uid, &dashboard.slug),
        "expires": "0001-01-01T00:00:00Z",
        "created": rfc3339(dashboard.created),
        "updated": rfc3339(dashboard.updated),
        "updatedBy": login_of(state, dashboard.updated_by).await,
        "createdBy": login_of(state, dashboard.created_by).await,
        "version": dashboard.version,
        "hasAcl": false,
        "isFolder": false,
        "folderId": folder_id,
        "folderUid": folder_uid,
        "folderTitle": folder_title,
        "folderUrl": folder_url,
        "provisioned": provisioning.is_some_and(|provisioned| !provisioned.allow_ui_updates),
        "provisionedExternalId": provisioning
            .map(|provisioned| provisioned.external_id.clone())
            .unwrap_or_default(),
        "annotationsPermissions": {
            "dashboard": annotation_actions(annotations.dashboard),
            "organization": annotation_actions(annotations.organization),
        },
    })
}

async fn get_dashboard(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(uid): PathParams<String>,
) -> ApiResult<Json<Value>> {
    let view = state.dashboards.get_dashboard(&caller, &uid).await?;
    let meta = dashboard_meta(&state, &view).await;
    Ok(Json(
        json!({ "dashboard": view.dashboard.data, "meta": meta }),
    ))
}

async fn delete_dashboard(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(uid): PathParams<String>,
) -> ApiResult<Json<Value>> {
    let deleted = state.dashboards.delete_dashboard(&caller, &uid).await?;
    Ok(Json(json!({
        "title": deleted.title,
        "message": format!("Dashboard {} deleted", deleted.title),
        "uid": deleted.uid,
    })))
}

async fn home_dashboard(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
) -> ApiResult<Json<Value>> {
    let preferences = state
        .identity
        .effective_preferences(caller.org_id, caller.user_id)
        .await?;
    let home = state
        .dashboards
        .home(&caller, &preferences.home_dashboard_uid)
        .await?;
    Ok(Json(match home {
        Home::Redirect { uid, slug } => {
            json!({ "redirectUri": dashboard_url(&state.settings, &uid, &slug) })
        }
        Home::BuiltIn(dashboard) => json!({ "dashboard": dashboard, "meta": empty_meta(&caller) }),
    }))
}

async fn dashboard_tags(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
) -> ApiResult<Json<Value>> {
    let tags = state.dashboards.tags(&caller).await?;
    let cloud = tags
        .iter()
        .map(|tag| json!({ "term": tag.term, "count": tag.count }))
        .collect();
    Ok(Json(Value::Array(cloud)))
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct VersionsParams {
    limit: i64,
    start: i64,
    continue_token: String,
}

/// A history entry in Grafana's shape; lists show Grafana's summary messages.
async fn version_json(state: &AppState, version: &DashboardVersion, in_list: bool) -> Value {
    let message = if !in_list {
        version.message.clone()
    } else if version.parent_version == 0 {
        "Initial save".to_string()
    } else if version.restored_from > 0 {
        format!("Restored from version {}", version.restored_from)
    } else {
        version.message.clone()
    };
    let mut entry = json!({
        "id": version.id,
        "dashboardId": version.dashboard_id,
        "uid": version.dashboard_uid,
        "parentVersion": version.parent_version,
        "restoredFrom": version.restored_from,
        "version": version.version,
        "created": rfc3339(version.created),
        "createdBy": login_of(state, version.created_by).await,
        "message": message,
    });
    if let Some(data) = &version.data {
        entry["data"] = data.clone();
    }
    entry
}

async fn list_versions(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(uid): PathParams<String>,
    QueryParams(params): QueryParams<VersionsParams>,
) -> ApiResult<Json<Value>> {
    let query = VersionsQuery {
        limit: params.limit,
        start: params.start,
        continue_token: params.continue_token,
    };
    let page = state
        .dashboards
        .list_versions(&caller, &uid, &query)
        .await?;
    let mut versions = Vec::with_capacity(page.versions.len());
    for version in &page.versions {
        versions.push(version_json(&state, version, true).await);
    }
    Ok(Json(json!({
        "continueToken": page.continue_token,
        "versions": versions,
    })))
}

async fn get_version(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams((uid, version)): PathParams<(String, i64)>,
) -> ApiResult<Json<Value>> {
    let found = state.dashboards.get_version(&caller, &uid, version).await?;
    Ok(Json(version_json(&state, &found, false).await))
}

#[derive(Deserialize)]
struct RestoreBody {
    version: i64,
}

async fn restore_version(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(uid): PathParams<String>,
    JsonBody(body): JsonBody<RestoreBody>,
) -> ApiResult<Json<Value>> {
    let saved = state
        .dashboards
        .restore_version(&caller, &uid, body.version)
        .await?;
    Ok(Json(saved_json(&state, &saved)))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ImportBody {
    dashboard: Value,
    #[serde(default)]
    inputs: Vec<ImportInputBody>,
    #[serde(default)]
    overwrite: bool,
    #[serde(default)]
    folder_uid: Option<String>,
    #[serde(default)]
    plugin_id: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ImportInputBody {
    name: String,
    #[serde(rename = "type", default)]
    kind: String,
    #[serde(default)]
    plugin_id: String,
    #[serde(default)]
    value: String,
}

async fn import_dashboard(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    DashboardJson(body): DashboardJson<ImportBody>,
) -> ApiResult<Json<Value>> {
    let revision = body
        .dashboard
        .get("revision")
        .and_then(Value::as_i64)
        .unwrap_or(1);
    let description = body
        .dashboard
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let import = ImportDashboard {
        dashboard: body.dashboard,
        inputs: body
            .inputs
            .into_iter()
            .map(|input| ImportInput {
                name: input.name,
                kind: input.kind,
                plugin_id: input.plugin_id,
                value: input.value,
            })
            .collect(),
        overwrite: body.overwrite,
        folder_uid: body.folder_uid,
    };
    let saved = state.dashboards.import_dashboard(&caller, import).await?;
    Ok(Json(json!({
        "uid": saved.uid,
        "pluginId": body.plugin_id,
        "title": saved.title,
        "imported": true,
        "importedUri": format!("db/{}", saved.slug),
        "importedUrl": dashboard_url(&state.settings, &saved.uid, &saved.slug),
        "slug": saved.slug,
        "dashboardId": saved.id,
        "dashboardUid": saved.uid,
        "folderUid": saved.folder_uid,
        "importedRevision": revision,
        "revision": revision,
        "description": description,
        "path": "",
        "removed": false,
    })))
}
