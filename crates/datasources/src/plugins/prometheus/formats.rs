//! The `table` and `heatmap` formats. Grafana's browser reshapes the series frames itself
//! (`transformV2`); Sightline does it on the server so every client gets the shape it asked
//! for:
//!
//! - **table**: one frame, `Time`, one string field per label (sorted by name, `__name__`
//!   included) and `Value #<refId>` (`Value` alone when the request has one query), a row per
//!   sample of every series;
//! - **heatmap**: the `le` buckets of a histogram, sorted by bound and de-accumulated (each
//!   bucket minus the one below), as one wide frame of type `heatmap-rows` with a field per
//!   bucket named by its bound.

use std::collections::BTreeSet;

use sightline_query::frame::{
    Column, Field, FieldConfig, FieldValues, Frame, FrameMeta, Labels, Timestamp,
};

/// The series frames of one query as a single table frame; frames that are not series
/// (no time and float value fields) are kept as they are.
pub fn to_table(frames: Vec<Frame>, ref_id: &str, many_queries: bool) -> Vec<Frame> {
    let (series, others): (Vec<Frame>, Vec<Frame>) = frames
        .into_iter()
        .partition(|frame| series_parts(frame).is_some());
    if series.is_empty() {
        return others;
    }
    let label_names: BTreeSet<String> = series
        .iter()
        .filter_map(series_parts)
        .flat_map(|(_, _, labels)| labels.keys().cloned())
        .collect();
    let mut times: Vec<Timestamp> = Vec::new();
    let mut values: Vec<f64> = Vec::new();
    let mut label_columns: Vec<Vec<String>> = vec![Vec::new(); label_names.len()];
    for (frame_times, frame_values, labels) in series.iter().filter_map(series_parts) {
        for (time, value) in frame_times.iter().zip(frame_values.iter()) {
            let (Some(time), Some(value)) = (time, value) else {
                continue;
            };
            times.push(*time);
            values.push(*value);
            for (column, name) in label_columns.iter_mut().zip(&label_names) {
                column.push(labels.get(name).cloned().unwrap_or_default());
            }
        }
    }
    let executed = series
        .first()
        .and_then(|frame| frame.meta.as_ref())
        .and_then(|meta| meta.executed_query_string.clone());
    let mut table = Frame::new("")
        .with_ref_id(ref_id)
        .with_meta(FrameMeta {
            preferred_visualisation_type: Some("table".to_string()),
            executed_query_string: executed,
            ..FrameMeta::default()
        })
        .with_field(Field::new("Time", times));
    for (name, column) in label_names.iter().zip(label_columns) {
        table = table.with_field(Field::new(name.clone(), column));
    }
    let value_name = if many_queries {
        format!("Value #{ref_id}")
    } else {
        "Value".to_string()
    };
    table = table.with_field(Field::new(value_name, values));
    let mut result = vec![table];
    result.extend(others);
    result
}

/// The bucket series of one query as a `heatmap-rows` frame; without `le` labels the frames
/// are returned unchanged.
pub fn to_heatmap(frames: Vec<Frame>, ref_id: &str) -> Vec<Frame> {
    let mut buckets: Vec<(f64, String, &Column<Timestamp>, &Column<f64>)> = frames
        .iter()
        .filter_map(|frame| {
            let (times, values, labels) = series_parts(frame)?;
            let bound_text = labels.get("le")?;
            let bound = bound_text.parse::<f64>().ok()?;
            Some((bound, bound_text.clone(), times, values))
        })
        .collect();
    if buckets.is_empty() {
        return frames;
    }
    buckets.sort_by(|a, b| a.0.total_cmp(&b.0));
    let times = buckets[0].2.clone();
    let rows = times.len();
    let mut heatmap = Frame::new("")
        .with_ref_id(ref_id)
        .with_meta(FrameMeta::typed("heatmap-rows", [0, 0]))
        .with_field(Field::new("Time", FieldValues::Time(times)));
    let mut below: Vec<f64> = vec![0.0; rows];
    for (_, bound_text, _, values) in &buckets {
        let mut counts = Vec::with_capacity(rows);
        for (row, previous) in below.iter_mut().enumerate() {
            let cumulative = values.get(row).copied().unwrap_or(*previous);
            counts.push(cumulative - *previous);
            *previous = cumulative;
        }
        let field = Field::new(bound_text.clone(), counts).with_config(FieldConfig {
            display_name_from_ds: Some(bound_text.clone()),
            ..FieldConfig::default()
        });
        heatmap = heatmap.with_field(field);
    }
    vec![heatmap]
}

/// The time column, float column and labels of a two-field series frame.
fn series_parts(frame: &Frame) -> Option<(&Column<Timestamp>, &Column<f64>, &Labels)> {
    let [time, value] = frame.fields.as_slice() else {
        return None;
    };
    match (&time.values, &value.values) {
        (FieldValues::Time(times), FieldValues::Float64(values)) => {
            Some((times, values, value.label_set()))
        }
        _ => None,
    }
}
