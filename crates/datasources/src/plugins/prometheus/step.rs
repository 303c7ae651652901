//! The step of a Prometheus query and the alignment of its range, as Grafana's Prometheus
//! data source computes them (`calculatePrometheusInterval`, `AlignTimeRange`):
//!
//! 1. the minimum step: the query's `interval` (ignored when it is a variable such as
//!    `$__interval`), else its `intervalMs`, else the data source's `timeInterval`, else 15s;
//! 2. the range over `maxDataPoints`, rounded to a nice value, never below the minimum;
//! 3. never below the range over 11 000 points (Prometheus's own limit), rounded;
//! 4. `$__rate_interval` as the query's `interval` makes the step that rate interval;
//!    otherwise the step is multiplied by `intervalFactor` (deprecated, default 1).
//!
//! Range queries then run from `start` and to `end` rounded down to a multiple of the step
//! (shifted by `utcOffsetSec`), so that Prometheus's results line up across refreshes.

use sightline_query::interval::{
    calculate, calculate_safe, min_interval, rate_interval, DurationError,
    PROMETHEUS_SAFE_RESOLUTION,
};
use sightline_query::time::TimeRange;
use sightline_query::Duration;

/// The step a query gets when nothing asks for more.
pub const DEFAULT_MIN_STEP: Duration = Duration::seconds(15);

/// Built-in variables Grafana accepts as a query's `interval` ("Min step"); they mean "no
/// minimum of its own".
const VARIABLE_INTERVALS: [&str; 8] = [
    "$__interval",
    "${__interval}",
    "$__interval_ms",
    "${__interval_ms}",
    "$__rate_interval",
    "${__rate_interval}",
    "$__rate_interval_ms",
    "${__rate_interval_ms}",
];

/// What the step depends on.
#[derive(Debug, Clone, Copy)]
pub struct StepInputs<'a> {
    /// The query's `interval` ("Min step"), `""` when absent.
    pub query_interval: &'a str,
    /// The data source's `jsonData.timeInterval` (its scrape interval), `""` when unset.
    pub scrape_interval: &'a str,
    /// The query model's `intervalMs`, 0 when absent.
    pub interval_ms: i64,
    /// The query model's `intervalFactor`, 0 when absent.
    pub interval_factor: i64,
    pub max_data_points: i64,
    pub range: TimeRange,
}

/// Whether `interval` is one of the built-in interval variables.
pub fn is_variable_interval(interval: &str) -> bool {
    VARIABLE_INTERVALS.contains(&interval)
}

/// Whether `interval` is `$__rate_interval` (either spelling).
pub fn is_rate_interval(interval: &str) -> bool {
    interval == "$__rate_interval" || interval == "${__rate_interval}"
}

/// The step of the query, per the rules of this module's documentation.
pub fn calculate_step(inputs: &StepInputs<'_>) -> Result<Duration, DurationError> {
    let own_interval = if is_variable_interval(inputs.query_interval) {
        ""
    } else {
        inputs.query_interval
    };
    let minimum = min_interval(
        inputs.scrape_interval,
        own_interval,
        inputs.interval_ms,
        DEFAULT_MIN_STEP,
    )?;
    let calculated = calculate(&inputs.range, minimum, inputs.max_data_points).value;
    let safe = calculate_safe(&inputs.range, PROMETHEUS_SAFE_RESOLUTION).value;
    let adjusted = calculated.max(safe);
    if is_rate_interval(inputs.query_interval) {
        // Grafana turns an unreadable scrape interval into a zero rate interval.
        return Ok(rate_interval(adjusted, inputs.scrape_interval).unwrap_or(Duration::ZERO));
    }
    let factor = if inputs.interval_factor > 0 {
        inputs.interval_factor
    } else {
        1
    };
    Ok(adjusted.saturating_mul(i32::try_from(factor).unwrap_or(i32::MAX)))
}

/// `time_ms` rounded down to a multiple of `step`, in the time zone `utc_offset_sec`
/// seconds east of UTC; unchanged when the step is not positive.
pub fn align_to_step(time_ms: i64, step: Duration, utc_offset_sec: i64) -> i64 {
    let step_nanos = step.whole_nanoseconds();
    if step_nanos <= 0 {
        return time_ms;
    }
    let offset_nanos = i128::from(utc_offset_sec) * 1_000_000_000;
    let shifted = i128::from(time_ms) * 1_000_000 + offset_nanos;
    let aligned = shifted.div_euclid(step_nanos) * step_nanos - offset_nanos;
    i64::try_from(aligned.div_euclid(1_000_000)).unwrap_or(time_ms)
}

/// Seconds as Prometheus reads `start`, `end`, `time` and `step`: `1700000000`,
/// `1700000000.5`, `0.25`.
pub fn seconds_param(millis: i64) -> String {
    if millis % 1000 == 0 {
        return (millis / 1000).to_string();
    }
    format!("{}", millis as f64 / 1000.0)
}

/// A step as Prometheus's `step` parameter (seconds, fractional when needed).
pub fn step_param(step: Duration) -> String {
    let nanos = step.whole_nanoseconds();
    if nanos % 1_000_000_000 == 0 {
        return (nanos / 1_000_000_000).to_string();
    }
    format!("{}", nanos as f64 / 1e9)
}
