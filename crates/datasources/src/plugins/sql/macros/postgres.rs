//! PostgreSQL's macros, written as Grafana's `grafana-postgresql-datasource` writes them:
//! times as RFC 3339 literals, groups with `floor(extract(epoch from col)/N)*N` (or
//! TimescaleDB's `time_bucket`).

use super::arguments::{self, seconds};
use super::{
    go_float, render_shared, unknown_macro, FillSpec, MacroCall, MacroContext, MacroError,
};
use crate::plugins::civil::format_rfc3339_nano;
use crate::plugins::sql::dialect::Dialect;

const DIALECT: Dialect = Dialect::Postgres;

/// The SQL of one macro call. `alias` asks `$__timeGroup` for its pre-5.3 `AS "time"`.
pub(crate) fn render(
    call: &MacroCall<'_>,
    alias: bool,
    context: &MacroContext,
    fill: &mut Option<FillSpec>,
) -> Result<String, MacroError> {
    let from = format_rfc3339_nano(context.time_range.from_ms());
    let to = format_rfc3339_nano(context.time_range.to_ms());
    match call.name {
        "__time" => Ok(format!("{} AS \"time\"", arguments::column(DIALECT, call)?)),
        "__timeEpoch" => Ok(format!(
            "extract(epoch from {}) as \"time\"",
            arguments::column(DIALECT, call)?
        )),
        "__timeFilter" => Ok(format!(
            "{} BETWEEN '{from}' AND '{to}'",
            arguments::column(DIALECT, call)?
        )),
        "__timeFrom" => Ok(format!("'{from}'")),
        "__timeTo" => Ok(format!("'{to}'")),
        "__timeGroup" if alias => Ok(format!("{} AS \"time\"", time_group(call, context, fill)?)),
        "__timeGroup" => time_group(call, context, fill),
        "__timeGroupAlias" => Ok(format!("{} AS \"time\"", time_group(call, context, fill)?)),
        "__unixEpochGroup" => unix_epoch_group(call, fill),
        "__unixEpochGroupAlias" => Ok(format!("{} AS \"time\"", unix_epoch_group(call, fill)?)),
        name => render_shared(DIALECT, call, context).unwrap_or_else(|| Err(unknown_macro(name))),
    }
}

fn time_group(
    call: &MacroCall<'_>,
    context: &MacroContext,
    fill: &mut Option<FillSpec>,
) -> Result<String, MacroError> {
    let interval = arguments::interval(call, &['\''])?;
    let column = arguments::column(DIALECT, call)?;
    arguments::fill(call, interval, fill)?;
    let step = seconds(interval);
    if context.timescaledb {
        return Ok(format!("time_bucket('{step:.3}s',{column})"));
    }
    let step = go_float(step);
    Ok(format!("floor(extract(epoch from {column})/{step})*{step}"))
}

fn unix_epoch_group(
    call: &MacroCall<'_>,
    fill: &mut Option<FillSpec>,
) -> Result<String, MacroError> {
    let interval = arguments::interval(call, &['\''])?;
    let column = arguments::column(DIALECT, call)?;
    arguments::fill(call, interval, fill)?;
    let step = go_float(seconds(interval));
    Ok(format!("floor(({column})/{step})*{step}"))
}
