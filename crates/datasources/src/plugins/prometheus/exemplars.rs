//! `/api/v1/query_exemplars` answers read into Grafana's one `exemplar` frame: `Time`,
//! `Value`, then one string field per label name (the series' and the exemplars', sorted),
//! each row an exemplar kept by Grafana's standard-deviation sampler; no frame when there
//! are no exemplars.
//!
//! The sampler (as promlib's `StandardDeviationSampler`): exemplars are put in buckets of the
//! query's step by time; in each bucket, from the highest value down, the first is kept and
//! then each one more than two standard deviations (of all the answer's values) below the
//! last kept; the kept ones are ordered by time.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use serde_json::json;
use sightline_query::frame::{Field, Frame, FrameMeta, Labels, Timestamp};

use super::json_reader::{JsonReader, ReadResult};
use super::response::{read_answer, read_labels, read_list, AnswerError};
use super::samples::{read_time, sample_value};

/// One exemplar, with the label values its row shows.
struct Exemplar {
    time: Timestamp,
    value: f64,
    /// The series' labels, overlaid with the series' exemplar label columns (`""` where this
    /// exemplar has not a label others of its series have), as Grafana's converter fills
    /// them.
    labels: Labels,
}

/// Reads a `query_exemplars` answer and samples it for a query of step `step_ms`.
pub fn read_exemplar_answer(body: &[u8], step_ms: i64) -> Result<Vec<Frame>, AnswerError> {
    let envelope = read_answer(body, |reader| read_list(reader, read_exemplar_series))?;
    let exemplars: Vec<Exemplar> = envelope.data.into_iter().flatten().flatten().collect();
    if exemplars.is_empty() {
        return Ok(Vec::new());
    }
    Ok(vec![exemplar_frame(sample(exemplars, step_ms))])
}

/// The exemplars of one element of the answer (`{"seriesLabels", "exemplars"}`).
fn read_exemplar_series(reader: &mut JsonReader<'_>) -> ReadResult<Vec<Exemplar>> {
    let mut series_labels = Labels::new();
    let mut read: Vec<(Timestamp, f64, Labels)> = Vec::new();
    let mut object = reader.begin_object()?;
    while let Some(key) = reader.next_key(&mut object)? {
        match key.as_ref() {
            "seriesLabels" => series_labels = read_labels(reader)?,
            "exemplars" => {
                if reader.read_null()? {
                    continue;
                }
                let mut exemplars = reader.begin_array()?;
                while reader.next_element(&mut exemplars)? {
                    read.push(read_exemplar(reader)?);
                }
            }
            _ => reader.skip_value()?,
        }
    }
    let columns: BTreeSet<String> = read
        .iter()
        .flat_map(|(_, _, labels)| labels.keys().cloned())
        .collect();
    Ok(read
        .into_iter()
        .map(|(time, value, own)| {
            let mut labels = series_labels.clone();
            for name in &columns {
                let text = own.get(name).cloned().unwrap_or_default();
                labels.insert(name.clone(), text);
            }
            Exemplar {
                time,
                value,
                labels,
            }
        })
        .collect())
}

/// One exemplar: `{"labels", "value", "timestamp"}`.
fn read_exemplar(reader: &mut JsonReader<'_>) -> ReadResult<(Timestamp, f64, Labels)> {
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
    let time = time.ok_or_else(|| missing("timestamp"))?;
    let value = value.ok_or_else(|| missing("value"))?;
    Ok((time, value, labels))
}

/// The exemplars Grafana's standard-deviation sampler keeps, ordered by time.
fn sample(exemplars: Vec<Exemplar>, step_ms: i64) -> Vec<Exemplar> {
    let two_deviations = 2.0 * standard_deviation(exemplars.iter().map(|e| e.value));
    let step_nanos = step_ms.saturating_mul(1_000_000).max(1);
    let mut buckets: BTreeMap<i64, Vec<Exemplar>> = BTreeMap::new();
    for exemplar in exemplars {
        let bucket = exemplar.time.nanos().div_euclid(step_nanos);
        buckets.entry(bucket).or_default().push(exemplar);
    }
    let mut kept = Vec::new();
    for mut bucket in buckets.into_values() {
        bucket.sort_by(|a, b| b.value.partial_cmp(&a.value).unwrap_or(Ordering::Equal));
        let mut last_kept: Option<f64> = None;
        for exemplar in bucket {
            let keep = match last_kept {
                None => true,
                Some(last) => two_deviations != 0.0 && last - exemplar.value > two_deviations,
            };
            if keep {
                last_kept = Some(exemplar.value);
                kept.push(exemplar);
            }
        }
    }
    kept.sort_by_key(|exemplar| exemplar.time);
    kept
}

/// The sample standard deviation (0 for fewer than two values), by Welford's method as
/// Grafana's sampler computes it.
fn standard_deviation(values: impl Iterator<Item = f64>) -> f64 {
    let (mut count, mut mean, mut m2) = (0_u32, 0.0, 0.0);
    for value in values {
        count += 1;
        let delta = value - mean;
        mean += delta / f64::from(count);
        m2 += delta * (value - mean);
    }
    if count < 2 {
        0.0
    } else {
        (m2 / f64::from(count - 1)).sqrt()
    }
}

fn exemplar_frame(exemplars: Vec<Exemplar>) -> Frame {
    let names: BTreeSet<&String> = exemplars.iter().flat_map(|e| e.labels.keys()).collect();
    let columns: Vec<(String, Vec<String>)> = names
        .into_iter()
        .map(|name| {
            let column = exemplars
                .iter()
                .map(|e| e.labels.get(name).cloned().unwrap_or_default())
                .collect();
            (name.clone(), column)
        })
        .collect();
    let times: Vec<Timestamp> = exemplars.iter().map(|e| e.time).collect();
    let values: Vec<f64> = exemplars.iter().map(|e| e.value).collect();
    let mut frame = Frame::new("exemplar")
        .with_meta(FrameMeta {
            custom: Some(json!({ "resultType": "exemplar" })),
            ..FrameMeta::default()
        })
        .with_field(Field::new("Time", times))
        .with_field(Field::new("Value", values));
    for (name, column) in columns {
        frame = frame.with_field(Field::new(name, column));
    }
    frame
}
