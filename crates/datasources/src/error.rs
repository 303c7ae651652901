//! Errors of the data sources domain. Where Grafana clients read the message, the wording is
//! Grafana's (`Data source not found`, `Cannot update read-only data source`, …).

use sightline_core::{ErrorKind, HasErrorKind};
use sightline_store::StoreError;

use crate::secrets::SecretError;

#[derive(Debug, thiserror::Error)]
pub enum DataSourceError {
    #[error("Data source not found")]
    NotFound,
    #[error("data source with the same name already exists")]
    NameExists,
    #[error("data source with the same uid already exists")]
    UidExists,
    /// An update would give the data source the name of another one.
    #[error("Failed to update datasource: data source with the same name already exists")]
    UpdateNameExists,
    /// An update would give the data source the uid of another one.
    #[error("Failed to update datasource: data source with the same uid already exists")]
    UpdateUidExists,
    /// The update names a version older than the stored one.
    #[error("Datasource has already been updated by someone else. Please reload and try again")]
    VersionMismatch,
    #[error("Cannot update read-only data source")]
    ReadOnlyUpdate,
    #[error("Cannot delete read-only data source")]
    ReadOnlyDelete,
    /// Input that breaks a rule, described in the message.
    #[error("{0}")]
    Invalid(String),
    /// A stored secret could not be decrypted: our configuration's fault, not the caller's.
    #[error(transparent)]
    Secret(#[from] SecretError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sightline_store::sqlx::Error> for DataSourceError {
    fn from(error: sightline_store::sqlx::Error) -> Self {
        DataSourceError::Store(StoreError::from(error))
    }
}

impl HasErrorKind for DataSourceError {
    fn kind(&self) -> ErrorKind {
        use DataSourceError::*;
        match self {
            NotFound => ErrorKind::NotFound,
            NameExists | UidExists | UpdateNameExists | UpdateUidExists | VersionMismatch => {
                ErrorKind::Conflict
            }
            ReadOnlyUpdate | ReadOnlyDelete => ErrorKind::Forbidden,
            Invalid(_) => ErrorKind::BadRequest,
            Secret(_) => ErrorKind::Internal,
            Store(error) => error.kind(),
        }
    }
}

pub type Result<T, E = DataSourceError> = std::result::Result<T, E>;
