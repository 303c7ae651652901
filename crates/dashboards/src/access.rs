//! Every access decision of the dashboards domain, in one place.
//!
//! Today the rules follow the caller's org role, as Grafana's defaults do: Viewers view,
//! Editors also create, edit and delete dashboards and folders, Admins may also administer
//! them (permissions). Fine-grained grants — the `resource_permission` rows written on every
//! create (see `permissions.rs`), per user, team or basic role, inherited from folders — are
//! meant to replace these rules here: [`DashboardService::access`] is where they will be
//! loaded, and the methods below where they will be read. Services ask this module and
//! nothing else; handlers never decide access for dashboards or folders.

use sightline_core::{Identity, OrgRole};

use crate::error::Result;
use crate::models::{AnnotationCapabilities, Capabilities, Dashboard, Folder};

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
#[derive(Debug, Clone)]
pub struct Access {
    role: OrgRole,
    /// A signed-in user or service account (not an anonymous visitor).
    signed_in: bool,
}

/// Which folders and dashboards a caller may see, for filtering lists and search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadableFilter {
    Everything,
    Nothing,
}

impl ReadableFilter {
    pub fn allows_dashboard(&self, _dashboard_uid: &str, _folder_uid: &str) -> bool {
        matches!(self, ReadableFilter::Everything)
    }

    pub fn allows_folder(&self, _folder_uid: &str) -> bool {
        matches!(self, ReadableFilter::Everything)
    }
}

impl DashboardService {
    /// Resolves what `caller` may do in its org.
    pub async fn access(&self, caller: &Identity) -> Result<Access> {
        Ok(Access {
            role: caller.org_role,
            signed_in: caller.user_id > 0 && !caller.is_anonymous(),
        })
    }
}

impl Access {
    fn at_least(&self, role: OrgRole) -> bool {
        self.role.includes(role)
    }

    pub fn can_view_dashboard(&self, _dashboard: DashboardRef<'_>) -> bool {
        self.at_least(OrgRole::Viewer)
    }

    /// Save changes (also: see and restore its history).
    pub fn can_edit_dashboard(&self, _dashboard: DashboardRef<'_>) -> bool {
        self.at_least(OrgRole::Editor)
    }

    pub fn can_delete_dashboard(&self, _dashboard: DashboardRef<'_>) -> bool {
        self.at_least(OrgRole::Editor)
    }

    /// Change who may do what with it.
    pub fn can_admin_dashboard(&self, _dashboard: DashboardRef<'_>) -> bool {
        self.at_least(OrgRole::Admin)
    }

    /// Add, edit and delete annotations of this dashboard.
    pub fn can_write_dashboard_annotations(&self, _dashboard: DashboardRef<'_>) -> bool {
        self.at_least(OrgRole::Editor)
    }

    /// See annotations that belong to no dashboard (members with a role, not role None).
    pub fn can_read_org_annotations(&self) -> bool {
        self.at_least(OrgRole::Viewer)
    }

    /// Add, edit and delete annotations that belong to no dashboard.
    pub fn can_write_org_annotations(&self) -> bool {
        self.at_least(OrgRole::Editor)
    }

    /// Create a dashboard in a folder (`""`: the root), or move one there.
    pub fn can_create_dashboard_in(&self, _folder_uid: &str) -> bool {
        self.at_least(OrgRole::Editor)
    }

    /// Star: any signed-in caller, whatever their role.
    pub fn can_star(&self) -> bool {
        self.signed_in
    }

    pub fn can_view_folder(&self, _folder: &Folder) -> bool {
        self.at_least(OrgRole::Viewer)
    }

    /// Rename, describe or move the folder.
    pub fn can_edit_folder(&self, _folder: &Folder) -> bool {
        self.at_least(OrgRole::Editor)
    }

    /// Delete the folder with everything in it.
    pub fn can_delete_folder(&self, _folder: &Folder) -> bool {
        self.at_least(OrgRole::Editor)
    }

    pub fn can_admin_folder(&self, _folder: &Folder) -> bool {
        self.at_least(OrgRole::Admin)
    }

    /// Create a folder under `parent_uid` (`""`: the root), or move one there.
    pub fn can_create_folder_in(&self, _parent_uid: &str) -> bool {
        self.at_least(OrgRole::Editor)
    }

    /// Which folders and dashboards lists and search may show.
    pub fn readable_folder_filter(&self) -> ReadableFilter {
        if self.at_least(OrgRole::Viewer) {
            ReadableFilter::Everything
        } else {
            ReadableFilter::Nothing
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
