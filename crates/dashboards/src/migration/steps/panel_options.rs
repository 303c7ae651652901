//! Panel option upgrades of schema 18 to 31.
//!
//! - 18: gauge `options-gauge` becomes `options` with `valueOptions`.
//! - 22: Angular table styles get `align: "auto"`.
//! - 24: an Angular table (one with `styles`) becomes `table-old`, which the panel pass
//!   then converts to the React `table` (see `panels::table`).
//! - 26: the interim `text2` panel becomes `text`.
//! - 27: copies left behind by panel and row repeats are removed.
//! - 30: legacy value mappings in field configs take the new shape; time series
//!   `tooltipOptions` become `tooltip`.
//! - 31: a `merge` transformation follows every `labelsToFields`.

use serde_json::Value;

use super::StepContext;
use crate::migration::json::{
    arr_at, arr_at_mut, copy_present, obj_at_mut, object, str_at, truthy, Object,
};
use crate::migration::mappings::upgrade_value_mappings;
use crate::migration::walk::for_each_panel;

/// Schema 18: the gauge's `options-gauge` becomes `options`, value settings move into
/// `valueOptions` and thresholds are stored lowest first.
pub(super) fn v18_gauge_options(dashboard: &mut Object, _: &StepContext<'_>) {
    for_each_panel(dashboard, &mut |panel| {
        if !truthy(panel.get("options-gauge")) {
            return;
        }
        let Some(Value::Object(mut options)) = panel.shift_remove("options-gauge") else {
            return; // a truthy non-object: Grafana would fail here; keep the panel as it was
        };
        let mut value_options = Object::new();
        for key in ["unit", "stat", "decimals", "prefix", "suffix"] {
            copy_present(&mut value_options, key, options.shift_remove(key).as_ref());
        }
        options.insert("valueOptions".to_owned(), Value::Object(value_options));
        if let Some(thresholds) = arr_at_mut(&mut options, "thresholds") {
            thresholds.reverse();
        }
        options.shift_remove("options");
        panel.insert("options".to_owned(), Value::Object(options));
    });
}

/// Schema 22: every Angular table style aligns automatically.
pub(super) fn v22_table_style_align(dashboard: &mut Object, _: &StepContext<'_>) {
    for_each_panel(dashboard, &mut |panel| {
        if str_at(panel, "type") != Some("table") {
            return;
        }
        let Some(styles) = arr_at_mut(panel, "styles") else {
            return;
        };
        for style in styles.iter_mut().filter_map(Value::as_object_mut) {
            style.insert("align".to_owned(), "auto".into());
        }
    });
}

/// Schema 24: a table with Angular `styles` is the old table plugin, `table-old`.
pub(super) fn v24_angular_table(dashboard: &mut Object, _: &StepContext<'_>) {
    for_each_panel(dashboard, &mut |panel| {
        let is_angular_table = str_at(panel, "type") == Some("table")
            && truthy(panel.get("styles"))
            && str_at(panel, "table") != Some("table2");
        if is_angular_table {
            panel.insert("type".to_owned(), "table-old".into());
        }
    });
}

/// Schema 26: the interim React text panel `text2` is the text panel.
pub(super) fn v26_text2_panel(dashboard: &mut Object, _: &StepContext<'_>) {
    for_each_panel(dashboard, &mut |panel| {
        if str_at(panel, "type") != Some("text2") {
            return;
        }
        panel.insert("type".to_owned(), "text".into());
        if let Some(options) = obj_at_mut(panel, "options") {
            options.shift_remove("angular");
        }
    });
}

/// Schema 27: removes panel copies saved by repeats (`repeatPanelId`, `repeatByRow`).
pub(super) fn v27_remove_repeated_panels(dashboard: &mut Object, _: &StepContext<'_>) {
    let is_copy = |panel: &Value| {
        panel.as_object().is_some_and(|panel| {
            truthy(panel.get("repeatPanelId")) || truthy(panel.get("repeatByRow"))
        })
    };
    if let Some(panels) = arr_at_mut(dashboard, "panels") {
        panels.retain(|panel| !is_copy(panel));
        for row in panels.iter_mut().filter_map(Value::as_object_mut) {
            if str_at(row, "type") != Some("row") {
                continue;
            }
            if let Some(nested) = arr_at_mut(row, "panels") {
                nested.retain(|panel| {
                    !panel
                        .as_object()
                        .is_some_and(|panel| truthy(panel.get("repeatPanelId")))
                });
            }
        }
    }
}

/// Schema 30: upgrades field config value mappings and the time series tooltip option.
pub(super) fn v30_value_mappings_and_tooltip(dashboard: &mut Object, _: &StepContext<'_>) {
    for_each_panel(dashboard, &mut |panel| {
        upgrade_panel_value_mappings(panel);
        let is_graph_like = matches!(
            str_at(panel, "type"),
            Some("timeseries" | "xychart" | "xychart2")
        );
        if !is_graph_like {
            return;
        }
        let Some(options) = obj_at_mut(panel, "options") else {
            return;
        };
        if truthy(options.get("tooltipOptions")) {
            if let Some(tooltip) = options.shift_remove("tooltipOptions") {
                options.insert("tooltip".to_owned(), tooltip);
            }
        }
    });
}

fn upgrade_panel_value_mappings(panel: &mut Object) {
    let Some(field_config) = obj_at_mut(panel, "fieldConfig") else {
        return;
    };
    if let Some(defaults) = obj_at_mut(field_config, "defaults") {
        let thresholds = defaults.get("thresholds").cloned();
        if truthy(defaults.get("mappings")) {
            if let Some(old) = arr_at(defaults, "mappings") {
                let upgraded = upgrade_value_mappings(old, thresholds.as_ref());
                defaults.insert("mappings".to_owned(), Value::Array(upgraded));
            }
        }
    }
    let Some(overrides) = arr_at_mut(field_config, "overrides") else {
        return;
    };
    for rule in overrides.iter_mut().filter_map(Value::as_object_mut) {
        let Some(properties) = arr_at_mut(rule, "properties") else {
            continue;
        };
        for property in properties.iter_mut().filter_map(Value::as_object_mut) {
            if str_at(property, "id") != Some("mappings") {
                continue;
            }
            if let Some(Value::Array(old)) = property.get("value") {
                let upgraded = upgrade_value_mappings(old, None);
                property.insert("value".to_owned(), Value::Array(upgraded));
            }
        }
    }
}

/// Schema 31: inserts `{id: "merge", options: {}}` after every `labelsToFields`.
pub(super) fn v31_labels_to_fields_merge(dashboard: &mut Object, _: &StepContext<'_>) {
    for_each_panel(dashboard, &mut |panel| {
        let Some(transformations) = arr_at(panel, "transformations") else {
            return;
        };
        let is_labels_to_fields =
            |t: &Value| t.as_object().and_then(|t| str_at(t, "id")) == Some("labelsToFields");
        if !transformations.iter().any(is_labels_to_fields) {
            return;
        }
        let mut with_merges = Vec::with_capacity(transformations.len() + 1);
        for transformation in transformations {
            with_merges.push(transformation.clone());
            if is_labels_to_fields(transformation) {
                with_merges.push(object([("id", "merge".into()), ("options", object([]))]));
            }
        }
        panel.insert("transformations".to_owned(), Value::Array(with_merges));
    });
}
