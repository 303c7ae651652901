//! Table tests of interpolation: syntaxes, formats, "All", built-ins.

use pretty_assertions::assert_eq;

use super::*;
use crate::interval::Interval;
use crate::time::TimeRange;
use crate::Duration;

/// Sunday 2024-05-05 08:09:07.045 UTC.
const FROM_MS: i64 = 1_714_896_547_045;

fn variables() -> Variables {
    let mut hosts = Variable::multi("hosts", ["a", "b"]);
    hosts.current = Current::Multi {
        values: vec!["a".into(), "b".into()],
        texts: vec!["A".into(), "B".into()],
    };
    Variables::new()
        .with(Variable::single_with_text("host", "web-1", "Web One"))
        .with(hosts)
        .with(Variable::multi("one", ["x.y"]))
        .with(Variable::all("dc", ["eu", "us"]))
        .with(Variable::all("job", ["api", "db"]).with_all_value(".*"))
        .with(Variable::all("nested", ["n"]).with_all_value("$host|${hosts:csv}|$nested"))
        .with(Variable::single("num", "42"))
        .with(Variable::single("obj", "o").with_field("name", "N"))
        .with_builtins(Builtins {
            time_range: Some(TimeRange::new(FROM_MS, FROM_MS + 3_600_000).expect("range")),
            interval: Some(Interval::new(Duration::seconds(15))),
            rate_interval: Some(Duration::seconds(75)),
            dashboard: Some(DashboardInfo {
                uid: "d1".into(),
                title: Some("My Dash".into()),
            }),
            org: Some(OrgInfo {
                id: 1,
                name: Some("Main".into()),
            }),
            user: Some(UserInfo {
                id: 7,
                login: "admin".into(),
                email: Some("admin@example.com".into()),
            }),
            timezone: Some("utc".into()),
            ..Builtins::default()
        })
}

fn check(cases: &[(&str, &str)], default_format: Format) {
    let variables = variables();
    for (template, expected) in cases {
        assert_eq!(
            interpolate(template, &variables, default_format),
            *expected,
            "{template}"
        );
    }
}

#[test]
fn every_syntax_refers_to_the_variable() {
    check(
        &[
            ("$host", "web-1"),
            ("${host}", "web-1"),
            ("[[host]]", "web-1"),
            ("${host:text}", "Web One"),
            ("[[host:text]]", "Web One"),
            ("up{instance=\"$host\"}", "up{instance=\"web-1\"}"),
            ("$host$host", "web-1web-1"),
            ("$hostname", "$hostname"),
            ("${obj.name}", "N"),
            ("${obj.missing:sqlstring}", ""),
        ],
        Format::Glob,
    );
}

#[test]
fn unknown_references_are_left_as_written() {
    check(
        &[
            ("$unknown", "$unknown"),
            ("${unknown:csv}", "${unknown:csv}"),
            ("[[unknown]]", "[[unknown]]"),
            ("${unknown.path}", "${unknown.path}"),
            ("cost: 5$ $", "cost: 5$ $"),
        ],
        Format::Glob,
    );
    let bare = Variables::new();
    assert_eq!(
        interpolate("$__interval $__from ${__user.login}", &bare, Format::Glob),
        "$__interval $__from ${__user.login}"
    );
}

#[test]
fn formats_multi_values_like_grafana() {
    check(
        &[
            ("$hosts", "{a,b}"),
            ("${hosts:csv}", "a,b"),
            ("${hosts:raw}", "a,b"),
            ("${hosts:pipe}", "a|b"),
            ("${hosts:regex}", "(a|b)"),
            ("${hosts:lucene}", "(\"a\" OR \"b\")"),
            ("${hosts:json}", "[\"a\",\"b\"]"),
            ("${hosts:sqlstring}", "'a','b'"),
            ("${hosts:singlequote}", "'a','b'"),
            ("${hosts:doublequote}", "\"a\",\"b\""),
            ("${hosts:percentencode}", "%7Ba%2Cb%7D"),
            ("${hosts:queryparam}", "var-hosts=a&var-hosts=b"),
            ("${hosts:customqueryparam:h:p-}", "h=p-a&h=p-b"),
            ("${hosts:customqueryparam}", "hosts=a&hosts=b"),
            ("${hosts:text}", "A + B"),
            ("${hosts:distributed}", "a,hosts=b"),
            ("${hosts:html}", "a, b"),
            ("${hosts:join: OR }", "a OR b"),
            ("${hosts:join}", "a,b"),
            ("${hosts:glob}", "{a,b}"),
            ("${hosts:no-such-format}", "{a,b}"),
            ("[[hosts:regex]]", "(a|b)"),
        ],
        Format::Glob,
    );
}

#[test]
fn formats_single_values_like_grafana() {
    check(
        &[
            ("${one}", "x.y"),
            ("${one:regex}", "x\\.y"),
            ("${one:lucene}", "(\"x.y\")"),
            ("${host:regex}", "web-1"),
            ("${host:lucene}", "web\\-1"),
            ("${num:lucene}", "42"),
            ("${host:json}", "\"web-1\""),
            ("${host:sqlstring}", "'web-1'"),
            ("${host:singlequote}", "'web-1'"),
            ("${host:doublequote}", "\"web-1\""),
            ("${host:queryparam}", "var-host=web-1"),
            ("${host:distributed}", "web-1"),
            ("${host:percentencode}", "web-1"),
        ],
        Format::Glob,
    );
}

#[test]
fn all_stands_for_every_option_or_the_custom_all_value() {
    check(
        &[
            ("$dc", "{eu,us}"),
            ("${dc:regex}", "(eu|us)"),
            ("${dc:text}", "All"),
            ("${dc:queryparam}", "var-dc=$__all"),
            ("$job", ".*"),
            ("${job:regex}", ".*"),
            ("${job:sqlstring}", ".*"),
            ("${job:text}", "All"),
            ("${job:percentencode}", ".%2A"),
            ("${job:queryparam}", "var-job=All"),
        ],
        Format::Glob,
    );
}

#[test]
fn custom_all_values_are_interpolated_with_glob_to_a_bounded_depth() {
    let found = interpolate("$nested", &variables(), Format::Regex);
    let expected = format!(
        "{}$host|${{hosts:csv}}|$nested",
        "web-1|a,b|".repeat(MAX_NESTING)
    );
    assert_eq!(found, expected);
}

#[test]
fn builtins_are_interpolated() {
    check(
        &[
            ("$__interval", "15s"),
            ("${__interval}", "15s"),
            ("$__interval_ms", "15000"),
            ("$__rate_interval", "1m15s"),
            ("$__rate_interval_ms", "75000"),
            ("$__range", "3600s"),
            ("$__range_s", "3600"),
            ("$__range_ms", "3600000"),
            ("$__from", "1714896547045"),
            ("${__to}", "1714900147045"),
            ("${__from:date}", "2024-05-05T08:09:07.045Z"),
            ("${__from:date:iso}", "2024-05-05T08:09:07.045Z"),
            ("${__from:date:seconds}", "1714896547"),
            ("${__from:date:ms}", "1714896547045"),
            ("${__from:date:YYYY-MM}", "2024-05"),
            ("${__to:date:YYYY-MM-DD HH:mm}", "2024-05-05 09:09"),
            ("${__from:text}", "2024-05-05 08:09:07"),
            ("${__from:json}", "1714896547045"),
            ("$__timezone", "utc"),
            ("${__dashboard}", "My Dash"),
            ("${__dashboard.name}", "My Dash"),
            ("${__dashboard.uid}", "d1"),
            ("$__org", "1"),
            ("${__org.name}", "Main"),
            ("$__user", "7"),
            ("${__user.login}", "admin"),
            ("${__user.email}", "admin@example.com"),
        ],
        Format::Glob,
    );
}

#[test]
fn dates_follow_the_time_zone_offset() {
    let mut variables = variables();
    variables.builtins.utc_offset = ::time::UtcOffset::from_hms(2, 0, 0).expect("offset");
    assert_eq!(
        interpolate(
            "${__from:date:YYYY-MM-DD HH:mm Z} ${__from:date}",
            &variables,
            Format::Glob
        ),
        "2024-05-05 10:09 +02:00 2024-05-05T08:09:07.045Z"
    );
}

#[test]
fn the_default_format_is_the_data_sources() {
    let variables = variables();
    assert_eq!(
        interpolate(
            "rate(http{host=~\"$hosts\"}[$__rate_interval])",
            &variables,
            Format::Regex
        ),
        "rate(http{host=~\"(a|b)\"}[1m15s])"
    );
    assert_eq!(
        interpolate("${hosts:csv} $hosts", &variables, Format::Pipe),
        "a,b a|b"
    );

    // Grafana's SQL data sources: quote literals for multi-value and "All" variables only.
    let sql_default = |value: &VariableValue, context: &FormatContext<'_>| match value {
        VariableValue::Text(text) if !context.multi && !context.include_all => {
            text.replace('\'', "''")
        }
        other => Format::SqlString.apply(other, &[], context),
    };
    assert_eq!(
        interpolate_with(
            "WHERE h = '$host' AND x IN ($hosts) AND dc IN ($dc)",
            &variables,
            sql_default
        ),
        "WHERE h = 'web-1' AND x IN ('a','b') AND dc IN ('eu','us')"
    );
}
