//! The reduce command (`type: reduce`): each series of the input becomes one number with the
//! series' labels, as Grafana's `mathexp` reducers compute it.
//!
//! Modes (`settings.mode`):
//! - strict (`""`, the default): a null or NaN point makes `sum`, `mean`, `min`, `max` and
//!   `median` NaN; `last` is the last point as it is (possibly null); `count` counts points.
//! - `dropNN`: null, NaN and ±Inf points are dropped first; a NaN result becomes null.
//! - `replaceNN`: those points are replaced by `replaceWithValue`, as is a NaN result.
//!
//! An empty series reduces to NaN, except `sum` (0) and `count` (0). A number input passes
//! through (mapped by the mode, and dropped when `dropNN` drops its value); no data stays no
//! data.

use super::value::{is_number, Number, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reducer {
    Sum,
    Mean,
    Min,
    Max,
    Count,
    Last,
    Median,
}

impl Reducer {
    /// From the model's `reducer` (case-insensitive, as Grafana lowercases it).
    pub fn parse(name: &str) -> Option<Self> {
        Some(match name.to_ascii_lowercase().as_str() {
            "sum" => Reducer::Sum,
            "mean" => Reducer::Mean,
            "min" => Reducer::Min,
            "max" => Reducer::Max,
            "count" => Reducer::Count,
            "last" => Reducer::Last,
            "median" => Reducer::Median,
            _ => return None,
        })
    }

    /// Strict reduction of `cells`.
    pub fn reduce(self, cells: &[Option<f64>]) -> Option<f64> {
        match self {
            Reducer::Count => return Some(cells.len() as f64),
            Reducer::Last => return cells.last().copied().unwrap_or(Some(f64::NAN)),
            _ => {}
        }
        let Some(values) = cells
            .iter()
            .map(|c| c.filter(|v| !v.is_nan()))
            .collect::<Option<Vec<f64>>>()
        else {
            return Some(f64::NAN);
        };
        let value = match self {
            Reducer::Sum => values.iter().sum(),
            Reducer::Mean => values.iter().sum::<f64>() / values.len() as f64,
            Reducer::Min => fold_or_nan(&values, f64::min),
            Reducer::Max => fold_or_nan(&values, f64::max),
            Reducer::Median => median(values),
            Reducer::Count | Reducer::Last => f64::NAN,
        };
        Some(value)
    }
}

fn fold_or_nan(values: &[f64], pick: fn(f64, f64) -> f64) -> f64 {
    values.iter().copied().reduce(pick).unwrap_or(f64::NAN)
}

/// The middle value, or the mean of the two middle ones; NaN for none.
pub(crate) fn median(mut values: Vec<f64>) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len().is_multiple_of(2) {
        (values[mid - 1] + values[mid]) / 2.0
    } else {
        values[mid]
    }
}

/// How points that are not numbers are treated.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ReduceMode {
    Strict,
    DropNonNumbers,
    ReplaceNonNumbers(f64),
}

impl ReduceMode {
    /// A point after the mode's mapping; `None` means dropped.
    fn map_input(self, cell: Option<f64>) -> Option<Option<f64>> {
        match self {
            ReduceMode::Strict => Some(cell),
            ReduceMode::DropNonNumbers => is_number(cell).then_some(cell),
            ReduceMode::ReplaceNonNumbers(with) => {
                Some(if is_number(cell) { cell } else { Some(with) })
            }
        }
    }

    fn map_output(self, cell: Option<f64>) -> Option<f64> {
        match (self, cell) {
            (ReduceMode::DropNonNumbers, Some(v)) if v.is_nan() => None,
            (ReduceMode::ReplaceNonNumbers(with), Some(v)) if v.is_nan() => Some(with),
            _ => cell,
        }
    }
}

/// Reduces every series of `input`.
pub fn reduce_values(input: &[Value], reducer: Reducer, mode: ReduceMode) -> Vec<Value> {
    let mut output = Vec::with_capacity(input.len());
    for value in input {
        match value {
            Value::Series(series) => {
                let cells: Vec<Option<f64>> = series
                    .points
                    .iter()
                    .filter_map(|(_, v)| mode.map_input(*v))
                    .collect();
                let reduced = mode.map_output(reducer.reduce(&cells));
                output.push(Value::Number(Number::new(series.labels.clone(), reduced)));
            }
            Value::Number(number) => {
                if let Some(cell) = mode.map_input(number.value) {
                    output.push(Value::Number(Number::new(number.labels.clone(), cell)));
                }
            }
            Value::Scalar(cell) => {
                if let Some(cell) = mode.map_input(*cell) {
                    output.push(Value::Number(Number::new(None, cell)));
                }
            }
            Value::NoData => output.push(Value::NoData),
        }
    }
    output
}
