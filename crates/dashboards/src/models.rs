//! Records of the dashboards domain as services take and return them. JSON shapes are the
//! `api` crate's business; these are plain data.

use serde_json::Value;
use sightline_store::sqlx::{self, any::AnyRow, FromRow, Row};

/// A stored dashboard. `data` is the current-schema JSON with `id`, `uid` and `version` set.
#[derive(Debug, Clone, PartialEq)]
pub struct Dashboard {
    pub id: i64,
    pub uid: String,
    pub org_id: i64,
    /// `""` for the root ("General").
    pub folder_uid: String,
    pub title: String,
    pub slug: String,
    pub data: Value,
    pub version: i64,
    pub schema_version: i64,
    pub plugin_id: String,
    pub created: i64,
    pub updated: i64,
    pub created_by: i64,
    pub updated_by: i64,
}

impl FromRow<'_, AnyRow> for Dashboard {
    fn from_row(row: &AnyRow) -> sqlx::Result<Self> {
        let text = sightline_store::long_text(row, "data")?.unwrap_or_default();
        let data = serde_json::from_str(&text).map_err(|error| sqlx::Error::ColumnDecode {
            index: "data".into(),
            source: Box::new(error),
        })?;
        Ok(Dashboard {
            id: row.try_get("id")?,
            uid: row.try_get("uid")?,
            org_id: row.try_get("org_id")?,
            folder_uid: row.try_get("folder_uid")?,
            title: row.try_get("title")?,
            slug: row.try_get("slug")?,
            data,
            version: row.try_get("version")?,
            schema_version: row.try_get("schema_version")?,
            plugin_id: row.try_get("plugin_id")?,
            created: row.try_get("created")?,
            updated: row.try_get("updated")?,
            created_by: row.try_get("created_by")?,
            updated_by: row.try_get("updated_by")?,
        })
    }
}

/// A folder. Folders nest through `parent_uid` (`""` at the root), at most
/// [`crate::folders::MAX_DEPTH`] levels deep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folder {
    pub id: i64,
    pub uid: String,
    pub org_id: i64,
    pub parent_uid: String,
    pub title: String,
    pub description: String,
    pub version: i64,
    pub created: i64,
    pub updated: i64,
    pub created_by: i64,
    pub updated_by: i64,
}

impl Folder {
    pub fn slug(&self) -> String {
        crate::naming::slugify(&self.title)
    }
}

impl FromRow<'_, AnyRow> for Folder {
    fn from_row(row: &AnyRow) -> sqlx::Result<Self> {
        Ok(Folder {
            id: row.try_get("id")?,
            uid: row.try_get("uid")?,
            org_id: row.try_get("org_id")?,
            parent_uid: row.try_get("parent_uid")?,
            title: row.try_get("title")?,
            description: sightline_store::long_text(row, "description")?.unwrap_or_default(),
            version: row.try_get("version")?,
            created: row.try_get("created")?,
            updated: row.try_get("updated")?,
            created_by: row.try_get("created_by")?,
            updated_by: row.try_get("updated_by")?,
        })
    }
}

/// What the caller may do with one dashboard or folder, as `meta` reports it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Capabilities {
    pub can_save: bool,
    pub can_edit: bool,
    pub can_admin: bool,
    pub can_delete: bool,
    pub can_star: bool,
}

/// Whether the caller may add, edit and delete annotations, on the dashboard and org-wide.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AnnotationCapabilities {
    pub dashboard: bool,
    pub organization: bool,
}

/// Where a provisioned dashboard came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provisioning {
    /// The provisioning provider's name.
    pub name: String,
    pub external_id: String,
    pub allow_ui_updates: bool,
}

/// A dashboard as `GET /api/dashboards/uid/:uid` shows it, with what surrounds it.
#[derive(Debug, Clone)]
pub struct DashboardView {
    pub dashboard: Dashboard,
    /// `None` at the root.
    pub folder: Option<Folder>,
    pub provisioning: Option<Provisioning>,
    pub is_starred: bool,
    pub capabilities: Capabilities,
    pub annotations: AnnotationCapabilities,
}

/// A save request: the dashboard JSON and where and how to save it.
#[derive(Debug, Clone, Default)]
pub struct SaveDashboard {
    pub dashboard: Value,
    /// The destination folder; `None` keeps an existing dashboard where it is and puts a new
    /// one at the root. `""` or `"general"` is the root.
    pub folder_uid: Option<String>,
    /// Grafana's deprecated numeric folder id (0: the root), used when `folder_uid` is `None`.
    pub folder_id: Option<i64>,
    pub message: String,
    /// Save over a newer version or a same-titled dashboard instead of refusing.
    pub overwrite: bool,
}

/// The outcome of a save.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedDashboard {
    pub id: i64,
    pub uid: String,
    pub title: String,
    pub slug: String,
    pub version: i64,
    pub folder_uid: String,
}

/// One entry of a dashboard's history. `data` is the JSON as the client sent it for that
/// save (before the schema upgrade), with `id`, `uid` and `version` set; lists leave it out.
#[derive(Debug, Clone, PartialEq)]
pub struct DashboardVersion {
    pub id: i64,
    pub dashboard_id: i64,
    pub dashboard_uid: String,
    pub parent_version: i64,
    pub restored_from: i64,
    pub version: i64,
    pub created: i64,
    pub created_by: i64,
    pub message: String,
    pub data: Option<Value>,
}

/// A page of history, newest first; `continue_token` is empty on the last page.
#[derive(Debug, Clone, PartialEq)]
pub struct VersionPage {
    pub versions: Vec<DashboardVersion>,
    pub continue_token: String,
}

/// How a tag is used across an org's dashboards.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagCount {
    pub term: String,
    pub count: i64,
}

/// What `GET /api/dashboards/home` shows.
#[derive(Debug, Clone, PartialEq)]
pub enum Home {
    /// The preferred home dashboard, to be redirected to.
    Redirect { uid: String, slug: String },
    /// The built-in home dashboard JSON.
    BuiltIn(Value),
}

/// A dashboard import: a dashboard exported with `${NAME}` placeholders declared in
/// `__inputs`, and the values to put in.
#[derive(Debug, Clone, Default)]
pub struct ImportDashboard {
    pub dashboard: Value,
    pub inputs: Vec<ImportInput>,
    pub overwrite: bool,
    pub folder_uid: Option<String>,
}

/// A value for one `__inputs` entry, matched by name (or `*`) and type.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportInput {
    pub name: String,
    /// `datasource` or `constant`.
    pub kind: String,
    pub plugin_id: String,
    pub value: String,
}

/// A new folder.
#[derive(Debug, Clone, Default)]
pub struct NewFolder {
    /// Generated when `None` or empty.
    pub uid: Option<String>,
    pub title: String,
    pub description: String,
    /// `""` for the root.
    pub parent_uid: String,
}

/// Changes to a folder; `None` keeps a field.
#[derive(Debug, Clone, Default)]
pub struct FolderUpdate {
    /// A new uid is refused: dashboards, subfolders and grants refer to the folder by uid.
    pub uid: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    /// The version the caller saw; must match unless `overwrite`.
    pub version: i64,
    pub overwrite: bool,
}

/// A folder with its ancestors (root first) and what the caller may do with it.
#[derive(Debug, Clone)]
pub struct FolderView {
    pub folder: Folder,
    pub parents: Vec<Folder>,
    pub capabilities: Capabilities,
}

/// How many things a folder holds, subfolders included.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DescendantCounts {
    pub folders: i64,
    pub dashboards: i64,
}

/// One grant of a level on a folder or dashboard to a user, a team or a basic role, with the
/// names the permissions APIs show beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    /// The folder or dashboard the grant is written on.
    pub resource_uid: String,
    /// True when written on an ancestor folder rather than on the resource asked about.
    pub inherited: bool,
    /// 0 unless the grant is for a user.
    pub user_id: i64,
    pub user_uid: String,
    pub user_login: String,
    pub user_email: String,
    /// 0 unless the grant is for a team.
    pub team_id: i64,
    pub team_uid: String,
    pub team_name: String,
    pub team_email: String,
    /// The basic role (`Viewer`, `Editor`, `Admin`) the grant is for; `""` for a user or team.
    pub role: String,
    /// 1 View, 2 Edit, 4 Admin.
    pub permission: i64,
    pub created: i64,
    pub updated: i64,
}

impl Grant {
    /// Grafana's name of the level: `View`, `Edit` or `Admin`.
    pub fn permission_name(&self) -> &'static str {
        use crate::permissions::{ADMIN, EDIT, VIEW};
        match self.permission {
            ADMIN => "Admin",
            EDIT => "Edit",
            VIEW => "View",
            _ => "",
        }
    }
}

/// A folder's grants: those of its ancestors (root-level first, `inherited`), then its own.
#[derive(Debug, Clone)]
pub struct FolderGrants {
    pub folder: Folder,
    pub grants: Vec<Grant>,
}

/// A dashboard's grants: those of its folder's ancestors and its folder (`inherited`), then
/// its own.
#[derive(Debug, Clone)]
pub struct DashboardGrants {
    pub dashboard: Dashboard,
    /// `None` at the root.
    pub folder: Option<Folder>,
    pub grants: Vec<Grant>,
}

/// One entry of a permissions replacement (Grafana's `items`): a level for exactly one user,
/// team or basic role. Checked by the service, as Grafana checks it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewGrant {
    pub user_id: i64,
    pub team_id: i64,
    pub role: Option<String>,
    pub permission: i64,
}
