//! Field and frame metadata: [`FieldConfig`] (`schema.fields[].config`) and [`FrameMeta`]
//! (`schema.meta`), with the keys Grafana's SDK names and the rest kept in `extra`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Display hints of a field, as Grafana's `FieldConfig`. Keys Sightline does not model are
/// kept in [`FieldConfig::extra`] and written back unchanged.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(
        default,
        rename = "displayNameFromDS",
        skip_serializing_if = "Option::is_none"
    )]
    pub display_name_from_ds: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filterable: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub writeable: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decimals: Option<u16>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "whole_or_float"
    )]
    pub min: Option<f64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "whole_or_float"
    )]
    pub max: Option<f64>,
    /// Expected milliseconds between points, for time fields.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "whole_or_float"
    )]
    pub interval: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mappings: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thresholds: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<Map<String, Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub links: Option<Vec<Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_value: Option<String>,
    /// Type-specific settings, such as `{"enum": {"text": [...]}}`.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub type_config: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom: Option<Map<String, Value>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Writes integral numbers without a fraction (`0`, not `0.0`), as Go does.
fn whole_or_float<S: serde::Serializer>(
    value: &Option<f64>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) if v.fract() == 0.0 && v.abs() < 9_007_199_254_740_992.0 => {
            serializer.serialize_i64(*v as i64)
        }
        Some(v) => serializer.serialize_f64(*v),
        None => serializer.serialize_none(),
    }
}

/// Well-known values of [`FrameMeta::frame_type`] (Grafana's data plane contract).
pub mod frame_types {
    pub const TIMESERIES_WIDE: &str = "timeseries-wide";
    pub const TIMESERIES_LONG: &str = "timeseries-long";
    pub const TIMESERIES_MULTI: &str = "timeseries-multi";
    pub const TABLE: &str = "table";
    pub const NUMERIC_WIDE: &str = "numeric-wide";
    pub const NUMERIC_MULTI: &str = "numeric-multi";
    pub const NUMERIC_LONG: &str = "numeric-long";
    pub const LOG_LINES: &str = "log-lines";
    pub const DIRECTORY_LISTING: &str = "directory-listing";
}

/// Frame metadata, as Grafana's `FrameMeta`. `typeVersion` is always written (`[0,0]` when
/// unset), as Grafana's SDK does.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FrameMeta {
    /// One of [`frame_types`], or another type string.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub frame_type: Option<String>,
    #[serde(default)]
    pub type_version: [u32; 2],
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path_separator: Option<String>,
    /// Data-source-specific values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom: Option<Value>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stats: Vec<QueryStat>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notices: Vec<Notice>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// Grafana spells these two keys the British way.
    #[serde(
        default,
        rename = "preferredVisualisationType",
        skip_serializing_if = "Option::is_none"
    )]
    pub preferred_visualisation_type: Option<String>,
    #[serde(
        default,
        rename = "preferredVisualisationPluginId",
        skip_serializing_if = "Option::is_none"
    )]
    pub preferred_visualisation_plugin_id: Option<String>,
    /// The query as sent to the data source, shown in the query inspector.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub executed_query_string: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_topic: Option<String>,
    #[serde(
        default,
        rename = "uniqueRowIdFields",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub unique_row_id_fields: Vec<usize>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl FrameMeta {
    /// Metadata declaring a data plane frame type and version.
    pub fn typed(frame_type: &str, type_version: [u32; 2]) -> Self {
        Self {
            frame_type: Some(frame_type.to_string()),
            type_version,
            ..Self::default()
        }
    }
}

/// A statistic about the query (shown in the query inspector): field config plus a value.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct QueryStat {
    #[serde(flatten)]
    pub config: FieldConfig,
    pub value: f64,
}

/// A message shown with the panel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Notice {
    pub severity: NoticeSeverity,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// The inspector tab to suggest: `meta`, `error`, `data` or `stats`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inspect: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NoticeSeverity {
    Info,
    Warning,
    Error,
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;
    use serde_json::json;

    #[test]
    fn field_config_keeps_unknown_keys() {
        let input = json!({
            "displayNameFromDS": "cpu",
            "unit": "percent",
            "decimals": 2,
            "min": 0,
            "custom": {"lineWidth": 2},
            "fieldMinMax": true
        });
        let config: FieldConfig = serde_json::from_value(input.clone()).expect("decodes");
        assert_eq!(config.display_name_from_ds.as_deref(), Some("cpu"));
        assert_eq!(config.decimals, Some(2));
        assert_eq!(config.extra.get("fieldMinMax"), Some(&json!(true)));
        assert_eq!(serde_json::to_value(&config).expect("encodes"), input);
    }

    #[test]
    fn frame_meta_always_writes_type_version() {
        let meta = FrameMeta {
            executed_query_string: Some("up".into()),
            notices: vec![Notice {
                severity: NoticeSeverity::Warning,
                text: "slow".into(),
                link: None,
                inspect: None,
            }],
            ..FrameMeta::default()
        };
        assert_eq!(
            serde_json::to_value(&meta).expect("encodes"),
            json!({
                "typeVersion": [0, 0],
                "notices": [{"severity": "warning", "text": "slow"}],
                "executedQueryString": "up"
            })
        );
    }

    #[test]
    fn query_stat_flattens_its_config() {
        let stat: QueryStat =
            serde_json::from_value(json!({"displayName": "rows", "value": 3})).expect("decodes");
        assert_eq!(stat.config.display_name.as_deref(), Some("rows"));
        assert_eq!(stat.value, 3.0);
        assert!(stat.config.extra.is_empty());
    }
}
