//! Grants in `resource_permission`: a level (View, Edit, Admin) on a folder or dashboard for
//! a user, a team or a basic role.
//!
//! Two writers: [`grant_defaults`], Grafana's grants on every create (the creator gets Admin
//! and, for a resource at the root, since nested ones inherit from their folder, the Editor
//! role Edit and the Viewer role View); and the permissions APIs, which list a resource's
//! grants with those it inherits from its folders and replace its own in one transaction,
//! refusing what Grafana refuses. Whether a caller may do so is `access.rs`'s decision, as is
//! what the grants allow.

use std::collections::HashSet;

use sightline_core::Identity;
use sightline_store::sqlx::{self, Any, Row};
use sightline_store::{now_epoch, Store};

use crate::error::{DashboardError, Result};
use crate::folder_tree::ancestry;
use crate::index::Change;
use crate::models::{DashboardGrants, Folder, FolderGrants, Grant, NewGrant};
use crate::DashboardService;

/// Grafana's permission levels.
pub const VIEW: i64 = 1;
pub const EDIT: i64 = 2;
pub const ADMIN: i64 = 4;

/// What a grant is about, named like Grafana's RBAC scopes (`dashboards:uid:…`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResourceKind {
    Dashboard,
    Folder,
}

impl ResourceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ResourceKind::Dashboard => "dashboards",
            ResourceKind::Folder => "folders",
        }
    }
}

// Grafana 12 refuses callers without the permission action at its route middleware, with
// this text naming the action.
const FOLDER_READ_DENIED: &str = "You'll need additional permissions to perform this action. \
     Permissions needed: folders.permissions:read";
const FOLDER_WRITE_DENIED: &str = "You'll need additional permissions to perform this action. \
     Permissions needed: folders.permissions:write";
const DASHBOARD_READ_DENIED: &str = "You'll need additional permissions to perform this action. \
     Permissions needed: dashboards.permissions:read";
const DASHBOARD_WRITE_DENIED: &str = "You'll need additional permissions to perform this \
     action. Permissions needed: dashboards.permissions:write";

// Grafana's texts for refused items. The first two are Grafana's own, swapped as Grafana
// has them (`ErrPermissionsWithUserAndTeamNotAllowed` carries the role text and vice versa),
// because clients match on what Grafana answers.
const USER_AND_TEAM: &str = "team and user permissions cannot have an associated role";
const ROLE_WITH_USER_OR_TEAM: &str = "permissions cannot have both a user and team";
const NONE_ROLE: &str = "none role cannot receive permissions";
const DUPLICATE: &str = "permission already exists";
const USER_NOT_FOUND: &str = "user not found";
const TEAM_NOT_FOUND: &str = "team not found";

/// The basic roles a grant may name.
const GRANTABLE_ROLES: [&str; 3] = ["Viewer", "Editor", "Admin"];

/// Writes the default grants of a resource created by `creator`.
pub async fn grant_defaults(
    store: &Store,
    tx: &mut sqlx::Transaction<'static, Any>,
    org_id: i64,
    kind: ResourceKind,
    uid: &str,
    creator: &Identity,
    at_root: bool,
) -> Result<()> {
    let mut grants = Vec::new();
    if creator.user_id > 0 && !creator.is_anonymous() {
        grants.push(NewGrant {
            user_id: creator.user_id,
            permission: ADMIN,
            ..NewGrant::default()
        });
    }
    if at_root {
        for (role, permission) in [("Editor", EDIT), ("Viewer", VIEW)] {
            grants.push(NewGrant {
                role: Some(role.to_string()),
                permission,
                ..NewGrant::default()
            });
        }
    }
    insert_grants(store, tx, org_id, kind, uid, &grants).await
}

/// Removes every grant on a resource.
pub async fn revoke_all(
    store: &Store,
    tx: &mut sqlx::Transaction<'static, Any>,
    org_id: i64,
    kind: ResourceKind,
    uid: &str,
) -> Result<()> {
    let delete = store.sql(
        "DELETE FROM resource_permission WHERE org_id = ? AND resource_kind = ? AND resource_uid = ?",
    );
    sqlx::query(delete)
        .bind(org_id)
        .bind(kind.as_str())
        .bind(uid.to_string())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

async fn insert_grants(
    store: &Store,
    tx: &mut sqlx::Transaction<'static, Any>,
    org_id: i64,
    kind: ResourceKind,
    uid: &str,
    grants: &[NewGrant],
) -> Result<()> {
    let insert = store.sql(
        "INSERT INTO resource_permission (org_id, resource_kind, resource_uid, user_id, team_id, \
         role, permission, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    );
    let now = now_epoch();
    for grant in grants {
        sqlx::query(insert)
            .bind(org_id)
            .bind(kind.as_str())
            .bind(uid.to_string())
            .bind(grant.user_id)
            .bind(grant.team_id)
            .bind(grant.role.clone().unwrap_or_default())
            .bind(grant.permission)
            .bind(now)
            .bind(now)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

impl DashboardService {
    /// A folder's grants, with those inherited from its ancestors. Folder admins only.
    pub async fn folder_permissions(&self, caller: &Identity, uid: &str) -> Result<FolderGrants> {
        let org_id = caller.org_id;
        let folder = self
            .find_folder(self.store().pool(), org_id, uid)
            .await?
            .ok_or(DashboardError::FolderNotFound)?;
        if !self.access(caller).await?.can_admin_folder(&folder) {
            return Err(DashboardError::AccessDenied(FOLDER_READ_DENIED));
        }
        let tree = self.all_folders(org_id).await?;
        let mut chain = ancestry(&tree, &folder);
        chain.reverse();
        let mut grants = self.inherited_grants(org_id, &chain).await?;
        grants.extend(
            self.grants_on(org_id, ResourceKind::Folder, uid, false)
                .await?,
        );
        Ok(FolderGrants { folder, grants })
    }

    /// Replaces the grants written on a folder (not those it inherits) with `items`, all or
    /// nothing. Folder admins only.
    pub async fn set_folder_permissions(
        &self,
        caller: &Identity,
        uid: &str,
        items: Vec<NewGrant>,
    ) -> Result<()> {
        let org_id = caller.org_id;
        let folder = self
            .find_folder(self.store().pool(), org_id, uid)
            .await?
            .ok_or(DashboardError::FolderNotFound)?;
        if !self.access(caller).await?.can_admin_folder(&folder) {
            return Err(DashboardError::AccessDenied(FOLDER_WRITE_DENIED));
        }
        self.write_grants(org_id, ResourceKind::Folder, uid, &items)
            .await
    }

    /// A dashboard's grants, with those inherited from its folder and the folder's ancestors.
    /// Dashboard admins only.
    pub async fn dashboard_permissions(
        &self,
        caller: &Identity,
        uid: &str,
    ) -> Result<DashboardGrants> {
        let org_id = caller.org_id;
        let dashboard = self
            .find_dashboard(self.store().pool(), org_id, uid)
            .await?
            .ok_or(DashboardError::DashboardNotFound)?;
        if !self
            .access(caller)
            .await?
            .can_admin_dashboard(dashboard.reference())
        {
            return Err(DashboardError::AccessDenied(DASHBOARD_READ_DENIED));
        }
        let tree = self.all_folders(org_id).await?;
        let folder = tree
            .iter()
            .find(|folder| folder.uid == dashboard.folder_uid)
            .cloned();
        let mut chain: Vec<&Folder> = Vec::new();
        if let Some(folder) = &folder {
            chain = ancestry(&tree, folder);
            chain.reverse();
            chain.push(folder);
        }
        let mut grants = self.inherited_grants(org_id, &chain).await?;
        grants.extend(
            self.grants_on(org_id, ResourceKind::Dashboard, uid, false)
                .await?,
        );
        Ok(DashboardGrants {
            dashboard,
            folder,
            grants,
        })
    }

    /// Replaces the grants written on a dashboard (not those it inherits) with `items`, all
    /// or nothing. Dashboard admins only.
    pub async fn set_dashboard_permissions(
        &self,
        caller: &Identity,
        uid: &str,
        items: Vec<NewGrant>,
    ) -> Result<()> {
        let org_id = caller.org_id;
        let dashboard = self
            .find_dashboard(self.store().pool(), org_id, uid)
            .await?
            .ok_or(DashboardError::DashboardNotFound)?;
        if !self
            .access(caller)
            .await?
            .can_admin_dashboard(dashboard.reference())
        {
            return Err(DashboardError::AccessDenied(DASHBOARD_WRITE_DENIED));
        }
        self.write_grants(org_id, ResourceKind::Dashboard, uid, &items)
            .await
    }

    /// The grants on each folder of `chain` (root first), marked inherited.
    async fn inherited_grants(&self, org_id: i64, chain: &[&Folder]) -> Result<Vec<Grant>> {
        let mut grants = Vec::new();
        for holder in chain {
            grants.extend(
                self.grants_on(org_id, ResourceKind::Folder, &holder.uid, true)
                    .await?,
            );
        }
        Ok(grants)
    }

    /// Checks `items` and makes them the grants on one resource, in one transaction that
    /// first locks the resource's row (so concurrent replacements queue).
    async fn write_grants(
        &self,
        org_id: i64,
        kind: ResourceKind,
        uid: &str,
        items: &[NewGrant],
    ) -> Result<()> {
        check_items(items)?;
        let (not_found, change) = match kind {
            ResourceKind::Folder => (DashboardError::FolderNotFound, Change::Folders),
            ResourceKind::Dashboard => (
                DashboardError::DashboardNotFound,
                Change::Dashboard(uid.to_string()),
            ),
        };
        let mut tx = self.store().begin().await?;
        if !self.lock_resource(&mut tx, org_id, kind, uid).await? {
            return Err(not_found);
        }
        self.replace_grants(&mut tx, org_id, kind, uid, items)
            .await?;
        let pending = self.record_change(&mut tx, org_id, change).await?;
        tx.commit().await?;
        self.apply_change(pending).await;
        Ok(())
    }

    /// Locks the folder or dashboard row for the rest of `tx` and tells whether it still
    /// exists. Replacements of one resource's grants thereby run one after the other: each
    /// deletes what the previous one committed, instead of both deleting the same old rows
    /// and then colliding on the unique index (PostgreSQL) or deadlocking (MySQL). SQLite's
    /// write transactions are serial already.
    async fn lock_resource(
        &self,
        tx: &mut sqlx::Transaction<'static, Any>,
        org_id: i64,
        kind: ResourceKind,
        uid: &str,
    ) -> Result<bool> {
        let store = self.store();
        let (lock, count) = match kind {
            ResourceKind::Folder => (
                store.sql("UPDATE folder SET updated = updated WHERE org_id = ? AND uid = ?"),
                store.sql("SELECT COUNT(*) FROM folder WHERE org_id = ? AND uid = ?"),
            ),
            ResourceKind::Dashboard => (
                store.sql("UPDATE dashboard SET updated = updated WHERE org_id = ? AND uid = ?"),
                store.sql("SELECT COUNT(*) FROM dashboard WHERE org_id = ? AND uid = ?"),
            ),
        };
        sqlx::query(lock)
            .bind(org_id)
            .bind(uid.to_string())
            .execute(&mut **tx)
            .await?;
        let found: i64 = sqlx::query_scalar(count)
            .bind(org_id)
            .bind(uid.to_string())
            .fetch_one(&mut **tx)
            .await?;
        Ok(found > 0)
    }

    /// Checks that every user and team of `items` belongs to the org, then swaps the
    /// resource's grants for `items`.
    async fn replace_grants(
        &self,
        tx: &mut sqlx::Transaction<'static, Any>,
        org_id: i64,
        kind: ResourceKind,
        uid: &str,
        items: &[NewGrant],
    ) -> Result<()> {
        let store = self.store();
        let member = store.sql("SELECT COUNT(*) FROM org_user WHERE org_id = ? AND user_id = ?");
        let team = store.sql("SELECT COUNT(*) FROM team WHERE org_id = ? AND id = ?");
        for item in items {
            let (statement, id, missing) = if item.user_id != 0 {
                (member, item.user_id, USER_NOT_FOUND)
            } else if item.team_id != 0 {
                (team, item.team_id, TEAM_NOT_FOUND)
            } else {
                continue;
            };
            let found: i64 = sqlx::query_scalar(statement)
                .bind(org_id)
                .bind(id)
                .fetch_one(&mut **tx)
                .await?;
            if found == 0 {
                return Err(DashboardError::Invalid(missing.to_string()));
            }
        }
        // Like Grafana, a user id wins over a team id, and either over a role.
        let grants: Vec<NewGrant> = items
            .iter()
            .map(|item| NewGrant {
                user_id: item.user_id,
                team_id: if item.user_id != 0 { 0 } else { item.team_id },
                role: item
                    .role
                    .clone()
                    .filter(|_| item.user_id == 0 && item.team_id == 0),
                permission: item.permission,
            })
            .collect();
        revoke_all(store, tx, org_id, kind, uid).await?;
        insert_grants(store, tx, org_id, kind, uid, &grants).await
    }

    /// The grants written on one resource, oldest first, with the names of their users and
    /// teams. Grants whose user left the org or whose team is gone are left out: they give
    /// nothing, and listing them would make a read-modify-write of the list fail.
    async fn grants_on(
        &self,
        org_id: i64,
        kind: ResourceKind,
        uid: &str,
        inherited: bool,
    ) -> Result<Vec<Grant>> {
        let query = self.store().sql(
            "SELECT rp.resource_uid, rp.user_id, rp.team_id, rp.role, rp.permission, rp.created, \
             rp.updated, u.uid AS user_uid, u.login AS user_login, u.email AS user_email, \
             t.uid AS team_uid, t.name AS team_name, t.email AS team_email \
             FROM resource_permission rp \
             LEFT JOIN org_user ou ON ou.org_id = rp.org_id AND ou.user_id = rp.user_id \
             LEFT JOIN user_account u ON u.id = ou.user_id \
             LEFT JOIN team t ON t.id = rp.team_id AND t.org_id = rp.org_id \
             WHERE rp.org_id = ? AND rp.resource_kind = ? AND rp.resource_uid = ? \
             ORDER BY rp.id",
        );
        let rows = sqlx::query(query)
            .bind(org_id)
            .bind(kind.as_str())
            .bind(uid.to_string())
            .fetch_all(self.store().pool())
            .await?;
        let mut grants = Vec::with_capacity(rows.len());
        for row in rows {
            let user_id: i64 = row.try_get("user_id")?;
            let team_id: i64 = row.try_get("team_id")?;
            let user_login: Option<String> = row.try_get("user_login")?;
            let team_uid: Option<String> = row.try_get("team_uid")?;
            if (user_id != 0 && user_login.is_none()) || (team_id != 0 && team_uid.is_none()) {
                continue;
            }
            let text = |column: &str| -> Result<String> {
                Ok(row
                    .try_get::<Option<String>, _>(column)?
                    .unwrap_or_default())
            };
            grants.push(Grant {
                resource_uid: row.try_get("resource_uid")?,
                inherited,
                user_id,
                user_uid: text("user_uid")?,
                user_login: user_login.unwrap_or_default(),
                user_email: text("user_email")?,
                team_id,
                team_uid: team_uid.unwrap_or_default(),
                team_name: text("team_name")?,
                team_email: text("team_email")?,
                role: row.try_get("role")?,
                permission: row.try_get("permission")?,
                created: row.try_get("created")?,
                updated: row.try_get("updated")?,
            });
        }
        Ok(grants)
    }
}

/// The checks Grafana makes on an update's items before any lookup, in its order: every
/// item first for a user together with a team, or a role together with either; then each
/// item's role and level; then repeats of one user, team or role.
fn check_items(items: &[NewGrant]) -> Result<()> {
    let invalid = |message: &str| Err(DashboardError::Invalid(message.to_string()));
    for item in items {
        if item.user_id > 0 && item.team_id > 0 {
            return invalid(USER_AND_TEAM);
        }
        if (item.user_id > 0 || item.team_id > 0) && item.role.is_some() {
            return invalid(ROLE_WITH_USER_OR_TEAM);
        }
    }
    let mut seen = HashSet::new();
    for item in items {
        if item.user_id == 0 && item.team_id == 0 {
            let role = item.role.as_deref().unwrap_or_default();
            if role == "None" {
                return invalid(NONE_ROLE);
            }
            if !GRANTABLE_ROLES.contains(&role) {
                return invalid(&format!("built-in role [{role}] is not valid"));
            }
        }
        if ![VIEW, EDIT, ADMIN].contains(&item.permission) {
            return invalid(&format!(
                "Permission [{}] is invalid for this resource type",
                item.permission
            ));
        }
        let grantee = (item.user_id, item.team_id, item.role.clone());
        if !seen.insert(grantee) {
            return invalid(DUPLICATE);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(user_id: i64, permission: i64) -> NewGrant {
        NewGrant {
            user_id,
            permission,
            ..NewGrant::default()
        }
    }

    fn team(team_id: i64, permission: i64) -> NewGrant {
        NewGrant {
            team_id,
            permission,
            ..NewGrant::default()
        }
    }

    fn role(name: &str, permission: i64) -> NewGrant {
        NewGrant {
            role: Some(name.to_string()),
            permission,
            ..NewGrant::default()
        }
    }

    fn refusal(items: &[NewGrant]) -> String {
        match check_items(items) {
            Err(DashboardError::Invalid(message)) => message,
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn accepts_one_grant_per_user_team_and_role() {
        let items = [
            role("Viewer", VIEW),
            role("Editor", EDIT),
            role("Admin", ADMIN),
            user(3, ADMIN),
            team(1, EDIT),
        ];
        assert!(check_items(&items).is_ok());
        assert!(check_items(&[]).is_ok());
    }

    #[test]
    fn refuses_mixed_grantees_with_grafanas_texts() {
        let both = NewGrant {
            user_id: 1,
            team_id: 2,
            permission: VIEW,
            role: None,
        };
        assert_eq!(refusal(&[both]), USER_AND_TEAM);
        let user_and_role = NewGrant {
            role: Some("Viewer".into()),
            ..user(1, VIEW)
        };
        assert_eq!(refusal(&[user_and_role]), ROLE_WITH_USER_OR_TEAM);
        // Every item is checked for these before any item's level.
        let team_and_role = NewGrant {
            role: Some("Viewer".into()),
            ..team(1, VIEW)
        };
        assert_eq!(
            refusal(&[user(1, 3), team_and_role]),
            ROLE_WITH_USER_OR_TEAM
        );
    }

    #[test]
    fn refuses_unknown_roles_and_levels() {
        assert_eq!(refusal(&[role("None", VIEW)]), NONE_ROLE);
        assert_eq!(
            refusal(&[role("viewer", VIEW)]),
            "built-in role [viewer] is not valid"
        );
        assert_eq!(
            refusal(&[NewGrant::default()]),
            "built-in role [] is not valid"
        );
        assert_eq!(
            refusal(&[user(1, 3)]),
            "Permission [3] is invalid for this resource type"
        );
        assert_eq!(
            refusal(&[team(1, 0)]),
            "Permission [0] is invalid for this resource type"
        );
    }

    #[test]
    fn refuses_the_same_grantee_twice() {
        assert_eq!(refusal(&[user(1, VIEW), user(1, EDIT)]), DUPLICATE);
        assert_eq!(refusal(&[team(2, VIEW), team(2, VIEW)]), DUPLICATE);
        assert_eq!(
            refusal(&[role("Viewer", VIEW), role("Viewer", EDIT)]),
            DUPLICATE
        );
        assert!(check_items(&[user(2, VIEW), team(2, VIEW)]).is_ok());
    }
}
