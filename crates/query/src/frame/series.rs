//! Time series shapes, as Grafana's SDK (`data.LongToWide`, `data.WideToLong`) defines them:
//!
//! - **long**: a time field, string or bool *factor* fields and value fields; one row per
//!   series and time (what SQL returns);
//! - **wide**: a time field and value fields only, series told apart by their labels.
//!
//! The first time field is the time index; every other non-factor field is a value field.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::column::Column;
use super::error::FrameError;
use super::field::{Field, Labels};
use super::field_type::FieldType;
use super::frame::Frame;
use super::meta::{frame_types, FrameMeta};
use super::timestamp::Timestamp;
use super::values::FieldValues;

/// Field names Grafana gives a single series.
pub const TIME_FIELD_NAME: &str = "Time";
pub const VALUE_FIELD_NAME: &str = "Value";

/// A frame holding one series: a `Time` field and a `Value` field carrying `labels` (written
/// even when empty, as Grafana's TestData series are), typed as the data plane's
/// `timeseries-multi` 0.1 (one frame per series). A `None` value makes the value field
/// nullable.
pub fn time_series_frame(
    name: impl Into<String>,
    labels: Labels,
    points: impl IntoIterator<Item = (Timestamp, Option<f64>)>,
) -> Frame {
    let mut times = Column::empty(false);
    let mut values = Column::empty(false);
    for (time, value) in points {
        times.push(time);
        values.push_cell(value);
    }
    let mut value_field = Field::new(VALUE_FIELD_NAME, values);
    value_field.labels = Some(labels);
    Frame::new(name)
        .with_meta(FrameMeta::typed(frame_types::TIMESERIES_MULTI, [0, 1]))
        .with_field(Field::new(TIME_FIELD_NAME, times))
        .with_field(value_field)
}

/// The time series shape of a frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeriesShape {
    /// No time field, or no value field.
    Not,
    Long,
    Wide,
}

impl SeriesShape {
    pub fn name(self) -> &'static str {
        match self {
            SeriesShape::Not => "not",
            SeriesShape::Long => "long",
            SeriesShape::Wide => "wide",
        }
    }
}

/// Where the time index, factors and values of a frame are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeriesSchema {
    pub shape: SeriesShape,
    pub time_index: usize,
    pub factor_indices: Vec<usize>,
    pub value_indices: Vec<usize>,
}

impl SeriesSchema {
    pub fn of(frame: &Frame) -> Self {
        let not = SeriesSchema {
            shape: SeriesShape::Not,
            time_index: 0,
            factor_indices: Vec::new(),
            value_indices: Vec::new(),
        };
        let Some(time_index) = frame
            .fields
            .iter()
            .position(|f| f.field_type() == FieldType::Time)
        else {
            return not;
        };
        let is_factor = |f: &Field| matches!(f.field_type(), FieldType::String | FieldType::Bool);
        let factor_indices: Vec<usize> = (0..frame.fields.len())
            .filter(|i| is_factor(&frame.fields[*i]))
            .collect();
        let value_indices: Vec<usize> = (0..frame.fields.len())
            .filter(|i| *i != time_index && !is_factor(&frame.fields[*i]))
            .collect();
        let shape = match (value_indices.is_empty(), factor_indices.is_empty()) {
            (true, _) => SeriesShape::Not,
            (false, true) => SeriesShape::Wide,
            (false, false) => SeriesShape::Long,
        };
        SeriesSchema {
            shape,
            time_index,
            factor_indices,
            value_indices,
        }
    }
}

/// What a wide series holds at a time where the long frame has no row for it.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum FillMissing {
    #[default]
    Null,
    /// The series' previous value (null before its first).
    Previous,
    /// This number, converted to the field's type (null for non-numeric fields).
    Value(f64),
}

impl FillMissing {
    fn extend(self, values: &mut FieldValues) {
        match self {
            FillMissing::Null => values.push_null(),
            FillMissing::Previous => values.push_repeat_last(),
            FillMissing::Value(number) => values.push_number(number),
        }
    }
}

/// The time index of a frame whose shape was checked: the error is for the impossible case.
fn time_column<'a>(
    frame: &'a Frame,
    schema: &SeriesSchema,
) -> Result<&'a Column<Timestamp>, FrameError> {
    match frame.fields.get(schema.time_index).map(|f| &f.values) {
        Some(FieldValues::Time(column)) => Ok(column),
        _ => Err(FrameError::NullTime { row: 0 }),
    }
}

/// One series of the wide frame being built: its labels and one column per value field.
struct WideSeries {
    labels: Labels,
    columns: Vec<FieldValues>,
}

/// Converts a long frame to a wide one: each distinct combination of factor values becomes
/// a set of value fields labelled with it (factor field name → value, booleans as
/// `true`/`false`, null strings as empty), rows with equal times are merged, and times where
/// a series has no row are filled by `fill`. Fields are sorted by name, then by label values
/// in factor order; the frame's meta becomes `timeseries-wide` 0.1. The name, `refId` and the
/// fields' config are kept.
pub fn long_to_wide(long: &Frame, fill: FillMissing) -> Result<Frame, FrameError> {
    let schema = SeriesSchema::of(long);
    if schema.shape != SeriesShape::Long {
        return Err(FrameError::WrongSeriesShape {
            wanted: "wide",
            expected: "long",
            found: schema.shape.name(),
        });
    }
    let rows = long.row_len()?;
    if rows == 0 {
        return Err(FrameError::NoRows);
    }
    let times = time_column(long, &schema)?;
    let factor_names: Vec<&str> = schema
        .factor_indices
        .iter()
        .map(|i| long.fields[*i].name.as_str())
        .collect();
    if let Some(duplicate) = first_duplicate(&factor_names) {
        return Err(FrameError::DuplicateFactor {
            name: duplicate.to_string(),
        });
    }
    let nullable = !matches!(fill, FillMissing::Value(_));

    let mut wide_times: Vec<Timestamp> = Vec::new();
    let mut series: Vec<WideSeries> = Vec::new();
    let mut series_by_key: HashMap<Vec<String>, usize> = HashMap::new();
    for row in 0..rows {
        let time = *times.get(row).ok_or(FrameError::NullTime { row })?;
        match wide_times.last() {
            Some(last) if time < *last => return Err(FrameError::UnsortedTime { row }),
            Some(last) if time == *last => {}
            _ => {
                wide_times.push(time);
                for columns in series.iter_mut().map(|s| &mut s.columns) {
                    columns.iter_mut().for_each(|column| fill.extend(column));
                }
            }
        }
        let key: Vec<String> = schema
            .factor_indices
            .iter()
            .map(|i| long.fields[*i].values.label_value(row).unwrap_or_default())
            .collect();
        let index = match series_by_key.get(&key) {
            Some(index) => *index,
            None => {
                let labels = factor_names
                    .iter()
                    .zip(&key)
                    .map(|(name, value)| (name.to_string(), value.clone()))
                    .collect();
                let columns = schema
                    .value_indices
                    .iter()
                    .map(|i| {
                        let source = &long.fields[*i].values;
                        let mut column = FieldValues::empty(
                            source.field_type(),
                            nullable || source.is_nullable(),
                        );
                        // Times before the series' first row: there is no previous value.
                        let start_fill = match fill {
                            FillMissing::Previous => FillMissing::Null,
                            other => other,
                        };
                        (0..wide_times.len()).for_each(|_| start_fill.extend(&mut column));
                        column
                    })
                    .collect();
                series.push(WideSeries { labels, columns });
                series_by_key.insert(key, series.len() - 1);
                series.len() - 1
            }
        };
        let wide_row = wide_times.len() - 1;
        for (column, value_index) in series[index].columns.iter_mut().zip(&schema.value_indices) {
            column.set_from(wide_row, &long.fields[*value_index].values, row);
        }
    }

    let mut value_fields: Vec<Field> = Vec::new();
    for one in series {
        for (values, value_index) in one.columns.into_iter().zip(&schema.value_indices) {
            let source = &long.fields[*value_index];
            value_fields.push(Field {
                name: source.name.clone(),
                labels: Some(one.labels.clone()),
                config: source.config.clone(),
                values,
            });
        }
    }
    value_fields.sort_by(|a, b| {
        a.name.cmp(&b.name).then_with(|| {
            let label = |f: &Field, key: &str| f.label_set().get(key).cloned().unwrap_or_default();
            factor_names
                .iter()
                .map(|key| label(a, key).cmp(&label(b, key)))
                .find(|order| order.is_ne())
                .unwrap_or(std::cmp::Ordering::Equal)
        })
    });

    let time_source = &long.fields[schema.time_index];
    let mut time_field = Field::new(time_source.name.clone(), wide_times);
    time_field.config = time_source.config.clone();
    let mut meta = long.meta.clone().unwrap_or_default();
    meta.frame_type = Some(frame_types::TIMESERIES_WIDE.to_string());
    meta.type_version = [0, 1];
    let mut fields = vec![time_field];
    fields.extend(value_fields);
    Ok(Frame {
        name: long.name.clone(),
        ref_id: long.ref_id.clone(),
        meta: Some(meta),
        fields,
    })
}

fn first_duplicate<'a>(names: &[&'a str]) -> Option<&'a str> {
    let mut seen = BTreeSet::new();
    names.iter().copied().find(|name| !seen.insert(*name))
}

/// Converts a wide frame to a long one: fields `time, values… (sorted by name), label keys…
/// (sorted, as strings)`, one row per wide row and distinct label set (in the order of the
/// label sets' sorted `[["key","value"],…]` JSON, as Grafana orders them). A value missing
/// for a label set is null; a label missing from a set is the empty string. The frame's meta
/// becomes `timeseries-long`.
pub fn wide_to_long(wide: &Frame) -> Result<Frame, FrameError> {
    let schema = SeriesSchema::of(wide);
    if schema.shape != SeriesShape::Wide {
        return Err(FrameError::WrongSeriesShape {
            wanted: "long",
            expected: "wide",
            found: schema.shape.name(),
        });
    }
    let rows = wide.row_len()?;
    if rows == 0 {
        return Err(FrameError::NoRows);
    }
    let times = time_column(wide, &schema)?;

    let mut value_types: BTreeMap<&str, (FieldType, bool)> = BTreeMap::new();
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut label_keys: BTreeSet<&str> = BTreeSet::new();
    for index in &schema.value_indices {
        let field = &wide.fields[*index];
        let field_type = field.field_type();
        let entry = value_types
            .entry(field.name.as_str())
            .or_insert((field_type, false));
        if entry.0 != field_type {
            return Err(FrameError::TypeConflict {
                name: field.name.clone(),
                first: entry.0.go_type_name(),
                second: field_type.go_type_name(),
            });
        }
        entry.1 |= field.values.is_nullable();
        groups
            .entry(labels_key(field.label_set()))
            .or_default()
            .push(*index);
        label_keys.extend(field.label_set().keys().map(String::as_str));
    }

    let mut long_times: Column<Timestamp> = Column::empty(false);
    let mut value_columns: Vec<(&str, FieldValues)> = value_types
        .iter()
        .map(|(name, (field_type, nullable))| (*name, FieldValues::empty(*field_type, *nullable)))
        .collect();
    let mut label_columns: Vec<(&str, Column<String>)> = label_keys
        .iter()
        .map(|key| (*key, Column::empty(false)))
        .collect();
    for row in 0..rows {
        let time = *times.get(row).ok_or(FrameError::NullTime { row })?;
        for members in groups.values() {
            long_times.push(time);
            for (name, column) in value_columns.iter_mut() {
                let source = members.iter().find(|i| wide.fields[**i].name == *name);
                match source {
                    Some(index) => {
                        column.push_from(&wide.fields[*index].values, row);
                    }
                    None => column.push_null(),
                }
            }
            let labels = members
                .first()
                .map(|i| wide.fields[*i].label_set().clone())
                .unwrap_or_default();
            for (key, column) in label_columns.iter_mut() {
                column.push(labels.get(*key).cloned().unwrap_or_default());
            }
        }
    }

    let mut fields = vec![Field::new(
        wide.fields[schema.time_index].name.clone(),
        long_times,
    )];
    fields.extend(
        value_columns
            .into_iter()
            .map(|(name, values)| Field::new(name, values)),
    );
    fields.extend(
        label_columns
            .into_iter()
            .map(|(key, values)| Field::new(key, values)),
    );
    let mut meta = wide.meta.clone().unwrap_or_default();
    meta.frame_type = Some(frame_types::TIMESERIES_LONG.to_string());
    Ok(Frame {
        name: wide.name.clone(),
        ref_id: wide.ref_id.clone(),
        meta: Some(meta),
        fields,
    })
}

/// A label set as Grafana keys it: the JSON of its sorted `[key, value]` pairs.
fn labels_key(labels: &Labels) -> String {
    let pairs: Vec<[&str; 2]> = labels
        .iter()
        .map(|(k, v)| [k.as_str(), v.as_str()])
        .collect();
    serde_json::to_string(&pairs).unwrap_or_default()
}
