//! Data frames, Grafana's columnar result format: [`Frame`]s of typed [`Field`]s, their JSON
//! encoding (`json_encode`, `json_decode`: the `/api/ds/query` wire format), time series
//! helpers ([`series`]) and the per-query results ([`DataResponse`], [`QueryDataResponse`]).

mod column;
mod encoded;
mod error;
mod field;
mod field_type;
#[allow(clippy::module_inception)]
mod frame;
mod json_decode;
mod json_encode;
mod json_text;
mod meta;
mod response;
pub mod series;
mod timestamp;
mod values;

#[cfg(test)]
mod json_tests;
#[cfg(test)]
mod series_tests;

pub use column::Column;
pub use encoded::{DecodeCell, EncodedCells, NonFinite};
pub use error::FrameError;
pub use field::{Field, Labels};
pub use field_type::FieldType;
pub use frame::Frame;
pub use json_text::JsonText;
pub use meta::{frame_types, FieldConfig, FrameMeta, Notice, NoticeSeverity, QueryStat};
pub use response::{DataResponse, ErrorSource, QueryDataResponse};
pub use series::{long_to_wide, time_series_frame, wide_to_long, FillMissing};
pub use timestamp::Timestamp;
pub use values::FieldValues;
