//! A series' samples turned straight into the frame JSON of its two columns, without reading
//! a number: most of a `query_range` answer passes through Sightline to the browser
//! untouched, so its times and values are copied as text and decoded only if something on
//! the server reads them ([`EncodedCells`]).
//!
//! Only samples as Prometheus writes nearly all of them are taken, `[1735689600,"0.25"]`:
//! whole seconds (at most 15 digits, no leading zero), written as milliseconds by appending
//! `000` (Grafana's `int64(seconds * 1000)` of a whole number), and a value that is a plain
//! JSON number of at most [`MAX_VALUE_LEN`] bytes without an exponent (copied, so the same
//! float is read back: [`is_plain_number`]), or `NaN`, `+Inf`, `-Inf` (written `null` and
//! listed as entities).
//! A series with any other sample is left to the general reader ([`super::samples`]).
//!
//! The series of one range query nearly always share their timestamps: a time column equal
//! to the last one kept is not stored twice.

use std::ops::Range;
use std::sync::Arc;

use sightline_query::frame::{Column, EncodedCells, NonFinite, Timestamp};

use super::json_reader::digit_word;
use super::samples::whole_seconds;

/// Longer values (far from any sample seen in practice) are read by the general reader.
const MAX_VALUE_LEN: usize = 40;

/// Integers up to 15 digits are exact floats, written back as the same digits; larger ones
/// (and negative zero, written `0`) are left to the general reader, so that the frame JSON
/// does not depend on the path a series took.
const MAX_WHOLE_DIGITS: usize = 15;

/// The frame JSON of the series of one answer that could be copied as text.
#[derive(Default)]
pub(super) struct SampleText {
    text: Vec<u8>,
    /// The seconds of the series being read.
    seconds: Vec<u64>,
    /// The last time column kept: its seconds and where its text is.
    last_times: Option<(Vec<u64>, Range<usize>)>,
}

/// Where one series' columns are in [`SampleText`].
pub(super) struct EncodedPoints {
    times: Range<usize>,
    values: Range<usize>,
    len: usize,
    non_finite: NonFinite,
}

impl EncodedPoints {
    pub fn len(&self) -> usize {
        self.len
    }

    /// The two columns, over `text` (what [`SampleText::finish`] gave).
    pub fn columns(self, text: &Arc<[u8]>) -> (Column<Timestamp>, Column<f64>) {
        let times = EncodedCells::new(Arc::clone(text), self.times, self.len, NonFinite::default());
        let values = EncodedCells::new(Arc::clone(text), self.values, self.len, self.non_finite);
        (
            Column::encoded(times, false),
            Column::encoded(values, false),
        )
    }
}

impl SampleText {
    /// The frame JSON of the samples array at the start of `input`, and the bytes it took;
    /// `None` (nothing kept) when a sample is not in the compact form, or there are none.
    pub fn read(&mut self, input: &[u8]) -> Option<(EncodedPoints, usize)> {
        if self.text.capacity() == 0 {
            // Values are about a sixth of a sample's text (`[1735689600,"12"]`); the times
            // are mostly kept once.
            self.text.reserve(input.len() / 5);
        }
        let values_start = self.text.len();
        let read = self.read_values(input);
        let Some((non_finite, used)) = read else {
            self.text.truncate(values_start);
            return None;
        };
        let points = EncodedPoints {
            values: values_start..self.text.len(),
            // Before `keep_times`, which may take the seconds.
            len: self.seconds.len(),
            times: self.keep_times(),
            non_finite,
        };
        Some((points, used))
    }

    /// Writes the values' array, keeps the seconds; the non-finite rows and the bytes taken.
    fn read_values(&mut self, input: &[u8]) -> Option<(NonFinite, usize)> {
        if input.first() != Some(&b'[') {
            return None;
        }
        self.seconds.clear();
        self.text.push(b'[');
        let mut non_finite = NonFinite::default();
        let mut at = 1;
        loop {
            let sample = compact_sample(input, at)?;
            let row = self.seconds.len();
            if row > 0 {
                self.text.push(b',');
            }
            self.seconds.push(sample.seconds);
            match sample.value {
                Value::Number(range) => copy_short(&mut self.text, input, range),
                Value::NonFinite(value) => {
                    non_finite.push(row, value);
                    self.text.extend_from_slice(b"null");
                }
            }
            at = sample.end + 1;
            match input.get(sample.end) {
                Some(b',') => {}
                Some(b']') => break,
                _ => return None,
            }
        }
        self.text.push(b']');
        Some((non_finite, at))
    }

    /// The range of the time column of the series just read: the last one kept when its
    /// seconds are the same, else its text written out.
    fn keep_times(&mut self) -> Range<usize> {
        if let Some((seconds, range)) = &self.last_times {
            if *seconds == self.seconds {
                return range.clone();
            }
        }
        let start = self.text.len();
        let mut digits = itoa::Buffer::new();
        self.text.push(b'[');
        for (row, seconds) in self.seconds.iter().enumerate() {
            if row > 0 {
                self.text.push(b',');
            }
            self.text
                .extend_from_slice(digits.format(*seconds).as_bytes());
            self.text.extend_from_slice(b"000");
        }
        self.text.push(b']');
        let range = start..self.text.len();
        let seconds = std::mem::take(&mut self.seconds);
        self.last_times = Some((seconds, range.clone()));
        range
    }

    /// The text, to be shared by the columns.
    pub fn finish(self) -> Arc<[u8]> {
        Arc::from(self.text)
    }
}

/// Appends `input[range]`, which is short: by copying a fixed 16 bytes when there are that
/// many (one move, not a call) and dropping the excess.
#[inline]
fn copy_short(out: &mut Vec<u8>, input: &[u8], range: Range<usize>) {
    let len = range.len();
    match input.get(range.start..range.start + 16) {
        Some(window) if len <= 16 => {
            let kept = out.len() + len;
            out.extend_from_slice(window);
            out.truncate(kept);
        }
        _ => out.extend_from_slice(&input[range]),
    }
}

/// One compact sample.
struct Sample {
    seconds: u64,
    value: Value,
    /// Just past its closing `]`.
    end: usize,
}

enum Value {
    /// A plain JSON number, where it is in the input.
    Number(Range<usize>),
    NonFinite(f64),
}

/// The sample at `at` of `input`, `[<seconds>,"<value>"]`; `None` unless the seconds are 1
/// to 15 digits without a leading zero and the value a plain number of at most
/// [`MAX_VALUE_LEN`] bytes, `NaN`, `+Inf` or `-Inf`.
#[inline]
fn compact_sample(input: &[u8], at: usize) -> Option<Sample> {
    if input.get(at) != Some(&b'[') {
        return None;
    }
    let (seconds, digits) = whole_seconds(input.get(at + 1..)?)?;
    let mut cursor = at + 1 + digits;
    if input.get(cursor..cursor + 2) != Some(&b",\""[..]) {
        return None;
    }
    let value_start = cursor + 2;
    let value = match input.get(value_start..).and_then(digit_word) {
        // A whole number of up to seven digits, as most are: one word read.
        Some((word, count @ 1..=7))
            if input.get(value_start + count) == Some(&b'"')
                && (count == 1 || word & 0xff != u64::from(b'0')) =>
        {
            cursor = value_start + count;
            Value::Number(value_start..cursor)
        }
        _ => {
            let (value, len) = other_value(input, value_start)?;
            cursor = value_start + len;
            value
        }
    };
    if input.get(cursor..cursor + 2) != Some(&b"\"]"[..]) {
        return None;
    }
    Some(Sample {
        seconds,
        value,
        end: cursor + 2,
    })
}

/// A value other than a short whole number, at `start`: a plain number, `NaN` or an
/// infinity, and its length; `None` for anything else.
fn other_value(input: &[u8], start: usize) -> Option<(Value, usize)> {
    let mut end = start;
    while let Some(b'0'..=b'9' | b'.' | b'-') = input.get(end) {
        end += 1;
    }
    if end > start && input.get(end) == Some(&b'"') {
        let number = start..end;
        let len = number.len();
        if len > MAX_VALUE_LEN || !is_plain_number(&input[number.clone()]) {
            return None;
        }
        return Some((Value::Number(number), len));
    }
    let rest = input.get(start..)?;
    [
        (f64::NAN, &b"NaN"[..]),
        (f64::INFINITY, b"+Inf"),
        (f64::NEG_INFINITY, b"-Inf"),
    ]
    .into_iter()
    .find(|(_, text)| rest.starts_with(text))
    .map(|(value, text)| (Value::NonFinite(value), text.len()))
}

/// `-?(0|[1-9][0-9]*)(\.[0-9]+)?`, a JSON number without an exponent, with at most
/// [`MAX_WHOLE_DIGITS`] before the point and not a negative zero: the text the frame writer
/// would write for the float it stands for, or one a reader takes for the same float.
#[inline]
fn is_plain_number(text: &[u8]) -> bool {
    let (negative, unsigned) = match text.strip_prefix(b"-") {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = match unsigned.iter().position(|&byte| byte == b'.') {
        Some(point) => (&unsigned[..point], Some(&unsigned[point + 1..])),
        None => (unsigned, None),
    };
    let all_digits = |part: &[u8]| !part.is_empty() && part.iter().all(u8::is_ascii_digit);
    all_digits(whole)
        && whole.len() <= MAX_WHOLE_DIGITS
        && (whole.len() == 1 || whole[0] != b'0')
        && fraction.is_none_or(all_digits)
        && !(negative && unsigned.iter().all(|&byte| byte == b'0' || byte == b'.'))
}
