//! Between data frames and expression [`Value`]s, with Grafana's rules:
//!
//! - no frames, or one frame without fields: [`Value::NoData`];
//! - a `numeric-multi` frame of one row (a Prometheus instant answer: `Time` and `Value`):
//!   a [`Number`] per numeric field with its labels, as Grafana reads data plane numbers, so
//!   that `$A > 5` over an instant query gives numbers an alert can use, not series;
//! - a frame without a time field holding one numeric field (and string fields): a
//!   [`Number`] per row, labelled by the string fields (a "number table");
//! - a frame without a time field holding several numeric fields and one row: a [`Number`]
//!   per numeric field with its labels (numeric wide);
//! - frames with a time field: a [`Series`] per numeric value field with its labels (long
//!   frames are made wide first).
//!
//! Back to frames ([`values_to_frames`]): a number or scalar is a frame of one nullable
//! `float64` field named after the expression (`numeric-multi`), a series a `Time` field and
//! a value field named after the expression (`timeseries-multi`), no data an empty frame
//! named `no data`.

use crate::frame::series::{SeriesSchema, SeriesShape, TIME_FIELD_NAME};
use crate::frame::{
    frame_types, long_to_wide, Column, Field, FieldType, FieldValues, FillMissing, Frame,
    FrameMeta, Labels, Timestamp,
};

use super::value::{Number, Series, Value};

/// Reads the frames of a query result as expression values. The error says what shape was
/// not understood.
pub fn values_from_frames(frames: &[Frame]) -> Result<Vec<Value>, String> {
    if frames.is_empty() || (frames.len() == 1 && frames[0].fields.is_empty()) {
        return Ok(vec![Value::NoData]);
    }
    let mut values = Vec::new();
    for frame in frames {
        let rows = frame.row_len().map_err(|error| error.to_string())?;
        if frame.fields.is_empty() {
            continue;
        }
        if rows == 1 && is_numeric_multi(frame) {
            values.extend(numbers_of_fields(frame));
            continue;
        }
        match SeriesSchema::of(frame).shape {
            SeriesShape::Wide => values.extend(series_of_wide(frame)?),
            SeriesShape::Long => {
                let wide = long_to_wide(frame, FillMissing::Null).map_err(|e| e.to_string())?;
                values.extend(series_of_wide(&wide)?);
            }
            SeriesShape::Not => values.extend(numbers_of_table(frame)?),
        }
    }
    if values.is_empty() {
        values.push(Value::NoData);
    }
    Ok(values)
}

fn series_of_wide(frame: &Frame) -> Result<Vec<Value>, String> {
    let schema = SeriesSchema::of(frame);
    let FieldValues::Time(times) = &frame.fields[schema.time_index].values else {
        return Err("the time index is not a time field".into());
    };
    let mut series = Vec::new();
    for index in schema.value_indices {
        let field = &frame.fields[index];
        if !field.field_type().is_numeric() {
            continue;
        }
        let points = times
            .iter()
            .enumerate()
            .filter_map(|(row, time)| time.map(|t| (*t, numeric_cell(&field.values, row))))
            .collect();
        series.push(Value::Series(Series::new(field.labels.clone(), points)));
    }
    Ok(series)
}

fn numbers_of_table(frame: &Frame) -> Result<Vec<Value>, String> {
    let numeric: Vec<&Field> = frame
        .fields
        .iter()
        .filter(|f| f.field_type().is_numeric())
        .collect();
    let strings: Vec<&Field> = frame
        .fields
        .iter()
        .filter(|f| f.field_type() == FieldType::String)
        .collect();
    let rows = frame.row_len().map_err(|e| e.to_string())?;
    if numeric.len() + strings.len() != frame.fields.len() || numeric.is_empty() {
        return Err(format!(
            "a frame without a time field must hold numeric fields and optionally string fields (frame {:?})",
            frame.name
        ));
    }
    if let [value_field] = numeric.as_slice() {
        return Ok((0..rows)
            .map(|row| {
                // As Grafana's: labelled by the string columns alone, unset without any.
                let labels = (!strings.is_empty()).then(|| {
                    strings
                        .iter()
                        .map(|field| {
                            let value = field.values.label_value(row).unwrap_or_default();
                            (field.name.clone(), value)
                        })
                        .collect()
                });
                Value::Number(Number::new(labels, numeric_cell(&value_field.values, row)))
            })
            .collect());
    }
    match rows {
        0 => Ok(Vec::new()),
        1 => Ok(numbers_of_fields(frame)),
        _ => Err(format!(
            "a frame without a time field and with several numeric fields must have one row, frame {:?} has {rows}",
            frame.name
        )),
    }
}

/// The label Grafana gives series that have none, from their names.
const NAME_LABEL: &str = "__name__";

/// Grafana's labels for series that have none (its fix for TestData and Graphite): when no
/// value field of the wide frames in `frames` has labels, and one of the display name from
/// the data source, the display name or the field name (the first that does) is set and
/// different for every value field, each value field is labelled `__name__` with it.
/// `None` when nothing changes.
pub fn name_unlabelled_series(frames: &[Frame]) -> Option<Vec<Frame>> {
    let value_fields: Vec<(usize, usize)> = frames
        .iter()
        .enumerate()
        .flat_map(|(frame_index, frame)| {
            let schema = SeriesSchema::of(frame);
            let indices = match schema.shape {
                SeriesShape::Wide => schema.value_indices,
                SeriesShape::Long | SeriesShape::Not => Vec::new(),
            };
            indices.into_iter().map(move |index| (frame_index, index))
        })
        .collect();
    let field = |(frame, index): (usize, usize)| &frames[frame].fields[index];
    if value_fields.is_empty()
        || value_fields
            .iter()
            .any(|at| !field(*at).label_set().is_empty())
    {
        return None;
    }
    let selectors: [fn(&Field) -> Option<&str>; 3] = [
        |f| f.config.as_ref()?.display_name_from_ds.as_deref(),
        |f| f.config.as_ref()?.display_name.as_deref(),
        |f| Some(f.name.as_str()),
    ];
    let names = selectors.iter().find_map(|selector| {
        let names: Vec<&str> = value_fields
            .iter()
            .map(|at| selector(field(*at)).unwrap_or(""))
            .collect();
        let distinct: std::collections::BTreeSet<&str> = names.iter().copied().collect();
        let usable = distinct.len() == names.len() && !distinct.contains("");
        usable.then_some(names)
    })?;
    let names: Vec<String> = names.into_iter().map(str::to_string).collect();
    let mut named = frames.to_vec();
    for ((frame, index), name) in value_fields.into_iter().zip(names) {
        named[frame].fields[index].labels = Some(Labels::from([(NAME_LABEL.to_string(), name)]));
    }
    Some(named)
}

/// Whether `frame` is typed `numeric-multi`.
fn is_numeric_multi(frame: &Frame) -> bool {
    let frame_type = frame
        .meta
        .as_ref()
        .and_then(|meta| meta.frame_type.as_deref());
    frame_type == Some(frame_types::NUMERIC_MULTI)
}

/// A number per numeric field of a one-row frame, with the field's labels.
fn numbers_of_fields(frame: &Frame) -> Vec<Value> {
    frame
        .fields
        .iter()
        .filter(|field| field.field_type().is_numeric())
        .map(|field| {
            Value::Number(Number::new(
                field.labels.clone(),
                numeric_cell(&field.values, 0),
            ))
        })
        .collect()
}

/// The cell at `row` of a numeric column as `f64`; `None` for null or a non-numeric column.
fn numeric_cell(values: &FieldValues, row: usize) -> Option<f64> {
    match values {
        FieldValues::Float64(c) => c.get(row).copied(),
        FieldValues::Float32(c) => c.get(row).map(|v| f64::from(*v)),
        FieldValues::Int8(c) => c.get(row).map(|v| f64::from(*v)),
        FieldValues::Int16(c) => c.get(row).map(|v| f64::from(*v)),
        FieldValues::Int32(c) => c.get(row).map(|v| f64::from(*v)),
        FieldValues::Int64(c) => c.get(row).map(|v| *v as f64),
        FieldValues::Uint8(c) => c.get(row).map(|v| f64::from(*v)),
        FieldValues::Uint16(c) => c.get(row).map(|v| f64::from(*v)),
        FieldValues::Uint32(c) => c.get(row).map(|v| f64::from(*v)),
        FieldValues::Uint64(c) => c.get(row).map(|v| *v as f64),
        _ => None,
    }
}

/// The frames Grafana answers for an expression's values, each tagged with `ref_id`; series
/// and numbers carry their labels when set (`{}` included), a scalar none.
pub fn values_to_frames(ref_id: &str, values: &[Value]) -> Vec<Frame> {
    values
        .iter()
        .map(|value| value_to_frame(ref_id, value).with_ref_id(ref_id))
        .collect()
}

fn value_to_frame(ref_id: &str, value: &Value) -> Frame {
    match value {
        Value::NoData => Frame::new("no data"),
        Value::Scalar(cell) => number_frame(ref_id, None, *cell),
        Value::Number(number) => number_frame(ref_id, number.labels.clone(), number.value),
        Value::Series(series) => {
            let times: Column<Timestamp> = series.points.iter().map(|(t, _)| *t).collect();
            let cells: Column<f64> = series.points.iter().map(|(_, v)| *v).collect();
            let mut value_field = Field::new(ref_id, cells);
            value_field.labels = series.labels.clone();
            Frame::new("")
                .with_meta(FrameMeta::typed(frame_types::TIMESERIES_MULTI, [0, 1]))
                .with_field(Field::new(TIME_FIELD_NAME, times))
                .with_field(value_field)
        }
    }
}

fn number_frame(ref_id: &str, labels: Option<Labels>, cell: Option<f64>) -> Frame {
    let mut field = Field::new(ref_id, vec![cell]);
    field.labels = labels;
    Frame::new("")
        .with_meta(FrameMeta::typed(frame_types::NUMERIC_MULTI, [0, 1]))
        .with_field(field)
}
