//! `/api/v1/query_exemplars` answers read into frames: one frame named `exemplar` per series
//! of exemplars, fields `Time`, `Value` (with the series' labels), then one string field per
//! exemplar label (`""` where an exemplar has not that label).

use std::collections::BTreeMap;

use serde_json::json;
use sightline_query::frame::{Field, Frame, FrameMeta, Labels, Timestamp};

use super::json_reader::{JsonReader, ReadResult};
use super::response::{read_answer, read_labels, read_list, AnswerError};
use super::samples::{read_time, sample_value};

/// One element of a `query_exemplars` answer.
struct ExemplarSeries {
    series_labels: Labels,
    times: Vec<Timestamp>,
    values: Vec<f64>,
    /// One column per exemplar label, padded with `""` for exemplars without it.
    label_columns: BTreeMap<String, Vec<String>>,
}

/// Reads a `query_exemplars` answer into one frame per series of exemplars: `Time`, `Value`
/// (with the series' labels), then one string field per exemplar label.
pub fn read_exemplar_answer(body: &[u8]) -> Result<Vec<Frame>, AnswerError> {
    let envelope = read_answer(body, |reader| read_list(reader, read_exemplar_series))?;
    let series = envelope.data.unwrap_or_default();
    Ok(series.into_iter().map(exemplar_frame).collect())
}

fn read_exemplar_series(reader: &mut JsonReader<'_>) -> ReadResult<ExemplarSeries> {
    let mut series = ExemplarSeries {
        series_labels: Labels::new(),
        times: Vec::new(),
        values: Vec::new(),
        label_columns: BTreeMap::new(),
    };
    let mut object = reader.begin_object()?;
    while let Some(key) = reader.next_key(&mut object)? {
        match key.as_ref() {
            "seriesLabels" => series.series_labels = read_labels(reader)?,
            "exemplars" => {
                if reader.read_null()? {
                    continue;
                }
                let mut exemplars = reader.begin_array()?;
                while reader.next_element(&mut exemplars)? {
                    read_exemplar(reader, &mut series)?;
                }
            }
            _ => reader.skip_value()?,
        }
    }
    Ok(series)
}

/// One exemplar (`{"labels", "value", "timestamp"}`) onto the series' columns.
fn read_exemplar(reader: &mut JsonReader<'_>, series: &mut ExemplarSeries) -> ReadResult<()> {
    let row = series.times.len();
    let mut time = None;
    let mut value = None;
    let mut labels = Labels::new();
    let mut object = reader.begin_object()?;
    while let Some(key) = reader.next_key(&mut object)? {
        match key.as_ref() {
            "labels" => labels = read_labels(reader)?,
            "value" => value = Some(sample_value(&reader.read_str()?)),
            "timestamp" => time = Some(read_time(reader)?),
            _ => reader.skip_value()?,
        }
    }
    let missing = |what: &str| reader.error(format!("an exemplar without {what}"));
    series.times.push(time.ok_or_else(|| missing("timestamp"))?);
    series.values.push(value.ok_or_else(|| missing("value"))?);
    for (name, label_value) in labels {
        let column = series
            .label_columns
            .entry(name)
            .or_insert_with(|| vec![String::new(); row]);
        column.push(label_value);
    }
    for column in series.label_columns.values_mut() {
        column.resize(row + 1, String::new());
    }
    Ok(())
}

fn exemplar_frame(series: ExemplarSeries) -> Frame {
    let mut value = Field::new("Value", series.values);
    value.labels = series.series_labels;
    let mut frame = Frame::new("exemplar")
        .with_meta(FrameMeta {
            custom: Some(json!({ "resultType": "exemplar" })),
            ..FrameMeta::default()
        })
        .with_field(Field::new("Time", series.times))
        .with_field(value);
    for (name, column) in series.label_columns {
        frame = frame.with_field(Field::new(name, column));
    }
    frame
}
