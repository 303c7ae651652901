//! Pairing the values on both sides of a binary operator, Grafana's `union`:
//!
//! - either side empty: nothing;
//! - one side holding a single value and either side starting with no data: one pair of the
//!   two first values (the result is no data);
//! - otherwise every pair whose labels match: equal labels, or either side without labels
//!   (the result takes the labels of the side that has them), or one side's labels a subset
//!   of the other's (the result takes the larger set). Different labels of equal count, or
//!   neither a subset of the other, do not match and those values are dropped;
//! - when nothing matched and each side holds exactly one value, they are paired anyway and
//!   the result has no labels.

use crate::expressions::value::Value;
use crate::frame::Labels;

/// Two values to combine and the labels of their result.
pub(crate) struct Pair<'a> {
    pub labels: Labels,
    pub left: &'a Value,
    pub right: &'a Value,
}

pub(crate) fn union<'a>(left: &'a [Value], right: &'a [Value]) -> Vec<Pair<'a>> {
    let (Some(first_left), Some(first_right)) = (left.first(), right.first()) else {
        return Vec::new();
    };
    let one_side_single = left.len() == 1 || right.len() == 1;
    if one_side_single
        && (matches!(first_left, Value::NoData) || matches!(first_right, Value::NoData))
    {
        return vec![Pair {
            labels: Labels::new(),
            left: first_left,
            right: first_right,
        }];
    }
    let empty = Labels::new();
    let mut pairs = Vec::new();
    for left_value in left {
        for right_value in right {
            let left_labels = left_value.labels().unwrap_or(&empty);
            let right_labels = right_value.labels().unwrap_or(&empty);
            if let Some(labels) = matched_labels(left_labels, right_labels) {
                pairs.push(Pair {
                    labels,
                    left: left_value,
                    right: right_value,
                });
            }
        }
    }
    if pairs.is_empty() && left.len() == 1 && right.len() == 1 {
        pairs.push(Pair {
            labels: Labels::new(),
            left: first_left,
            right: first_right,
        });
    }
    pairs
}

fn matched_labels(left: &Labels, right: &Labels) -> Option<Labels> {
    if left == right || right.is_empty() {
        return Some(left.clone());
    }
    if left.is_empty() {
        return Some(right.clone());
    }
    if left.len() == right.len() {
        return None;
    }
    if contains(left, right) {
        return Some(left.clone());
    }
    if contains(right, left) {
        return Some(right.clone());
    }
    None
}

/// Whether every label of `subset` is in `set` with the same value.
fn contains(set: &Labels, subset: &Labels) -> bool {
    subset.iter().all(|(k, v)| set.get(k) == Some(v))
}
