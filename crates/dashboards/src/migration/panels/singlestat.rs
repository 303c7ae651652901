//! The Angular `singlestat` panel becomes a `stat` panel, or a `gauge` when it showed its
//! gauge (Grafana's `sharedSingleStatPanelChangedHandler`, `statPanelChangedHandler` and
//! `gaugePanelChangedHandler`).
//!
//! - `valueName` → `reduceOptions.calcs` (`avg` → `mean`, `current` → `lastNotNull`,
//!   `total` → `sum`, anything else `mean`); `tableColumn` → `reduceOptions.fields`.
//! - `format` → `unit`, `decimals`, `nullPointMode` → `nullValueMode`, `nullText` →
//!   `noValue`; gauge `minValue` / `maxValue` → `min` / `max`.
//! - `thresholds` (`"50,80"`) with `colors` → threshold steps (the first from minus
//!   infinity, written `null`).
//! - `valueMaps` / `rangeMaps` → value, range and null mappings, coloured by thresholds.
//! - Stat: `sparkline.show` → `graphMode: "area"`, `colorBackground` / `colorValue` →
//!   `colorMode`, the sparkline colour when nothing else is coloured, `valueName: "name"` →
//!   `textMode: "name"`. Gauge: `thresholdMarkers` / `thresholdLabels`.
//!
//! Grafana drops `prefix` and `postfix`. Sightline keeps the text: when the panel has no
//! unit (or `none`), a prefix becomes the custom unit `prefix:<text>`, otherwise a postfix
//! becomes `suffix:<text>`.

use serde_json::Value;

use super::{
    field_config, merge_options, previous_field_config, remove_keys, single_stat_follow_up,
};
use crate::migration::json::{
    arr_at, copy_present, insert_present, number_value, obj_at, object, str_at, truthy, Object,
};
use crate::migration::mappings::convert_angular_value_maps;
use crate::migration::reducers::reducer_id;

/// The keys of an Angular singlestat panel, consumed by the conversion.
const SINGLESTAT_KEYS: &[&str] = &[
    "colorBackground",
    "colorPostfix",
    "colorPrefix",
    "colorValue",
    "colors",
    "decimals",
    "format",
    "gauge",
    "mappingType",
    "mappingTypes",
    "nullPointMode",
    "nullText",
    "postfix",
    "postfixFontSize",
    "prefix",
    "prefixFontSize",
    "rangeMaps",
    "sparkline",
    "tableColumn",
    "thresholds",
    "valueFontSize",
    "valueMaps",
    "valueName",
];

/// Converts a singlestat panel of plugin `old_type` to `stat` or `gauge`.
pub(super) fn convert(panel: &mut Object, old_type: &str) {
    let angular = panel.clone();
    let gauge = obj_at(&angular, "gauge");
    let shows_gauge =
        old_type == "singlestat" && gauge.is_some_and(|gauge| truthy(gauge.get("show")));

    let mut options = shared_options(&angular);
    let defaults = field_defaults(&angular, gauge.filter(|gauge| truthy(gauge.get("show"))));
    let (_, overrides) = previous_field_config(panel);
    panel.insert("fieldConfig".to_owned(), field_config(defaults, overrides));

    if shows_gauge {
        if let Some(gauge) = gauge {
            copy_present(
                &mut options,
                "showThresholdMarkers",
                gauge.get("thresholdMarkers"),
            );
            copy_present(
                &mut options,
                "showThresholdLabels",
                gauge.get("thresholdLabels"),
            );
        }
    } else {
        add_stat_options(panel, &angular, &mut options);
    }

    panel.insert(
        "type".to_owned(),
        if shows_gauge { "gauge" } else { "stat" }.into(),
    );
    merge_options(panel, options);
    single_stat_follow_up(panel);
    remove_keys(panel, SINGLESTAT_KEYS);
}

/// The options every single-stat panel shares: which value to show, and the orientation.
fn shared_options(angular: &Object) -> Object {
    let calc = str_at(angular, "valueName")
        .and_then(reducer_id)
        .unwrap_or_else(|| "mean".to_owned());
    let mut reduce_options = Object::new();
    reduce_options.insert("calcs".to_owned(), Value::Array(vec![Value::String(calc)]));
    if truthy(angular.get("tableColumn")) {
        if let Some(column) = str_at(angular, "tableColumn") {
            reduce_options.insert("fields".to_owned(), Value::String(format!("/^{column}$/")));
        }
    }
    let mut options = Object::new();
    options.insert("reduceOptions".to_owned(), Value::Object(reduce_options));
    options.insert("orientation".to_owned(), "horizontal".into());
    options
}

/// The field defaults for the converted panel; they replace the panel's old defaults.
fn field_defaults(angular: &Object, shown_gauge: Option<&Object>) -> Object {
    let mut defaults = Object::new();
    if truthy(angular.get("format")) {
        defaults.insert("unit".to_owned(), angular["format"].clone());
    }
    if truthy(angular.get("nullPointMode")) {
        defaults.insert("nullValueMode".to_owned(), angular["nullPointMode"].clone());
    }
    if truthy(angular.get("nullText")) {
        defaults.insert("noValue".to_owned(), angular["nullText"].clone());
    }
    let decimals = angular.get("decimals");
    if truthy(decimals) || decimals.and_then(Value::as_f64) == Some(0.0) {
        insert_present(&mut defaults, "decimals", decimals.cloned());
    }
    if let Some(thresholds) = threshold_steps(angular) {
        defaults.insert(
            "thresholds".to_owned(),
            object([
                ("mode", "absolute".into()),
                ("steps", Value::Array(thresholds)),
            ]),
        );
    }
    let mappings = convert_angular_value_maps(angular, defaults.get("thresholds"));
    if !mappings.is_empty() {
        defaults.insert("mappings".to_owned(), Value::Array(mappings));
    }
    if let Some(gauge) = shown_gauge {
        copy_present(&mut defaults, "min", gauge.get("minValue"));
        copy_present(&mut defaults, "max", gauge.get("maxValue"));
    }
    apply_prefix_and_postfix(&mut defaults, angular);
    defaults
}

/// `"50,80"` with three colours gives steps from minus infinity, 50 and 80.
fn threshold_steps(angular: &Object) -> Option<Vec<Value>> {
    let levels = str_at(angular, "thresholds").filter(|levels| !levels.is_empty())?;
    let colors = arr_at(angular, "colors")?;
    let levels: Vec<Value> = levels
        .split(',')
        .map(|level| match level.trim() {
            "" => Value::from(0),
            text => text.parse::<f64>().map_or(Value::Null, number_value),
        })
        .collect();
    let steps = colors
        .iter()
        .enumerate()
        .map(|(index, color)| {
            let value = match index {
                0 => Value::Null,
                _ => levels.get(index - 1).cloned().unwrap_or(Value::Null),
            };
            object([("value", value), ("color", color.clone())])
        })
        .collect();
    Some(steps)
}

fn apply_prefix_and_postfix(defaults: &mut Object, angular: &Object) {
    let has_unit = str_at(defaults, "unit").is_some_and(|unit| unit != "none");
    if has_unit {
        return;
    }
    let text_of = |key: &str| {
        str_at(angular, key)
            .map(str::trim)
            .filter(|text| !text.is_empty())
    };
    let unit = match (text_of("prefix"), text_of("postfix")) {
        (Some(prefix), _) => format!("prefix:{prefix}"),
        (None, Some(postfix)) => format!("suffix:{postfix}"),
        (None, None) => return,
    };
    defaults.insert("unit".to_owned(), Value::String(unit));
}

/// The stat panel's graph, colour and text modes.
fn add_stat_options(panel: &mut Object, angular: &Object, options: &mut Object) {
    let sparkline = obj_at(angular, "sparkline");
    let shows_sparkline = sparkline.is_some_and(|sparkline| truthy(sparkline.get("show")));
    options.insert(
        "graphMode".to_owned(),
        if shows_sparkline { "area" } else { "none" }.into(),
    );
    let color_mode = if truthy(angular.get("colorBackground")) {
        "background"
    } else if truthy(angular.get("colorValue")) {
        "value"
    } else {
        "none"
    };
    options.insert("colorMode".to_owned(), color_mode.into());
    let line_color = sparkline
        .and_then(|sparkline| sparkline.get("lineColor"))
        .filter(|c| truthy(Some(c)));
    if let (Some(line_color), "none", true) = (line_color, color_mode, shows_sparkline) {
        let fixed = object([("mode", "fixed".into()), ("fixedColor", line_color.clone())]);
        let defaults = panel
            .get_mut("fieldConfig")
            .and_then(Value::as_object_mut)
            .and_then(|field_config| field_config.get_mut("defaults"))
            .and_then(Value::as_object_mut);
        if let Some(defaults) = defaults {
            defaults.insert("color".to_owned(), fixed);
        }
    }
    if str_at(angular, "valueName") == Some("name") {
        options.insert("textMode".to_owned(), "name".into());
    }
}
