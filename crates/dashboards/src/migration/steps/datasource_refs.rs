//! Schema 33 and 36: data source names become `{type, uid}` references.
//!
//! - 33: each panel's `datasource` and each query's `datasource` name is resolved to a
//!   reference; an unset or `"default"` panel data source is written as `null` (the
//!   default), and such queries are left alone.
//! - 36: annotation queries get references too (an unset one the org's default); query
//!   variables with a `null` data source get the default; a panel with queries but no data
//!   source gets the default, its queries without one get the panel's, and if the panel
//!   only had the default, it takes the data source of its (last non-expression) query.
//!   A panel or query data source still written as a name is resolved here too, as
//!   Grafana's backend does.
//!
//! Unlike Grafana, panels without a `targets` list get no placeholder query, and when the
//! lookup knows no default data source, unset data sources stay unset instead of
//! becoming empty references.

use serde_json::Value;

use super::StepContext;
use crate::migration::datasource::{
    name_to_ref, DataSourceLookup, DefaultHandling, EXPRESSION_UID, MIXED_UID,
};
use crate::migration::json::{arr_at_mut, is_nullish, obj_at, str_at, Object};
use crate::migration::walk::{annotations, for_each_panel, variables};

/// Schema 33: panel and query data source names become references.
pub(super) fn v33_panel_datasource_names(dashboard: &mut Object, context: &StepContext<'_>) {
    let lookup = context.datasources;
    for_each_panel(dashboard, &mut |panel| {
        let panel_ref = name_to_ref(panel.get("datasource"), DefaultHandling::KeepAsNull, lookup);
        panel.insert("datasource".to_owned(), panel_ref.unwrap_or(Value::Null));
        let Some(targets) = arr_at_mut(panel, "targets") else {
            return;
        };
        for target in targets.iter_mut().filter_map(Value::as_object_mut) {
            if let Some(target_ref) = name_to_ref(
                target.get("datasource"),
                DefaultHandling::KeepAsNull,
                lookup,
            ) {
                target.insert("datasource".to_owned(), target_ref);
            }
        }
    });
}

/// Schema 36: annotations, query variables and panels get explicit references.
pub(super) fn v36_default_datasources(dashboard: &mut Object, context: &StepContext<'_>) {
    let lookup = context.datasources;
    let default = lookup.default_ref().map(|default| default.to_json());

    if let Some(list) = annotations(dashboard) {
        for annotation in list.iter_mut().filter_map(Value::as_object_mut) {
            if let Some(reference) = name_to_ref(
                annotation.get("datasource"),
                DefaultHandling::Resolve,
                lookup,
            ) {
                annotation.insert("datasource".to_owned(), reference);
            }
        }
    }

    if let (Some(list), Some(default)) = (variables(dashboard), &default) {
        for variable in list.iter_mut().filter_map(Value::as_object_mut) {
            let is_query = str_at(variable, "type") == Some("query");
            if is_query && variable.get("datasource").is_some_and(Value::is_null) {
                variable.insert("datasource".to_owned(), default.clone());
            }
        }
    }

    for_each_panel(dashboard, &mut |panel| {
        fill_panel_datasources(panel, default.as_ref(), lookup)
    });
}

fn fill_panel_datasources(
    panel: &mut Object,
    default: Option<&Value>,
    lookup: &dyn DataSourceLookup,
) {
    let has_targets = match panel.get("targets") {
        Some(Value::Array(targets)) => !targets.is_empty(),
        _ => return,
    };
    let mut panel_had_default = false;
    if is_nullish(panel.get("datasource")) {
        if let (true, Some(default)) = (has_targets, default) {
            panel.insert("datasource".to_owned(), default.clone());
            panel_had_default = true;
        }
    } else if panel.get("datasource").is_some_and(Value::is_string) {
        if let Some(reference) =
            name_to_ref(panel.get("datasource"), DefaultHandling::Resolve, lookup)
        {
            panel.insert("datasource".to_owned(), reference);
        }
    }

    let mut panel_ref = panel.get("datasource").cloned();
    let Some(targets) = arr_at_mut(panel, "targets") else {
        return;
    };
    for target in targets.iter_mut().filter_map(Value::as_object_mut) {
        let panel_is_mixed = panel_ref
            .as_ref()
            .and_then(|r| r.get("uid"))
            .and_then(Value::as_str)
            == Some(MIXED_UID);
        let current = target.get("datasource");
        let lacks_uid = is_nullish(current)
            || current
                .and_then(Value::as_object)
                .is_some_and(|r| is_nullish(r.get("uid")));
        let replacement = if lacks_uid && !panel_is_mixed {
            panel_ref.clone().filter(Value::is_object)
        } else if lacks_uid || current.is_some_and(Value::is_string) {
            name_to_ref(current, DefaultHandling::Resolve, lookup)
        } else {
            None
        };
        if let Some(replacement) = replacement {
            target.insert("datasource".to_owned(), replacement);
        }
        if panel_had_default {
            let target_uid = obj_at(target, "datasource").and_then(|r| str_at(r, "uid"));
            if target_uid.is_some_and(|uid| !uid.is_empty() && uid != EXPRESSION_UID) {
                panel_ref = target.get("datasource").cloned();
            }
        }
    }
    if panel_had_default {
        panel.insert("datasource".to_owned(), panel_ref.unwrap_or(Value::Null));
    }
}
