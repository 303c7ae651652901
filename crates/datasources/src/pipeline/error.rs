//! Errors that fail a whole pipeline call (a query request, a health check, a resource
//! call). A failure of one query is not one of them: it becomes that `refId`'s error.

use sightline_core::{ErrorKind, HasErrorKind};
use sightline_query::time::TimeError;

use crate::error::DataSourceError;
use crate::proxy::ProxyError;

#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// Grafana's wording, which clients match on.
    #[error("No queries found")]
    NoQueries,
    #[error(transparent)]
    TimeRange(#[from] TimeError),
    /// The caller has no role in the org (Viewer is the least that may query).
    #[error("you'll need additional permissions to query data sources: requires the Viewer role")]
    AccessDenied,
    /// The data source exists but no built-in plugin serves its type.
    #[error("Plugin not registered: {0}")]
    PluginNotRegistered(String),
    #[error(transparent)]
    DataSource(#[from] DataSourceError),
    #[error(transparent)]
    Proxy(#[from] ProxyError),
}

impl HasErrorKind for PipelineError {
    fn kind(&self) -> ErrorKind {
        match self {
            PipelineError::NoQueries | PipelineError::TimeRange(_) => ErrorKind::BadRequest,
            PipelineError::AccessDenied => ErrorKind::Forbidden,
            PipelineError::PluginNotRegistered(_) => ErrorKind::NotFound,
            PipelineError::DataSource(error) => error.kind(),
            PipelineError::Proxy(error) => error.kind(),
        }
    }
}
