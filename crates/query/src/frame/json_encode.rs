//! Writes a [`Frame`] as Grafana's frame JSON, straight into a byte buffer:
//!
//! ```text
//! {"schema": {"name", "refId", "meta", "fields": [{"name", "type", "typeInfo": {"frame",
//!  "nullable"}, "labels", "config"}]},
//!  "data": {"values": [[...], ...], "entities": [...], "nanos": [...]}}
//! ```
//!
//! As in Grafana's SDK: empty `name`/`refId`, absent `meta`, `labels` and `config` are left
//! out (labels that are set but empty are written `{}`, as Go writes a non-nil map); time
//! cells are epoch milliseconds, with the nanoseconds past the millisecond in `data.nanos`
//! (one array per time field that needs it, `null` for the others); NaN, +Inf and -Inf
//! float cells are written as `null` and listed by row in `data.entities` under `NaN`,
//! `Inf` and `NegInf`. Integral floats are written without a fraction, as Go does.
//!
//! [`FrameWriter`] is the one encoder ([`Frame::write_json`] for one frame). A query answer
//! of a million points is written with it into one buffer sized up front
//! ([`Frame::json_size_hint`]): time and float cells through `itoa` and `zmij` (the crates
//! `serde_json` writes numbers with), a time column equal to the previous frame's copied as
//! text, the other columns and the small schema parts through `serde_json`. Columns kept as
//! text ([`EncodedCells`]) are copied, or, for a whole answer ([`JsonText`]), left out of
//! the buffer and passed on as slices of their own text. `Serialize` hands the same text to a
//! serializer as a raw JSON value.

use std::ops::Range;

use serde::ser::Error as _;
use serde::{Serialize, Serializer};
use serde_json::value::RawValue;

use super::column::Column;
use super::encoded::{EncodedCells, NonFinite};
use super::error::FrameError;
use super::field::Field;
use super::frame::Frame;
#[cfg(doc)]
use super::json_text::JsonText;
use super::json_text::{Splice, SHARED_MIN_LEN};
use super::timestamp::Timestamp;
use super::values::FieldValues;

impl Frame {
    /// Appends the frame's JSON to `out`; an error (nothing sensible written) when its
    /// fields differ in length.
    pub fn write_json(&self, out: &mut Vec<u8>) -> Result<(), FrameError> {
        FrameWriter::new(out).write(self)
    }

    /// About how many bytes [`Frame::write_json`] writes, to size a buffer.
    pub fn json_size_hint(&self) -> usize {
        self.size_hint(false)
    }

    /// About how many bytes the writer puts in its buffer, leaving out the columns it
    /// passes on as slices when `spliced`.
    pub(super) fn size_hint(&self, spliced: bool) -> usize {
        let fields: usize = self
            .fields
            .iter()
            .map(|field| {
                let labels: usize = field
                    .label_set()
                    .iter()
                    .map(|(k, v)| k.len() + v.len() + 6)
                    .sum();
                128 + field.name.len() + labels + values_size_hint(&field.values, spliced)
            })
            .sum();
        256 + self.name.len() + fields
    }
}

impl Serialize for Frame {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = Vec::with_capacity(self.json_size_hint());
        self.write_json(&mut out).map_err(S::Error::custom)?;
        raw_json(out)?.serialize(serializer)
    }
}

/// Writes frames one after another into one buffer. The series of one range query share
/// their timestamps, so a time column equal to the last one written is copied as text
/// instead of being formatted again.
pub(crate) struct FrameWriter<'f, 'o> {
    out: &'o mut Vec<u8>,
    /// Where the large encoded columns go, when they are not to be copied into `out`.
    splices: Option<&'o mut Vec<Splice>>,
    /// The last time column written, where its text is in `out`, and whether it needs nanos.
    last_times: Option<(&'f Column<Timestamp>, Range<usize>, bool)>,
}

impl<'f, 'o> FrameWriter<'f, 'o> {
    pub(crate) fn new(out: &'o mut Vec<u8>) -> FrameWriter<'f, 'o> {
        FrameWriter {
            out,
            splices: None,
            last_times: None,
        }
    }

    /// A writer that notes the large encoded columns in `splices` instead of copying them.
    pub(crate) fn splicing(
        out: &'o mut Vec<u8>,
        splices: &'o mut Vec<Splice>,
    ) -> FrameWriter<'f, 'o> {
        FrameWriter {
            splices: Some(splices),
            ..FrameWriter::new(out)
        }
    }

    /// Appends `frames` as a JSON array.
    pub(crate) fn write_list(&mut self, frames: &'f [Frame]) -> Result<(), FrameError> {
        self.out.push(b'[');
        for (index, frame) in frames.iter().enumerate() {
            if index > 0 {
                self.out.push(b',');
            }
            self.write(frame)?;
        }
        self.out.push(b']');
        Ok(())
    }

    /// Appends `frame`'s JSON.
    pub(crate) fn write(&mut self, frame: &'f Frame) -> Result<(), FrameError> {
        frame.row_len()?;
        let out = &mut *self.out;
        out.extend_from_slice(b"{\"schema\":{");
        if !frame.name.is_empty() {
            out.extend_from_slice(b"\"name\":");
            write_serde(out, &frame.name)?;
            out.push(b',');
        }
        if !frame.ref_id.is_empty() {
            out.extend_from_slice(b"\"refId\":");
            write_serde(out, &frame.ref_id)?;
            out.push(b',');
        }
        if let Some(meta) = &frame.meta {
            out.extend_from_slice(b"\"meta\":");
            write_serde(out, meta)?;
            out.push(b',');
        }
        out.extend_from_slice(b"\"fields\":[");
        for (index, field) in frame.fields.iter().enumerate() {
            if index > 0 {
                out.push(b',');
            }
            write_field_schema(field, out)?;
        }
        out.extend_from_slice(b"]},\"data\":{\"values\":[");
        let mut extras = Vec::with_capacity(frame.fields.len());
        for (index, field) in frame.fields.iter().enumerate() {
            if index > 0 {
                self.out.push(b',');
            }
            extras.push(self.write_values(&field.values)?);
        }
        let out = &mut *self.out;
        out.push(b']');
        if extras.iter().any(|extra| extra.entities.is_some()) {
            out.extend_from_slice(b",\"entities\":[");
            for (index, extra) in extras.iter().enumerate() {
                if index > 0 {
                    out.push(b',');
                }
                match &extra.entities {
                    Some(entities) => entities.write(out),
                    None => out.extend_from_slice(b"null"),
                }
            }
            out.push(b']');
        }
        if extras.iter().any(|extra| extra.sub_milli_nanos) {
            out.extend_from_slice(b",\"nanos\":[");
            for (index, (field, extra)) in frame.fields.iter().zip(&extras).enumerate() {
                if index > 0 {
                    out.push(b',');
                }
                match &field.values {
                    FieldValues::Time(column) if extra.sub_milli_nanos => {
                        write_nanos(column, out);
                    }
                    _ => out.extend_from_slice(b"null"),
                }
            }
            out.push(b']');
        }
        out.extend_from_slice(b"}}");
        Ok(())
    }

    /// Writes a column's cells as a JSON array.
    fn write_values(&mut self, values: &'f FieldValues) -> Result<ColumnExtras, FrameError> {
        let splices = self.splices.as_deref_mut();
        let out = &mut *self.out;
        let mut extras = ColumnExtras {
            entities: None,
            sub_milli_nanos: false,
        };
        match values {
            FieldValues::Time(column) => match column.encoded_cells() {
                // Encoded times are whole milliseconds.
                Some(encoded) => put_encoded(encoded, out, splices),
                None => extras.sub_milli_nanos = self.write_time_column(column),
            },
            FieldValues::Float64(column) => match column.encoded_cells() {
                Some(encoded) => {
                    put_encoded(encoded, out, splices);
                    let non_finite = encoded.non_finite();
                    extras.entities = (!non_finite.is_empty()).then(|| non_finite.clone());
                }
                None => extras.entities = write_floats(column, out),
            },
            FieldValues::Float32(column) => extras.entities = write_floats(column, out),
            // `null` for a missing cell, then the value as serde_json writes it.
            FieldValues::Int8(column) => write_serde(out, column.cells())?,
            FieldValues::Int16(column) => write_serde(out, column.cells())?,
            FieldValues::Int32(column) => write_serde(out, column.cells())?,
            FieldValues::Int64(column) => write_serde(out, column.cells())?,
            FieldValues::Uint8(column) => write_serde(out, column.cells())?,
            FieldValues::Uint16(column) => write_serde(out, column.cells())?,
            FieldValues::Uint32(column) => write_serde(out, column.cells())?,
            FieldValues::Uint64(column) => write_serde(out, column.cells())?,
            FieldValues::String(column) => write_serde(out, column.cells())?,
            FieldValues::Bool(column) => write_serde(out, column.cells())?,
            FieldValues::Json(column) => write_serde(out, column.cells())?,
            FieldValues::Enum(column) => write_serde(out, column.cells())?,
        }
        Ok(extras)
    }

    /// A time column, copied from the last one written when equal; whether any of its
    /// times has nanoseconds past the millisecond.
    fn write_time_column(&mut self, column: &'f Column<Timestamp>) -> bool {
        let start = self.out.len();
        if let Some((last, text, sub_milli)) = &self.last_times {
            if *last == column {
                let sub_milli = *sub_milli;
                self.out.extend_from_within(text.clone());
                self.last_times = Some((column, start..self.out.len(), sub_milli));
                return sub_milli;
            }
        }
        let sub_milli = write_times(column, self.out);
        self.last_times = Some((column, start..self.out.len(), sub_milli));
        sub_milli
    }
}

/// An encoded column's text: noted in `splices` when there are those and it is large, else
/// copied into `out`.
fn put_encoded(encoded: &EncodedCells, out: &mut Vec<u8>, splices: Option<&mut Vec<Splice>>) {
    match splices {
        Some(splices) if encoded.json().len() >= SHARED_MIN_LEN => {
            splices.push((out.len(), encoded.shared_json()));
        }
        _ => out.extend_from_slice(encoded.json()),
    }
}

/// Text this module wrote, as a raw JSON value for a serializer.
pub(super) fn raw_json<E: serde::ser::Error>(text: Vec<u8>) -> Result<Box<RawValue>, E> {
    let text = String::from_utf8(text).map_err(E::custom)?;
    RawValue::from_string(text).map_err(E::custom)
}

/// Appends `value` as `serde_json` writes it.
pub(super) fn write_serde<T: Serialize + ?Sized>(
    out: &mut Vec<u8>,
    value: &T,
) -> Result<(), FrameError> {
    serde_json::to_writer(out, value).map_err(|error| FrameError::InvalidJson(error.to_string()))
}

/// About how many bytes a column's cells take in the writer's buffer, for
/// [`Frame::size_hint`].
fn values_size_hint(values: &FieldValues, spliced: bool) -> usize {
    let encoded = match values {
        FieldValues::Time(column) => column.encoded_cells(),
        FieldValues::Float64(column) => column.encoded_cells(),
        _ => None,
    };
    match encoded {
        Some(encoded) if spliced && encoded.json().len() >= SHARED_MIN_LEN => 0,
        Some(encoded) => encoded.json().len(),
        None => values.len() * cell_size_hint(values),
    }
}

/// Typical bytes per cell.
fn cell_size_hint(values: &FieldValues) -> usize {
    match values {
        // 13 digits of milliseconds and a comma.
        FieldValues::Time(_) => 14,
        FieldValues::String(_) | FieldValues::Json(_) => 16,
        _ => 8,
    }
}

fn write_field_schema(field: &Field, out: &mut Vec<u8>) -> Result<(), FrameError> {
    out.push(b'{');
    if !field.name.is_empty() {
        out.extend_from_slice(b"\"name\":");
        write_serde(out, &field.name)?;
        out.push(b',');
    }
    let field_type = field.field_type();
    // Type names are plain ASCII words.
    out.extend_from_slice(b"\"type\":\"");
    out.extend_from_slice(field_type.js_type_name().as_bytes());
    out.extend_from_slice(b"\",\"typeInfo\":{\"frame\":\"");
    out.extend_from_slice(field_type.go_type_name().as_bytes());
    out.push(b'"');
    if field.values.is_nullable() {
        out.extend_from_slice(b",\"nullable\":true");
    }
    out.push(b'}');
    if let Some(labels) = &field.labels {
        out.extend_from_slice(b",\"labels\":");
        write_serde(out, labels)?;
    }
    if let Some(config) = &field.config {
        out.extend_from_slice(b",\"config\":");
        write_serde(out, config)?;
    }
    out.push(b'}');
    Ok(())
}

/// What a column needs written after `data.values`.
struct ColumnExtras {
    entities: Option<NonFinite>,
    sub_milli_nanos: bool,
}

/// Time cells as epoch milliseconds; whether any has nanoseconds past its millisecond.
fn write_times(column: &Column<Timestamp>, out: &mut Vec<u8>) -> bool {
    let mut digits = itoa::Buffer::new();
    let mut sub_milli = false;
    out.push(b'[');
    for (row, cell) in column.iter().enumerate() {
        if row > 0 {
            out.push(b',');
        }
        match cell {
            Some(time) => {
                sub_milli |= time.sub_milli_nanos() != 0;
                out.extend_from_slice(digits.format(time.millis()).as_bytes());
            }
            None => out.extend_from_slice(b"null"),
        }
    }
    out.push(b']');
    sub_milli
}

/// Per row, the nanoseconds past the millisecond (0 for nulls).
fn write_nanos(column: &Column<Timestamp>, out: &mut Vec<u8>) {
    let mut digits = itoa::Buffer::new();
    out.push(b'[');
    for (row, cell) in column.iter().enumerate() {
        if row > 0 {
            out.push(b',');
        }
        let nanos = cell.map_or(0, |time| time.sub_milli_nanos());
        out.extend_from_slice(digits.format(nanos).as_bytes());
    }
    out.push(b']');
}

/// Float cells, NaN and infinities as `null`; the rows of those, when there are any.
fn write_floats<T: FloatCell>(column: &Column<T>, out: &mut Vec<u8>) -> Option<NonFinite> {
    let mut entities: Option<NonFinite> = None;
    out.push(b'[');
    for (row, cell) in column.iter().enumerate() {
        if row > 0 {
            out.push(b',');
        }
        let Some(&value) = cell else {
            out.extend_from_slice(b"null");
            continue;
        };
        let wide: f64 = value.into();
        if wide.is_finite() {
            value.write_finite(out);
            continue;
        }
        out.extend_from_slice(b"null");
        entities
            .get_or_insert_with(NonFinite::default)
            .push(row, wide);
    }
    out.push(b']');
    entities
}

/// Largest integer a float holds exactly, and JavaScript reads back without loss.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// How a finite float cell is written (a trait, so each column's loop has it inlined).
trait FloatCell: Copy + Into<f64> {
    fn write_finite(self, out: &mut Vec<u8>);
}

impl FloatCell for f64 {
    /// Integral values without a fraction (as Go writes them), others in their shortest form.
    #[inline]
    fn write_finite(self, out: &mut Vec<u8>) {
        let whole = self as i64;
        if whole as f64 == self && self.abs() <= MAX_SAFE_INTEGER {
            out.extend_from_slice(itoa::Buffer::new().format(whole).as_bytes());
        } else {
            out.extend_from_slice(zmij::Buffer::new().format_finite(self).as_bytes());
        }
    }
}

impl FloatCell for f32 {
    /// With `f32`'s shortest digits (`0.1`, not `0.10000000149011612`), as Go.
    fn write_finite(self, out: &mut Vec<u8>) {
        if self.fract() == 0.0 {
            f64::from(self).write_finite(out);
        } else {
            out.extend_from_slice(zmij::Buffer::new().format_finite(self).as_bytes());
        }
    }
}
