//! Builders for expression tests.

use crate::frame::{Labels, Timestamp};

use super::value::{Number, Series, Value};

pub(crate) fn labels(pairs: &[(&str, &str)]) -> Labels {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// A number with its labels set (even when `pairs` is empty), as a Prometheus query's.
pub(crate) fn number(pairs: &[(&str, &str)], value: Option<f64>) -> Value {
    Value::Number(Number::new(Some(labels(pairs)), value))
}

/// A number without labels at all, as a classic condition's.
pub(crate) fn unlabelled_number(value: Option<f64>) -> Value {
    Value::Number(Number::new(None, value))
}

/// A series with its labels set (even when `pairs` is empty), as a Prometheus query's, with
/// points at the given epoch seconds.
pub(crate) fn series(pairs: &[(&str, &str)], points: &[(i64, Option<f64>)]) -> Value {
    labelled_series(Some(labels(pairs)), points)
}

/// A series without labels at all, as a SQL query's without string columns.
pub(crate) fn unlabelled_series(points: &[(i64, Option<f64>)]) -> Value {
    labelled_series(None, points)
}

fn labelled_series(labels: Option<Labels>, points: &[(i64, Option<f64>)]) -> Value {
    let points = points
        .iter()
        .map(|(s, v)| (Timestamp::from_millis(s * 1000), *v))
        .collect();
    Value::Series(Series::new(labels, points))
}

/// Compares values treating NaN as equal to NaN.
pub(crate) fn same(left: &[Value], right: &[Value]) -> bool {
    fn cell(a: Option<f64>, b: Option<f64>) -> bool {
        match (a, b) {
            (Some(x), Some(y)) => (x.is_nan() && y.is_nan()) || x == y,
            (None, None) => true,
            _ => false,
        }
    }
    left.len() == right.len()
        && left.iter().zip(right).all(|(a, b)| match (a, b) {
            (Value::Scalar(x), Value::Scalar(y)) => cell(*x, *y),
            (Value::Number(x), Value::Number(y)) => x.labels == y.labels && cell(x.value, y.value),
            (Value::Series(x), Value::Series(y)) => {
                x.labels == y.labels
                    && x.points.len() == y.points.len()
                    && x.points
                        .iter()
                        .zip(&y.points)
                        .all(|(p, q)| p.0 == q.0 && cell(p.1, q.1))
            }
            (Value::NoData, Value::NoData) => true,
            _ => false,
        })
}

#[track_caller]
pub(crate) fn assert_same(actual: &[Value], expected: &[Value], context: &str) {
    assert!(
        same(actual, expected),
        "{context}\n  actual:   {actual:?}\n  expected: {expected:?}"
    );
}
