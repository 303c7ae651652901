//! One query, end to end: read the model (`rawSql`, `format`), expand the macros, run the
//! SQL under the row limit and the timeout, type the columns, and shape the frame as a
//! table or a time series. Every failure is a [`DataResponse`] error worded as Grafana's,
//! carrying an empty frame whose meta holds the executed SQL.

use std::time::Duration;

use serde_json::Value;
use sightline_query::frame::{DataResponse, Frame, FrameMeta, Notice, NoticeSeverity};
use sightline_query::interval::DEFAULT_INTERVAL_MS;

use super::columns::to_field;
use super::dialect::Dialect;
use super::error::QueryError;
use super::fetch::{error_message, fetch};
use super::macros::{expand, MacroContext};
use super::pool::Pool;
use super::series::{convert_time_field, time_index, to_time_series};
use super::settings::PoolDefaults;
use crate::plugin::DataQuery;

/// Limits every query of a SQL data source runs under, from the server's settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SqlLimits {
    /// `[dataproxy] row_limit`: rows beyond it are dropped with a warning notice.
    pub row_limit: usize,
    /// How long one query may run (PostgreSQL also enforces it as `statement_timeout`):
    /// `[dataproxy] timeout`.
    pub query_timeout: Duration,
    /// `[sql_datasources]`: the pool limits of data sources that set none.
    pub pool: PoolDefaults,
}

impl Default for SqlLimits {
    /// Grafana's defaults: 1 000 000 rows, 30 s, and its pool defaults.
    fn default() -> Self {
        Self {
            row_limit: 1_000_000,
            query_timeout: Duration::from_secs(30),
            pool: PoolDefaults::default(),
        }
    }
}

/// How the result is shaped (`format` of the query model).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Table,
    TimeSeries,
}

/// What a query needs besides the query itself.
pub struct QueryEnvironment<'a> {
    pub dialect: Dialect,
    pub pool: &'a Pool,
    pub limits: SqlLimits,
    pub timescaledb: bool,
}

/// Runs one query; `None` when it has no SQL (Grafana skips such queries).
pub async fn run(environment: &QueryEnvironment<'_>, query: &DataQuery) -> Option<DataResponse> {
    let raw_sql = query
        .model
        .get("rawSql")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if raw_sql.is_empty() {
        return None;
    }
    let mut executed = raw_sql.to_string();
    let answer = execute(environment, query, raw_sql, &mut executed).await;
    let meta = |frame: Frame| {
        let mut meta = frame.meta.clone().unwrap_or_default();
        meta.executed_query_string = Some(executed.clone());
        Frame {
            ref_id: query.ref_id.clone(),
            meta: Some(meta),
            ..frame
        }
    };
    Some(match answer {
        Ok(frame) => DataResponse::ok(vec![meta(frame)]),
        Err(error) => DataResponse {
            status: None,
            frames: vec![meta(Frame::default())],
            error: Some(error.to_string()),
            error_source: Some(error.origin),
        },
    })
}

/// Runs `raw_sql`; `executed` receives the SQL as sent to the database.
async fn execute(
    environment: &QueryEnvironment<'_>,
    query: &DataQuery,
    raw_sql: &str,
    executed: &mut String,
) -> Result<Frame, QueryError> {
    let format = read_format(&query.model)?;
    let context = MacroContext {
        time_range: query.time_range,
        interval_ms: if query.interval_ms > 0 {
            query.interval_ms
        } else {
            DEFAULT_INTERVAL_MS
        },
        timescaledb: environment.timescaledb,
    };
    let dialect = environment.dialect;
    let expanded = expand(dialect, raw_sql, &context)
        .map_err(|error| QueryError::plugin("interpolation failed", error.0))?;
    executed.clone_from(&expanded.sql);

    let limits = environment.limits;
    let fetched = tokio::time::timeout(
        limits.query_timeout,
        fetch(environment.pool, &expanded.sql, limits.row_limit),
    )
    .await
    .map_err(|_| {
        QueryError::downstream(
            "db query error",
            format!("query timed out after {:?}", limits.query_timeout),
        )
    })?
    .map_err(|error| QueryError::downstream("db query error", error_message(dialect, &error)))?;

    if fetched.row_count() == 0 {
        return Ok(Frame::default());
    }
    let truncated = fetched.truncated;
    let mut frame = Frame::default();
    for column in fetched.columns {
        let field = to_field(dialect, column)
            .map_err(|reason| QueryError::plugin("convert frame from rows error", reason))?;
        frame.fields.push(field);
    }
    if truncated {
        frame.meta = Some(FrameMeta {
            notices: vec![Notice {
                severity: NoticeSeverity::Warning,
                text: format!(
                    "Results have been limited to {} because the SQL row limit was reached",
                    limits.row_limit
                ),
                link: None,
                inspect: None,
            }],
            ..FrameMeta::default()
        });
    }

    let time = time_index(&frame, dialect.time_column_names());
    let time_end = match format {
        Format::Table => frame
            .fields
            .iter()
            .rposition(|field| field.name == "timeend"),
        Format::TimeSeries => None,
    };
    for (index, what) in [(time, "time"), (time_end, "timeend")] {
        if let Some(index) = index {
            convert_time_field(&mut frame, index).map_err(|reason| {
                QueryError::plugin(
                    "converting time columns failed",
                    format!("failed to convert {what} column: {reason}"),
                )
            })?;
        }
    }
    match format {
        Format::Table => Ok(frame),
        Format::TimeSeries => {
            let Some(time) = time else {
                return Err(QueryError::downstream(
                    "db has no time column",
                    "time column is missing; make sure your data includes a time column for time series format or switch to a table format that doesn't require it",
                ));
            };
            to_time_series(frame, time, expanded.fill, &query.time_range)
        }
    }
}

/// `format` of the model (`time_series` when absent). Fill settings may not come from the
/// client: only the group macros set them.
fn read_format(model: &Value) -> Result<Format, QueryError> {
    let forbidden = ["fill", "fillInterval", "fillMode", "fillValue"];
    let sets = |key: &str| match model.get(key) {
        None | Some(Value::Null) | Some(Value::Bool(false)) => false,
        Some(Value::Number(number)) => number.as_f64() != Some(0.0),
        Some(Value::String(text)) => !text.is_empty(),
        Some(_) => true,
    };
    if forbidden.into_iter().any(sets) {
        return Err(QueryError::plugin(
            "invalid query",
            "query fill-parameters not supported",
        ));
    }
    match model.get("format").and_then(Value::as_str) {
        None | Some("time_series") => Ok(Format::TimeSeries),
        Some("table") => Ok(Format::Table),
        Some(other) => Err(QueryError::plugin(
            "invalid query",
            format!("unrecognized query model format: {other:?}"),
        )),
    }
}
