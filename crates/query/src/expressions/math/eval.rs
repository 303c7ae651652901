//! Evaluating a parsed math expression over the results of the queries it refers to.
//!
//! Null and NaN as Grafana treats them: an operation with a null operand is null (for
//! scalars, numbers and series points alike); otherwise a NaN operand gives NaN, except
//! that `||` with a non-zero left side is 1 and `&&` with a zero left side is 0 before NaN
//! is looked at. Comparisons and logical operators give 1 or 0.

use std::collections::{BTreeMap, HashMap};

use crate::expressions::value::{Number, Series, Value};
use crate::frame::{Labels, Timestamp};

use super::parser::{BinaryOp, Node, UnaryOp};
use super::union::union;

/// The values of each `refId` an expression may refer to.
pub type Vars = BTreeMap<String, Vec<Value>>;

/// Evaluates `node`; a reference missing from `vars` is an error naming it.
pub(crate) fn evaluate(node: &Node, vars: &Vars) -> Result<Vec<Value>, String> {
    match node {
        Node::Number(n) => Ok(vec![Value::Scalar(Some(*n))]),
        Node::Var(name) => vars
            .get(name)
            .cloned()
            .ok_or_else(|| format!("unknown reference ${name}")),
        Node::Unary(op, arg) => Ok(evaluate(arg, vars)?
            .into_iter()
            .map(|value| unary_value(*op, value))
            .collect()),
        Node::Binary(op, left, right) => {
            let left = evaluate(left, vars)?;
            let right = evaluate(right, vars)?;
            Ok(union(&left, &right)
                .into_iter()
                .map(|pair| binary_values(*op, pair.labels, pair.left, pair.right))
                .collect())
        }
        Node::Call(function, args) => match (function.constant(), args.first()) {
            (Some(constant), _) => Ok(vec![constant]),
            (None, Some(arg)) => Ok(function.apply(evaluate(arg, vars)?)),
            (None, None) => Err(format!("function {function:?} needs an argument")),
        },
    }
}

fn unary_value(op: UnaryOp, value: Value) -> Value {
    let apply = |cell: Option<f64>| cell.map(|x| unary(op, x));
    match value {
        Value::Scalar(cell) => Value::Scalar(apply(cell)),
        Value::Number(number) => Value::Number(Number::new(number.labels, apply(number.value))),
        Value::Series(series) => Value::Series(series.map_values(apply)),
        Value::NoData => Value::NoData,
    }
}

fn unary(op: UnaryOp, x: f64) -> f64 {
    if x.is_nan() {
        return f64::NAN;
    }
    match op {
        UnaryOp::Not => flag(x == 0.0),
        UnaryOp::Negate => -x,
    }
}

fn flag(condition: bool) -> f64 {
    if condition {
        1.0
    } else {
        0.0
    }
}

/// `op` on two operands that are not null.
pub(crate) fn binary(op: BinaryOp, a: f64, b: f64) -> f64 {
    match op {
        BinaryOp::Or if a != 0.0 => return 1.0,
        BinaryOp::And if a == 0.0 => return 0.0,
        _ => {}
    }
    if a.is_nan() || b.is_nan() {
        return f64::NAN;
    }
    match op {
        BinaryOp::Add => a + b,
        BinaryOp::Subtract => a - b,
        BinaryOp::Multiply => a * b,
        BinaryOp::Divide => a / b,
        // Go's math.Mod and Rust's % both take the sign of the dividend.
        BinaryOp::Modulo => a % b,
        BinaryOp::Power => a.powf(b),
        BinaryOp::Equal => flag(a == b),
        BinaryOp::NotEqual => flag(a != b),
        BinaryOp::Greater => flag(a > b),
        BinaryOp::GreaterOrEqual => flag(a >= b),
        BinaryOp::Less => flag(a < b),
        BinaryOp::LessOrEqual => flag(a <= b),
        BinaryOp::Or => flag(b != 0.0),
        BinaryOp::And => flag(b != 0.0),
    }
}

fn binary_cells(op: BinaryOp, a: Option<f64>, b: Option<f64>) -> Option<f64> {
    Some(binary(op, a?, b?))
}

fn cell_of(value: &Value) -> Option<f64> {
    match value {
        Value::Scalar(cell) => *cell,
        Value::Number(number) => number.value,
        Value::Series(_) | Value::NoData => None,
    }
}

fn binary_values(op: BinaryOp, labels: Option<Labels>, left: &Value, right: &Value) -> Value {
    match (left, right) {
        (Value::NoData, _) | (_, Value::NoData) => Value::NoData,
        (Value::Scalar(a), Value::Scalar(b)) => Value::Scalar(binary_cells(op, *a, *b)),
        (Value::Series(a), Value::Series(b)) => Value::Series(join_series(op, labels, a, b)),
        (Value::Series(series), scalar) => {
            let b = cell_of(scalar);
            Value::Series(Series::new(
                labels,
                series
                    .points
                    .iter()
                    .map(|(t, a)| (*t, binary_cells(op, *a, b)))
                    .collect(),
            ))
        }
        (scalar, Value::Series(series)) => {
            let a = cell_of(scalar);
            Value::Series(Series::new(
                labels,
                series
                    .points
                    .iter()
                    .map(|(t, b)| (*t, binary_cells(op, a, *b)))
                    .collect(),
            ))
        }
        (a, b) => Value::Number(Number::new(
            labels,
            binary_cells(op, cell_of(a), cell_of(b)),
        )),
    }
}

/// Series op series: only the times both series have, in the left series' order.
fn join_series(op: BinaryOp, labels: Option<Labels>, left: &Series, right: &Series) -> Series {
    let right_at: HashMap<Timestamp, Option<f64>> = right.points.iter().copied().collect();
    let points = left
        .points
        .iter()
        .filter_map(|(t, a)| right_at.get(t).map(|b| (*t, binary_cells(op, *a, *b))))
        .collect();
    Series::new(labels, points)
}
