//! Table tests of time parsing. "Now" is Wednesday 2024-05-15 13:14:15.678 UTC.

use ::time::macros::datetime;
use ::time::OffsetDateTime;

use super::*;

fn ms(t: OffsetDateTime) -> i64 {
    (t.unix_timestamp_nanos() / 1_000_000) as i64
}

fn options() -> TimeOptions {
    TimeOptions::at(ms(datetime!(2024-05-15 13:14:15.678 UTC)))
}

#[test]
fn parses_from_like_grafana() {
    let cases = [
        ("now", datetime!(2024-05-15 13:14:15.678 UTC)),
        ("now-6h", datetime!(2024-05-15 07:14:15.678 UTC)),
        ("now-h", datetime!(2024-05-15 12:14:15.678 UTC)),
        ("now+30m", datetime!(2024-05-15 13:44:15.678 UTC)),
        ("now-1w", datetime!(2024-05-08 13:14:15.678 UTC)),
        ("now-1M-1d", datetime!(2024-04-14 13:14:15.678 UTC)),
        ("6h", datetime!(2024-05-15 07:14:15.678 UTC)),
        ("90s", datetime!(2024-05-15 13:12:45.678 UTC)),
        ("now/d", datetime!(2024-05-15 00:00 UTC)),
        ("now-1d/d", datetime!(2024-05-14 00:00 UTC)),
        ("now/w", datetime!(2024-05-13 00:00 UTC)),
        ("now-1M/M", datetime!(2024-04-01 00:00 UTC)),
        ("now/Q", datetime!(2024-04-01 00:00 UTC)),
        ("now/y", datetime!(2024-01-01 00:00 UTC)),
        ("now/fy", datetime!(2024-01-01 00:00 UTC)),
        ("now/h", datetime!(2024-05-15 13:00 UTC)),
        ("now/m", datetime!(2024-05-15 13:14 UTC)),
        ("now/s", datetime!(2024-05-15 13:14:15 UTC)),
        ("now+2b", datetime!(2024-05-17 13:14:15.678 UTC)),
        ("now+3b", datetime!(2024-05-20 13:14:15.678 UTC)),
        ("now-3b", datetime!(2024-05-10 13:14:15.678 UTC)),
        ("2024-05-01", datetime!(2024-05-01 00:00 UTC)),
        ("2024-05", datetime!(2024-05-01 00:00 UTC)),
        ("2024-05-01T10:00:00Z", datetime!(2024-05-01 10:00 UTC)),
        (
            "2024-05-01T10:00:00.123+02:00",
            datetime!(2024-05-01 08:00:00.123 UTC),
        ),
        (
            "2024-05-01T10:00:00.123456789Z",
            datetime!(2024-05-01 10:00:00.123 UTC),
        ),
        ("2024-05-01T10:30", datetime!(2024-05-01 10:30 UTC)),
        ("2024-05-01||+1M/M", datetime!(2024-06-01 00:00 UTC)),
        ("2024-01-31||+1M", datetime!(2024-03-02 00:00 UTC)),
        ("12:30", datetime!(1970-01-01 12:30 UTC)),
        ("1715778855678||/d", datetime!(2024-05-15 00:00 UTC)),
    ];
    for (input, expected) in cases {
        assert_eq!(
            parse_time(input, false, &options()),
            Ok(ms(expected)),
            "{input}"
        );
    }
}

#[test]
fn epoch_milliseconds_are_taken_as_they_are() {
    let cases = [
        ("1700000000000", 1_700_000_000_000),
        ("0", 0),
        ("-5", -5),
        ("2024", 2024),
    ];
    for (input, expected) in cases {
        assert_eq!(
            parse_time(input, false, &options()),
            Ok(expected),
            "{input}"
        );
        assert_eq!(parse_time(input, true, &options()), Ok(expected), "{input}");
    }
}

#[test]
fn to_rounds_up_to_the_last_millisecond() {
    let cases = [
        ("now", datetime!(2024-05-15 13:14:15.678 UTC)),
        ("now/d", datetime!(2024-05-15 23:59:59.999 UTC)),
        ("now-1d/d", datetime!(2024-05-14 23:59:59.999 UTC)),
        ("now/w", datetime!(2024-05-19 23:59:59.999 UTC)),
        ("now/M", datetime!(2024-05-31 23:59:59.999 UTC)),
        ("now-1M/M", datetime!(2024-04-30 23:59:59.999 UTC)),
        ("now/y", datetime!(2024-12-31 23:59:59.999 UTC)),
        ("now-5m/m", datetime!(2024-05-15 13:09:59.999 UTC)),
        ("now/h", datetime!(2024-05-15 13:59:59.999 UTC)),
    ];
    for (input, expected) in cases {
        assert_eq!(
            parse_time(input, true, &options()),
            Ok(ms(expected)),
            "{input}"
        );
    }
}

#[test]
fn calendar_steps_follow_the_options() {
    let utc = options();
    let cases = [
        (
            TimeOptions {
                offset: UtcOffset::from_hms(2, 0, 0).expect("offset"),
                ..utc
            },
            "now/d",
            datetime!(2024-05-15 00:00 +02:00),
        ),
        (
            TimeOptions {
                offset: UtcOffset::from_hms(-8, 0, 0).expect("offset"),
                ..utc
            },
            "2024-05-01",
            datetime!(2024-05-01 00:00 -08:00),
        ),
        (
            // Hours are truncated on absolute time, as Go's Time.Truncate does.
            TimeOptions {
                offset: UtcOffset::from_hms(5, 30, 0).expect("offset"),
                ..utc
            },
            "now/h",
            datetime!(2024-05-15 13:00 UTC),
        ),
        (
            TimeOptions {
                week_start: Weekday::Sunday,
                ..utc
            },
            "now/w",
            datetime!(2024-05-12 00:00 UTC),
        ),
        (
            TimeOptions {
                fiscal_year_start: Month::October,
                ..utc
            },
            "now/fy",
            datetime!(2023-10-01 00:00 UTC),
        ),
        (
            TimeOptions {
                fiscal_year_start: Month::October,
                ..utc
            },
            "now/fQ",
            datetime!(2024-04-01 00:00 UTC),
        ),
    ];
    for (options, input, expected) in cases {
        assert_eq!(
            parse_time(input, false, &options),
            Ok(ms(expected)),
            "{input} {options:?}"
        );
    }
}

#[test]
fn refuses_invalid_times() {
    let cases = [
        ("", "expected a date"),
        ("yesterday", "expected a date"),
        ("now-", "expected a unit"),
        ("now-1x", "expected a unit"),
        ("now 1h", "expected `+`, `-` or `/`"),
        ("now-1d/d-", "expected a unit"),
        ("2024-13-01", "month out of bounds 13"),
        ("2024-02-30", "day 30 out of bounds for month 2"),
        ("2024-05-01T25:00", "hours out of bounds 25"),
        ("2024-05-01+1d", "expected `||`"),
        ("2024-05-01T10:00+0200", "expected `:`"),
        ("now/b", "cannot round to business days"),
        ("now-99999999999999999999y", "is too large"),
        ("123||+1d", "expected a date"),
    ];
    for (input, reason) in cases {
        let Err(TimeError::Invalid { reason: found, .. }) = parse_time(input, false, &options())
        else {
            panic!("{input:?} should be invalid");
        };
        assert!(found.contains(reason), "{input:?}: {found}");
    }
    assert!(matches!(
        parse_time("now-999999y", false, &options()),
        Err(TimeError::OutOfRange { .. })
    ));
}

#[test]
fn ranges_refuse_from_after_to() {
    let range = parse_time_range("now-6h", "now", &options()).expect("valid");
    assert_eq!(range.duration_ms(), 6 * 3_600_000);
    assert_eq!(
        parse_time_range("now", "now-1h", &options()),
        Err(TimeError::FromAfterTo {
            from_ms: options().now_ms,
            to_ms: options().now_ms - 3_600_000
        })
    );
    assert_eq!(
        TimeError::FromAfterTo {
            from_ms: 2,
            to_ms: 1
        }
        .to_string(),
        "invalid time range: from (2) is after to (1)"
    );
    assert!(TimeRange::new(5, 5).is_ok());
}

#[test]
fn time_inputs_accept_numbers_and_strings() {
    let cases = [
        ("1700000000000", 1_700_000_000_000),
        ("1700000000000.9", 1_700_000_000_000),
        ("\"1700000000000\"", 1_700_000_000_000),
        ("\"now-1m\"", options().now_ms - 60_000),
    ];
    for (json, expected) in cases {
        let input: TimeInput = serde_json::from_str(json).expect(json);
        assert_eq!(input.parse(false, &options()), Ok(expected), "{json}");
    }
}

#[test]
fn reads_fixed_offsets() {
    let cases = [
        ("", Some((0, 0))),
        ("utc", Some((0, 0))),
        ("Z", Some((0, 0))),
        ("+02:00", Some((2, 0))),
        ("-0830", Some((-8, -30))),
        ("+05", Some((5, 0))),
        ("+5", None),
        ("+02:60", None),
        ("Europe/Paris", None),
        ("browser", None),
    ];
    for (input, expected) in cases {
        let expected = expected.map(|(h, m)| UtcOffset::from_hms(h, m, 0).expect("offset"));
        assert_eq!(parse_utc_offset(input).ok(), expected, "{input}");
    }
}
