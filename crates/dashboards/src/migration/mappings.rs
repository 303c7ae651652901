//! Value mappings and thresholds shared by several migrations.
//!
//! Angular panels stored value mappings as `{type: 1, value, text}` (value to text) and
//! `{type: 2, from, to, text}` (range to text). The React panels use
//! `{type: "value", options: {"<value>": {text, color}}}`, `{type: "range", options: {from,
//! to, result}}` and `{type: "special", options: {match: "null", result}}`. A mapped text that
//! is a number takes the colour the panel's thresholds would have given that number.

use serde_json::Value;

use super::json::{
    arr_at, as_number, copy_present, insert_present, is_nullish, js_string, number_value, obj_at,
    object, parse_float_prefix, str_at, truthy, unary_plus, Object,
};

/// The colour of the threshold step that `value` falls in (Grafana's `getActiveThreshold`).
/// A step whose value is `null` stands for minus infinity.
pub(crate) fn active_threshold_color(value: f64, thresholds: Option<&Value>) -> Option<String> {
    let steps = thresholds
        .and_then(Value::as_object)
        .and_then(|config| arr_at(config, "steps"))?;
    let mut active = steps.first()?;
    for step in steps {
        let step_value = step
            .get("value")
            .and_then(Value::as_f64)
            .unwrap_or(f64::NEG_INFINITY);
        if value >= step_value {
            active = step;
        } else {
            break;
        }
    }
    active
        .get("color")
        .and_then(Value::as_str)
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
}

/// Converts an Angular singlestat's `valueMaps` / `rangeMaps` (Grafana's
/// `convertOldAngularValueMappings`): one new mapping per old entry, in order.
pub(crate) fn convert_angular_value_maps(panel: &Object, thresholds: Option<&Value>) -> Vec<Value> {
    let mapping_type = if truthy(panel.get("mappingType")) {
        as_number(panel.get("mappingType"))
    } else if arr_at(panel, "valueMaps").is_some_and(|maps| !maps.is_empty()) {
        Some(1.0)
    } else if arr_at(panel, "rangeMaps").is_some_and(|maps| !maps.is_empty()) {
        Some(2.0)
    } else {
        None
    };
    let (source_key, legacy_type) = match mapping_type {
        Some(1.0) => ("valueMaps", 1),
        Some(2.0) => ("rangeMaps", 2),
        _ => return Vec::new(),
    };
    let Some(old_maps) = arr_at(panel, source_key) else {
        return Vec::new();
    };
    old_maps
        .iter()
        .filter_map(Value::as_object)
        .filter_map(|old| upgrade_one(old, legacy_type, thresholds))
        .collect()
}

/// Converts one legacy mapping of the given legacy type (1 value, 2 range).
fn upgrade_one(old: &Object, legacy_type: u8, thresholds: Option<&Value>) -> Option<Value> {
    let result = mapping_result(old, thresholds);
    match legacy_type {
        1 => {
            let value = old.get("value").filter(|value| !value.is_null())?;
            if value.as_str() == Some("null") {
                return Some(null_mapping(result));
            }
            let key = js_string(value)?;
            let mut options = Object::new();
            options.insert(key, result);
            Some(object([
                ("type", "value".into()),
                ("options", Value::Object(options)),
            ]))
        }
        _ => {
            if str_at(old, "from") == Some("null") || str_at(old, "to") == Some("null") {
                return Some(null_mapping(result));
            }
            let from = unary_plus(old.get("from")).map_or(Value::Null, number_value);
            let to = unary_plus(old.get("to")).map_or(Value::Null, number_value);
            Some(object([
                ("type", "range".into()),
                (
                    "options",
                    object([("from", from), ("to", to), ("result", result)]),
                ),
            ]))
        }
    }
}

/// `{text, color}` for a legacy mapping; the colour comes from the thresholds when the
/// text is a number.
fn mapping_result(old: &Object, thresholds: Option<&Value>) -> Value {
    let color = str_at(old, "text")
        .and_then(parse_float_prefix)
        .and_then(|number| active_threshold_color(number, thresholds));
    let mut result = Object::new();
    copy_present(&mut result, "text", old.get("text"));
    insert_present(&mut result, "color", color.map(Value::String));
    Value::Object(result)
}

fn null_mapping(result: Value) -> Value {
    object([
        ("type", "special".into()),
        (
            "options",
            object([("match", "null".into()), ("result", result)]),
        ),
    ])
}

/// Grafana's schema-30 `upgradeValueMappings`: legacy entries in a field config's
/// `mappings` become new-style mappings; all value-to-text entries (old and new style) are
/// merged into one leading `value` mapping; other new-style mappings are kept as they are.
pub(crate) fn upgrade_value_mappings(
    old_mappings: &[Value],
    thresholds: Option<&Value>,
) -> Vec<Value> {
    let mut value_options = Object::new();
    let mut upgraded = Vec::new();
    for old in old_mappings {
        let Some(old_object) = old.as_object() else {
            upgraded.push(old.clone());
            continue;
        };
        if truthy(old_object.get("type")) && truthy(old_object.get("options")) {
            match (str_at(old_object, "type"), obj_at(old_object, "options")) {
                (Some("value"), Some(options)) => {
                    value_options.extend(options.iter().map(|(k, v)| (k.clone(), v.clone())));
                }
                _ => upgraded.push(old.clone()),
            }
            continue;
        }
        match as_number(old_object.get("type")) {
            Some(1.0) => {
                if is_nullish(old_object.get("value")) {
                    continue;
                }
                let result = mapping_result(old_object, thresholds);
                match old_object.get("value").and_then(js_string) {
                    Some(key) if key == "null" && old_object["value"].is_string() => {
                        upgraded.push(null_mapping(result));
                    }
                    Some(key) => {
                        value_options.insert(key, result);
                    }
                    None => {}
                }
            }
            Some(2.0) => {
                let result = mapping_result(old_object, thresholds);
                let from = unary_plus(old_object.get("from")).map_or(Value::Null, number_value);
                let to = unary_plus(old_object.get("to")).map_or(Value::Null, number_value);
                upgraded.push(object([
                    ("type", "range".into()),
                    (
                        "options",
                        object([("from", from), ("to", to), ("result", result)]),
                    ),
                ]));
            }
            _ => {}
        }
    }
    if !value_options.is_empty() {
        let merged = object([
            ("type", "value".into()),
            ("options", Value::Object(value_options)),
        ]);
        upgraded.insert(0, merged);
    }
    upgraded
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn thresholds() -> Value {
        json!({"mode": "absolute", "steps": [
            {"color": "green", "value": null}, {"color": "red", "value": 80}
        ]})
    }

    #[test]
    fn active_threshold_picks_the_last_step_at_or_below() {
        assert_eq!(
            active_threshold_color(10.0, Some(&thresholds())).as_deref(),
            Some("green")
        );
        assert_eq!(
            active_threshold_color(80.0, Some(&thresholds())).as_deref(),
            Some("red")
        );
        assert_eq!(
            active_threshold_color(1.0, Some(&json!({"steps": []}))),
            None
        );
    }

    #[test]
    fn angular_value_and_range_maps_become_one_mapping_each() {
        let panel = json!({
            "valueMaps": [{"op": "=", "value": "1", "text": "UP"}, {"value": "null", "text": "N/A"}],
            "rangeMaps": [{"from": "0", "to": "10", "text": "90"}]
        });
        let converted = convert_angular_value_maps(panel.as_object().unwrap(), Some(&thresholds()));
        assert_eq!(
            converted,
            vec![
                json!({"type": "value", "options": {"1": {"text": "UP"}}}),
                json!({"type": "special", "options": {"match": "null", "result": {"text": "N/A"}}}),
            ]
        );

        let ranges =
            json!({"mappingType": 2, "rangeMaps": [{"from": "0", "to": "10", "text": "90"}]});
        let converted =
            convert_angular_value_maps(ranges.as_object().unwrap(), Some(&thresholds()));
        assert_eq!(
            converted,
            vec![
                json!({"type": "range", "options": {"from": 0, "to": 10, "result": {"text": "90", "color": "red"}}})
            ]
        );
    }

    #[test]
    fn schema_30_merges_value_maps_and_keeps_other_new_style_mappings() {
        let old = vec![
            json!({"id": 0, "type": 1, "value": "1", "text": "one"}),
            json!({"type": "value", "options": {"2": {"text": "two"}}}),
            json!({"type": "regex", "options": {"pattern": "x", "result": {"text": "y"}}}),
            json!({"id": 1, "type": 2, "from": "5", "to": "", "text": "five+"}),
            json!({"id": 2, "type": 1, "value": "null", "text": "none"}),
        ];
        let upgraded = upgrade_value_mappings(&old, None);
        assert_eq!(
            upgraded,
            vec![
                json!({"type": "value", "options": {"1": {"text": "one"}, "2": {"text": "two"}}}),
                json!({"type": "regex", "options": {"pattern": "x", "result": {"text": "y"}}}),
                json!({"type": "range", "options": {"from": 5, "to": 0, "result": {"text": "five+"}}}),
                json!({"type": "special", "options": {"match": "null", "result": {"text": "none"}}}),
            ]
        );
    }
}
