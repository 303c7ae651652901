//! Shaping a typed result as Grafana's `sqleng` does: the time column (named `time`, or
//! `time_sec` in MySQL) read as time even when it holds epoch numbers, and for the
//! `time_series` format: the time field renamed `Time`, value columns converted to float64,
//! a long result (with string columns) turned wide with those strings as labels, a lone
//! `metric` label made the series name (Grafana 7's naming), and missing intervals filled
//! when a group macro asked for it ([`super::resample`]).

use sightline_query::frame::series::{SeriesSchema, SeriesShape};
use sightline_query::frame::{
    long_to_wide, Column, Field, FieldType, FieldValues, FillMissing, Frame, Notice,
    NoticeSeverity, Timestamp,
};
use sightline_query::time::TimeRange;

use super::error::QueryError;
use super::macros::FillSpec;
use super::resample::resample;

/// The time column: the last column named as one of `names`.
pub fn time_index(frame: &Frame, names: &[&str]) -> Option<usize> {
    frame
        .fields
        .iter()
        .rposition(|field| names.contains(&field.name.as_str()))
}

/// Epoch seconds and nanoseconds brought to milliseconds, guessed from the magnitude as
/// Grafana does (ten-digit numbers are seconds, nineteen-digit ones nanoseconds).
pub fn epoch_precision_to_ms(value: f64) -> f64 {
    let scientific = format!("{value:e}");
    if scientific.ends_with("e9") {
        return value * 1e3;
    }
    if scientific.ends_with("e18") {
        return value / 1e6;
    }
    value
}

/// An epoch number (seconds, milliseconds or nanoseconds) as a timestamp of whole
/// milliseconds.
pub fn epoch_to_timestamp(value: f64) -> Timestamp {
    Timestamp::from_millis(epoch_precision_to_ms(value) as i64)
}

/// Makes the field at `index` a time field: time stays as it is, numbers (and numeric
/// text) are read as epoch times.
pub fn convert_time_field(frame: &mut Frame, index: usize) -> Result<(), String> {
    let Some(field) = frame.fields.get_mut(index) else {
        return Err(format!("timeIndex {index} is out of range"));
    };
    if field.field_type() == FieldType::Time {
        return Ok(());
    }
    let numbers = match &field.values {
        FieldValues::String(column) => column
            .iter()
            .map(|cell| cell.map(|text| text.trim().parse::<f64>()).transpose())
            .collect::<Result<Vec<_>, _>>()
            .ok(),
        other => floats(other),
    };
    let Some(numbers) = numbers else {
        return Err("unable to convert data to a time field".into());
    };
    let times: Vec<Option<Timestamp>> = numbers
        .into_iter()
        .map(|cell| cell.map(epoch_to_timestamp))
        .collect();
    field.values = Column::nullable(times).into();
    Ok(())
}

/// The cells of a numeric, boolean (1/0) or time (epoch milliseconds) field as floats;
/// `None` for other types.
pub fn floats(values: &FieldValues) -> Option<Vec<Option<f64>>> {
    fn each<T: Copy>(column: &Column<T>, to_f64: impl Fn(T) -> f64) -> Option<Vec<Option<f64>>> {
        Some(column.iter().map(|cell| cell.map(|v| to_f64(*v))).collect())
    }
    match values {
        FieldValues::Float64(c) => each(c, |v| v),
        FieldValues::Float32(c) => each(c, f64::from),
        FieldValues::Int8(c) => each(c, f64::from),
        FieldValues::Int16(c) => each(c, f64::from),
        FieldValues::Int32(c) => each(c, f64::from),
        FieldValues::Int64(c) => each(c, |v| v as f64),
        FieldValues::Uint8(c) => each(c, f64::from),
        FieldValues::Uint16(c) => each(c, f64::from),
        FieldValues::Uint32(c) => each(c, f64::from),
        FieldValues::Uint64(c) => each(c, |v| v as f64),
        FieldValues::Bool(c) => each(c, |v| if v { 1.0 } else { 0.0 }),
        FieldValues::Time(c) => each(c, |v| v.millis() as f64),
        FieldValues::String(_) | FieldValues::Json(_) | FieldValues::Enum(_) => None,
    }
}

/// The `time_series` shape of a result whose time column is at `time_index` (already a
/// time field).
pub fn to_time_series(
    mut frame: Frame,
    time_index: usize,
    fill: Option<FillSpec>,
    range: &TimeRange,
) -> Result<Frame, QueryError> {
    frame.fields[time_index].name = "Time".to_string();
    for (index, field) in frame.fields.iter_mut().enumerate() {
        if index == time_index || field.field_type() == FieldType::String {
            continue;
        }
        if field.field_type() == FieldType::Float64 {
            field.values = std::mem::replace(
                &mut field.values,
                FieldValues::empty(FieldType::Float64, true),
            )
            .into_nullable();
            continue;
        }
        let Some(numbers) = floats(&field.values) else {
            return Err(QueryError::plugin(
                "convert value to float failed",
                format!(
                    "cannot convert column {:?} of type {} to float64",
                    field.name,
                    field.field_type().go_type_name()
                ),
            ));
        };
        field.values = Column::nullable(numbers).into();
    }

    let original_fields = frame.fields.len();
    if SeriesSchema::of(&frame).shape == SeriesShape::Long {
        let missing = fill.map_or(FillMissing::Null, |spec| spec.missing);
        frame = long_to_wide(&frame, missing).map_err(|error| {
            QueryError::plugin(
                "failed to convert long to wide series when converting from dataframe",
                error.to_string(),
            )
        })?;
        if original_fields == 3 {
            name_series_by_metric(&mut frame.fields);
        }
    }
    if let Some(spec) = fill {
        match resample(&frame, spec, range) {
            Some(resampled) => frame = resampled,
            None => {
                let meta = frame.meta.get_or_insert_with(Default::default);
                meta.notices.push(Notice {
                    severity: NoticeSeverity::Warning,
                    text: "Failed to resample dataframe".into(),
                    link: None,
                    inspect: None,
                });
            }
        }
    }
    Ok(frame)
}

/// Grafana 7 named a series by its `metric` value alone: a field whose only label is
/// `metric` takes the label's value as its name.
fn name_series_by_metric(fields: &mut [Field]) {
    for field in fields {
        if field.label_set().len() != 1 {
            continue;
        }
        if let Some(metric) = field.label_set().get("metric") {
            field.name = metric.clone();
            field.labels = None;
        }
    }
}
