//! [`ExpressionError`]: why one expression could not be evaluated.

use sightline_core::{ErrorKind, HasErrorKind};

use super::math::ParseError;

/// The failure of one expression (one `refId`). It never fails the other expressions,
/// only those that depend on the failed one.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ExpressionError {
    /// The expression's JSON model is malformed or names something unsupported.
    #[error("invalid {kind} expression: {reason}")]
    InvalidModel { kind: String, reason: String },
    /// The `type` of the expression is not one Sightline evaluates.
    #[error("unsupported expression type {0:?}; supported: math, reduce, resample, threshold, classic_conditions")]
    UnknownType(String),
    #[error("invalid math expression: {0}")]
    Parse(#[from] ParseError),
    /// The expression refers to a `refId` that is neither a query nor an expression.
    #[error("expression refers to unknown query or expression {0:?}")]
    UnknownReference(String),
    /// The expression is part of a dependency cycle.
    #[error("expression is part of a dependency cycle: {}", .0.join(" -> "))]
    Cycle(Vec<String>),
    /// A query or expression this one needs failed.
    #[error("did not execute expression because its input {0:?} failed")]
    DependencyFailed(String),
    /// The data an input returned cannot be read as numbers or series.
    #[error("cannot read the data of {ref_id:?}: {reason}")]
    UnreadableInput { ref_id: String, reason: String },
    /// The inputs are of a type this command does not take.
    #[error("{0}")]
    Execution(String),
}

impl ExpressionError {
    pub(crate) fn model(kind: &str, reason: impl Into<String>) -> Self {
        ExpressionError::InvalidModel {
            kind: kind.to_string(),
            reason: reason.into(),
        }
    }

    /// The HTTP-like status of the failed expression's response.
    pub fn status(&self) -> u16 {
        match self.kind() {
            ErrorKind::BadRequest => 400,
            _ => 500,
        }
    }
}

impl HasErrorKind for ExpressionError {
    fn kind(&self) -> ErrorKind {
        match self {
            ExpressionError::DependencyFailed(_) | ExpressionError::Execution(_) => {
                ErrorKind::Internal
            }
            _ => ErrorKind::BadRequest,
        }
    }
}
