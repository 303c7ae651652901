//! Pairing the values on both sides of a binary operator, Grafana's `union`:
//!
//! - either side empty: nothing;
//! - one side holding a single value and either side starting with no data: one pair of the
//!   two first values (the result is no data);
//! - otherwise every pair whose labels match: equal labels, or either side without labels
//!   (the result takes the left side's labels, or the right side's when the left has none,
//!   as they are: a series with empty labels times a scalar gives unset labels, as in Go),
//!   or one side's labels a subset of the other's (the result takes the larger set).
//!   Different labels of equal count, or neither a subset of the other, do not match and
//!   those values are dropped;
//! - when nothing matched and each side holds exactly one value, they are paired anyway and
//!   the result has no labels.

use crate::expressions::value::Value;
use crate::frame::Labels;

/// Two values to combine and the labels of their result.
pub(crate) struct Pair<'a> {
    pub labels: Option<Labels>,
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
            labels: None,
            left: first_left,
            right: first_right,
        }];
    }
    let mut pairs = Vec::new();
    for left_value in left {
        for right_value in right {
            if let Some(labels) = matched_labels(left_value.labels(), right_value.labels()) {
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
            labels: None,
            left: first_left,
            right: first_right,
        });
    }
    pairs
}

/// The labels of the result when the two sides match (`None` when they do not).
fn matched_labels(left: Option<&Labels>, right: Option<&Labels>) -> Option<Option<Labels>> {
    let (left_labelled, right_labelled) = (non_empty(left), non_empty(right));
    let (Some(left_set), Some(right_set)) = (left_labelled, right_labelled) else {
        let kept = if left_labelled.is_some() { left } else { right };
        return Some(kept.cloned());
    };
    if left_set == right_set {
        return Some(left.cloned());
    }
    if left_set.len() == right_set.len() {
        return None;
    }
    if contains(left_set, right_set) {
        return Some(left.cloned());
    }
    if contains(right_set, left_set) {
        return Some(right.cloned());
    }
    None
}

fn non_empty(labels: Option<&Labels>) -> Option<&Labels> {
    labels.filter(|set| !set.is_empty())
}

/// Whether every label of `subset` is in `set` with the same value.
fn contains(set: &Labels, subset: &Labels) -> bool {
    subset.iter().all(|(k, v)| set.get(k) == Some(v))
}
