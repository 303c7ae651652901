//! Field overrides of a converted graph: `aliasColors`, `seriesOverrides` (by name, or by
//! regular expression when the alias is written `/…/`), and the overrides that hide all-zero
//! or all-null series as `legend.hideZero` / `legend.hideEmpty` did.
//!
//! A series override's keys map one by one: `fill` → `custom.fillOpacity` (×10),
//! `fillBelowTo`, `fillGradient`, `points` → `custom.showPoints`, `bars` / `lines` →
//! `custom.drawStyle` / `custom.lineWidth`, `linewidth`, `pointradius` → `custom.pointSize`,
//! `dashes` / `dashLength` / `spaceLength` → `custom.lineStyle`, `stack` → `custom.stacking`,
//! `color`, `transform`, and `yaxis: 2` → the right axis' settings that differ from the left.
//! Other keys (`zindex`, `legend`, …) had no successor and are dropped with the override.

use serde_json::Value;

use super::graph::axis_field_config;
use crate::migration::json::{
    arr_at, as_number, js_string, number_value, obj_at, object, truthy, unary_plus, Object,
};

pub(super) fn property(id: &str, value: Value) -> Value {
    object([("id", id.into()), ("value", value)])
}

pub(super) fn alias_color_overrides(angular: &Object) -> Vec<Value> {
    let Some(alias_colors) = obj_at(angular, "aliasColors") else {
        return Vec::new();
    };
    alias_colors
        .iter()
        .filter(|(_, color)| truthy(Some(color)))
        .map(|(alias, color)| {
            let value = object([("mode", "fixed".into()), ("fixedColor", color.clone())]);
            override_rule(
                "byName",
                Value::String(alias.clone()),
                vec![property("color", value)],
            )
        })
        .collect()
}

pub(super) fn override_rule(
    matcher_id: &str,
    matcher_options: Value,
    properties: Vec<Value>,
) -> Value {
    object([
        (
            "matcher",
            object([("id", matcher_id.into()), ("options", matcher_options)]),
        ),
        ("properties", Value::Array(properties)),
    ])
}

/// The override rules made from `seriesOverrides`, and whether any fills below another
/// series (which fixes the fill opacity of the whole graph).
pub(super) struct SeriesOverrides {
    pub(super) rules: Vec<Value>,
    pub(super) has_fill_below_to: bool,
}

/// Converts `seriesOverrides` into field override rules.
pub(super) fn series_overrides(
    angular: &Object,
    yaxes: &[Value],
    y1: &Object,
    dashes: bool,
    dash_pattern: &[Value; 2],
) -> SeriesOverrides {
    let mut result = SeriesOverrides {
        rules: Vec::new(),
        has_fill_below_to: false,
    };
    let Some(series_overrides) = arr_at(angular, "seriesOverrides") else {
        return result;
    };
    for series in series_overrides.iter().filter_map(Value::as_object) {
        let Some(alias) = series.get("alias").filter(|a| truthy(Some(a))) else {
            continue;
        };
        let alias_text = js_string(alias).unwrap_or_default();
        let matcher_id = if is_regex_alias(&alias_text) {
            "byRegexp"
        } else {
            "byName"
        };
        let mut properties = Vec::new();
        let mut dash_override: Option<(Value, [Value; 2])> = None;
        for (key, value) in series {
            let times = |factor: f64| {
                unary_plus(Some(value)).map_or(Value::Null, |n| number_value(n * factor))
            };
            match key.as_str() {
                "alias" | "$$hashKey" => {}
                "yaxis" if as_number(Some(value)) == Some(2.0) => {
                    let y2 = axis_field_config(yaxes.get(1));
                    push_right_axis_properties(y1, &y2, &mut properties);
                }
                "fill" => properties.push(property("custom.fillOpacity", times(10.0))),
                "fillBelowTo" => {
                    result.has_fill_below_to = true;
                    properties.push(property("custom.fillBelowTo", value.clone()));
                }
                "fillGradient" if truthy(Some(value)) => {
                    properties.push(property("custom.fillGradient", "opacity".into()));
                    properties.push(property("custom.fillOpacity", times(10.0)));
                }
                "points" => {
                    let visibility = if truthy(Some(value)) {
                        "always"
                    } else {
                        "never"
                    };
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
                    let size = unary_plus(Some(value))
                        .map_or(Value::Null, |r| number_value(2.0 + r * 2.0));
                    properties.push(property("custom.pointSize", size));
                }
                "dashLength" | "spaceLength" | "dashes" => {
                    let fill = if dashes { "dash" } else { "solid" };
                    let (fill_value, pattern) =
                        dash_override.get_or_insert_with(|| (fill.into(), dash_pattern.clone()));
                    match key.as_str() {
                        "dashLength" => pattern[0] = value.clone(),
                        "spaceLength" => pattern[1] = value.clone(),
                        _ => {
                            *fill_value = if truthy(Some(value)) { "dash" } else { "solid" }.into()
                        }
                    }
                }
                "stack" => {
                    let mode = if truthy(Some(value)) {
                        "normal"
                    } else {
                        "none"
                    };
                    let group = if value.is_string() {
                        value.clone()
                    } else {
                        "A".into()
                    };
                    properties.push(property(
                        "custom.stacking",
                        object([("mode", mode.into()), ("group", group)]),
                    ));
                }
                "color" => {
                    let color = object([("fixedColor", value.clone()), ("mode", "fixed".into())]);
                    properties.push(property("color", color));
                }
                "transform" => {
                    let transform = if value.as_str() == Some("negative-Y") {
                        "negative-Y"
                    } else {
                        "constant"
                    };
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
            result
                .rules
                .push(override_rule(matcher_id, alias.clone(), properties));
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
        c == delimiter
            && body[index + c.len_utf8()..]
                .chars()
                .all(|flag| "gimsuy".contains(flag))
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

/// Hides all-zero or all-null series from legend and tooltip, as `legend.hideZero` /
/// `legend.hideEmpty` did.
pub(super) fn legend_hide_override(reducer: &str) -> Value {
    let matcher_options = object([
        ("reducer", reducer.into()),
        ("op", "gte".into()),
        ("value", Value::from(0)),
    ]);
    let hide_from = object([
        ("tooltip", Value::Bool(true)),
        ("viz", Value::Bool(false)),
        ("legend", Value::Bool(true)),
    ]);
    override_rule(
        "byValue",
        matcher_options,
        vec![property("custom.hideFrom", hide_from)],
    )
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
