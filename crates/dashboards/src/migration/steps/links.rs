//! Schema 19 to 21: panel links and data link variables.
//!
//! - 19: old panel links (`dashboard`, `dashUri`, `keepTime`, `includeVars`, `params`)
//!   become `{url, title, targetBlank}` with the built-in `$__url_time_range` and
//!   `$__all_variables` variables in the query string.
//! - 20: data link URLs and field titles use the dotted variable names (`__series.name`,
//!   `${__field.name}`, `__value.time`).
//! - 21: `__series.labels` becomes `__field.labels` in data link URLs.

use serde_json::Value;

use super::StepContext;
use crate::migration::json::{arr_at_mut, copy_present, obj_at_mut, str_at, truthy, Object};
use crate::migration::walk::for_each_panel;

/// Schema 19: rebuilds each panel link as `{url, title, targetBlank}`.
pub(super) fn v19_panel_links(dashboard: &mut Object, _: &StepContext<'_>) {
    for_each_panel(dashboard, &mut |panel| {
        let Some(links) = arr_at_mut(panel, "links") else {
            return;
        };
        for link in links.iter_mut() {
            if let Some(old) = link.as_object() {
                *link = upgrade_panel_link(old);
            }
        }
    });
}

fn upgrade_panel_link(link: &Object) -> Value {
    let non_empty = |key: &str| str_at(link, key).filter(|text| !text.is_empty());
    let mut url = if let Some(url) = non_empty("url") {
        url.to_owned()
    } else if let Some(dashboard) = non_empty("dashboard") {
        format!("dashboard/db/{}", slugify_for_url(dashboard))
    } else if let Some(uri) = non_empty("dashUri") {
        format!("dashboard/{uri}")
    } else {
        "/".to_owned()
    };
    if truthy(link.get("keepTime")) {
        append_query(&mut url, "$__url_time_range");
    }
    if truthy(link.get("includeVars")) {
        append_query(&mut url, "$__all_variables");
    }
    if let Some(params) = non_empty("params") {
        append_query(&mut url, params);
    }
    let mut upgraded = Object::new();
    upgraded.insert("url".to_owned(), Value::String(url));
    copy_present(&mut upgraded, "title", link.get("title"));
    copy_present(&mut upgraded, "targetBlank", link.get("targetBlank"));
    Value::Object(upgraded)
}

/// Grafana's `slugifyForUrl`: lower case, drop all but word characters and spaces, spaces
/// to dashes.
fn slugify_for_url(name: &str) -> String {
    let kept: String = name
        .to_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ' ')
        .collect();
    let mut slug = String::with_capacity(kept.len());
    let mut previous_space = false;
    for c in kept.chars() {
        if c == ' ' {
            if !previous_space {
                slug.push('-');
            }
            previous_space = true;
        } else {
            slug.push(c);
            previous_space = false;
        }
    }
    slug
}

/// Grafana's `appendQueryToUrl`: adds `query` after `?` or `&` as the URL needs.
fn append_query(url: &mut String, query: &str) {
    if query.is_empty() || query == "?" {
        return;
    }
    match url.find('?') {
        Some(position) if url.len() - position > 1 => url.push('&'),
        Some(_) => {}
        None => url.push('?'),
    }
    url.push_str(query);
}

/// Schema 20: data link URLs and field titles switch to the dotted variable names.
pub(super) fn v20_data_link_variables(dashboard: &mut Object, _: &StepContext<'_>) {
    for_each_panel(dashboard, &mut |panel| {
        rewrite_data_links(panel, dotted_variable_names);
        let title = field_defaults(panel).and_then(|defaults| defaults.get_mut("title"));
        if let Some(Value::String(title)) = title {
            *title = dotted_variable_names(title);
        }
    });
}

/// Schema 21: `__series.labels` becomes `__field.labels` in data link URLs.
pub(super) fn v21_series_labels_variable(dashboard: &mut Object, _: &StepContext<'_>) {
    for_each_panel(dashboard, &mut |panel| {
        rewrite_data_links(panel, field_labels_variable)
    });
}

/// Applies `rewrite` to the URL of each data link of the graph panel (`options.dataLinks`)
/// and of field-option panels (`options.fieldOptions.defaults.links`).
fn rewrite_data_links(panel: &mut Object, rewrite: fn(&str) -> String) {
    let Some(options) = obj_at_mut(panel, "options") else {
        return;
    };
    if let Some(links) = arr_at_mut(options, "dataLinks") {
        rewrite_urls(links, rewrite);
    }
    let defaults = obj_at_mut(options, "fieldOptions").and_then(|f| obj_at_mut(f, "defaults"));
    if let Some(links) = defaults.and_then(|defaults| arr_at_mut(defaults, "links")) {
        rewrite_urls(links, rewrite);
    }
}

fn rewrite_urls(links: &mut [Value], rewrite: fn(&str) -> String) {
    for link in links.iter_mut().filter_map(Value::as_object_mut) {
        if let Some(Value::String(url)) = link.get_mut("url") {
            *url = rewrite(url);
        }
    }
}

fn field_defaults(panel: &mut Object) -> Option<&mut Object> {
    obj_at_mut(
        obj_at_mut(obj_at_mut(panel, "options")?, "fieldOptions")?,
        "defaults",
    )
}

/// Replaces the underscore variable names of Grafana 6 by the dotted ones.
fn dotted_variable_names(text: &str) -> String {
    const REPLACEMENTS: [(&str, &str); 5] = [
        ("$__series_name", "${__series.name}"),
        ("__series_name", "__series.name"),
        ("__value_time", "__value.time"),
        ("$__field_name", "${__field.name}"),
        ("__field_name", "__field.name"),
    ];
    let mut result = String::with_capacity(text.len());
    let mut rest = text;
    'scan: while let Some(c) = rest.chars().next() {
        for (old, new) in REPLACEMENTS {
            if let Some(after) = rest.strip_prefix(old) {
                result.push_str(new);
                rest = after;
                continue 'scan;
            }
        }
        result.push(c);
        rest = &rest[c.len_utf8()..];
    }
    result
}

/// Grafana's `url.replace(/__series.labels/g, '__field.labels')`; the dot matches any
/// character, as in the original regular expression.
fn field_labels_variable(url: &str) -> String {
    let mut result = String::with_capacity(url.len());
    let mut rest = url;
    while let Some(c) = rest.chars().next() {
        if let Some(after_prefix) = rest.strip_prefix("__series") {
            let mut chars = after_prefix.chars();
            if chars.next().is_some() {
                if let Some(after) = chars.as_str().strip_prefix("labels") {
                    result.push_str("__field.labels");
                    rest = after;
                    continue;
                }
            }
        }
        result.push(c);
        rest = &rest[c.len_utf8()..];
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn old_links_become_urls_with_built_in_variables() {
        let cases = [
            (
                json!({"dashboard": "My Dash: Prod!", "keepTime": true, "includeVars": true, "params": "a=1", "title": "go"}),
                json!({"url": "dashboard/db/my-dash-prod?$__url_time_range&$__all_variables&a=1", "title": "go"}),
            ),
            (
                json!({"dashUri": "db/x", "targetBlank": true}),
                json!({"url": "dashboard/db/x", "targetBlank": true}),
            ),
            (
                json!({"url": "http://x?", "keepTime": true}),
                json!({"url": "http://x?$__url_time_range"}),
            ),
            (json!({"type": "absolute"}), json!({"url": "/"})),
        ];
        for (old, expected) in cases {
            assert_eq!(upgrade_panel_link(old.as_object().unwrap()), expected);
        }
    }

    #[test]
    fn variable_names_are_rewritten() {
        assert_eq!(
            dotted_variable_names("a $__series_name b __value_time c ${__field_name} __field_name"),
            "a ${__series.name} b __value.time c ${__field.name} __field.name"
        );
        assert_eq!(
            field_labels_variable("x=${__series.labels.host}&y=__series_labels"),
            "x=${__field.labels.host}&y=__field.labels"
        );
    }
}
