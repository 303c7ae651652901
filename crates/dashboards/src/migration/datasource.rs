//! Data source references and how old dashboards' data source names are resolved.
//!
//! Until schema 33 a panel, query, variable or annotation named its data source by display
//! name (`"datasource": "Prometheus"`); since then it holds a reference `{type, uid}`. The
//! migration asks a [`DataSourceLookup`] to resolve names. Grafana's built-in data sources
//! (`-- Grafana --`, `-- Mixed --`, `-- Dashboard --`, expressions) resolve without it. A name
//! nobody knows is kept as `{uid: name}`, which is what Grafana writes in that case.

use serde_json::Value;

use super::json::{str_at, Object};

/// A reference to a data source as dashboards store it since schema 33.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataSourceRef {
    /// The data source's uid (`uid` in JSON).
    pub uid: String,
    /// The data source plugin id, e.g. `prometheus` (`type` in JSON); unknown when `None`.
    pub plugin_id: Option<String>,
}

impl DataSourceRef {
    /// A reference with both uid and plugin id.
    pub fn new(plugin_id: impl Into<String>, uid: impl Into<String>) -> Self {
        Self {
            uid: uid.into(),
            plugin_id: Some(plugin_id.into()),
        }
    }

    /// The JSON form `{"type": ..., "uid": ...}`; `type` is left out when unknown.
    pub fn to_json(&self) -> Value {
        let mut object = Object::new();
        if let Some(plugin_id) = &self.plugin_id {
            object.insert("type".to_owned(), Value::String(plugin_id.clone()));
        }
        object.insert("uid".to_owned(), Value::String(self.uid.clone()));
        Value::Object(object)
    }
}

/// Resolves the data source names found in old dashboards.
///
/// Implementations answer from the org's data source records. Calls are synchronous and may
/// happen many times per dashboard, so an implementation should answer from memory (load
/// the org's data sources once before migrating).
pub trait DataSourceLookup {
    /// The data source whose display name is exactly `name`.
    fn by_name(&self, name: &str) -> Option<DataSourceRef>;

    /// The org's default data source, used where a dashboard left the data source unset.
    fn default_ref(&self) -> Option<DataSourceRef>;

    /// The data source whose uid is exactly `uid`. Old dashboards sometimes hold a uid where
    /// a name belongs, and Grafana accepts either; answers `None` unless overridden.
    fn by_uid(&self, uid: &str) -> Option<DataSourceRef> {
        let _ = uid;
        None
    }
}

/// A lookup that knows no data sources: names become `{uid: name}` references and unset
/// data sources stay unset, as in Grafana when a name is unknown.
#[derive(Debug, Clone, Copy, Default)]
pub struct UnknownDataSources;

impl DataSourceLookup for UnknownDataSources {
    fn by_name(&self, _name: &str) -> Option<DataSourceRef> {
        None
    }

    fn default_ref(&self) -> Option<DataSourceRef> {
        None
    }
}

/// The uid of the pseudo data source that runs each query on its own data source.
pub(crate) const MIXED_UID: &str = "-- Mixed --";
/// The uid of server-side expressions.
pub(crate) const EXPRESSION_UID: &str = "__expr__";

/// Grafana's built-in data sources, which exist in every org under fixed names and uids.
fn builtin_ref(name: &str) -> Option<DataSourceRef> {
    match name {
        "-- Grafana --" | "grafana" => Some(DataSourceRef::new("datasource", "grafana")),
        MIXED_UID => Some(DataSourceRef::new("datasource", MIXED_UID)),
        "-- Dashboard --" => Some(DataSourceRef::new("datasource", "-- Dashboard --")),
        EXPRESSION_UID | "Expression" => Some(DataSourceRef::new(EXPRESSION_UID, EXPRESSION_UID)),
        _ => None,
    }
}

/// Whether `value` already is a reference: an object with a non-empty `uid` or `type`.
pub(crate) fn is_ref(value: &Value) -> bool {
    let Some(object) = value.as_object() else {
        return false;
    };
    let non_empty = |key: &str| str_at(object, key).is_some_and(|text| !text.is_empty());
    non_empty("uid") || non_empty("type")
}

/// Resolves a data source name the way Grafana's `getInstanceSettings` does: built-ins
/// first, `default` to the default, then by name, then by uid; `None` when nobody knows it.
pub(crate) fn resolve_name(name: &str, lookup: &dyn DataSourceLookup) -> Option<DataSourceRef> {
    if let Some(builtin) = builtin_ref(name) {
        return Some(builtin);
    }
    if name == "default" {
        if let Some(default) = lookup.default_ref() {
            return Some(default);
        }
    }
    lookup.by_name(name).or_else(|| lookup.by_uid(name))
}

/// How [`name_to_ref`] treats an unset or `"default"` data source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DefaultHandling {
    /// Unset and `"default"` become `null`, meaning "the default" (schema 33).
    KeepAsNull,
    /// Unset and `"default"` resolve to the org's default data source (schema 36).
    Resolve,
}

/// Grafana's `migrateDatasourceNameToRef`: turns a stored data source value into a
/// reference. References are returned as they are; names are resolved; an unknown name
/// becomes `{uid: name}`. `None` means "no reference": write `null` (or leave it unset).
/// Values of other shapes (numbers, reference-less objects) are returned unchanged.
pub(crate) fn name_to_ref(
    value: Option<&Value>,
    defaults: DefaultHandling,
    lookup: &dyn DataSourceLookup,
) -> Option<Value> {
    let unset = matches!(value, None | Some(Value::Null));
    let is_default_name = value.and_then(Value::as_str) == Some("default");
    if defaults == DefaultHandling::KeepAsNull && (unset || is_default_name) {
        return None;
    }
    let Some(value) = value.filter(|value| !value.is_null()) else {
        return lookup.default_ref().map(|default| default.to_json());
    };
    if is_ref(value) {
        return Some(value.clone());
    }
    let Some(name) = value.as_str() else {
        return Some(value.clone());
    };
    if name.is_empty() {
        return Some(Value::Object(Object::new()));
    }
    let resolved = resolve_name(name, lookup).unwrap_or_else(|| DataSourceRef {
        uid: name.to_owned(),
        plugin_id: None,
    });
    Some(resolved.to_json())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    struct OneSource;

    impl DataSourceLookup for OneSource {
        fn by_name(&self, name: &str) -> Option<DataSourceRef> {
            (name == "Prometheus").then(|| DataSourceRef::new("prometheus", "prom-uid"))
        }

        fn default_ref(&self) -> Option<DataSourceRef> {
            Some(DataSourceRef::new("prometheus", "prom-uid"))
        }

        fn by_uid(&self, uid: &str) -> Option<DataSourceRef> {
            (uid == "prom-uid").then(|| DataSourceRef::new("prometheus", "prom-uid"))
        }
    }

    #[test]
    fn names_resolve_through_builtins_lookup_and_fallback() {
        let cases = [
            (
                json!("Prometheus"),
                json!({"type": "prometheus", "uid": "prom-uid"}),
            ),
            (
                json!("prom-uid"),
                json!({"type": "prometheus", "uid": "prom-uid"}),
            ),
            (
                json!("default"),
                json!({"type": "prometheus", "uid": "prom-uid"}),
            ),
            (
                json!("-- Grafana --"),
                json!({"type": "datasource", "uid": "grafana"}),
            ),
            (
                json!("-- Mixed --"),
                json!({"type": "datasource", "uid": "-- Mixed --"}),
            ),
            (json!("Unknown"), json!({"uid": "Unknown"})),
            (json!(""), json!({})),
            (json!({"uid": "x"}), json!({"uid": "x"})),
            (json!(42), json!(42)),
        ];
        for (input, expected) in cases {
            let output = name_to_ref(Some(&input), DefaultHandling::Resolve, &OneSource);
            assert_eq!(output, Some(expected), "input {input}");
        }
    }

    #[test]
    fn default_is_kept_as_null_before_schema_36() {
        for input in [json!(null), json!("default")] {
            assert_eq!(
                name_to_ref(Some(&input), DefaultHandling::KeepAsNull, &OneSource),
                None
            );
        }
        assert_eq!(
            name_to_ref(None, DefaultHandling::Resolve, &UnknownDataSources),
            None
        );
        assert_eq!(
            name_to_ref(None, DefaultHandling::Resolve, &OneSource),
            Some(json!({"type": "prometheus", "uid": "prom-uid"}))
        );
    }
}
