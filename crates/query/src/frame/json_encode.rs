//! Writes a [`Frame`] as Grafana's frame JSON, streaming (no intermediate `Value`):
//!
//! ```text
//! {"schema": {"name", "refId", "meta", "fields": [{"name", "type", "typeInfo": {"frame",
//!  "nullable"}, "labels", "config"}]},
//!  "data": {"values": [[...], ...], "entities": [...], "nanos": [...]}}
//! ```
//!
//! As in Grafana's SDK: empty `name`/`refId`, absent `meta`, `labels` and `config` are left
//! out; time cells are epoch milliseconds, with the nanoseconds past the millisecond in
//! `data.nanos` (one array per time field that needs it, `null` for the others); NaN, +Inf
//! and -Inf float cells are written as `null` and listed by row in `data.entities` under
//! `NaN`, `Inf` and `NegInf`. Integral floats are written without a fraction, as Go does.

use serde::ser::{Error as _, SerializeMap, SerializeSeq, SerializeStruct};
use serde::{Serialize, Serializer};

use super::column::Column;
use super::field::Field;
use super::frame::Frame;
use super::timestamp::Timestamp;
use super::values::{each_column, FieldValues};

impl Serialize for Frame {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let rows = self.row_len().map_err(S::Error::custom)?;
        let mut frame = serializer.serialize_struct("Frame", 2)?;
        frame.serialize_field("schema", &Schema(self))?;
        frame.serialize_field("data", &Data { frame: self, rows })?;
        frame.end()
    }
}

struct Schema<'a>(&'a Frame);

impl Serialize for Schema<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let frame = self.0;
        let mut schema = serializer.serialize_map(None)?;
        if !frame.name.is_empty() {
            schema.serialize_entry("name", &frame.name)?;
        }
        if !frame.ref_id.is_empty() {
            schema.serialize_entry("refId", &frame.ref_id)?;
        }
        if let Some(meta) = &frame.meta {
            schema.serialize_entry("meta", meta)?;
        }
        let fields: Vec<FieldSchema<'_>> = frame.fields.iter().map(FieldSchema).collect();
        schema.serialize_entry("fields", &fields)?;
        schema.end()
    }
}

struct FieldSchema<'a>(&'a Field);

impl Serialize for FieldSchema<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let field = self.0;
        let mut schema = serializer.serialize_map(None)?;
        if !field.name.is_empty() {
            schema.serialize_entry("name", &field.name)?;
        }
        let field_type = field.field_type();
        schema.serialize_entry("type", field_type.js_type_name())?;
        schema.serialize_entry(
            "typeInfo",
            &TypeInfo {
                frame: field_type.go_type_name(),
                nullable: field.values.is_nullable(),
            },
        )?;
        if !field.labels.is_empty() {
            schema.serialize_entry("labels", &field.labels)?;
        }
        if let Some(config) = &field.config {
            schema.serialize_entry("config", config)?;
        }
        schema.end()
    }
}

#[derive(Serialize)]
struct TypeInfo {
    frame: &'static str,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    nullable: bool,
}

struct Data<'a> {
    frame: &'a Frame,
    rows: usize,
}

impl Serialize for Data<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let values: Vec<&FieldValues> = self.frame.fields.iter().map(|f| &f.values).collect();
        let entities: Vec<Option<Entities>> = values.iter().map(|v| Entities::of(v)).collect();
        let nanos: Vec<Option<Vec<i64>>> = values.iter().map(|v| sub_milli_nanos(v)).collect();

        let mut data = serializer.serialize_map(None)?;
        let columns: Vec<Cells<'_>> = values.iter().map(|v| Cells(v)).collect();
        data.serialize_entry("values", &columns)?;
        if entities.iter().any(Option::is_some) {
            data.serialize_entry("entities", &entities)?;
        }
        if nanos.iter().any(Option::is_some) {
            data.serialize_entry("nanos", &nanos)?;
        }
        debug_assert!(columns.iter().all(|c| c.0.len() == self.rows));
        data.end()
    }
}

/// Rows of one float field that JSON cannot carry.
#[derive(Serialize, Default)]
struct Entities {
    #[serde(rename = "NaN", skip_serializing_if = "Vec::is_empty")]
    nan: Vec<usize>,
    #[serde(rename = "Inf", skip_serializing_if = "Vec::is_empty")]
    inf: Vec<usize>,
    #[serde(rename = "NegInf", skip_serializing_if = "Vec::is_empty")]
    neg_inf: Vec<usize>,
}

impl Entities {
    fn of(values: &FieldValues) -> Option<Self> {
        let floats: Vec<Option<f64>> = match values {
            FieldValues::Float64(c) => c.iter().map(|v| v.copied()).collect(),
            FieldValues::Float32(c) => c.iter().map(|v| v.map(|x| f64::from(*x))).collect(),
            _ => return None,
        };
        let mut entities = Entities::default();
        for (row, value) in floats.into_iter().enumerate() {
            match value {
                Some(v) if v.is_nan() => entities.nan.push(row),
                Some(v) if v == f64::INFINITY => entities.inf.push(row),
                Some(v) if v == f64::NEG_INFINITY => entities.neg_inf.push(row),
                _ => {}
            }
        }
        let empty =
            entities.nan.is_empty() && entities.inf.is_empty() && entities.neg_inf.is_empty();
        (!empty).then_some(entities)
    }
}

/// Per row, the nanoseconds past the millisecond, when any row of a time field has some.
fn sub_milli_nanos(values: &FieldValues) -> Option<Vec<i64>> {
    let FieldValues::Time(column) = values else {
        return None;
    };
    let nanos: Vec<i64> = column
        .iter()
        .map(|t| t.map_or(0, |t| t.sub_milli_nanos()))
        .collect();
    nanos.iter().any(|n| *n != 0).then_some(nanos)
}

/// The cells of one field as a JSON array.
struct Cells<'a>(&'a FieldValues);

impl Serialize for Cells<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        each_column!(self.0, column => serialize_column(column, serializer))
    }
}

fn serialize_column<T: JsonCell, S: Serializer>(
    column: &Column<T>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut seq = serializer.serialize_seq(Some(column.len()))?;
    for cell in column.iter() {
        seq.serialize_element(&cell.map(Cell))?;
    }
    seq.end()
}

struct Cell<'a, T>(&'a T);

impl<T: JsonCell> Serialize for Cell<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.write_json(serializer)
    }
}

/// How one cell is written.
trait JsonCell {
    fn write_json<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>;
}

/// Largest integer a float holds exactly, and JavaScript reads back without loss.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

fn write_float<S: Serializer>(value: f64, serializer: S) -> Result<S::Ok, S::Error> {
    if !value.is_finite() {
        return serializer.serialize_none();
    }
    if value.fract() == 0.0 && value.abs() <= MAX_SAFE_INTEGER {
        return serializer.serialize_i64(value as i64);
    }
    serializer.serialize_f64(value)
}

impl JsonCell for f64 {
    fn write_json<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        write_float(*self, serializer)
    }
}

impl JsonCell for f32 {
    fn write_json<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if !self.is_finite() || self.fract() == 0.0 {
            return write_float(f64::from(*self), serializer);
        }
        // Written with f32's shortest digits (`0.1`, not `0.10000000149011612`), like Go.
        serializer.serialize_f32(*self)
    }
}

impl JsonCell for Timestamp {
    fn write_json<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i64(self.millis())
    }
}

impl JsonCell for serde_json::Value {
    fn write_json<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.serialize(serializer)
    }
}

macro_rules! plain_json_cells {
    ($($element:ty),*) => {
        $(
            impl JsonCell for $element {
                fn write_json<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    self.serialize(serializer)
                }
            }
        )*
    };
}

plain_json_cells!(i8, i16, i32, i64, u8, u16, u32, u64, String, bool);
