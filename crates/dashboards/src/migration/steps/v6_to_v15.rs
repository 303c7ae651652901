//! Schema 6 to 15: the Grafana 2–4 era.
//!
//! - 6: the annotations pulldown becomes `annotations.list`; variables get a `type` and an
//!   explicit `datasource`.
//! - 7: `nav[0]` becomes `timepicker`; queries without `refId` get one.
//! - 8: old InfluxDB queries (`fields`, `tags`, `groupBy`) become the `select` form.
//! - 9: singlestat `thresholds` with three or more levels lose the first.
//! - 10: table style `thresholds` with three or more levels lose the first.
//! - 12: graph axes move from `grid` and `y_formats` into `yaxes` / `xaxis` (variables: see
//!   `templating`).
//! - 13: graph `grid.threshold1/2` become the `thresholds` list.
//! - 14: `sharedCrosshair` becomes `graphTooltip`.
//!
//! 11 and 15 changed nothing Grafana still migrates.

use serde_json::Value;

use super::StepContext;
use crate::migration::json::{
    arr_at, arr_at_mut, copy_present, insert_present, obj_at, obj_at_mut, object, str_at, truthy,
    Object,
};
use crate::migration::walk::{for_each_panel, for_each_variable};

/// Schema 6: annotations move out of `pulldowns`; variables get a type and a data source.
pub(super) fn v6_annotations_and_variables(dashboard: &mut Object, _: &StepContext<'_>) {
    let pulldown = arr_at(dashboard, "pulldowns").and_then(|pulldowns| {
        pulldowns
            .iter()
            .filter_map(Value::as_object)
            .find(|pulldown| str_at(pulldown, "type") == Some("annotations"))
            .cloned()
    });
    if let Some(pulldown) = pulldown {
        let list = match pulldown.get("annotations") {
            Some(list) if truthy(Some(list)) => list.clone(),
            _ => Value::Array(Vec::new()),
        };
        dashboard.insert("annotations".to_owned(), object([("list", list)]));
    }
    if dashboard.get("pulldowns").is_some_and(Value::is_array) {
        dashboard.shift_remove("pulldowns");
    }
    for_each_variable(dashboard, &mut |variable| {
        if !variable.contains_key("datasource") {
            variable.insert("datasource".to_owned(), Value::Null);
        }
        match variable.get("type") {
            None => {
                variable.insert("type".to_owned(), "query".into());
            }
            Some(kind) if kind.as_str() == Some("filter") => {
                variable.insert("type".to_owned(), "query".into());
            }
            Some(_) => {}
        }
    });
}

/// Schema 7: the first `nav` entry becomes the time picker; every query gets a `refId`.
pub(super) fn v7_timepicker_and_ref_ids(dashboard: &mut Object, _: &StepContext<'_>) {
    if let Some(first) = arr_at(dashboard, "nav")
        .and_then(|nav| nav.first())
        .cloned()
    {
        dashboard.insert("timepicker".to_owned(), first);
    }
    if dashboard.get("nav").is_some_and(Value::is_array) {
        dashboard.shift_remove("nav");
    }
    for_each_panel(dashboard, &mut |panel| {
        if let Some(targets) = arr_at_mut(panel, "targets") {
            ensure_ref_ids(targets);
        }
    });
}

/// Gives every query object without a truthy `refId` the first free letter (A … Z, AA …).
pub(crate) fn ensure_ref_ids(targets: &mut [Value]) {
    for index in 0..targets.len() {
        let needs_id = targets[index]
            .as_object()
            .is_some_and(|t| !truthy(t.get("refId")));
        if !needs_id {
            continue;
        }
        let ref_id = next_ref_id(targets);
        if let Some(target) = targets[index].as_object_mut() {
            target.insert("refId".to_owned(), Value::String(ref_id));
        }
    }
}

/// The first query letter not used by any of `targets` (Grafana's `getNextRefIdChar`).
pub(crate) fn next_ref_id(targets: &[Value]) -> String {
    let used = |candidate: &str| {
        targets
            .iter()
            .any(|target| target.get("refId").and_then(Value::as_str) == Some(candidate))
    };
    (0..)
        .map(ref_id_for)
        .find(|candidate| !used(candidate))
        .unwrap_or_else(|| "A".to_owned())
}

fn ref_id_for(number: usize) -> String {
    const LETTERS: &[u8; 26] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let letter = char::from(LETTERS[number % 26]);
    if number < 26 {
        letter.to_string()
    } else {
        format!("{}{letter}", ref_id_for(number / 26 - 1))
    }
}

/// Schema 8: InfluxDB queries with `fields`, `tags` and `groupBy` take the `select` form.
pub(super) fn v8_influxdb_queries(dashboard: &mut Object, _: &StepContext<'_>) {
    for_each_panel(dashboard, &mut |panel| {
        let Some(targets) = arr_at_mut(panel, "targets") else {
            return;
        };
        for target in targets.iter_mut().filter_map(Value::as_object_mut) {
            upgrade_influx_target(target);
        }
    });
}

fn upgrade_influx_target(target: &mut Object) {
    let is_old_influx = ["fields", "tags", "groupBy"]
        .iter()
        .all(|key| truthy(target.get(*key)));
    if !is_old_influx {
        return;
    }
    if truthy(target.get("rawQuery")) {
        target.shift_remove("fields");
        target.shift_remove("fill");
        return;
    }
    let (Some(fields), Some(_)) = (arr_at(target, "fields"), arr_at(target, "groupBy")) else {
        return;
    };
    let select: Vec<Value> = fields.iter().map(select_parts_for_field).collect();
    target.insert("select".to_owned(), Value::Array(select));
    target.shift_remove("fields");
    let fill = target.shift_remove("fill");
    let Some(group_by) = arr_at_mut(target, "groupBy") else {
        return;
    };
    for part in group_by.iter_mut().filter_map(Value::as_object_mut) {
        let moved_key = match str_at(part, "type") {
            Some("time") => "interval",
            Some("tag") => "key",
            _ => continue,
        };
        if truthy(part.get(moved_key)) {
            let param = part.shift_remove(moved_key).unwrap_or(Value::Null);
            part.insert("params".to_owned(), Value::Array(vec![param]));
        }
    }
    if let Some(fill) = fill.filter(|fill| truthy(Some(fill))) {
        group_by.push(object([
            ("type", "fill".into()),
            ("params", Value::Array(vec![fill])),
        ]));
    }
}

fn select_parts_for_field(field: &Value) -> Value {
    let field = field.as_object();
    let get = |key: &str| field.and_then(|field| field.get(key)).cloned();
    let part = |kind: Value, params: Vec<Value>| {
        let mut part = Object::new();
        insert_present(&mut part, "type", Some(kind));
        part.insert("params".to_owned(), Value::Array(params));
        Value::Object(part)
    };
    let mut parts = vec![
        part("field".into(), vec![get("name").unwrap_or(Value::Null)]),
        part(get("func").unwrap_or(Value::Null), Vec::new()),
    ];
    if let Some(math) = get("mathExpr").filter(|math| truthy(Some(math))) {
        parts.push(part("math".into(), vec![math]));
    }
    if let Some(alias) = get("asExpr").filter(|alias| truthy(Some(alias))) {
        parts.push(part("alias".into(), vec![alias]));
    }
    Value::Array(parts)
}

/// Schema 9: a singlestat's `thresholds` string with three or more levels drops the first.
pub(super) fn v9_singlestat_thresholds(dashboard: &mut Object, _: &StepContext<'_>) {
    for_each_panel(dashboard, &mut |panel| {
        if str_at(panel, "type") != Some("singlestat") {
            return;
        }
        let Some(levels) = str_at(panel, "thresholds").filter(|t| !t.is_empty()) else {
            return;
        };
        let levels: Vec<&str> = levels.split(',').collect();
        if levels.len() >= 3 {
            let kept = levels[1..].join(",");
            panel.insert("thresholds".to_owned(), Value::String(kept));
        }
    });
}

/// Schema 10: a table style's `thresholds` list with three or more levels drops the first.
pub(super) fn v10_table_style_thresholds(dashboard: &mut Object, _: &StepContext<'_>) {
    for_each_panel(dashboard, &mut |panel| {
        if str_at(panel, "type") != Some("table") {
            return;
        }
        let Some(styles) = arr_at_mut(panel, "styles") else {
            return;
        };
        for style in styles.iter_mut().filter_map(Value::as_object_mut) {
            if let Some(thresholds) = arr_at_mut(style, "thresholds").filter(|t| t.len() >= 3) {
                thresholds.remove(0);
            }
        }
    });
}

/// Schema 12: graph axes move from `grid`, `y_formats` and the axis labels into `yaxes`.
pub(super) fn v12_graph_axes(dashboard: &mut Object, _: &StepContext<'_>) {
    for_each_panel(dashboard, &mut |panel| {
        if str_at(panel, "type") != Some("graph") || truthy(panel.get("yaxes")) {
            return;
        }
        let Some(grid) = obj_at(panel, "grid").cloned() else {
            return;
        };
        let formats = arr_at(panel, "y_formats").cloned().unwrap_or_default();
        let axis = |side: &str, index: usize, label_key: &str| {
            let mut axis = Object::new();
            copy_present(&mut axis, "show", panel.get("y-axis"));
            copy_present(&mut axis, "min", grid.get(&format!("{side}Min")));
            copy_present(&mut axis, "max", grid.get(&format!("{side}Max")));
            copy_present(&mut axis, "logBase", grid.get(&format!("{side}LogBase")));
            copy_present(&mut axis, "format", formats.get(index));
            copy_present(&mut axis, "label", panel.get(label_key));
            Value::Object(axis)
        };
        let yaxes = vec![
            axis("left", 0, "leftYAxisLabel"),
            axis("right", 1, "rightYAxisLabel"),
        ];
        let mut xaxis = Object::new();
        copy_present(&mut xaxis, "show", panel.get("x-axis"));
        panel.insert("yaxes".to_owned(), Value::Array(yaxes));
        panel.insert("xaxis".to_owned(), Value::Object(xaxis));
        if let Some(grid) = obj_at_mut(panel, "grid") {
            for key in [
                "leftMin",
                "leftMax",
                "leftLogBase",
                "rightMin",
                "rightMax",
                "rightLogBase",
            ] {
                grid.shift_remove(key);
            }
        }
        for key in [
            "y_formats",
            "leftYAxisLabel",
            "rightYAxisLabel",
            "y-axis",
            "x-axis",
        ] {
            panel.shift_remove(key);
        }
    });
}

/// Schema 13: a graph's `grid.threshold1/2` become entries of its `thresholds` list.
pub(super) fn v13_graph_thresholds(dashboard: &mut Object, _: &StepContext<'_>) {
    for_each_panel(dashboard, &mut |panel| {
        if str_at(panel, "type") != Some("graph") {
            return;
        }
        let Some(grid) = obj_at(panel, "grid").cloned() else {
            return;
        };
        if !truthy(panel.get("thresholds")) {
            panel.insert("thresholds".to_owned(), Value::Array(Vec::new()));
        }
        let line = truthy(grid.get("thresholdLine"));
        let first = grid_threshold(&grid, "threshold1", line);
        let second = grid_threshold(&grid, "threshold2", line);
        let mut added = Vec::new();
        if let Some((first_value, mut first)) = first {
            match second {
                Some((second_value, mut second)) => {
                    let op = if first_value > second_value {
                        "lt"
                    } else {
                        "gt"
                    };
                    first.insert("op".to_owned(), op.into());
                    second.insert("op".to_owned(), op.into());
                    added.push(Value::Object(first));
                    added.push(Value::Object(second));
                }
                None => {
                    first.insert("op".to_owned(), "gt".into());
                    added.push(Value::Object(first));
                }
            }
        }
        if let Some(thresholds) = arr_at_mut(panel, "thresholds") {
            thresholds.extend(added);
        }
        if let Some(grid) = obj_at_mut(panel, "grid") {
            for key in [
                "threshold1",
                "threshold1Color",
                "threshold2",
                "threshold2Color",
                "thresholdLine",
            ] {
                grid.shift_remove(key);
            }
        }
    });
}

/// One old grid threshold as `(value, threshold)`, when its value is a number.
fn grid_threshold(grid: &Object, key: &str, line: bool) -> Option<(f64, Object)> {
    let value = grid.get(key).filter(|value| value.is_number())?;
    let color = grid.get(&format!("{key}Color"));
    let mut threshold = Object::new();
    threshold.insert("value".to_owned(), value.clone());
    let (flag, color_key) = if line {
        ("line", "lineColor")
    } else {
        ("fill", "fillColor")
    };
    threshold.insert(flag.to_owned(), Value::Bool(true));
    copy_present(&mut threshold, color_key, color);
    threshold.insert("colorMode".to_owned(), "custom".into());
    Some((value.as_f64().unwrap_or_default(), threshold))
}

/// Schema 14: `sharedCrosshair` becomes `graphTooltip` (1 shared crosshair, 0 off).
pub(super) fn v14_shared_crosshair(dashboard: &mut Object, _: &StepContext<'_>) {
    let shared = truthy(dashboard.get("sharedCrosshair"));
    dashboard.insert("graphTooltip".to_owned(), Value::from(u8::from(shared)));
    dashboard.shift_remove("sharedCrosshair");
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ref_ids_fill_gaps_and_continue_past_z() {
        let mut targets = vec![
            json!({"refId": "A"}),
            json!({}),
            json!({"refId": ""}),
            json!("raw"),
        ];
        ensure_ref_ids(&mut targets);
        assert_eq!(
            targets,
            vec![
                json!({"refId": "A"}),
                json!({"refId": "B"}),
                json!({"refId": "C"}),
                json!("raw")
            ]
        );
        let all_letters: Vec<Value> = (0..26).map(|n| json!({"refId": ref_id_for(n)})).collect();
        assert_eq!(next_ref_id(&all_letters), "AA");
        assert_eq!(ref_id_for(26 * 27), "AAA");
    }

    #[test]
    fn influx_fields_become_select_parts() {
        let mut target = json!({
            "fields": [{"name": "value", "func": "mean", "mathExpr": "*2", "asExpr": "double"}],
            "tags": [],
            "groupBy": [{"type": "time", "interval": "auto"}, {"type": "tag", "key": "host"}],
            "fill": "null"
        });
        upgrade_influx_target(target.as_object_mut().unwrap());
        assert_eq!(
            target,
            json!({
                "tags": [],
                "groupBy": [
                    {"type": "time", "params": ["auto"]},
                    {"type": "tag", "params": ["host"]},
                    {"type": "fill", "params": ["null"]}
                ],
                "select": [[
                    {"type": "field", "params": ["value"]},
                    {"type": "mean", "params": []},
                    {"type": "math", "params": ["*2"]},
                    {"type": "alias", "params": ["double"]}
                ]]
            })
        );
    }
}
