//! Table tests of the frame JSON encoding, both ways.

use pretty_assertions::assert_eq;
use serde_json::{json, Value};

use super::*;

/// The frame's JSON text, parsed back (so `f32` cells compare by their written digits).
fn encode(frame: &Frame) -> Value {
    let text = serde_json::to_string(frame).expect("frame encodes");
    serde_json::from_str(&text).expect("frame json parses")
}

fn decode(input: Value) -> Result<Frame, String> {
    serde_json::from_value(input).map_err(|e| e.to_string())
}

#[test]
fn encodes_schema_and_values_like_grafana() {
    let frame = Frame::new("cpu")
        .with_ref_id("A")
        .with_meta(FrameMeta {
            executed_query_string: Some("SELECT 1".into()),
            ..FrameMeta::default()
        })
        .with_field(Field::new(
            "time",
            vec![Timestamp::from_millis(1_000), Timestamp::from_millis(2_000)],
        ))
        .with_field(
            Field::new("value", vec![Some(1.5), None])
                .with_labels([("host", "a"), ("dc", "eu")])
                .with_config(FieldConfig {
                    unit: Some("percent".into()),
                    ..FieldConfig::default()
                }),
        )
        .with_field(Field::new("count", vec![3i64, -4]))
        .with_field(Field::new("ok", vec![Some(true), None]))
        .with_field(Field::new("host", vec!["a".to_string(), "b".to_string()]))
        .with_field(Field::new("raw", vec![json!({"k": [1]}), json!("s")]))
        .with_field(Field::new("", vec![2.0f32, 0.1]));

    assert_eq!(
        encode(&frame),
        json!({
            "schema": {
                "name": "cpu",
                "refId": "A",
                "meta": {"typeVersion": [0, 0], "executedQueryString": "SELECT 1"},
                "fields": [
                    {"name": "time", "type": "time", "typeInfo": {"frame": "time.Time"}},
                    {
                        "name": "value", "type": "number",
                        "typeInfo": {"frame": "float64", "nullable": true},
                        "labels": {"dc": "eu", "host": "a"},
                        "config": {"unit": "percent"}
                    },
                    {"name": "count", "type": "number", "typeInfo": {"frame": "int64"}},
                    {"name": "ok", "type": "boolean", "typeInfo": {"frame": "bool", "nullable": true}},
                    {"name": "host", "type": "string", "typeInfo": {"frame": "string"}},
                    {"name": "raw", "type": "other", "typeInfo": {"frame": "json.RawMessage"}},
                    {"type": "number", "typeInfo": {"frame": "float32"}}
                ]
            },
            "data": {
                "values": [
                    [1000, 2000],
                    [1.5, null],
                    [3, -4],
                    [true, null],
                    ["a", "b"],
                    [{"k": [1]}, "s"],
                    [2, 0.1]
                ]
            }
        })
    );
}

#[test]
fn writes_integral_floats_without_fraction_and_keeps_key_order() {
    let frame = Frame::new("").with_field(Field::new("v", vec![1.0, -2.0, 0.25, 1e300]));
    assert_eq!(
        serde_json::to_string(&frame).expect("encodes"),
        r#"{"schema":{"fields":[{"name":"v","type":"number","typeInfo":{"frame":"float64"}}]},"data":{"values":[[1,-2,0.25,1e+300]]}}"#
    );
}

#[test]
fn empty_labels_are_written_when_set_and_kept_when_read() {
    let set = Frame::new("").with_field(Field::new("v", vec![1.0]).with_labels(Labels::new()));
    let unset = Frame::new("").with_field(Field::new("v", vec![1.0]));
    let set_text = serde_json::to_string(&set).expect("encodes");
    assert_eq!(
        set_text,
        r#"{"schema":{"fields":[{"name":"v","type":"number","typeInfo":{"frame":"float64"},"labels":{}}]},"data":{"values":[[1]]}}"#
    );
    assert!(!serde_json::to_string(&unset)
        .expect("encodes")
        .contains("labels"));
    let read: Frame = serde_json::from_str(&set_text).expect("decodes");
    assert_eq!(read.fields[0].labels, Some(Labels::new()));
    assert_eq!(
        decode(encode(&unset)).expect("decodes").fields[0].labels,
        None
    );
}

#[test]
fn special_floats_become_null_plus_entities() {
    let cases: Vec<(FieldValues, Value, Value)> = vec![
        (
            vec![f64::NAN, 1.0, f64::INFINITY, f64::NEG_INFINITY, f64::NAN].into(),
            json!([null, 1, null, null, null]),
            json!({"NaN": [0, 4], "Inf": [2], "NegInf": [3]}),
        ),
        (
            vec![Some(f64::INFINITY), None].into(),
            json!([null, null]),
            json!({"Inf": [0]}),
        ),
        (
            vec![f32::NEG_INFINITY, 2.5f32].into(),
            json!([null, 2.5]),
            json!({"NegInf": [0]}),
        ),
    ];
    for (values, expected_values, expected_entities) in cases {
        let frame = Frame::new("")
            .with_field(Field::new("plain", vec![1i32; values.len()]))
            .with_field(Field::new("v", values));
        let written = encode(&frame);
        assert_eq!(written["data"]["values"][1], expected_values);
        assert_eq!(
            written["data"]["entities"],
            json!([null, expected_entities])
        );

        let read = decode(written.clone()).expect("decodes");
        assert_eq!(encode(&read), written, "round trip");
    }
}

#[test]
fn sub_millisecond_times_are_carried_in_nanos() {
    let frame = Frame::new("")
        .with_field(Field::new(
            "ms",
            vec![Timestamp::from_millis(5), Timestamp::from_millis(6)],
        ))
        .with_field(Field::new(
            "ns",
            vec![Some(Timestamp::from_nanos(1_000_000_123)), None],
        ))
        .with_field(Field::new(
            "before 1970",
            vec![Timestamp::from_nanos(-1), Timestamp::from_millis(0)],
        ));
    let written = encode(&frame);
    assert_eq!(
        written["data"],
        json!({
            "values": [[5, 6], [1000, null], [-1, 0]],
            "nanos": [null, [123, 0], [999_999, 0]]
        })
    );
    assert_eq!(decode(written).expect("decodes"), frame);
}

#[test]
fn every_type_round_trips() {
    let frame = Frame::new("all")
        .with_ref_id("B")
        .with_meta(FrameMeta::typed(frame_types::TABLE, [0, 1]))
        .with_field(Field::new(
            "t",
            vec![Some(Timestamp::from_millis(-5)), None],
        ))
        .with_field(Field::new("f64", vec![f64::MAX, f64::MIN_POSITIVE]))
        .with_field(Field::new("f32", vec![Some(f32::MAX), None]))
        .with_field(Field::new("i8", vec![i8::MIN, i8::MAX]))
        .with_field(Field::new("i16", vec![Some(i16::MIN), None]))
        .with_field(Field::new("i32", vec![i32::MIN, i32::MAX]))
        .with_field(Field::new("i64", vec![i64::MIN, i64::MAX]))
        .with_field(Field::new("u8", vec![0u8, u8::MAX]))
        .with_field(Field::new(
            "u16",
            FieldValues::Uint16(Column::required(vec![0, u16::MAX])),
        ))
        .with_field(Field::new("u32", vec![Some(u32::MAX), None]))
        .with_field(Field::new("u64", vec![0, u64::MAX]))
        .with_field(Field::new("s", vec![Some("ünï \"q\"".to_string()), None]))
        .with_field(Field::new("b", vec![true, false]))
        .with_field(Field::new("j", vec![Some(json!([1, {"a": null}])), None]))
        .with_field(Field::new(
            "e",
            FieldValues::Enum(Column::nullable(vec![Some(2), None])),
        ));
    let written = encode(&frame);
    assert_eq!(written["data"]["values"][6], json!([i64::MIN, i64::MAX]));
    assert_eq!(written["data"]["values"][10], json!([0, u64::MAX]));
    assert_eq!(written["schema"]["fields"][14]["type"], json!("enum"));
    assert_eq!(decode(written).expect("decodes"), frame);
}

#[test]
fn reads_browser_frames_without_type_info() {
    let input = json!({
        "schema": {"fields": [
            {"name": "time", "type": "time"},
            {"name": "name", "type": "string", "labels": null},
            {"name": "value", "type": "number", "config": {"decimals": 1}}
        ]},
        "data": {"values": [[100, 200.9], ["a", 7], [1, "2.5"]]}
    });
    let frame = decode(input).expect("decodes");
    assert_eq!(
        frame.fields[0].values,
        FieldValues::Time(Column::nullable(vec![
            Some(Timestamp::from_millis(100)),
            Some(Timestamp::from_millis(200)),
        ]))
    );
    assert_eq!(
        frame.fields[1].values,
        vec![Some("a".to_string()), Some("7".to_string())].into()
    );
    assert_eq!(frame.fields[2].values, vec![Some(1.0), Some(2.5)].into());
    assert_eq!(
        frame.fields[2].config.as_ref().and_then(|c| c.decimals),
        Some(1)
    );
}

#[test]
fn reads_frames_without_data() {
    let frame = decode(json!({"schema": {"name": "x", "fields": [
        {"name": "v", "typeInfo": {"frame": "int64", "nullable": true}}
    ]}}))
    .expect("decodes");
    assert_eq!(frame.name, "x");
    assert_eq!(frame.row_len(), Ok(0));
    assert_eq!(decode(json!({})).expect("decodes"), Frame::default());
}

#[test]
fn refuses_malformed_frames() {
    let field = |frame: &str, nullable: bool| json!({"name": "v", "typeInfo": {"frame": frame, "nullable": nullable}});
    let cases = [
        (
            json!({"schema": {"fields": [field("float64", false)]}, "data": {"values": [[1, null]]}}),
            "null at row 1 of a non-nullable field",
        ),
        (
            json!({"schema": {"fields": [field("int8", false)]}, "data": {"values": [[128]]}}),
            "cannot read 128 as i8",
        ),
        (
            json!({"schema": {"fields": [field("bool", false)]}, "data": {"values": [["yes"]]}}),
            "cannot read \"yes\" as a boolean",
        ),
        (
            json!({"schema": {"fields": [field("complex128", false)]}, "data": {"values": [[1]]}}),
            "unsupported type \"complex128\"",
        ),
        (
            json!({"schema": {"fields": [field("string", true)]}, "data": {"values": [["a"]], "entities": [{"NaN": [0]}]}}),
            "entities given for a string field",
        ),
        (
            json!({"schema": {"fields": [field("float64", true)]}, "data": {"values": [[null]], "entities": [{"Inf": [3]}]}}),
            "entity row 3 is past the end",
        ),
        (
            json!({"schema": {"fields": [field("float64", true), field("string", true)]}, "data": {"values": [[1]]}}),
            "data has 1 value arrays for 2 fields",
        ),
        (
            json!({"schema": {"fields": [field("float64", true), field("string", true)]}, "data": {"values": [[1], []]}}),
            "has 0 values, but field",
        ),
        (
            json!({"schema": {"fields": [{"name": "v"}]}, "data": {"values": [[1]]}}),
            "field \"v\" has no type",
        ),
    ];
    for (input, expected) in cases {
        let error = decode(input.clone()).expect_err("must be refused");
        assert!(error.contains(expected), "{input}: {error}");
    }
}

#[test]
fn refuses_to_encode_ragged_frames() {
    let frame = Frame::new("")
        .with_field(Field::new("a", vec![1.0]))
        .with_field(Field::new("b", vec![1.0, 2.0]));
    let error = serde_json::to_string(&frame).expect_err("ragged");
    assert!(error.to_string().contains("field \"b\" has 2 values"));
}

#[test]
fn shared_time_columns_are_written_like_any_other() {
    let times = |offset: i64| {
        Field::new(
            "Time",
            vec![
                Timestamp::from_millis(1_000 + offset),
                Timestamp::from_millis(2_000 + offset),
            ],
        )
    };
    let series = |time: Field, value: f64| {
        Frame::new("")
            .with_field(time)
            .with_field(Field::new("v", vec![value, -value]))
    };
    let nanos = Field::new(
        "Time",
        vec![
            Timestamp::from_nanos(1_000_000_001),
            Timestamp::from_millis(2_000),
        ],
    );
    let nullable = Field::new("Time", vec![Some(Timestamp::from_millis(1_000)), None]);
    let frames = vec![
        series(times(0), 1.0),
        series(times(0), 2.0),
        series(times(5), 3.0),
        series(nanos.clone(), 4.0),
        series(nanos, 5.0),
        series(nullable, 6.0),
        series(times(5), 7.0),
    ];
    let mut answer = QueryDataResponse::default();
    answer.insert("A", DataResponse::ok(frames.clone()));
    let written: Value =
        serde_json::from_slice(&answer.to_json().expect("writes").to_vec()).expect("json");
    let written = &written["results"]["A"]["frames"];
    let expected_times = [
        json!([1000, 2000]),
        json!([1000, 2000]),
        json!([1005, 2005]),
        json!([1000, 2000]),
        json!([1000, 2000]),
        json!([1000, null]),
        json!([1005, 2005]),
    ];
    for (index, (frame, times)) in frames.iter().zip(expected_times).enumerate() {
        assert_eq!(written[index], encode(frame), "frame {index}");
        assert_eq!(written[index]["data"]["values"][0], times, "frame {index}");
    }
    assert_eq!(written[4]["data"]["nanos"], json!([[1, 0], null]));
    assert_eq!(written[5]["data"].get("nanos"), None);
}

#[test]
fn the_writer_and_serde_give_the_same_text() {
    let frame = Frame::new("f")
        .with_ref_id("A")
        .with_field(Field::new("t", vec![Timestamp::from_millis(-1_500)]))
        .with_field(
            Field::new("v", vec![f64::NAN])
                .with_labels([("a\"b", "é")])
                .with_config(FieldConfig {
                    interval: Some(15_000.0),
                    ..FieldConfig::default()
                }),
        );
    let mut written = Vec::new();
    frame.write_json(&mut written).expect("writes");
    assert_eq!(
        String::from_utf8(written).expect("utf-8"),
        serde_json::to_string(&frame).expect("serializes")
    );
    let mut answer = QueryDataResponse::default();
    answer.insert("A", DataResponse::ok(vec![frame]));
    answer.insert(
        "B\"",
        DataResponse::error(502, "upstream \"down\"", ErrorSource::Downstream),
    );
    assert_eq!(
        answer.to_json().expect("writes").to_vec(),
        serde_json::to_vec(&answer).expect("serializes")
    );
}

#[test]
fn integral_floats_are_integers_only_while_exact() {
    let values = vec![
        0.0,
        -0.0,
        42.0,
        -7.0,
        9_007_199_254_740_991.0,
        9_007_199_254_740_992.0,
        -9_007_199_254_740_992.0,
        1e21,
        9.223_372_036_854_776e18,
        0.5,
        1e-7,
    ];
    let frame = Frame::new("").with_field(Field::new("v", values));
    let text = serde_json::to_string(&frame).expect("encodes");
    assert!(
        text.ends_with(
            r#""values":[[0,0,42,-7,9007199254740991,9007199254740992.0,-9007199254740992.0,1e+21,9.223372036854776e+18,0.5,1e-7]]}}"#
        ),
        "{text}"
    );
}

#[test]
fn encoded_columns_are_written_as_their_text_and_read_as_their_cells() {
    let text = bytes::Bytes::from_static(b"[1735689600000,1735689615000][0.5,null,null]");
    let times = EncodedCells::new(text.clone(), 0..29, 2, NonFinite::default());
    let non_finite = NonFinite {
        nan: vec![1],
        ..NonFinite::default()
    };
    let values = EncodedCells::new(text, 29..44, 3, non_finite);
    let lazy = |times: &EncodedCells, values: &EncodedCells| {
        Frame::new("")
            .with_field(Field::new(
                "Time",
                FieldValues::Time(Column::encoded(times.clone(), false)),
            ))
            .with_field(Field::new(
                "Value",
                FieldValues::Float64(Column::encoded(values.clone(), false)),
            ))
    };
    // Three times, two values: refused like any frame whose fields differ in length.
    assert!(serde_json::to_string(&lazy(&times, &values)).is_err());

    let values = EncodedCells::new(
        values_text(),
        0..10,
        2,
        NonFinite {
            neg_inf: vec![1],
            ..NonFinite::default()
        },
    );
    let written = encode(&lazy(&times, &values));
    let eager = Frame::new("")
        .with_field(Field::new(
            "Time",
            vec![
                Timestamp::from_millis(1_735_689_600_000),
                Timestamp::from_millis(1_735_689_615_000),
            ],
        ))
        .with_field(Field::new("Value", vec![0.5, f64::NEG_INFINITY]));
    assert_eq!(written, encode(&eager));
    assert_eq!(written["data"]["entities"], json!([null, {"NegInf": [1]}]));
    // Read, the cells are the same as the eager frame's.
    assert_eq!(lazy(&times, &values), eager);
}

#[test]
fn an_answer_passes_large_encoded_columns_on_without_copying_them() {
    let times: Vec<String> = (0..100)
        .map(|row| (1_735_689_600_000_i64 + row * 15_000).to_string())
        .collect();
    let values = format!("[{}]", vec!["0.5"; 100].join(","));
    let text = format!("[{}]{values}", times.join(","));
    let split = text.len() - values.len();
    let text = bytes::Bytes::from(text.into_bytes());
    let frame = |ref_id: &str| {
        Frame::new("")
            .with_ref_id(ref_id)
            .with_field(Field::new(
                "Time",
                FieldValues::Time(Column::encoded(
                    EncodedCells::new(text.clone(), 0..split, 100, NonFinite::default()),
                    false,
                )),
            ))
            .with_field(Field::new(
                "Value",
                FieldValues::Float64(Column::encoded(
                    EncodedCells::new(text.clone(), split..text.len(), 100, NonFinite::default()),
                    false,
                )),
            ))
    };
    let mut answer = QueryDataResponse::default();
    answer.insert("A", DataResponse::ok(vec![frame("A"), frame("A")]));
    answer.insert("B", DataResponse::error(400, "bad", ErrorSource::Plugin));
    let json = answer.to_json().expect("writes");
    // The same text as serde's (which copies every column), and as long as announced.
    let whole = json.to_vec();
    assert_eq!(whole.len(), json.len());
    assert_eq!(whole, serde_json::to_vec(&answer).expect("serializes"));
    // The long time columns are the shared text itself; the short value columns (and
    // everything else) were written into the buffer.
    let chunks = json.into_chunks();
    let shared: Vec<&bytes::Bytes> = chunks
        .iter()
        .filter(|chunk| chunk.as_ptr() == text.as_ptr())
        .collect();
    assert_eq!(shared.len(), 2);
    assert!(shared.iter().all(|chunk| chunk.len() == split));
    assert_eq!(chunks.len(), 5);
}

fn values_text() -> bytes::Bytes {
    bytes::Bytes::from_static(b"[0.5,null]")
}
