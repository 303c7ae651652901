//! The threshold command (`type: threshold`): every value of the input becomes 1 when it
//! passes the condition and 0 when not; null stays null, series keep their times.
//!
//! Evaluators (Grafana 12): `gt`, `lt`, `eq`, `ne`, `gte`, `lte` (one parameter),
//! `within_range` and `outside_range` (exclusive bounds), `within_range_included` and
//! `outside_range_included` (inclusive bounds), with two parameters `[left, right]`. Only
//! the first condition is used and exactly one is required, as in Grafana. (The recovery
//! threshold, `unloadEvaluator`, is not implemented.)

use super::value::{Number, Value};

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Predicate {
    Greater(f64),
    Less(f64),
    Equal(f64),
    NotEqual(f64),
    GreaterOrEqual(f64),
    LessOrEqual(f64),
    WithinRange(f64, f64),
    OutsideRange(f64, f64),
    WithinRangeIncluded(f64, f64),
    OutsideRangeIncluded(f64, f64),
}

impl Predicate {
    /// The predicate of evaluator `kind` with `params`; the error says what is wrong.
    pub fn new(kind: &str, params: &[f64]) -> Result<Self, String> {
        let need = |count: usize| {
            if params.len() < count {
                Err(format!(
                    "incorrect number of arguments for threshold function '{kind}': got {} but need {count}",
                    params.len()
                ))
            } else {
                Ok(())
            }
        };
        let one = |make: fn(f64) -> Predicate| need(1).map(|()| make(params[0]));
        let two = |make: fn(f64, f64) -> Predicate| need(2).map(|()| make(params[0], params[1]));
        match kind {
            "gt" => one(Predicate::Greater),
            "lt" => one(Predicate::Less),
            "eq" => one(Predicate::Equal),
            "ne" => one(Predicate::NotEqual),
            "gte" => one(Predicate::GreaterOrEqual),
            "lte" => one(Predicate::LessOrEqual),
            "within_range" => two(Predicate::WithinRange),
            "outside_range" => two(Predicate::OutsideRange),
            "within_range_included" => two(Predicate::WithinRangeIncluded),
            "outside_range_included" => two(Predicate::OutsideRangeIncluded),
            _ => Err(format!(
                "expected threshold function to be one of [gt, lt, eq, ne, gte, lte, within_range, outside_range, within_range_included, outside_range_included], got {kind:?}"
            )),
        }
    }

    pub fn eval(self, x: f64) -> bool {
        match self {
            Predicate::Greater(v) => x > v,
            Predicate::Less(v) => x < v,
            Predicate::Equal(v) => x == v,
            Predicate::NotEqual(v) => x != v,
            Predicate::GreaterOrEqual(v) => x >= v,
            Predicate::LessOrEqual(v) => x <= v,
            Predicate::WithinRange(left, right) => x > left && x < right,
            Predicate::OutsideRange(left, right) => x < left || x > right,
            Predicate::WithinRangeIncluded(left, right) => x >= left && x <= right,
            Predicate::OutsideRangeIncluded(left, right) => x <= left || x >= right,
        }
    }

    fn eval_cell(self, cell: Option<f64>) -> Option<f64> {
        cell.map(|x| if self.eval(x) { 1.0 } else { 0.0 })
    }

    /// Applies the predicate to every value of `input`.
    pub fn apply(self, input: &[Value]) -> Vec<Value> {
        input
            .iter()
            .map(|value| match value {
                Value::Scalar(cell) => Value::Scalar(self.eval_cell(*cell)),
                Value::Number(number) => Value::Number(Number::new(
                    number.labels.clone(),
                    self.eval_cell(number.value),
                )),
                Value::Series(series) => Value::Series(series.map_values(|v| self.eval_cell(v))),
                Value::NoData => Value::NoData,
            })
            .collect()
    }
}
