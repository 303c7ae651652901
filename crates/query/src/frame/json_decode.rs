//! Reads Grafana's frame JSON into a [`Frame`] (the encoding is described in `json_encode`).
//!
//! Lenient where Grafana's producers differ: a field without `typeInfo` (as the browser
//! writes frames) takes its type from `type`, nullable; numbers may come as strings; unknown
//! keys are ignored. Strict where data would be lost: fields of unequal length, a null in a
//! non-nullable field (after `entities` are applied), integers out of their type's range.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use super::column::Column;
use super::error::FrameError;
use super::field::{Field, Labels};
use super::field_type::FieldType;
use super::frame::Frame;
use super::meta::{FieldConfig, FrameMeta};
use super::timestamp::Timestamp;
use super::values::FieldValues;

impl<'de> Deserialize<'de> for Frame {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let input = FrameIn::deserialize(deserializer)?;
        input.into_frame().map_err(D::Error::custom)
    }
}

#[derive(Deserialize)]
struct FrameIn {
    #[serde(default)]
    schema: Option<SchemaIn>,
    #[serde(default)]
    data: Option<DataIn>,
}

#[derive(Deserialize, Default)]
struct SchemaIn {
    #[serde(default)]
    name: Option<String>,
    #[serde(default, rename = "refId")]
    ref_id: Option<String>,
    #[serde(default)]
    meta: Option<FrameMeta>,
    #[serde(default)]
    fields: Option<Vec<FieldSchemaIn>>,
}

#[derive(Deserialize)]
struct FieldSchemaIn {
    #[serde(default)]
    name: Option<String>,
    #[serde(default, rename = "type")]
    js_type: Option<String>,
    #[serde(default, rename = "typeInfo")]
    type_info: Option<TypeInfoIn>,
    #[serde(default)]
    labels: Option<Labels>,
    #[serde(default)]
    config: Option<FieldConfig>,
}

#[derive(Deserialize)]
struct TypeInfoIn {
    #[serde(default)]
    frame: Option<String>,
    #[serde(default)]
    nullable: bool,
}

#[derive(Deserialize, Default)]
struct DataIn {
    #[serde(default)]
    values: Option<Vec<Vec<Value>>>,
    #[serde(default)]
    entities: Option<Vec<Option<EntitiesIn>>>,
    #[serde(default)]
    nanos: Option<Vec<Option<Vec<i64>>>>,
}

#[derive(Deserialize)]
struct EntitiesIn {
    #[serde(default, rename = "NaN")]
    nan: Option<Vec<usize>>,
    #[serde(default, rename = "Inf")]
    inf: Option<Vec<usize>>,
    #[serde(default, rename = "NegInf")]
    neg_inf: Option<Vec<usize>>,
}

fn invalid(message: impl Into<String>) -> FrameError {
    FrameError::InvalidJson(message.into())
}

impl FrameIn {
    fn into_frame(self) -> Result<Frame, FrameError> {
        let schema = self.schema.unwrap_or_default();
        let field_schemas = schema.fields.unwrap_or_default();
        let data = self.data.unwrap_or_default();
        let mut columns = data.values.unwrap_or_default();
        if columns.is_empty() {
            columns = vec![Vec::new(); field_schemas.len()];
        }
        if columns.len() != field_schemas.len() {
            return Err(invalid(format!(
                "data has {} value arrays for {} fields",
                columns.len(),
                field_schemas.len()
            )));
        }
        let mut entities = data.entities.unwrap_or_default();
        let mut nanos = data.nanos.unwrap_or_default();

        let mut fields = Vec::with_capacity(field_schemas.len());
        for (index, (field_schema, cells)) in field_schemas.into_iter().zip(columns).enumerate() {
            let name = field_schema.name.clone().unwrap_or_default();
            let (field_type, nullable) = resolve_type(&name, &field_schema)?;
            let decoded = Decoded {
                cells,
                entities: entities.get_mut(index).and_then(Option::take),
                nanos: nanos.get_mut(index).and_then(Option::take),
            };
            let values = decoded
                .into_values(field_type, nullable)
                .map_err(|reason| invalid(format!("field {name:?}: {reason}")))?;
            fields.push(Field {
                name,
                labels: field_schema.labels,
                config: field_schema.config,
                values,
            });
        }
        let frame = Frame {
            name: schema.name.unwrap_or_default(),
            ref_id: schema.ref_id.unwrap_or_default(),
            meta: schema.meta,
            fields,
        };
        frame.row_len()?;
        Ok(frame)
    }
}

fn resolve_type(name: &str, schema: &FieldSchemaIn) -> Result<(FieldType, bool), FrameError> {
    if let Some(type_info) = &schema.type_info {
        if let Some(go_name) = &type_info.frame {
            let field_type = FieldType::from_go_type_name(go_name)
                .ok_or_else(|| invalid(format!("field {name:?}: unsupported type {go_name:?}")))?;
            return Ok((field_type, type_info.nullable));
        }
    }
    match &schema.js_type {
        Some(js_name) => FieldType::from_js_type_name(js_name)
            .map(|field_type| (field_type, true))
            .ok_or_else(|| invalid(format!("field {name:?}: unsupported type {js_name:?}"))),
        None => Err(invalid(format!("field {name:?} has no type"))),
    }
}

/// One field's JSON cells with the side tables that complete them.
struct Decoded {
    cells: Vec<Value>,
    entities: Option<EntitiesIn>,
    nanos: Option<Vec<i64>>,
}

impl Decoded {
    fn into_values(self, field_type: FieldType, nullable: bool) -> Result<FieldValues, String> {
        if self.entities.is_some() && !field_type.is_float() {
            return Err(format!(
                "entities given for a {} field",
                field_type.go_type_name()
            ));
        }
        if self.nanos.is_some() && field_type != FieldType::Time {
            return Err(format!(
                "nanos given for a {} field",
                field_type.go_type_name()
            ));
        }
        let values = match field_type {
            FieldType::Time => FieldValues::Time(self.time_column(nullable)?),
            FieldType::Float64 => FieldValues::Float64(self.float_column(nullable, |v| v)?),
            FieldType::Float32 => FieldValues::Float32(self.float_column(nullable, |v| v as f32)?),
            FieldType::Int8 => FieldValues::Int8(self.column(nullable)?),
            FieldType::Int16 => FieldValues::Int16(self.column(nullable)?),
            FieldType::Int32 => FieldValues::Int32(self.column(nullable)?),
            FieldType::Int64 => FieldValues::Int64(self.column(nullable)?),
            FieldType::Uint8 => FieldValues::Uint8(self.column(nullable)?),
            FieldType::Uint16 => FieldValues::Uint16(self.column(nullable)?),
            FieldType::Uint32 => FieldValues::Uint32(self.column(nullable)?),
            FieldType::Uint64 => FieldValues::Uint64(self.column(nullable)?),
            FieldType::String => FieldValues::String(self.column(nullable)?),
            FieldType::Bool => FieldValues::Bool(self.column(nullable)?),
            FieldType::Json => FieldValues::Json(self.column(nullable)?),
            FieldType::Enum => FieldValues::Enum(self.column(nullable)?),
        };
        Ok(values)
    }

    fn column<T: FromJsonCell>(self, nullable: bool) -> Result<Column<T>, String> {
        let cells = decode_cells(&self.cells)?;
        finish(cells, nullable)
    }

    fn float_column<T>(self, nullable: bool, narrow: fn(f64) -> T) -> Result<Column<T>, String> {
        let mut cells: Vec<Option<T>> = decode_cells::<f64>(&self.cells)?
            .into_iter()
            .map(|cell| cell.map(narrow))
            .collect();
        if let Some(entities) = self.entities {
            let replacements = [
                (entities.nan, f64::NAN),
                (entities.inf, f64::INFINITY),
                (entities.neg_inf, f64::NEG_INFINITY),
            ];
            for (rows, replacement) in replacements {
                for row in rows.unwrap_or_default() {
                    let slot = cells
                        .get_mut(row)
                        .ok_or_else(|| format!("entity row {row} is past the end"))?;
                    *slot = Some(narrow(replacement));
                }
            }
        }
        finish(cells, nullable)
    }

    fn time_column(self, nullable: bool) -> Result<Column<Timestamp>, String> {
        let millis: Vec<Option<i64>> = decode_cells(&self.cells)?;
        let nanos = self.nanos.unwrap_or_default();
        if !nanos.is_empty() && nanos.len() != millis.len() {
            return Err(format!("{} nanos for {} values", nanos.len(), millis.len()));
        }
        let cells = millis
            .into_iter()
            .enumerate()
            .map(|(row, cell)| {
                cell.map(|ms| {
                    let extra = nanos.get(row).copied().unwrap_or(0);
                    Timestamp::from_nanos(Timestamp::from_millis(ms).nanos().saturating_add(extra))
                })
            })
            .collect();
        finish(cells, nullable)
    }
}

fn finish<T>(cells: Vec<Option<T>>, nullable: bool) -> Result<Column<T>, String> {
    if nullable {
        return Ok(Column::nullable(cells));
    }
    let mut values = Vec::with_capacity(cells.len());
    for (row, cell) in cells.into_iter().enumerate() {
        values.push(cell.ok_or_else(|| format!("null at row {row} of a non-nullable field"))?);
    }
    Ok(Column::required(values))
}

fn decode_cells<T: FromJsonCell>(cells: &[Value]) -> Result<Vec<Option<T>>, String> {
    cells
        .iter()
        .enumerate()
        .map(|(row, cell)| {
            if cell.is_null() {
                return Ok(None);
            }
            T::from_json_cell(cell)
                .map(Some)
                .ok_or_else(|| format!("row {row}: cannot read {cell} as {}", T::EXPECTED))
        })
        .collect()
}

/// How one non-null JSON cell is read.
trait FromJsonCell: Sized {
    const EXPECTED: &'static str;
    fn from_json_cell(cell: &Value) -> Option<Self>;
}

/// Integers as Grafana's SDK reads them: JSON integers, floats truncated, numeric strings.
fn integer_of(cell: &Value) -> Option<i128> {
    match cell {
        Value::Number(n) => n
            .as_i64()
            .map(i128::from)
            .or_else(|| n.as_u64().map(i128::from))
            .or_else(|| {
                n.as_f64()
                    .filter(|f| f.is_finite())
                    .map(|f| f.trunc() as i128)
            }),
        Value::String(s) => s.trim().parse::<i128>().ok(),
        _ => None,
    }
}

macro_rules! integer_cells {
    ($($element:ty),*) => {
        $(
            impl FromJsonCell for $element {
                const EXPECTED: &'static str = stringify!($element);
                fn from_json_cell(cell: &Value) -> Option<Self> {
                    integer_of(cell).and_then(|i| <$element>::try_from(i).ok())
                }
            }
        )*
    };
}

integer_cells!(i8, i16, i32, i64, u8, u16, u32, u64);

impl FromJsonCell for f64 {
    const EXPECTED: &'static str = "a number";
    fn from_json_cell(cell: &Value) -> Option<Self> {
        match cell {
            Value::Number(n) => n.as_f64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }
}

impl FromJsonCell for String {
    const EXPECTED: &'static str = "a string";
    fn from_json_cell(cell: &Value) -> Option<Self> {
        match cell {
            Value::String(s) => Some(s.clone()),
            Value::Number(_) | Value::Bool(_) => Some(cell.to_string()),
            _ => None,
        }
    }
}

impl FromJsonCell for bool {
    const EXPECTED: &'static str = "a boolean";
    fn from_json_cell(cell: &Value) -> Option<Self> {
        cell.as_bool()
    }
}

impl FromJsonCell for Value {
    const EXPECTED: &'static str = "json";
    fn from_json_cell(cell: &Value) -> Option<Self> {
        Some(cell.clone())
    }
}
