//! Grafana's duration syntax (Go's `time.ParseDuration` plus gtime's `d`, `w`, `M`, `y`):
//! a sequence of numbers with units such as `90s`, `10m`, `1h30m`, `7d`, `1.5h`.
//! Units: `ns`, `us`/`µs`, `ms`, `s`, `m` (minute), `h`, `d`, `w`, `M` (30 days),
//! `y` (365 days). A bare `0` is zero.

use std::time::Duration;

const NANOS_PER_SECOND: u128 = 1_000_000_000;
const SECOND: u128 = NANOS_PER_SECOND;
const DAY: u128 = 86_400 * SECOND;

/// What a duration value must look like, for error messages.
pub(crate) const EXPECTED_DURATION: &str = "expected a duration such as 90s, 10m, 1h30m or 7d";

/// Parses a Grafana duration such as `10m` or `1h30m`, for keys read through
/// [`crate::RawConfig`]; the error says what was expected.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    parse_units(text).ok_or_else(|| EXPECTED_DURATION.to_string())
}

/// Like [`parse_duration`], but a bare number counts days, as Grafana's legacy
/// `login_maximum_*_lifetime` settings did.
pub(crate) fn parse_duration_or_days(text: &str) -> Result<Duration, String> {
    if !text.is_empty() && text.bytes().all(|byte| byte.is_ascii_digit()) {
        let days: u128 = text
            .parse()
            .map_err(|_| "expected a number of days".to_string())?;
        return nanos_to_duration(days.checked_mul(DAY))
            .ok_or_else(|| "expected a number of days".to_string());
    }
    parse_units(text).ok_or_else(|| format!("{EXPECTED_DURATION}, or a number of days"))
}

fn parse_units(text: &str) -> Option<Duration> {
    if text.is_empty() {
        return None;
    }
    if text == "0" {
        return Some(Duration::ZERO);
    }
    let mut rest = text;
    let mut total: u128 = 0;
    while !rest.is_empty() {
        let number_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let (number, after_number) = rest.split_at(number_len);
        let unit_len = after_number
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(after_number.len());
        let (unit, after_unit) = after_number.split_at(unit_len);
        let term = scale(number, unit_nanos(unit)?)?;
        total = total.checked_add(term)?;
        rest = after_unit;
    }
    nanos_to_duration(Some(total))
}

fn unit_nanos(unit: &str) -> Option<u128> {
    let nanos = match unit {
        "ns" => 1,
        "us" | "µs" => 1_000,
        "ms" => 1_000_000,
        "s" => SECOND,
        "m" => 60 * SECOND,
        "h" => 3_600 * SECOND,
        "d" => DAY,
        "w" => 7 * DAY,
        "M" => 30 * DAY,
        "y" => 365 * DAY,
        _ => return None,
    };
    Some(nanos)
}

/// `number` (digits with an optional fraction) times `unit` nanoseconds.
fn scale(number: &str, unit: u128) -> Option<u128> {
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    if whole.is_empty() && fraction.is_empty() {
        return None;
    }
    let whole_value: u128 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let mut nanos = whole_value.checked_mul(unit)?;
    if !fraction.is_empty() {
        // Digits past 30 cannot change a result measured in nanoseconds.
        let fraction = &fraction[..fraction.len().min(30)];
        let numerator: u128 = fraction.parse().ok()?;
        let denominator = 10u128.checked_pow(u32::try_from(fraction.len()).ok()?)?;
        nanos = nanos.checked_add(numerator.checked_mul(unit)? / denominator)?;
    }
    Some(nanos)
}

fn nanos_to_duration(nanos: Option<u128>) -> Option<Duration> {
    let nanos = nanos?;
    let seconds = u64::try_from(nanos / NANOS_PER_SECOND).ok()?;
    let subsecond = u32::try_from(nanos % NANOS_PER_SECOND).ok()?;
    Some(Duration::new(seconds, subsecond))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINUTE: u64 = 60;
    const HOUR: u64 = 3_600;
    const DAY_SECONDS: u64 = 86_400;

    #[test]
    fn parses_single_and_combined_units() {
        let cases = [
            ("90s", Duration::from_secs(90)),
            ("10m", Duration::from_secs(10 * MINUTE)),
            ("1h", Duration::from_secs(HOUR)),
            ("7d", Duration::from_secs(7 * DAY_SECONDS)),
            ("30d", Duration::from_secs(30 * DAY_SECONDS)),
            ("1w", Duration::from_secs(7 * DAY_SECONDS)),
            ("1M", Duration::from_secs(30 * DAY_SECONDS)),
            ("1y", Duration::from_secs(365 * DAY_SECONDS)),
            ("1h30m", Duration::from_secs(HOUR + 30 * MINUTE)),
            ("1d12h", Duration::from_secs(DAY_SECONDS + 12 * HOUR)),
            ("1.5h", Duration::from_secs(HOUR + 30 * MINUTE)),
            ("250ms", Duration::from_millis(250)),
            ("0", Duration::ZERO),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_duration(text), Ok(expected), "{text}");
        }
    }

    #[test]
    fn rejects_malformed_durations() {
        for text in [
            "",
            "abc",
            "10",
            "5x",
            "h",
            "-1h",
            "1h 30m",
            "1..5h",
            "99999999999999999999999y",
        ] {
            assert_eq!(
                parse_duration(text),
                Err(EXPECTED_DURATION.to_string()),
                "{text}"
            );
        }
    }

    #[test]
    fn bare_numbers_are_days_for_legacy_keys() {
        assert_eq!(
            parse_duration_or_days("7"),
            Ok(Duration::from_secs(7 * DAY_SECONDS))
        );
        assert_eq!(
            parse_duration_or_days("12h"),
            Ok(Duration::from_secs(12 * HOUR))
        );
        assert!(parse_duration_or_days("7x").is_err());
    }
}
