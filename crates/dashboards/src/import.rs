//! Importing an exported dashboard: every `${NAME}` declared in `__inputs` is replaced, in
//! every string of the JSON, by the value the caller gave for that input (matched by name or
//! `*`, and by type); `__inputs` and `__requires` are dropped; the result is saved like any
//! other dashboard. An input declared but not given is refused, naming it.

use std::collections::HashMap;

use serde_json::{Map, Value};
use sightline_core::Identity;

use crate::error::{DashboardError, Result};
use crate::models::{ImportDashboard, ImportInput, SaveDashboard, SavedDashboard};
use crate::{json_model, DashboardService};

impl DashboardService {
    pub async fn import_dashboard(
        &self,
        caller: &Identity,
        import: ImportDashboard,
    ) -> Result<SavedDashboard> {
        json_model::as_object(&import.dashboard)?;
        let mut dashboard = evaluate_template(&import.dashboard, &import.inputs)?;
        // An id from the instance it was exported from means nothing here.
        if let Some(object) = dashboard.as_object_mut() {
            object.insert("id".into(), Value::Null);
        }
        let save = SaveDashboard {
            dashboard,
            folder_uid: Some(import.folder_uid.unwrap_or_default()),
            folder_id: None,
            message: String::new(),
            overwrite: import.overwrite,
        };
        self.save_dashboard(caller, save).await
    }
}

/// The dashboard with its declared inputs filled in and the export-only keys removed.
pub fn evaluate_template(template: &Value, inputs: &[ImportInput]) -> Result<Value> {
    let mut values: HashMap<String, String> = HashMap::new();
    let declared = template.get("__inputs").and_then(Value::as_array);
    for declaration in declared.into_iter().flatten() {
        let name = declaration
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let kind = declaration
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let given = inputs
            .iter()
            .find(|input| input.kind == kind && (input.name == name || input.name == "*"))
            .ok_or_else(|| DashboardError::ImportInputMissing(name.to_string()))?;
        values.insert(format!("${{{name}}}"), given.value.clone());
    }
    let Some(object) = template.as_object() else {
        return Ok(template.clone());
    };
    let evaluated: Map<String, Value> = object
        .iter()
        .filter(|(key, _)| !matches!(key.as_str(), "__inputs" | "__requires"))
        .map(|(key, value)| (key.clone(), substitute(value, &values)))
        .collect();
    Ok(Value::Object(evaluated))
}

fn substitute(value: &Value, values: &HashMap<String, String>) -> Value {
    match value {
        Value::String(text) => Value::String(replace_placeholders(text, values)),
        Value::Array(items) => {
            Value::Array(items.iter().map(|item| substitute(item, values)).collect())
        }
        Value::Object(object) => Value::Object(
            object
                .iter()
                .map(|(key, value)| (key.clone(), substitute(value, values)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Replaces each `${…}` that names a known input; others (dashboard variables such as
/// `${instance}`) stay as they are.
fn replace_placeholders(text: &str, values: &HashMap<String, String>) -> String {
    if !text.contains("${") {
        return text.to_string();
    }
    let mut result = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        result.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find('}') {
            // `${}` names nothing.
            Some(0) => {
                result.push_str("${");
                rest = after;
            }
            Some(close) => {
                let placeholder = &rest[start..start + close + 3];
                match values.get(placeholder) {
                    Some(value) => result.push_str(value),
                    None => result.push_str(placeholder),
                }
                rest = &after[close + 1..];
            }
            None => {
                result.push_str(&rest[start..]);
                return result;
            }
        }
    }
    result.push_str(rest);
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn input(name: &str, kind: &str, value: &str) -> ImportInput {
        ImportInput {
            name: name.into(),
            kind: kind.into(),
            plugin_id: "prometheus".into(),
            value: value.into(),
        }
    }

    #[test]
    fn placeholders_are_replaced_everywhere() {
        let template = json!({
            "__inputs": [{ "name": "DS_PROM", "type": "datasource", "pluginId": "prometheus" }],
            "__requires": [{ "type": "datasource", "id": "prometheus" }],
            "title": "Node",
            "panels": [{
                "datasource": { "type": "prometheus", "uid": "${DS_PROM}" },
                "targets": [{ "expr": "up{job=\"${job}\"}", "datasource": "${DS_PROM}" }]
            }],
            "templating": { "list": [{ "datasource": "prefix-${DS_PROM}-suffix" }] }
        });
        let evaluated =
            evaluate_template(&template, &[input("DS_PROM", "datasource", "abc")]).unwrap();
        assert!(evaluated.get("__inputs").is_none());
        assert!(evaluated.get("__requires").is_none());
        assert_eq!(evaluated["panels"][0]["datasource"]["uid"], "abc");
        assert_eq!(evaluated["panels"][0]["targets"][0]["datasource"], "abc");
        assert_eq!(
            evaluated["panels"][0]["targets"][0]["expr"],
            "up{job=\"${job}\"}"
        );
        assert_eq!(
            evaluated["templating"]["list"][0]["datasource"],
            "prefix-abc-suffix"
        );
    }

    #[test]
    fn a_missing_input_is_named() {
        let template = json!({ "__inputs": [{ "name": "DS_X", "type": "datasource" }] });
        let error = evaluate_template(&template, &[]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "Dashboard input variable: DS_X missing from import command"
        );
        // The type must match too.
        assert!(evaluate_template(&template, &[input("DS_X", "constant", "v")]).is_err());
        assert!(evaluate_template(&template, &[input("*", "datasource", "v")]).is_ok());
    }

    #[test]
    fn unterminated_and_empty_placeholders_stay() {
        let values = HashMap::from([("${A}".to_string(), "1".to_string())]);
        assert_eq!(replace_placeholders("${A} ${} ${A", &values), "1 ${} ${A");
        assert_eq!(replace_placeholders("${}${A}", &values), "${}1");
        assert_eq!(replace_placeholders("x${A}y${A}", &values), "x1y1");
    }
}
