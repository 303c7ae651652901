//! The foundation of the query pipeline, pure and without IO: Grafana's data frames and their
//! JSON encoding ([`frame`]), `from`/`to` time parsing ([`time`]), interval calculation
//! ([`interval`]) and template variable interpolation ([`interpolate`]).
//!
//! Data sources build [`frame::Frame`]s and answer with a [`frame::QueryDataResponse`]; the
//! HTTP edge serialises it as Grafana's `/api/ds/query` body. Queries are prepared with the
//! parsed [`time::TimeRange`], the [`interval::Interval`] computed for it and the query text
//! run through [`interpolate::interpolate`].

pub mod expressions;
pub mod frame;
pub mod interpolate;
pub mod interval;
pub mod time;

/// Signed duration with nanosecond precision, used by [`interval`] and [`time`].
pub use ::time::Duration;
