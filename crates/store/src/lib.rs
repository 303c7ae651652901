//! The one SQL database behind Sightline: a connection pool over SQLite, PostgreSQL or
//! MySQL/MariaDB, the dialect differences between them, and the versioned migration runner.
//!
//! Domain crates write their SQL once, with `?` placeholders and portable types, and call
//! [`Store::sql`] so the statement runs on every backend.

mod dialect;
mod error;
mod freshness;
mod migrate;
mod pool;

pub use dialect::Dialect;
pub use error::StoreError;
pub use freshness::{FreshCache, Freshness, ReadStamp};
pub use migrate::Migration;
pub use pool::{PoolSettings, Store};

/// Re-exported so domain crates use the same sqlx as the store.
pub use sqlx;

/// The current time in whole seconds since the Unix epoch, the unit of every timestamp column.
pub fn now_epoch() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs() as i64)
        .unwrap_or(0)
}

/// Reads a `{text}` column as a string. MySQL reports long text columns as blobs through
/// sqlx's Any driver, so bytes are accepted too when they are valid UTF-8.
pub fn long_text(row: &sqlx::any::AnyRow, column: &str) -> sqlx::Result<Option<String>> {
    use sqlx::Row;
    match row.try_get::<Option<String>, _>(column) {
        Err(sqlx::Error::ColumnDecode { .. }) => {
            let bytes: Option<Vec<u8>> = row.try_get(column)?;
            bytes
                .map(String::from_utf8)
                .transpose()
                .map_err(|error| sqlx::Error::Decode(error.into()))
        }
        text => text,
    }
}
