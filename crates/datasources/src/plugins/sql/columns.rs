//! Typing a result: each [`RawColumn`] becomes a nullable [`Field`] of the type Grafana's
//! SQL data sources give it. PostgreSQL keeps integer and float widths (`int2` → int16,
//! `float4` → float32), `numeric` becomes float64; MySQL integers become int64 (`BIGINT
//! UNSIGNED` uint64), `FLOAT`/`DOUBLE`/`DECIMAL` float64; dates and timestamps become time
//! (text without an offset is UTC); JSON stays JSON; everything else is a string. SQLite
//! columns are typed by their values (integers, reals, text), dates by their declared type.

use serde_json::Value;
use sightline_query::frame::{Column, Field, FieldValues, Timestamp};

use super::dialect::Dialect;
use super::fetch::{Cell, RawColumn};
use super::series::epoch_to_timestamp;
use crate::plugins::civil::parse_datetime;

/// The field type a column becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    Int16,
    Int32,
    Int64,
    Uint64,
    Float32,
    Float64,
    Bool,
    Time,
    Json,
    Text,
}

/// The typed field of a column.
pub fn to_field(dialect: Dialect, column: RawColumn) -> Result<Field, String> {
    let kind = kind_of(dialect, &column);
    let name = column.name;
    let cells = column.cells;
    let bad =
        |cell: &Cell| format!("cannot read {cell:?} of column {name:?} as {kind:?}").to_lowercase();
    let values: FieldValues = match kind {
        ColumnKind::Int16 => collect(
            &cells,
            |c| integer(c).and_then(|v| i16::try_from(v).ok()),
            bad,
        )?,
        ColumnKind::Int32 => collect(
            &cells,
            |c| integer(c).and_then(|v| i32::try_from(v).ok()),
            bad,
        )?,
        ColumnKind::Int64 => collect(&cells, integer, bad)?,
        ColumnKind::Uint64 => collect(&cells, unsigned, bad)?,
        ColumnKind::Float32 => collect(&cells, |c| float(c).map(|v| v as f32), bad)?,
        ColumnKind::Float64 => collect(&cells, float, bad)?,
        ColumnKind::Bool => collect(&cells, boolean, bad)?,
        ColumnKind::Time => time_values(&cells),
        ColumnKind::Json => collect(&cells, |c| Some(json(c)), bad)?,
        ColumnKind::Text => collect(&cells, |c| Some(text(c)), bad)?,
    };
    Ok(Field::new(name, values))
}

fn kind_of(dialect: Dialect, column: &RawColumn) -> ColumnKind {
    let type_name = column.type_name.to_ascii_uppercase();
    match dialect {
        Dialect::Postgres => match type_name.as_str() {
            "INT2" => ColumnKind::Int16,
            "INT4" => ColumnKind::Int32,
            "INT8" | "OID" => ColumnKind::Int64,
            "FLOAT4" => ColumnKind::Float32,
            "FLOAT8" | "NUMERIC" => ColumnKind::Float64,
            "BOOL" => ColumnKind::Bool,
            "TIMESTAMP" | "TIMESTAMPTZ" | "DATE" => ColumnKind::Time,
            "JSON" | "JSONB" => ColumnKind::Json,
            _ => ColumnKind::Text,
        },
        Dialect::MySql => match type_name.as_str() {
            "BIGINT UNSIGNED" => ColumnKind::Uint64,
            "TINYINT" | "SMALLINT" | "MEDIUMINT" | "INT" | "BIGINT" | "BOOLEAN" | "YEAR"
            | "TINYINT UNSIGNED" | "SMALLINT UNSIGNED" | "MEDIUMINT UNSIGNED" | "INT UNSIGNED" => {
                ColumnKind::Int64
            }
            "FLOAT" | "DOUBLE" | "DECIMAL" => ColumnKind::Float64,
            "DATETIME" | "TIMESTAMP" | "DATE" => ColumnKind::Time,
            "JSON" => ColumnKind::Json,
            _ => ColumnKind::Text,
        },
        Dialect::Sqlite => sqlite_kind(&type_name, &column.cells),
    }
}

/// SQLite: by the values' storage classes; text in a column declared as a date or time
/// stamp is time.
fn sqlite_kind(declared: &str, cells: &[Cell]) -> ColumnKind {
    let (mut integers, mut reals, mut others) = (false, false, false);
    for cell in cells {
        match cell {
            Cell::Null => {}
            Cell::Integer(_) => integers = true,
            Cell::Real(_) => reals = true,
            Cell::Text(_) | Cell::Blob(_) => others = true,
        }
    }
    let dated = matches!(declared, "DATE" | "DATETIME" | "TIMESTAMP");
    match (integers, reals, others) {
        _ if dated && !reals => ColumnKind::Time,
        (_, _, true) => ColumnKind::Text,
        (_, true, false) => ColumnKind::Float64,
        (true, false, false) if declared == "BOOLEAN" => ColumnKind::Bool,
        (true, false, false) => ColumnKind::Int64,
        (false, false, false) => match declared {
            "INTEGER" => ColumnKind::Int64,
            "REAL" | "NUMERIC" => ColumnKind::Float64,
            _ => ColumnKind::Text,
        },
    }
}

/// A nullable column of `read` applied to each cell; `bad` describes a cell it refuses.
fn collect<T>(
    cells: &[Cell],
    read: impl Fn(&Cell) -> Option<T>,
    bad: impl Fn(&Cell) -> String,
) -> Result<FieldValues, String>
where
    FieldValues: From<Column<T>>,
{
    let mut values = Vec::with_capacity(cells.len());
    for cell in cells {
        if *cell == Cell::Null {
            values.push(None);
            continue;
        }
        values.push(Some(read(cell).ok_or_else(|| bad(cell))?));
    }
    Ok(Column::nullable(values).into())
}

fn integer(cell: &Cell) -> Option<i64> {
    match cell {
        Cell::Integer(value) => Some(*value),
        Cell::Real(value) => Some(*value as i64),
        Cell::Text(text) => text.trim().parse().ok(),
        Cell::Null | Cell::Blob(_) => None,
    }
}

fn unsigned(cell: &Cell) -> Option<u64> {
    match cell {
        Cell::Text(text) => text.trim().parse().ok(),
        other => integer(other).and_then(|v| u64::try_from(v).ok()),
    }
}

fn float(cell: &Cell) -> Option<f64> {
    match cell {
        Cell::Integer(value) => Some(*value as f64),
        Cell::Real(value) => Some(*value),
        Cell::Text(text) => text.trim().parse().ok(),
        Cell::Null | Cell::Blob(_) => None,
    }
}

fn boolean(cell: &Cell) -> Option<bool> {
    match cell {
        Cell::Integer(value) => Some(*value != 0),
        Cell::Text(text) => match text.trim() {
            "t" | "true" | "1" => Some(true),
            "f" | "false" | "0" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// Times that cannot be read (`infinity`, MySQL's zero date) are null, as in Grafana.
fn time_values(cells: &[Cell]) -> FieldValues {
    let values: Vec<Option<Timestamp>> = cells
        .iter()
        .map(|cell| match cell {
            Cell::Text(text) => parse_datetime(text),
            Cell::Integer(value) => Some(epoch_to_timestamp(*value as f64)),
            Cell::Real(value) => Some(epoch_to_timestamp(*value)),
            Cell::Null | Cell::Blob(_) => None,
        })
        .collect();
    Column::nullable(values).into()
}

fn json(cell: &Cell) -> Value {
    let text = text(cell);
    serde_json::from_str(&text).unwrap_or(Value::String(text))
}

fn text(cell: &Cell) -> String {
    match cell {
        Cell::Text(text) => text.clone(),
        Cell::Integer(value) => value.to_string(),
        Cell::Real(value) => value.to_string(),
        Cell::Blob(bytes) => String::from_utf8_lossy(bytes).into_owned(),
        Cell::Null => String::new(),
    }
}
