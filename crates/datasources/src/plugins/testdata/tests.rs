//! TestData scenarios: determinism, spacing, counts, CSV typing, errors.

use serde_json::{json, Value};
use sightline_query::frame::{DataResponse, FieldValues, Frame};
use sightline_query::time::TimeRange;

use super::csv::parse_csv;
use super::query::parse_labels;
use super::run_query;
use crate::plugin::DataQuery;

const FROM: i64 = 1_700_000_000_000;
const HOUR: i64 = 3_600_000;

fn query(model: Value, from: i64, to: i64, interval_ms: i64, max_data_points: i64) -> DataQuery {
    DataQuery {
        ref_id: model["refId"].as_str().unwrap_or("A").to_string(),
        query_type: String::new(),
        time_range: TimeRange::new(from, to).expect("range"),
        interval_ms,
        max_data_points,
        model,
    }
}

async fn answer(model: Value) -> DataResponse {
    run_query(&query(model, FROM, FROM + HOUR, 60_000, 1000)).await
}

fn times(frame: &Frame) -> Vec<i64> {
    match &frame.fields[0].values {
        FieldValues::Time(column) => column.iter().map(|t| t.map_or(0, |t| t.millis())).collect(),
        other => panic!("not a time field: {other:?}"),
    }
}

fn floats(frame: &Frame, index: usize) -> Vec<Option<f64>> {
    match &frame.fields[index].values {
        FieldValues::Float64(column) => column.iter().map(|v| v.copied()).collect(),
        other => panic!("not a float field: {other:?}"),
    }
}

#[tokio::test]
async fn random_walk_is_seeded_by_range_and_spaced_by_interval() {
    let model = json!({"refId": "A", "scenarioId": "random_walk", "seriesCount": 2});
    let first = answer(model.clone()).await;
    let second = answer(model.clone()).await;
    assert_eq!(first, second, "same query, same range, same data");
    assert_eq!(first.frames.len(), 2);
    let frame = &first.frames[0];
    let stamps = times(frame);
    assert_eq!(stamps.len(), 60, "one point per minute over an hour");
    assert!(stamps.windows(2).all(|pair| pair[1] - pair[0] == 60_000));
    assert_eq!(stamps[0], FROM);
    assert_eq!(frame.fields[1].name, "A-series");
    assert_eq!(first.frames[1].fields[1].name, "A-series1");
    // Without `labels`, the values still carry an empty set (`"labels": {}`), as Grafana's.
    assert_eq!(frame.fields[1].labels, Some(Default::default()));
    assert_eq!(frame.fields[0].labels, None);
    assert_ne!(
        floats(frame, 1),
        floats(&first.frames[1], 1),
        "series differ"
    );
    let shifted = run_query(&query(model, FROM + 1000, FROM + HOUR + 1000, 60_000, 1000)).await;
    assert_ne!(
        floats(&shifted.frames[0], 1),
        floats(frame, 1),
        "another range, other data"
    );
}

#[tokio::test]
async fn random_walk_honours_seed_bounds_labels_and_max_data_points() {
    let model = json!({
        "scenarioId": "random_walk", "seed": 42, "min": 10, "max": 12, "startValue": 11,
        "spread": 50, "labels": "job=api, instance=\"i-$seriesIndex\"", "alias": "walk"
    });
    let a = run_query(&query(model.clone(), FROM, FROM + HOUR, 1000, 100)).await;
    let b = run_query(&query(model, FROM + 5, FROM + HOUR + 5, 1000, 100)).await;
    assert_eq!(
        floats(&a.frames[0], 1),
        floats(&b.frames[0], 1),
        "an explicit seed wins"
    );
    let frame = &a.frames[0];
    assert_eq!(times(frame).len(), 100, "widened to fit maxDataPoints");
    assert!(floats(frame, 1)
        .iter()
        .flatten()
        .all(|value| (10.0..=12.0).contains(value)));
    assert_eq!(frame.fields[1].name, "walk");
    assert_eq!(frame.fields[1].label_set()["job"], "api");
    assert_eq!(frame.fields[1].label_set()["instance"], "i-0");
}

#[tokio::test]
async fn csv_metric_values_spread_over_the_range() {
    let response =
        answer(json!({"scenarioId": "csv_metric_values", "stringInput": "1,20,90,30,5,0"})).await;
    let frame = &response.frames[0];
    assert_eq!(
        floats(frame, 1),
        [1.0, 20.0, 90.0, 30.0, 5.0, 0.0].map(Some).to_vec()
    );
    let stamps = times(frame);
    assert_eq!((stamps[0], stamps[5]), (FROM, FROM + HOUR));
    assert_eq!(frame.ref_id, "A");
}

#[tokio::test]
async fn csv_content_infers_column_types() {
    let content =
        "time,name,value,up\n1700000000000,\"a, b\",1.5,true\n2023-11-14T22:13:21Z,c,,false\n";
    let response = answer(json!({"scenarioId": "csv_content", "csvContent": content})).await;
    let frame = &response.frames[0];
    let names: Vec<&str> = frame.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["time", "name", "value", "up"]);
    assert_eq!(times(frame), [1_700_000_000_000, 1_700_000_001_000]);
    assert_eq!(
        frame.fields[1].values,
        FieldValues::from(vec![Some("a, b".to_string()), Some("c".to_string())])
    );
    assert_eq!(floats(frame, 2), [Some(1.5), None]);
    assert_eq!(
        frame.fields[3].values,
        FieldValues::from(vec![Some(true), Some(false)])
    );
}

#[test]
fn csv_parser_handles_quotes_and_line_endings() {
    let rows = parse_csv("a,b\r\n\"x \"\"y\"\"\",2\n").expect("parses");
    assert_eq!(rows, vec![vec!["a", "b"], vec!["x \"y\"", "2"]]);
    assert!(parse_csv("a\n\"open").is_err());
}

#[tokio::test]
async fn predictable_pulse_depends_on_absolute_time_only() {
    let model = json!({"scenarioId": "predictable_pulse",
        "pulseWave": {"timeStep": 60, "onCount": 2, "offCount": 3, "onValue": 5, "offValue": "null"}});
    let from = 1_700_000_030_000; // 30 s past a minute
    let response = run_query(&query(model.clone(), from, from + 10 * 60_000, 1000, 1000)).await;
    let frame = &response.frames[0];
    assert_eq!(frame.fields[1].labels, Some(Default::default()));
    let stamps = times(frame);
    assert!(
        stamps.iter().all(|t| t % 60_000 == 0),
        "aligned on the step"
    );
    for (time, value) in stamps.iter().zip(floats(frame, 1)) {
        let position = (time / 60_000) % 5;
        let expected = if position < 2 { Some(5.0) } else { None };
        assert_eq!(value, expected, "at {time}");
    }
    let later = run_query(&query(model, from + 120_000, from + 600_000, 1000, 1000)).await;
    assert_eq!(times(&later.frames[0])[0], stamps[2], "the same instants");
    assert_eq!(floats(&later.frames[0], 1)[0], floats(frame, 1)[2]);
}

#[tokio::test]
async fn predictable_csv_wave_repeats_its_values() {
    let model = json!({"scenarioId": "predictable_csv_wave",
        "csvWave": [{"timeStep": 10, "valuesCSV": "0,1,2,", "labels": "wave=a", "name": "w"}]});
    let response = run_query(&query(
        model,
        1_700_000_000_000,
        1_700_000_060_000,
        1000,
        100,
    ))
    .await;
    let frame = &response.frames[0];
    assert_eq!(frame.name, "w");
    assert_eq!(frame.fields[1].label_set()["wave"], "a");
    let expected: Vec<Option<f64>> = times(frame)
        .iter()
        .map(|t| Some(((t / 10_000) % 3) as f64))
        .collect();
    assert_eq!(floats(frame, 1), expected);
}

#[tokio::test]
async fn other_scenarios_answer_their_shapes() {
    let empty = answer(json!({"scenarioId": "no_data_points"})).await;
    assert!(empty.frames.is_empty() && empty.error.is_none());
    let table = answer(json!({"scenarioId": "table_static"})).await;
    assert_eq!(times(&table.frames[0]).len(), 10);
    let heatmap = answer(json!({"scenarioId": "exponential_heatmap_bucket_data"})).await;
    let buckets: Vec<&str> = heatmap.frames[0]
        .fields
        .iter()
        .map(|f| f.name.as_str())
        .collect();
    assert_eq!(buckets[1..4], ["1", "2", "4"]);
    let logs = answer(json!({"scenarioId": "logs", "lines": 5})).await;
    let frame = &logs.frames[0];
    let names: Vec<&str> = frame.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["time", "message", "container_id", "hostname"]);
    assert_eq!(frame.fields[0].len(), 5);
    let json = serde_json::to_value(frame).expect("serializes");
    assert_eq!(json["schema"]["meta"]["preferredVisualisationType"], "logs");
    let message = json["data"]["values"][1][0].as_str().expect("a line");
    assert!(
        message.starts_with("t=") && message.contains(" lvl="),
        "{message}"
    );
    let container = json["data"]["values"][2][0].as_str().expect("an id");
    assert!(container.len() == 64 && container.chars().all(|c| c.is_ascii_hexdigit()));
    let levelled = answer(json!({"scenarioId": "logs", "lines": 3, "levelColumn": true})).await;
    let frame = &levelled.frames[0];
    assert_eq!(frame.fields.len(), 5);
    assert_eq!(frame.fields[4].name, "level");
    let walk_table = answer(json!({"scenarioId": "random_walk_table", "withNil": true})).await;
    assert_eq!(walk_table.frames[0].fields.len(), 6);
    let failed = answer(json!({"scenarioId": "server_error_500"})).await;
    assert_eq!(failed.effective_status(), 500);
    let unknown = answer(json!({"scenarioId": "no_such_thing"})).await;
    assert_eq!(unknown.effective_status(), 400);
}

#[tokio::test]
async fn slow_query_waits_its_duration() {
    let started = std::time::Instant::now();
    let response = answer(json!({"scenarioId": "slow_query", "stringInput": "200ms"})).await;
    assert!(started.elapsed() >= std::time::Duration::from_millis(200));
    assert_eq!(response.frames.len(), 1);
    let bad = answer(json!({"scenarioId": "slow_query", "stringInput": "soon"})).await;
    assert_eq!(bad.effective_status(), 400);
}

#[test]
fn labels_parse_like_grafana() {
    let labels = parse_labels("{job=\"a\", env = prod, broken}", 3);
    assert_eq!(labels.len(), 2);
    assert_eq!(labels["env"], "prod");
}
