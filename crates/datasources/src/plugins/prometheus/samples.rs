//! The samples of a series, `[<unix seconds>, "<value>"]`, read onto its columns: a
//! `query_range` answer is mostly these, a million of them for a large panel. Prometheus
//! writes nearly all of them compactly (`[1735689600,"0.25"]`: whole seconds, a plain
//! decimal, no spaces), and those take a fast path over the raw bytes (eight timestamp
//! digits at once, exact decimals by Clinger's method); any other shape goes through the
//! general reader. Both give what Grafana's converter gives: times as
//! `int64(seconds * 1000)` milliseconds, values as `strconv.ParseFloat` reads them.

use sightline_query::frame::{Column, Timestamp};

use super::json_reader::{decimal_prefix, leading_digits, parse_decimal, JsonReader, ReadResult};

/// The points of one series.
pub(super) struct Points {
    pub times: Column<Timestamp>,
    pub values: Column<f64>,
}

impl Points {
    /// No points yet, room for `capacity`.
    pub fn with_capacity(capacity: usize) -> Points {
        Points {
            times: Column::with_capacity(capacity),
            values: Column::with_capacity(capacity),
        }
    }

    /// Room for `additional` more points.
    pub fn reserve(&mut self, additional: usize) {
        self.times.reserve(additional);
        self.values.reserve(additional);
    }

    fn push(&mut self, time: Timestamp, value: f64) {
        self.times.push(time);
        self.values.push(value);
    }
}

/// Reads a list of samples (`values`) onto `points`.
pub(super) fn read_samples(reader: &mut JsonReader<'_>, points: &mut Points) -> ReadResult<()> {
    let mut samples = reader.begin_array()?;
    while reader.next_element(&mut samples)? {
        match read_compact_samples(reader.rest(), points) {
            0 => read_sample(reader, points)?,
            used => reader.advance(used),
        }
    }
    Ok(())
}

/// Reads a run of compact samples (see [`compact_sample`]) separated by bare commas onto
/// `points`, as long as they last; the bytes taken, up to the end of the last sample
/// read (0 when the first is not compact).
fn read_compact_samples(text: &[u8], points: &mut Points) -> usize {
    let mut at = 0;
    let mut end = 0;
    while let Some((time, value, used)) = text.get(at..).and_then(compact_sample) {
        points.push(time, value);
        end = at + used;
        if text.get(end) != Some(&b',') {
            break;
        }
        at = end + 1;
    }
    end
}

/// A sample as Prometheus writes nearly all of them, `[1735689600,"0.25"]`: whole seconds and
/// a plain decimal, no spaces; the time, the value and the bytes it takes. `None` for any
/// other shape (fractional seconds, `NaN`, exponents, ...), which [`read_sample`] reads.
fn compact_sample(text: &[u8]) -> Option<(Timestamp, f64, usize)> {
    if text.first() != Some(&b'[') {
        return None;
    }
    let (seconds, digits) = whole_seconds(&text[1..])?;
    let mut at = 1 + digits;
    if text.get(at..at + 2) != Some(&b",\""[..]) {
        return None;
    }
    at += 2;
    let (value, used) = decimal_prefix(&text[at..])?;
    at += used;
    if text.get(at..at + 2) != Some(&b"\"]"[..]) {
        return None;
    }
    Some((Timestamp::from_millis(seconds as i64 * 1000), value, at + 2))
}

/// The whole seconds at the start of `text`, as Prometheus writes a step-aligned time: 1 to
/// 15 digits (no overflow in milliseconds) without a leading zero; their value and count.
#[inline]
pub(super) fn whole_seconds(text: &[u8]) -> Option<(u64, usize)> {
    let (mut seconds, mut count) = match leading_digits(text) {
        Some((leading, 8)) => (leading, 8),
        _ => (0, 0),
    };
    while let Some(&digit @ b'0'..=b'9') = text.get(count) {
        // Wrapping: too many digits are refused just below.
        seconds = seconds
            .wrapping_mul(10)
            .wrapping_add(u64::from(digit - b'0'));
        count += 1;
    }
    if count == 0 || count > 15 || (text[0] == b'0' && count > 1) {
        return None;
    }
    Some((seconds, count))
}

/// One `[<unix seconds>, "<value>"]` pair onto `points`.
pub(super) fn read_sample(reader: &mut JsonReader<'_>, points: &mut Points) -> ReadResult<()> {
    let mut pair = reader.begin_array()?;
    if !reader.next_element(&mut pair)? {
        return Err(reader.error("expected a sample time"));
    }
    let time = read_time(reader)?;
    if !reader.next_element(&mut pair)? {
        return Err(reader.error("expected a sample value"));
    }
    let value = sample_value(&reader.read_str()?);
    if reader.next_element(&mut pair)? {
        return Err(reader.error("expected the end of a sample"));
    }
    points.push(time, value);
    Ok(())
}

/// A Prometheus timestamp (unix seconds, a float) in milliseconds, truncated as Grafana
/// truncates them (`int64(seconds * 1000)`).
pub(super) fn read_time(reader: &mut JsonReader<'_>) -> ReadResult<Timestamp> {
    let text = reader.read_number_text()?;
    // Whole seconds (what a step-aligned range answers) need no float.
    if text.len() <= 15 && text.bytes().all(|byte| byte.is_ascii_digit()) {
        let seconds: i64 = text
            .bytes()
            .fold(0, |sum, digit| sum * 10 + i64::from(digit - b'0'));
        return Ok(Timestamp::from_millis(seconds * 1000));
    }
    let seconds = parse_decimal(text.as_bytes())
        .or_else(|| text.parse().ok())
        .ok_or_else(|| reader.error("expected a timestamp"))?;
    Ok(Timestamp::from_millis((seconds * 1000.0) as i64))
}

/// A sample value: Prometheus writes floats as strings (`"1.5"`, `"NaN"`, `"+Inf"`);
/// anything unreadable is NaN.
pub(super) fn sample_value(text: &str) -> f64 {
    parse_decimal(text.as_bytes()).unwrap_or_else(|| text.parse().unwrap_or(f64::NAN))
}
