//! The Angular `graph` panel becomes a `timeseries` panel (Grafana's
//! `graphToTimeseriesOptions`).
//!
//! - Left y-axis `yaxes[0]` → field defaults: `format` → `unit`, `decimals`, `min`, `max`,
//!   `label` → `custom.axisLabel`, `show` → `custom.axisPlacement`, `logBase` 2 or 10 →
//!   `custom.scaleDistribution`.
//! - `lines` / `bars` / `points` → `custom.drawStyle` and `custom.showPoints`; `linewidth`,
//!   `pointradius`, `fill` (0–10 → `fillOpacity` 0–100), `fillGradient`, `dashes`,
//!   `steppedLine`, `stack`, and `nullPointMode` (`connected` spans nulls).
//! - `aliasColors` and `seriesOverrides` → field overrides by name or regular expression
//!   (series on the right axis get the right axis' settings).
//! - `legend` → `options.legend` (hidden series of all zeros / nulls become overrides);
//!   `tooltip` → `options.tooltip`.
//! - `thresholds` → threshold steps with `custom.thresholdsStyle`.
//! - `timeRegions` → dashboard annotations of the built-in Grafana data source.
//! - A hidden time x-axis → an override hiding the time axis.

use serde_json::Value;

use super::{
    field_config, graph_modes, legend_options, merge_options, previous_field_config, remove_keys,
};
use crate::migration::json::{
    arr_at, as_number, insert_present, is_nullish, js_string, number_value, numeric, obj_at,
    object, str_at, truthy, unary_plus, Object,
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
    apply_draw_style(&mut custom, &angular, dashes, &dash_pattern, series.has_fill_below_to);
    custom.retain(|_, value| !value.is_null());
    defaults.insert("custom".to_owned(), Value::Object(custom));
    insert_or_remove(&mut defaults, "nullValueMode", angular.get("nullPointMode").cloned());

    let legend = obj_at(&angular, "legend");
    let mut options = Object::new();
    options.insert("legend".to_owned(), Value::Object(legend_options(legend)));
    options.insert("tooltip".to_owned(), Value::Object(tooltip_options(obj_at(&angular, "tooltip"))));
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
        overrides.push(object([
            ("matcher", object([("id", "byType".into()), ("options", "time".into())])),
            ("properties", Value::Array(vec![property("custom.axisPlacement", "hidden".into())])),
        ]));
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
            object.remove(key);
        }
    }
}

fn property(id: &str, value: Value) -> Value {
    object([("id", id.into()), ("value", value)])
}

/// Field defaults for one Angular y-axis (Grafana's `getFieldConfigFromOldAxis`); empty
/// when there is no axis.
fn axis_field_config(axis: Option<&Value>) -> Object {
    let Some(axis) = axis.filter(|axis| truthy(Some(axis))).and_then(Value::as_object) else {
        return Object::new();
    };
    let mut custom = Object::new();
    let placement = if truthy(axis.get("show")) { "auto" } else { "hidden" };
    custom.insert("axisPlacement".to_owned(), placement.into());
    if truthy(axis.get("label")) {
        custom.insert("axisLabel".to_owned(), axis["label"].clone());
    }
    if let Some(log) = as_number(axis.get("logBase")).filter(|log| *log == 2.0 || *log == 10.0) {
        custom.insert("scaleDistribution".to_owned(), object([("type", "log".into()), ("log", number_value(log))]));
    }
    let mut config = Object::new();
    insert_present(&mut config, "unit", axis.get("format").cloned());
    insert_present(&mut config, "decimals", numeric(axis.get("decimals")).map(number_value));
    insert_present(&mut config, "min", numeric(axis.get("min")).map(number_value));
    insert_present(&mut config, "max", numeric(axis.get("max")).map(number_value));
    config.insert("custom".to_owned(), Value::Object(custom));
    config
}

fn alias_color_overrides(angular: &Object) -> Vec<Value> {
    let Some(alias_colors) = obj_at(angular, "aliasColors") else {
        return Vec::new();
    };
    alias_colors
        .iter()
        .filter(|(_, color)| truthy(Some(color)))
        .map(|(alias, color)| {
            let value = object([("mode", "fixed".into()), ("fixedColor", color.clone())]);
            override_rule("byName", Value::String(alias.clone()), vec![property("color", value)])
        })
        .collect()
}

fn override_rule(matcher_id: &str, matcher_options: Value, properties: Vec<Value>) -> Value {
    object([
        ("matcher", object([("id", matcher_id.into()), ("options", matcher_options)])),
        ("properties", Value::Array(properties)),
    ])
}

struct SeriesOverrides {
    rules: Vec<Value>,
    has_fill_below_to: bool,
}

/// Converts `seriesOverrides` into field override rules.
fn series_overrides(
    angular: &Object,
    yaxes: &[Value],
    y1: &Object,
    dashes: bool,
    dash_pattern: &[Value; 2],
) -> SeriesOverrides {
    let mut result = SeriesOverrides { rules: Vec::new(), has_fill_below_to: false };
    let Some(series_overrides) = arr_at(angular, "seriesOverrides") else {
        return result;
    };
    for series in series_overrides.iter().filter_map(Value::as_object) {
        let Some(alias) = series.get("alias").filter(|a| truthy(Some(a))) else {
            continue;
        };
        let alias_text = js_string(alias).unwrap_or_default();
        let matcher_id = if is_regex_alias(&alias_text) { "byRegexp" } else { "byName" };
        let mut properties = Vec::new();
        let mut dash_override: Option<(Value, [Value; 2])> = None;
        for (key, value) in series {
            let times = |factor: f64| unary_plus(Some(value)).map_or(Value::Null, |n| number_value(n * factor));
            match key.as_str() {
                "alias" | "$$hashKey" => {}
                "yaxis" => {
                    if as_number(Some(value)) == Some(2.0) {
                        let y2 = axis_field_config(yaxes.get(1));
                        push_right_axis_properties(y1, &y2, &mut properties);
                    }
                }
                "fill" => properties.push(property("custom.fillOpacity", times(10.0))),
                "fillBelowTo" => {
                    result.has_fill_below_to = true;
                    properties.push(property("custom.fillBelowTo", value.clone()));
                }
                "fillGradient" => {
                    if truthy(Some(value)) {
                        properties.push(property("custom.fillGradient", "opacity".into()));
                        properties.push(property("custom.fillOpacity", times(10.0)));
                    }
                }
                "points" => {
                    let visibility = if truthy(Some(value)) { "always" } else { "never" };
                    properties.push(property("custom.showPoints", visibility.into()));
                }
                "bars" => {
                    if truthy(Some(value)) {
                        properties.push(property("custom.drawStyle", "bars".into()));
                        properties.push(property("custom.fillOpacity", Value::from(100)));
                    } else {
                        properties.push(property("custom.drawStyle", "line".into()));
                    }
                }
                "lines" => {
                    if truthy(Some(value)) {
                        properties.push(property("custom.drawStyle", "line".into()));
                    } else {
                        properties.push(property("custom.lineWidth", Value::from(0)));
                    }
                }
                "linewidth" => properties.push(property("custom.lineWidth", value.clone())),
                "pointradius" => {
                    let size = unary_plus(Some(value)).map_or(Value::Null, |r| number_value(2.0 + r * 2.0));
                    properties.push(property("custom.pointSize", size));
                }
                "dashLength" | "spaceLength" | "dashes" => {
                    let fill = if dashes { "dash" } else { "solid" };
                    let (fill_value, pattern) =
                        dash_override.get_or_insert_with(|| (fill.into(), dash_pattern.clone()));
                    match key.as_str() {
                        "dashLength" => pattern[0] = value.clone(),
                        "spaceLength" => pattern[1] = value.clone(),
                        _ => *fill_value = if truthy(Some(value)) { "dash" } else { "solid" }.into(),
                    }
                }
                "stack" => {
                    let mode = if truthy(Some(value)) { "normal" } else { "none" };
                    let group = if value.is_string() { value.clone() } else { "A".into() };
                    properties.push(property("custom.stacking", object([("mode", mode.into()), ("group", group)])));
                }
                "color" => {
                    let color = object([("fixedColor", value.clone()), ("mode", "fixed".into())]);
                    properties.push(property("color", color));
                }
                "transform" => {
                    let transform = if value.as_str() == Some("negative-Y") { "negative-Y" } else { "constant" };
                    properties.push(property("custom.transform", transform.into()));
                }
                _ => {}
            }
        }
        if let Some((fill, [dash, gap])) = dash_override {
            let line_style = object([("fill", fill), ("dash", Value::Array(vec![dash, gap]))]);
            properties.push(property("custom.lineStyle", line_style));
        }
        if !properties.is_empty() {
            result.rules.push(override_rule(matcher_id, alias.clone(), properties));
        }
    }
    result
}

/// Whether a series alias is written as a regular expression: `/…/flags` or the same with
/// one of `~ @ ; % # '` as the delimiter.
fn is_regex_alias(alias: &str) -> bool {
    let Some(delimiter) = alias.chars().next().filter(|c| "/~@;%#'".contains(*c)) else {
        return false;
    };
    let body = &alias[delimiter.len_utf8()..];
    body.char_indices().any(|(index, c)| {
        c == delimiter && body[index + c.len_utf8()..].chars().all(|flag| "gimsuy".contains(flag))
    })
}

/// The right axis' settings that differ from the left one, as override properties (Grafana's
/// `fillY2DynamicValues`). Objects never compare equal, as in JavaScript.
fn push_right_axis_properties(y1: &Object, y2: &Object, properties: &mut Vec<Value>) {
    let differs = |left: Option<&Value>, right: &Value| right.is_object() || left != Some(right);
    for (key, value) in y2 {
        if key != "custom" && differs(y1.get(key), value) {
            properties.push(property(key, value.clone()));
        }
    }
    let y1_custom = obj_at(y1, "custom");
    if let Some(y2_custom) = obj_at(y2, "custom") {
        for (key, value) in y2_custom {
            if differs(y1_custom.and_then(|custom| custom.get(key)), value) {
                properties.push(property(&format!("custom.{key}"), value.clone()));
            }
        }
    }
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
        let line_style = object([("fill", "dash".into()), ("dash", Value::Array(dash_pattern.to_vec()))]);
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
        custom.insert("stacking".to_owned(), object([("mode", "normal".into()), ("group", "A".into())]));
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
        options.insert("mode".to_owned(), if shared { "multi" } else { "single" }.into());
    }
    if tooltip.contains_key("sort") && shared {
        let sort = match as_number(tooltip.get("sort")) {
            Some(order) if order == 1.0 => "asc",
            Some(order) if order == 2.0 => "desc",
            _ => "none",
        };
        options.insert("sort".to_owned(), sort.into());
    }
    options
}

/// Hides all-zero or all-null series from legend and tooltip, as `legend.hideZero` /
/// `legend.hideEmpty` did.
fn legend_hide_override(reducer: &str) -> Value {
    let matcher_options = object([("reducer", reducer.into()), ("op", "gte".into()), ("value", Value::from(0))]);
    let hide_from = object([("tooltip", Value::Bool(true)), ("viz", Value::Bool(false)), ("legend", Value::Bool(true))]);
    override_rule("byValue", matcher_options, vec![property("custom.hideFrom", hide_from)])
}

/// Time regions become hidden annotation queries of the built-in Grafana data source,
/// filtered to this panel.
fn time_region_annotations(angular: &Object) -> Vec<Value> {
    let Some(regions) = arr_at(angular, "timeRegions") else {
        return Vec::new();
    };
    let panel_id = angular.get("id").cloned().unwrap_or(Value::Null);
    let mut annotations = Vec::new();
    for (index, region) in regions.iter().enumerate() {
        let Some(region) = region.as_object() else {
            continue;
        };
        let icon_color = if truthy(region.get("fill")) {
            match str_at(region, "colorMode") {
                Some("custom") => region.get("fillColor").cloned(),
                _ => region.get("colorMode").cloned(),
            }
        } else if truthy(region.get("line")) {
            Some("white".into())
        } else {
            continue;
        };
        let mut time_region = Object::new();
        for key in ["fromDayOfWeek", "toDayOfWeek", "from", "to"] {
            insert_present(&mut time_region, key, region.get(key).cloned());
        }
        time_region.insert("timezone".to_owned(), "utc".into());
        let mut annotation = Object::new();
        annotation.insert("datasource".to_owned(), object([("type", "datasource".into()), ("uid", "grafana".into())]));
        annotation.insert("enable".to_owned(), Value::Bool(true));
        annotation.insert("hide".to_owned(), Value::Bool(true));
        annotation.insert(
            "filter".to_owned(),
            object([("exclude", Value::Bool(false)), ("ids", Value::Array(vec![panel_id.clone()]))]),
        );
        insert_present(&mut annotation, "iconColor", icon_color);
        annotation.insert("name".to_owned(), Value::String(format!("T{}", index + 1)));
        annotation.insert(
            "target".to_owned(),
            object([
                ("queryType", "timeRegions".into()),
                ("refId", "Anno".into()),
                ("timeRegion", Value::Object(time_region)),
            ]),
        );
        annotations.push(Value::Object(annotation));
    }
    annotations
}

/// Graph thresholds (`{value, op, fill, line, colorMode, …}`) become threshold steps; `null`
/// stands for minus infinity.
fn apply_thresholds(defaults: &mut Object, angular: &Object) {
    let Some(thresholds) = arr_at(angular, "thresholds").filter(|t| !t.is_empty()) else {
        return;
    };
    let mut sorted: Vec<&Object> = thresholds.iter().filter_map(Value::as_object).collect();
    let value_of = |t: &Object| numeric(t.get("value")).unwrap_or(f64::NAN);
    sorted.sort_by(|a, b| value_of(a).partial_cmp(&value_of(b)).unwrap_or(std::cmp::Ordering::Equal));

    let mut steps: Vec<(Option<Value>, Option<Value>)> = Vec::new();
    let (mut area, mut line) = (false, false);
    for (index, threshold) in sorted.iter().enumerate() {
        let next = sorted.get(index + 1);
        area |= truthy(threshold.get("fill"));
        line |= truthy(threshold.get("line"));
        let value = threshold.get("value").cloned();
        match str_at(threshold, "op") {
            Some("gt") => steps.push((value, threshold_color(threshold))),
            Some("lt") => {
                if steps.is_empty() {
                    steps.push((None, threshold_color(threshold)));
                }
                let transparent = Some(Value::from("transparent"));
                let color = match next {
                    Some(next) if str_at(next, "op") == Some("gt") && value_of(next) > value_of(threshold) => transparent,
                    Some(next) if str_at(next, "op") == Some("lt") => threshold_color(next),
                    _ => transparent,
                };
                steps.push((value, color));
            }
            _ => {}
        }
    }
    if steps.first().is_some_and(|(value, _)| value.is_some()) {
        steps.insert(0, (None, Some("transparent".into())));
    }
    let mode = match (area, line) {
        (true, true) => "line+area",
        (true, false) => "area",
        _ => "line",
    };
    if let Some(Value::Object(custom)) = defaults.get_mut("custom") {
        custom.insert("thresholdsStyle".to_owned(), object([("mode", mode.into())]));
    }
    let steps: Vec<Value> = steps
        .into_iter()
        .map(|(value, color)| {
            let mut step = Object::new();
            insert_present(&mut step, "color", color);
            step.insert("value".to_owned(), value.unwrap_or(Value::Null));
            Value::Object(step)
        })
        .collect();
    defaults.insert("thresholds".to_owned(), object([("mode", "absolute".into()), ("steps", Value::Array(steps))]));
}

fn threshold_color(threshold: &Object) -> Option<Value> {
    match str_at(threshold, "colorMode") {
        Some("warning") => Some("orange".into()),
        Some("custom") => {
            let fill = threshold.get("fillColor").filter(|c| truthy(Some(c)));
            fill.or_else(|| threshold.get("lineColor")).filter(|c| !is_nullish(Some(c))).cloned()
        }
        _ => Some("red".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regex_aliases_are_recognised() {
        for regex in ["/cpu.*/", "/cpu/i", "~a~", "#x#gi"] {
            assert!(is_regex_alias(regex), "{regex}");
        }
        for name in ["cpu", "/cpu", "/cpu/x", "cpu/"] {
            assert!(!is_regex_alias(name), "{name}");
        }
    }
}
