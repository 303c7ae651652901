//! A compact, contiguous view of an org's dashboards for search to scan: rows in title
//! order holding small integers (folder, tag and grant positions), and every search text in
//! one buffer that a single substring search covers. Scanning 10 000 dashboards then reads a
//! few hundred KiB in order instead of chasing pointers through each entry.
//!
//! The view is built from the index on first use after a change and shared until the next.

use std::collections::HashMap;

use memchr::memmem;

use std::sync::Arc;

use super::model::{DashboardEntry, Grant};

/// The folder id of dashboards at the root.
pub(crate) const ROOT: u32 = u32::MAX;
/// A folder id no row has (an unknown folder in a filter).
pub(crate) const NO_FOLDER: u32 = u32::MAX - 1;

#[derive(Debug, Clone, Copy)]
pub(crate) struct Row {
    /// Dense folder id (see [`ScanView::folder_id`]), or [`ROOT`].
    pub folder: u32,
    tags_start: u32,
    tags_len: u32,
    grants_start: u32,
    grants_len: u32,
}

#[derive(Debug, Default)]
pub(crate) struct ScanView {
    pub rows: Vec<Row>,
    tag_pool: Vec<u32>,
    grant_pool: Vec<Grant>,
    /// Every row's search text followed by a NUL, in row order.
    text: Vec<u8>,
    /// Where each row's text ends in `text`.
    text_ends: Vec<usize>,
    tag_ids: HashMap<String, u32>,
    /// The rows carrying each tag, by tag id, in row order.
    tag_rows: Vec<Vec<u32>>,
    folder_ids: HashMap<String, u32>,
    /// The rows in each folder, by dense folder id, in row order; the last list is the root's.
    folder_rows: Vec<Vec<u32>>,
    /// Folder uids by dense id.
    pub folder_uids: Vec<String>,
}

impl ScanView {
    pub fn build<'a>(
        dashboards: &[Arc<DashboardEntry>],
        folder_uids: impl Iterator<Item = &'a str>,
    ) -> ScanView {
        let folder_uids: Vec<String> = folder_uids.map(str::to_string).collect();
        let mut view = ScanView {
            folder_ids: folder_uids
                .iter()
                .enumerate()
                .map(|(id, uid)| (uid.clone(), id as u32))
                .collect(),
            folder_rows: vec![Vec::new(); folder_uids.len() + 1],
            folder_uids,
            ..ScanView::default()
        };
        view.rows.reserve(dashboards.len());
        view.text_ends.reserve(dashboards.len());
        for (position, dashboard) in dashboards.iter().enumerate() {
            let position = position as u32;
            let tags_start = view.tag_pool.len() as u32;
            for tag in &dashboard.tags {
                let next = view.tag_ids.len() as u32;
                let id = *view.tag_ids.entry(tag.clone()).or_insert(next);
                if id == next {
                    view.tag_rows.push(Vec::new());
                }
                view.tag_rows[id as usize].push(position);
                view.tag_pool.push(id);
            }
            let grants_start = view.grant_pool.len() as u32;
            view.grant_pool.extend(dashboard.grants.iter().cloned());
            let folder = view.folder_id(&dashboard.folder_uid).unwrap_or(ROOT);
            let folder_slot = view.folder_slot(folder).unwrap_or(view.folder_uids.len());
            view.folder_rows[folder_slot].push(position);
            view.rows.push(Row {
                folder,
                tags_start,
                tags_len: dashboard.tags.len() as u32,
                grants_start,
                grants_len: dashboard.grants.len() as u32,
            });
            // A NUL ends each text, so no match spans two dashboards.
            view.text
                .extend(dashboard.search_text.bytes().filter(|byte| *byte != 0));
            view.text.push(0);
            view.text_ends.push(view.text.len());
        }
        view
    }

    /// The dense id of a folder; `None` for the root and unknown folders.
    pub fn folder_id(&self, uid: &str) -> Option<u32> {
        self.folder_ids.get(uid).copied()
    }

    /// Where a folder's rows are listed in `folder_rows`; `None` for [`NO_FOLDER`].
    fn folder_slot(&self, folder: u32) -> Option<usize> {
        match folder {
            ROOT => Some(self.folder_uids.len()),
            NO_FOLDER => None,
            folder => Some(folder as usize).filter(|slot| *slot < self.folder_uids.len()),
        }
    }

    /// The rows in `folder` (a dense id, [`ROOT`] or [`NO_FOLDER`]), in row order.
    pub fn rows_in_folder(&self, folder: u32) -> &[u32] {
        self.folder_slot(folder)
            .and_then(|slot| self.folder_rows.get(slot))
            .map_or(&[], Vec::as_slice)
    }

    /// The rows carrying the tag `tag` (an id from [`ScanView::tag_ids`]), in row order.
    pub fn rows_with_tag(&self, tag: u32) -> &[u32] {
        self.tag_rows.get(tag as usize).map_or(&[], Vec::as_slice)
    }

    /// The ids of all of `tags`; `None` when a tag is on no dashboard.
    pub fn tag_ids(&self, tags: &[String]) -> Option<Vec<u32>> {
        tags.iter()
            .map(|tag| self.tag_ids.get(tag).copied())
            .collect()
    }

    pub fn has_tags(&self, row: &Row, wanted: &[u32]) -> bool {
        let start = row.tags_start as usize;
        let tags = &self.tag_pool[start..start + row.tags_len as usize];
        wanted.iter().all(|tag| tags.contains(tag))
    }

    pub fn grants(&self, row: &Row) -> &[Grant] {
        let start = row.grants_start as usize;
        &self.grant_pool[start..start + row.grants_len as usize]
    }

    /// Which rows' search text contains `needle` (not empty, lowercased).
    pub fn text_matches(&self, needle: &str) -> Vec<bool> {
        let mut matches = vec![false; self.rows.len()];
        // Texts hold no NUL: a needle with one would only match across two of them.
        if needle.contains('\0') {
            return matches;
        }
        let finder = memmem::Finder::new(needle.as_bytes());
        let mut from = 0;
        while let Some(found) = finder.find(&self.text[from..]) {
            let position = from + found;
            // The row whose text holds `position`: the first that ends after it.
            let row = self.text_ends.partition_point(|end| *end <= position);
            let Some(slot) = matches.get_mut(row) else {
                break;
            };
            *slot = true;
            // Move on to the next row's text.
            from = self.text_ends[row];
        }
        matches
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(uid: &str, folder: &str, text: &str, tags: &[&str]) -> Arc<DashboardEntry> {
        Arc::new(DashboardEntry {
            id: 0,
            uid: uid.into(),
            title: text.into(),
            title_lower: text.into(),
            slug: String::new(),
            folder_uid: folder.into(),
            search_text: text.into(),
            tags: tags.iter().map(|tag| tag.to_string()).collect(),
            grants: Vec::new(),
            hit_head: Default::default(),
        })
    }

    #[test]
    fn text_matches_stay_within_one_dashboard() {
        let view = ScanView::build(
            &[
                entry("a", "", "alpha beta", &[]),
                entry("b", "", "gamma", &[]),
                entry("c", "", "beta\0gamma", &[]),
            ],
            std::iter::empty(),
        );
        assert_eq!(view.text_matches("beta"), [true, false, true]);
        assert_eq!(view.text_matches("gamma"), [false, true, true]);
        // The end of one text and the start of the next never make a match.
        assert_eq!(view.text_matches("betagamma"), [false, false, true]);
        assert_eq!(view.text_matches("a\0g"), [false, false, false]);
        assert_eq!(view.text_matches("zeta"), [false, false, false]);
    }

    #[test]
    fn tags_and_folders_become_small_ids() {
        let view = ScanView::build(
            &[
                entry("a", "f1", "a", &["x", "y"]),
                entry("b", "", "b", &["y"]),
            ],
            ["f0", "f1"].into_iter(),
        );
        assert_eq!(view.rows[0].folder, 1);
        assert_eq!(view.rows[1].folder, ROOT);
        let y = view.tag_ids(&["y".into()]).expect("known tag");
        let xy = view.tag_ids(&["x".into(), "y".into()]).expect("known tags");
        assert!(view.has_tags(&view.rows[0], &xy));
        assert!(!view.has_tags(&view.rows[1], &xy));
        assert!(view.has_tags(&view.rows[1], &y));
        assert!(view.tag_ids(&["z".into()]).is_none());
        assert_eq!(view.rows_with_tag(y[0]), [0, 1]);
        assert_eq!(view.rows_with_tag(xy[0]), [0]);
        assert_eq!(view.rows_in_folder(1), [0]);
        assert_eq!(view.rows_in_folder(0), [] as [u32; 0]);
        assert_eq!(view.rows_in_folder(ROOT), [1]);
        assert_eq!(view.rows_in_folder(NO_FOLDER), [] as [u32; 0]);
    }
}
