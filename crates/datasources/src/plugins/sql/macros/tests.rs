//! Macro expansion per dialect, as tables of query → expected SQL or error, including
//! hostile arguments.

use sightline_query::frame::FillMissing;
use sightline_query::time::TimeRange;
use sightline_query::Duration;

use super::*;

/// 2024-01-01T00:00:00Z to 01:00:00.5Z.
fn context() -> MacroContext {
    MacroContext {
        time_range: TimeRange::new(1_704_067_200_000, 1_704_070_800_500).expect("valid range"),
        interval_ms: 30_000,
        timescaledb: false,
    }
}

fn expand_ok(dialect: Dialect, sql: &str) -> String {
    match expand(dialect, sql, &context()) {
        Ok(expanded) => expanded.sql,
        Err(error) => panic!("{dialect:?} {sql}: {error}"),
    }
}

fn expand_err(dialect: Dialect, sql: &str) -> String {
    match expand(dialect, sql, &context()) {
        Ok(expanded) => panic!("{dialect:?} {sql}: expanded to {}", expanded.sql),
        Err(error) => error.0,
    }
}

#[test]
fn global_substitutions() {
    for dialect in [Dialect::Postgres, Dialect::MySql, Dialect::Sqlite] {
        assert_eq!(
            expand_ok(
                dialect,
                "$__interval_ms $__interval $__unixEpochFrom() $__unixEpochTo()"
            ),
            "30000 30s 1704067200 1704070800"
        );
        assert_eq!(
            expand_ok(dialect, "$__unixEpochNanoFrom() $__unixEpochNanoTo()"),
            "1704067200000000000 1704070800500000000"
        );
        assert_eq!(
            expand_ok(dialect, "WHERE $__unixEpochFilter(ts)"),
            "WHERE ts >= 1704067200 AND ts <= 1704070800"
        );
        assert_eq!(
            expand_ok(dialect, "WHERE $__unixEpochNanoFilter(t.ns)"),
            "WHERE t.ns >= 1704067200000000000 AND t.ns <= 1704070800500000000"
        );
    }
}

#[test]
fn postgres_macros() {
    let cases = [
        ("$__time(created)", "created AS \"time\""),
        (
            "$__timeEpoch(created)",
            "extract(epoch from created) as \"time\"",
        ),
        (
            "WHERE $__timeFilter(m.created)",
            "WHERE m.created BETWEEN '2024-01-01T00:00:00Z' AND '2024-01-01T01:00:00.5Z'",
        ),
        (
            "$__timeFrom() $__timeTo()",
            "'2024-01-01T00:00:00Z' '2024-01-01T01:00:00.5Z'",
        ),
        (
            "SELECT $__timeGroup(created, '5m') AS time",
            "SELECT floor(extract(epoch from created)/300)*300 AS time",
        ),
        (
            "SELECT $__timeGroup(created, '5m'), v",
            "SELECT floor(extract(epoch from created)/300)*300 AS \"time\", v",
        ),
        (
            "$__timeGroupAlias(created, 1h30m)",
            "floor(extract(epoch from created)/5400)*5400 AS \"time\"",
        ),
        (
            "$__timeGroup(\"Created At\", '500ms')",
            "floor(extract(epoch from \"Created At\")/0.5)*0.5",
        ),
        (
            "$__timeGroup(ts::timestamptz, '1d')",
            "floor(extract(epoch from ts::timestamptz)/86400)*86400",
        ),
        ("$__unixEpochGroup(ts, '1m')", "floor((ts)/60)*60"),
        (
            "$__unixEpochGroupAlias(ts, '1m')",
            "floor((ts)/60)*60 AS \"time\"",
        ),
    ];
    for (sql, expected) in cases {
        assert_eq!(expand_ok(Dialect::Postgres, sql), expected, "{sql}");
    }
    let timescale = MacroContext {
        timescaledb: true,
        ..context()
    };
    let expanded = expand(Dialect::Postgres, "$__timeGroup(t, '1m')", &timescale);
    assert_eq!(
        expanded.map(|e| e.sql),
        Ok("time_bucket('60.000s',t)".to_string())
    );
}

#[test]
fn mysql_macros() {
    let cases = [
        ("$__time(created)", "UNIX_TIMESTAMP(created) as time_sec"),
        (
            "$__timeEpoch(`created`)",
            "UNIX_TIMESTAMP(`created`) as time_sec",
        ),
        (
            "WHERE $__timeFilter(created)",
            "WHERE created BETWEEN FROM_UNIXTIME(1704067200) AND FROM_UNIXTIME(1704070800)",
        ),
        (
            "$__timeFrom() $__timeTo()",
            "FROM_UNIXTIME(1704067200) FROM_UNIXTIME(1704070800)",
        ),
        (
            "$__timeGroup(created, '5m')",
            "UNIX_TIMESTAMP(created) DIV 300 * 300",
        ),
        (
            "$__timeGroupAlias(created, \"1h\")",
            "UNIX_TIMESTAMP(created) DIV 3600 * 3600 AS \"time\"",
        ),
        ("$__unixEpochGroup(ts, '10s')", "ts DIV 10 * 10"),
        (
            "$__unixEpochGroupAlias(ts, 10s)",
            "ts DIV 10 * 10 AS \"time\"",
        ),
    ];
    for (sql, expected) in cases {
        assert_eq!(expand_ok(Dialect::MySql, sql), expected, "{sql}");
    }
    let before_1970 = MacroContext {
        time_range: TimeRange::new(-5_000, 1_000).expect("valid range"),
        ..context()
    };
    let expanded = expand(Dialect::MySql, "$__timeFilter(t)", &before_1970);
    assert_eq!(
        expanded.map(|e| e.sql),
        Ok(
            "t BETWEEN DATE_ADD(FROM_UNIXTIME(0), INTERVAL -5 SECOND) AND FROM_UNIXTIME(1)"
                .to_string()
        )
    );
}

#[test]
fn sqlite_macros() {
    let cases = [
        ("$__time(created)", "created AS \"time\""),
        ("$__timeEpoch(created)", "unixepoch(created) AS \"time\""),
        (
            "$__timeFilter(created)",
            "created BETWEEN '2024-01-01 00:00:00' AND '2024-01-01 01:00:00.500'",
        ),
        (
            "$__timeGroupAlias(created, '5m')",
            "CAST(unixepoch(created) / 300 AS INTEGER) * 300 AS \"time\"",
        ),
        (
            "$__unixEpochGroup(ts, '1m')",
            "CAST((ts) / 60 AS INTEGER) * 60",
        ),
    ];
    for (sql, expected) in cases {
        assert_eq!(expand_ok(Dialect::Sqlite, sql), expected, "{sql}");
    }
}

#[test]
fn fill_modes_are_read_from_the_third_argument() {
    let fill_of = |dialect, sql| expand(dialect, sql, &context()).map(|e| e.fill);
    let five_minutes = Duration::minutes(5);
    for dialect in [Dialect::Postgres, Dialect::MySql, Dialect::Sqlite] {
        assert_eq!(fill_of(dialect, "$__timeGroup(t, '5m')"), Ok(None));
        assert_eq!(
            fill_of(dialect, "$__timeGroup(t, '5m', NULL)"),
            Ok(Some(FillSpec {
                interval: five_minutes,
                missing: FillMissing::Null
            }))
        );
        assert_eq!(
            fill_of(dialect, "$__timeGroupAlias(t, '5m', previous)"),
            Ok(Some(FillSpec {
                interval: five_minutes,
                missing: FillMissing::Previous
            }))
        );
        assert_eq!(
            fill_of(dialect, "$__unixEpochGroup(t, '5m', -1.5)"),
            Ok(Some(FillSpec {
                interval: five_minutes,
                missing: FillMissing::Value(-1.5)
            }))
        );
    }
}

#[test]
fn bad_arguments_fail_with_grafanas_messages() {
    for dialect in [Dialect::Postgres, Dialect::MySql, Dialect::Sqlite] {
        assert_eq!(
            expand_err(dialect, "$__timeFilter()"),
            "missing time column argument for macro __timeFilter"
        );
        assert_eq!(
            expand_err(dialect, "$__timeGroup(t)"),
            "macro __timeGroup needs time column and interval and optional fill value"
        );
        assert_eq!(
            expand_err(dialect, "$__timeGroup(t, 'soon')"),
            "error parsing interval 'soon'"
        );
        assert_eq!(
            expand_err(dialect, "$__timeGroup(t, '0s')"),
            "error parsing interval '0s'"
        );
        assert_eq!(
            expand_err(dialect, "$__timeGroup(t, '1m', zero)"),
            "error parsing fill value zero"
        );
        assert_eq!(
            expand_err(dialect, "$__nope(t)"),
            "unknown macro \"__nope\""
        );
    }
}

#[test]
fn hostile_arguments_never_reach_the_sql() {
    let hostile = [
        "$__timeFilter(t; DROP TABLE metrics; --)",
        "$__timeFilter(t OR 1=1)",
        "$__timeFilter(t -- comment)",
        "$__timeFilter(t/**/OR/**/1=1)",
        "$__timeFilter('2020-01-01')",
        "$__timeFilter(1)",
        "$__unixEpochFilter(ts > 0 OR ts)",
        "$__time(x AS \"time\", secret)",
        "$__timeGroup(t; DELETE FROM m, '1m')",
        "$__unixEpochGroupAlias(ts + 1, '1m')",
        "$__timeFilter(\"unterminated)",
        "$__timeFilter(``)",
        "$__timeFilter(t.)",
    ];
    for dialect in [Dialect::Postgres, Dialect::MySql, Dialect::Sqlite] {
        for sql in hostile {
            let error = expand_err(dialect, sql);
            assert!(
                error.starts_with("invalid column argument"),
                "{dialect:?} {sql}: {error}"
            );
        }
        assert_eq!(
            expand_err(dialect, "$__timeGroup(t, '1m'; DROP TABLE m)"),
            "error parsing interval '1m'; DROP TABLE m"
        );
        assert_eq!(
            expand_err(dialect, "$__timeGroup(t, '1m', 0 OR 1=1)"),
            "error parsing fill value 0 OR 1=1"
        );
        assert_eq!(
            expand_err(dialect, "$__timeGroup(t, '1m', 0, 1)"),
            "macro __timeGroup takes at most 3 arguments, got 4"
        );
    }
    assert_eq!(
        expand_err(Dialect::Postgres, "$__timeFilter(t::timestamptz; DROP TABLE m)"),
        "invalid column argument \"t::timestamptz; DROP TABLE m\" for macro __timeFilter: expected a column name"
    );
    assert_eq!(
        expand_err(Dialect::MySql, "$__timeFilter(t::date)"),
        "invalid column argument \"t::date\" for macro __timeFilter: expected a column name"
    );
    // A quoted identifier may hold anything but stays one identifier.
    assert_eq!(
        expand_ok(Dialect::Postgres, "$__time(\"a\"\" OR 1=1 --\")"),
        "\"a\"\" OR 1=1 --\" AS \"time\""
    );
    assert_eq!(
        expand_ok(Dialect::MySql, "$__time(s.`we``ird`)"),
        "UNIX_TIMESTAMP(s.`we``ird`) as time_sec"
    );
}

#[test]
fn text_that_is_no_call_is_left_alone() {
    let sql = "SELECT '$5', $1, $$body$$, $__timeFilter(t";
    assert_eq!(expand_ok(Dialect::Postgres, sql), sql);
}

#[test]
fn go_float_matches_fmt_v() {
    assert_eq!(go_float(300.0), "300");
    assert_eq!(go_float(0.5), "0.5");
    assert_eq!(go_float(1e6), "1000000");
    assert_eq!(go_float(0.00001), "1e-05");
}
