//! Annotations: text and tags marking a moment or a region of time, either of the whole org
//! (no dashboard) or of one dashboard, optionally of one of its panels.
//!
//! Who sees and writes them is [`crate::access`]'s decision: any caller of the org sees org
//! annotations; a dashboard's annotations are seen by those who may view the dashboard and
//! written by those with [`Access::can_write_dashboard_annotations`]. An annotation the caller
//! may not see reads as not found, as one of another org does.
//!
//! Times are epoch milliseconds, as Grafana's API has them; a region ends after it starts, a
//! moment ends when it starts. Tags are kept twice: as a JSON list in `annotation.tags` (what
//! is shown) and as `annotation_tag` rows (what filters and the tag cloud read).
//!
//! Listing narrows by org, time, dashboard, panel, user and type in SQL, newest first; the tag
//! filter (ids read from `annotation_tag`) and the access filter apply in memory over pages of
//! those rows until the limit is reached.

use std::collections::HashSet;

use serde_json::Value;
use sightline_core::Identity;
use sightline_store::sqlx::{self, any::AnyRow, Any, FromRow, Row};
use sightline_store::{now_epoch, Store};

use crate::access::DashboardRef;
use crate::error::{DashboardError, Result};
use crate::models::TagCount;
use crate::{like_pattern, Access, DashboardService};

/// Answers when the query asks for no limit, and the most it may ask for.
const DEFAULT_ANNOTATION_LIMIT: i64 = 100;
const MAX_ANNOTATION_LIMIT: i64 = 5000;
/// The longest tag list, as JSON text: Grafana's default `[annotations] tags_length`.
const MAX_TAGS_JSON_LENGTH: usize = 500;
/// The longest single tag, in characters: the size of `annotation_tag.term`.
const MAX_TAG_CHARS: usize = 190;

/// A stored annotation.
#[derive(Debug, Clone, PartialEq)]
pub struct Annotation {
    pub id: i64,
    pub org_id: i64,
    /// `""` for an org annotation.
    pub dashboard_uid: String,
    /// 0 for an org annotation.
    pub dashboard_id: i64,
    /// 0 when the annotation is of the whole dashboard.
    pub panel_id: i64,
    /// Who wrote it; 0 for an anonymous visitor.
    pub user_id: i64,
    /// The alert rule that wrote it; 0 for annotations written through the API.
    pub alert_id: i64,
    /// Start, epoch milliseconds.
    pub time: i64,
    /// End, epoch milliseconds; equal to `time` for a moment.
    pub time_end: i64,
    pub text: String,
    pub tags: Vec<String>,
    /// Free-form JSON the client attached; `Null` when none.
    pub data: Value,
    /// Epoch seconds.
    pub created: i64,
    pub updated: i64,
}

/// A new annotation. Without a dashboard it belongs to the org.
#[derive(Debug, Clone, Default)]
pub struct NewAnnotation {
    /// `""`: see `dashboard_id`.
    pub dashboard_uid: String,
    /// Grafana's deprecated numeric dashboard id, used when `dashboard_uid` is empty; 0: none.
    pub dashboard_id: i64,
    pub panel_id: i64,
    /// Epoch milliseconds; 0 means now.
    pub time: i64,
    /// Epoch milliseconds; 0 means a moment (`time`).
    pub time_end: i64,
    pub text: String,
    pub tags: Vec<String>,
    pub data: Option<Value>,
}

/// Changes to an annotation; `None` keeps a field. When only `time` is given, a moment moves
/// as a whole and a region keeps its end.
#[derive(Debug, Clone, Default)]
pub struct AnnotationChange {
    pub text: Option<String>,
    pub tags: Option<Vec<String>>,
    pub time: Option<i64>,
    pub time_end: Option<i64>,
    pub data: Option<Value>,
}

/// Which annotations an alert rule wrote, or which were written through the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnnotationKind {
    Alert,
    Annotation,
}

/// A search; zeros and empty values filter nothing.
#[derive(Debug, Clone, Default)]
pub struct AnnotationQuery {
    /// Epoch milliseconds: annotations whose `[time, time_end]` overlaps `[from, to]`.
    pub from: i64,
    pub to: i64,
    pub dashboard_uid: String,
    /// Used when `dashboard_uid` is empty.
    pub dashboard_id: i64,
    pub panel_id: i64,
    pub user_id: i64,
    pub alert_id: i64,
    pub kind: Option<AnnotationKind>,
    /// Annotations carrying all these tags, or any of them with `match_any`.
    pub tags: Vec<String>,
    pub match_any: bool,
    /// [`DEFAULT_ANNOTATION_LIMIT`] when 0 or less; at most 5000.
    pub limit: i64,
}

/// `SELECT` of an annotation with the dashboard it belongs to (by uid, or by id for rows
/// written with the id only), followed by the given clause.
macro_rules! select_annotation {
    ($clause:literal) => {
        concat!(
            "SELECT a.id, a.org_id, a.dashboard_uid, a.dashboard_id, a.panel_id, a.user_id, \
             a.alert_id, a.epoch, a.epoch_end, a.text, a.tags, a.data, a.created, a.updated, \
             d.uid AS board_uid, d.folder_uid AS board_folder_uid \
             FROM annotation a LEFT JOIN dashboard d ON d.org_id = a.org_id AND \
             ((a.dashboard_uid <> '' AND d.uid = a.dashboard_uid) OR \
             (a.dashboard_uid = '' AND a.dashboard_id <> 0 AND d.id = a.dashboard_id)) ",
            $clause
        )
    };
}

/// An annotation row with the dashboard it belongs to, if that dashboard exists.
struct StoredAnnotation {
    annotation: Annotation,
    /// `(uid, folder_uid)` of the dashboard.
    dashboard: Option<(String, String)>,
}

impl FromRow<'_, AnyRow> for StoredAnnotation {
    fn from_row(row: &AnyRow) -> sqlx::Result<Self> {
        let decode_error = |column: &str, error: serde_json::Error| sqlx::Error::ColumnDecode {
            index: column.into(),
            source: Box::new(error),
        };
        let tags = match sightline_store::long_text(row, "tags")? {
            Some(text) if !text.is_empty() => {
                serde_json::from_str(&text).map_err(|error| decode_error("tags", error))?
            }
            _ => Vec::new(),
        };
        let data = match sightline_store::long_text(row, "data")? {
            Some(text) if !text.is_empty() => {
                serde_json::from_str(&text).map_err(|error| decode_error("data", error))?
            }
            _ => Value::Null,
        };
        let board_uid: Option<String> = row.try_get("board_uid")?;
        let board_folder_uid: Option<String> = row.try_get("board_folder_uid")?;
        let mut annotation = Annotation {
            id: row.try_get("id")?,
            org_id: row.try_get("org_id")?,
            dashboard_uid: row.try_get("dashboard_uid")?,
            dashboard_id: row.try_get("dashboard_id")?,
            panel_id: row.try_get("panel_id")?,
            user_id: row.try_get("user_id")?,
            alert_id: row.try_get("alert_id")?,
            time: row.try_get("epoch")?,
            time_end: row.try_get("epoch_end")?,
            text: sightline_store::long_text(row, "text")?.unwrap_or_default(),
            tags,
            data,
            created: row.try_get("created")?,
            updated: row.try_get("updated")?,
        };
        // Rows written with the numeric id only show the uid of their dashboard.
        if annotation.dashboard_uid.is_empty() {
            if let Some(uid) = &board_uid {
                annotation.dashboard_uid = uid.clone();
            }
        }
        Ok(StoredAnnotation {
            annotation,
            dashboard: board_uid.map(|uid| (uid, board_folder_uid.unwrap_or_default())),
        })
    }
}

impl StoredAnnotation {
    fn is_org_annotation(&self) -> bool {
        self.annotation.dashboard_uid.is_empty() && self.annotation.dashboard_id == 0
    }

    fn dashboard_ref(&self) -> Option<DashboardRef<'_>> {
        self.dashboard
            .as_ref()
            .map(|(uid, folder_uid)| DashboardRef { uid, folder_uid })
    }

    /// Org annotations are seen by every org member with a role; an annotation of a dashboard
    /// that no longer exists by nobody.
    fn visible_to(&self, access: &Access) -> bool {
        if self.is_org_annotation() {
            return access.can_read_org_annotations();
        }
        self.dashboard_ref()
            .is_some_and(|dashboard| access.can_view_dashboard(dashboard))
    }

    fn writable_by(&self, access: &Access) -> bool {
        if self.is_org_annotation() {
            return access.can_write_org_annotations();
        }
        self.dashboard_ref()
            .is_some_and(|dashboard| access.can_write_dashboard_annotations(dashboard))
    }
}

const WRITE_DENIED: &str = "Access denied to save the annotation";

impl DashboardService {
    /// Annotations of the caller's org matching `query` that the caller may see, the latest
    /// ending first.
    pub async fn find_annotations(
        &self,
        caller: &Identity,
        query: &AnnotationQuery,
    ) -> Result<Vec<Annotation>> {
        if query.from < 0 || query.to < 0 {
            return Err(invalid(
                "from and to must be epoch milliseconds, not negative",
            ));
        }
        if query.from > 0 && query.to > 0 && query.from > query.to {
            return Err(invalid(format!(
                "from ({}) must not be after to ({})",
                query.from, query.to
            )));
        }
        let access = self.access(caller).await?;
        let dashboard_id =
            narrowed_dashboard_id(self.store(), caller.org_id, &access, query).await?;
        let tagged = match normalize_tags(query.tags.clone())? {
            tags if tags.is_empty() => None,
            tags => {
                let ids = tagged_ids(self.store(), caller.org_id, &tags, query.match_any).await?;
                if ids.is_empty() {
                    return Ok(Vec::new());
                }
                Some(ids)
            }
        };
        let limit = match query.limit {
            limit if limit <= 0 => DEFAULT_ANNOTATION_LIMIT,
            limit => limit.min(MAX_ANNOTATION_LIMIT),
        };
        let filter = RowFilter {
            org_id: caller.org_id,
            dashboard_id,
            query,
        };
        let page_rows = limit.max(DEFAULT_ANNOTATION_LIMIT);
        let mut found = Vec::new();
        let mut seen = HashSet::new();
        let mut offset = 0;
        loop {
            let page = filter.page(self.store(), offset, page_rows).await?;
            let last_page = (page.len() as i64) < page_rows;
            for stored in page {
                let id = stored.annotation.id;
                let wanted = tagged.as_ref().is_none_or(|ids| ids.contains(&id))
                    && stored.visible_to(&access)
                    // A row written in between may shift a page; never answer it twice.
                    && seen.insert(id);
                if wanted {
                    found.push(stored.annotation);
                    if found.len() as i64 == limit {
                        return Ok(found);
                    }
                }
            }
            if last_page {
                return Ok(found);
            }
            offset += page_rows;
        }
    }

    /// One annotation of the caller's org that the caller may see.
    pub async fn get_annotation(&self, caller: &Identity, id: i64) -> Result<Annotation> {
        let access = self.access(caller).await?;
        Ok(self
            .visible_annotation(caller, &access, id)
            .await?
            .annotation)
    }

    async fn visible_annotation(
        &self,
        caller: &Identity,
        access: &Access,
        id: i64,
    ) -> Result<StoredAnnotation> {
        let select = self
            .store()
            .sql(select_annotation!("WHERE a.org_id = ? AND a.id = ?"));
        let stored: Option<StoredAnnotation> = sqlx::query_as(select)
            .bind(caller.org_id)
            .bind(id)
            .fetch_optional(self.store().pool())
            .await?;
        match stored {
            Some(stored) if stored.visible_to(access) => Ok(stored),
            _ => Err(DashboardError::AnnotationNotFound),
        }
    }

    /// Writes an annotation of the org, or of a dashboard the caller may annotate; returns its id.
    pub async fn create_annotation(&self, caller: &Identity, new: NewAnnotation) -> Result<i64> {
        require_text(&new.text)?;
        let time = match new.time {
            0 => now_millis(),
            time => time,
        };
        let time_end = match new.time_end {
            0 => time,
            time_end => time_end,
        };
        check_time_range(time, time_end)?;
        check_panel(new.panel_id)?;
        let tags = normalize_tags(new.tags)?;
        let access = self.access(caller).await?;
        let (dashboard_id, dashboard_uid) = match (new.dashboard_uid.as_str(), new.dashboard_id) {
            ("", 0) => {
                if !access.can_write_org_annotations() {
                    return Err(DashboardError::AccessDenied(WRITE_DENIED));
                }
                (0, String::new())
            }
            (requested_uid, requested_id) => {
                let found = match requested_uid {
                    "" => dashboard_by_id(self.store(), caller.org_id, requested_id).await?,
                    _ => dashboard_by_uid(self.store(), caller.org_id, requested_uid).await?,
                };
                let Some((found_id, found_uid, folder_uid)) = found else {
                    return Err(unknown_dashboard(requested_uid, requested_id));
                };
                let dashboard = DashboardRef {
                    uid: &found_uid,
                    folder_uid: &folder_uid,
                };
                if !access.can_view_dashboard(dashboard) {
                    return Err(unknown_dashboard(requested_uid, requested_id));
                }
                if !access.can_write_dashboard_annotations(dashboard) {
                    return Err(DashboardError::AccessDenied(WRITE_DENIED));
                }
                (found_id, found_uid)
            }
        };
        let now = now_epoch();
        let store = self.store();
        let mut tx = store.begin().await?;
        let insert = store.insert_sql(
            "INSERT INTO annotation (org_id, dashboard_uid, dashboard_id, panel_id, user_id, \
             alert_id, epoch, epoch_end, text, tags, data, created, updated) \
             VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?)",
        );
        let query = sqlx::query(insert)
            .bind(caller.org_id)
            .bind(dashboard_uid)
            .bind(dashboard_id)
            .bind(new.panel_id)
            .bind(caller.user_id.max(0))
            .bind(time)
            .bind(time_end)
            .bind(new.text)
            .bind(serde_json::to_string(&tags)?)
            .bind(new.data.map(|data| data.to_string()))
            .bind(now)
            .bind(now);
        let id = store.insert(&mut *tx, query).await?;
        insert_tags(store, &mut tx, id, &tags).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Changes an annotation the caller may write.
    pub async fn update_annotation(
        &self,
        caller: &Identity,
        id: i64,
        change: AnnotationChange,
    ) -> Result<()> {
        if let Some(text) = &change.text {
            require_text(text)?;
        }
        let tags = change.tags.map(normalize_tags).transpose()?;
        let access = self.access(caller).await?;
        let stored = self.visible_annotation(caller, &access, id).await?;
        if !stored.writable_by(&access) {
            return Err(DashboardError::AccessDenied(WRITE_DENIED));
        }
        let current = stored.annotation;
        let time = change.time.unwrap_or(current.time);
        let time_end = match change.time_end {
            Some(time_end) => time_end,
            None if current.time == current.time_end => time,
            None => current.time_end,
        };
        check_time_range(time, time_end)?;
        let text = change.text.unwrap_or(current.text);
        let data = match change.data {
            Some(data) => data,
            None => current.data,
        };
        let store = self.store();
        let mut tx = store.begin().await?;
        let update = store.sql(
            "UPDATE annotation SET epoch = ?, epoch_end = ?, text = ?, tags = ?, data = ?, \
             updated = ? WHERE org_id = ? AND id = ?",
        );
        let stored_tags = tags.as_ref().unwrap_or(&current.tags);
        sqlx::query(update)
            .bind(time)
            .bind(time_end)
            .bind(text)
            .bind(serde_json::to_string(stored_tags)?)
            .bind((!data.is_null()).then(|| data.to_string()))
            .bind(now_epoch())
            .bind(caller.org_id)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if let Some(tags) = &tags {
            delete_tags(store, &mut tx, id).await?;
            insert_tags(store, &mut tx, id, tags).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Deletes an annotation the caller may write.
    pub async fn delete_annotation(&self, caller: &Identity, id: i64) -> Result<()> {
        let access = self.access(caller).await?;
        let stored = self.visible_annotation(caller, &access, id).await?;
        if !stored.writable_by(&access) {
            return Err(DashboardError::AccessDenied(WRITE_DENIED));
        }
        let store = self.store();
        let mut tx = store.begin().await?;
        delete_tags(store, &mut tx, id).await?;
        sqlx::query(store.sql("DELETE FROM annotation WHERE org_id = ? AND id = ?"))
            .bind(caller.org_id)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Tags of the org's annotations containing `needle` (any case), with how many annotations
    /// carry each, by tag; at most `limit` (100 when 0 or less).
    pub async fn annotation_tags(
        &self,
        caller: &Identity,
        needle: &str,
        limit: i64,
    ) -> Result<Vec<TagCount>> {
        let limit = match limit {
            limit if limit <= 0 => DEFAULT_ANNOTATION_LIMIT,
            limit => limit.min(MAX_ANNOTATION_LIMIT),
        };
        let select = self.store().sql(
            "SELECT t.term, COUNT(*) AS count FROM annotation_tag t \
             JOIN annotation a ON a.id = t.annotation_id \
             WHERE a.org_id = ? AND LOWER(t.term) LIKE ? ESCAPE '!' \
             GROUP BY t.term ORDER BY t.term LIMIT ?",
        );
        let rows = sqlx::query(select)
            .bind(caller.org_id)
            .bind(like_pattern(needle.trim()))
            .bind(limit)
            .fetch_all(self.store().pool())
            .await?;
        rows.iter()
            .map(|row| {
                Ok(TagCount {
                    term: row.try_get("term")?,
                    count: row.try_get("count")?,
                })
            })
            .collect()
    }
}

/// The id of the dashboard a query is narrowed to (0: none). Naming a dashboard that does
/// not exist, or that the caller may not view, is a bad request, as in Grafana.
async fn narrowed_dashboard_id(
    store: &Store,
    org_id: i64,
    access: &Access,
    query: &AnnotationQuery,
) -> Result<i64> {
    let dashboard = match (query.dashboard_uid.as_str(), query.dashboard_id) {
        ("", 0) => return Ok(0),
        ("", id) => dashboard_by_id(store, org_id, id).await?,
        (uid, _) => dashboard_by_uid(store, org_id, uid).await?,
    };
    match dashboard {
        Some((id, uid, folder_uid))
            if access.can_view_dashboard(DashboardRef {
                uid: &uid,
                folder_uid: &folder_uid,
            }) =>
        {
            Ok(id)
        }
        _ => Err(unknown_dashboard(
            query.dashboard_uid.as_str(),
            query.dashboard_id,
        )),
    }
}

/// What SQL narrows a search by: everything but tags and access.
struct RowFilter<'a> {
    org_id: i64,
    /// The resolved dashboard of the query; 0: any.
    dashboard_id: i64,
    query: &'a AnnotationQuery,
}

impl RowFilter<'_> {
    /// One page of matching rows, the latest ending first.
    async fn page(&self, store: &Store, offset: i64, rows: i64) -> Result<Vec<StoredAnnotation>> {
        let query = self.query;
        let kind = match query.kind {
            None => 0,
            Some(AnnotationKind::Alert) => 1,
            Some(AnnotationKind::Annotation) => 2,
        };
        // `? = 0 OR …` switches a filter off without a second statement.
        let select = store.sql(select_annotation!(
            "WHERE a.org_id = ? \
             AND (? = 0 OR a.dashboard_id = ? OR d.id = ?) \
             AND (? = 0 OR a.panel_id = ?) AND (? = 0 OR a.user_id = ?) \
             AND (? = 0 OR a.alert_id = ?) \
             AND (? = 0 OR a.epoch_end >= ?) AND (? = 0 OR a.epoch <= ?) \
             AND (? = 0 OR (? = 1 AND a.alert_id > 0) OR (? = 2 AND a.alert_id = 0)) \
             ORDER BY a.epoch_end DESC, a.epoch DESC, a.id DESC LIMIT ? OFFSET ?"
        ));
        Ok(sqlx::query_as(select)
            .bind(self.org_id)
            .bind(self.dashboard_id)
            .bind(self.dashboard_id)
            .bind(self.dashboard_id)
            .bind(query.panel_id)
            .bind(query.panel_id)
            .bind(query.user_id)
            .bind(query.user_id)
            .bind(query.alert_id)
            .bind(query.alert_id)
            .bind(query.from)
            .bind(query.from)
            .bind(query.to)
            .bind(query.to)
            .bind(kind)
            .bind(kind)
            .bind(kind)
            .bind(rows)
            .bind(offset)
            .fetch_all(store.pool())
            .await?)
    }
}

/// Ids of the org's annotations carrying all of `tags`, or any of them.
async fn tagged_ids(
    store: &Store,
    org_id: i64,
    tags: &[String],
    match_any: bool,
) -> Result<HashSet<i64>> {
    let select = store.sql(
        "SELECT t.annotation_id FROM annotation_tag t JOIN annotation a \
         ON a.id = t.annotation_id WHERE a.org_id = ? AND t.term = ?",
    );
    let mut matching: Option<HashSet<i64>> = None;
    for tag in tags {
        let ids: Vec<i64> = sqlx::query_scalar(select)
            .bind(org_id)
            .bind(tag.clone())
            .fetch_all(store.pool())
            .await?;
        let ids: HashSet<i64> = ids.into_iter().collect();
        matching = Some(match matching {
            None => ids,
            Some(so_far) if match_any => so_far.union(&ids).copied().collect(),
            Some(so_far) => so_far.intersection(&ids).copied().collect(),
        });
    }
    Ok(matching.unwrap_or_default())
}

/// `(id, uid, folder_uid)` of a dashboard of the org.
pub(crate) async fn dashboard_by_uid(
    store: &Store,
    org_id: i64,
    uid: &str,
) -> Result<Option<(i64, String, String)>> {
    let select =
        store.sql("SELECT id, uid, folder_uid FROM dashboard WHERE org_id = ? AND uid = ?");
    Ok(sqlx::query_as(select)
        .bind(org_id)
        .bind(uid.to_string())
        .fetch_optional(store.pool())
        .await?)
}

pub(crate) async fn dashboard_by_id(
    store: &Store,
    org_id: i64,
    id: i64,
) -> Result<Option<(i64, String, String)>> {
    let select = store.sql("SELECT id, uid, folder_uid FROM dashboard WHERE org_id = ? AND id = ?");
    Ok(sqlx::query_as(select)
        .bind(org_id)
        .bind(id)
        .fetch_optional(store.pool())
        .await?)
}

async fn insert_tags(
    store: &Store,
    tx: &mut sqlx::Transaction<'static, Any>,
    annotation_id: i64,
    tags: &[String],
) -> Result<()> {
    let insert = store.sql("INSERT INTO annotation_tag (annotation_id, term) VALUES (?, ?)");
    for tag in tags {
        sqlx::query(insert)
            .bind(annotation_id)
            .bind(tag.clone())
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

async fn delete_tags(
    store: &Store,
    tx: &mut sqlx::Transaction<'static, Any>,
    annotation_id: i64,
) -> Result<()> {
    sqlx::query(store.sql("DELETE FROM annotation_tag WHERE annotation_id = ?"))
        .bind(annotation_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

fn invalid(message: impl Into<String>) -> DashboardError {
    DashboardError::Invalid(message.into())
}

fn unknown_dashboard(uid: &str, id: i64) -> DashboardError {
    if uid.is_empty() {
        invalid(format!(
            "invalid dashboard ID in annotation request: no dashboard {id}"
        ))
    } else {
        invalid(format!(
            "invalid dashboard UID in annotation request: no dashboard {uid:?}"
        ))
    }
}

fn require_text(text: &str) -> Result<()> {
    if text.trim().is_empty() {
        return Err(invalid("text field should not be empty"));
    }
    Ok(())
}

fn check_time_range(time: i64, time_end: i64) -> Result<()> {
    if time < 0 || time_end < 0 {
        return Err(invalid(
            "time and timeEnd must be epoch milliseconds, not negative",
        ));
    }
    if time_end < time {
        return Err(invalid(format!(
            "timeEnd ({time_end}) must not be before time ({time})"
        )));
    }
    Ok(())
}

fn check_panel(panel_id: i64) -> Result<()> {
    if panel_id < 0 {
        return Err(invalid(format!(
            "panelId must not be negative, got {panel_id}"
        )));
    }
    Ok(())
}

/// Trims tags, drops empty ones and repeats (the first stays), and checks their size.
fn normalize_tags(tags: Vec<String>) -> Result<Vec<String>> {
    let mut seen = HashSet::new();
    let mut normalized = Vec::new();
    for tag in tags {
        let tag = tag.trim();
        if tag.is_empty() || !seen.insert(tag.to_string()) {
            continue;
        }
        if tag.chars().count() > MAX_TAG_CHARS {
            return Err(invalid(format!(
                "tag {:?}… is longer than {MAX_TAG_CHARS} characters",
                tag.chars().take(20).collect::<String>()
            )));
        }
        normalized.push(tag.to_string());
    }
    let length = serde_json::to_string(&normalized)?.len();
    if length > MAX_TAGS_JSON_LENGTH {
        return Err(invalid(format!(
            "tags length ({length}) exceeds the maximum allowed ({MAX_TAGS_JSON_LENGTH})"
        )));
    }
    Ok(normalized)
}

fn now_millis() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_millis() as i64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(list: &[&str]) -> Vec<String> {
        list.iter().map(|tag| tag.to_string()).collect()
    }

    #[test]
    fn tags_are_trimmed_deduplicated_and_blank_ones_dropped() {
        let tags = normalize_tags(strings(&[" deploy ", "", "deploy", "  ", "api", "Deploy"]));
        assert_eq!(tags.unwrap(), ["deploy", "api", "Deploy"]);
    }

    #[test]
    fn oversized_tags_are_refused() {
        let long = "x".repeat(MAX_TAG_CHARS + 1);
        assert!(normalize_tags(vec![long]).is_err());
        let longest = "é".repeat(MAX_TAG_CHARS);
        assert!(normalize_tags(vec![longest.clone()]).is_ok());
        assert!(
            normalize_tags(vec![longest.clone(), format!("{longest}2")]).is_err(),
            "the json length counts bytes"
        );
        let many: Vec<String> = (0..100).map(|n| format!("tag-{n}")).collect();
        assert!(matches!(
            normalize_tags(many),
            Err(DashboardError::Invalid(message)) if message.starts_with("tags length")
        ));
        assert_eq!(normalize_tags(strings(&["a"; 3])).unwrap(), ["a"]);
    }

    #[test]
    fn a_region_may_not_end_before_it_starts() {
        assert!(check_time_range(10, 10).is_ok());
        assert!(check_time_range(10, 20).is_ok());
        assert!(check_time_range(20, 10).is_err());
        assert!(check_time_range(-1, 10).is_err());
    }

    #[test]
    fn text_must_say_something() {
        assert!(require_text("deployed").is_ok());
        assert!(require_text("").is_err());
        assert!(require_text(" \n").is_err());
    }
}
