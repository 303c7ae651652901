//! Macro expansion: the only rewriting the backend does to a SQL query (dashboard variables
//! were interpolated by the browser). As in Grafana's `sqleng`:
//!
//! 1. `$__interval_ms`, `$__interval`, `$__unixEpochFrom()` and `$__unixEpochTo()` are
//!    replaced as plain text;
//! 2. every other `$name(args)` (arguments up to the first `)`, split at commas) is a macro
//!    of the dialect ([`postgres`], [`mysql`], [`sqlite`]); an unknown name fails the query.
//!
//! Unlike Grafana, arguments never reach the SQL as raw text: a column argument must be a
//! (possibly qualified or quoted) column name, intervals are parsed as durations and
//! rendered as numbers, and fill values are parsed as numbers and never rendered.

mod arguments;
mod mysql;
mod postgres;
mod sqlite;
#[cfg(test)]
mod tests;

use sightline_query::frame::FillMissing;
use sightline_query::interval::format_interval;
use sightline_query::time::TimeRange;
use sightline_query::Duration;

use super::dialect::Dialect;

/// What the macros of one query are expanded against.
#[derive(Debug, Clone)]
pub struct MacroContext {
    pub time_range: TimeRange,
    /// The query's interval (`$__interval`), in milliseconds.
    pub interval_ms: i64,
    /// `jsonData.timescaledb` of a PostgreSQL data source: `$__timeGroup` uses `time_bucket`.
    pub timescaledb: bool,
}

/// Filling asked for by the fill argument of `$__timeGroup` or `$__unixEpochGroup`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FillSpec {
    pub interval: Duration,
    pub missing: FillMissing,
}

/// A query with its macros expanded.
#[derive(Debug, Clone, PartialEq)]
pub struct Expanded {
    pub sql: String,
    pub fill: Option<FillSpec>,
}

/// Why a query's macros could not be expanded; the text follows Grafana's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct MacroError(pub String);

/// One macro call as found in the query text.
pub(crate) struct MacroCall<'a> {
    /// The name without `$`, such as `__timeFilter`.
    pub name: &'a str,
    /// The arguments, trimmed.
    pub args: Vec<&'a str>,
}

/// Expands the macros of `sql` for `dialect`.
pub fn expand(dialect: Dialect, sql: &str, context: &MacroContext) -> Result<Expanded, MacroError> {
    let global = replace_global(sql, context);
    let mut fill = None;
    let mut expanded = String::with_capacity(global.len());
    let mut rest = global.as_str();
    while let Some((before, call, after)) = next_call(rest) {
        expanded.push_str(before);
        let rendered = match dialect {
            Dialect::Postgres => {
                // Before Grafana 5.3 `$__timeGroup` wrote its own alias: a comma right after
                // the call still means the old form.
                let alias = call.name == "__timeGroup" && after.starts_with(',');
                postgres::render(&call, alias, context, &mut fill)
            }
            Dialect::MySql => mysql::render(&call, context, &mut fill),
            Dialect::Sqlite => sqlite::render(&call, context, &mut fill),
        }?;
        expanded.push_str(&rendered);
        rest = after;
    }
    expanded.push_str(rest);
    Ok(Expanded {
        sql: expanded,
        fill,
    })
}

/// The plain-text substitutions every SQL dialect shares.
fn replace_global(sql: &str, context: &MacroContext) -> String {
    let interval = Duration::milliseconds(context.interval_ms);
    sql.replace("$__interval_ms", &context.interval_ms.to_string())
        .replace("$__interval", &format_interval(interval))
        .replace(
            "$__unixEpochFrom()",
            &epoch_seconds(context.time_range.from_ms()).to_string(),
        )
        .replace(
            "$__unixEpochTo()",
            &epoch_seconds(context.time_range.to_ms()).to_string(),
        )
}

/// The next `$name(args)` of `text`: the text before it, the call, and the text after it.
/// A name is `[_a-zA-Z0-9]+` followed directly by `(`; the arguments end at the first `)`.
fn next_call(text: &str) -> Option<(&str, MacroCall<'_>, &str)> {
    let mut search_from = 0;
    while let Some(offset) = text[search_from..].find('$') {
        let start = search_from + offset;
        let name_start = start + 1;
        let name_len = text[name_start..]
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
            .count();
        let open = name_start + name_len;
        if name_len > 0 && text[open..].starts_with('(') {
            if let Some(close) = text[open + 1..].find(')') {
                let args_text = &text[open + 1..open + 1 + close];
                let call = MacroCall {
                    name: &text[name_start..open],
                    args: args_text.split(',').map(str::trim).collect(),
                };
                return Some((&text[..start], call, &text[open + 2 + close..]));
            }
        }
        search_from = name_start;
    }
    None
}

/// Seconds since the epoch, rounded down as Go's `Time.Unix` does.
pub(crate) fn epoch_seconds(epoch_ms: i64) -> i64 {
    epoch_ms.div_euclid(1000)
}

/// Nanoseconds since the epoch (`Time.UnixNano`), saturating.
pub(crate) fn epoch_nanos(epoch_ms: i64) -> i64 {
    epoch_ms.saturating_mul(1_000_000)
}

/// `col >= from AND col <= to` over epoch numbers, the filter every dialect shares.
pub(crate) fn epoch_filter(column: &str, from: i64, to: i64) -> String {
    format!("{column} >= {from} AND {column} <= {to}")
}

/// The macros whose SQL is the same in every dialect; `None` for the others.
pub(crate) fn render_shared(
    dialect: Dialect,
    call: &MacroCall<'_>,
    context: &MacroContext,
) -> Option<Result<String, MacroError>> {
    let range = &context.time_range;
    let rendered = match call.name {
        "__unixEpochFilter" => arguments::column(dialect, call).map(|column| {
            epoch_filter(
                column,
                epoch_seconds(range.from_ms()),
                epoch_seconds(range.to_ms()),
            )
        }),
        "__unixEpochNanoFilter" => arguments::column(dialect, call).map(|column| {
            epoch_filter(
                column,
                epoch_nanos(range.from_ms()),
                epoch_nanos(range.to_ms()),
            )
        }),
        "__unixEpochNanoFrom" => Ok(epoch_nanos(range.from_ms()).to_string()),
        "__unixEpochNanoTo" => Ok(epoch_nanos(range.to_ms()).to_string()),
        _ => return None,
    };
    Some(rendered)
}

/// The error of a name no dialect knows.
pub(crate) fn unknown_macro(name: &str) -> MacroError {
    MacroError(format!("unknown macro {name:?}"))
}

/// Seconds as Go's `%v` writes a `float64`: the shortest text that reads back the same,
/// in exponent form below 1e-4 (`1e-05`).
pub(crate) fn go_float(seconds: f64) -> String {
    if seconds != 0.0 && seconds.abs() < 1e-4 {
        let text = format!("{seconds:e}");
        return match text.split_once('e') {
            Some((mantissa, exponent)) => {
                let (sign, digits) = match exponent.strip_prefix('-') {
                    Some(digits) => ('-', digits),
                    None => ('+', exponent),
                };
                format!("{mantissa}e{sign}{digits:0>2}")
            }
            None => text,
        };
    }
    format!("{seconds}")
}
