//! Prometheus's JSON answers (`/api/v1/query`, `/api/v1/query_range`) read into data
//! frames, as Grafana's converter (`converter/prom.go`, with the data plane contract that
//! Grafana 12 enables) builds them:
//!
//! - one frame per series, fields `Time` and a float value field named after the series'
//!   `__name__` (`Value` when it has none) carrying all its labels, `__name__` included;
//! - `meta.type` `timeseries-multi` for a matrix, `numeric-multi` for a vector or a scalar,
//!   type version 0.1, `meta.custom.resultType` the Prometheus result type;
//! - `warnings` and `infos` as notices on every frame;
//! - a failed query (`"status": "error"`) as `"<errorType>: <error>"`.
//!
//! The text is read in one pass with [`JsonReader`] straight into the frames' columns: a
//! series' `values` copied as frame JSON text when all its samples are compact
//! ([`super::sample_text`]), else read sample by sample ([`super::samples`]); keys may come
//! in any order. A series' `values` and `value`
//! both give its points, whatever the result type; its native histograms (`histogram`,
//! `histograms`) make it a frame of their buckets instead ([`super::histograms`]). The
//! envelope reading here also serves the exemplar answers ([`super::exemplars`]).

use std::borrow::Cow;

use bytes::Bytes;
use serde_json::json;
use sightline_query::frame::{
    frame_types, Field, FieldValues, Frame, FrameMeta, Labels, Notice, NoticeSeverity, Timestamp,
};

use super::histograms::HistogramCells;
use super::json_reader::{JsonReader, ReadResult};
use super::sample_text::{EncodedPoints, SampleText};
use super::samples::{read_sample, read_samples, read_time, sample_value, Points};

/// Why an answer gave no frames.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnswerError {
    /// Prometheus refused or failed the query; the text is Grafana's `errorType: error`.
    Prometheus(String),
    /// The body is not a Prometheus answer.
    Unreadable(String),
}

impl AnswerError {
    pub fn message(&self) -> &str {
        match self {
            AnswerError::Prometheus(text) | AnswerError::Unreadable(text) => text,
        }
    }
}

/// The envelope of every Prometheus API answer, `data` read by the endpoint's reader.
pub(super) struct Envelope<T> {
    status: String,
    pub data: Option<T>,
    error_type: String,
    error: String,
    warnings: Vec<String>,
    infos: Vec<String>,
}

/// `data` of a query answer: the result type and the result as its shape says.
#[derive(Default)]
struct QueryData {
    result_type: Option<String>,
    result: Option<QueryResult>,
}

enum QueryResult {
    /// A matrix or a vector: series of labels and points.
    Series(Vec<Series>),
    /// A scalar or a string: `[<unix seconds>, "<text>"]`.
    Pair(Timestamp, String),
}

struct Series {
    labels: Labels,
    /// `values` kept as frame JSON text, when all its samples are compact.
    encoded: Option<EncodedPoints>,
    /// The points read one by one.
    points: Points,
    /// The buckets of its native histograms, when it has any (`histogram`, `histograms`).
    histograms: Option<HistogramCells>,
}

impl Series {
    fn len(&self) -> usize {
        self.encoded.as_ref().map_or(0, EncodedPoints::len) + self.points.times.len()
    }
}

/// Reads a `query` or `query_range` answer into frames.
pub fn read_query_answer(body: &[u8]) -> Result<Vec<Frame>, AnswerError> {
    let mut sample_text = SampleText::default();
    let envelope = read_answer(body, |reader| read_query_data(reader, &mut sample_text))?;
    let text = sample_text.finish();
    let notices = notices_of(&envelope);
    let Some(data) = envelope.data else {
        return Ok(with_notices(Vec::new(), notices));
    };
    let unreadable = |what: &str| AnswerError::Unreadable(format!("{CANNOT_READ}: {what}"));
    let result_type = data
        .result_type
        .ok_or_else(|| unreadable("no resultType"))?;
    let result = data.result.ok_or_else(|| unreadable("no result"))?;
    let frames = match (result_type.as_str(), result) {
        ("matrix", QueryResult::Series(series)) => series
            .into_iter()
            .map(|series| series_frame(series, &text, frame_types::TIMESERIES_MULTI, "matrix"))
            .collect(),
        ("vector", QueryResult::Series(series)) => series
            .into_iter()
            .map(|series| series_frame(series, &text, frame_types::NUMERIC_MULTI, "vector"))
            .collect(),
        ("scalar", QueryResult::Pair(time, text)) => vec![scalar_frame(time, &text)],
        ("string", QueryResult::Pair(time, text)) => vec![string_frame(time, text)],
        (other, _) => {
            return Err(unreadable(&format!(
                "result does not fit resultType {other:?}"
            )))
        }
    };
    Ok(with_notices(frames, notices))
}

const CANNOT_READ: &str = "cannot read the Prometheus answer";

/// Reads an answer whose `data` `read_data` reads; an error answer (whatever its `data`)
/// becomes Grafana's `errorType: error` text.
pub(super) fn read_answer<T>(
    body: &[u8],
    read_data: impl FnMut(&mut JsonReader<'_>) -> ReadResult<T>,
) -> Result<Envelope<T>, AnswerError> {
    let typed = read_envelope(body, read_data);
    let error_answer = match &typed {
        Ok(envelope) if envelope.status == "error" => {
            Some((envelope.error_type.clone(), envelope.error.clone()))
        }
        Ok(_) => None,
        Err(_) => read_envelope(body, |reader| reader.skip_value())
            .ok()
            .filter(|envelope| envelope.status == "error")
            .map(|envelope| (envelope.error_type, envelope.error)),
    };
    if let Some((error_type, error)) = error_answer {
        return Err(AnswerError::Prometheus(format!("{error_type}: {error}")));
    }
    typed.map_err(|error| AnswerError::Unreadable(format!("{CANNOT_READ}: {error}")))
}

fn read_envelope<T>(
    body: &[u8],
    mut read_data: impl FnMut(&mut JsonReader<'_>) -> ReadResult<T>,
) -> ReadResult<Envelope<T>> {
    let mut reader = JsonReader::new(body);
    let mut envelope = Envelope {
        status: String::new(),
        data: None,
        error_type: String::new(),
        error: String::new(),
        warnings: Vec::new(),
        infos: Vec::new(),
    };
    let mut object = reader.begin_object()?;
    while let Some(key) = reader.next_key(&mut object)? {
        match key.as_ref() {
            "status" => envelope.status = read_optional_string(&mut reader)?,
            "data" => {
                if !reader.read_null()? {
                    envelope.data = Some(read_data(&mut reader)?);
                }
            }
            "errorType" => envelope.error_type = read_optional_string(&mut reader)?,
            "error" => envelope.error = read_optional_string(&mut reader)?,
            "warnings" => envelope.warnings = read_strings(&mut reader)?,
            "infos" => envelope.infos = read_strings(&mut reader)?,
            _ => reader.skip_value()?,
        }
    }
    reader.finish()?;
    Ok(envelope)
}

fn read_query_data(
    reader: &mut JsonReader<'_>,
    sample_text: &mut SampleText,
) -> ReadResult<QueryData> {
    let mut data = QueryData::default();
    let mut object = reader.begin_object()?;
    while let Some(key) = reader.next_key(&mut object)? {
        match key.as_ref() {
            "resultType" => data.result_type = Some(reader.read_str()?.into_owned()),
            "result" => data.result = Some(read_result(reader, sample_text)?),
            _ => reader.skip_value()?,
        }
    }
    Ok(data)
}

/// `result`, by its shape: a list of series objects, or one `[time, "text"]` pair.
fn read_result(
    reader: &mut JsonReader<'_>,
    sample_text: &mut SampleText,
) -> ReadResult<QueryResult> {
    let mut array = reader.begin_array()?;
    let mut series: Vec<Series> = Vec::new();
    while reader.next_element(&mut array)? {
        if series.is_empty() && reader.peek() != Some(b'{') {
            let time = read_time(reader)?;
            if !reader.next_element(&mut array)? {
                return Err(reader.error("expected a sample value"));
            }
            let text = reader.read_str()?.into_owned();
            if reader.next_element(&mut array)? {
                return Err(reader.error("expected the end of a sample"));
            }
            return Ok(QueryResult::Pair(time, text));
        }
        // Series of one answer are mostly equally long: size the columns after the last.
        let expected_points = series.last().map_or(0, Series::len);
        series.push(read_series(reader, sample_text, expected_points)?);
    }
    Ok(QueryResult::Series(series))
}

fn read_series(
    reader: &mut JsonReader<'_>,
    sample_text: &mut SampleText,
    expected_points: usize,
) -> ReadResult<Series> {
    let mut series = Series {
        labels: Labels::new(),
        encoded: None,
        points: Points::with_capacity(0),
        histograms: None,
    };
    let mut object = reader.begin_object()?;
    while let Some(key) = reader.next_key(&mut object)? {
        match key.as_ref() {
            "metric" => series.labels = read_labels(reader)?,
            "values" => {
                let text_read = match series.len() {
                    0 => reader.peek().and_then(|_| sample_text.read(reader.rest())),
                    _ => None,
                };
                match text_read {
                    Some((points, used)) => {
                        reader.advance(used);
                        series.encoded = Some(points);
                    }
                    None => {
                        series.points.reserve(expected_points);
                        read_samples(reader, &mut series.points)?;
                    }
                }
            }
            "value" => {
                if !reader.read_null()? {
                    read_sample(reader, &mut series.points)?;
                }
            }
            "histogram" => series
                .histograms
                .get_or_insert_default()
                .read_sample(reader)?,
            "histograms" => series
                .histograms
                .get_or_insert_default()
                .read_samples(reader)?,
            _ => reader.skip_value()?,
        }
    }
    Ok(series)
}

pub(super) fn read_labels(reader: &mut JsonReader<'_>) -> ReadResult<Labels> {
    let mut labels = Labels::new();
    if reader.read_null()? {
        return Ok(labels);
    }
    let mut object = reader.begin_object()?;
    while let Some(name) = reader.next_key(&mut object)? {
        let value = reader.read_str()?;
        labels.insert(name.into_owned(), value.into_owned());
    }
    Ok(labels)
}

/// A string, or `""` for `null`.
fn read_optional_string(reader: &mut JsonReader<'_>) -> ReadResult<String> {
    if reader.read_null()? {
        return Ok(String::new());
    }
    reader.read_str().map(Cow::into_owned)
}

/// A list of strings; `null` is an empty list.
fn read_strings(reader: &mut JsonReader<'_>) -> ReadResult<Vec<String>> {
    read_list(reader, |reader| reader.read_str().map(Cow::into_owned))
}

/// A list read element by element; `null` is an empty list.
pub(super) fn read_list<T>(
    reader: &mut JsonReader<'_>,
    mut read_element: impl FnMut(&mut JsonReader<'_>) -> ReadResult<T>,
) -> ReadResult<Vec<T>> {
    let mut elements = Vec::new();
    if reader.read_null()? {
        return Ok(elements);
    }
    let mut array = reader.begin_array()?;
    while reader.next_element(&mut array)? {
        elements.push(read_element(reader)?);
    }
    Ok(elements)
}

fn notices_of<T>(envelope: &Envelope<T>) -> Vec<Notice> {
    let notice = |severity: NoticeSeverity| {
        move |text: &String| Notice {
            severity,
            text: text.clone(),
            link: None,
            inspect: None,
        }
    };
    envelope
        .warnings
        .iter()
        .map(notice(NoticeSeverity::Warning))
        .chain(envelope.infos.iter().map(notice(NoticeSeverity::Info)))
        .collect()
}

/// Puts `notices` on every frame, on a frame named `Warnings` when there is none.
fn with_notices(mut frames: Vec<Frame>, notices: Vec<Notice>) -> Vec<Frame> {
    if notices.is_empty() {
        return frames;
    }
    if frames.is_empty() {
        frames.push(Frame::new("Warnings"));
    }
    for frame in &mut frames {
        frame.meta.get_or_insert_with(FrameMeta::default).notices = notices.clone();
    }
    frames
}

fn series_meta(frame_type: &str, result_type: &str) -> FrameMeta {
    FrameMeta {
        custom: Some(json!({ "resultType": result_type })),
        ..FrameMeta::typed(frame_type, [0, 1])
    }
}

/// The frame of a matrix or vector series: `Time`, then the values named after `__name__`
/// (`Value` without one) with all the labels (`{}` for none, as Grafana writes them); the
/// `heatmap-cells` frame of its buckets instead when it has native histograms. `text` holds
/// the series' encoded points.
fn series_frame(series: Series, text: &Bytes, frame_type: &str, result_type: &str) -> Frame {
    if let Some(histograms) = series.histograms {
        return histograms.into_frame(series.labels);
    }
    let name = series
        .labels
        .get("__name__")
        .cloned()
        .unwrap_or_else(|| "Value".to_string());
    let (times, values) = match series.encoded {
        Some(encoded) => {
            // Points read one by one too (a series with both `values` and `value`) follow.
            let (mut times, mut values) = encoded.columns(text);
            for (time, value) in series.points.times.iter().zip(series.points.values.iter()) {
                times.push_cell(time.copied());
                values.push_cell(value.copied());
            }
            (times, values)
        }
        None => (series.points.times, series.points.values),
    };
    let mut value = Field::new(name, FieldValues::Float64(values));
    value.labels = Some(series.labels);
    Frame::new("")
        .with_meta(series_meta(frame_type, result_type))
        .with_field(Field::new("Time", FieldValues::Time(times)))
        .with_field(value)
}

fn scalar_frame(time: Timestamp, text: &str) -> Frame {
    Frame::new("")
        .with_meta(series_meta(frame_types::NUMERIC_MULTI, "scalar"))
        .with_field(Field::new("Time", vec![time]))
        .with_field(Field::new("Value", vec![sample_value(text)]).with_labels(Labels::new()))
}

fn string_frame(time: Timestamp, text: String) -> Frame {
    Frame::new("")
        .with_meta(FrameMeta {
            custom: Some(json!({ "resultType": "string" })),
            ..FrameMeta::typed(frame_types::TIMESERIES_MULTI, [0, 0])
        })
        .with_field(Field::new("Time", vec![time]))
        .with_field(Field::new("Value", vec![text]))
}
