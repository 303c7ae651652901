//! The Angular `graph` panel becomes a `timeseries` panel (Grafana's
//! `graphToTimeseriesOptions`).
//!
//! - Left y-axis `yaxes[0]` → field defaults: `format` → `unit`, `decimals`, `min`, `max`,
//!   `label` → `custom.axisLabel`, `show` → `custom.axisPlacement`, `logBase` 2 or 10 →
//!   `custom.scaleDistribution`.
//! - `lines` / `bars` / `points` → `custom.drawStyle` and `custom.showPoints`; `linewidth`,
//!   `pointradius`, `fill` (0–10 → `fillOpacity` 0–100), `fillGradient`, `dashes`,
//!   `steppedLine`, `stack`, and `nullPointMode` (`connected` spans nulls).
//! - `legend` → `options.legend`; `tooltip` → `options.tooltip` (`shared` → `multi`).
//! - A hidden time x-axis → an override hiding the time axis.
//! - `aliasColors` and `seriesOverrides` → field overrides (see `graph_overrides`);
//!   `thresholds` and `timeRegions` → see `graph_decorations`.

use serde_json::Value;

use super::graph_decorations::{apply_thresholds, time_region_annotations};
use super::graph_overrides::{
    alias_color_overrides, legend_hide_override, override_rule, property, series_overrides,
};
use super::{
    field_config, graph_modes, legend_options, merge_options, previous_field_config, remove_keys,
};
use crate::migration::json::{
    arr_at, as_number, insert_present, number_value, numeric, obj_at, object, str_at, truthy,
    Object,
};

/// The keys of an Angular graph panel, consumed by the conversion.
pub(super) const GRAPH_KEYS: &[&str] = &[
    "aliasColors",
    "bars",
    "dashLength",
    "dashes",
    "decimals",
    "fill",
    "fillGradient",
    "grid",
    "hiddenSeries",
    "legend",
    "lines",
    "linewidth",
    "nullPointMode",
    "percentage",
    "pointradius",
    "points",
    "renderer",
    "seriesOverrides",
    "spaceLength",
    "stack",
    "steppedLine",
    "thresholds",
    "timeRegions",
    "tooltip",
    "xaxis",
    "yaxes",
    "yaxis",
];

/// Converts a graph panel to the plugin its x-axis mode calls for.
pub(super) fn convert(panel: &mut Object, new_annotations: &mut Vec<Value>) {
    let x_axis_mode = obj_at(panel, "xaxis").and_then(|xaxis| str_at(xaxis, "mode"));
    match x_axis_mode {
        Some("series") => graph_modes::to_bar_gauge(panel),
        Some("histogram") => graph_modes::to_histogram(panel),
        _ => to_timeseries(panel, new_annotations),
    }
    remove_keys(panel, GRAPH_KEYS);
}

fn to_timeseries(panel: &mut Object, new_annotations: &mut Vec<Value>) {
    let angular = panel.clone();
    let (previous_defaults, mut overrides) = previous_field_config(panel);
    let yaxes = arr_at(&angular, "yaxes").cloned().unwrap_or_default();
    let mut defaults = axis_field_config(yaxes.first());
    if let Some(previous_defaults) = previous_defaults {
        let mut merged = previous_defaults;
        merged.extend(defaults);
        defaults = merged;
    }

    let dashes = truthy(angular.get("dashes"));
    let dash_pattern = [
        length_or_default(angular.get("dashLength")),
        length_or_default(angular.get("spaceLength")),
    ];

    overrides.extend(alias_color_overrides(&angular));
    let series = series_overrides(&angular, &yaxes, &defaults, dashes, &dash_pattern);
    overrides.extend(series.rules);

    let mut custom = obj_at(&defaults, "custom").cloned().unwrap_or_default();
    apply_draw_style(
        &mut custom,
        &angular,
        dashes,
        &dash_pattern,
        series.has_fill_below_to,
    );
    custom.retain(|_, value| !value.is_null());
    defaults.insert("custom".to_owned(), Value::Object(custom));
    insert_or_remove(
        &mut defaults,
        "nullValueMode",
        angular.get("nullPointMode").cloned(),
    );

    let legend = obj_at(&angular, "legend");
    let mut options = Object::new();
    options.insert("legend".to_owned(), Value::Object(legend_options(legend)));
    options.insert(
        "tooltip".to_owned(),
        Value::Object(tooltip_options(obj_at(&angular, "tooltip"))),
    );
    if let Some(legend) = legend {
        if truthy(legend.get("hideZero")) {
            overrides.push(legend_hide_override("allIsZero"));
        }
        if truthy(legend.get("hideEmpty")) {
            overrides.push(legend_hide_override("allIsNull"));
        }
    }

    new_annotations.extend(time_region_annotations(&angular));
    apply_thresholds(&mut defaults, &angular);

    let xaxis = obj_at(&angular, "xaxis");
    let hidden_time_axis = xaxis.is_some_and(|xaxis| {
        xaxis.get("show") == Some(&Value::Bool(false)) && str_at(xaxis, "mode") == Some("time")
    });
    if hidden_time_axis {
        let hide_axis = property("custom.axisPlacement", "hidden".into());
        overrides.push(override_rule("byType", "time".into(), vec![hide_axis]));
    }

    defaults.retain(|_, value| !value.is_null());
    panel.insert("fieldConfig".to_owned(), field_config(defaults, overrides));
    panel.insert("type".to_owned(), "timeseries".into());
    merge_options(panel, options);
}

fn length_or_default(value: Option<&Value>) -> Value {
    match value {
        None | Some(Value::Null) => Value::from(10),
        Some(length) => length.clone(),
    }
}

fn insert_or_remove(object: &mut Object, key: &str, value: Option<Value>) {
    match value.filter(|value| !value.is_null()) {
        Some(value) => {
            object.insert(key.to_owned(), value);
        }
        None => {
            object.shift_remove(key);
        }
    }
}

/// Field defaults for one Angular y-axis (Grafana's `getFieldConfigFromOldAxis`); empty
/// when there is no axis.
pub(super) fn axis_field_config(axis: Option<&Value>) -> Object {
    let Some(axis) = axis
        .filter(|axis| truthy(Some(axis)))
        .and_then(Value::as_object)
    else {
        return Object::new();
    };
    let mut custom = Object::new();
    let placement = if truthy(axis.get("show")) {
        "auto"
    } else {
        "hidden"
    };
    custom.insert("axisPlacement".to_owned(), placement.into());
    if truthy(axis.get("label")) {
        custom.insert("axisLabel".to_owned(), axis["label"].clone());
    }
    if let Some(log) = as_number(axis.get("logBase")).filter(|log| *log == 2.0 || *log == 10.0) {
        custom.insert(
            "scaleDistribution".to_owned(),
            object([("type", "log".into()), ("log", number_value(log))]),
        );
    }
    let mut config = Object::new();
    insert_present(&mut config, "unit", axis.get("format").cloned());
    insert_present(
        &mut config,
        "decimals",
        numeric(axis.get("decimals")).map(number_value),
    );
    insert_present(
        &mut config,
        "min",
        numeric(axis.get("min")).map(number_value),
    );
    insert_present(
        &mut config,
        "max",
        numeric(axis.get("max")).map(number_value),
    );
    config.insert("custom".to_owned(), Value::Object(custom));
    config
}

fn apply_draw_style(
    custom: &mut Object,
    angular: &Object,
    dashes: bool,
    dash_pattern: &[Value; 2],
    has_fill_below_to: bool,
) {
    let flag = |key: &str| truthy(angular.get(key));
    let draw_style = if flag("bars") {
        "bars"
    } else if flag("lines") {
        "line"
    } else {
        "points"
    };
    custom.insert("drawStyle".to_owned(), draw_style.into());
    if flag("points") {
        custom.insert("showPoints".to_owned(), "always".into());
        if let Some(radius) = as_number(angular.get("pointradius")) {
            custom.insert("pointSize".to_owned(), number_value(2.0 + radius * 2.0));
        }
    } else if draw_style != "points" {
        custom.insert("showPoints".to_owned(), "never".into());
    }
    insert_or_remove(custom, "lineWidth", angular.get("linewidth").cloned());
    if dashes {
        let line_style = object([
            ("fill", "dash".into()),
            ("dash", Value::Array(dash_pattern.to_vec())),
        ]);
        custom.insert("lineStyle".to_owned(), line_style);
    }
    if has_fill_below_to {
        custom.insert("fillOpacity".to_owned(), Value::from(35));
    } else if let Some(fill) = as_number(angular.get("fill")) {
        custom.insert("fillOpacity".to_owned(), number_value(fill * 10.0));
    }
    if let Some(gradient) = as_number(angular.get("fillGradient")).filter(|g| *g > 0.0) {
        custom.insert("gradientMode".to_owned(), "opacity".into());
        custom.insert("fillOpacity".to_owned(), number_value(gradient * 10.0));
    }
    let spans_nulls = str_at(angular, "nullPointMode") == Some("connected");
    custom.insert("spanNulls".to_owned(), Value::Bool(spans_nulls));
    if flag("steppedLine") {
        custom.insert("lineInterpolation".to_owned(), "stepAfter".into());
    }
    if draw_style == "bars" {
        custom.insert("fillOpacity".to_owned(), Value::from(100));
    }
    if flag("stack") {
        custom.insert(
            "stacking".to_owned(),
            object([("mode", "normal".into()), ("group", "A".into())]),
        );
    }
}

fn tooltip_options(tooltip: Option<&Object>) -> Object {
    let mut options = Object::new();
    options.insert("mode".to_owned(), "single".into());
    options.insert("sort".to_owned(), "none".into());
    let Some(tooltip) = tooltip else {
        return options;
    };
    let shared = truthy(tooltip.get("shared"));
    if tooltip.contains_key("shared") {
        options.insert(
            "mode".to_owned(),
            if shared { "multi" } else { "single" }.into(),
        );
    }
    if tooltip.contains_key("sort") && shared {
        let sort = match as_number(tooltip.get("sort")) {
            Some(1.0) => "asc",
            Some(2.0) => "desc",
            _ => "none",
        };
        options.insert("sort".to_owned(), sort.into());
    }
    options
}
