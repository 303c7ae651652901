//! Schema 35 and 37 to 42: the Grafana 9–12 panel and dashboard tweaks.
//!
//! - 35: a time series whose axes are all hidden keeps its time axis visible through an
//!   override.
//! - 37: the two ways of hiding a legend become `showLegend: false` (with `displayMode:
//!   "list"`); other legends get `showLegend: true`.
//! - 38: the table's `displayMode` becomes the structured `cellOptions`.
//! - 39: the `timeSeriesTable` transformation's `refIdToStat` becomes per-query options.
//! - 40: a non-string `refresh` becomes `""`.
//! - 41: the unused `timepicker.time_options` is dropped.
//! - 42: a field hidden from the visualization is hidden from the tooltip too.

use serde_json::Value;

use super::StepContext;
use crate::migration::json::{arr_at_mut, ensure_arr, obj_at, obj_at_mut, object, str_at, Object};
use crate::migration::walk::for_each_panel;

/// Schema 35: keeps the time axis of a time series with hidden axes visible.
pub(super) fn v35_x_axis_visibility(dashboard: &mut Object, _: &StepContext<'_>) {
    for_each_panel(dashboard, &mut |panel| {
        if str_at(panel, "type") != Some("timeseries") {
            return;
        }
        let Some(field_config) = obj_at_mut(panel, "fieldConfig") else {
            return;
        };
        let placement = obj_at(field_config, "defaults")
            .and_then(|defaults| obj_at(defaults, "custom"))
            .and_then(|custom| str_at(custom, "axisPlacement"));
        if placement != Some("hidden") {
            return;
        }
        if let Some(overrides) = ensure_arr(field_config, "overrides") {
            overrides.push(object([
                (
                    "matcher",
                    object([("id", "byType".into()), ("options", "time".into())]),
                ),
                (
                    "properties",
                    Value::Array(vec![object([
                        ("id", "custom.axisPlacement".into()),
                        ("value", "auto".into()),
                    ])]),
                ),
            ]));
        }
    });
}

/// Schema 37: normalises how a legend is hidden.
pub(super) fn v37_legend_visibility(dashboard: &mut Object, _: &StepContext<'_>) {
    for_each_panel(dashboard, &mut |panel| {
        let Some(legend) = obj_at_mut(panel, "options").and_then(|o| obj_at_mut(o, "legend"))
        else {
            return;
        };
        let hidden = str_at(legend, "displayMode") == Some("hidden")
            || legend.get("showLegend") == Some(&Value::Bool(false));
        if hidden {
            legend.insert("displayMode".to_owned(), "list".into());
            legend.insert("showLegend".to_owned(), Value::Bool(false));
        } else {
            legend.insert("showLegend".to_owned(), Value::Bool(true));
        }
    });
}

/// Schema 38: the table's `custom.displayMode` becomes `custom.cellOptions`.
pub(super) fn v38_table_cell_options(dashboard: &mut Object, _: &StepContext<'_>) {
    for_each_panel(dashboard, &mut |panel| {
        if str_at(panel, "type") != Some("table") {
            return;
        }
        let Some(field_config) = obj_at_mut(panel, "fieldConfig") else {
            return;
        };
        let custom = obj_at_mut(field_config, "defaults").and_then(|d| obj_at_mut(d, "custom"));
        if let Some(custom) = custom {
            if let Some(display_mode) = custom.shift_remove("displayMode") {
                if let Some(mode) = display_mode.as_str() {
                    custom.insert("cellOptions".to_owned(), cell_options(mode));
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
                if str_at(property, "id") != Some("custom.displayMode") {
                    continue;
                }
                property.insert("id".to_owned(), "custom.cellOptions".into());
                if let Some(mode) = str_at(property, "value").map(str::to_owned) {
                    property.insert("value".to_owned(), cell_options(&mode));
                }
            }
        }
    });
}

/// Grafana's `migrateTableDisplayModeToCellOptions`.
pub(crate) fn cell_options(display_mode: &str) -> Value {
    let (kind, mode) = match display_mode {
        "basic" => ("gauge", Some("basic")),
        "gradient-gauge" => ("gauge", Some("gradient")),
        "lcd-gauge" => ("gauge", Some("lcd")),
        "color-background" => ("color-background", Some("gradient")),
        "color-background-solid" => ("color-background", Some("basic")),
        other => (other, None),
    };
    match mode {
        Some(mode) => object([("type", kind.into()), ("mode", mode.into())]),
        None => object([("type", kind.into())]),
    }
}

/// Schema 39: `timeSeriesTable` maps each query to `{stat}` instead of a bare reducer.
pub(super) fn v39_time_series_table_options(dashboard: &mut Object, _: &StepContext<'_>) {
    for_each_panel(dashboard, &mut |panel| {
        let Some(transformations) = arr_at_mut(panel, "transformations") else {
            return;
        };
        for transformation in transformations.iter_mut().filter_map(Value::as_object_mut) {
            if str_at(transformation, "id") != Some("timeSeriesTable") {
                continue;
            }
            let Some(options) = obj_at(transformation, "options") else {
                continue;
            };
            let Some(per_query) = obj_at(options, "refIdToStat") else {
                continue;
            };
            let upgraded: Object = per_query
                .iter()
                .map(|(ref_id, stat)| (ref_id.clone(), object([("stat", stat.clone())])))
                .collect();
            transformation.insert("options".to_owned(), Value::Object(upgraded));
        }
    });
}

/// Schema 40: `refresh` must be a string; booleans and other leftovers become `""`.
pub(super) fn v40_refresh_string(dashboard: &mut Object, _: &StepContext<'_>) {
    if !dashboard.get("refresh").is_some_and(Value::is_string) {
        dashboard.insert("refresh".to_owned(), Value::String(String::new()));
    }
}

/// Schema 41: drops `timepicker.time_options`, unused since Grafana 5.
pub(super) fn v41_timepicker_time_options(dashboard: &mut Object, _: &StepContext<'_>) {
    if let Some(timepicker) = obj_at_mut(dashboard, "timepicker") {
        timepicker.shift_remove("time_options");
    }
}

/// Schema 42: overrides that hide a field from the visualization hide it from the tooltip.
pub(super) fn v42_hide_from_tooltip(dashboard: &mut Object, _: &StepContext<'_>) {
    for_each_panel(dashboard, &mut |panel| {
        let overrides = obj_at_mut(panel, "fieldConfig").and_then(|f| arr_at_mut(f, "overrides"));
        let Some(overrides) = overrides else {
            return;
        };
        for rule in overrides.iter_mut().filter_map(Value::as_object_mut) {
            let Some(properties) = arr_at_mut(rule, "properties") else {
                continue;
            };
            for property in properties.iter_mut().filter_map(Value::as_object_mut) {
                if str_at(property, "id") != Some("custom.hideFrom") {
                    continue;
                }
                if let Some(hide_from) = obj_at_mut(property, "value") {
                    if hide_from.get("viz") == Some(&Value::Bool(true)) {
                        hide_from.insert("tooltip".to_owned(), Value::Bool(true));
                    }
                }
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn display_modes_map_to_cell_options() {
        assert_eq!(
            cell_options("gradient-gauge"),
            json!({"type": "gauge", "mode": "gradient"})
        );
        assert_eq!(
            cell_options("color-background-solid"),
            json!({"type": "color-background", "mode": "basic"})
        );
        assert_eq!(cell_options("json-view"), json!({"type": "json-view"}));
    }
}
