//! Every access decision of the dashboards domain, in one place.
//!
//! A caller's level on a dashboard is the highest grant (`resource_permission`: View 1,
//! Edit 2, Admin 4) that applies to them on the dashboard itself, its folder or any ancestor
//! folder; on a folder, the highest on it or its ancestors. A grant applies through the
//! caller's user id, a team they belong to, or a basic role their org role includes
//! (Admin ⊇ Editor ⊇ Viewer). Org Admins have Admin on everything, as Grafana's Admin basic
//! role does. Grants are read from the org's in-memory index (`index/`), so lists and search
//! filter thousands of dashboards without a query each. Services ask this module and nothing
//! else; handlers never decide access for dashboards or folders.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use sightline_core::{Identity, OrgRole};
use sightline_store::sqlx;

use crate::callers::CallerState;
use crate::error::Result;
use crate::index::{DashboardEntry, Grant, OrgIndex, OrgSlot};
use crate::models::{AnnotationCapabilities, Capabilities, Dashboard, Folder};
use crate::permissions::{ADMIN, EDIT, VIEW};

/// The dashboard a decision is about: enough to find its grants and its folder's.
#[derive(Debug, Clone, Copy)]
pub struct DashboardRef<'a> {
    pub uid: &'a str,
    pub folder_uid: &'a str,
}

impl Dashboard {
    pub fn reference(&self) -> DashboardRef<'_> {
        DashboardRef {
            uid: &self.uid,
            folder_uid: &self.folder_uid,
        }
    }
}
use crate::DashboardService;

/// What one caller may do, resolved once per request.
#[derive(Clone)]
pub struct Access {
    role: OrgRole,
    /// A signed-in user or service account (not an anonymous visitor).
    signed_in: bool,
    user_id: i64,
    /// The caller's teams and stars.
    caller: Arc<CallerState>,
    index: Arc<OrgSlot>,
}

impl std::fmt::Debug for Access {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("Access")
            .field("role", &self.role)
            .field("user_id", &self.user_id)
            .field("teams", &self.caller.teams)
            .finish()
    }
}

impl DashboardService {
    /// Resolves what `caller` may do in its org. The org's index generation, the caller's
    /// teams and their stars are read in one query, unless this server read them recently
    /// enough (see `sightline_store::Freshness`).
    pub async fn access(&self, caller: &Identity) -> Result<Access> {
        let signed_in = caller.user_id > 0 && !caller.is_anonymous();
        // Anonymous visitors (user id 0) match no team or star.
        let user_id = if signed_in { caller.user_id } else { -1 };
        let freshness = self.store().freshness();
        let cached = self.callers.get(freshness, &(caller.org_id, user_id));
        let (state, index) = match (cached, self.fresh_org_index(caller.org_id)) {
            (Some(state), Some(index)) => (state, index),
            _ => self.read_access_state(caller.org_id, user_id).await?,
        };
        Ok(Access {
            role: caller.org_role,
            signed_in,
            user_id: caller.user_id,
            caller: state,
            index,
        })
    }

    async fn read_access_state(
        &self,
        org_id: i64,
        user_id: i64,
    ) -> Result<(Arc<CallerState>, Arc<OrgSlot>)> {
        let freshness = self.store().freshness();
        let read = freshness.stamp();
        let select = self.store().sql(
            "SELECT 0, generation, '' FROM dashboard_generation WHERE org_id = ? \
             UNION ALL SELECT 1, team_id, '' FROM team_member WHERE user_id = ? AND org_id = ? \
             UNION ALL SELECT 2, 0, dashboard_uid FROM star WHERE user_id = ? AND org_id = ?",
        );
        let rows: Vec<(i64, i64, String)> = sqlx::query_as(select)
            .bind(org_id)
            .bind(user_id)
            .bind(org_id)
            .bind(user_id)
            .bind(org_id)
            .fetch_all(self.store().pool())
            .await?;
        let mut generation = 0;
        let mut teams = Vec::new();
        let mut starred = HashSet::new();
        for (kind, number, uid) in rows {
            match kind {
                0 => generation = number,
                1 => teams.push(number),
                _ => {
                    starred.insert(uid);
                }
            }
        }
        let state = Arc::new(CallerState { teams, starred });
        self.callers
            .put(freshness, (org_id, user_id), Arc::clone(&state), read);
        let index = self.org_index_at(org_id, generation, read).await?;
        Ok((state, index))
    }
}

/// The caller's levels over a whole org index, for filtering lists, counts and search.
pub(crate) struct Levels<'a> {
    access: &'a Access,
    /// Effective level per folder uid; absent: none.
    folders: HashMap<&'a str, i64>,
}

impl Levels<'_> {
    pub fn folder(&self, uid: &str) -> i64 {
        if self.access.is_admin() {
            return ADMIN;
        }
        self.folders.get(uid).copied().unwrap_or(0)
    }

    pub fn dashboard(&self, dashboard: &DashboardEntry) -> i64 {
        self.dashboard_row(&dashboard.grants, self.folder(&dashboard.folder_uid))
    }

    /// A dashboard's level from its own grants and its folder's level.
    pub fn dashboard_row(&self, grants: &[Grant], folder_level: i64) -> i64 {
        if self.access.is_admin() {
            return ADMIN;
        }
        self.access.level_of(grants).max(folder_level)
    }
}

impl Access {
    fn is_admin(&self) -> bool {
        self.role == OrgRole::Admin
    }

    fn applies(&self, grant: &Grant) -> bool {
        (grant.user_id > 0 && self.signed_in && grant.user_id == self.user_id)
            || (grant.team_id > 0 && self.caller.teams.contains(&grant.team_id))
            || grant
                .role
                .is_some_and(|role| role != OrgRole::None && self.role.includes(role))
    }

    /// The highest of `grants` that applies to the caller; 0 when none does.
    fn level_of(&self, grants: &[Grant]) -> i64 {
        grants
            .iter()
            .filter(|grant| self.applies(grant))
            .map(|grant| grant.permission)
            .max()
            .unwrap_or(0)
    }

    fn folder_level_in(&self, index: &OrgIndex, folder_uid: &str) -> i64 {
        if self.is_admin() {
            return ADMIN;
        }
        index
            .folder_chain(folder_uid)
            .map(|folder| self.level_of(&folder.grants))
            .max()
            .unwrap_or(0)
    }

    fn folder_level(&self, folder_uid: &str) -> i64 {
        self.folder_level_in(&self.index.read(), folder_uid)
    }

    fn dashboard_level(&self, dashboard: DashboardRef<'_>) -> i64 {
        if self.is_admin() {
            return ADMIN;
        }
        let index = self.index.read();
        let own = index
            .dashboard(dashboard.uid)
            .map_or(0, |entry| self.level_of(&entry.grants));
        own.max(self.folder_level_in(&index, dashboard.folder_uid))
    }

    /// The caller's level on every folder of `index`, computed once.
    pub(crate) fn levels<'a>(&'a self, index: &'a OrgIndex) -> Levels<'a> {
        let mut folders = HashMap::new();
        if !self.is_admin() {
            for folder in index.folders().values() {
                let level = self.folder_level_in(index, &folder.uid);
                if level > 0 {
                    folders.insert(folder.uid.as_str(), level);
                }
            }
        }
        Levels {
            access: self,
            folders,
        }
    }

    /// Whether the caller starred the dashboard `uid`.
    pub fn starred(&self, uid: &str) -> bool {
        self.caller.starred.contains(uid)
    }

    /// The org's index this decision reads.
    pub(crate) fn index(&self) -> &OrgSlot {
        &self.index
    }

    fn at_least(&self, role: OrgRole) -> bool {
        self.role.includes(role)
    }

    pub fn can_view_dashboard(&self, dashboard: DashboardRef<'_>) -> bool {
        self.dashboard_level(dashboard) >= VIEW
    }

    /// Save changes (also: see and restore its history).
    pub fn can_edit_dashboard(&self, dashboard: DashboardRef<'_>) -> bool {
        self.dashboard_level(dashboard) >= EDIT
    }

    pub fn can_delete_dashboard(&self, dashboard: DashboardRef<'_>) -> bool {
        self.dashboard_level(dashboard) >= EDIT
    }

    /// Change who may do what with it.
    pub fn can_admin_dashboard(&self, dashboard: DashboardRef<'_>) -> bool {
        self.dashboard_level(dashboard) >= ADMIN
    }

    /// Add, edit and delete annotations of this dashboard.
    pub fn can_write_dashboard_annotations(&self, dashboard: DashboardRef<'_>) -> bool {
        self.dashboard_level(dashboard) >= EDIT
    }

    /// See annotations that belong to no dashboard (members with a role, not role None).
    pub fn can_read_org_annotations(&self) -> bool {
        self.at_least(OrgRole::Viewer)
    }

    /// Add, edit and delete annotations that belong to no dashboard.
    pub fn can_write_org_annotations(&self) -> bool {
        self.at_least(OrgRole::Editor)
    }

    /// Create a dashboard in a folder (`""`: the root, for Editors and Admins), or move one
    /// there: Edit on the folder.
    pub fn can_create_dashboard_in(&self, folder_uid: &str) -> bool {
        self.can_create_in(folder_uid)
    }

    /// Star: any signed-in caller, whatever their role.
    pub fn can_star(&self) -> bool {
        self.signed_in
    }

    pub fn can_view_folder(&self, folder: &Folder) -> bool {
        self.folder_level(&folder.uid) >= VIEW
    }

    /// Rename, describe or move the folder.
    pub fn can_edit_folder(&self, folder: &Folder) -> bool {
        self.folder_level(&folder.uid) >= EDIT
    }

    /// Delete the folder with everything in it.
    pub fn can_delete_folder(&self, folder: &Folder) -> bool {
        self.folder_level(&folder.uid) >= EDIT
    }

    pub fn can_admin_folder(&self, folder: &Folder) -> bool {
        self.folder_level(&folder.uid) >= ADMIN
    }

    /// Create a folder under `parent_uid` (`""`: the root, for Editors and Admins), or move
    /// one there: Edit on the parent.
    pub fn can_create_folder_in(&self, parent_uid: &str) -> bool {
        self.can_create_in(parent_uid)
    }

    fn can_create_in(&self, folder_uid: &str) -> bool {
        if folder_uid.is_empty() {
            self.at_least(OrgRole::Editor)
        } else {
            self.folder_level(folder_uid) >= EDIT
        }
    }

    pub fn dashboard_capabilities(&self, dashboard: DashboardRef<'_>) -> Capabilities {
        let can_edit = self.can_edit_dashboard(dashboard);
        Capabilities {
            can_save: can_edit,
            can_edit,
            can_admin: self.can_admin_dashboard(dashboard),
            can_delete: self.can_delete_dashboard(dashboard),
            can_star: self.can_star(),
        }
    }

    pub fn annotation_capabilities(&self, dashboard: DashboardRef<'_>) -> AnnotationCapabilities {
        AnnotationCapabilities {
            dashboard: self.can_write_dashboard_annotations(dashboard),
            organization: self.can_write_org_annotations(),
        }
    }

    pub fn folder_capabilities(&self, folder: &Folder) -> Capabilities {
        let can_edit = self.can_edit_folder(folder);
        Capabilities {
            can_save: can_edit,
            can_edit,
            can_admin: self.can_admin_folder(folder),
            can_delete: self.can_delete_folder(folder),
            can_star: false,
        }
    }
}
