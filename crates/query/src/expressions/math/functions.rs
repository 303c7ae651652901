//! The functions of math expressions, Grafana's builtins. Each applies to every value of
//! its argument: a scalar, each number, each point of each series; no data stays no data.
//!
//! Most map a value and turn null into NaN (`abs`, `ceil`, `floor`, `log`, `round`,
//! `is_inf`, `is_nan`); `is_null` and `is_number` look at null itself. `nan()`, `inf()`,
//! `infn()` and `null()` take no argument and are scalars.

use crate::expressions::value::{is_number, Number, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Function {
    Abs,
    Ceil,
    Floor,
    Log,
    Round,
    IsInf,
    IsNan,
    IsNull,
    IsNumber,
    Nan,
    Inf,
    InfNegative,
    Null,
}

const ALL: [(&str, Function); 13] = [
    ("abs", Function::Abs),
    ("ceil", Function::Ceil),
    ("floor", Function::Floor),
    ("log", Function::Log),
    ("round", Function::Round),
    ("is_inf", Function::IsInf),
    ("is_nan", Function::IsNan),
    ("is_null", Function::IsNull),
    ("is_number", Function::IsNumber),
    ("nan", Function::Nan),
    ("inf", Function::Inf),
    ("infn", Function::InfNegative),
    ("null", Function::Null),
];

impl Function {
    pub fn by_name(name: &str) -> Option<Self> {
        ALL.iter().find(|(n, _)| *n == name).map(|(_, f)| *f)
    }

    /// Every function name, comma separated, for error messages.
    pub fn names() -> String {
        ALL.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
    }

    pub fn arity(self) -> usize {
        match self {
            Function::Nan | Function::Inf | Function::InfNegative | Function::Null => 0,
            _ => 1,
        }
    }

    /// The value of a function without arguments.
    pub(crate) fn constant(self) -> Option<Value> {
        match self {
            Function::Nan => Some(Value::Scalar(Some(f64::NAN))),
            Function::Inf => Some(Value::Scalar(Some(f64::INFINITY))),
            Function::InfNegative => Some(Value::Scalar(Some(f64::NEG_INFINITY))),
            Function::Null => Some(Value::Scalar(None)),
            _ => None,
        }
    }

    /// Applies the function to every value of `argument`.
    pub(crate) fn apply(self, argument: Vec<Value>) -> Vec<Value> {
        argument
            .into_iter()
            .map(|value| match value {
                Value::Scalar(cell) => Value::Scalar(self.apply_cell(cell)),
                Value::Number(number) => {
                    Value::Number(Number::new(number.labels, self.apply_cell(number.value)))
                }
                Value::Series(series) => Value::Series(series.map_values(|v| self.apply_cell(v))),
                Value::NoData => Value::NoData,
            })
            .collect()
    }

    fn apply_cell(self, cell: Option<f64>) -> Option<f64> {
        let flag = |b: bool| if b { 1.0 } else { 0.0 };
        match self {
            Function::IsNull => return Some(flag(cell.is_none())),
            Function::IsNumber => return Some(flag(is_number(cell))),
            _ => {}
        }
        let Some(x) = cell else {
            return Some(f64::NAN);
        };
        Some(match self {
            Function::Abs => x.abs(),
            Function::Ceil => x.ceil(),
            Function::Floor => x.floor(),
            Function::Log => x.ln(),
            // Go's math.Round: half away from zero, like Rust's.
            Function::Round => x.round(),
            Function::IsInf => flag(x.is_infinite()),
            Function::IsNan => flag(x.is_nan()),
            _ => x,
        })
    }
}
