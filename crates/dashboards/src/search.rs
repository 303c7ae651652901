//! `/api/search`: folders and dashboards of the caller's org matching a query, tags, folders,
//! uids or stars, as Grafana's legacy search answers — and, beyond Grafana, the query also
//! matches panel titles and descriptions (`dashboard.search_text`, kept by every save).
//!
//! Search reads the org's in-memory index (`index/`), already in title order, stops as soon
//! as the requested page is full, and writes its answer from fragments rendered once per
//! entry (`search_json`).

use sightline_core::Identity;

use crate::access::Access;
use crate::error::Result;
use crate::index::{OrgIndex, ScanView, NO_FOLDER, ROOT};
use crate::naming::slugify;
use crate::permissions::VIEW;
use crate::search_json::{write_answer, Found, HitContext};
use crate::DashboardService;

/// Grafana's default and largest page.
const DEFAULT_LIMIT: i64 = 1000;
const MAX_LIMIT: i64 = 5000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HitKind {
    /// `dash-db`
    Dashboard,
    /// `dash-folder`
    Folder,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SearchSort {
    /// Folders first, then dashboards, each alphabetically (Grafana's order without `sort`).
    #[default]
    Default,
    /// `alpha-asc`: by title, folders and dashboards mixed.
    AlphaAsc,
    /// `alpha-desc`
    AlphaDesc,
}

impl SearchSort {
    /// Grafana's sort names; unknown ones are ignored, as Grafana ignores them.
    pub fn parse(name: &str) -> SearchSort {
        match name {
            "alpha-asc" => SearchSort::AlphaAsc,
            "alpha-desc" => SearchSort::AlphaDesc,
            _ => SearchSort::Default,
        }
    }
}

/// A search; empty lists and strings filter nothing.
#[derive(Debug, Clone, Default)]
pub struct SearchQuery {
    /// Part of the title (or of a panel title or description), any case.
    pub query: String,
    /// Dashboards carrying all these tags.
    pub tags: Vec<String>,
    pub kind: Option<HitKind>,
    /// Direct children of these folders; `""` or `general` is the root.
    pub folder_uids: Vec<String>,
    /// Deprecated id form of `folder_uids` (`0` is the root).
    pub folder_ids: Vec<i64>,
    pub dashboard_uids: Vec<String>,
    /// Deprecated id form of `dashboard_uids`.
    pub dashboard_ids: Vec<i64>,
    /// The level the caller must have on a hit: View (1, the default), Edit (2) or Admin (4).
    pub permission: i64,
    /// Only dashboards the caller starred.
    pub starred: bool,
    /// Page size: 1000 when 0 or less, at most 5000.
    pub limit: i64,
    /// 1-based.
    pub page: i64,
    pub sort: SearchSort,
}

/// The folder a hit is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HitFolder {
    pub id: i64,
    pub uid: String,
    pub title: String,
    pub slug: String,
}

/// A search hit, for callers other than `/api/search` (which gets JSON).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub kind: HitKind,
    pub id: i64,
    pub uid: String,
    pub title: String,
    pub slug: String,
    /// Sorted.
    pub tags: Vec<String>,
    pub is_starred: bool,
    /// `None` at the root.
    pub folder: Option<HitFolder>,
}

impl DashboardService {
    /// Grafana's JSON answer to `/api/search`.
    pub async fn search(&self, caller: &Identity, query: &SearchQuery) -> Result<String> {
        let access = self.access(caller).await?;
        let index = access.index().read();
        let context = HitContext {
            org_id: caller.org_id,
            app_sub_url: &self.options().app_sub_url,
        };
        Ok(write_answer(
            &page(&access, &index, query),
            context,
            |uid| index.folders().get(uid),
            |uid| access.starred(uid),
        ))
    }

    /// The same search as [`DashboardService::search`], as hits.
    pub async fn search_hits(&self, caller: &Identity, query: &SearchQuery) -> Result<Vec<Hit>> {
        let access = self.access(caller).await?;
        let index = access.index().read();
        let folder_of = |uid: &str| {
            index.folders().get(uid).map(|folder| HitFolder {
                id: folder.id,
                uid: folder.uid.clone(),
                title: folder.title.clone(),
                slug: slugify(&folder.title),
            })
        };
        let hits = page(&access, &index, query)
            .into_iter()
            .map(|found| match found {
                Found::Folder(folder) => Hit {
                    kind: HitKind::Folder,
                    id: folder.id,
                    uid: folder.uid.clone(),
                    title: folder.title.clone(),
                    slug: slugify(&folder.title),
                    tags: Vec::new(),
                    is_starred: false,
                    folder: folder_of(&folder.parent_uid),
                },
                Found::Dashboard(dashboard) => Hit {
                    kind: HitKind::Dashboard,
                    id: dashboard.id,
                    uid: dashboard.uid.clone(),
                    title: dashboard.title.clone(),
                    slug: dashboard.slug.clone(),
                    tags: dashboard.tags.clone(),
                    is_starred: access.starred(&dashboard.uid),
                    folder: folder_of(&dashboard.folder_uid),
                },
            });
        Ok(hits.collect())
    }
}

/// The requested page of a search: matching folders, then dashboards scanned in title order
/// over the org's compact scan view until the page is full (only the rows carrying a wanted
/// tag, or in a wanted folder, are looked at).
fn page<'i>(access: &Access, index: &'i OrgIndex, query: &SearchQuery) -> Vec<Found<'i>> {
    let levels = access.levels(index);
    let min_level = query.permission.max(VIEW);
    let filter = Filter::new(query, index);
    let needle = query.query.to_lowercase();
    let limit = match query.limit {
        limit if limit <= 0 => DEFAULT_LIMIT,
        limit => limit.min(MAX_LIMIT),
    };
    let offset = usize::try_from((query.page.max(1) - 1).saturating_mul(limit)).unwrap_or(0);
    let limit = usize::try_from(limit).unwrap_or(0);
    let page_end = offset.saturating_add(limit);
    let descending = query.sort == SearchSort::AlphaDesc;

    let mut folders: Vec<Found<'_>> = Vec::new();
    let folders_wanted =
        query.kind != Some(HitKind::Dashboard) && !query.starred && query.tags.is_empty();
    if folders_wanted {
        folders.extend(
            index
                .folders()
                .values()
                .filter(|folder| folder.title_lower.contains(&needle))
                .filter(|folder| filter.in_folders(&folder.parent_uid))
                .filter(|folder| filter.uid_wanted(&folder.uid, folder.id))
                .filter(|folder| levels.folder(&folder.uid) >= min_level)
                .map(Found::Folder),
        );
        folders.sort_unstable_by_key(Found::key);
        if descending {
            folders.reverse();
        }
    }

    let mut dashboards: Vec<Found<'_>> = Vec::new();
    let view = index.scan_view();
    // A tag no dashboard carries matches nothing.
    let tags = view.tag_ids(&query.tags);
    if query.kind != Some(HitKind::Folder) && tags.is_some() {
        let entries = index.dashboards();
        let text = (!needle.is_empty()).then(|| view.text_matches(&needle));
        let folder_filter: Option<Vec<u32>> = filter.folders.as_ref().map(|uids| {
            uids.iter()
                .map(|uid| match *uid {
                    "" => ROOT,
                    uid => view.folder_id(uid).unwrap_or(NO_FOLDER),
                })
                .collect()
        });
        let tags = tags.unwrap_or_default();
        let folder_levels: Vec<i64> = view
            .folder_uids
            .iter()
            .map(|uid| levels.folder(uid))
            .collect();
        let matches = |position: usize| {
            let row = &view.rows[position];
            let dashboard = &entries[position];
            text.as_ref().is_none_or(|text| text[position])
                && folder_filter
                    .as_ref()
                    .is_none_or(|folders| folders.contains(&row.folder))
                && (tags.is_empty() || view.has_tags(row, &tags))
                && (!filter.by_uid() || filter.uid_wanted(&dashboard.uid, dashboard.id))
                && (!query.starred || access.starred(&dashboard.uid))
                && {
                    let folder_level = match row.folder {
                        ROOT => 0,
                        folder => folder_levels[folder as usize],
                    };
                    levels.dashboard_row(view.grants(row), folder_level) >= min_level
                }
        };
        let candidates = candidate_rows(&view, &tags, folder_filter.as_deref());
        let in_order: Box<dyn Iterator<Item = usize>> = match (&candidates, descending) {
            (Some(rows), false) => Box::new(rows.iter().map(|row| *row as usize)),
            (Some(rows), true) => Box::new(rows.iter().rev().map(|row| *row as usize)),
            (None, false) => Box::new(0..entries.len()),
            (None, true) => Box::new((0..entries.len()).rev()),
        };
        // Only the first `offset + limit` dashboards in title order can reach the page.
        dashboards.extend(
            in_order
                .filter(|position| matches(*position))
                .take(page_end)
                .map(|position| Found::Dashboard(&entries[position])),
        );
    }

    let hits = match query.sort {
        SearchSort::Default => {
            folders.extend(dashboards);
            folders
        }
        SearchSort::AlphaAsc | SearchSort::AlphaDesc => merge(folders, dashboards, descending),
    };
    hits.into_iter().skip(offset).take(limit).collect()
}

/// The rows a search needs to look at, in row order, when its filters narrow them down: those
/// carrying the rarest wanted tag, or those in the wanted folders; `None` means every row.
fn candidate_rows(view: &ScanView, tags: &[u32], folders: Option<&[u32]>) -> Option<Vec<u32>> {
    if let Some(rarest) = tags
        .iter()
        .map(|tag| view.rows_with_tag(*tag))
        .min_by_key(|rows| rows.len())
    {
        return Some(rarest.to_vec());
    }
    let folders = folders?;
    let mut rows: Vec<u32> = folders
        .iter()
        .flat_map(|folder| view.rows_in_folder(*folder).iter().copied())
        .collect();
    rows.sort_unstable();
    rows.dedup();
    Some(rows)
}

/// Two lists each in search order (or each reversed) merged into one.
fn merge<'a>(first: Vec<Found<'a>>, second: Vec<Found<'a>>, descending: bool) -> Vec<Found<'a>> {
    let mut merged = Vec::with_capacity(first.len() + second.len());
    let (mut first, mut second) = (first.into_iter().peekable(), second.into_iter().peekable());
    loop {
        let take_first = match (first.peek(), second.peek()) {
            (Some(a), Some(b)) => (a.key() <= b.key()) != descending,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => break,
        };
        let next = if take_first {
            first.next()
        } else {
            second.next()
        };
        merged.extend(next);
    }
    merged
}

/// The folder and uid filters of a query, with ids resolved to uids.
struct Filter<'q> {
    /// Parent folder uids (`""` is the root); `None`: any.
    folders: Option<Vec<&'q str>>,
    uids: &'q [String],
    ids: &'q [i64],
}

impl<'q> Filter<'q> {
    fn new(query: &'q SearchQuery, index: &'q OrgIndex) -> Filter<'q> {
        let mut folders: Vec<&str> = query
            .folder_uids
            .iter()
            .map(|uid| if uid == "general" { "" } else { uid.as_str() })
            .collect();
        for id in &query.folder_ids {
            if *id == 0 {
                folders.push("");
            } else if let Some(folder) = index.folders().values().find(|folder| folder.id == *id) {
                folders.push(folder.uid.as_str());
            }
        }
        let filtered = !query.folder_uids.is_empty() || !query.folder_ids.is_empty();
        Filter {
            // An unknown folder id still filters: it matches nothing.
            folders: filtered.then_some(folders),
            uids: &query.dashboard_uids,
            ids: &query.dashboard_ids,
        }
    }

    /// Whether a folder whose parent is `parent_uid` passes the folder filter.
    fn in_folders(&self, parent_uid: &str) -> bool {
        self.folders
            .as_ref()
            .is_none_or(|folders| folders.contains(&parent_uid))
    }

    /// Whether uids or ids narrow the search.
    fn by_uid(&self) -> bool {
        !self.uids.is_empty() || !self.ids.is_empty()
    }

    fn uid_wanted(&self, uid: &str, id: i64) -> bool {
        (self.uids.is_empty() && self.ids.is_empty())
            || self.uids.iter().any(|wanted| wanted == uid)
            || self.ids.contains(&id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::FolderEntry;

    fn folder(title: &str) -> FolderEntry {
        FolderEntry {
            id: 0,
            uid: title.to_lowercase(),
            parent_uid: String::new(),
            title: title.into(),
            title_lower: title.to_lowercase(),
            grants: Vec::new(),
            hit_head: Default::default(),
            child_tail: Default::default(),
        }
    }

    fn titles(hits: &[Found<'_>]) -> Vec<String> {
        hits.iter().map(|hit| hit.key().0.to_string()).collect()
    }

    #[test]
    fn merging_keeps_search_order_both_ways() {
        let (a, b, c, d) = (folder("A"), folder("b"), folder("C"), folder("d"));
        let ascending = merge(
            vec![Found::Folder(&a), Found::Folder(&d)],
            vec![Found::Folder(&b), Found::Folder(&c)],
            false,
        );
        assert_eq!(titles(&ascending), ["a", "b", "c", "d"]);
        let descending = merge(
            vec![Found::Folder(&d), Found::Folder(&a)],
            vec![Found::Folder(&c), Found::Folder(&b)],
            true,
        );
        assert_eq!(titles(&descending), ["d", "c", "b", "a"]);
        assert!(merge(Vec::new(), Vec::new(), false).is_empty());
    }

    #[test]
    fn unknown_sorts_are_ignored() {
        assert_eq!(SearchSort::parse("alpha-desc"), SearchSort::AlphaDesc);
        assert_eq!(SearchSort::parse("views-recently"), SearchSort::Default);
    }
}
