//! Reading Grafana's dashboard JSON: the few fields the server stores beside the document
//! (title, tags, schema version), the panel text search looks in, and the shape checks a
//! dashboard must pass before it is saved. Everything else in the JSON is kept as it came.

use serde_json::{Map, Value};

use crate::error::{DashboardError, Result};

/// Titles and tags live in indexed columns of at most this many characters.
pub const MAX_NAME_CHARS: usize = 190;

/// The dashboard object, refusing anything else.
pub fn as_object(dashboard: &Value) -> Result<&Map<String, Value>> {
    dashboard.as_object().ok_or_else(|| {
        DashboardError::Invalid("bad request data: dashboard must be a JSON object".into())
    })
}

/// Checks what the server relies on: an object whose `panels`, when present, is a list.
pub fn check_shape(dashboard: &Value) -> Result<()> {
    let object = as_object(dashboard)?;
    match object.get("panels") {
        None | Some(Value::Null) | Some(Value::Array(_)) => Ok(()),
        Some(_) => Err(DashboardError::Invalid(
            "bad request data: dashboard panels must be an array".into(),
        )),
    }
}

/// The trimmed title; empty, missing or not a string is refused as Grafana does.
pub fn title(dashboard: &Value) -> Result<String> {
    let title = dashboard
        .get("title")
        .and_then(Value::as_str)
        .map(str::trim)
        .unwrap_or_default();
    if title.is_empty() {
        return Err(DashboardError::TitleEmpty);
    }
    if title.chars().count() > MAX_NAME_CHARS {
        return Err(DashboardError::TitleTooLong {
            max: MAX_NAME_CHARS,
        });
    }
    Ok(title.to_string())
}

/// The distinct, trimmed, non-empty string tags, in order of appearance.
pub fn tags(dashboard: &Value) -> Result<Vec<String>> {
    let mut tags: Vec<String> = Vec::new();
    let listed = dashboard.get("tags").and_then(Value::as_array);
    for tag in listed.into_iter().flatten().filter_map(Value::as_str) {
        let tag = tag.trim();
        if tag.is_empty() || tags.iter().any(|known| known == tag) {
            continue;
        }
        if tag.chars().count() > MAX_NAME_CHARS {
            return Err(DashboardError::Invalid(format!(
                "dashboard tag {:?} is longer than {MAX_NAME_CHARS} characters",
                tag.chars().take(40).collect::<String>()
            )));
        }
        tags.push(tag.to_string());
    }
    Ok(tags)
}

/// `schemaVersion`, 0 when absent (the oldest dashboards have none).
pub fn schema_version(dashboard: &Value) -> i64 {
    dashboard
        .get("schemaVersion")
        .and_then(Value::as_i64)
        .unwrap_or(0)
}

/// The `id`, `uid` and `version` the server owns, written into the document.
pub fn stamp(dashboard: &mut Value, id: i64, uid: &str, version: i64) {
    if let Some(object) = dashboard.as_object_mut() {
        object.insert("id".into(), Value::from(id));
        object.insert("uid".into(), Value::from(uid));
        object.insert("version".into(), Value::from(version));
    }
}

/// What `/api/search` matches `query` against besides the title: the lowercased title, then
/// the title and description of every panel, including panels of collapsed rows (nested in
/// the row panel) and of the pre-5.0 `rows` layout, one per line.
pub fn search_text(dashboard: &Value, title: &str) -> String {
    let mut lines = vec![title.to_lowercase()];
    collect_panel_text(dashboard.get("panels"), &mut lines);
    // A legacy row is shaped like a row panel: a title and its `panels`.
    collect_panel_text(dashboard.get("rows"), &mut lines);
    lines.join("\n")
}

fn collect_panel_text(panels: Option<&Value>, lines: &mut Vec<String>) {
    let Some(Value::Array(panels)) = panels else {
        return;
    };
    for panel in panels {
        for field in ["title", "description"] {
            if let Some(text) = panel.get(field).and_then(Value::as_str) {
                let text = text.trim();
                if !text.is_empty() {
                    lines.push(text.to_lowercase());
                }
            }
        }
        collect_panel_text(panel.get("panels"), lines);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn titles_are_trimmed_and_required() {
        assert_eq!(title(&json!({ "title": "  CPU  " })).unwrap(), "CPU");
        for missing in [json!({}), json!({ "title": " " }), json!({ "title": 3 })] {
            assert!(matches!(title(&missing), Err(DashboardError::TitleEmpty)));
        }
        let long = json!({ "title": "x".repeat(191) });
        assert!(matches!(
            title(&long),
            Err(DashboardError::TitleTooLong { .. })
        ));
    }

    #[test]
    fn panels_must_be_a_list_when_present() {
        assert!(check_shape(&json!({ "panels": [] })).is_ok());
        assert!(check_shape(&json!({})).is_ok());
        assert!(check_shape(&json!({ "panels": {} })).is_err());
        assert!(check_shape(&json!({ "panels": "x" })).is_err());
        assert!(check_shape(&json!([])).is_err());
    }

    #[test]
    fn tags_are_distinct_trimmed_strings() {
        let dashboard = json!({ "tags": ["a", " b ", "a", "", 3, "c"] });
        assert_eq!(tags(&dashboard).unwrap(), vec!["a", "b", "c"]);
        assert!(tags(&json!({ "tags": "a" })).unwrap().is_empty());
    }

    #[test]
    fn search_text_covers_nested_and_legacy_panels() {
        let dashboard = json!({
            "panels": [
                { "title": "Requests", "description": "Per Second" },
                { "type": "row", "title": "Details", "collapsed": true,
                  "panels": [{ "title": "Hidden Latency" }] }
            ],
            "rows": [{ "title": "Old Row", "panels": [{ "title": "Legacy Graph" }] }]
        });
        let text = search_text(&dashboard, "My Board");
        for expected in [
            "my board",
            "requests",
            "per second",
            "details",
            "hidden latency",
            "old row",
            "legacy graph",
        ] {
            assert!(
                text.lines().any(|line| line == expected),
                "{expected} in {text}"
            );
        }
    }

    #[test]
    fn stamping_sets_the_server_owned_fields() {
        let mut dashboard = json!({ "title": "x", "id": null });
        stamp(&mut dashboard, 7, "abc", 3);
        assert_eq!(dashboard["id"], 7);
        assert_eq!(dashboard["uid"], "abc");
        assert_eq!(dashboard["version"], 3);
    }
}
