//! The one SQL database behind Sightline: a connection pool over SQLite, PostgreSQL or
//! MySQL/MariaDB, the dialect differences between them, and the versioned migration runner.
//!
//! Domain crates write their SQL once, with `?` placeholders and portable types, and call
//! [`Store::sql`] so the statement runs on every backend.

mod dialect;
mod error;
mod migrate;
mod pool;

pub use dialect::Dialect;
pub use error::StoreError;
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
