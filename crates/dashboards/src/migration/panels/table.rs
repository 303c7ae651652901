//! The Angular table (`table-old`) becomes the React `table` (Grafana's
//! `tablePanelChangedHandler`).
//!
//! - The style with pattern `/.*/` becomes the field defaults: `unit`, `decimals`, `alias`
//!   → `displayName`, `align` (`auto` → `null`), `colorMode` → `custom.cellOptions`, and
//!   `thresholds` with `colors` → threshold steps.
//! - Every other style becomes an override matching its `pattern` by name, or by regular
//!   expression when written `/…/`: the same settings plus `type: "date"` → unit
//!   `time: <dateFormat>`, `type: "hidden"` → `custom.hidden`, and a link → `links`.
//! - `transform` becomes a transformation: `timeseries_to_rows` → `seriesToRows`,
//!   `timeseries_to_columns` → `seriesToColumns`, `timeseries_aggregations` → `reduce` with
//!   the `columns` as reducers, `table` → `merge`.

use serde_json::Value;

use super::{field_config, remove_keys};
use crate::migration::json::{
    arr_at, ensure_arr, insert_present, number_value, object, parse_int_prefix, str_at, truthy,
    Object,
};

/// The keys of an Angular table panel, consumed by the conversion.
const TABLE_KEYS: &[&str] = &[
    "columns",
    "fontSize",
    "pageSize",
    "scroll",
    "showHeader",
    "sort",
    "styles",
    "transform",
];

/// Converts a `table-old` panel to `table`.
pub(super) fn convert(panel: &mut Object) {
    let angular = panel.clone();
    let styles: Vec<&Object> = arr_at(&angular, "styles")
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
        .collect();
    let is_default_style = |style: &Object| str_at(style, "pattern") == Some("/.*/");

    if let Some(transformation) = transformation(&angular) {
        if let Some(transformations) = ensure_arr(panel, "transformations") {
            transformations.push(transformation);
        }
    }
    let defaults = styles
        .iter()
        .find(|style| is_default_style(style))
        .map_or_else(
            || object_of([("custom", Value::Object(Object::new()))]),
            |style| style_defaults(style),
        );
    let overrides = styles
        .iter()
        .filter(|style| !is_default_style(style))
        .map(|style| style_override(style))
        .collect();
    panel.insert("fieldConfig".to_owned(), field_config(defaults, overrides));
    panel.insert("type".to_owned(), "table".into());
    remove_keys(panel, TABLE_KEYS);
}

fn object_of<const N: usize>(pairs: [(&str, Value); N]) -> Object {
    match object(pairs) {
        Value::Object(object) => object,
        _ => Object::new(),
    }
}

fn transformation(angular: &Object) -> Option<Value> {
    let transform = str_at(angular, "transform")?;
    let id = match transform {
        "timeseries_to_rows" => "seriesToRows",
        "timeseries_to_columns" => "seriesToColumns",
        "timeseries_aggregations" => "reduce",
        "table" => "merge",
        _ => return None,
    };
    let mut options = Object::new();
    if transform == "timeseries_aggregations" {
        let reducers: Vec<Value> = arr_at(angular, "columns")
            .into_iter()
            .flatten()
            .filter_map(|column| column.get("value").and_then(Value::as_str))
            .filter_map(column_reducer)
            .map(Value::from)
            .collect();
        options.insert("reducers".to_owned(), Value::Array(reducers));
        options.insert("includeTimeField".to_owned(), Value::Bool(false));
    } else {
        options.insert("reducers".to_owned(), Value::Array(Vec::new()));
    }
    Some(object([
        ("id", id.into()),
        ("options", Value::Object(options)),
    ]))
}

fn column_reducer(column: &str) -> Option<&'static str> {
    Some(match column {
        "avg" => "mean",
        "min" => "min",
        "max" => "max",
        "total" => "sum",
        "current" => "lastNotNull",
        "count" => "count",
        _ => return None,
    })
}

fn cell_type(color_mode: &str) -> Option<&'static str> {
    match color_mode {
        "cell" | "row" => Some("color-background"),
        "value" => Some("color-text"),
        _ => None,
    }
}

fn cell_options(style: &Object) -> Option<Value> {
    if !truthy(style.get("colorMode")) {
        return None;
    }
    let mut options = Object::new();
    insert_present(
        &mut options,
        "type",
        str_at(style, "colorMode")
            .and_then(cell_type)
            .map(Value::from),
    );
    Some(Value::Object(options))
}

/// `auto` alignment is the default and is written as `null`.
fn alignment(style: &Object) -> Option<Value> {
    let align = style.get("align")?;
    Some(if align.as_str() == Some("auto") {
        Value::Null
    } else {
        align.clone()
    })
}

/// `[-∞, t1, t2, …]` paired with `colors`; string levels are read as integers, as Grafana does.
fn threshold_steps(style: &Object) -> Value {
    let levels = arr_at(style, "thresholds").cloned().unwrap_or_default();
    let colors = arr_at(style, "colors").cloned().unwrap_or_default();
    let steps = std::iter::once(Value::Null)
        .chain(levels.iter().map(|level| match level {
            Value::Number(_) => level.clone(),
            Value::String(text) => parse_int_prefix(text).map_or(Value::Null, number_value),
            _ => Value::Null,
        }))
        .enumerate()
        .map(|(index, value)| {
            let mut step = Object::new();
            insert_present(&mut step, "color", colors.get(index).cloned());
            step.insert("value".to_owned(), value);
            Value::Object(step)
        })
        .collect();
    object([("mode", "absolute".into()), ("steps", Value::Array(steps))])
}

fn style_defaults(style: &Object) -> Object {
    let mut defaults = Object::new();
    insert_present(&mut defaults, "unit", style.get("unit").cloned());
    insert_present(&mut defaults, "decimals", style.get("decimals").cloned());
    insert_present(&mut defaults, "displayName", style.get("alias").cloned());
    let mut custom = Object::new();
    if let Some(align) = alignment(style) {
        custom.insert("align".to_owned(), align);
    }
    if arr_at(style, "thresholds").is_some_and(|levels| !levels.is_empty()) {
        defaults.insert("thresholds".to_owned(), threshold_steps(style));
    }
    if let Some(cell_options) = cell_options(style) {
        custom.insert("cellOptions".to_owned(), cell_options);
    }
    defaults.insert("custom".to_owned(), Value::Object(custom));
    defaults
}

fn style_override(style: &Object) -> Value {
    let pattern = style.get("pattern").cloned().unwrap_or(Value::Null);
    let is_regex = pattern
        .as_str()
        .is_some_and(|p| p.len() >= 2 && p.starts_with('/') && p.ends_with('/'));
    let mut properties = Vec::new();
    let mut add =
        |id: &str, value: Value| properties.push(object([("id", id.into()), ("value", value)]));
    if truthy(style.get("alias")) {
        add("displayName", style["alias"].clone());
    }
    if truthy(style.get("unit")) {
        add("unit", style["unit"].clone());
    }
    if let Some(decimals) = style.get("decimals") {
        add("decimals", decimals.clone());
    }
    match str_at(style, "type") {
        Some("date") => {
            let format = style
                .get("dateFormat")
                .and_then(crate::migration::json::js_string);
            add(
                "unit",
                Value::String(format!(
                    "time: {}",
                    format.as_deref().unwrap_or("undefined")
                )),
            );
        }
        Some("hidden") => add("custom.hidden", Value::Bool(true)),
        _ => {}
    }
    if truthy(style.get("link")) {
        let link = object([
            (
                "title",
                style
                    .get("linkTooltip")
                    .filter(|v| !v.is_null())
                    .cloned()
                    .unwrap_or_else(|| "".into()),
            ),
            (
                "url",
                style
                    .get("linkUrl")
                    .filter(|v| !v.is_null())
                    .cloned()
                    .unwrap_or_else(|| "".into()),
            ),
            (
                "targetBlank",
                style
                    .get("linkTargetBlank")
                    .filter(|v| !v.is_null())
                    .cloned()
                    .unwrap_or(Value::Bool(false)),
            ),
        ]);
        add("links", Value::Array(vec![link]));
    }
    if let Some(cell_options) = cell_options(style) {
        add("custom.cellOptions", cell_options);
    }
    if truthy(style.get("align")) {
        if let Some(align) = alignment(style) {
            add("custom.align", align);
        }
    }
    let has_levels = arr_at(style, "thresholds").is_some_and(|levels| !levels.is_empty());
    let has_colors = arr_at(style, "colors").is_some_and(|colors| !colors.is_empty());
    if has_levels && has_colors {
        add("thresholds", threshold_steps(style));
    }
    let matcher_id = if is_regex { "byRegexp" } else { "byName" };
    object([
        (
            "matcher",
            object([("id", matcher_id.into()), ("options", pattern)]),
        ),
        ("properties", Value::Array(properties)),
    ])
}
