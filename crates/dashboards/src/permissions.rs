//! The `resource_permission` rows Grafana writes when a dashboard or folder is created: the
//! creator gets Admin, and — for a resource at the root, since nested ones inherit from their
//! folder — the Editor role gets Edit and the Viewer role View. Access decisions do not read
//! them yet (see `access.rs`); they are written so the data is there when they do.

use sightline_core::Identity;
use sightline_store::sqlx::{self, Any};
use sightline_store::{now_epoch, Store};

use crate::error::Result;

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
    // (user id, role, permission)
    let mut grants: Vec<(i64, &str, i64)> = Vec::new();
    if creator.user_id > 0 && !creator.is_anonymous() {
        grants.push((creator.user_id, "", ADMIN));
    }
    if at_root {
        grants.push((0, "Editor", EDIT));
        grants.push((0, "Viewer", VIEW));
    }
    let insert = store.sql(
        "INSERT INTO resource_permission (org_id, resource_kind, resource_uid, user_id, team_id, \
         role, permission, created, updated) VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?)",
    );
    let now = now_epoch();
    for (user_id, role, permission) in grants {
        sqlx::query(insert)
            .bind(org_id)
            .bind(kind.as_str())
            .bind(uid.to_string())
            .bind(user_id)
            .bind(role)
            .bind(permission)
            .bind(now)
            .bind(now)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
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
