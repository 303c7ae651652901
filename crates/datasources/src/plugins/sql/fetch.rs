//! Running a query and collecting its result as raw [`Cell`]s, column by column, with each
//! column's database type name. PostgreSQL and MySQL are queried with their simple (text)
//! protocols, which accept several statements and return every value as text; SQLite values
//! keep their storage class.

use futures::TryStreamExt;
use sightline_store::sqlx::mysql::MySqlDatabaseError;
use sightline_store::sqlx::postgres::{PgDatabaseError, PgSeverity};
use sightline_store::sqlx::{self, AssertSqlSafe, Column, Database, Row, TypeInfo, ValueRef};

use super::dialect::Dialect;
use super::pool::Pool;

/// One value as the driver returned it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Null,
    Text(String),
    Integer(i64),
    Real(f64),
    Blob(Vec<u8>),
}

/// A column of a result.
#[derive(Debug, Clone, PartialEq)]
pub struct RawColumn {
    pub name: String,
    /// The database's name of the column type (`INT8`, `VARCHAR`, `DATETIME`...).
    pub type_name: String,
    pub cells: Vec<Cell>,
}

/// A result, at most `row_limit` rows of it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawResult {
    pub columns: Vec<RawColumn>,
    /// Rows beyond the limit were dropped.
    pub truncated: bool,
}

impl RawResult {
    pub fn row_count(&self) -> usize {
        self.columns.first().map_or(0, |column| column.cells.len())
    }

    /// Starts the columns from the first row; false when `row` has another layout (a later
    /// statement's rows), which is then skipped.
    fn accepts<R: Row>(
        &mut self,
        row: &R,
        type_name: impl Fn(&<R::Database as Database>::Column) -> String,
    ) -> bool {
        if self.columns.is_empty() {
            self.columns = row
                .columns()
                .iter()
                .map(|column| RawColumn {
                    name: column.name().to_string(),
                    type_name: type_name(column),
                    cells: Vec::new(),
                })
                .collect();
        }
        row.len() == self.columns.len()
    }
}

/// Runs `sql` and collects up to `row_limit` rows. The connection is back in the pool when
/// this returns, so that [`Pool::trim_idle`] sees it.
///
/// The text is the user's own query: it is meant to run as written, and the
/// values interpolated into it were quoted for this dialect beforehand.
pub async fn fetch(pool: &Pool, sql: &str, row_limit: usize) -> Result<RawResult, sqlx::Error> {
    let mut result = RawResult::default();
    let sql = AssertSqlSafe(sql);
    match pool {
        Pool::Postgres(pool) => {
            let mut connection = pool.acquire().await?;
            let mut rows = sqlx::raw_sql(sql).fetch(&mut *connection);
            while let Some(row) = rows.try_next().await? {
                if !result.accepts(&row, |c| c.type_info().name().to_string()) {
                    continue;
                }
                if result.row_count() == row_limit {
                    result.truncated = true;
                    break;
                }
                for (index, column) in result.columns.iter_mut().enumerate() {
                    let text: Option<String> = row.try_get_unchecked(index)?;
                    column.cells.push(text.map_or(Cell::Null, Cell::Text));
                }
            }
            drop(rows);
            connection.return_to_pool().await;
        }
        Pool::MySql(pool) => {
            let mut connection = pool.acquire().await?;
            let mut rows = sqlx::raw_sql(sql).fetch(&mut *connection);
            while let Some(row) = rows.try_next().await? {
                if !result.accepts(&row, |c| c.type_info().name().to_string()) {
                    continue;
                }
                if result.row_count() == row_limit {
                    result.truncated = true;
                    break;
                }
                for (index, column) in result.columns.iter_mut().enumerate() {
                    let bytes: Option<Vec<u8>> = row.try_get_unchecked(index)?;
                    let cell = bytes.map_or(Cell::Null, |bytes| match String::from_utf8(bytes) {
                        Ok(text) => Cell::Text(text),
                        Err(error) => Cell::Blob(error.into_bytes()),
                    });
                    column.cells.push(cell);
                }
            }
            drop(rows);
            connection.return_to_pool().await;
        }
        Pool::Sqlite(pool) => {
            let mut connection = pool.acquire().await?;
            let mut rows = sqlx::raw_sql(sql).fetch(&mut *connection);
            while let Some(row) = rows.try_next().await? {
                if !result.accepts(&row, |c| c.type_info().name().to_string()) {
                    continue;
                }
                if result.row_count() == row_limit {
                    result.truncated = true;
                    break;
                }
                for (index, column) in result.columns.iter_mut().enumerate() {
                    column.cells.push(sqlite_cell(&row, index)?);
                }
            }
            drop(rows);
            connection.return_to_pool().await;
        }
    }
    Ok(result)
}

/// A SQLite value by its storage class.
fn sqlite_cell(row: &sqlx::sqlite::SqliteRow, index: usize) -> Result<Cell, sqlx::Error> {
    let raw = row.try_get_raw(index)?;
    if raw.is_null() {
        return Ok(Cell::Null);
    }
    let storage = raw.type_info().name().to_string();
    Ok(match storage.as_str() {
        "INTEGER" => Cell::Integer(row.try_get_unchecked(index)?),
        "REAL" => Cell::Real(row.try_get_unchecked(index)?),
        "BLOB" => Cell::Blob(row.try_get_unchecked(index)?),
        _ => Cell::Text(row.try_get_unchecked(index)?),
    })
}

/// A driver error as the user should read it: a database's own error as its client
/// libraries print it (`ERROR: … (SQLSTATE 42P01)` like pgx, `Error 1146 (42S02): …` like
/// Go's MySQL driver), a failed TLS handshake as `TLS connection failed: <cause>` (such as
/// `invalid peer certificate: UnknownIssuer`, or `server does not support TLS`), anything
/// else as sqlx describes it.
pub fn error_message(dialect: Dialect, error: &sqlx::Error) -> String {
    if let Some(cause) = tls_failure(error) {
        return format!("TLS connection failed: {cause}");
    }
    let sqlx::Error::Database(database) = error else {
        return error.to_string();
    };
    let code = database.code().unwrap_or_default().to_string();
    match dialect {
        Dialect::Postgres => {
            let severity = match database.try_downcast_ref::<PgDatabaseError>() {
                Some(postgres) => match postgres.severity() {
                    PgSeverity::Panic => "PANIC",
                    PgSeverity::Fatal => "FATAL",
                    _ => "ERROR",
                },
                None => "ERROR",
            };
            format!("{severity}: {} (SQLSTATE {code})", database.message())
        }
        Dialect::MySql => match database.try_downcast_ref::<MySqlDatabaseError>() {
            Some(mysql) => format!("Error {} ({code}): {}", mysql.number(), mysql.message()),
            None => database.message().to_string(),
        },
        Dialect::Sqlite => database.message().to_string(),
    }
}

/// The cause of a failed TLS handshake: sqlx reports refusals of its own as `Tls`, and
/// rustls's verdicts on the certificate come through the socket as `InvalidData` IO errors.
fn tls_failure(error: &sqlx::Error) -> Option<String> {
    match error {
        sqlx::Error::Tls(cause) => Some(cause.to_string()),
        sqlx::Error::Io(io) if io.kind() == std::io::ErrorKind::InvalidData => {
            io.get_ref().map(ToString::to_string)
        }
        _ => None,
    }
}
