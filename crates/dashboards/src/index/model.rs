//! What the index holds of an org: enough to search and to decide access without the
//! database, never the dashboards' JSON.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use sightline_core::OrgRole;

use super::scan::ScanView;
use crate::search_json::Fragment;

/// A grant on a folder or dashboard (one `resource_permission` row).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Grant {
    pub user_id: i64,
    pub team_id: i64,
    /// A basic role, or `None` for a user or team grant.
    pub role: Option<OrgRole>,
    /// 1 View, 2 Edit, 4 Admin.
    pub permission: i64,
}

#[derive(Debug, Clone)]
pub(crate) struct FolderEntry {
    pub id: i64,
    pub uid: String,
    pub parent_uid: String,
    pub title: String,
    pub title_lower: String,
    pub grants: Vec<Grant>,
    /// This folder as a search hit, up to `isStarred`.
    pub hit_head: Fragment,
    /// How the search hits inside this folder end.
    pub child_tail: Fragment,
}

#[derive(Debug, Clone)]
pub(crate) struct DashboardEntry {
    pub id: i64,
    pub uid: String,
    pub title: String,
    pub title_lower: String,
    pub slug: String,
    pub folder_uid: String,
    /// Lowercased title, panel titles and descriptions.
    pub search_text: String,
    /// Sorted.
    pub tags: Vec<String>,
    pub grants: Vec<Grant>,
    /// This dashboard as a search hit, up to `isStarred`.
    pub hit_head: Fragment,
}

impl DashboardEntry {
    fn sort_key(&self) -> (&str, &str) {
        (&self.title_lower, &self.uid)
    }
}

/// One org at one generation.
#[derive(Debug, Default)]
pub(crate) struct OrgIndex {
    /// -1 until loaded.
    pub generation: i64,
    folders: HashMap<String, FolderEntry>,
    /// By lowercased title, then uid: the order search returns.
    sorted: Vec<Arc<DashboardEntry>>,
    by_uid: HashMap<String, Arc<DashboardEntry>>,
    /// Built on first use after a change.
    scan: Mutex<Option<Arc<ScanView>>>,
}

impl OrgIndex {
    pub fn unloaded() -> OrgIndex {
        OrgIndex {
            generation: -1,
            ..OrgIndex::default()
        }
    }

    pub fn new(
        generation: i64,
        folders: HashMap<String, FolderEntry>,
        dashboards: Vec<DashboardEntry>,
    ) -> OrgIndex {
        let mut sorted: Vec<Arc<DashboardEntry>> = dashboards.into_iter().map(Arc::new).collect();
        sorted.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        let by_uid = sorted
            .iter()
            .map(|entry| (entry.uid.clone(), Arc::clone(entry)))
            .collect();
        OrgIndex {
            generation,
            folders,
            sorted,
            by_uid,
            scan: Mutex::default(),
        }
    }

    pub fn folders(&self) -> &HashMap<String, FolderEntry> {
        &self.folders
    }

    pub fn set_folders(&mut self, folders: HashMap<String, FolderEntry>) {
        self.folders = folders;
        self.forget_scan_view();
    }

    /// The compact view search scans, in the order of [`OrgIndex::dashboards`].
    pub fn scan_view(&self) -> Arc<ScanView> {
        let mut scan = match self.scan.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        Arc::clone(scan.get_or_insert_with(|| {
            Arc::new(ScanView::build(
                &self.sorted,
                self.folders.keys().map(String::as_str),
            ))
        }))
    }

    fn forget_scan_view(&mut self) {
        match self.scan.get_mut() {
            Ok(scan) => *scan = None,
            Err(poisoned) => *poisoned.into_inner() = None,
        }
    }

    /// Dashboards in search order.
    pub fn dashboards(&self) -> &[Arc<DashboardEntry>] {
        &self.sorted
    }

    pub fn dashboard(&self, uid: &str) -> Option<&DashboardEntry> {
        self.by_uid.get(uid).map(Arc::as_ref)
    }

    /// Replaces (or, with `None`, removes) the dashboard `uid`.
    pub fn put_dashboard(&mut self, uid: &str, entry: Option<DashboardEntry>) {
        self.forget_scan_view();
        if let Some(old) = self.by_uid.remove(uid) {
            if let Ok(position) = self
                .sorted
                .binary_search_by(|probe| probe.sort_key().cmp(&old.sort_key()))
            {
                self.sorted.remove(position);
            }
        }
        if let Some(entry) = entry {
            let entry = Arc::new(entry);
            let position = self
                .sorted
                .binary_search_by(|probe| probe.sort_key().cmp(&entry.sort_key()))
                .unwrap_or_else(|position| position);
            self.sorted.insert(position, Arc::clone(&entry));
            self.by_uid.insert(entry.uid.clone(), entry);
        }
    }

    /// The folder's ancestors' uids and its own, nearest first; bounded against cycles.
    pub fn folder_chain<'a>(
        &'a self,
        folder_uid: &'a str,
    ) -> impl Iterator<Item = &'a FolderEntry> {
        let mut next = Some(folder_uid);
        let mut steps = 0;
        std::iter::from_fn(move || {
            let uid = next.take().filter(|uid| !uid.is_empty())?;
            steps += 1;
            if steps > crate::folders::MAX_DEPTH + 1 {
                return None;
            }
            let folder = self.folders.get(uid)?;
            next = Some(folder.parent_uid.as_str());
            Some(folder)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(uid: &str, title: &str) -> DashboardEntry {
        DashboardEntry {
            id: 0,
            uid: uid.into(),
            title: title.into(),
            title_lower: title.to_lowercase(),
            slug: String::new(),
            folder_uid: String::new(),
            search_text: title.to_lowercase(),
            tags: Vec::new(),
            grants: Vec::new(),
            hit_head: Fragment::default(),
        }
    }

    fn order(index: &OrgIndex) -> Vec<&str> {
        index.dashboards().iter().map(|d| d.uid.as_str()).collect()
    }

    #[test]
    fn patches_keep_the_search_order() {
        let mut index = OrgIndex::new(
            1,
            HashMap::new(),
            vec![entry("c", "Gamma"), entry("a", "alpha")],
        );
        assert_eq!(order(&index), ["a", "c"]);
        index.put_dashboard("b", Some(entry("b", "Beta")));
        assert_eq!(order(&index), ["a", "b", "c"]);
        index.put_dashboard("a", Some(entry("a", "Zulu")));
        assert_eq!(order(&index), ["b", "c", "a"]);
        index.put_dashboard("c", None);
        assert_eq!(order(&index), ["b", "a"]);
        assert!(index.dashboard("c").is_none());
        assert_eq!(index.dashboard("a").map(|d| d.title.as_str()), Some("Zulu"));
    }

    #[test]
    fn folder_chains_stop_at_the_root_and_at_cycles() {
        let folder = |uid: &str, parent: &str| FolderEntry {
            id: 0,
            uid: uid.into(),
            parent_uid: parent.into(),
            title: uid.into(),
            title_lower: uid.into(),
            grants: Vec::new(),
            hit_head: Fragment::default(),
            child_tail: Fragment::default(),
        };
        let folders = [
            folder("x", ""),
            folder("y", "x"),
            folder("p", "q"),
            folder("q", "p"),
        ]
        .into_iter()
        .map(|f| (f.uid.clone(), f))
        .collect();
        let index = OrgIndex::new(1, folders, Vec::new());
        let chain: Vec<&str> = index.folder_chain("y").map(|f| f.uid.as_str()).collect();
        assert_eq!(chain, ["y", "x"]);
        assert!(index.folder_chain("").next().is_none());
        assert!(index.folder_chain("p").count() <= crate::folders::MAX_DEPTH + 1);
    }
}
