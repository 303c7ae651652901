//! Errors of the store, classified so domain crates can tell a duplicate from an outage.

use sightline_core::{ErrorKind, HasErrorKind};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("unsupported database url {0:?}")]
    UnsupportedUrl(String),
    #[error("could not connect to the database: {0}")]
    Connect(#[source] sqlx::Error),
    #[error("migration {id} ({name}) failed: {source}")]
    Migration {
        id: i64,
        name: &'static str,
        #[source]
        source: sqlx::Error,
    },
    #[error("the database has migration {0}, which this version does not know; refusing to start")]
    UnknownMigration(i64),
    #[error("a row with the same unique key already exists")]
    UniqueViolation(#[source] sqlx::Error),
    #[error("database error: {0}")]
    Query(#[source] sqlx::Error),
}

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        let is_unique = matches!(&error, sqlx::Error::Database(db) if db.is_unique_violation());
        if is_unique {
            StoreError::UniqueViolation(error)
        } else {
            StoreError::Query(error)
        }
    }
}

impl StoreError {
    pub fn is_unique_violation(&self) -> bool {
        matches!(self, StoreError::UniqueViolation(_))
    }
}

impl HasErrorKind for StoreError {
    fn kind(&self) -> ErrorKind {
        match self {
            StoreError::UniqueViolation(_) => ErrorKind::Conflict,
            StoreError::Connect(_) => ErrorKind::Unavailable,
            _ => ErrorKind::Internal,
        }
    }
}
