//! SQLite's macros (Sightline's own dialect, following the PostgreSQL one): times as
//! SQLite's canonical `'YYYY-MM-DD HH:MM:SS'` text, which compares correctly with columns
//! written by `datetime()`; groups with `CAST(unixepoch(col) / N AS INTEGER) * N`.

use super::arguments::{self, seconds};
use super::{
    go_float, render_shared, unknown_macro, FillSpec, MacroCall, MacroContext, MacroError,
};
use crate::plugins::civil::format_sqlite_datetime;
use crate::plugins::sql::dialect::Dialect;

const DIALECT: Dialect = Dialect::Sqlite;

/// The SQL of one macro call.
pub(crate) fn render(
    call: &MacroCall<'_>,
    context: &MacroContext,
    fill: &mut Option<FillSpec>,
) -> Result<String, MacroError> {
    let from = format_sqlite_datetime(context.time_range.from_ms());
    let to = format_sqlite_datetime(context.time_range.to_ms());
    match call.name {
        "__time" => Ok(format!("{} AS \"time\"", arguments::column(DIALECT, call)?)),
        "__timeEpoch" => Ok(format!(
            "unixepoch({}) AS \"time\"",
            arguments::column(DIALECT, call)?
        )),
        "__timeFilter" => Ok(format!(
            "{} BETWEEN '{from}' AND '{to}'",
            arguments::column(DIALECT, call)?
        )),
        "__timeFrom" => Ok(format!("'{from}'")),
        "__timeTo" => Ok(format!("'{to}'")),
        "__timeGroup" => group(call, fill, true),
        "__timeGroupAlias" => Ok(format!("{} AS \"time\"", group(call, fill, true)?)),
        "__unixEpochGroup" => group(call, fill, false),
        "__unixEpochGroupAlias" => Ok(format!("{} AS \"time\"", group(call, fill, false)?)),
        name => render_shared(DIALECT, call, context).unwrap_or_else(|| Err(unknown_macro(name))),
    }
}

/// `$__timeGroup` (`of_time`: the column holds date-time text) or `$__unixEpochGroup`.
fn group(
    call: &MacroCall<'_>,
    fill: &mut Option<FillSpec>,
    of_time: bool,
) -> Result<String, MacroError> {
    let interval = arguments::interval(call, &['\'', '"'])?;
    let column = arguments::column(DIALECT, call)?;
    arguments::fill(call, interval, fill)?;
    let step = go_float(seconds(interval));
    let epoch = if of_time {
        format!("unixepoch({column})")
    } else {
        format!("({column})")
    };
    Ok(format!("CAST({epoch} / {step} AS INTEGER) * {step}"))
}
