//! Errors of frame construction, conversion and decoding.

use sightline_core::{ErrorKind, HasErrorKind};

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FrameError {
    /// Fields of one frame must have the same number of values.
    #[error("field {field:?} has {len} values, but field {first:?} has {expected}")]
    LengthMismatch {
        field: String,
        len: usize,
        first: String,
        expected: usize,
    },
    /// A conversion needs a time series of another shape; `found` is `wide`, `long` or `not`.
    #[error("can not convert to {wanted} series, expected {expected} format series input but got {found} series")]
    WrongSeriesShape {
        wanted: &'static str,
        expected: &'static str,
        found: &'static str,
    },
    #[error("can not convert a series without rows")]
    NoRows,
    #[error("time index of the series is not sorted ascending (row {row})")]
    UnsortedTime { row: usize },
    #[error("time index of the series has a null value (row {row})")]
    NullTime { row: usize },
    /// Factor fields become label keys, which must differ.
    #[error("two factor fields are named {name:?}")]
    DuplicateFactor { name: String },
    #[error("fields named {name:?} have different types ({first} and {second})")]
    TypeConflict {
        name: String,
        first: &'static str,
        second: &'static str,
    },
    /// Frame JSON that does not follow Grafana's encoding.
    #[error("invalid frame json: {0}")]
    InvalidJson(String),
}

impl HasErrorKind for FrameError {
    fn kind(&self) -> ErrorKind {
        ErrorKind::BadRequest
    }
}
