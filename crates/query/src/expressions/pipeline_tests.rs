//! Frames to values and back, and the entry point over whole requests.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::json;

use super::convert::{name_unlabelled_series, values_from_frames, values_to_frames};
use super::test_support::{assert_same, number, series, unlabelled_number, unlabelled_series};
use super::value::Value;
use super::{datasource_dependencies, evaluate_expressions, ExpressionInputs, ExpressionQuery};
use crate::frame::{
    frame_types, time_series_frame, DataResponse, ErrorSource, Field, FieldConfig, FieldValues,
    Frame, FrameMeta, Timestamp,
};
use crate::time::TimeRange;

fn at(seconds: i64) -> Timestamp {
    Timestamp::from_millis(seconds * 1000)
}

fn wide_frame() -> Frame {
    Frame::new("cpu")
        .with_field(Field::new("time", vec![at(1), at(2)]))
        .with_field(Field::new("v", vec![Some(1.0), None]).with_labels([("host", "a")]))
        .with_field(Field::new("w", vec![3i64, 4]).with_labels([("host", "b")]))
}

#[test]
fn frames_become_series_numbers_or_no_data() {
    assert_same(
        &values_from_frames(&[wide_frame()]).expect("wide"),
        &[
            series(&[("host", "a")], &[(1, Some(1.0)), (2, None)]),
            series(&[("host", "b")], &[(1, Some(3.0)), (2, Some(4.0))]),
        ],
        "a wide frame gives a series per value field",
    );
    let table = Frame::new("")
        .with_field(Field::new("host", vec!["a".to_string(), "b".to_string()]))
        .with_field(Field::new("value", vec![1.5, 2.5]));
    assert_same(
        &values_from_frames(&[table]).expect("number table"),
        &[
            number(&[("host", "a")], Some(1.5)),
            number(&[("host", "b")], Some(2.5)),
        ],
        "a number table gives a number per row labelled by its strings",
    );
    let bare_table =
        Frame::new("").with_field(Field::new("value", vec![1.5]).with_labels([("ignored", "x")]));
    assert_same(
        &values_from_frames(&[bare_table]).expect("number table"),
        &[unlabelled_number(Some(1.5))],
        "a number table without strings gives numbers without labels, as Grafana's",
    );
    let unlabelled_wide = Frame::new("")
        .with_field(Field::new("time", vec![at(1)]))
        .with_field(Field::new("v", vec![2.0]));
    assert_same(
        &values_from_frames(&[unlabelled_wide]).expect("wide"),
        &[unlabelled_series(&[(1, Some(2.0))])],
        "a series without labels keeps none",
    );
    let numeric_wide = Frame::new("")
        .with_field(Field::new("x", vec![1.0]).with_labels([("k", "x")]))
        .with_field(Field::new("y", vec![2u8]).with_labels([("k", "y")]));
    assert_same(
        &values_from_frames(&[numeric_wide]).expect("numeric wide"),
        &[
            number(&[("k", "x")], Some(1.0)),
            number(&[("k", "y")], Some(2.0)),
        ],
        "one row of numeric fields gives a number per field",
    );
    let long = Frame::new("")
        .with_field(Field::new("time", vec![at(1), at(1), at(2)]))
        .with_field(Field::new(
            "host",
            vec!["a".to_string(), "b".to_string(), "a".to_string()],
        ))
        .with_field(Field::new("value", vec![1.0, 2.0, 3.0]));
    assert_same(
        &values_from_frames(&[long]).expect("long"),
        &[
            series(&[("host", "a")], &[(1, Some(1.0)), (2, Some(3.0))]),
            series(&[("host", "b")], &[(1, Some(2.0)), (2, None)]),
        ],
        "a long frame is made wide",
    );
    assert_same(
        &values_from_frames(&[]).expect("none"),
        &[Value::NoData],
        "no frames",
    );
    assert_same(
        &values_from_frames(&[Frame::new("empty")]).expect("empty"),
        &[Value::NoData],
        "a frame without fields",
    );
    let instant = |room: &str, value: f64| {
        Frame::new("")
            .with_meta(FrameMeta::typed(frame_types::NUMERIC_MULTI, [0, 1]))
            .with_field(Field::new("Time", vec![at(5)]))
            .with_field(Field::new("Value", vec![value]).with_labels([("room", room)]))
    };
    assert_same(
        &values_from_frames(&[instant("lab", 21.5), instant("hall", 19.0)]).expect("instant"),
        &[
            number(&[("room", "lab")], Some(21.5)),
            number(&[("room", "hall")], Some(19.0)),
        ],
        "one-row numeric-multi frames (a Prometheus instant answer) are numbers, not series",
    );
    let unreadable = Frame::new("t")
        .with_field(Field::new("a", vec![1.0, 2.0]))
        .with_field(Field::new("b", vec![1.0, 2.0]));
    assert!(values_from_frames(&[unreadable]).is_err());
}

#[test]
fn values_are_written_in_grafanas_frame_shapes() {
    let frames = values_to_frames(
        "C",
        &[
            number(&[("host", "a")], Some(2.0)),
            series(&[], &[(1, None)]),
            Value::NoData,
            unlabelled_series(&[(1, Some(1.0))]),
        ],
    );
    let written = serde_json::to_value(&frames).expect("encodes");
    assert_eq!(
        written,
        json!([
            {
                "schema": {
                    "refId": "C",
                    "meta": {"type": "numeric-multi", "typeVersion": [0, 1]},
                    "fields": [{"name": "C", "type": "number", "typeInfo": {"frame": "float64", "nullable": true}, "labels": {"host": "a"}}]
                },
                "data": {"values": [[2]]}
            },
            {
                "schema": {
                    "refId": "C",
                    "meta": {"type": "timeseries-multi", "typeVersion": [0, 1]},
                    "fields": [
                        {"name": "Time", "type": "time", "typeInfo": {"frame": "time.Time"}},
                        {"name": "C", "type": "number", "typeInfo": {"frame": "float64", "nullable": true}, "labels": {}}
                    ]
                },
                "data": {"values": [[1000], [null]]}
            },
            {"schema": {"name": "no data", "refId": "C", "fields": []}, "data": {"values": []}},
            {
                "schema": {
                    "refId": "C",
                    "meta": {"type": "timeseries-multi", "typeVersion": [0, 1]},
                    "fields": [
                        {"name": "Time", "type": "time", "typeInfo": {"frame": "time.Time"}},
                        {"name": "C", "type": "number", "typeInfo": {"frame": "float64", "nullable": true}}
                    ]
                },
                "data": {"values": [[1000], [1]]}
            }
        ])
    );
}

fn expression(ref_id: &str, model: serde_json::Value) -> ExpressionQuery {
    let mut model = model;
    model["refId"] = json!(ref_id);
    ExpressionQuery::from_model(model).expect("refId and type")
}

/// The expressions evaluated over [`inputs`], none of them TestData's.
fn evaluate(expressions: &[ExpressionQuery], range: &TimeRange) -> BTreeMap<String, DataResponse> {
    let inputs = ExpressionInputs {
        results: &inputs(),
        named_by_field: &BTreeSet::new(),
    };
    evaluate_expressions(expressions, inputs, range)
}

fn inputs() -> BTreeMap<String, DataResponse> {
    let cpu = |host: &str, values: [f64; 3]| {
        time_series_frame(
            "",
            [("host".to_string(), host.to_string())].into(),
            values
                .iter()
                .enumerate()
                .map(|(i, v)| (at(i as i64 * 10), Some(*v))),
        )
    };
    BTreeMap::from([
        (
            "A".to_string(),
            DataResponse::ok(vec![
                cpu("a", [1.0, 2.0, 3.0]),
                cpu("b", [10.0, 20.0, 30.0]),
            ]),
        ),
        (
            "B".to_string(),
            DataResponse::ok(vec![
                Frame::new("").with_field(Field::new("limit", vec![15.0]))
            ]),
        ),
        (
            "Broken".to_string(),
            DataResponse::error(502, "upstream down", ErrorSource::Downstream),
        ),
    ])
}

/// The label values and the value of each number frame of `response`.
fn number_of(response: &DataResponse) -> Vec<(String, Option<f64>)> {
    response
        .frames
        .iter()
        .map(|frame| match frame.fields.as_slice() {
            [field] => {
                let FieldValues::Float64(cells) = &field.values else {
                    panic!("expected a float field, got {field:?}");
                };
                let labels: Vec<&str> = field.label_set().values().map(String::as_str).collect();
                (labels.join(","), cells.get(0).copied())
            }
            other => panic!("expected a number frame, got {other:?}"),
        })
        .collect()
}

#[test]
fn expressions_run_in_dependency_order_over_query_results() {
    let expressions = vec![
        expression(
            "E",
            json!({"type": "threshold", "expression": "D", "conditions": [{"evaluator": {"type": "gt", "params": [10]}}]}),
        ),
        expression(
            "D",
            json!({"type": "reduce", "expression": "$C", "reducer": "mean", "settings": {"mode": "dropNN"}}),
        ),
        expression("C", json!({"type": "math", "expression": "$A * 2 - $B"})),
        expression(
            "F",
            json!({"type": "classic_conditions", "conditions": [
                {"evaluator": {"type": "gt", "params": [25]}, "operator": {"type": "and"}, "query": {"params": ["A"]}, "reducer": {"type": "max"}}
            ]}),
        ),
        expression(
            "R",
            json!({"type": "resample", "expression": "A", "window": "20s", "downsampler": "mean", "upsampler": "pad"}),
        ),
    ];
    let range = TimeRange::new(0, 40_000).expect("range");
    let results = evaluate(&expressions, &range);
    assert_eq!(
        results.keys().collect::<Vec<_>>(),
        ["C", "D", "E", "F", "R"]
    );
    for (ref_id, response) in &results {
        assert_eq!(response.error, None, "{ref_id}");
        assert!(
            response.frames.iter().all(|f| f.ref_id == *ref_id),
            "{ref_id}"
        );
    }
    assert_eq!(
        number_of(&results["D"]),
        [
            ("a".to_string(), Some(-11.0)),
            ("b".to_string(), Some(25.0))
        ]
    );
    assert_eq!(
        number_of(&results["E"]),
        [("a".to_string(), Some(0.0)), ("b".to_string(), Some(1.0))]
    );
    assert_eq!(number_of(&results["F"]), [(String::new(), Some(1.0))]);
    assert_same(
        &values_from_frames(&results["R"].frames).expect("series"),
        &[
            series(
                &[("host", "a")],
                &[(0, Some(1.0)), (20, Some(2.5)), (40, Some(3.0))],
            ),
            series(
                &[("host", "b")],
                &[(0, Some(10.0)), (20, Some(25.0)), (40, Some(30.0))],
            ),
        ],
        "resample over the query range; pad repeats the last point seen, not the last mean",
    );
}

#[test]
fn failures_stay_with_their_ref_ids() {
    let expressions = vec![
        expression("X", json!({"type": "math", "expression": "$Y + 1"})),
        expression("Y", json!({"type": "math", "expression": "$X + 1"})),
        expression("Self", json!({"type": "math", "expression": "$Self"})),
        expression(
            "AfterCycle",
            json!({"type": "reduce", "expression": "X", "reducer": "sum"}),
        ),
        expression(
            "Unknown",
            json!({"type": "math", "expression": "$A + $Nope"}),
        ),
        expression(
            "OnUnknown",
            json!({"type": "math", "expression": "$Unknown"}),
        ),
        expression(
            "OnBroken",
            json!({"type": "math", "expression": "$Broken * 2"}),
        ),
        expression("BadSyntax", json!({"type": "math", "expression": "$A +"})),
        expression(
            "OnBadSyntax",
            json!({"type": "math", "expression": "$BadSyntax"}),
        ),
        expression("BadType", json!({"type": "sql", "expression": "SELECT 1"})),
        expression(
            "BadReducer",
            json!({"type": "reduce", "expression": "A", "reducer": "p99"}),
        ),
        expression("Fine", json!({"type": "math", "expression": "$A"})),
    ];
    let range = TimeRange::new(0, 40_000).expect("range");
    let results = evaluate(&expressions, &range);
    let error = |ref_id: &str| results[ref_id].error.clone().unwrap_or_default();
    let status = |ref_id: &str| results[ref_id].effective_status();
    assert_eq!(
        error("X"),
        "expression is part of a dependency cycle: X -> Y -> X"
    );
    assert_eq!(
        error("Y"),
        "expression is part of a dependency cycle: Y -> X -> Y"
    );
    assert_eq!(
        error("Self"),
        "expression is part of a dependency cycle: Self -> Self"
    );
    assert_eq!(
        error("AfterCycle"),
        "did not execute expression because its input \"X\" failed"
    );
    assert_eq!(
        error("Unknown"),
        "expression refers to unknown query or expression \"Nope\""
    );
    assert_eq!(
        error("OnUnknown"),
        "did not execute expression because its input \"Unknown\" failed"
    );
    assert_eq!(
        error("OnBroken"),
        "did not execute expression because its input \"Broken\" failed"
    );
    assert_eq!(error("BadSyntax"), "invalid math expression: unexpected end of input, expected a number, $reference, function or \"(\" at position 4");
    assert_eq!(
        error("OnBadSyntax"),
        "did not execute expression because its input \"BadSyntax\" failed"
    );
    assert!(
        error("BadType").starts_with("unsupported expression type \"sql\""),
        "{}",
        error("BadType")
    );
    assert!(
        error("BadReducer").contains("reducer \"p99\" is not supported"),
        "{}",
        error("BadReducer")
    );
    assert_eq!(status("BadSyntax"), 400);
    assert_eq!(status("OnBroken"), 500);
    assert_eq!(results["Fine"].error, None);
    assert_eq!(results["Fine"].frames.len(), 2);
}

#[test]
fn dependencies_name_the_queries_to_run_first() {
    let expressions = vec![
        expression(
            "C",
            json!({"type": "math", "expression": "$A + ${my query}"}),
        ),
        expression(
            "D",
            json!({"type": "reduce", "expression": "C", "reducer": "last"}),
        ),
        expression(
            "E",
            json!({"type": "classic_conditions", "conditions": [
                {"evaluator": {"type": "no_value", "params": []}, "operator": {"type": "and"}, "query": {"params": ["B"]}, "reducer": {"type": "avg"}}
            ]}),
        ),
        expression("Bad", json!({"type": "math", "expression": "$Z +"})),
    ];
    let needed: Vec<String> = datasource_dependencies(&expressions).into_iter().collect();
    assert_eq!(needed, ["A", "B", "my query"]);
}

#[test]
fn models_are_validated_with_clear_messages() {
    let cases = [
        (
            json!({"type": "math"}),
            "invalid math expression: missing \"expression\"",
        ),
        (
            json!({"type": "reduce", "expression": "A", "reducer": "sum", "settings": {"mode": "replaceNN"}}),
            "setting replaceWithValue must be specified when mode is 'replaceNN'",
        ),
        (
            json!({"type": "reduce", "expression": "A", "reducer": "sum", "settings": {"mode": "maybe"}}),
            "reducer mode \"maybe\" is not supported",
        ),
        (
            json!({"type": "resample", "expression": "A", "window": "soon", "downsampler": "mean", "upsampler": "pad"}),
            "\"window\": invalid duration",
        ),
        (
            json!({"type": "resample", "expression": "A", "window": "10s", "downsampler": "median", "upsampler": "pad"}),
            "downsampler \"median\" is not supported",
        ),
        (
            json!({"type": "threshold", "expression": "A", "conditions": []}),
            "threshold expression requires exactly one condition",
        ),
        (
            json!({"type": "threshold", "expression": "A", "conditions": [{"evaluator": {"type": "gt", "params": []}}]}),
            "need 1",
        ),
        (
            json!({"type": "classic_conditions", "conditions": [{"evaluator": {"type": "gt", "params": [1]}, "query": {"params": []}, "reducer": {"type": "avg"}}]}),
            "condition 1 is missing the query RefID argument",
        ),
        (
            json!({"type": "classic_conditions", "conditions": [
                {"evaluator": {"type": "gt", "params": [1]}, "query": {"params": ["A"]}, "reducer": {"type": "avg"}},
                {"evaluator": {"type": "gt", "params": [1]}, "operator": {"type": "xor"}, "query": {"params": ["A"]}, "reducer": {"type": "avg"}}
            ]}),
            "condition 2 operator must be `and` or `or`",
        ),
    ];
    let range = TimeRange::new(0, 1000).expect("range");
    for (model, message) in cases {
        let results = evaluate(&[expression("X", model.clone())], &range);
        let error = results["X"].error.clone().unwrap_or_default();
        assert!(
            error.contains(message),
            "{model}: {error:?} does not contain {message:?}"
        );
    }
}

#[test]
fn unlabelled_series_are_named_like_grafana_names_testdata_series() {
    let value = |name: &str, shown: Option<&str>| {
        let field = Field::new(name, vec![1.0]);
        match shown {
            Some(shown) => field.with_config(FieldConfig {
                display_name_from_ds: Some(shown.to_string()),
                ..FieldConfig::default()
            }),
            None => field,
        }
    };
    let frame = |field: Field| {
        Frame::new("")
            .with_field(Field::new("time", vec![at(1)]))
            .with_field(field)
    };
    let names_of = |frames: &[Frame]| -> Option<Vec<String>> {
        let named = name_unlabelled_series(frames)?;
        Some(
            named
                .iter()
                .map(|f| f.fields[1].label_set()["__name__"].clone())
                .collect(),
        )
    };
    assert_eq!(
        names_of(&[
            frame(value("A-series", Some("cpu"))),
            frame(value("A-series1", Some("mem")))
        ]),
        Some(vec!["cpu".to_string(), "mem".to_string()]),
        "the display name from the data source comes first"
    );
    assert_eq!(
        names_of(&[
            frame(value("a", Some("same"))),
            frame(value("b", Some("same")))
        ]),
        Some(vec!["a".to_string(), "b".to_string()]),
        "names that repeat give way to the next choice"
    );
    assert_eq!(
        names_of(&[frame(value("a", None)), frame(value("a", None))]),
        None,
        "no name tells them apart"
    );
    let labelled = frame(value("b", None).with_labels([("host", "x")]));
    assert_eq!(
        names_of(&[frame(value("a", None)), labelled]),
        None,
        "a series with labels leaves all as they are"
    );
}
