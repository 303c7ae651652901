//! Errors of the dashboards domain. Where Grafana clients read the message or the `status`
//! field (`version-mismatch`, `name-exists`, …), the wording is Grafana's, capitals included.

use sightline_core::{ErrorKind, HasErrorKind};
use sightline_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum DashboardError {
    #[error("Dashboard not found")]
    DashboardNotFound,
    /// A folder named as the destination of a dashboard does not exist (a bad input).
    #[error("folder not found")]
    DestinationFolderNotFound,
    /// The folder addressed by the request does not exist.
    #[error("folder not found")]
    FolderNotFound,
    #[error("Dashboard version {version} not found for dashboard {uid}")]
    VersionNotFound { uid: String, version: i64 },
    #[error("The dashboard has been changed by someone else")]
    VersionMismatch,
    #[error("A dashboard with the same name in the folder already exists")]
    NameExists,
    #[error("A dashboard with the same uid already exists")]
    UidExists,
    #[error("Dashboard title cannot be empty")]
    TitleEmpty,
    #[error("Dashboard title cannot contain more than {max} characters")]
    TitleTooLong { max: usize },
    #[error("uid contains illegal characters")]
    InvalidUid,
    #[error("uid too long, max 40 characters")]
    UidTooLong,
    #[error("message too long, max 500 characters")]
    MessageTooLong,
    #[error("dashboard is too large: {size} bytes, the limit is {limit} bytes ([dashboards] max_size_bytes)")]
    TooLarge { size: usize, limit: usize },
    #[error("Cannot save provisioned dashboard")]
    ProvisionedSave,
    #[error("provisioned dashboard cannot be deleted")]
    ProvisionedDelete,
    #[error("Dashboard input variable: {0} missing from import command")]
    ImportInputMissing(String),
    #[error("folder title cannot be empty")]
    FolderTitleEmpty,
    #[error("the folder has been changed by someone else")]
    FolderVersionMismatch,
    #[error("a folder with the same name already exists in the current location")]
    FolderNameExists,
    #[error("a folder/dashboard with the same uid already exists")]
    FolderUidExists,
    #[error("invalid uid for folder provided")]
    FolderUidReserved,
    #[error("Circular reference detected")]
    CircularReference,
    #[error("Maximum nested folder depth reached")]
    MaximumDepthReached,
    /// The caller may not do this; the text says what was refused.
    #[error("{0}")]
    AccessDenied(&'static str),
    /// Input that breaks a rule, described in the message.
    #[error("{0}")]
    Invalid(String),
    /// A stored dashboard the schema migration cannot read: our fault, not the caller's.
    #[error("stored dashboard {uid} could not be upgraded: {reason}")]
    StoredDashboardUnreadable { uid: String, reason: String },
    #[error("Annotation not found")]
    AnnotationNotFound,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sightline_store::sqlx::Error> for DashboardError {
    fn from(error: sightline_store::sqlx::Error) -> Self {
        DashboardError::Store(StoreError::from(error))
    }
}

impl From<serde_json::Error> for DashboardError {
    /// Only stored JSON is parsed inside the domain; input arrives parsed.
    fn from(error: serde_json::Error) -> Self {
        DashboardError::Store(StoreError::Query(sightline_store::sqlx::Error::Decode(
            Box::new(error),
        )))
    }
}

impl HasErrorKind for DashboardError {
    fn kind(&self) -> ErrorKind {
        use DashboardError::*;
        match self {
            DashboardNotFound | FolderNotFound | VersionNotFound { .. } => ErrorKind::NotFound,
            VersionMismatch | NameExists | FolderVersionMismatch => ErrorKind::PreconditionFailed,
            FolderNameExists | FolderUidExists => ErrorKind::Conflict,
            DestinationFolderNotFound
            | UidExists
            | TitleEmpty
            | TitleTooLong { .. }
            | InvalidUid
            | UidTooLong
            | MessageTooLong
            | TooLarge { .. }
            | ProvisionedSave
            | ProvisionedDelete
            | ImportInputMissing(_)
            | FolderTitleEmpty
            | FolderUidReserved
            | CircularReference
            | MaximumDepthReached
            | Invalid(_) => ErrorKind::BadRequest,
            AccessDenied(_) => ErrorKind::Forbidden,
            StoredDashboardUnreadable { .. } => ErrorKind::Internal,
            AnnotationNotFound => ErrorKind::NotFound,
            Store(error) => error.kind(),
        }
    }

    fn status_tag(&self) -> Option<&'static str> {
        use DashboardError::*;
        match self {
            VersionMismatch | FolderVersionMismatch => Some("version-mismatch"),
            NameExists => Some("name-exists"),
            TitleEmpty => Some("empty-name"),
            TitleTooLong { .. } => Some("title-too-long"),
            FolderNotFound => Some("not-found"),
            _ => None,
        }
    }
}

pub type Result<T, E = DashboardError> = std::result::Result<T, E>;
