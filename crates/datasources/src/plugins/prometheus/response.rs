//! Prometheus's JSON answers (`/api/v1/query`, `/api/v1/query_range`,
//! `/api/v1/query_exemplars`) read into data frames, as Grafana's converter (`converter/prom.go`,
//! with the data plane contract that Grafana 12 enables) builds them:
//!
//! - one frame per series, fields `Time` and a float value field named after the series'
//!   `__name__` (`Value` when it has none) carrying all its labels, `__name__` included;
//! - `meta.type` `timeseries-multi` for a matrix, `numeric-multi` for a vector or a scalar,
//!   type version 0.1, `meta.custom.resultType` the Prometheus result type;
//! - `warnings` and `infos` as notices on every frame;
//! - a failed query (`"status": "error"`) as `"<errorType>: <error>"`.
//!
//! Native histograms are not read yet; their series come back without points.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::json;
use sightline_query::frame::{
    frame_types, Column, Field, FieldValues, Frame, FrameMeta, Labels, Notice, NoticeSeverity,
    Timestamp,
};

/// The envelope of every Prometheus API answer, `data` typed by the endpoint.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Envelope<T> {
    #[serde(default)]
    status: String,
    #[serde(default = "Option::default")]
    data: Option<T>,
    #[serde(default)]
    error_type: Option<String>,
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    warnings: Vec<String>,
    #[serde(default)]
    infos: Vec<String>,
}

/// `data` of a query answer, by `resultType`.
#[derive(Debug, Deserialize)]
#[serde(tag = "resultType", content = "result", rename_all = "lowercase")]
enum QueryResult {
    Matrix(Vec<MatrixSeries>),
    Vector(Vec<VectorSample>),
    Scalar(SamplePair),
    String(StringPair),
}

#[derive(Debug, Deserialize)]
struct MatrixSeries {
    #[serde(default)]
    metric: Labels,
    #[serde(default)]
    values: Vec<SamplePair>,
}

#[derive(Debug, Deserialize)]
struct VectorSample {
    #[serde(default)]
    metric: Labels,
    #[serde(default)]
    value: Option<SamplePair>,
}

/// `[<unix seconds>, "<value>"]`, the value read without an intermediate string.
#[derive(Debug, Deserialize)]
struct SamplePair(f64, #[serde(deserialize_with = "sample_value")] f64);

#[derive(Debug, Deserialize)]
struct StringPair(f64, String);

/// One element of a `query_exemplars` answer.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ExemplarSeries {
    #[serde(default)]
    series_labels: Labels,
    #[serde(default)]
    exemplars: Vec<Exemplar>,
}

#[derive(Debug, Deserialize)]
struct Exemplar {
    #[serde(default)]
    labels: Labels,
    value: String,
    timestamp: f64,
}

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

/// Reads a `query` or `query_range` answer into frames.
pub fn read_query_answer(body: &[u8]) -> Result<Vec<Frame>, AnswerError> {
    let envelope: Envelope<QueryResult> = read_envelope(body)?;
    let notices = notices_of(&envelope);
    let Some(result) = envelope.data else {
        return Ok(with_notices(Vec::new(), notices));
    };
    let frames = match result {
        QueryResult::Matrix(series) => series.into_iter().map(matrix_frame).collect(),
        QueryResult::Vector(samples) => samples.into_iter().map(vector_frame).collect(),
        QueryResult::Scalar(pair) => vec![scalar_frame(pair)],
        QueryResult::String(pair) => vec![string_frame(pair)],
    };
    Ok(with_notices(frames, notices))
}

/// Reads a `query_exemplars` answer into one frame per series of exemplars: `Time`, `Value`
/// (with the series' labels), then one string field per exemplar label.
pub fn read_exemplar_answer(body: &[u8]) -> Result<Vec<Frame>, AnswerError> {
    let envelope: Envelope<Vec<ExemplarSeries>> = read_envelope(body)?;
    let series = envelope.data.unwrap_or_default();
    Ok(series.into_iter().map(exemplar_frame).collect())
}

/// Reads an answer typed as `T`; an error answer (whatever its `data`) becomes Grafana's
/// `errorType: error` text.
fn read_envelope<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<Envelope<T>, AnswerError> {
    let typed = serde_json::from_slice::<Envelope<T>>(body);
    let error_answer = match &typed {
        Ok(envelope) if envelope.status != "error" => None,
        _ => serde_json::from_slice::<Envelope<serde::de::IgnoredAny>>(body)
            .ok()
            .filter(|envelope| envelope.status == "error"),
    };
    if let Some(envelope) = error_answer {
        return Err(AnswerError::Prometheus(format!(
            "{}: {}",
            envelope.error_type.as_deref().unwrap_or(""),
            envelope.error.as_deref().unwrap_or("")
        )));
    }
    typed.map_err(|error| {
        AnswerError::Unreadable(format!("cannot read the Prometheus answer: {error}"))
    })
}

/// A sample value: Prometheus writes floats as strings (`"1.5"`, `"NaN"`, `"+Inf"`).
fn sample_value<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
    struct ValueVisitor;
    impl serde::de::Visitor<'_> for ValueVisitor {
        type Value = f64;
        fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
            formatter.write_str("a sample value string")
        }
        fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<f64, E> {
            Ok(value_of(text))
        }
    }
    deserializer.deserialize_str(ValueVisitor)
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

/// Milliseconds of a Prometheus timestamp, truncated as Grafana truncates them.
fn millis_of(seconds: f64) -> Timestamp {
    Timestamp::from_millis((seconds * 1000.0) as i64)
}

/// A sample value; Prometheus writes `NaN`, `+Inf` and `-Inf` as Go does.
fn value_of(text: &str) -> f64 {
    text.parse::<f64>().unwrap_or(f64::NAN)
}

fn series_meta(frame_type: &str, result_type: &str) -> FrameMeta {
    FrameMeta {
        custom: Some(json!({ "resultType": result_type })),
        ..FrameMeta::typed(frame_type, [0, 1])
    }
}

/// The value field of a series: named after `__name__` (`Value` without one).
fn value_field(labels: Labels, values: Column<f64>) -> Field {
    let name = labels
        .get("__name__")
        .cloned()
        .unwrap_or_else(|| "Value".to_string());
    let mut field = Field::new(name, FieldValues::Float64(values));
    field.labels = labels;
    field
}

fn matrix_frame(series: MatrixSeries) -> Frame {
    let mut times = Column::empty(false);
    let mut values = Column::empty(false);
    for SamplePair(seconds, value) in &series.values {
        times.push(millis_of(*seconds));
        values.push(*value);
    }
    Frame::new("")
        .with_meta(series_meta(frame_types::TIMESERIES_MULTI, "matrix"))
        .with_field(Field::new("Time", FieldValues::Time(times)))
        .with_field(value_field(series.metric, values))
}

fn vector_frame(sample: VectorSample) -> Frame {
    let mut times = Column::empty(false);
    let mut values = Column::empty(false);
    if let Some(SamplePair(seconds, value)) = &sample.value {
        times.push(millis_of(*seconds));
        values.push(*value);
    }
    Frame::new("")
        .with_meta(series_meta(frame_types::NUMERIC_MULTI, "vector"))
        .with_field(Field::new("Time", FieldValues::Time(times)))
        .with_field(value_field(sample.metric, values))
}

fn scalar_frame(SamplePair(seconds, value): SamplePair) -> Frame {
    Frame::new("")
        .with_meta(series_meta(frame_types::NUMERIC_MULTI, "scalar"))
        .with_field(Field::new("Time", vec![millis_of(seconds)]))
        .with_field(Field::new("Value", vec![value]))
}

fn string_frame(StringPair(seconds, text): StringPair) -> Frame {
    Frame::new("")
        .with_meta(FrameMeta {
            custom: Some(json!({ "resultType": "string" })),
            ..FrameMeta::typed(frame_types::TIMESERIES_MULTI, [0, 0])
        })
        .with_field(Field::new("Time", vec![millis_of(seconds)]))
        .with_field(Field::new("Value", vec![text]))
}

fn exemplar_frame(series: ExemplarSeries) -> Frame {
    let count = series.exemplars.len();
    let mut times = Vec::with_capacity(count);
    let mut values = Vec::with_capacity(count);
    let mut label_columns: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (row, exemplar) in series.exemplars.iter().enumerate() {
        times.push(millis_of(exemplar.timestamp));
        values.push(value_of(&exemplar.value));
        for (name, value) in &exemplar.labels {
            let column = label_columns
                .entry(name.clone())
                .or_insert_with(|| vec![String::new(); row]);
            column.push(value.clone());
        }
        for column in label_columns.values_mut() {
            column.resize(row + 1, String::new());
        }
    }
    let mut value = Field::new("Value", values);
    value.labels = series.series_labels;
    let mut frame = Frame::new("exemplar")
        .with_meta(FrameMeta {
            custom: Some(json!({ "resultType": "exemplar" })),
            ..FrameMeta::default()
        })
        .with_field(Field::new("Time", times))
        .with_field(value);
    for (name, column) in label_columns {
        frame = frame.with_field(Field::new(name, column));
    }
    frame
}
