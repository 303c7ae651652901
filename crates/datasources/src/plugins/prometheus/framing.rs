//! What Grafana adds to the converted frames of one query (`addMetadataToMultiFrame`): the
//! step as the time field's `config.interval`, the legend as the value field's
//! `config.displayNameFromDS`, and on the first frame `meta.executedQueryString` and
//! `meta.custom.calculatedMinStep`, the step in milliseconds that Grafana's browser merges
//! incremental answers by (an empty frame carries them when Prometheus returned no series).

use serde_json::Value;
use sightline_query::frame::{FieldConfig, Frame, FrameMeta};

use super::legend::display_name;
use super::query::PromQuery;

/// Decorates the frames of one range or instant answer of `query`.
pub fn decorate(mut frames: Vec<Frame>, query: &PromQuery) -> Vec<Frame> {
    if frames.is_empty() {
        frames.push(Frame::new(""));
    }
    for frame in &mut frames {
        if frame.fields.len() < 2 {
            continue;
        }
        frame.fields[0].config = Some(FieldConfig {
            interval: Some(query.step_ms()),
            ..FieldConfig::default()
        });
        let value = &mut frame.fields[1];
        let name = display_name(&query.legend_format, &query.expr, value.label_set());
        if !name.is_empty() {
            value.config = Some(FieldConfig {
                display_name_from_ds: Some(name),
                ..FieldConfig::default()
            });
        }
    }
    mark_as_answer(frames, query)
}

/// Marks frames as the answer of `query` (exemplar frames get only this): its `refId` on
/// each, and on the first what was run and the step.
pub fn mark_as_answer(mut frames: Vec<Frame>, query: &PromQuery) -> Vec<Frame> {
    for (index, frame) in frames.iter_mut().enumerate() {
        frame.ref_id = query.ref_id.clone();
        let meta = frame.meta.get_or_insert_with(FrameMeta::default);
        if index == 0 {
            meta.executed_query_string = Some(query.executed_query_string());
            meta.custom = Some(with_min_step(meta.custom.take(), query.step_ms() as i64));
        }
    }
    frames
}

/// `custom` with `calculatedMinStep` added, the keys in Go's (sorted) order.
fn with_min_step(custom: Option<Value>, step_ms: i64) -> Value {
    let mut entries: Vec<(String, Value)> = match custom {
        Some(Value::Object(map)) => map.into_iter().collect(),
        _ => Vec::new(),
    };
    entries.retain(|(key, _)| key != "calculatedMinStep");
    entries.push(("calculatedMinStep".to_string(), Value::from(step_ms)));
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    Value::Object(entries.into_iter().collect())
}
