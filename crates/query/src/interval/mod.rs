//! Query intervals, as Grafana's backend computes them (`intervalv2` and `gtime` of the
//! plugin SDK, `calculateRateInterval` of the Prometheus data source):
//!
//! 1. the query's minimum interval: its `interval` string (`>10s`, `30`, `1m`), else its
//!    `intervalMs`, else the data source's `timeInterval`, else a default ([`min_interval`]);
//! 2. the time range divided by `maxDataPoints` (1500 when 0), rounded to a "nice" value from
//!    Grafana's table ([`round_interval`]), unless below the minimum, which then wins
//!    ([`calculate`]);
//! 3. written as `$__interval` text ([`format_interval`]: `15s`, `1m`, `2h`).

mod duration;

pub use duration::{format_go_duration, format_interval, parse_duration, DurationError};

use crate::time::TimeRange;
use crate::Duration;

/// Resolution used when a query has no `maxDataPoints` (Grafana's `DefaultRes`).
pub const DEFAULT_RESOLUTION: i64 = 1500;
/// What Grafana's query service assumes when a query omits `maxDataPoints`.
pub const DEFAULT_MAX_DATA_POINTS: i64 = 100;
/// What Grafana's query service assumes when a query omits `intervalMs`.
pub const DEFAULT_INTERVAL_MS: i64 = 1000;
/// Resolution of the Prometheus data source's lower bound on the step.
pub const PROMETHEUS_SAFE_RESOLUTION: i64 = 11_000;
/// Scrape interval assumed by `$__rate_interval` when the data source sets none.
pub const DEFAULT_SCRAPE_INTERVAL: &str = "15s";

/// A computed interval: its value and its `$__interval` text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interval {
    pub text: String,
    pub value: Duration,
}

impl Interval {
    pub fn new(value: Duration) -> Self {
        Self {
            text: format_interval(value),
            value,
        }
    }

    /// `$__interval_ms`.
    pub fn millis(&self) -> i64 {
        i64::try_from(self.value.whole_milliseconds()).unwrap_or(i64::MAX)
    }
}

/// The interval for a query over `range` with at most `max_data_points` points (the
/// default resolution when 0 or less): the range divided by the points, rounded with
/// [`round_interval`]; `min_interval` itself when the division falls below it.
pub fn calculate(range: &TimeRange, min_interval: Duration, max_data_points: i64) -> Interval {
    let resolution = if max_data_points > 0 {
        max_data_points
    } else {
        DEFAULT_RESOLUTION
    };
    let raw = Duration::nanoseconds(range_nanos(range) / resolution);
    if raw < min_interval {
        return Interval::new(min_interval);
    }
    Interval::new(round_interval(raw))
}

/// The rounded interval giving at most `resolution` points over `range`, the lower bound
/// Grafana's Prometheus data source puts on its step ([`PROMETHEUS_SAFE_RESOLUTION`]).
pub fn calculate_safe(range: &TimeRange, resolution: i64) -> Interval {
    let raw = Duration::nanoseconds(range_nanos(range) / resolution.max(1));
    Interval::new(round_interval(raw))
}

fn range_nanos(range: &TimeRange) -> i64 {
    range.duration_ms().saturating_mul(1_000_000)
}

/// Grafana's table of nice intervals: each raw interval up to a bound becomes the value
/// beside it (bounds inclusive, in milliseconds).
const ROUNDING_TABLE: [(i64, i64); 30] = [
    (10, 1),
    (15, 10),
    (35, 20),
    (75, 50),
    (150, 100),
    (350, 200),
    (750, 500),
    (1_500, 1_000),
    (3_500, 2_000),
    (7_500, 5_000),
    (12_500, 10_000),
    (17_500, 15_000),
    (25_000, 20_000),
    (45_000, 30_000),
    (90_000, 60_000),
    (210_000, 120_000),
    (450_000, 300_000),
    (750_000, 600_000),
    (1_050_000, 900_000),
    (1_500_000, 1_200_000),
    (2_700_000, 1_800_000),
    (5_400_000, 3_600_000),
    (9_000_000, 7_200_000),
    (16_200_000, 10_800_000),
    (32_400_000, 21_600_000),
    (86_400_000, 43_200_000),
    (172_800_000, 86_400_000),
    (604_800_000, 86_400_000),
    (1_814_400_000, 604_800_000),
    // Up to, but excluding, two years: 30 days.
    (63_072_000_000, 2_592_000_000),
];

/// One year, for every interval of two years or more.
const ROUNDED_BEYOND_TABLE_MS: i64 = 31_536_000_000;

/// Rounds a raw interval down to Grafana's nice values (`13s` → `10s`, `100s` → `2m`).
pub fn round_interval(raw: Duration) -> Duration {
    let nanos = raw.whole_nanoseconds();
    let last = ROUNDING_TABLE.len() - 1;
    let rounded_ms = ROUNDING_TABLE
        .iter()
        .enumerate()
        .find(|(index, (bound_ms, _))| {
            let bound = i128::from(*bound_ms) * 1_000_000;
            if *index == last {
                nanos < bound
            } else {
                nanos <= bound
            }
        })
        .map_or(ROUNDED_BEYOND_TABLE_MS, |(_, (_, rounded))| *rounded);
    Duration::milliseconds(rounded_ms)
}

/// A query's minimum interval, chosen as Grafana's `GetIntervalFrom`: the query's
/// `interval` (ignored when empty or `0s`), else its `intervalMs` (ignored when 0), else the
/// data source's `timeInterval`, else `default`. Strings are read by
/// [`parse_interval_string`].
pub fn min_interval(
    data_source_interval: &str,
    query_interval: &str,
    query_interval_ms: i64,
    default: Duration,
) -> Result<Duration, DurationError> {
    let query_interval = if query_interval == "0s" {
        ""
    } else {
        query_interval
    };
    if !query_interval.is_empty() {
        return parse_interval_string(query_interval);
    }
    if query_interval_ms != 0 {
        return Ok(Duration::milliseconds(query_interval_ms));
    }
    if !data_source_interval.is_empty() {
        return parse_interval_string(data_source_interval);
    }
    Ok(default)
}

/// Reads an interval setting: a leading `>` or `<` (the editor's "at least" marks) and a
/// trailing `>` are dropped; a bare number is seconds; anything else is a
/// [`parse_duration`] string.
pub fn parse_interval_string(input: &str) -> Result<Duration, DurationError> {
    let trimmed = input.strip_prefix(['<', '>']).unwrap_or(input);
    let trimmed = trimmed.strip_suffix('>').unwrap_or(trimmed);
    if !trimmed.is_empty() && trimmed.bytes().all(|b| b.is_ascii_digit()) {
        return trimmed
            .parse::<i64>()
            .ok()
            .and_then(|seconds| seconds.checked_mul(1_000))
            .map(Duration::milliseconds)
            .ok_or_else(|| DurationError {
                input: input.to_string(),
                reason: "number out of range",
            });
    }
    parse_duration(trimmed).map_err(|error| DurationError {
        input: input.to_string(),
        reason: error.reason,
    })
}

/// `$__rate_interval`: `max(interval + scrape, 4 × scrape)`, where `scrape` is the data
/// source's scrape interval ([`DEFAULT_SCRAPE_INTERVAL`] when empty) and `interval` the
/// query's calculated interval.
pub fn rate_interval(interval: Duration, scrape_interval: &str) -> Result<Duration, DurationError> {
    let scrape_text = if scrape_interval.is_empty() {
        DEFAULT_SCRAPE_INTERVAL
    } else {
        scrape_interval
    };
    let scrape = parse_interval_string(scrape_text)?;
    let sum = interval.saturating_add(scrape);
    let four_scrapes = scrape.saturating_mul(4);
    Ok(sum.max(four_scrapes))
}

#[cfg(test)]
mod tests;
