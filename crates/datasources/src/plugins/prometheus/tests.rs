//! Unit tests of the Prometheus plugin (no IO): Grafana's step, alignment, variable, legend
//! and framing rules.

use serde_json::json;
use sightline_query::frame::{FieldValues, Labels, Timestamp};
use sightline_query::time::TimeRange;
use sightline_query::Duration;

use super::formats::{to_heatmap, to_table};
use super::framing::decorate;
use super::legend::{display_name, expand_legend, metric_name_from_labels};
use super::query::{PromQuery, ResultFormat};
use super::response::{read_query_answer, AnswerError};
use super::settings::{HttpMethod, PrometheusSettings};
use super::step::{align_to_step, calculate_step, seconds_param, step_param, StepInputs};
use super::variables::{replace_builtins, VariableInputs};
use crate::plugin::DataQuery;

const HOUR_MS: i64 = 3_600_000;

fn range(duration_ms: i64) -> TimeRange {
    let to = 1_700_000_000_000;
    TimeRange::new(to - duration_ms, to).expect("range")
}

fn inputs(duration_ms: i64) -> StepInputs<'static> {
    StepInputs {
        query_interval: "",
        scrape_interval: "",
        interval_ms: 0,
        interval_factor: 0,
        max_data_points: 0,
        range: range(duration_ms),
    }
}

fn step_of(inputs: StepInputs<'_>) -> Duration {
    calculate_step(&inputs).expect("step")
}

#[test]
fn step_defaults_to_fifteen_seconds() {
    assert_eq!(step_of(inputs(HOUR_MS)), Duration::seconds(15));
}

#[test]
fn step_follows_interval_ms_and_rounds_the_range_over_max_data_points() {
    let step = step_of(StepInputs {
        interval_ms: 1_000,
        ..inputs(HOUR_MS)
    });
    // 3600 s / 1500 points = 2.4 s, rounded down to Grafana's 2 s.
    assert_eq!(step, Duration::seconds(2));
}

#[test]
fn query_interval_beats_interval_ms_and_data_source_interval() {
    let step = step_of(StepInputs {
        query_interval: "1m",
        scrape_interval: "30s",
        interval_ms: 1_000,
        ..inputs(HOUR_MS)
    });
    assert_eq!(step, Duration::minutes(1));
    let from_data_source = step_of(StepInputs {
        scrape_interval: "30s",
        ..inputs(HOUR_MS)
    });
    assert_eq!(from_data_source, Duration::seconds(30));
}

#[test]
fn safe_resolution_bounds_the_step_from_below() {
    // 30 days over 100 000 points would be 20 s; Prometheus's 11 000 points make it 5 m.
    let step = step_of(StepInputs {
        interval_ms: 1_000,
        max_data_points: 100_000,
        ..inputs(30 * 24 * HOUR_MS)
    });
    assert_eq!(step, Duration::minutes(5));
}

#[test]
fn interval_factor_multiplies_the_step() {
    let step = step_of(StepInputs {
        query_interval: "30s",
        interval_factor: 2,
        ..inputs(HOUR_MS)
    });
    assert_eq!(step, Duration::minutes(1));
}

#[test]
fn rate_interval_as_min_step_makes_the_step_the_rate_interval() {
    let step = step_of(StepInputs {
        query_interval: "$__rate_interval",
        interval_ms: 15_000,
        max_data_points: 1_000,
        ..inputs(HOUR_MS)
    });
    // max(15 s + 15 s scrape, 4 × 15 s) = 1 m.
    assert_eq!(step, Duration::minutes(1));
}

#[test]
fn variable_min_step_means_no_minimum_of_its_own() {
    let step = step_of(StepInputs {
        query_interval: "$__interval",
        interval_ms: 1_000,
        ..inputs(HOUR_MS)
    });
    assert_eq!(step, Duration::seconds(2));
}

#[test]
fn bad_min_step_is_an_error() {
    assert!(calculate_step(&StepInputs {
        query_interval: "soon",
        ..inputs(HOUR_MS)
    })
    .is_err());
}

#[test]
fn alignment_rounds_down_to_the_step_in_the_callers_time_zone() {
    let step = Duration::seconds(15);
    assert_eq!(align_to_step(1_700_000_012_345, step, 0), 1_700_000_010_000);
    assert_eq!(align_to_step(1_700_000_010_000, step, 0), 1_700_000_010_000);
    // A one-day step aligns to midnight UTC, or to local midnight with an offset.
    let day = Duration::days(1);
    let midnight_utc = 1_699_920_000_000;
    assert_eq!(align_to_step(1_700_000_000_000, day, 0), midnight_utc);
    assert_eq!(
        align_to_step(1_700_000_000_000, day, 3_600),
        midnight_utc - 3_600_000
    );
    assert_eq!(align_to_step(-1, step, 0), -15_000);
}

#[test]
fn parameters_are_seconds_with_fractions_only_when_needed() {
    assert_eq!(seconds_param(1_700_000_010_000), "1700000010");
    assert_eq!(seconds_param(1_700_000_010_500), "1700000010.5");
    assert_eq!(step_param(Duration::seconds(15)), "15");
    assert_eq!(step_param(Duration::milliseconds(200)), "0.2");
}

fn variable_inputs(query_interval: &str) -> VariableInputs<'_> {
    VariableInputs {
        panel_interval: Duration::seconds(15),
        step: Duration::seconds(15),
        query_interval,
        scrape_interval: "",
        range_ms: HOUR_MS,
    }
}

#[test]
fn builtin_variables_are_replaced_in_both_spellings() {
    let expr = "rate(x[$__rate_interval]) $__interval ${__interval_ms} $__range $__range_s \
                ${__range_ms} $__rate_interval_ms";
    assert_eq!(
        replace_builtins(expr, &variable_inputs("")),
        "rate(x[1m0s]) 15s 15000 3600s 3600 3600000 60000"
    );
}

#[test]
fn rate_interval_uses_the_min_step_as_scrape_interval() {
    let inputs = variable_inputs("30s");
    // max(15 s + 30 s, 4 × 30 s) = 2 m.
    assert_eq!(replace_builtins("$__rate_interval", &inputs), "2m0s");
    let rate_step = VariableInputs {
        step: Duration::seconds(45),
        ..variable_inputs("$__rate_interval")
    };
    assert_eq!(replace_builtins("$__rate_interval", &rate_step), "45s");
}

fn labels(pairs: &[(&str, &str)]) -> Labels {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn legend_names_series_as_grafana_does() {
    let series = labels(&[("__name__", "up"), ("job", "api"), ("instance", "a:1")]);
    assert_eq!(
        display_name("", "up", &series),
        r#"up{instance="a:1", job="api"}"#
    );
    assert_eq!(display_name("__auto", "up", &series), "");
    assert_eq!(
        display_name("{{job}} on {{ instance }} {{missing}}", "up", &series),
        "api on a:1 "
    );
    assert_eq!(display_name("__auto", "1+1", &Labels::new()), "1+1");
    assert_eq!(display_name("", "1+1", &Labels::new()), "1+1");
    assert_eq!(
        metric_name_from_labels(&labels(&[("__name__", "up")])),
        "up"
    );
    assert_eq!(
        metric_name_from_labels(&labels(&[("path", "a\"b\\c")])),
        r#"{path="a\"b\\c"}"#
    );
    assert_eq!(expand_legend("{{}}} {{", &series), " {{");
}

fn query_model(model: serde_json::Value, interval_ms: i64) -> DataQuery {
    DataQuery {
        ref_id: "A".into(),
        query_type: String::new(),
        time_range: range(HOUR_MS),
        interval_ms,
        max_data_points: 0,
        model,
    }
}

fn settings(time_interval: &str) -> PrometheusSettings {
    let json_data = json!({ "timeInterval": time_interval });
    PrometheusSettings::from_json_data(json_data.as_object().expect("object"))
}

#[test]
fn settings_default_to_post_and_read_get() {
    assert_eq!(settings("").http_method, HttpMethod::Post);
    let get = PrometheusSettings::from_json_data(
        json!({"httpMethod": "GET"}).as_object().expect("object"),
    );
    assert_eq!(get.http_method, HttpMethod::Get);
}

#[test]
fn query_model_becomes_a_range_query_by_default() {
    let model = json!({
        "refId": "A", "expr": "rate(up[$__rate_interval])", "legendFormat": "{{job}}",
        "format": "table", "intervalMs": 15000
    });
    let query =
        PromQuery::from_data_query(&query_model(model, 15_000), &settings("")).expect("query");
    assert!(query.range && !query.instant && !query.exemplar);
    assert_eq!(query.format, ResultFormat::Table);
    assert_eq!(query.step, Duration::seconds(15));
    assert_eq!(query.expr, "rate(up[1m0s])");
    assert_eq!(
        query.executed_query_string(),
        "Expr: rate(up[1m0s])\nStep: 15s"
    );
    let instant = PromQuery::from_data_query(
        &query_model(json!({"expr": "up", "instant": true}), 0),
        &settings("1m"),
    )
    .expect("instant");
    assert!(instant.instant && !instant.range);
    assert_eq!(instant.step, Duration::minutes(1));
}

#[test]
fn query_model_with_a_bad_interval_is_refused() {
    let model = json!({"expr": "up", "interval": "fast"});
    assert!(PromQuery::from_data_query(&query_model(model, 0), &settings("")).is_err());
}

const MATRIX: &str = r#"{"status":"success","data":{"resultType":"matrix","result":[
  {"metric":{"__name__":"up","job":"api"},"values":[[1700000000,"1"],[1700000015.5,"NaN"]]},
  {"metric":{"job":"db"},"values":[[1700000000,"+Inf"]]}
]},"warnings":["careful"]}"#;

fn sample_query() -> PromQuery {
    PromQuery::from_data_query(
        &query_model(json!({"expr": "up", "legendFormat": "{{job}}"}), 15_000),
        &settings(""),
    )
    .expect("query")
}

#[test]
fn matrix_answers_become_one_frame_per_series() {
    let frames = decorate(
        read_query_answer(MATRIX.as_bytes()).expect("frames"),
        &sample_query(),
    );
    assert_eq!(frames.len(), 2);
    let first = &frames[0];
    let meta = first.meta.as_ref().expect("meta");
    assert_eq!(meta.frame_type.as_deref(), Some("timeseries-multi"));
    assert_eq!(meta.type_version, [0, 1]);
    // The first frame carries the step, keys in Go's order.
    let custom = serde_json::to_string(&meta.custom).expect("serializes");
    assert_eq!(
        custom,
        r#"{"calculatedMinStep":15000,"resultType":"matrix"}"#
    );
    assert_eq!(
        frames[1].meta.as_ref().and_then(|m| m.custom.clone()),
        Some(json!({"resultType": "matrix"}))
    );
    assert_eq!(
        meta.executed_query_string.as_deref(),
        Some("Expr: up\nStep: 15s")
    );
    assert_eq!(meta.notices.len(), 1);
    assert_eq!(first.fields[0].name, "Time");
    assert_eq!(
        first.fields[0].config.as_ref().and_then(|c| c.interval),
        Some(15_000.0)
    );
    assert_eq!(first.fields[1].name, "up");
    assert_eq!(
        first.fields[1]
            .label_set()
            .get("__name__")
            .map(String::as_str),
        Some("up")
    );
    assert_eq!(
        first.fields[1]
            .config
            .as_ref()
            .and_then(|c| c.display_name_from_ds.as_deref()),
        Some("api")
    );
    let FieldValues::Time(times) = &first.fields[0].values else {
        panic!("time field");
    };
    assert_eq!(
        times.get(1),
        Some(&Timestamp::from_millis(1_700_000_015_500))
    );
    let FieldValues::Float64(values) = &first.fields[1].values else {
        panic!("float field");
    };
    assert!(values.get(1).is_some_and(|v| v.is_nan()));
    assert_eq!(frames[1].fields[1].name, "Value");
    assert!(frames[1]
        .meta
        .as_ref()
        .and_then(|m| m.executed_query_string.as_ref())
        .is_none());
}

#[test]
fn error_answers_carry_prometheus_text() {
    let body = br#"{"status":"error","errorType":"bad_data","error":"parse error: unexpected"}"#;
    assert_eq!(
        read_query_answer(body),
        Err(AnswerError::Prometheus(
            "bad_data: parse error: unexpected".to_string()
        ))
    );
    assert!(matches!(
        read_query_answer(b"<html>"),
        Err(AnswerError::Unreadable(_))
    ));
}

#[test]
fn vector_and_scalar_answers_are_numeric_multi() {
    let vector = br#"{"status":"success","data":{"result":[{"metric":{},"value":[1700000000,"2"]}],"resultType":"vector"}}"#;
    let frames = read_query_answer(vector).expect("vector");
    let meta = frames[0].meta.as_ref().expect("meta");
    assert_eq!(meta.frame_type.as_deref(), Some("numeric-multi"));
    let scalar =
        br#"{"status":"success","data":{"resultType":"scalar","result":[1700000000,"2"]}}"#;
    let frames = read_query_answer(scalar).expect("scalar");
    assert_eq!(frames[0].fields[1].name, "Value");
}

#[test]
fn empty_answers_still_carry_the_executed_query() {
    let body = br#"{"status":"success","data":{"resultType":"matrix","result":[]}}"#;
    let frames = decorate(read_query_answer(body).expect("frames"), &sample_query());
    assert_eq!(frames.len(), 1);
    assert!(frames[0].fields.is_empty());
    assert!(frames[0]
        .meta
        .as_ref()
        .and_then(|m| m.executed_query_string.as_ref())
        .is_some());
}

#[test]
fn table_format_has_a_row_per_sample_and_a_column_per_label() {
    let frames = read_query_answer(MATRIX.as_bytes()).expect("frames");
    let table = to_table(frames, "A", true);
    assert_eq!(table.len(), 1);
    let names: Vec<&str> = table[0].fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["Time", "__name__", "job", "Value #A"]);
    assert_eq!(table[0].fields[0].len(), 3);
    let FieldValues::String(jobs) = &table[0].fields[2].values else {
        panic!("string field");
    };
    assert_eq!(jobs.get(2).map(String::as_str), Some("db"));
}

#[test]
fn heatmap_format_deaccumulates_sorted_buckets() {
    let body = br#"{"status":"success","data":{"resultType":"matrix","result":[
      {"metric":{"le":"+Inf"},"values":[[1,"10"]]},
      {"metric":{"le":"0.5"},"values":[[1,"4"]]},
      {"metric":{"le":"0.1"},"values":[[1,"1"]]}
    ]}}"#;
    let heatmap = to_heatmap(read_query_answer(body).expect("frames"), "A");
    let names: Vec<&str> = heatmap[0].fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["Time", "0.1", "0.5", "+Inf"]);
    let counts: Vec<f64> = heatmap[0].fields[1..]
        .iter()
        .filter_map(|field| match &field.values {
            FieldValues::Float64(values) => values.get(0).copied(),
            _ => None,
        })
        .collect();
    assert_eq!(counts, [1.0, 3.0, 6.0]);
}
