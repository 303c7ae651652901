//! What a converted graph draws besides its series: `thresholds` become threshold steps
//! with a `custom.thresholdsStyle` (line, area or both), and `timeRegions` become hidden
//! annotation queries of the built-in Grafana data source, filtered to the panel.

use serde_json::Value;

use crate::migration::json::{
    arr_at, copy_present, insert_present, is_nullish, numeric, object, str_at, truthy, Object,
};

/// Time regions become hidden annotation queries of the built-in Grafana data source,
/// filtered to this panel.
pub(super) fn time_region_annotations(angular: &Object) -> Vec<Value> {
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
            copy_present(&mut time_region, key, region.get(key));
        }
        time_region.insert("timezone".to_owned(), "utc".into());
        let mut annotation = Object::new();
        annotation.insert(
            "datasource".to_owned(),
            object([("type", "datasource".into()), ("uid", "grafana".into())]),
        );
        annotation.insert("enable".to_owned(), Value::Bool(true));
        annotation.insert("hide".to_owned(), Value::Bool(true));
        annotation.insert(
            "filter".to_owned(),
            object([
                ("exclude", Value::Bool(false)),
                ("ids", Value::Array(vec![panel_id.clone()])),
            ]),
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
pub(super) fn apply_thresholds(defaults: &mut Object, angular: &Object) {
    let Some(thresholds) = arr_at(angular, "thresholds").filter(|t| !t.is_empty()) else {
        return;
    };
    let mut sorted: Vec<&Object> = thresholds.iter().filter_map(Value::as_object).collect();
    let value_of = |t: &Object| numeric(t.get("value")).unwrap_or(f64::NAN);
    sorted.sort_by(|a, b| {
        value_of(a)
            .partial_cmp(&value_of(b))
            .unwrap_or(std::cmp::Ordering::Equal)
    });

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
                    Some(next)
                        if str_at(next, "op") == Some("gt")
                            && value_of(next) > value_of(threshold) =>
                    {
                        transparent
                    }
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
        custom.insert(
            "thresholdsStyle".to_owned(),
            object([("mode", mode.into())]),
        );
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
    defaults.insert(
        "thresholds".to_owned(),
        object([("mode", "absolute".into()), ("steps", Value::Array(steps))]),
    );
}

fn threshold_color(threshold: &Object) -> Option<Value> {
    match str_at(threshold, "colorMode") {
        Some("warning") => Some("orange".into()),
        Some("custom") => {
            let fill = threshold.get("fillColor").filter(|c| truthy(Some(c)));
            fill.or_else(|| threshold.get("lineColor"))
                .filter(|c| !is_nullish(Some(c)))
                .cloned()
        }
        _ => Some("red".into()),
    }
}
