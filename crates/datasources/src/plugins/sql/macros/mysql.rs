//! MySQL's macros, written as Grafana's `mysql` data source writes them: times as
//! `FROM_UNIXTIME(seconds)`, groups with `UNIX_TIMESTAMP(col) DIV N * N`.

use super::arguments::{self, seconds};
use super::{
    epoch_seconds, go_float, render_shared, unknown_macro, FillSpec, MacroCall, MacroContext,
    MacroError,
};
use crate::plugins::sql::dialect::Dialect;

const DIALECT: Dialect = Dialect::MySql;

/// The SQL of one macro call.
pub(crate) fn render(
    call: &MacroCall<'_>,
    context: &MacroContext,
    fill: &mut Option<FillSpec>,
) -> Result<String, MacroError> {
    let from = epoch_seconds(context.time_range.from_ms());
    let to = epoch_seconds(context.time_range.to_ms());
    match call.name {
        "__time" | "__timeEpoch" => Ok(format!(
            "UNIX_TIMESTAMP({}) as time_sec",
            arguments::column(DIALECT, call)?
        )),
        "__timeFilter" => {
            let column = arguments::column(DIALECT, call)?;
            // FROM_UNIXTIME refuses negative seconds.
            if from < 0 {
                return Ok(format!(
                    "{column} BETWEEN DATE_ADD(FROM_UNIXTIME(0), INTERVAL {from} SECOND) AND FROM_UNIXTIME({to})"
                ));
            }
            Ok(format!(
                "{column} BETWEEN FROM_UNIXTIME({from}) AND FROM_UNIXTIME({to})"
            ))
        }
        "__timeFrom" => Ok(format!("FROM_UNIXTIME({from})")),
        "__timeTo" => Ok(format!("FROM_UNIXTIME({to})")),
        "__timeGroup" => time_group(call, fill),
        "__timeGroupAlias" => Ok(format!("{} AS \"time\"", time_group(call, fill)?)),
        "__unixEpochGroup" => unix_epoch_group(call, fill),
        "__unixEpochGroupAlias" => Ok(format!("{} AS \"time\"", unix_epoch_group(call, fill)?)),
        name => render_shared(DIALECT, call, context).unwrap_or_else(|| Err(unknown_macro(name))),
    }
}

fn time_group(call: &MacroCall<'_>, fill: &mut Option<FillSpec>) -> Result<String, MacroError> {
    let interval = arguments::interval(call, &['\'', '"'])?;
    let column = arguments::column(DIALECT, call)?;
    arguments::fill(call, interval, fill)?;
    let step = seconds(interval);
    Ok(format!(
        "UNIX_TIMESTAMP({column}) DIV {step:.0} * {step:.0}"
    ))
}

fn unix_epoch_group(
    call: &MacroCall<'_>,
    fill: &mut Option<FillSpec>,
) -> Result<String, MacroError> {
    let interval = arguments::interval(call, &['\''])?;
    let column = arguments::column(DIALECT, call)?;
    arguments::fill(call, interval, fill)?;
    let step = go_float(seconds(interval));
    Ok(format!("{column} DIV {step} * {step}"))
}
