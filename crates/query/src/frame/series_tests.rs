//! Table tests of the time series helpers and long/wide conversions.

use pretty_assertions::assert_eq;

use super::series::{SeriesSchema, SeriesShape};
use super::*;

fn ms(values: &[i64]) -> Vec<Timestamp> {
    values.iter().map(|v| Timestamp::from_millis(*v)).collect()
}

fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| v.to_string()).collect()
}

fn labels(pairs: &[(&str, &str)]) -> Labels {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// time | host | dc | value : the shape a SQL query returns.
fn long_frame() -> Frame {
    Frame::new("q")
        .with_ref_id("A")
        .with_field(Field::new("time", ms(&[1, 1, 2, 3, 3])))
        .with_field(Field::new("host", strings(&["b", "a", "a", "b", "a"])))
        .with_field(Field::new("up", vec![true, true, true, false, true]))
        .with_field(Field::new("value", vec![10.0, 20.0, 21.0, 11.0, 22.0]))
}

#[test]
fn time_series_frame_is_one_labelled_series() {
    let frame = time_series_frame(
        "cpu",
        labels(&[("job", "node")]),
        [
            (Timestamp::from_millis(1), Some(0.5)),
            (Timestamp::from_millis(2), None),
        ],
    );
    let written = serde_json::to_value(&frame).expect("encodes");
    assert_eq!(
        written,
        serde_json::json!({
            "schema": {
                "name": "cpu",
                "meta": {"type": "timeseries-multi", "typeVersion": [0, 1]},
                "fields": [
                    {"name": "Time", "type": "time", "typeInfo": {"frame": "time.Time"}},
                    {"name": "Value", "type": "number",
                     "typeInfo": {"frame": "float64", "nullable": true},
                     "labels": {"job": "node"}}
                ]
            },
            "data": {"values": [[1, 2], [0.5, null]]}
        })
    );
}

#[test]
fn shapes_are_told_apart() {
    let cases = [
        (long_frame(), SeriesShape::Long),
        (
            Frame::new("")
                .with_field(Field::new("t", ms(&[1])))
                .with_field(Field::new("v", vec![1i64])),
            SeriesShape::Wide,
        ),
        (
            Frame::new("").with_field(Field::new("v", vec![1.0])),
            SeriesShape::Not,
        ),
        (
            Frame::new("")
                .with_field(Field::new("t", ms(&[1])))
                .with_field(Field::new("s", strings(&["x"]))),
            SeriesShape::Not,
        ),
    ];
    for (frame, shape) in cases {
        assert_eq!(SeriesSchema::of(&frame).shape, shape, "{frame:?}");
    }
}

#[test]
fn long_to_wide_makes_one_field_per_label_set() {
    let wide = long_to_wide(&long_frame(), FillMissing::Null).expect("converts");
    let expected = Frame::new("q")
        .with_ref_id("A")
        .with_meta(FrameMeta::typed(frame_types::TIMESERIES_WIDE, [0, 1]))
        .with_field(Field::new("time", ms(&[1, 2, 3])))
        .with_field(
            Field::new("value", vec![Some(20.0), Some(21.0), Some(22.0)])
                .with_labels([("host", "a"), ("up", "true")]),
        )
        .with_field(
            Field::new("value", vec![None, None, Some(11.0)])
                .with_labels([("host", "b"), ("up", "false")]),
        )
        .with_field(
            Field::new("value", vec![Some(10.0), None, None])
                .with_labels([("host", "b"), ("up", "true")]),
        );
    assert_eq!(wide, expected);
}

#[test]
fn long_to_wide_fills_missing_cells() {
    let long = Frame::new("")
        .with_field(Field::new("time", ms(&[1, 2, 2, 3])))
        .with_field(Field::new("host", strings(&["a", "a", "b", "a"])))
        .with_field(Field::new("v", vec![1i64, 2, 5, 3]));
    let cases = [
        (FillMissing::Null, vec![None, Some(5i64), None]),
        (FillMissing::Previous, vec![None, Some(5i64), Some(5)]),
    ];
    for (fill, expected_b) in cases {
        let wide = long_to_wide(&long, fill).expect("converts");
        assert_eq!(wide.fields[2].label_set(), &labels(&[("host", "b")]));
        assert_eq!(wide.fields[2].values, expected_b.into(), "{fill:?}");
    }
    let wide = long_to_wide(&long, FillMissing::Value(-1.9)).expect("converts");
    assert_eq!(wide.fields[1].values, vec![1i64, 2, 3].into());
    assert_eq!(wide.fields[2].values, vec![-1i64, 5, -1].into());
}

#[test]
fn long_to_wide_refuses_what_it_cannot_convert() {
    let unsorted = Frame::new("")
        .with_field(Field::new("time", ms(&[2, 1])))
        .with_field(Field::new("host", strings(&["a", "a"])))
        .with_field(Field::new("v", vec![1.0, 2.0]));
    let null_time = Frame::new("")
        .with_field(Field::new(
            "time",
            vec![Some(Timestamp::from_millis(1)), None],
        ))
        .with_field(Field::new("host", strings(&["a", "a"])))
        .with_field(Field::new("v", vec![1.0, 2.0]));
    let wide = Frame::new("")
        .with_field(Field::new("time", ms(&[1])))
        .with_field(Field::new("v", vec![1.0]));
    let empty = Frame::new("")
        .with_field(Field::new("time", ms(&[])))
        .with_field(Field::new("host", strings(&[])))
        .with_field(Field::new("v", Vec::<f64>::new()));
    let cases = [
        (unsorted, FrameError::UnsortedTime { row: 1 }),
        (null_time, FrameError::NullTime { row: 1 }),
        (
            wide,
            FrameError::WrongSeriesShape {
                wanted: "wide",
                expected: "long",
                found: "wide",
            },
        ),
        (empty, FrameError::NoRows),
    ];
    for (frame, error) in cases {
        assert_eq!(long_to_wide(&frame, FillMissing::Null), Err(error));
    }
}

#[test]
fn wide_to_long_makes_one_row_per_label_set() {
    let wide = Frame::new("w")
        .with_field(Field::new("time", ms(&[1, 2])))
        .with_field(Field::new("cpu", vec![1.0, 2.0]).with_labels([("host", "b")]))
        .with_field(Field::new("cpu", vec![3.0, 4.0]).with_labels([("host", "a"), ("dc", "x")]))
        .with_field(Field::new("mem", vec![5.0, 6.0]).with_labels([("host", "b")]));
    let long = wide_to_long(&wide).expect("converts");
    // Label sets ordered by their key JSON: [["dc","x"],["host","a"]] < [["host","b"]].
    let expected = Frame::new("w")
        .with_meta(FrameMeta {
            frame_type: Some(frame_types::TIMESERIES_LONG.into()),
            ..FrameMeta::default()
        })
        .with_field(Field::new("time", ms(&[1, 1, 2, 2])))
        .with_field(Field::new("cpu", vec![3.0, 1.0, 4.0, 2.0]))
        .with_field(Field::new("mem", vec![None, Some(5.0), None, Some(6.0)]))
        .with_field(Field::new("dc", strings(&["x", "", "x", ""])))
        .with_field(Field::new("host", strings(&["a", "b", "a", "b"])));
    assert_eq!(long, expected);

    let back = long_to_wide(&long, FillMissing::Null).expect("converts back");
    assert_eq!(
        back.fields.len(),
        1 + 2 * 2,
        "time + (cpu, mem) per label set"
    );
}

#[test]
fn wide_to_long_refuses_conflicting_types() {
    let wide = Frame::new("")
        .with_field(Field::new("time", ms(&[1])))
        .with_field(Field::new("v", vec![1.0]).with_labels([("a", "1")]))
        .with_field(Field::new("v", vec![1i64]).with_labels([("a", "2")]));
    assert_eq!(
        wide_to_long(&wide),
        Err(FrameError::TypeConflict {
            name: "v".into(),
            first: "float64",
            second: "int64"
        })
    );
}

#[test]
fn long_to_wide_refuses_duplicate_factor_names() {
    let long = Frame::new("")
        .with_field(Field::new("time", ms(&[1])))
        .with_field(Field::new("host", strings(&["a"])))
        .with_field(Field::new("host", vec![true]))
        .with_field(Field::new("v", vec![1.0]));
    assert_eq!(
        long_to_wide(&long, FillMissing::Null),
        Err(FrameError::DuplicateFactor {
            name: "host".into()
        })
    );
}
