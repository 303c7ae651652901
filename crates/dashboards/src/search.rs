//! `/api/search`: folders and dashboards of the caller's org matching a query, tags, folders,
//! uids or stars, as Grafana's legacy search answers — and, beyond Grafana, the query also
//! matches panel titles and descriptions (`dashboard.search_text`, kept by every save).
//!
//! Search reads the org's in-memory index (`index/`), already in title order, and stops as
//! soon as the requested page is full; only the caller's stars come from the database.

use sightline_core::Identity;

use crate::error::Result;
use crate::index::{OrgIndex, NO_FOLDER, ROOT};
use crate::naming::slugify;
use crate::permissions::VIEW;
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
    /// Folders, then dashboards scanned in title order over the org's compact scan view,
    /// until the page is full.
    pub async fn search(&self, caller: &Identity, query: &SearchQuery) -> Result<Vec<Hit>> {
        let access = self.access(caller).await?;
        let index = access.index().read();
        let levels = access.levels(&index);
        let min_level = query.permission.max(VIEW);
        let filter = Filter::new(query, &index);
        let needle = query.query.to_lowercase();
        let limit = match query.limit {
            limit if limit <= 0 => DEFAULT_LIMIT,
            limit => limit.min(MAX_LIMIT),
        };
        let offset = (query.page.max(1) - 1).saturating_mul(limit);
        let page_end = usize::try_from(offset.saturating_add(limit)).unwrap_or(usize::MAX);
        let parent_of = |uid: &str| {
            index.folders().get(uid).map(|folder| HitFolder {
                id: folder.id,
                uid: folder.uid.clone(),
                title: folder.title.clone(),
                slug: slugify(&folder.title),
            })
        };
        let mut hits = Vec::new();

        let folders_wanted =
            query.kind != Some(HitKind::Dashboard) && !query.starred && query.tags.is_empty();
        if folders_wanted {
            hits.extend(
                index
                    .folders()
                    .values()
                    .filter(|folder| folder.title_lower.contains(&needle))
                    .filter(|folder| filter.in_folders(&folder.parent_uid))
                    .filter(|folder| filter.uid_wanted(&folder.uid, folder.id))
                    .filter(|folder| levels.folder(&folder.uid) >= min_level)
                    .map(|folder| Hit {
                        kind: HitKind::Folder,
                        id: folder.id,
                        uid: folder.uid.clone(),
                        title: folder.title.clone(),
                        slug: slugify(&folder.title),
                        tags: Vec::new(),
                        is_starred: false,
                        folder: parent_of(&folder.parent_uid),
                    }),
            );
        }

        if query.kind != Some(HitKind::Folder) {
            let view = index.scan_view();
            let dashboards = index.dashboards();
            let text = (!needle.is_empty()).then(|| view.text_matches(&needle));
            let folders: Option<Vec<u32>> = filter.folders.as_ref().map(|uids| {
                uids.iter()
                    .map(|uid| match *uid {
                        "" => ROOT,
                        uid => view.folder_id(uid).unwrap_or(NO_FOLDER),
                    })
                    .collect()
            });
            // A tag no dashboard carries matches nothing.
            let tags = view.tag_ids(&query.tags);
            let folder_levels: Vec<i64> = view
                .folder_uids
                .iter()
                .map(|uid| levels.folder(uid))
                .collect();
            let matches = |position: usize| {
                let row = &view.rows[position];
                let dashboard = &dashboards[position];
                text.as_ref().is_none_or(|text| text[position])
                    && folders
                        .as_ref()
                        .is_none_or(|folders| folders.contains(&row.folder))
                    && tags
                        .as_ref()
                        .is_some_and(|tags| tags.is_empty() || view.has_tags(row, tags))
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
            let in_order: Box<dyn Iterator<Item = usize>> = if query.sort == SearchSort::AlphaDesc {
                Box::new((0..dashboards.len()).rev())
            } else {
                Box::new(0..dashboards.len())
            };
            // Only the first `offset + limit` dashboards in title order can reach the page.
            let matching = in_order
                .filter(|position| matches(*position))
                .take(page_end);
            hits.extend(matching.map(|position| {
                let dashboard = &dashboards[position];
                Hit {
                    kind: HitKind::Dashboard,
                    id: dashboard.id,
                    uid: dashboard.uid.clone(),
                    title: dashboard.title.clone(),
                    slug: dashboard.slug.clone(),
                    tags: dashboard.tags.clone(),
                    is_starred: access.starred(&dashboard.uid),
                    folder: parent_of(&dashboard.folder_uid),
                }
            }));
        }

        sort_hits(&mut hits, query.sort);
        Ok(hits
            .into_iter()
            .skip(usize::try_from(offset).unwrap_or(usize::MAX))
            .take(limit as usize)
            .collect())
    }
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

/// Orders hits by lowercased title (then uid), each key computed once.
fn sort_hits(hits: &mut [Hit], sort: SearchSort) {
    let by_title = |hit: &Hit| (hit.title.to_lowercase(), hit.uid.clone());
    match sort {
        SearchSort::Default => {
            hits.sort_by_cached_key(|hit| (hit.kind == HitKind::Dashboard, by_title(hit)))
        }
        SearchSort::AlphaAsc => hits.sort_by_cached_key(by_title),
        SearchSort::AlphaDesc => hits.sort_by_cached_key(|hit| std::cmp::Reverse(by_title(hit))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(kind: HitKind, title: &str) -> Hit {
        Hit {
            kind,
            id: 0,
            uid: title.to_lowercase(),
            title: title.into(),
            slug: String::new(),
            tags: Vec::new(),
            is_starred: false,
            folder: None,
        }
    }

    fn titles(hits: &[Hit]) -> Vec<&str> {
        hits.iter().map(|hit| hit.title.as_str()).collect()
    }

    #[test]
    fn default_order_puts_folders_first_then_titles_ignoring_case() {
        let mut hits = vec![
            hit(HitKind::Dashboard, "beta"),
            hit(HitKind::Folder, "Zeta"),
            hit(HitKind::Dashboard, "Alpha"),
            hit(HitKind::Folder, "a folder"),
        ];
        sort_hits(&mut hits, SearchSort::Default);
        assert_eq!(titles(&hits), ["a folder", "Zeta", "Alpha", "beta"]);
        sort_hits(&mut hits, SearchSort::AlphaAsc);
        assert_eq!(titles(&hits), ["a folder", "Alpha", "beta", "Zeta"]);
        sort_hits(&mut hits, SearchSort::AlphaDesc);
        assert_eq!(titles(&hits), ["Zeta", "beta", "Alpha", "a folder"]);
    }

    #[test]
    fn unknown_sorts_are_ignored() {
        assert_eq!(SearchSort::parse("alpha-desc"), SearchSort::AlphaDesc);
        assert_eq!(SearchSort::parse("views-recently"), SearchSort::Default);
    }
}
