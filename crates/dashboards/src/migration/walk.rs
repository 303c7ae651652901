//! Where the panels, variables and annotations of a dashboard live, in every schema version.
//!
//! Grafana applies a panel upgrade to each entry of `panels` and to the panels kept inside a
//! collapsed row panel (one level deep). Dashboards older than schema 16 keep their panels in
//! `rows[].panels` instead; visiting those too lets a step written for either layout run on
//! any dashboard. Entries that are not objects are skipped, never removed.

use serde_json::Value;

use super::json::{arr_at_mut, obj_at_mut, Object};

/// Calls `visit` on every panel object of the dashboard.
pub(crate) fn for_each_panel(dashboard: &mut Object, visit: &mut dyn FnMut(&mut Object)) {
    for_each_panel_list(dashboard, &mut |panels| {
        for panel in panels.iter_mut().filter_map(Value::as_object_mut) {
            visit(panel);
        }
    });
}

/// Calls `visit` on every list that holds panels: `panels`, the `panels` of each row panel
/// in it, and the `panels` of each legacy row. Lets a step add, remove or reorder panels.
pub(crate) fn for_each_panel_list(dashboard: &mut Object, visit: &mut dyn FnMut(&mut Vec<Value>)) {
    if let Some(panels) = arr_at_mut(dashboard, "panels") {
        visit(panels);
        for panel in panels.iter_mut().filter_map(Value::as_object_mut) {
            if let Some(nested) = arr_at_mut(panel, "panels") {
                visit(nested);
            }
        }
    }
    if let Some(rows) = arr_at_mut(dashboard, "rows") {
        for row in rows.iter_mut().filter_map(Value::as_object_mut) {
            if let Some(panels) = arr_at_mut(row, "panels") {
                visit(panels);
            }
        }
    }
}

/// Calls `visit` on every template variable object (`templating.list[]`).
pub(crate) fn for_each_variable(dashboard: &mut Object, visit: &mut dyn FnMut(&mut Object)) {
    if let Some(list) = variables(dashboard) {
        for variable in list.iter_mut().filter_map(Value::as_object_mut) {
            visit(variable);
        }
    }
}

/// The template variable list, if the dashboard has a well-formed one.
pub(crate) fn variables(dashboard: &mut Object) -> Option<&mut Vec<Value>> {
    arr_at_mut(obj_at_mut(dashboard, "templating")?, "list")
}

/// The annotation query list, if the dashboard has a well-formed one.
pub(crate) fn annotations(dashboard: &mut Object) -> Option<&mut Vec<Value>> {
    arr_at_mut(obj_at_mut(dashboard, "annotations")?, "list")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn visits_top_level_nested_and_legacy_row_panels_and_skips_garbage() {
        let mut dashboard = json!({
            "panels": [{"id": 1}, "not a panel", {"id": 2, "type": "row", "panels": [{"id": 3}, 7]}],
            "rows": [{"panels": [{"id": 4}]}, "not a row", {"panels": "not a list"}]
        });
        let mut seen = Vec::new();
        for_each_panel(dashboard.as_object_mut().unwrap(), &mut |panel| {
            seen.push(panel["id"].as_i64().unwrap());
        });
        assert_eq!(seen, vec![1, 2, 3, 4]);
    }
}
