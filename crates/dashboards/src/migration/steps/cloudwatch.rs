//! Schema 34: CloudWatch queries with several statistics become one query per statistic.
//!
//! A CloudWatch metrics query (one with `dimensions`, `namespace`, `region` and
//! `metricName`) gets `metricEditorMode` and `metricQueryType` (0, the builder and metric
//! search) when missing; its `statistics` list becomes a single `statistic`, and each further
//! statistic becomes a copy of the query with the next free `refId`, appended to the panel.
//! Legacy CloudWatch annotation queries are split the same way, the copies named
//! `"<name> - <statistic>"`. An empty `statistics` list is left as it is.

use serde_json::Value;

use super::v6_to_v15::next_ref_id;
use super::StepContext;
use crate::migration::json::{arr_at_mut, str_at, Object};
use crate::migration::walk::{annotations, for_each_panel};

/// Schema 34: splits multi-statistic CloudWatch queries and annotations.
pub(super) fn v34_split_statistics(dashboard: &mut Object, _: &StepContext<'_>) {
    for_each_panel(dashboard, &mut |panel| {
        if let Some(targets) = arr_at_mut(panel, "targets") {
            split_metric_queries(targets);
        }
    });
    if let Some(list) = annotations(dashboard) {
        split_annotation_queries(list);
    }
}

fn has_keys(object: &Object, keys: &[&str]) -> bool {
    keys.iter().all(|key| object.contains_key(*key))
}

/// The statistics worth splitting on: strings and nulls. `None` for an empty list (kept)
/// or a missing / non-list value (nothing to do).
fn statistics_of(object: &Object) -> Option<Vec<Value>> {
    let statistics = object.get("statistics")?.as_array()?;
    if statistics.is_empty() {
        return None;
    }
    Some(
        statistics
            .iter()
            .filter(|s| s.is_null() || s.is_string())
            .cloned()
            .collect(),
    )
}

fn split_metric_queries(targets: &mut Vec<Value>) {
    let mut copies: Vec<Value> = Vec::new();
    for index in 0..targets.len() {
        let Some(target) = targets[index].as_object_mut() else {
            continue;
        };
        if !has_keys(target, &["dimensions", "namespace", "region", "metricName"]) {
            continue;
        }
        for key in ["metricEditorMode", "metricQueryType"] {
            target.entry(key).or_insert(Value::from(0));
        }
        let Some(statistics) = statistics_of(target) else {
            continue;
        };
        target.shift_remove("statistics");
        let mut statistics = statistics.into_iter();
        if let Some(Value::String(first)) = statistics.next() {
            target.insert("statistic".to_owned(), Value::String(first));
        }
        let template = target.clone();
        for statistic in statistics {
            let mut copy = template.clone();
            match statistic {
                Value::String(statistic) => {
                    copy.insert("statistic".to_owned(), Value::String(statistic));
                }
                _ => {
                    copy.shift_remove("statistic");
                }
            }
            let taken: Vec<Value> = targets.iter().chain(copies.iter()).cloned().collect();
            copy.insert("refId".to_owned(), Value::String(next_ref_id(&taken)));
            copies.push(Value::Object(copy));
        }
    }
    targets.extend(copies);
}

fn split_annotation_queries(list: &mut Vec<Value>) {
    let mut copies = Vec::new();
    for annotation in list.iter_mut().filter_map(Value::as_object_mut) {
        if !has_keys(
            annotation,
            &[
                "dimensions",
                "namespace",
                "region",
                "prefixMatching",
                "statistics",
            ],
        ) {
            continue;
        }
        let Some(statistics) = statistics_of(annotation) else {
            continue;
        };
        annotation.shift_remove("statistics");
        let name = str_at(annotation, "name").unwrap_or_default().to_owned();
        let several = statistics.len() > 1;
        let template = annotation.clone();
        for (index, statistic) in statistics.into_iter().enumerate() {
            let mut query = template.clone();
            let suffix = match &statistic {
                Value::String(statistic) => {
                    query.insert("statistic".to_owned(), Value::String(statistic.clone()));
                    statistic.clone()
                }
                _ => "null".to_owned(),
            };
            if several && !name.is_empty() {
                query.insert(
                    "name".to_owned(),
                    Value::String(format!("{name} - {suffix}")),
                );
            }
            if index == 0 {
                *annotation = query;
            } else {
                copies.push(Value::Object(query));
            }
        }
    }
    list.extend(copies);
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn several_statistics_become_several_queries() {
        let mut targets = vec![
            json!({"refId": "A", "dimensions": {}, "namespace": "AWS/EC2", "region": "eu-west-1", "metricName": "CPU", "statistics": ["Average", "Maximum"]}),
            json!({"refId": "B", "expr": "up"}),
        ];
        split_metric_queries(&mut targets);
        assert_eq!(targets.len(), 3);
        assert_eq!(targets[0]["statistic"], "Average");
        assert_eq!(targets[0]["metricEditorMode"], 0);
        assert!(targets[0].get("statistics").is_none());
        assert_eq!(targets[2]["statistic"], "Maximum");
        assert_eq!(targets[2]["refId"], "C");
    }

    #[test]
    fn annotations_split_with_named_copies() {
        let mut list = vec![json!({
            "name": "CW", "dimensions": {}, "namespace": "n", "region": "r", "prefixMatching": false,
            "statistics": ["Maximum", "Minimum"]
        })];
        split_annotation_queries(&mut list);
        assert_eq!(list.len(), 2);
        assert_eq!(list[0]["name"], "CW - Maximum");
        assert_eq!(list[1]["name"], "CW - Minimum");
        assert_eq!(list[1]["statistic"], "Minimum");
    }
}
