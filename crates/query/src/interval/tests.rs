//! Table tests of interval calculation.

use super::*;

fn ms(v: i64) -> Duration {
    Duration::milliseconds(v)
}

fn range_ms(duration: i64) -> TimeRange {
    TimeRange::new(1_700_000_000_000, 1_700_000_000_000 + duration).expect("valid range")
}

const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;

#[test]
fn rounds_to_grafanas_nice_intervals() {
    let cases = [
        (ms(1), ms(1)),
        (ms(10), ms(1)),
        (ms(11), ms(10)),
        (ms(36), ms(50)),
        (ms(13_000), ms(15_000)),
        (ms(12_500), ms(10_000)),
        (ms(100_000), ms(120_000)),
        (ms(40 * 60_000), ms(30 * 60_000)),
        (ms(3 * HOUR), ms(3 * HOUR)),
        (ms(20 * HOUR), ms(12 * HOUR)),
        (ms(3 * DAY), ms(DAY)),
        (ms(10 * DAY), ms(7 * DAY)),
        (ms(400 * DAY), ms(30 * DAY)),
        (ms(730 * DAY - 1), ms(30 * DAY)),
        (ms(730 * DAY), ms(365 * DAY)),
    ];
    for (raw, rounded) in cases {
        assert_eq!(round_interval(raw), rounded, "{raw}");
    }
}

#[test]
fn calculates_the_interval_of_a_query() {
    let cases = [
        // range, min interval, max data points → $__interval, $__interval_ms
        (HOUR, ms(1), 1_500, "2s", 2_000),
        (6 * HOUR, ms(1), 1_000, "20s", 20_000),
        (6 * HOUR, ms(1), 0, "15s", 15_000),
        (HOUR, ms(15_000), 1_000, "15s", 15_000),
        (HOUR, ms(90_000), 1_000, "1m", 90_000),
        (7 * DAY, ms(1), 100, "2h", 2 * HOUR),
        (5 * 60_000, ms(1), 1_000_000, "1ms", 1),
        (0, ms(1), 100, "1ms", 1),
    ];
    for (range, min, points, text, millis) in cases {
        let interval = calculate(&range_ms(range), min, points);
        assert_eq!(
            (interval.text.as_str(), interval.millis()),
            (text, millis),
            "{range} {min} {points}"
        );
    }
}

#[test]
fn safe_interval_bounds_the_point_count() {
    let interval = calculate_safe(&range_ms(30 * DAY), PROMETHEUS_SAFE_RESOLUTION);
    assert_eq!(interval.text, "5m");
}

#[test]
fn chooses_the_minimum_interval_like_grafana() {
    let default = ms(15_000);
    let cases = [
        // data source timeInterval, query interval, query intervalMs → min interval
        ("", "", 0, Ok(default)),
        ("30s", "", 0, Ok(ms(30_000))),
        ("30s", "", 5_000, Ok(ms(5_000))),
        ("30s", "0s", 5_000, Ok(ms(5_000))),
        ("30s", ">10s", 5_000, Ok(ms(10_000))),
        ("", "<1m>", 0, Ok(ms(60_000))),
        ("", "45", 0, Ok(ms(45_000))),
        ("", "1d", 0, Ok(ms(DAY))),
        ("", "fast", 0, Err("expected a number")),
        ("10x", "", 0, Err("unknown unit")),
    ];
    for (ds, query, query_ms, expected) in cases {
        let found = min_interval(ds, query, query_ms, default).map_err(|e| e.reason);
        assert_eq!(found, expected, "{ds:?} {query:?} {query_ms}");
    }
}

#[test]
fn rate_interval_covers_four_scrapes() {
    let cases = [
        (ms(15_000), "", ms(60_000)),
        (ms(60_000), "", ms(75_000)),
        (ms(10_000), "30s", ms(120_000)),
        (ms(200_000), "1m", ms(260_000)),
        (ms(1_000), "5", ms(20_000)),
    ];
    for (interval, scrape, expected) in cases {
        assert_eq!(
            rate_interval(interval, scrape),
            Ok(expected),
            "{interval} {scrape}"
        );
    }
    assert_eq!(format_go_duration(ms(75_000)), "1m15s");
    assert!(rate_interval(ms(1), "often").is_err());
}
