//! `/api/search`: folders and dashboards of the caller's org matching a query, tags, folders,
//! uids or stars, as Grafana's legacy search answers — and, beyond Grafana, the query also
//! matches panel titles and descriptions (`dashboard.search_text`, kept by every save).
//!
//! The query narrows the dashboards in SQL; the other filters, the access filter, sorting
//! and paging apply in memory over the org's matching rows (their ids, titles and tags, never
//! their JSON), which stays cheap for the thousands of dashboards an org holds.

use std::collections::{HashMap, HashSet};

use sightline_core::Identity;
use sightline_store::sqlx;

use crate::access::ReadableFilter;
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

        let limit = match query.limit {
            limit if limit <= 0 => DEFAULT_LIMIT,
            limit => limit.min(MAX_LIMIT),
        };
        let offset = (query.page.max(1) - 1).saturating_mul(limit);
        let dashboards_wanted =
            query.kind != Some(HitKind::Folder) && readable != ReadableFilter::Nothing;
        if dashboards_wanted {
            let starred = self.starred_set(caller).await?;
            // Only the first `offset + limit` dashboards in sort order can reach the page.
            let rows = self
                .matching_dashboards(caller, query, &folder_filter, offset.saturating_add(limit))
                .await?;
            let ids: Vec<i64> = rows.iter().map(|row| row.id).collect();
            let mut tags = self.tags_of(&ids).await?;
            for row in rows {
                if !readable.allows_dashboard(&row.uid, &row.folder_uid) {
                    continue;
                }
                hits.push(Hit {
                    kind: HitKind::Dashboard,
                    id: row.id,
                    is_starred: starred.contains(&row.uid),
                    tags: tags.remove(&row.id).unwrap_or_default(),
                    folder: parent_of(&row.folder_uid),
                    title: row.title,
                    slug: row.slug,
                    uid: row.uid,
                });
            }
        }

        sort_hits(&mut hits, query.sort);
        Ok(hits
            .into_iter()
            .skip(usize::try_from(offset).unwrap_or(usize::MAX))
            .take(limit as usize)
            .collect())
    }

    /// Dashboards matching every filter of `query`, in its sort order, at most `max_rows`.
    /// Filters, order and limit run in SQL so a search reads only the rows it may return.
    async fn matching_dashboards(
        &self,
        caller: &Identity,
        query: &SearchQuery,
        folder_filter: &[&str],
        max_rows: i64,
    ) -> Result<Vec<DashboardRow>> {
        let mut sql = String::from(
            "SELECT d.id, d.uid, d.title, d.slug, d.folder_uid FROM dashboard d WHERE d.org_id = ?",
        );
        let mut texts: Vec<String> = Vec::new();
        if !query.query.is_empty() {
            // `search_text` starts with the lowercased title.
            sql.push_str(" AND COALESCE(d.search_text, LOWER(d.title)) LIKE ? ESCAPE '!'");
            texts.push(like_pattern(&query.query));
        }
        push_in_list(&mut sql, "d.folder_uid", folder_filter.len());
        texts.extend(folder_filter.iter().map(|uid| uid.to_string()));
        push_in_list(&mut sql, "d.uid", query.dashboard_uids.len());
        texts.extend(query.dashboard_uids.iter().cloned());
        let mut distinct_tags: Vec<&String> = query.tags.iter().collect();
        distinct_tags.sort();
        distinct_tags.dedup();
        for tag in distinct_tags {
            sql.push_str(
                " AND EXISTS (SELECT 1 FROM dashboard_tag t WHERE t.dashboard_id = d.id AND t.term = ?)",
            );
            texts.push(tag.clone());
        }
        if query.starred {
            sql.push_str(
                " AND d.uid IN (SELECT s.dashboard_uid FROM star s WHERE s.org_id = d.org_id AND s.user_id = ?)",
            );
        }
        // Byte order of the lowercased title, as `sort_hits` compares (PostgreSQL's default
        // collation would order differently).
        let collate = if self.store().dialect() == sightline_store::Dialect::Postgres {
            " COLLATE \"C\""
        } else {
            ""
        };
        let direction = if query.sort == SearchSort::AlphaDesc {
            "DESC"
        } else {
            "ASC"
        };
        sql.push_str(&format!(
            " ORDER BY LOWER(d.title){collate} {direction}, d.uid {direction} LIMIT ?"
        ));
        let rendered = self.store().render(&sql);
        let mut select = sqlx::query_as::<_, (i64, String, String, String, String)>(&rendered)
            .bind(caller.org_id);
        for text in texts {
            select = select.bind(text);
        }
        if query.starred {
            select = select.bind(caller.user_id);
        }
        let rows = select.bind(max_rows).fetch_all(self.store().pool()).await?;
        Ok(rows
            .into_iter()
            .map(|(id, uid, title, slug, folder_uid)| DashboardRow {
                id,
                uid,
                title,
                slug,
                folder_uid,
            })
            .collect())
    }

    /// The uids the caller starred, as a set (no join: stars of deleted dashboards match
    /// nothing anyway).
    async fn starred_set(&self, caller: &Identity) -> Result<HashSet<String>> {
        if caller.user_id <= 0 {
            return Ok(HashSet::new());
        }
        let select = self
            .store()
            .sql("SELECT dashboard_uid FROM star WHERE org_id = ? AND user_id = ?");
        let uids: Vec<String> = sqlx::query_scalar(select)
            .bind(caller.org_id)
            .bind(caller.user_id)
            .fetch_all(self.store().pool())
            .await?;
        Ok(uids.into_iter().collect())
    }

    /// Tags of the given dashboards, each list sorted.
    async fn tags_of(&self, dashboard_ids: &[i64]) -> Result<HashMap<i64, Vec<String>>> {
        let mut tags: HashMap<i64, Vec<String>> = HashMap::new();
        if dashboard_ids.is_empty() {
            return Ok(tags);
        }
        let mut sql = String::from("SELECT dashboard_id, term FROM dashboard_tag WHERE 1 = 1");
        push_in_list(&mut sql, "dashboard_id", dashboard_ids.len());
        sql.push_str(" ORDER BY term");
        let rendered = self.store().render(&sql);
        let mut select = sqlx::query_as::<_, (i64, String)>(&rendered);
        for id in dashboard_ids {
            select = select.bind(*id);
        }
        for (dashboard_id, term) in select.fetch_all(self.store().pool()).await? {
            tags.entry(dashboard_id).or_default().push(term);
        }
        Ok(tags)
    }
}

struct DashboardRow {
    id: i64,
    uid: String,
    title: String,
    slug: String,
    folder_uid: String,
}

/// Appends ` AND column IN (?, …)` for `count` values; nothing when `count` is 0.
fn push_in_list(sql: &mut String, column: &str, count: usize) {
    if count == 0 {
        return;
    }
    let placeholders = vec!["?"; count].join(", ");
    sql.push_str(&format!(" AND {column} IN ({placeholders})"));
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
