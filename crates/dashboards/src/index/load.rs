//! Reading an org (or one dashboard, or its folders) from the database into index entries.

use std::collections::HashMap;

use sightline_core::OrgRole;
use sightline_store::sqlx::{self, Row};
use sightline_store::{long_text, Store};

use super::generation;
use super::model::{DashboardEntry, FolderEntry, Grant, OrgIndex};
use crate::error::Result;
use crate::permissions::ResourceKind;
use crate::search_json::Fragment;

/// The whole org. The generation is read first, so the rows are at least that new.
pub(crate) async fn org(store: &Store, org_id: i64) -> Result<OrgIndex> {
    let generation = generation::current(store, store.pool(), org_id).await?;
    let folders = folders(store, org_id).await?;
    let mut grants = grants(store, org_id, ResourceKind::Dashboard, None).await?;
    let mut tags = tags(store, org_id, None).await?;
    let select = store.sql(
        "SELECT id, uid, title, slug, folder_uid, search_text FROM dashboard WHERE org_id = ?",
    );
    let rows = sqlx::query(select)
        .bind(org_id)
        .fetch_all(store.pool())
        .await?;
    let mut dashboards = Vec::with_capacity(rows.len());
    for row in rows {
        let mut entry = dashboard_entry(&row)?;
        entry.grants = grants.remove(&entry.uid).unwrap_or_default();
        entry.tags = tags.remove(&entry.id).unwrap_or_default();
        dashboards.push(entry);
    }
    Ok(OrgIndex::new(generation, folders, dashboards))
}

/// One dashboard as the index holds it; `None` when it no longer exists.
pub(crate) async fn dashboard(
    store: &Store,
    org_id: i64,
    uid: &str,
) -> Result<Option<DashboardEntry>> {
    let select = store.sql(
        "SELECT id, uid, title, slug, folder_uid, search_text FROM dashboard \
         WHERE org_id = ? AND uid = ?",
    );
    let Some(row) = sqlx::query(select)
        .bind(org_id)
        .bind(uid.to_string())
        .fetch_optional(store.pool())
        .await?
    else {
        return Ok(None);
    };
    let mut entry = dashboard_entry(&row)?;
    entry.grants = grants(store, org_id, ResourceKind::Dashboard, Some(uid))
        .await?
        .remove(uid)
        .unwrap_or_default();
    entry.tags = tags(store, org_id, Some(entry.id))
        .await?
        .remove(&entry.id)
        .unwrap_or_default();
    Ok(Some(entry))
}

/// Every folder of the org with its grants.
pub(crate) async fn folders(store: &Store, org_id: i64) -> Result<HashMap<String, FolderEntry>> {
    let mut grants = grants(store, org_id, ResourceKind::Folder, None).await?;
    let select = store.sql("SELECT id, uid, parent_uid, title FROM folder WHERE org_id = ?");
    let rows: Vec<(i64, String, String, String)> = sqlx::query_as(select)
        .bind(org_id)
        .fetch_all(store.pool())
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, uid, parent_uid, title)| {
            let entry = FolderEntry {
                id,
                grants: grants.remove(&uid).unwrap_or_default(),
                title_lower: title.to_lowercase(),
                uid,
                parent_uid,
                title,
                hit_head: Fragment::default(),
                child_tail: Fragment::default(),
            };
            (entry.uid.clone(), entry)
        })
        .collect())
}

fn dashboard_entry(row: &sightline_store::sqlx::any::AnyRow) -> Result<DashboardEntry> {
    let title: String = row.try_get("title")?;
    let title_lower = title.to_lowercase();
    let search_text = long_text(row, "search_text")?.unwrap_or_else(|| title_lower.clone());
    Ok(DashboardEntry {
        id: row.try_get("id")?,
        uid: row.try_get("uid")?,
        slug: row.try_get("slug")?,
        folder_uid: row.try_get("folder_uid")?,
        title,
        title_lower,
        search_text,
        tags: Vec::new(),
        grants: Vec::new(),
        hit_head: Fragment::default(),
    })
}

/// Grants on resources of one kind (or on one of them), by resource uid.
async fn grants(
    store: &Store,
    org_id: i64,
    kind: ResourceKind,
    uid: Option<&str>,
) -> Result<HashMap<String, Vec<Grant>>> {
    let rows: Vec<(String, i64, i64, String, i64)> = match uid {
        None => {
            let select = store.sql(
                "SELECT resource_uid, user_id, team_id, role, permission FROM resource_permission \
                 WHERE org_id = ? AND resource_kind = ?",
            );
            sqlx::query_as(select)
                .bind(org_id)
                .bind(kind.as_str())
                .fetch_all(store.pool())
                .await?
        }
        Some(uid) => {
            let select = store.sql(
                "SELECT resource_uid, user_id, team_id, role, permission FROM resource_permission \
                 WHERE org_id = ? AND resource_kind = ? AND resource_uid = ?",
            );
            sqlx::query_as(select)
                .bind(org_id)
                .bind(kind.as_str())
                .bind(uid.to_string())
                .fetch_all(store.pool())
                .await?
        }
    };
    let mut grants: HashMap<String, Vec<Grant>> = HashMap::new();
    for (resource_uid, user_id, team_id, role, permission) in rows {
        let role = match role.as_str() {
            "" => None,
            name => match name.parse::<OrgRole>() {
                Ok(role) => Some(role),
                // A role this release does not know grants nothing.
                Err(_) => continue,
            },
        };
        grants.entry(resource_uid).or_default().push(Grant {
            user_id,
            team_id,
            role,
            permission,
        });
    }
    Ok(grants)
}

/// Tags of the org's dashboards (or of one), sorted, by dashboard id.
async fn tags(
    store: &Store,
    org_id: i64,
    dashboard_id: Option<i64>,
) -> Result<HashMap<i64, Vec<String>>> {
    let rows: Vec<(i64, String)> = match dashboard_id {
        None => {
            let select = store
                .sql("SELECT dashboard_id, term FROM dashboard_tag WHERE org_id = ? ORDER BY term");
            sqlx::query_as(select)
                .bind(org_id)
                .fetch_all(store.pool())
                .await?
        }
        Some(id) => {
            // By dashboard id alone: with the org too, SQLite may pick the (org, term) index
            // and read every tag of the org.
            let select = store.sql(
                "SELECT dashboard_id, term FROM dashboard_tag WHERE dashboard_id = ? ORDER BY term",
            );
            sqlx::query_as(select)
                .bind(id)
                .fetch_all(store.pool())
                .await?
        }
    };
    let mut tags: HashMap<i64, Vec<String>> = HashMap::new();
    for (dashboard_id, term) in rows {
        tags.entry(dashboard_id).or_default().push(term);
    }
    Ok(tags)
}
