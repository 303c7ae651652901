//! Template variable upgrades: schema 12, 23, 27, 28 and 29.
//!
//! - 12: `refresh` becomes 0 or 1; `hideVariable` / `hideLabel` become `hide` 2 / 1.
//! - 23: a variable's `current` follows its `multi` flag: arrays for multi-value variables,
//!   single values otherwise.
//! - 27: constant variables get `current` and `options` from their `query`; visible ones
//!   become `textbox` variables.
//! - 28: the removed variable tag fields (`tags`, `tagsQuery`, `tagValuesQuery`, `useTags`)
//!   are dropped.
//! - 29: query variables refresh on load (1) unless they refresh on time range change (2),
//!   and no longer store their `options`.

use serde_json::Value;

use super::StepContext;
use crate::migration::json::{object, str_at, truthy, Object};
use crate::migration::walk::{for_each_variable, variables};

/// `hide` value of a variable shown with its label.
const HIDE_NOTHING: i64 = 0;
/// `hide` value of a variable shown without its label.
const HIDE_LABEL: i64 = 1;

/// Schema 12: normalises `refresh` and maps the old hide flags to `hide`.
pub(super) fn v12_refresh_and_hide(dashboard: &mut Object, _: &StepContext<'_>) {
    for_each_variable(dashboard, &mut |variable| {
        if variable.contains_key("refresh") {
            let refresh = u8::from(truthy(variable.get("refresh")));
            variable.insert("refresh".to_owned(), Value::from(refresh));
        }
        if truthy(variable.get("hideVariable")) {
            variable.insert("hide".to_owned(), Value::from(2));
        } else if truthy(variable.get("hideLabel")) {
            variable.insert("hide".to_owned(), Value::from(HIDE_LABEL));
        }
    });
}

/// Schema 23: aligns `current.value` / `current.text` with the `multi` flag.
pub(super) fn v23_align_current_with_multi(dashboard: &mut Object, _: &StepContext<'_>) {
    for_each_variable(dashboard, &mut |variable| {
        if matches!(variable.get("multi"), None | Some(Value::Null)) {
            return;
        }
        let multi = truthy(variable.get("multi"));
        let Some(current) = variable.get_mut("current").and_then(Value::as_object_mut) else {
            return;
        };
        if current.is_empty() {
            return;
        }
        let value_is_array = current.get("value").is_some_and(Value::is_array);
        if multi && !value_is_array {
            for key in ["value", "text"] {
                if let Some(single) = current
                    .get(key)
                    .filter(|single| !single.is_array())
                    .cloned()
                {
                    current.insert(key.to_owned(), Value::Array(vec![single]));
                }
            }
        } else if !multi && value_is_array {
            for key in ["value", "text"] {
                if let Some(Value::Array(values)) = current.get(key) {
                    let first = values
                        .first()
                        .cloned()
                        .unwrap_or_else(|| Value::String(String::new()));
                    current.insert(key.to_owned(), first);
                }
            }
        }
    });
}

/// Schema 27: constants get `current` / `options`; visible constants become text boxes.
pub(super) fn v27_constants_to_textbox(dashboard: &mut Object, _: &StepContext<'_>) {
    for_each_variable(dashboard, &mut |variable| {
        if str_at(variable, "type") != Some("constant") {
            return;
        }
        let query = str_at(variable, "query").unwrap_or_default().to_owned();
        let current = object([
            ("selected", Value::Bool(true)),
            ("text", Value::String(query.clone())),
            ("value", Value::String(query)),
        ]);
        variable.insert("current".to_owned(), current.clone());
        variable.insert("options".to_owned(), Value::Array(vec![current]));
        let hide = variable.get("hide").and_then(Value::as_i64);
        if hide == Some(HIDE_NOTHING) || hide == Some(HIDE_LABEL) {
            variable.insert("type".to_owned(), "textbox".into());
        }
    });
}

/// Schema 28: drops the variable tag fields Grafana removed.
pub(super) fn v28_remove_variable_tags(dashboard: &mut Object, _: &StepContext<'_>) {
    for_each_variable(dashboard, &mut |variable| {
        for key in ["tags", "tagsQuery", "tagValuesQuery", "useTags"] {
            if truthy(variable.get(key)) {
                variable.shift_remove(key);
            }
        }
    });
}

/// Schema 29: query variables refresh at least on load and stop storing their options.
pub(super) fn v29_query_variable_refresh(dashboard: &mut Object, _: &StepContext<'_>) {
    let Some(list) = variables(dashboard) else {
        return;
    };
    for variable in list.iter_mut().filter_map(Value::as_object_mut) {
        if str_at(variable, "type") != Some("query") {
            continue;
        }
        let refresh = variable.get("refresh").and_then(Value::as_f64);
        if refresh != Some(1.0) && refresh != Some(2.0) {
            variable.insert("refresh".to_owned(), Value::from(1));
        }
        if variable
            .get("options")
            .and_then(Value::as_array)
            .is_some_and(|o| !o.is_empty())
        {
            variable.insert("options".to_owned(), Value::Array(Vec::new()));
        }
    }
}
