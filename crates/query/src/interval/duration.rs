//! Grafana's duration strings: parsing ([`parse_duration`], as the backend's
//! `gtime.ParseDuration`) and the two ways they are written back ([`format_interval`] for
//! `$__interval`, [`format_go_duration`] for `$__rate_interval`).

use crate::Duration;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid duration {input:?}: {reason}")]
pub struct DurationError {
    pub input: String,
    pub reason: &'static str,
}

impl sightline_core::HasErrorKind for DurationError {
    fn kind(&self) -> sightline_core::ErrorKind {
        sightline_core::ErrorKind::BadRequest
    }
}

const NANOS_PER_SECOND: i128 = 1_000_000_000;
const NANOS_PER_DAY: i128 = 86_400 * NANOS_PER_SECOND;
/// Grafana's calendar-free year and month: 365.25 days and a twelfth of that.
const NANOS_PER_YEAR: i128 = NANOS_PER_DAY * 365 + NANOS_PER_DAY / 4;
const NANOS_PER_MONTH: i128 = NANOS_PER_YEAR / 12;

/// Parses a duration the way Grafana's backend does: Go's syntax (`300ms`, `1.5h`,
/// `1h30m`, `-2m`; units `ns`, `us`/`µs`, `ms`, `s`, `m`, `h`; `0` alone) or a whole number
/// of one calendar unit: `7d`, `2w`, `1M` (a twelfth of 365.25 days), `1y` (365.25 days).
/// Calendar units do not combine (`1d12h` is refused, as in Grafana).
pub fn parse_duration(input: &str) -> Result<Duration, DurationError> {
    let error = |reason| DurationError {
        input: input.to_string(),
        reason,
    };
    if input.is_empty() {
        return Err(error("empty input"));
    }
    let nanos = match calendar_unit(input) {
        Some((count, unit_nanos)) => {
            let count: i128 = count.parse().map_err(|_| error("number out of range"))?;
            count
                .checked_mul(unit_nanos)
                .ok_or_else(|| error("duration out of range"))?
        }
        None => parse_go_duration(input).map_err(error)?,
    };
    let nanos = i64::try_from(nanos).map_err(|_| error("duration out of range"))?;
    Ok(Duration::nanoseconds(nanos))
}

/// `<digits><d|w|M|y>`: the digits and the unit's length.
fn calendar_unit(input: &str) -> Option<(&str, i128)> {
    let unit_nanos = match input.as_bytes().last()? {
        b'd' => NANOS_PER_DAY,
        b'w' => 7 * NANOS_PER_DAY,
        b'M' => NANOS_PER_MONTH,
        b'y' => NANOS_PER_YEAR,
        _ => return None,
    };
    let digits = &input[..input.len() - 1];
    let all_digits = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
    all_digits.then_some((digits, unit_nanos))
}

/// Go's `time.ParseDuration`, to nanoseconds.
fn parse_go_duration(input: &str) -> Result<i128, &'static str> {
    const MAX: i128 = i64::MAX as i128;
    let (negative, mut rest) = match input.as_bytes().first() {
        Some(b'-') => (true, &input[1..]),
        Some(b'+') => (false, &input[1..]),
        _ => (false, input),
    };
    if rest == "0" {
        return Ok(0);
    }
    if rest.is_empty() {
        return Err("missing number");
    }
    let mut total: i128 = 0;
    while !rest.is_empty() {
        let whole_len = rest.bytes().take_while(u8::is_ascii_digit).count();
        let whole_digits = &rest[..whole_len];
        rest = &rest[whole_len..];
        let mut fraction_digits = "";
        if let Some(after_dot) = rest.strip_prefix('.') {
            let len = after_dot.bytes().take_while(u8::is_ascii_digit).count();
            fraction_digits = &after_dot[..len];
            rest = &after_dot[len..];
            if whole_digits.is_empty() && fraction_digits.is_empty() {
                return Err("missing number");
            }
        } else if whole_digits.is_empty() {
            return Err("expected a number");
        }
        let unit_len = rest
            .char_indices()
            .find(|(_, c)| *c == '.' || c.is_ascii_digit())
            .map_or(rest.len(), |(i, _)| i);
        let unit = &rest[..unit_len];
        rest = &rest[unit_len..];
        let unit_nanos: i128 = match unit {
            "ns" => 1,
            "us" | "\u{b5}s" | "\u{3bc}s" => 1_000,
            "ms" => 1_000_000,
            "s" => NANOS_PER_SECOND,
            "m" => 60 * NANOS_PER_SECOND,
            "h" => 3_600 * NANOS_PER_SECOND,
            "" => return Err("missing unit"),
            _ => return Err("unknown unit"),
        };
        let whole: i128 = if whole_digits.is_empty() {
            0
        } else {
            whole_digits.parse().map_err(|_| "number out of range")?
        };
        let mut part = whole.checked_mul(unit_nanos).filter(|v| *v <= MAX + 1);
        if !fraction_digits.is_empty() {
            // Like Go: the fraction scaled in floating point, digits past 18 ignored.
            let kept = &fraction_digits[..fraction_digits.len().min(18)];
            let numerator: f64 = kept.parse().map_err(|_| "invalid fraction")?;
            let scale = 10f64.powi(kept.len() as i32);
            part = part.map(|p| p + (numerator * (unit_nanos as f64 / scale)) as i128);
        }
        total = part
            .and_then(|p| total.checked_add(p))
            .filter(|t| *t <= MAX + 1)
            .ok_or("duration out of range")?;
    }
    if negative {
        return Ok(-total);
    }
    if total > MAX {
        return Err("duration out of range");
    }
    Ok(total)
}

/// Writes an interval as Grafana writes `$__interval`: the largest unit that fits, whole
/// (`90s` → `1m`); a year is 365 days here; below a millisecond, `1ms`.
pub fn format_interval(interval: Duration) -> String {
    let nanos = interval.whole_nanoseconds();
    let units: [(&str, i128); 6] = [
        ("y", 365 * NANOS_PER_DAY),
        ("d", NANOS_PER_DAY),
        ("h", 3_600 * NANOS_PER_SECOND),
        ("m", 60 * NANOS_PER_SECOND),
        ("s", NANOS_PER_SECOND),
        ("ms", 1_000_000),
    ];
    units.iter().find(|(_, size)| nanos >= *size).map_or_else(
        || "1ms".to_string(),
        |(unit, size)| format!("{}{unit}", nanos / size),
    )
}

/// Writes a duration as Go's `time.Duration.String()`: `1h0m0s`, `1m15s`, `1.5s`, `500ms`,
/// `0s`. Grafana's Prometheus data source writes `$__rate_interval` this way.
pub fn format_go_duration(duration: Duration) -> String {
    let nanos = duration.whole_nanoseconds();
    if nanos == 0 {
        return "0s".to_string();
    }
    let sign = if nanos < 0 { "-" } else { "" };
    let abs = nanos.unsigned_abs();
    if abs < NANOS_PER_SECOND as u128 {
        let (unit, per_unit, digits) = match abs {
            0..=999 => ("ns", 1, 0),
            1_000..=999_999 => ("\u{b5}s", 1_000, 3),
            _ => ("ms", 1_000_000, 6),
        };
        return format!("{sign}{}{unit}", decimal(abs, per_unit, digits));
    }
    let hours = abs / 3_600_000_000_000;
    let minutes = abs % 3_600_000_000_000 / 60_000_000_000;
    let seconds = decimal(abs % 60_000_000_000, 1_000_000_000, 9);
    match (hours, minutes) {
        (0, 0) => format!("{sign}{seconds}s"),
        (0, _) => format!("{sign}{minutes}m{seconds}s"),
        _ => format!("{sign}{hours}h{minutes}m{seconds}s"),
    }
}

/// `value / per_unit` with its fraction (up to `digits` places, trailing zeros dropped).
fn decimal(value: u128, per_unit: u128, digits: usize) -> String {
    let whole = value / per_unit;
    let fraction = value % per_unit;
    if fraction == 0 {
        return whole.to_string();
    }
    let fraction = format!("{fraction:0digits$}");
    format!("{whole}.{}", fraction.trim_end_matches('0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(v: i64) -> Duration {
        Duration::milliseconds(v)
    }

    #[test]
    fn parses_grafana_durations() {
        let cases: [(&str, Duration); 17] = [
            ("0", Duration::ZERO),
            ("500ms", ms(500)),
            ("15s", ms(15_000)),
            ("1m", ms(60_000)),
            ("1h30m", ms(5_400_000)),
            ("1.5h", ms(5_400_000)),
            (".5s", ms(500)),
            ("1.s", ms(1_000)),
            ("-2m", ms(-120_000)),
            ("+3s", ms(3_000)),
            ("1us", Duration::microseconds(1)),
            ("2\u{b5}s", Duration::microseconds(2)),
            ("10ns", Duration::nanoseconds(10)),
            ("1d", Duration::days(1)),
            ("2w", Duration::weeks(2)),
            ("1y", Duration::hours(8_766)),
            ("1M", Duration::minutes(43_830)),
        ];
        for (input, expected) in cases {
            assert_eq!(parse_duration(input), Ok(expected), "{input}");
        }
    }

    #[test]
    fn refuses_what_grafana_refuses() {
        let cases = [
            ("", "empty input"),
            ("10", "missing unit"),
            ("1x", "unknown unit"),
            ("1d12h", "unknown unit"),
            ("d", "expected a number"),
            ("-1d", "unknown unit"),
            (".", "missing number"),
            ("-", "missing number"),
            ("h", "expected a number"),
            ("1h 30m", "unknown unit"),
            ("9999999999999999999h", "duration out of range"),
            (
                "99999999999999999999999999999999999999999d",
                "number out of range",
            ),
        ];
        for (input, reason) in cases {
            let error = parse_duration(input).expect_err(input);
            assert_eq!(error.reason, reason, "{input}");
        }
    }

    #[test]
    fn formats_intervals_in_their_largest_unit() {
        let cases = [
            (ms(0), "1ms"),
            (Duration::microseconds(10), "1ms"),
            (ms(1), "1ms"),
            (ms(999), "999ms"),
            (ms(15_000), "15s"),
            (ms(90_000), "1m"),
            (ms(7_200_000), "2h"),
            (Duration::days(30), "30d"),
            (Duration::days(365), "1y"),
            (Duration::days(800), "2y"),
        ];
        for (interval, text) in cases {
            assert_eq!(format_interval(interval), text, "{interval}");
        }
    }

    #[test]
    fn formats_like_go_durations() {
        let cases = [
            (Duration::ZERO, "0s"),
            (Duration::nanoseconds(5), "5ns"),
            (Duration::nanoseconds(1_500), "1.5\u{b5}s"),
            (ms(500), "500ms"),
            (Duration::microseconds(2_250), "2.25ms"),
            (ms(1_500), "1.5s"),
            (ms(60_000), "1m0s"),
            (ms(75_000), "1m15s"),
            (ms(3_600_000), "1h0m0s"),
            (ms(3_723_000), "1h2m3s"),
            (ms(-90_000), "-1m30s"),
        ];
        for (duration, text) in cases {
            assert_eq!(format_go_duration(duration), text, "{duration}");
        }
    }
}
