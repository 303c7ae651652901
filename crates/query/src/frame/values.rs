//! [`FieldValues`]: the typed, columnar values of a field, one variant per Grafana field type.

use super::column::Column;
use super::field_type::FieldType;
use super::timestamp::Timestamp;

/// The values of a field. Every variant is a [`Column`] of the Go type Grafana uses.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValues {
    Time(Column<Timestamp>),
    Float64(Column<f64>),
    Float32(Column<f32>),
    Int8(Column<i8>),
    Int16(Column<i16>),
    Int32(Column<i32>),
    Int64(Column<i64>),
    Uint8(Column<u8>),
    Uint16(Column<u16>),
    Uint32(Column<u32>),
    Uint64(Column<u64>),
    String(Column<String>),
    Bool(Column<bool>),
    Json(Column<serde_json::Value>),
    Enum(Column<u16>),
}

/// Runs `$body` with `$column` bound to the column of whichever variant `$values` is.
macro_rules! each_column {
    ($values:expr, $column:ident => $body:expr) => {
        match $values {
            FieldValues::Time($column) => $body,
            FieldValues::Float64($column) => $body,
            FieldValues::Float32($column) => $body,
            FieldValues::Int8($column) => $body,
            FieldValues::Int16($column) => $body,
            FieldValues::Int32($column) => $body,
            FieldValues::Int64($column) => $body,
            FieldValues::Uint8($column) => $body,
            FieldValues::Uint16($column) => $body,
            FieldValues::Uint32($column) => $body,
            FieldValues::Uint64($column) => $body,
            FieldValues::String($column) => $body,
            FieldValues::Bool($column) => $body,
            FieldValues::Json($column) => $body,
            FieldValues::Enum($column) => $body,
        }
    };
}

/// Runs `$body` when `$left` and `$right` are the same variant, `$other` when not.
macro_rules! same_columns {
    ($left:expr, $right:expr, $l:ident, $r:ident => $body:expr, else => $other:expr) => {
        match ($left, $right) {
            (FieldValues::Time($l), FieldValues::Time($r)) => $body,
            (FieldValues::Float64($l), FieldValues::Float64($r)) => $body,
            (FieldValues::Float32($l), FieldValues::Float32($r)) => $body,
            (FieldValues::Int8($l), FieldValues::Int8($r)) => $body,
            (FieldValues::Int16($l), FieldValues::Int16($r)) => $body,
            (FieldValues::Int32($l), FieldValues::Int32($r)) => $body,
            (FieldValues::Int64($l), FieldValues::Int64($r)) => $body,
            (FieldValues::Uint8($l), FieldValues::Uint8($r)) => $body,
            (FieldValues::Uint16($l), FieldValues::Uint16($r)) => $body,
            (FieldValues::Uint32($l), FieldValues::Uint32($r)) => $body,
            (FieldValues::Uint64($l), FieldValues::Uint64($r)) => $body,
            (FieldValues::String($l), FieldValues::String($r)) => $body,
            (FieldValues::Bool($l), FieldValues::Bool($r)) => $body,
            (FieldValues::Json($l), FieldValues::Json($r)) => $body,
            (FieldValues::Enum($l), FieldValues::Enum($r)) => $body,
            _ => $other,
        }
    };
}

impl FieldValues {
    /// An empty column of `field_type`.
    pub fn empty(field_type: FieldType, nullable: bool) -> Self {
        match field_type {
            FieldType::Time => FieldValues::Time(Column::empty(nullable)),
            FieldType::Float64 => FieldValues::Float64(Column::empty(nullable)),
            FieldType::Float32 => FieldValues::Float32(Column::empty(nullable)),
            FieldType::Int8 => FieldValues::Int8(Column::empty(nullable)),
            FieldType::Int16 => FieldValues::Int16(Column::empty(nullable)),
            FieldType::Int32 => FieldValues::Int32(Column::empty(nullable)),
            FieldType::Int64 => FieldValues::Int64(Column::empty(nullable)),
            FieldType::Uint8 => FieldValues::Uint8(Column::empty(nullable)),
            FieldType::Uint16 => FieldValues::Uint16(Column::empty(nullable)),
            FieldType::Uint32 => FieldValues::Uint32(Column::empty(nullable)),
            FieldType::Uint64 => FieldValues::Uint64(Column::empty(nullable)),
            FieldType::String => FieldValues::String(Column::empty(nullable)),
            FieldType::Bool => FieldValues::Bool(Column::empty(nullable)),
            FieldType::Json => FieldValues::Json(Column::empty(nullable)),
            FieldType::Enum => FieldValues::Enum(Column::empty(nullable)),
        }
    }

    pub fn field_type(&self) -> FieldType {
        match self {
            FieldValues::Time(_) => FieldType::Time,
            FieldValues::Float64(_) => FieldType::Float64,
            FieldValues::Float32(_) => FieldType::Float32,
            FieldValues::Int8(_) => FieldType::Int8,
            FieldValues::Int16(_) => FieldType::Int16,
            FieldValues::Int32(_) => FieldType::Int32,
            FieldValues::Int64(_) => FieldType::Int64,
            FieldValues::Uint8(_) => FieldType::Uint8,
            FieldValues::Uint16(_) => FieldType::Uint16,
            FieldValues::Uint32(_) => FieldType::Uint32,
            FieldValues::Uint64(_) => FieldType::Uint64,
            FieldValues::String(_) => FieldType::String,
            FieldValues::Bool(_) => FieldType::Bool,
            FieldValues::Json(_) => FieldType::Json,
            FieldValues::Enum(_) => FieldType::Enum,
        }
    }

    pub fn len(&self) -> usize {
        each_column!(self, column => column.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn is_nullable(&self) -> bool {
        each_column!(self, column => column.is_nullable())
    }

    /// Whether the cell at `row` is null (or missing).
    pub fn is_null(&self, row: usize) -> bool {
        each_column!(self, column => column.get(row).is_none())
    }

    /// The same values, typed as nullable.
    pub fn into_nullable(self) -> Self {
        match self {
            FieldValues::Time(c) => FieldValues::Time(c.into_nullable()),
            FieldValues::Float64(c) => FieldValues::Float64(c.into_nullable()),
            FieldValues::Float32(c) => FieldValues::Float32(c.into_nullable()),
            FieldValues::Int8(c) => FieldValues::Int8(c.into_nullable()),
            FieldValues::Int16(c) => FieldValues::Int16(c.into_nullable()),
            FieldValues::Int32(c) => FieldValues::Int32(c.into_nullable()),
            FieldValues::Int64(c) => FieldValues::Int64(c.into_nullable()),
            FieldValues::Uint8(c) => FieldValues::Uint8(c.into_nullable()),
            FieldValues::Uint16(c) => FieldValues::Uint16(c.into_nullable()),
            FieldValues::Uint32(c) => FieldValues::Uint32(c.into_nullable()),
            FieldValues::Uint64(c) => FieldValues::Uint64(c.into_nullable()),
            FieldValues::String(c) => FieldValues::String(c.into_nullable()),
            FieldValues::Bool(c) => FieldValues::Bool(c.into_nullable()),
            FieldValues::Json(c) => FieldValues::Json(c.into_nullable()),
            FieldValues::Enum(c) => FieldValues::Enum(c.into_nullable()),
        }
    }

    pub fn push_null(&mut self) {
        each_column!(self, column => column.push_null())
    }

    /// Appends a copy of the last cell (null for an empty column).
    pub(crate) fn push_repeat_last(&mut self) {
        each_column!(self, column => column.push_repeat_last())
    }

    /// Appends `value` converted to this numeric type (truncated toward zero, saturating
    /// out of range); non-numeric columns get a null instead.
    pub(crate) fn push_number(&mut self, value: f64) {
        match self {
            FieldValues::Float64(c) => c.push(value),
            FieldValues::Float32(c) => c.push(value as f32),
            FieldValues::Int8(c) => c.push(value as i8),
            FieldValues::Int16(c) => c.push(value as i16),
            FieldValues::Int32(c) => c.push(value as i32),
            FieldValues::Int64(c) => c.push(value as i64),
            FieldValues::Uint8(c) => c.push(value as u8),
            FieldValues::Uint16(c) => c.push(value as u16),
            FieldValues::Uint32(c) => c.push(value as u32),
            FieldValues::Uint64(c) => c.push(value as u64),
            other => other.push_null(),
        }
    }

    /// Appends a copy of `source`'s cell at `row`. Returns false, changing nothing, when
    /// `source` is of another type.
    pub(crate) fn push_from(&mut self, source: &FieldValues, row: usize) -> bool {
        same_columns!(self, source, target, from => {
            target.push_cell(from.get(row).cloned());
            true
        }, else => false)
    }

    /// Overwrites the cell at `target_row` with `source`'s cell at `source_row`. Returns
    /// false, changing nothing, when `source` is of another type.
    pub(crate) fn set_from(
        &mut self,
        target_row: usize,
        source: &FieldValues,
        source_row: usize,
    ) -> bool {
        same_columns!(self, source, target, from => {
            target.set_cell(target_row, from.get(source_row).cloned());
            true
        }, else => false)
    }

    /// The cell at `row` as a label value: strings as they are, booleans as `true`/`false`,
    /// null as the empty string. `None` for other types.
    pub(crate) fn label_value(&self, row: usize) -> Option<String> {
        match self {
            FieldValues::String(c) => Some(c.get(row).cloned().unwrap_or_default()),
            FieldValues::Bool(c) => Some(c.get(row).map(bool::to_string).unwrap_or_default()),
            _ => None,
        }
    }
}

macro_rules! impl_from_column {
    ($($element:ty => $variant:ident),* $(,)?) => {
        $(
            impl From<Column<$element>> for FieldValues {
                fn from(column: Column<$element>) -> Self {
                    FieldValues::$variant(column)
                }
            }
            impl From<Vec<$element>> for FieldValues {
                fn from(values: Vec<$element>) -> Self {
                    FieldValues::$variant(Column::required(values))
                }
            }
            impl From<Vec<Option<$element>>> for FieldValues {
                fn from(cells: Vec<Option<$element>>) -> Self {
                    FieldValues::$variant(Column::nullable(cells))
                }
            }
        )*
    };
}

// `u16` is deliberately absent: it would be ambiguous between `Uint16` and `Enum`.
impl_from_column!(
    Timestamp => Time,
    f64 => Float64,
    f32 => Float32,
    i8 => Int8,
    i16 => Int16,
    i32 => Int32,
    i64 => Int64,
    u8 => Uint8,
    u32 => Uint32,
    u64 => Uint64,
    String => String,
    bool => Bool,
    serde_json::Value => Json,
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_number_converts_like_go() {
        let cases: [(FieldType, f64, FieldValues); 5] = [
            (FieldType::Int8, -100.7, vec![-100i8].into()),
            (FieldType::Uint8, 300.0, vec![255u8].into()),
            (FieldType::Float32, 1.5, vec![1.5f32].into()),
            (FieldType::Uint64, 2.9, vec![2u64].into()),
            (FieldType::String, 1.0, vec![None::<String>].into()),
        ];
        for (field_type, value, expected) in cases {
            let mut values = FieldValues::empty(field_type, false);
            values.push_number(value);
            assert_eq!(values, expected, "{field_type:?}");
        }
    }

    #[test]
    fn copies_between_columns_of_one_type_only() {
        let source: FieldValues = vec![Some(1.5), None].into();
        let mut target = FieldValues::empty(FieldType::Float64, false);
        assert!(target.push_from(&source, 0));
        assert!(target.push_from(&source, 1));
        assert_eq!(target, FieldValues::from(vec![Some(1.5), None]));
        let mut strings = FieldValues::empty(FieldType::String, false);
        assert!(!strings.push_from(&source, 0));
        assert!(strings.is_empty());
    }

    #[test]
    fn label_values_of_factor_columns() {
        let strings: FieldValues = vec![Some("a".to_string()), None].into();
        let bools: FieldValues = vec![true, false].into();
        assert_eq!(strings.label_value(1), Some(String::new()));
        assert_eq!(bools.label_value(0).as_deref(), Some("true"));
        assert_eq!(FieldValues::from(vec![1.0]).label_value(0), None);
    }
}
