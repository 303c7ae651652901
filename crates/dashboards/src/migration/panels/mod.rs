//! Converting panels of the removed Angular plugins into their React successors.
//!
//! Grafana 12 cannot render Angular panels; when it loads one it switches the panel to the
//! successor plugin and lets that plugin translate the old options (the `autoMigrateAngular`
//! table and each plugin's panel-change handler). This pass does the same, after the schema
//! steps and whatever the dashboard's schema version, so every dashboard leaves the migration
//! with renderable panels:
//!
//! | old type | new type | module |
//! |---|---|---|
//! | `graph` (time x-axis) | `timeseries` | `graph` |
//! | `graph` (series x-axis) | `bargauge` | `graph_modes` |
//! | `graph` (histogram x-axis) | `histogram` | `graph_modes` |
//! | `singlestat`, `grafana-singlestat-panel` | `stat`, or `gauge` when its gauge was shown | `singlestat` |
//! | `table-old` (and pre-schema-24 tables with `styles`) | `table` | `table` |
//!
//! The old plugin's own keys are consumed and removed; every other key of the panel is kept.
//! A panel whose `options` or `fieldConfig` has an unexpected shape is left untouched. Other
//! plugin types, known or not, are never changed here.

mod graph;
mod graph_decorations;
mod graph_modes;
mod graph_overrides;
mod singlestat;
mod table;

use serde_json::Value;

use super::json::{
    arr_at, ensure_arr, ensure_obj, is_nullish, is_obj_or_absent, obj_at, object, str_at, truthy,
    Object,
};
use super::reducers::reducer_id;
use super::walk::for_each_panel;

/// Converts every Angular panel of the dashboard; see the module documentation.
pub(crate) fn migrate_angular_panels(dashboard: &mut Object) {
    let mut new_annotations = Vec::new();
    for_each_panel(dashboard, &mut |panel| {
        convert_panel(panel, &mut new_annotations)
    });
    if new_annotations.is_empty() {
        return;
    }
    let list = ensure_obj(dashboard, "annotations").and_then(|a| ensure_arr(a, "list"));
    if let Some(list) = list {
        list.extend(new_annotations);
    }
}

fn convert_panel(panel: &mut Object, new_annotations: &mut Vec<Value>) {
    if !has_convertible_shape(panel) {
        return;
    }
    match str_at(panel, "type") {
        Some("graph") => graph::convert(panel, new_annotations),
        Some(old_type @ ("singlestat" | "grafana-singlestat-panel")) => {
            let old_type = old_type.to_owned();
            singlestat::convert(panel, &old_type);
        }
        Some("table-old") => table::convert(panel),
        _ => {}
    }
}

/// Whether `options` and `fieldConfig` are absent or objects, and `fieldConfig`'s parts
/// are absent or of the right kind, so a conversion can write into them.
fn has_convertible_shape(panel: &Object) -> bool {
    let field_config_ok = match panel.get("fieldConfig") {
        Some(Value::Object(field_config)) => {
            is_obj_or_absent(field_config, "defaults")
                && matches!(
                    field_config.get("overrides"),
                    None | Some(Value::Null) | Some(Value::Array(_))
                )
        }
        other => is_nullish(other),
    };
    is_obj_or_absent(panel, "options") && field_config_ok
}

/// The panel's current field config defaults and overrides (Grafana's `prevFieldConfig`).
fn previous_field_config(panel: &Object) -> (Option<Object>, Vec<Value>) {
    let field_config = obj_at(panel, "fieldConfig");
    let defaults = field_config.and_then(|f| obj_at(f, "defaults")).cloned();
    let overrides = field_config
        .and_then(|f| arr_at(f, "overrides"))
        .cloned()
        .unwrap_or_default();
    (defaults, overrides)
}

/// Merges the options a panel-change handler returned into `panel.options`, the way
/// `Object.assign` does.
fn merge_options(panel: &mut Object, new_options: Object) {
    if let Some(options) = ensure_obj(panel, "options") {
        options.extend(new_options);
    }
}

/// Removes the keys that belonged to the old plugin.
fn remove_keys(panel: &mut Object, keys: &[&str]) {
    for key in keys {
        panel.shift_remove(*key);
    }
}

/// The field config `{defaults, overrides}` to store on a converted panel.
fn field_config(defaults: Object, overrides: Vec<Value>) -> Value {
    object([
        ("defaults", Value::Object(defaults)),
        ("overrides", Value::Array(overrides)),
    ])
}

/// The legend options of Grafana's React panels, from an Angular graph `legend`.
fn legend_options(legend: Option<&Object>) -> Object {
    let mut options = Object::new();
    options.insert("displayMode".to_owned(), "list".into());
    options.insert("showLegend".to_owned(), Value::Bool(true));
    options.insert("placement".to_owned(), "bottom".into());
    options.insert("calcs".to_owned(), Value::Array(Vec::new()));
    let Some(legend) = legend else {
        return options;
    };
    let flag = |key: &str| truthy(legend.get(key));
    if flag("show") {
        let mode = if flag("alignAsTable") {
            "table"
        } else {
            "list"
        };
        options.insert("displayMode".to_owned(), mode.into());
    } else {
        options.insert("showLegend".to_owned(), Value::Bool(false));
    }
    if flag("rightSide") {
        options.insert("placement".to_owned(), "right".into());
    }
    if flag("values") {
        let calcs: Vec<Value> = legend
            .iter()
            .filter(|(_, enabled)| truthy(Some(enabled)))
            .filter_map(|(key, _)| reducer_id(key))
            .map(Value::String)
            .collect();
        options.insert("calcs".to_owned(), Value::Array(calcs));
    }
    if flag("sideWidth") {
        if let Some(width) = legend.get("sideWidth") {
            options.insert("width".to_owned(), width.clone());
        }
    }
    options
}

/// After a single-stat style conversion Grafana runs the stat / gauge / bar gauge
/// migration handler once: a field `title` becomes `displayName`, and the percent units get
/// the explicit 0–100 (0–1) range they used to imply.
fn single_stat_follow_up(panel: &mut Object) {
    let Some(defaults) = ensure_obj(panel, "fieldConfig").and_then(|f| ensure_obj(f, "defaults"))
    else {
        return;
    };
    if !is_nullish(defaults.get("title")) {
        if let Some(title) = defaults.shift_remove("title") {
            defaults.insert("displayName".to_owned(), title);
        }
    }
    let range = match str_at(defaults, "unit") {
        Some("percent") => Some(100),
        Some("percentunit") => Some(1),
        _ => None,
    };
    if let Some(max) = range {
        if !defaults.get("min").is_some_and(Value::is_number) {
            defaults.insert("min".to_owned(), Value::from(0));
        }
        if !defaults.get("max").is_some_and(Value::is_number) {
            defaults.insert("max".to_owned(), Value::from(max));
        }
    }
}
