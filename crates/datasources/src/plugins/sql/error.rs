//! [`QueryError`]: why one query failed, worded as Grafana's SQL data sources word it
//! (`<stage>: <reason>`), and who is to blame.

use sightline_query::frame::ErrorSource;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{stage}: {reason}")]
pub struct QueryError {
    /// What was being done: `interpolation failed`, `db query error`...
    pub stage: &'static str,
    pub reason: String,
    pub origin: ErrorSource,
}

impl QueryError {
    /// A failure of Sightline or of the query's shape.
    pub fn plugin(stage: &'static str, reason: impl Into<String>) -> Self {
        Self {
            stage,
            reason: reason.into(),
            origin: ErrorSource::Plugin,
        }
    }

    /// A failure of the database.
    pub fn downstream(stage: &'static str, reason: impl Into<String>) -> Self {
        Self {
            stage,
            reason: reason.into(),
            origin: ErrorSource::Downstream,
        }
    }
}
