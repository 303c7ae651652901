//! Unit tests of typing and shaping, without a database.

use sightline_query::frame::{
    Column, Field, FieldType, FieldValues, FillMissing, Frame, Timestamp,
};
use sightline_query::time::TimeRange;
use sightline_query::Duration;

use super::columns::to_field;
use super::dialect::Dialect;
use super::fetch::{Cell, RawColumn};
use super::macros::FillSpec;
use super::series::{convert_time_field, epoch_precision_to_ms, time_index, to_time_series};

const T0: i64 = 1_704_067_200_000;

fn text(value: &str) -> Cell {
    Cell::Text(value.to_string())
}

fn raw(name: &str, type_name: &str, cells: Vec<Cell>) -> RawColumn {
    RawColumn {
        name: name.into(),
        type_name: type_name.into(),
        cells,
    }
}

fn times(millis: &[i64]) -> FieldValues {
    Column::nullable(
        millis
            .iter()
            .map(|ms| Some(Timestamp::from_millis(*ms)))
            .collect(),
    )
    .into()
}

#[test]
fn postgres_columns_keep_their_types() {
    let field = |type_name, cells| to_field(Dialect::Postgres, raw("c", type_name, cells));
    let int4 = field("INT4", vec![text("7"), Cell::Null]).expect("int4");
    assert_eq!(int4.values, Column::nullable(vec![Some(7i32), None]).into());
    let numeric = field("NUMERIC", vec![text("1.25")]).expect("numeric");
    assert_eq!(numeric.values, Column::nullable(vec![Some(1.25f64)]).into());
    let flag = field("BOOL", vec![text("t"), text("f")]).expect("bool");
    assert_eq!(
        flag.values,
        Column::nullable(vec![Some(true), Some(false)]).into()
    );
    let stamp = field("TIMESTAMPTZ", vec![text("2024-01-01 01:00:00+01")]).expect("time");
    assert_eq!(stamp.values, times(&[T0]));
    let other = field("UUID", vec![text("a-b")]).expect("text");
    assert_eq!(other.field_type(), FieldType::String);
    let error = field("INT2", vec![text("70000")]).expect_err("out of range");
    assert!(error.contains("column \"c\""), "{error}");
}

#[test]
fn mysql_and_sqlite_columns() {
    let decimal =
        to_field(Dialect::MySql, raw("d", "DECIMAL", vec![text("2.50")])).expect("decimal");
    assert_eq!(decimal.values, Column::nullable(vec![Some(2.5f64)]).into());
    let zero = to_field(
        Dialect::MySql,
        raw(
            "t",
            "DATETIME",
            vec![text("0000-00-00 00:00:00"), text("2024-01-01 00:00:00")],
        ),
    )
    .expect("datetime");
    assert_eq!(
        zero.values,
        Column::nullable(vec![None, Some(Timestamp::from_millis(T0))]).into()
    );
    let mixed = to_field(
        Dialect::Sqlite,
        raw(
            "v",
            "NULL",
            vec![Cell::Integer(1), Cell::Real(1.5), Cell::Null],
        ),
    )
    .expect("reals");
    assert_eq!(
        mixed.values,
        Column::nullable(vec![Some(1.0), Some(1.5), None]).into()
    );
    let dated = to_field(
        Dialect::Sqlite,
        raw("t", "DATETIME", vec![text("2024-01-01 00:00:00")]),
    )
    .expect("datetime");
    assert_eq!(dated.values, times(&[T0]));
}

#[test]
fn epoch_precision_is_guessed_from_magnitude() {
    assert_eq!(epoch_precision_to_ms(1_704_067_200.0), 1_704_067_200_000.0);
    assert_eq!(
        epoch_precision_to_ms(1_704_067_200_000.0),
        1_704_067_200_000.0
    );
    assert_eq!(
        epoch_precision_to_ms(1_704_067_200_000_000_000.0),
        1_704_067_200_000.0
    );
}

#[test]
fn numeric_time_columns_become_time() {
    let mut frame = Frame::default()
        .with_field(Field::new("time_sec", vec![Some(1_704_067_200i64), None]))
        .with_field(Field::new("time", vec![Some(T0 as f64), None]));
    let index = time_index(&frame, Dialect::MySql.time_column_names());
    assert_eq!(index, Some(1));
    convert_time_field(&mut frame, 0).expect("converts");
    assert_eq!(
        frame.fields[0].values,
        Column::nullable(vec![Some(Timestamp::from_millis(T0)), None]).into()
    );
    let mut words = Frame::default().with_field(Field::new("time", vec!["soon".to_string()]));
    assert_eq!(
        convert_time_field(&mut words, 0),
        Err("unable to convert data to a time field".to_string())
    );
}

/// A long result: times 0, 0, 60 s with series a and b (b missing at 60 s).
fn long_frame() -> Frame {
    Frame::default()
        .with_field(Field::new("time", times(&[T0, T0, T0 + 60_000])))
        .with_field(Field::new(
            "value",
            Column::nullable(vec![Some(1i64), Some(2), Some(3)]),
        ))
        .with_field(Field::new(
            "metric",
            Column::nullable(vec![
                Some("a".to_string()),
                Some("b".into()),
                Some("a".into()),
            ]),
        ))
}

#[test]
fn long_results_become_wide_named_by_metric() {
    let range = TimeRange::new(T0, T0 + 60_000).expect("range");
    let wide = to_time_series(long_frame(), 0, None, &range).expect("wide");
    let names: Vec<&str> = wide.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["Time", "a", "b"]);
    assert!(wide.fields.iter().all(|f| f.labels.is_none()));
    assert_eq!(
        wide.fields[0].values,
        Column::required(vec![
            Timestamp::from_millis(T0),
            Timestamp::from_millis(T0 + 60_000)
        ])
        .into()
    );
    assert_eq!(
        wide.fields[1].values,
        Column::nullable(vec![Some(1.0), Some(3.0)]).into()
    );
    assert_eq!(
        wide.fields[2].values,
        Column::nullable(vec![Some(2.0), None]).into()
    );
}

#[test]
fn fill_modes_insert_missing_intervals() {
    let range = TimeRange::new(T0 + 10_000, T0 + 180_000).expect("range");
    let frame = Frame::default()
        .with_field(Field::new("time", times(&[T0, T0 + 120_000])))
        .with_field(Field::new(
            "v",
            Column::nullable(vec![Some(1.0), Some(3.0)]),
        ));
    let fill = |missing| {
        let spec = FillSpec {
            interval: Duration::minutes(1),
            missing,
        };
        let filled = to_time_series(frame.clone(), 0, Some(spec), &range).expect("filled");
        assert_eq!(
            filled.fields[0].values,
            Column::required(
                [0, 60_000, 120_000, 180_000]
                    .iter()
                    .map(|ms| Timestamp::from_millis(T0 + ms))
                    .collect()
            )
            .into()
        );
        filled.fields[1].values.clone()
    };
    let values = |cells: Vec<Option<f64>>| FieldValues::from(Column::nullable(cells));
    assert_eq!(
        fill(FillMissing::Null),
        values(vec![Some(1.0), None, Some(3.0), None])
    );
    assert_eq!(
        fill(FillMissing::Previous),
        values(vec![Some(1.0), Some(1.0), Some(3.0), Some(3.0)])
    );
    assert_eq!(
        fill(FillMissing::Value(0.5)),
        values(vec![Some(1.0), Some(0.5), Some(3.0), Some(0.5)])
    );
}
