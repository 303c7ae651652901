//! Classic conditions (`type: classic_conditions`), the legacy alerting rule shape
//! `avg(A) > 5 AND max(B) < 10`, as Grafana's `expr/classic` evaluates it.
//!
//! Each condition reduces every series of its query (numbers are taken as they are, no
//! data is a null) and fires when any value passes its evaluator. A condition is *no data*
//! when every value is null after reduction (or its query returned nothing and the
//! evaluator is not `no_value`, which fires then). Conditions combine left to right with the
//! operator of the later condition (`and`/`or`, no precedence), for firing and for no data
//! alike. The result is one unlabelled number: null when no data, else 1 firing, 0 not.
//!
//! Classic reducers ignore null and NaN points: `avg`, `sum`, `min`, `max`, `last`,
//! `median`, `count_non_null`, `diff`/`diff_abs`/`percent_diff`/`percent_diff_abs` (newest
//! against oldest number); `count` counts all points. An empty series, or one without a
//! number, reduces to null (`count` and `count_non_null` of such a series too, except that
//! `count` of a non-empty series is its length).

use super::reduce::median;
use super::value::{Number, Value};
use super::ExpressionError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClassicReducer {
    Avg,
    Sum,
    Min,
    Max,
    Count,
    Last,
    Median,
    Diff,
    DiffAbs,
    PercentDiff,
    PercentDiffAbs,
    CountNonNull,
}

impl ClassicReducer {
    pub fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "avg" => ClassicReducer::Avg,
            "sum" => ClassicReducer::Sum,
            "min" => ClassicReducer::Min,
            "max" => ClassicReducer::Max,
            "count" => ClassicReducer::Count,
            "last" => ClassicReducer::Last,
            "median" => ClassicReducer::Median,
            "diff" => ClassicReducer::Diff,
            "diff_abs" => ClassicReducer::DiffAbs,
            "percent_diff" => ClassicReducer::PercentDiff,
            "percent_diff_abs" => ClassicReducer::PercentDiffAbs,
            "count_non_null" => ClassicReducer::CountNonNull,
            _ => return None,
        })
    }

    /// The reduced value of a series' cells; `None` when there is nothing to reduce.
    pub fn reduce(self, cells: &[Option<f64>]) -> Option<f64> {
        if cells.is_empty() {
            return None;
        }
        let numbers: Vec<f64> = cells
            .iter()
            .filter_map(|c| c.filter(|v| !v.is_nan()))
            .collect();
        if self == ClassicReducer::Count {
            return Some(cells.len() as f64);
        }
        let (&oldest, &newest) = (numbers.first()?, numbers.last()?);
        let value = match self {
            ClassicReducer::Avg => numbers.iter().sum::<f64>() / numbers.len() as f64,
            ClassicReducer::Sum => numbers.iter().sum(),
            ClassicReducer::Min => numbers.iter().copied().fold(f64::MAX, f64::min),
            ClassicReducer::Max => numbers.iter().copied().fold(-f64::MAX, f64::max),
            ClassicReducer::Last => newest,
            ClassicReducer::Median => median(numbers.clone()),
            ClassicReducer::CountNonNull => numbers.len() as f64,
            // With one number Grafana compares nothing and reports 0.
            _ if numbers.len() < 2 => 0.0,
            ClassicReducer::Diff => newest - oldest,
            ClassicReducer::DiffAbs => (newest - oldest).abs(),
            ClassicReducer::PercentDiff => (newest - oldest) / oldest.abs() * 100.0,
            ClassicReducer::PercentDiffAbs => ((newest - oldest) / oldest * 100.0).abs(),
            ClassicReducer::Count => cells.len() as f64,
        };
        Some(value)
    }
}

/// What a condition checks the reduced value against.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ClassicEvaluator {
    /// `gt`, `lt`, `eq`, `ne`, `gte`, `lte` and the value compared with.
    Threshold(&'static str, f64),
    /// `within_range`, `outside_range` and their `_included` forms; the bounds in either
    /// order.
    Range(&'static str, f64, f64),
    /// Fires when the value is null.
    NoValue,
}

const THRESHOLD_KINDS: [&str; 6] = ["gt", "lt", "eq", "ne", "gte", "lte"];
const RANGE_KINDS: [&str; 4] = [
    "within_range",
    "outside_range",
    "within_range_included",
    "outside_range_included",
];

impl ClassicEvaluator {
    pub fn new(kind: &str, params: &[f64]) -> Result<Self, String> {
        if kind == "no_value" {
            return Ok(ClassicEvaluator::NoValue);
        }
        if let Some(kind) = THRESHOLD_KINDS.iter().find(|k| **k == kind) {
            let threshold = params
                .first()
                .ok_or_else(|| format!("evaluator '{kind}' is missing the threshold parameter"))?;
            return Ok(ClassicEvaluator::Threshold(kind, *threshold));
        }
        if let Some(kind) = RANGE_KINDS.iter().find(|k| **k == kind) {
            let [lower, upper] = params else {
                return Err(format!("ranged evaluator '{kind}' requires 2 parameters"));
            };
            return Ok(ClassicEvaluator::Range(kind, *lower, *upper));
        }
        Err(format!("invalid evaluator type {kind:?}"))
    }

    pub fn eval(self, cell: Option<f64>) -> bool {
        let Some(x) = cell else {
            return self == ClassicEvaluator::NoValue;
        };
        match self {
            ClassicEvaluator::NoValue => false,
            ClassicEvaluator::Threshold(kind, v) => match kind {
                "gt" => x > v,
                "lt" => x < v,
                "eq" => x == v,
                "ne" => x != v,
                "gte" => x >= v,
                "lte" => x <= v,
                _ => false,
            },
            ClassicEvaluator::Range(kind, lower, upper) => {
                let (low, high) = (lower.min(upper), lower.max(upper));
                match kind {
                    "within_range" => low < x && x < high,
                    "outside_range" => x < low || x > high,
                    "within_range_included" => low <= x && x <= high,
                    "outside_range_included" => x <= low || x >= high,
                    _ => false,
                }
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operator {
    And,
    Or,
}

/// One condition: `reducer(query) evaluator`, joined to the ones before it by `operator`.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassicCondition {
    pub query: String,
    pub reducer: ClassicReducer,
    pub evaluator: ClassicEvaluator,
    pub operator: Operator,
}

/// Whether a condition fires and whether it has no data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Outcome {
    firing: bool,
    no_data: bool,
}

impl ClassicCondition {
    fn outcome(&self, input: &[Value]) -> Result<Outcome, ExpressionError> {
        if input.is_empty() {
            return Ok(Outcome {
                firing: self.evaluator == ClassicEvaluator::NoValue,
                no_data: self.evaluator != ClassicEvaluator::NoValue,
            });
        }
        let mut firing = false;
        let mut nulls = 0;
        for value in input {
            let reduced = match value {
                Value::NoData => None,
                Value::Number(number) => number.value,
                Value::Scalar(cell) => *cell,
                Value::Series(series) => {
                    let cells: Vec<Option<f64>> = series.points.iter().map(|p| p.1).collect();
                    self.reducer.reduce(&cells)
                }
            };
            if self.evaluator.eval(reduced) {
                firing = true;
            } else if reduced.is_none() {
                nulls += 1;
            }
        }
        Ok(Outcome {
            firing,
            no_data: nulls == input.len(),
        })
    }
}

/// Evaluates the conditions over the values of their queries (`input_of` gives them by
/// `refId`); the result is one number (see the module documentation).
pub fn evaluate_classic(
    conditions: &[ClassicCondition],
    input_of: impl Fn(&str) -> Result<Vec<Value>, ExpressionError>,
) -> Result<Vec<Value>, ExpressionError> {
    let mut combined: Option<Outcome> = None;
    for condition in conditions {
        let outcome = condition.outcome(&input_of(&condition.query)?)?;
        combined = Some(match combined {
            None => outcome,
            Some(before) => match condition.operator {
                Operator::And => Outcome {
                    firing: before.firing && outcome.firing,
                    no_data: before.no_data && outcome.no_data,
                },
                Operator::Or => Outcome {
                    firing: before.firing || outcome.firing,
                    no_data: before.no_data || outcome.no_data,
                },
            },
        });
    }
    let value = match combined {
        Some(Outcome { no_data: true, .. }) => None,
        Some(Outcome { firing: true, .. }) => Some(1.0),
        _ => Some(0.0),
    };
    Ok(vec![Value::Number(Number::new(None, value))])
}
