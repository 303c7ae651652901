//! A series' samples turned straight into the frame JSON of its two columns, without reading
//! a number: most of a `query_range` answer passes through Sightline to the browser
//! untouched, so its times and values are copied as text and decoded only if something on
//! the server reads them ([`EncodedCells`]).
//!
//! Only samples as Prometheus writes nearly all of them are taken, `[1735689600,"0.25"]`:
//! whole seconds (no leading zero, up to 2262), written as milliseconds by appending `000`
//! to their digits (Grafana's `int64(seconds * 1000)` of a whole number), and a value that
//! is a plain JSON number of at most [`MAX_VALUE_LEN`] bytes without an exponent (copied, so
//! the same float is read back: [`plain_number_end`]), or `NaN`, `+Inf`, `-Inf` (written
//! `null` and listed as entities).
//! A series with any other sample is left to the general reader ([`super::samples`]).
//!
//! The series of one range query nearly always share their timestamps: a time column equal
//! to the last one kept is not stored twice. A sample's time is kept as its head,
//! `[1735689600,"`, in one word: comparing it with the last column's is the whole check.

use std::ops::Range;

use bytes::Bytes;
use sightline_query::frame::{Column, EncodedCells, NonFinite, Timestamp};

use super::json_reader::{digit_word, first_word, not_digit_flags};

/// Longer values (far from any sample seen in practice) are read by the general reader.
const MAX_VALUE_LEN: usize = 40;

/// The last whole second a [`Timestamp`] holds (in 2262): later ones are left to the
/// general reader, which caps them, so that the frame JSON does not depend on the path.
const MAX_SECONDS: &[u8] = b"9223372036";

/// Integers up to 15 digits are exact floats, written back as the same digits; larger ones
/// (and negative zero, written `0`) are left to the general reader, so that the frame JSON
/// does not depend on the path a series took.
const MAX_WHOLE_DIGITS: usize = 15;

/// The frame JSON of the series of one answer that could be copied as text.
#[derive(Default)]
pub(super) struct SampleText {
    text: Vec<u8>,
    /// The times of the series being read, when they are not the last time column's.
    heads: Vec<SampleHead>,
    /// The last time column kept.
    last_times: Option<KeptTimes>,
}

/// A time column written into [`SampleText`]: where its text is, and per row the head of a
/// sample at that time, to recognise the same times in the next series.
struct KeptTimes {
    range: Range<usize>,
    heads: Vec<SampleHead>,
}

/// The start of a sample, `[<seconds>,"`, as the low bytes of a little-endian word (the
/// others zero) and its length: samples at the same time start with the same bytes.
#[derive(Clone, Copy, PartialEq, Eq)]
struct SampleHead {
    word: u128,
    mask: u128,
    len: usize,
}

impl SampleHead {
    /// The head of the sample at `at` of `input`: `[`, whole seconds without a leading zero
    /// up to [`MAX_SECONDS`], `,"`.
    fn read(input: &[u8], at: usize) -> Option<SampleHead> {
        let rest = input.get(at..)?;
        let mut bytes = [0u8; 16];
        let available = rest.len().min(bytes.len());
        bytes[..available].copy_from_slice(&rest[..available]);
        let digits = bytes[1..]
            .iter()
            .take_while(|byte| byte.is_ascii_digit())
            .count();
        let seconds = &bytes[1..=digits];
        let in_range =
            digits < MAX_SECONDS.len() || (digits == MAX_SECONDS.len() && seconds <= MAX_SECONDS);
        let well_formed = bytes[0] == b'['
            && digits > 0
            && in_range
            && (digits == 1 || bytes[1] != b'0')
            && bytes[digits + 1..digits + 3] == *b",\"";
        if !well_formed {
            return None;
        }
        let len = digits + 3;
        let mask = u128::MAX >> (8 * (bytes.len() - len));
        Some(SampleHead {
            word: u128::from_le_bytes(bytes) & mask,
            mask,
            len,
        })
    }

    /// Whether the sample at `at` of `input` starts with this head (`false` when fewer than
    /// a word's bytes are left, which [`SampleHead::read`] then reads).
    #[inline]
    fn starts(&self, input: &[u8], at: usize) -> bool {
        let Some(bytes) = input.get(at..at + 16) else {
            return false;
        };
        let mut word = [0u8; 16];
        word.copy_from_slice(bytes);
        u128::from_le_bytes(word) & self.mask == self.word
    }

    /// Writes the digits of the seconds to `out`.
    fn write_seconds(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.word.to_le_bytes()[1..self.len - 2]);
    }
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
    pub fn columns(self, text: &Bytes) -> (Column<Timestamp>, Column<f64>) {
        let times = EncodedCells::new(text.clone(), self.times, self.len, NonFinite::default());
        let values = EncodedCells::new(text.clone(), self.values, self.len, self.non_finite);
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
        let Some(read) = self.read_values(input) else {
            self.text.truncate(values_start);
            return None;
        };
        let times = match read.times {
            Times::LastKept => self.last_times.as_ref().map(|kept| kept.range.clone())?,
            Times::Read => self.keep_times(),
        };
        let points = EncodedPoints {
            values: values_start..read.values_end,
            times,
            len: read.len,
            non_finite: read.non_finite,
        };
        Some((points, read.used))
    }

    /// Writes the values' array; the times are left in `self.heads` unless they are those
    /// of the last time column kept.
    fn read_values(&mut self, input: &[u8]) -> Option<ReadValues> {
        if input.first() != Some(&b'[') {
            return None;
        }
        let heads = self.last_times.as_ref().map_or(&[][..], |kept| &kept.heads);
        let mut same_times = true;
        self.text.push(b'[');
        let mut non_finite = NonFinite::default();
        let mut at = 1;
        let mut row = 0;
        let mut short: Option<ShortNumber> = None;
        loop {
            // While the times are those of the last column kept, where a sample's value
            // starts does not depend on reading its time, only on the head compared.
            let head_len = match heads.get(row) {
                Some(head) if same_times && head.starts(input, at) => head.len,
                _ => {
                    if same_times {
                        same_times = false;
                        self.heads.clear();
                        self.heads.extend_from_slice(&heads[..row]);
                    }
                    let head = SampleHead::read(input, at)?;
                    self.heads.push(head);
                    head.len
                }
            };
            if row > 0 {
                self.text.push(b',');
            }
            let value_start = at + head_len;
            let word = input.get(value_start..).and_then(first_word);
            let value_end = match (short, word) {
                // Checked against the last value's length rather than measured, so where
                // the next sample starts does not wait on reading this one either.
                (Some(short), Some(word)) if short.matches(word) => {
                    let end = value_start + short.len;
                    copy_short(&mut self.text, input, value_start..end);
                    end
                }
                _ => match sample_value(input, value_start)? {
                    Value::Number(range) => {
                        short = ShortNumber::of(&input[range.clone()]);
                        let end = range.end;
                        copy_value(&mut self.text, input, range);
                        end
                    }
                    Value::NonFinite(value, len) => {
                        non_finite.push(row, value);
                        self.text.extend_from_slice(b"null");
                        value_start + len
                    }
                },
            };
            row += 1;
            // The closing `"]` and what follows the sample.
            match input.get(value_end..value_end + 3)? {
                b"\"]," => at = value_end + 3,
                b"\"]]" => {
                    self.text.push(b']');
                    let times = if same_times && row == heads.len() {
                        Times::LastKept
                    } else {
                        if same_times {
                            // Fewer rows than the last time column, all at its times.
                            self.heads.clear();
                            self.heads.extend_from_slice(&heads[..row]);
                        }
                        Times::Read
                    };
                    return Some(ReadValues {
                        values_end: self.text.len(),
                        len: row,
                        non_finite,
                        used: value_end + 3,
                        times,
                    });
                }
                _ => return None,
            }
        }
    }

    /// The range of the time column of the series just read (its times in `self.heads`):
    /// the last one kept when they are the same, else its text written out.
    fn keep_times(&mut self) -> Range<usize> {
        if let Some(kept) = &self.last_times {
            if kept.heads == self.heads {
                return kept.range.clone();
            }
        }
        let start = self.text.len();
        self.text.push(b'[');
        for (row, head) in self.heads.iter().enumerate() {
            if row > 0 {
                self.text.push(b',');
            }
            head.write_seconds(&mut self.text);
            self.text.extend_from_slice(b"000");
        }
        self.text.push(b']');
        let range = start..self.text.len();
        self.last_times = Some(KeptTimes {
            range: range.clone(),
            heads: std::mem::take(&mut self.heads),
        });
        range
    }

    /// The text, to be shared by the columns (no copy).
    pub fn finish(self) -> Bytes {
        Bytes::from(self.text)
    }
}

/// What [`SampleText::read_values`] read.
struct ReadValues {
    /// Where the values' array ends in the text.
    values_end: usize,
    len: usize,
    non_finite: NonFinite,
    /// The bytes of the input taken.
    used: usize,
    times: Times,
}

/// Whose the times of a series are.
enum Times {
    /// Those of the last time column kept.
    LastKept,
    /// Its own, read into `SampleText::heads`.
    Read,
}

/// A whole number of 1 to 7 digits without a leading zero, then its closing quote: the
/// shape of the last value, which the next is checked against as one word.
#[derive(Clone, Copy)]
struct ShortNumber {
    len: usize,
    /// The bytes of the digits and the quote.
    mask: u64,
    /// Of those, the one flagged as not a digit: the quote's.
    not_digits: u64,
    quote: u64,
}

impl ShortNumber {
    /// The shape of `number` (a plain number's text), if it has one.
    fn of(number: &[u8]) -> Option<ShortNumber> {
        let len = number.len();
        let short = (1..=7).contains(&len)
            && number.iter().all(u8::is_ascii_digit)
            && (len == 1 || number[0] != b'0');
        short.then(|| ShortNumber {
            len,
            mask: u64::MAX >> (56 - 8 * len),
            not_digits: 0x80 << (8 * len),
            quote: u64::from(b'"') << (8 * len),
        })
    }

    /// Whether `word`, the first eight bytes of a value, is a number of this shape.
    #[inline]
    fn matches(&self, word: u64) -> bool {
        let quote_byte = 0xff << (8 * self.len);
        not_digit_flags(word) & self.mask == self.not_digits
            && word & quote_byte == self.quote
            && (self.len == 1 || word & 0xff != u64::from(b'0'))
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

/// Appends `input[range]`, a value of at most [`MAX_VALUE_LEN`] bytes: as [`copy_short`],
/// by a fixed 32 bytes for one longer than 16 (most decimals Prometheus writes).
#[inline]
fn copy_value(out: &mut Vec<u8>, input: &[u8], range: Range<usize>) {
    let len = range.len();
    match input.get(range.start..range.start + 32) {
        Some(window) if (17..=32).contains(&len) => {
            let kept = out.len() + len;
            out.extend_from_slice(window);
            out.truncate(kept);
        }
        _ => copy_short(out, input, range),
    }
}

enum Value {
    /// A plain JSON number, where it is in the input.
    Number(Range<usize>),
    /// `NaN` or an infinity, and the length of its text.
    NonFinite(f64, usize),
}

/// The value starting at `start` of `input`, up to its closing quote; `None` unless it is a
/// plain number (see [`plain_number_end`]), `NaN`, `+Inf` or `-Inf`.
#[inline]
fn sample_value(input: &[u8], start: usize) -> Option<Value> {
    match input.get(start..).and_then(digit_word) {
        // A whole number of up to seven digits, as most are: one word read.
        Some((word, count @ 1..=7))
            if input.get(start + count) == Some(&b'"')
                && (count == 1 || word & 0xff != u64::from(b'0')) =>
        {
            return Some(Value::Number(start..start + count));
        }
        _ => {}
    }
    if let Some(end) = plain_number_end(input, start) {
        return Some(Value::Number(start..end));
    }
    let rest = input.get(start..)?;
    [
        (f64::NAN, &b"NaN"[..]),
        (f64::INFINITY, b"+Inf"),
        (f64::NEG_INFINITY, b"-Inf"),
    ]
    .into_iter()
    .find(|(_, text)| rest.starts_with(text))
    .map(|(value, text)| Value::NonFinite(value, text.len()))
}

/// Where the plain number at `start` of `input` ends, at its closing quote:
/// `-?(0|[1-9][0-9]*)(\.[0-9]+)?`, a JSON number without an exponent, of at most
/// [`MAX_VALUE_LEN`] bytes, with at most [`MAX_WHOLE_DIGITS`] before the point and not a
/// negative zero — the text the frame writer would write for the float it stands for, or
/// one a reader takes for the same float. Digits are counted eight at a time.
#[inline]
fn plain_number_end(input: &[u8], start: usize) -> Option<usize> {
    let negative = input.get(start) == Some(&b'-');
    let whole_start = start + usize::from(negative);
    let whole = digit_run(input, whole_start);
    let leading_zero = whole > 1 && input[whole_start] == b'0';
    if whole == 0 || whole > MAX_WHOLE_DIGITS || leading_zero {
        return None;
    }
    let mut end = whole_start + whole;
    if input.get(end) == Some(&b'.') {
        let fraction = digit_run(input, end + 1);
        if fraction == 0 {
            return None;
        }
        end += 1 + fraction;
    }
    if end - start > MAX_VALUE_LEN || input.get(end) != Some(&b'"') {
        return None;
    }
    let zero = || {
        input[whole_start..end]
            .iter()
            .all(|&byte| matches!(byte, b'0' | b'.'))
    };
    (!(negative && zero())).then_some(end)
}

/// How many ASCII digits start at `at` of `input`, read a word at a time (counting stops a
/// word past [`MAX_VALUE_LEN`]).
#[inline]
fn digit_run(input: &[u8], at: usize) -> usize {
    let mut count = 0;
    loop {
        let rest = input.get(at + count..).unwrap_or_default();
        match digit_word(rest) {
            Some((_, 8)) if count <= MAX_VALUE_LEN => count += 8,
            Some((_, digits)) => return count + digits,
            // Fewer than eight bytes left.
            None => return count + rest.iter().take_while(|byte| byte.is_ascii_digit()).count(),
        }
    }
}
