//! `/api/search`: folders and dashboards of the caller's org matching a query, tags, folders,
//! uids or stars, as Grafana's legacy search answers — and, beyond Grafana, the query also
//! matches panel titles and descriptions (`dashboard.search_text`, kept by every save).
//!
//! The query narrows the dashboards in SQL; the other filters, the access filter, sorting
//! and paging apply in memory over the org's matching rows (their ids, titles and tags, never
//! their JSON), which stays cheap for the thousands of dashboards an org holds.

use std::collections::{HashMap, HashSet};

use sightline_core::Identity;
use sightline_store::sqlx::{self, Row};

use crate::error::Result;
use crate::models::Folder;
use crate::{like_pattern, DashboardService};

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
    pub dashboard_uids: Vec<String>,
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
    pub async fn search(&self, caller: &Identity, query: &SearchQuery) -> Result<Vec<Hit>> {
        let access = self.access(caller).await?;
        let readable = access.readable_folder_filter();
        let folders = self.all_folders(caller.org_id).await?;
        let by_uid: HashMap<&str, &Folder> = folders
            .iter()
            .map(|folder| (folder.uid.as_str(), folder))
            .collect();
        let folder_filter: Vec<&str> = query
            .folder_uids
            .iter()
            .map(|uid| if uid == "general" { "" } else { uid.as_str() })
            .collect();
        let in_folders =
            |parent_uid: &str| folder_filter.is_empty() || folder_filter.contains(&parent_uid);
        let uid_wanted = |uid: &str| {
            query.dashboard_uids.is_empty()
                || query.dashboard_uids.iter().any(|wanted| wanted == uid)
        };
        let parent_of = |uid: &str| {
            by_uid.get(uid).map(|folder| HitFolder {
                id: folder.id,
                uid: folder.uid.clone(),
                title: folder.title.clone(),
                slug: folder.slug(),
            })
        };
        let mut hits = Vec::new();

        let folders_wanted =
            query.kind != Some(HitKind::Dashboard) && !query.starred && query.tags.is_empty();
        if folders_wanted {
            let needle = query.query.to_lowercase();
            hits.extend(
                folders
                    .iter()
                    .filter(|folder| folder.title.to_lowercase().contains(&needle))
                    .filter(|folder| in_folders(&folder.parent_uid) && uid_wanted(&folder.uid))
                    .filter(|folder| readable.allows_folder(&folder.uid))
                    .map(|folder| Hit {
                        kind: HitKind::Folder,
                        id: folder.id,
                        uid: folder.uid.clone(),
                        title: folder.title.clone(),
                        slug: folder.slug(),
                        tags: Vec::new(),
                        is_starred: false,
                        folder: parent_of(&folder.parent_uid),
                    }),
            );
        }

        if query.kind != Some(HitKind::Folder) {
            let starred: HashSet<String> = self.starred_uids(caller).await?.into_iter().collect();
            let mut tags = self.tags_by_dashboard(caller.org_id).await?;
            let pattern = like_pattern(&query.query);
            let select = self.store().sql(
                "SELECT id, uid, title, slug, folder_uid FROM dashboard WHERE org_id = ? \
                 AND (LOWER(title) LIKE ? ESCAPE '!' OR search_text LIKE ? ESCAPE '!')",
            );
            let rows = sqlx::query(select)
                .bind(caller.org_id)
                .bind(&pattern)
                .bind(&pattern)
                .fetch_all(self.store().pool())
                .await?;
            for row in rows {
                let id: i64 = row.try_get("id")?;
                let uid: String = row.try_get("uid")?;
                let folder_uid: String = row.try_get("folder_uid")?;
                let dashboard_tags = tags.remove(&id).unwrap_or_default();
                let is_starred = starred.contains(&uid);
                let wanted = in_folders(&folder_uid)
                    && uid_wanted(&uid)
                    && (!query.starred || is_starred)
                    && query.tags.iter().all(|tag| dashboard_tags.contains(tag))
                    && readable.allows_dashboard(&uid, &folder_uid);
                if !wanted {
                    continue;
                }
                hits.push(Hit {
                    kind: HitKind::Dashboard,
                    id,
                    title: row.try_get("title")?,
                    slug: row.try_get("slug")?,
                    tags: dashboard_tags,
                    is_starred,
                    folder: parent_of(&folder_uid),
                    uid,
                });
            }
        }

        sort_hits(&mut hits, query.sort);
        let limit = match query.limit {
            limit if limit <= 0 => DEFAULT_LIMIT,
            limit => limit.min(MAX_LIMIT),
        };
        let offset = (query.page.max(1) - 1).saturating_mul(limit);
        Ok(hits
            .into_iter()
            .skip(usize::try_from(offset).unwrap_or(usize::MAX))
            .take(limit as usize)
            .collect())
    }

    /// Tags of every dashboard of the org, each list sorted.
    async fn tags_by_dashboard(&self, org_id: i64) -> Result<HashMap<i64, Vec<String>>> {
        let select = self
            .store()
            .sql("SELECT dashboard_id, term FROM dashboard_tag WHERE org_id = ? ORDER BY term");
        let rows: Vec<(i64, String)> = sqlx::query_as(select)
            .bind(org_id)
            .fetch_all(self.store().pool())
            .await?;
        let mut tags: HashMap<i64, Vec<String>> = HashMap::new();
        for (dashboard_id, term) in rows {
            tags.entry(dashboard_id).or_default().push(term);
        }
        Ok(tags)
    }
}

fn sort_hits(hits: &mut [Hit], sort: SearchSort) {
    let by_title = |a: &Hit, b: &Hit| {
        a.title
            .to_lowercase()
            .cmp(&b.title.to_lowercase())
            .then_with(|| a.uid.cmp(&b.uid))
    };
    match sort {
        SearchSort::Default => hits.sort_by(|a, b| {
            let folders_first = (a.kind == HitKind::Dashboard).cmp(&(b.kind == HitKind::Dashboard));
            folders_first.then_with(|| by_title(a, b))
        }),
        SearchSort::AlphaAsc => hits.sort_by(by_title),
        SearchSort::AlphaDesc => hits.sort_by(|a, b| by_title(b, a)),
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
