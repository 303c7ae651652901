//! The values expressions compute with, as Grafana's `mathexp` types them: a [`Value::Scalar`]
//! (an unlabelled constant), a [`Number`] (one labelled value), a [`Series`] (labelled
//! time/value points) and [`Value::NoData`]. A query or expression result is a list of them.
//!
//! Labels are optional as Go's maps are nil or not: `None` where Grafana's are nil (a SQL
//! series without string columns, a classic condition, the result of pairing a value
//! without labels with a scalar), `Some` where they are set, even empty (Prometheus and
//! TestData series, and what is computed from them alone). The answer writes `"labels"`
//! for the latter only, as Grafana's does.

use crate::frame::{Labels, Timestamp};

/// One labelled value; `None` is null.
#[derive(Debug, Clone, PartialEq)]
pub struct Number {
    pub labels: Option<Labels>,
    pub value: Option<f64>,
}

impl Number {
    pub fn new(labels: Option<Labels>, value: Option<f64>) -> Self {
        Self { labels, value }
    }
}

/// One point of a series; a `None` value is null.
pub type Point = (Timestamp, Option<f64>);

/// A labelled time series, its points in the order the input gave them.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub labels: Option<Labels>,
    pub points: Vec<Point>,
}

impl Series {
    pub fn new(labels: Option<Labels>, points: Vec<Point>) -> Self {
        Self { labels, points }
    }

    /// The same labels and times with every value passed through `map`.
    pub fn map_values(&self, map: impl Fn(Option<f64>) -> Option<f64>) -> Series {
        Series {
            labels: self.labels.clone(),
            points: self.points.iter().map(|(t, v)| (*t, map(*v))).collect(),
        }
    }
}

/// One item of a result.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A constant written in a math expression (or `nan()`, `null()`, ...): no labels.
    Scalar(Option<f64>),
    Number(Number),
    Series(Series),
    /// The input had no data.
    NoData,
}

impl Value {
    /// The labels of a number or series when set; none for scalars and no data.
    pub fn labels(&self) -> Option<&Labels> {
        match self {
            Value::Number(number) => number.labels.as_ref(),
            Value::Series(series) => series.labels.as_ref(),
            Value::Scalar(_) | Value::NoData => None,
        }
    }

    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Scalar(_) => "scalar",
            Value::Number(_) => "number",
            Value::Series(_) => "series",
            Value::NoData => "no data",
        }
    }
}

/// Whether `value` is a real number: not null, NaN or infinite.
pub(crate) fn is_number(value: Option<f64>) -> bool {
    value.is_some_and(f64::is_finite)
}
