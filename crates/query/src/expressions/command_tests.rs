//! Table tests of reduce, resample, threshold and classic conditions.

use super::classic::{
    evaluate_classic, ClassicCondition, ClassicEvaluator, ClassicReducer, Operator,
};
use super::reduce::{reduce_values, ReduceMode, Reducer};
use super::resample::{Resample, Upsampler};
use super::test_support::{assert_same, number, series};
use super::threshold::Predicate;
use super::value::Value;
use super::ExpressionError;
use crate::time::TimeRange;
use crate::Duration;

const NAN: f64 = f64::NAN;

/// Reducer, points, mode, expected result.
type ReduceCase<'a> = (Reducer, &'a [Option<f64>], ReduceMode, Option<f64>);
/// Reducer, points, expected result.
type ClassicReduceCase<'a> = (ClassicReducer, &'a [Option<f64>], Option<f64>);
/// Name, conditions, values of `A`, values of `B`, expected result.
type ClassicCase = (
    &'static str,
    Vec<ClassicCondition>,
    Vec<Value>,
    Vec<Value>,
    Option<f64>,
);

#[test]
fn reduce_each_reducer_in_each_mode() {
    let clean = [Some(4.0), Some(1.0), Some(3.0), Some(2.0)];
    let dirty = [Some(4.0), None, Some(NAN), Some(f64::INFINITY), Some(2.0)];
    let cases: [ReduceCase; 24] = [
        (Reducer::Sum, &clean, ReduceMode::Strict, Some(10.0)),
        (Reducer::Mean, &clean, ReduceMode::Strict, Some(2.5)),
        (Reducer::Min, &clean, ReduceMode::Strict, Some(1.0)),
        (Reducer::Max, &clean, ReduceMode::Strict, Some(4.0)),
        (Reducer::Count, &clean, ReduceMode::Strict, Some(4.0)),
        (Reducer::Last, &clean, ReduceMode::Strict, Some(2.0)),
        (Reducer::Median, &clean, ReduceMode::Strict, Some(2.5)),
        (Reducer::Median, &clean[..3], ReduceMode::Strict, Some(3.0)),
        // strict: a null or NaN makes the result NaN; count counts; last is as it is
        (Reducer::Sum, &dirty, ReduceMode::Strict, Some(NAN)),
        (Reducer::Mean, &dirty, ReduceMode::Strict, Some(NAN)),
        (Reducer::Min, &dirty, ReduceMode::Strict, Some(NAN)),
        (Reducer::Max, &dirty, ReduceMode::Strict, Some(NAN)),
        (Reducer::Median, &dirty, ReduceMode::Strict, Some(NAN)),
        (Reducer::Count, &dirty, ReduceMode::Strict, Some(5.0)),
        (Reducer::Last, &dirty[..2], ReduceMode::Strict, None),
        // dropNN: null, NaN and Inf are dropped
        (Reducer::Sum, &dirty, ReduceMode::DropNonNumbers, Some(6.0)),
        (
            Reducer::Count,
            &dirty,
            ReduceMode::DropNonNumbers,
            Some(2.0),
        ),
        (
            Reducer::Mean,
            &[None, Some(NAN)],
            ReduceMode::DropNonNumbers,
            None,
        ),
        // replaceNN: replaced by the value
        (
            Reducer::Sum,
            &dirty,
            ReduceMode::ReplaceNonNumbers(1.0),
            Some(9.0),
        ),
        (
            Reducer::Max,
            &dirty,
            ReduceMode::ReplaceNonNumbers(-1.0),
            Some(4.0),
        ),
        (
            Reducer::Mean,
            &[],
            ReduceMode::ReplaceNonNumbers(7.0),
            Some(7.0),
        ),
        // empty series
        (Reducer::Sum, &[], ReduceMode::Strict, Some(0.0)),
        (Reducer::Mean, &[], ReduceMode::Strict, Some(NAN)),
        (Reducer::Last, &[], ReduceMode::Strict, Some(NAN)),
    ];
    for (reducer, cells, mode, expected) in cases {
        let points: Vec<(i64, Option<f64>)> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| (i as i64, *c))
            .collect();
        let input = [series(&[("host", "a")], &points)];
        assert_same(
            &reduce_values(&input, reducer, mode),
            &[number(&[("host", "a")], expected)],
            &format!("{reducer:?} {mode:?} of {cells:?}"),
        );
    }
}

#[test]
fn reduce_passes_numbers_and_no_data_through() {
    let input = [
        number(&[("a", "1")], Some(2.0)),
        number(&[("a", "2")], None),
        Value::NoData,
    ];
    assert_same(
        &reduce_values(&input, Reducer::Mean, ReduceMode::Strict),
        &input,
        "strict keeps them",
    );
    assert_same(
        &reduce_values(&input, Reducer::Mean, ReduceMode::DropNonNumbers),
        &[number(&[("a", "1")], Some(2.0)), Value::NoData],
        "dropNN drops a null number",
    );
}

fn range(from_s: i64, to_s: i64) -> TimeRange {
    TimeRange::new(from_s * 1000, to_s * 1000).expect("valid range")
}

#[test]
fn resample_up_and_down() {
    let input = [series(
        &[("h", "a")],
        &[
            (0, Some(1.0)),
            (4, Some(2.0)),
            (6, Some(4.0)),
            (12, Some(8.0)),
        ],
    )];
    let grid = |values: [Option<f64>; 4]| {
        [series(
            &[("h", "a")],
            &[
                (0, values[0]),
                (5, values[1]),
                (10, values[2]),
                (15, values[3]),
            ],
        )]
    };
    let cases: [(Reducer, Upsampler, [Option<f64>; 4]); 5] = [
        (
            Reducer::Mean,
            Upsampler::FillNa,
            [Some(1.0), Some(2.0), Some(4.0), Some(8.0)],
        ),
        (
            Reducer::Last,
            Upsampler::Pad,
            [Some(1.0), Some(2.0), Some(4.0), Some(8.0)],
        ),
        (
            Reducer::Sum,
            Upsampler::FillNa,
            [Some(1.0), Some(2.0), Some(4.0), Some(8.0)],
        ),
        (
            Reducer::Max,
            Upsampler::Pad,
            [Some(1.0), Some(2.0), Some(4.0), Some(8.0)],
        ),
        (
            Reducer::Min,
            Upsampler::Backfilling,
            [Some(1.0), Some(2.0), Some(4.0), Some(8.0)],
        ),
    ];
    for (downsampler, upsampler, expected) in cases {
        let resample = Resample {
            window: Duration::seconds(5),
            downsampler,
            upsampler,
        };
        let output = resample.apply(&input, &range(0, 15)).expect("resamples");
        assert_same(
            &output,
            &grid(expected),
            &format!("{downsampler:?} {upsampler:?}"),
        );
    }

    let down = Resample {
        window: Duration::seconds(10),
        downsampler: Reducer::Mean,
        upsampler: Upsampler::FillNa,
    };
    assert_same(
        &down.apply(&input, &range(0, 20)).expect("resamples"),
        &[series(
            &[("h", "a")],
            &[(0, Some(1.0)), (10, Some(3.0)), (20, Some(8.0))],
        )],
        "downsampling by mean",
    );

    let sparse = [series(&[], &[(3, Some(5.0)), (7, Some(9.0))])];
    let up = |upsampler| Resample {
        window: Duration::seconds(2),
        downsampler: Reducer::Mean,
        upsampler,
    };
    let times = [0, 2, 4, 6, 8, 10];
    let expect = |values: [Option<f64>; 6]| {
        let points: Vec<(i64, Option<f64>)> = times.iter().copied().zip(values).collect();
        [series(&[], &points)]
    };
    let cases = [
        (
            Upsampler::Pad,
            [None, None, Some(5.0), Some(5.0), Some(9.0), Some(9.0)],
        ),
        (
            Upsampler::Backfilling,
            [Some(5.0), Some(5.0), Some(5.0), Some(9.0), Some(9.0), None],
        ),
        (
            Upsampler::FillNa,
            [None, None, Some(5.0), None, Some(9.0), None],
        ),
    ];
    for (upsampler, expected) in cases {
        assert_same(
            &up(upsampler)
                .apply(&sparse, &range(0, 10))
                .expect("resamples"),
            &expect(expected),
            &format!("upsampling with {upsampler:?}"),
        );
    }

    // A window holding one null point goes through the downsampler like any other, as in
    // Grafana: a sum of it is NaN, its last value null.
    let one_null = [series(&[], &[(5, None)])];
    let window = |downsampler| Resample {
        window: Duration::seconds(5),
        downsampler,
        upsampler: Upsampler::FillNa,
    };
    for (downsampler, expected) in [(Reducer::Sum, Some(f64::NAN)), (Reducer::Last, None)] {
        assert_same(
            &window(downsampler)
                .apply(&one_null, &range(5, 10))
                .expect("resamples"),
            &[series(&[], &[(5, expected), (10, None)])],
            &format!("one null point, {downsampler:?}"),
        );
    }
}

#[test]
fn resample_refuses_a_window_longer_than_the_range_and_numbers() {
    let resample = Resample {
        window: Duration::minutes(1),
        downsampler: Reducer::Mean,
        upsampler: Upsampler::Pad,
    };
    let error = resample
        .apply(&[series(&[], &[(0, Some(1.0))])], &range(0, 10))
        .expect_err("too short");
    assert!(error.contains("shorter than the interval"), "{error}");
    let error = resample
        .apply(&[number(&[], Some(1.0))], &range(0, 600))
        .expect_err("numbers");
    assert_eq!(error, "can only resample series, got number");
    assert_same(
        &resample
            .apply(&[Value::NoData], &range(0, 600))
            .expect("no data"),
        &[Value::NoData],
        "no data",
    );
}

#[test]
fn threshold_each_evaluator() {
    let values = [0.0, 5.0, 10.0, 15.0];
    let cases: [(&str, &[f64], [f64; 4]); 10] = [
        ("gt", &[5.0], [0.0, 0.0, 1.0, 1.0]),
        ("lt", &[5.0], [1.0, 0.0, 0.0, 0.0]),
        ("eq", &[5.0], [0.0, 1.0, 0.0, 0.0]),
        ("ne", &[5.0], [1.0, 0.0, 1.0, 1.0]),
        ("gte", &[5.0], [0.0, 1.0, 1.0, 1.0]),
        ("lte", &[5.0], [1.0, 1.0, 0.0, 0.0]),
        ("within_range", &[5.0, 15.0], [0.0, 0.0, 1.0, 0.0]),
        ("outside_range", &[5.0, 10.0], [1.0, 0.0, 0.0, 1.0]),
        ("within_range_included", &[5.0, 10.0], [0.0, 1.0, 1.0, 0.0]),
        ("outside_range_included", &[5.0, 10.0], [1.0, 1.0, 1.0, 1.0]),
    ];
    for (kind, params, expected) in cases {
        let predicate = Predicate::new(kind, params).expect(kind);
        let input: Vec<Value> = values
            .iter()
            .map(|v| number(&[("v", "x")], Some(*v)))
            .collect();
        let want: Vec<Value> = expected
            .iter()
            .map(|v| number(&[("v", "x")], Some(*v)))
            .collect();
        assert_same(&predicate.apply(&input), &want, kind);
    }
    let gt = Predicate::new("gt", &[1.0]).expect("gt");
    assert_same(
        &gt.apply(&[series(&[], &[(1, Some(2.0)), (2, None)]), Value::NoData]),
        &[series(&[], &[(1, Some(1.0)), (2, None)]), Value::NoData],
        "series keep times and nulls",
    );
    assert!(Predicate::new("within_range", &[1.0]).is_err());
    assert!(Predicate::new("between", &[1.0]).is_err());
}

fn condition(
    query: &str,
    reducer: ClassicReducer,
    evaluator: ClassicEvaluator,
    operator: Operator,
) -> ClassicCondition {
    ClassicCondition {
        query: query.to_string(),
        reducer,
        evaluator,
        operator,
    }
}

fn classic(conditions: &[ClassicCondition], a: Vec<Value>, b: Vec<Value>) -> Option<f64> {
    let output = evaluate_classic(conditions, |name| match name {
        "A" => Ok(a.clone()),
        "B" => Ok(b.clone()),
        other => Err(ExpressionError::UnknownReference(other.to_string())),
    })
    .expect("evaluates");
    match output.as_slice() {
        [Value::Number(number)] if number.labels.is_none() => number.value,
        other => panic!("classic conditions give one unlabelled number, got {other:?}"),
    }
}

#[test]
fn classic_reducers() {
    let cells = [Some(4.0), None, Some(1.0), Some(NAN), Some(3.0)];
    let cases: [ClassicReduceCase; 16] = [
        (ClassicReducer::Avg, &cells, Some(8.0 / 3.0)),
        (ClassicReducer::Sum, &cells, Some(8.0)),
        (ClassicReducer::Min, &cells, Some(1.0)),
        (ClassicReducer::Max, &cells, Some(4.0)),
        (ClassicReducer::Count, &cells, Some(5.0)),
        (ClassicReducer::CountNonNull, &cells, Some(3.0)),
        (ClassicReducer::Last, &cells, Some(3.0)),
        (ClassicReducer::Median, &cells, Some(3.0)),
        (ClassicReducer::Diff, &cells, Some(-1.0)),
        (ClassicReducer::DiffAbs, &cells, Some(1.0)),
        (ClassicReducer::PercentDiff, &cells, Some(-25.0)),
        (ClassicReducer::PercentDiffAbs, &cells, Some(25.0)),
        (ClassicReducer::Diff, &[None, Some(5.0)], Some(0.0)),
        (ClassicReducer::Avg, &[None, Some(NAN)], None),
        (ClassicReducer::CountNonNull, &[None], None),
        (ClassicReducer::Count, &[], None),
    ];
    for (reducer, cells, expected) in cases {
        let got = reducer.reduce(cells);
        let close = match (got, expected) {
            (Some(a), Some(b)) => (a - b).abs() < 1e-9,
            (a, b) => a == b,
        };
        assert!(close, "{reducer:?} of {cells:?}: {got:?} != {expected:?}");
    }
}

#[test]
fn classic_conditions_combine_left_to_right_with_no_data() {
    use ClassicEvaluator::{NoValue, Range, Threshold};
    use ClassicReducer::{Avg, Last};
    let high = vec![
        series(&[("h", "a")], &[(1, Some(10.0)), (2, Some(20.0))]),
        series(&[("h", "b")], &[(1, Some(1.0))]),
    ];
    let low = vec![number(&[("h", "a")], Some(1.0))];
    let empty = vec![series(&[], &[(1, None)])];
    let above = |q| condition(q, Avg, Threshold("gt", 5.0), Operator::And);
    let cases: Vec<ClassicCase> = vec![
        (
            "any series over fires",
            vec![above("A")],
            high.clone(),
            vec![],
            Some(1.0),
        ),
        (
            "none over",
            vec![above("A")],
            low.clone(),
            vec![],
            Some(0.0),
        ),
        (
            "and: both must fire",
            vec![above("A"), above("B")],
            high.clone(),
            low.clone(),
            Some(0.0),
        ),
        (
            "or: one is enough",
            vec![
                above("A"),
                condition("B", Last, Threshold("gt", 5.0), Operator::Or),
            ],
            low.clone(),
            high.clone(),
            Some(1.0),
        ),
        (
            "range evaluator with bounds in either order",
            vec![condition(
                "A",
                Last,
                Range("within_range", 30.0, 10.0),
                Operator::And,
            )],
            vec![number(&[], Some(20.0))],
            vec![],
            Some(1.0),
        ),
        (
            "all null is no data",
            vec![above("A")],
            empty.clone(),
            vec![],
            None,
        ),
        (
            "no values at all is no data",
            vec![above("A")],
            vec![],
            vec![],
            None,
        ),
        (
            "no data input is no data",
            vec![above("A")],
            vec![Value::NoData],
            vec![],
            None,
        ),
        (
            "no_value fires on no values",
            vec![condition("A", Avg, NoValue, Operator::And)],
            vec![],
            vec![],
            Some(1.0),
        ),
        (
            "no_value fires on null",
            vec![condition("A", Avg, NoValue, Operator::And)],
            empty.clone(),
            vec![],
            Some(1.0),
        ),
        (
            "and: no data only when both have none",
            vec![above("A"), above("B")],
            empty.clone(),
            high.clone(),
            Some(0.0),
        ),
        (
            "or: no data when either has none",
            vec![
                above("A"),
                condition("B", Avg, Threshold("gt", 5.0), Operator::Or),
            ],
            high.clone(),
            empty.clone(),
            None,
        ),
    ];
    for (name, conditions, a, b, expected) in cases {
        assert_eq!(classic(&conditions, a, b), expected, "{name}");
    }
}
