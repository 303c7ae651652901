//! The closed set of error kinds. Every crate's error reports one; the HTTP edge maps
//! each kind to a status code exactly once.

/// What went wrong, independent of transport.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The input is malformed or violates a rule (400).
    BadRequest,
    /// No valid credentials were presented (401).
    Unauthorized,
    /// The caller is known but may not do this (403).
    Forbidden,
    /// The addressed resource does not exist (404).
    NotFound,
    /// The change conflicts with existing state, e.g. a duplicate name (409).
    Conflict,
    /// A precondition such as a version check failed (412).
    PreconditionFailed,
    /// Too many attempts; try later (429).
    TooManyRequests,
    /// A fault on our side (500). Never caused by input.
    Internal,
    /// A dependency such as the database is unreachable (503).
    Unavailable,
}

/// Implemented by every crate's error type so the edge can map it without knowing the crate.
pub trait HasErrorKind {
    fn kind(&self) -> ErrorKind;

    /// Grafana's machine-readable `status` field, sent beside `message` by the few errors
    /// clients switch on (`version-mismatch`, `name-exists`, `not-found`, …); none by default.
    fn status_tag(&self) -> Option<&'static str> {
        None
    }
}
