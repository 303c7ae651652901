//! The `/api/search` answer in Grafana's JSON, written by copying fragments rendered once per
//! index entry rather than serialising every field of every hit on every search:
//!
//! - a hit's *head*: its own fields, from `{"id":` up to `"isStarred":` (the only field that
//!   depends on the caller);
//! - a folder's *child tail*: what every hit inside it ends with, `"sortMeta"`, `"isDeleted"`
//!   and the folder fields (`folderId`, `folderUid`, `folderTitle`, `folderUrl`); hits at the
//!   root end with [`ROOT_TAIL`], as Grafana leaves the folder fields out there.
//!
//! Entries are replaced, never changed, when their dashboard or folders change, so a rendered
//! fragment is never stale. Fragments depend on the org id and `app_sub_url`, both fixed for
//! an entry's lifetime.

use std::fmt::Write;
use std::sync::OnceLock;

use crate::index::{DashboardEntry, FolderEntry};
use crate::naming::slugify;

/// The end of a hit at the root.
const ROOT_TAIL: &str = r#","sortMeta":0,"isDeleted":false}"#;

/// A fragment rendered on first use.
#[derive(Debug, Clone, Default)]
pub(crate) struct Fragment(OnceLock<Box<str>>);

impl Fragment {
    fn get_or_render(&self, render: impl FnOnce() -> String) -> &str {
        self.0.get_or_init(|| render().into_boxed_str())
    }
}

/// Where hits and folders are addressed: the org and `[server] root_url`'s path.
#[derive(Clone, Copy)]
pub(crate) struct HitContext<'a> {
    pub org_id: i64,
    pub app_sub_url: &'a str,
}

/// One hit of a search answer.
#[derive(Clone, Copy)]
pub(crate) enum Found<'a> {
    Folder(&'a FolderEntry),
    Dashboard(&'a DashboardEntry),
}

impl<'a> Found<'a> {
    /// Search order: lowercased title, then uid.
    pub fn key(&self) -> (&'a str, &'a str) {
        match self {
            Found::Folder(folder) => (&folder.title_lower, &folder.uid),
            Found::Dashboard(dashboard) => (&dashboard.title_lower, &dashboard.uid),
        }
    }
}

/// Writes `hits` as Grafana's search answer; `parent` finds a folder by uid and `starred`
/// tells whether the caller starred a dashboard.
pub(crate) fn write_answer<'a>(
    hits: &[Found<'a>],
    context: HitContext<'_>,
    parent: impl Fn(&str) -> Option<&'a FolderEntry>,
    starred: impl Fn(&str) -> bool,
) -> String {
    let mut out = String::with_capacity(hits.len() * 400 + 2);
    out.push('[');
    for (position, hit) in hits.iter().enumerate() {
        if position > 0 {
            out.push(',');
        }
        let (head, is_starred, parent_uid) = match hit {
            Found::Folder(folder) => (
                folder
                    .hit_head
                    .get_or_render(|| folder_head(folder, context)),
                false,
                folder.parent_uid.as_str(),
            ),
            Found::Dashboard(dashboard) => (
                dashboard
                    .hit_head
                    .get_or_render(|| dashboard_head(dashboard, context)),
                starred(&dashboard.uid),
                dashboard.folder_uid.as_str(),
            ),
        };
        out.push_str(head);
        out.push_str(if is_starred { "true" } else { "false" });
        match parent(parent_uid) {
            Some(folder) => out.push_str(
                folder
                    .child_tail
                    .get_or_render(|| child_tail(folder, context)),
            ),
            None => out.push_str(ROOT_TAIL),
        }
    }
    out.push(']');
    out
}

fn dashboard_head(dashboard: &DashboardEntry, context: HitContext<'_>) -> String {
    let url = format!(
        "{}/d/{}/{}",
        context.app_sub_url, dashboard.uid, dashboard.slug
    );
    head(
        dashboard.id,
        &dashboard.uid,
        &dashboard.title,
        &dashboard.slug,
        &url,
        "dash-db",
        &dashboard.tags,
        context,
    )
}

fn folder_head(folder: &FolderEntry, context: HitContext<'_>) -> String {
    let slug = slugify(&folder.title);
    let url = folder_url(folder, &slug, context);
    head(
        folder.id,
        &folder.uid,
        &folder.title,
        &slug,
        &url,
        "dash-folder",
        &[],
        context,
    )
}

#[allow(clippy::too_many_arguments)]
fn head(
    id: i64,
    uid: &str,
    title: &str,
    slug: &str,
    url: &str,
    kind: &str,
    tags: &[String],
    context: HitContext<'_>,
) -> String {
    let mut out = String::with_capacity(256);
    let _ = write!(
        out,
        r#"{{"id":{id},"uid":{},"orgId":{},"title":{},"uri":{},"url":{},"slug":{},"type":"{kind}","tags":{},"isStarred":"#,
        quoted(uid),
        context.org_id,
        quoted(title),
        quoted(&format!("db/{slug}")),
        quoted(url),
        quoted(slug),
        serde_json::Value::from(tags.to_vec()),
    );
    out
}

fn child_tail(folder: &FolderEntry, context: HitContext<'_>) -> String {
    let slug = slugify(&folder.title);
    format!(
        r#","sortMeta":0,"isDeleted":false,"folderId":{},"folderUid":{},"folderTitle":{},"folderUrl":{}}}"#,
        folder.id,
        quoted(&folder.uid),
        quoted(&folder.title),
        quoted(&folder_url(folder, &slug, context)),
    )
}

fn folder_url(folder: &FolderEntry, slug: &str, context: HitContext<'_>) -> String {
    format!("{}/dashboards/f/{}/{slug}", context.app_sub_url, folder.uid)
}

/// `text` as a JSON string.
fn quoted(text: &str) -> String {
    serde_json::Value::from(text).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hits_are_grafanas_json_with_folder_fields_only_inside_a_folder() {
        let folder = FolderEntry {
            id: 7,
            uid: "f\"1".into(),
            parent_uid: String::new(),
            title: "Ops Team".into(),
            title_lower: "ops team".into(),
            grants: Vec::new(),
            hit_head: Fragment::default(),
            child_tail: Fragment::default(),
        };
        let dashboard = |uid: &str, folder_uid: &str| DashboardEntry {
            id: 3,
            uid: uid.into(),
            title: "Lat\\ency".into(),
            title_lower: "lat\\ency".into(),
            slug: "lat-ency".into(),
            folder_uid: folder_uid.into(),
            search_text: String::new(),
            tags: vec!["a".into(), "b\n".into()],
            grants: Vec::new(),
            hit_head: Fragment::default(),
        };
        let (inside, at_root) = (dashboard("d1", "f\"1"), dashboard("d2", ""));
        let context = HitContext {
            org_id: 2,
            app_sub_url: "/grafana",
        };
        let answer = write_answer(
            &[
                Found::Folder(&folder),
                Found::Dashboard(&inside),
                Found::Dashboard(&at_root),
            ],
            context,
            |uid| (uid == folder.uid).then_some(&folder),
            |uid| uid == "d2",
        );
        let parsed: serde_json::Value = serde_json::from_str(&answer).expect("valid JSON");
        assert_eq!(
            parsed,
            serde_json::json!([
                {"id": 7, "uid": "f\"1", "orgId": 2, "title": "Ops Team", "uri": "db/ops-team",
                 "url": "/grafana/dashboards/f/f\"1/ops-team", "slug": "ops-team",
                 "type": "dash-folder", "tags": [], "isStarred": false, "sortMeta": 0,
                 "isDeleted": false},
                {"id": 3, "uid": "d1", "orgId": 2, "title": "Lat\\ency", "uri": "db/lat-ency",
                 "url": "/grafana/d/d1/lat-ency", "slug": "lat-ency", "type": "dash-db",
                 "tags": ["a", "b\n"], "isStarred": false, "sortMeta": 0, "isDeleted": false,
                 "folderId": 7, "folderUid": "f\"1", "folderTitle": "Ops Team",
                 "folderUrl": "/grafana/dashboards/f/f\"1/ops-team"},
                {"id": 3, "uid": "d2", "orgId": 2, "title": "Lat\\ency", "uri": "db/lat-ency",
                 "url": "/grafana/d/d2/lat-ency", "slug": "lat-ency", "type": "dash-db",
                 "tags": ["a", "b\n"], "isStarred": true, "sortMeta": 0, "isDeleted": false},
            ])
        );
        assert_eq!(write_answer(&[], context, |_| None, |_| false), "[]");
    }
}
