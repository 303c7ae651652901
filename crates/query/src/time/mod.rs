//! Time ranges of queries: `from`/`to` parsed as Grafana's backend parses the body of
//! `POST /api/ds/query` (the plugin SDK's `gtime.TimeRange` over go-datemath), in order:
//!
//! 1. an integer: epoch milliseconds (`"1700000000000"`, or a JSON number);
//! 2. a duration: that long before now (`"6h"` is `now-6h`; see
//!    [`crate::interval::parse_duration`]);
//! 3. date math: an anchor, `now` or an absolute date (`2024-05-01`, `2024-05-01T10:00:00Z`,
//!    `2024-05-01T10:00:00.123+02:00`; an absolute date takes `||` before any math), then
//!    steps `+N<unit>`, `-N<unit>` and `/<unit>` (round), with units `y`, `Q`, `M`, `w`, `d`,
//!    `h`, `m`, `s`, business days `b` and fiscal `fy`, `fQ`.
//!
//! Rounding goes to the start of the unit, or, for `to` (`round_up`), to its last
//! millisecond. Calendar steps use the time zone offset of [`TimeOptions`] (UTC by default)
//! and follow Go's date normalisation (March 31 minus one month is March 3, not February
//! 28). Weeks start on Monday unless configured.

mod calendar;
mod datemath;

use serde::{Deserialize, Serialize};
use sightline_core::{ErrorKind, HasErrorKind};

pub use ::time::{Month, UtcOffset, Weekday};

use crate::interval::parse_duration;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimeError {
    #[error("invalid time {input:?}: {reason}")]
    Invalid { input: String, reason: String },
    #[error("time {input:?} is outside the supported range")]
    OutOfRange { input: String },
    #[error("invalid time range: from ({from_ms}) is after to ({to_ms})")]
    FromAfterTo { from_ms: i64, to_ms: i64 },
    #[error("invalid time zone offset {0:?}: expected utc, Z or +hh:mm")]
    InvalidOffset(String),
}

impl HasErrorKind for TimeError {
    fn kind(&self) -> ErrorKind {
        ErrorKind::BadRequest
    }
}

/// An absolute time range in epoch milliseconds, `from` not after `to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TimeRange {
    from_ms: i64,
    to_ms: i64,
}

impl TimeRange {
    pub fn new(from_ms: i64, to_ms: i64) -> Result<Self, TimeError> {
        if from_ms > to_ms {
            return Err(TimeError::FromAfterTo { from_ms, to_ms });
        }
        Ok(Self { from_ms, to_ms })
    }

    pub fn from_ms(&self) -> i64 {
        self.from_ms
    }

    pub fn to_ms(&self) -> i64 {
        self.to_ms
    }

    pub fn duration_ms(&self) -> i64 {
        self.to_ms.saturating_sub(self.from_ms)
    }
}

/// The context relative times are read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeOptions {
    /// "now", in epoch milliseconds.
    pub now_ms: i64,
    /// Offset of the time zone calendar steps and rounding use, and of absolute dates
    /// written without one.
    pub offset: UtcOffset,
    pub week_start: Weekday,
    /// First month of the fiscal year (`fy`, `fQ`).
    pub fiscal_year_start: Month,
}

impl TimeOptions {
    /// Grafana's server defaults: UTC, weeks from Monday, fiscal years from January.
    pub fn at(now_ms: i64) -> Self {
        Self {
            now_ms,
            offset: UtcOffset::UTC,
            week_start: Weekday::Monday,
            fiscal_year_start: Month::January,
        }
    }
}

/// Parses one end of a range to epoch milliseconds; `round_up` for `to`.
pub fn parse_time(input: &str, round_up: bool, options: &TimeOptions) -> Result<i64, TimeError> {
    if let Ok(millis) = input.parse::<i64>() {
        return Ok(millis);
    }
    let now_nanos = i128::from(options.now_ms) * 1_000_000;
    let nanos = match parse_duration(input) {
        Ok(ago) => now_nanos - ago.whole_nanoseconds(),
        Err(_) => datemath::evaluate(input, round_up, options)?,
    };
    i64::try_from(nanos.div_euclid(1_000_000)).map_err(|_| TimeError::OutOfRange {
        input: input.to_string(),
    })
}

/// Parses `from` and `to` into a [`TimeRange`], refusing `from` after `to`.
pub fn parse_time_range(
    from: &str,
    to: &str,
    options: &TimeOptions,
) -> Result<TimeRange, TimeError> {
    TimeRange::new(
        parse_time(from, false, options)?,
        parse_time(to, true, options)?,
    )
}

/// `from` or `to` as a client sends it: a string, or epoch milliseconds as a JSON number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum TimeInput {
    Millis(i64),
    /// Milliseconds with a fraction, which is dropped.
    FractionalMillis(f64),
    Text(String),
}

impl TimeInput {
    pub fn parse(&self, round_up: bool, options: &TimeOptions) -> Result<i64, TimeError> {
        match self {
            TimeInput::Millis(millis) => Ok(*millis),
            TimeInput::FractionalMillis(millis) if millis.is_finite() => Ok(millis.trunc() as i64),
            TimeInput::FractionalMillis(millis) => Err(TimeError::Invalid {
                input: millis.to_string(),
                reason: "not a number of milliseconds".into(),
            }),
            TimeInput::Text(text) => parse_time(text, round_up, options),
        }
    }
}

/// Reads a fixed time zone offset: `utc`/`UTC`/`Z`/empty, or `+hh:mm`, `-hhmm`, `+hh`.
/// Named zones (`Europe/Paris`, `browser`) are not resolved here.
pub fn parse_utc_offset(input: &str) -> Result<UtcOffset, TimeError> {
    let invalid = || TimeError::InvalidOffset(input.to_string());
    if input.is_empty() || input.eq_ignore_ascii_case("utc") || input == "Z" {
        return Ok(UtcOffset::UTC);
    }
    let (sign, digits) = match input.as_bytes().first() {
        Some(b'+') => (1, &input[1..]),
        Some(b'-') => (-1, &input[1..]),
        _ => return Err(invalid()),
    };
    let digits: String = digits.chars().filter(|c| *c != ':').collect();
    if !matches!(digits.len(), 2 | 4) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid());
    }
    let hours: i8 = digits[..2].parse().map_err(|_| invalid())?;
    let minutes: i8 = digits
        .get(2..)
        .filter(|m| !m.is_empty())
        .map_or(Ok(0), str::parse)
        .map_err(|_| invalid())?;
    if minutes > 59 {
        return Err(invalid());
    }
    UtcOffset::from_hms(sign * hours, sign * minutes, 0).map_err(|_| invalid())
}

#[cfg(test)]
mod tests;
