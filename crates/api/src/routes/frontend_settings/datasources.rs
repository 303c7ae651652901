//! `datasources` and `defaultDatasource` of `/api/frontend/settings`, shaped as Grafana's
//! `DataSourceDTO`s keyed by name: the org's data sources the caller may query (in Grafana
//! OSS every org role may query every data source; a caller without a role sees none), then
//! the built-in `-- Grafana --`, `-- Mixed --` and `-- Dashboard --`. The default is the
//! org's default data source, else `-- Grafana --`.
//!
//! Only what Grafana gives the browser, less its secrets: `jsonData` (never
//! `secureJsonData`), and no basic auth header or InfluxDB password for browser-access data
//! sources (Grafana sends those; Sightline never sends a secret).

use serde_json::{json, Map, Value};
use sightline_core::{Identity, OrgRole};
use sightline_datasources::plugin_names::{display_name, GENERIC_LOGO_URL};
use sightline_datasources::plugins::grafana;
use sightline_datasources::{Access, DataSource};

use crate::error::ApiResult;
use crate::state::AppState;

const MIXED_NAME: &str = "-- Mixed --";
const DASHBOARD_NAME: &str = "-- Dashboard --";

/// `(datasources, defaultDatasource)` for `caller`.
pub async fn for_caller(state: &AppState, caller: Option<&Identity>) -> ApiResult<(Value, String)> {
    let mut entries = Map::new();
    let mut default_name = grafana::NAME.to_string();
    if let Some(caller) = caller.filter(|caller| caller.has_role(OrgRole::Viewer)) {
        for data_source in state.datasources.list(caller.org_id).await? {
            if data_source.is_default {
                default_name.clone_from(&data_source.name);
            }
            entries.insert(data_source.name.clone(), stored(&data_source));
        }
    }
    for (name, entry) in built_ins() {
        entries.insert(name.to_string(), entry);
    }
    Ok((Value::Object(entries), default_name))
}

/// A data source of the org.
fn stored(data_source: &DataSource) -> Value {
    let type_id = data_source.type_id.as_str();
    let mut json_data = data_source.json_data.clone();
    let is_sql = matches!(
        type_id,
        "mysql" | "grafana-postgresql-datasource" | "postgres" | "mssql"
    );
    let database_unset = json_data
        .get("database")
        .is_none_or(|database| database.is_null() || database == "");
    if is_sql && database_unset {
        // Grafana fills this in for SQL data sources provisioned without jsonData.
        json_data.insert("database".into(), data_source.database.clone().into());
    }
    if type_id == "prometheus" {
        // The unproxied address, for links to Prometheus' own UI.
        json_data.insert("directUrl".into(), data_source.url.clone().into());
    }
    let url = match data_source.access {
        Access::Proxy => format!("/api/datasources/proxy/uid/{}", data_source.uid),
        Access::Direct => data_source.url.clone(),
    };
    let mut entry = json!({
        "id": data_source.id,
        "uid": data_source.uid,
        "type": type_id,
        "name": data_source.name,
        "meta": meta(type_id, display_name(type_id), &Capabilities::of(type_id)),
        "url": url,
        "isDefault": data_source.is_default,
        "access": data_source.access.as_str(),
        "preload": false,
        "module": module(type_id),
        "jsonData": json_data,
        "readOnly": data_source.read_only,
    });
    let extra = [
        (
            "apiVersion",
            (!data_source.api_version.is_empty()).then(|| json!(data_source.api_version)),
        ),
        (
            "withCredentials",
            (data_source.access == Access::Direct && data_source.with_credentials)
                .then(|| json!(true)),
        ),
        (
            "database",
            (matches!(type_id, "influxdb" | "elasticsearch") && !data_source.database.is_empty())
                .then(|| json!(data_source.database)),
        ),
    ];
    if let Value::Object(fields) = &mut entry {
        for (key, value) in extra {
            if let Some(value) = value {
                fields.insert(key.to_string(), value);
            }
        }
    }
    entry
}

/// Grafana's built-in data sources, which no org stores.
fn built_ins() -> [(&'static str, Value); 3] {
    let built_in = |id: &str, name: &str, capabilities: Capabilities| {
        json!({
            "type": "datasource",
            "name": name,
            "meta": meta(id, name, &capabilities),
            "isDefault": false,
            "preload": false,
            "jsonData": {},
            "readOnly": false,
        })
    };
    let mut grafana_entry = built_in(grafana::TYPE_ID, grafana::NAME, Capabilities::of("grafana"));
    if let Value::Object(fields) = &mut grafana_entry {
        fields.insert("id".into(), json!(grafana::ID));
        fields.insert("uid".into(), json!(grafana::UID));
    }
    [
        (grafana::NAME, grafana_entry),
        (
            MIXED_NAME,
            built_in("mixed", MIXED_NAME, Capabilities::of("mixed")),
        ),
        (
            DASHBOARD_NAME,
            built_in("dashboard", DASHBOARD_NAME, Capabilities::of("dashboard")),
        ),
    ]
}

/// What a plugin offers, as its `plugin.json` says.
#[derive(Default)]
struct Capabilities {
    backend: bool,
    annotations: bool,
    alerting: bool,
    logs: bool,
    tracing: bool,
    built_in: bool,
    mixed: bool,
    category: &'static str,
}

impl Capabilities {
    fn of(type_id: &str) -> Capabilities {
        match type_id {
            "prometheus" => Capabilities {
                backend: true,
                annotations: true,
                alerting: true,
                category: "tsdb",
                ..Capabilities::default()
            },
            "mysql"
            | "grafana-postgresql-datasource"
            | "postgres"
            | "sightline-sqlite-datasource" => Capabilities {
                backend: true,
                annotations: true,
                alerting: true,
                category: "sql",
                ..Capabilities::default()
            },
            "grafana-testdata-datasource" | "testdata" => Capabilities {
                backend: true,
                annotations: true,
                alerting: true,
                logs: true,
                tracing: true,
                ..Capabilities::default()
            },
            "grafana" => Capabilities {
                backend: true,
                annotations: true,
                built_in: true,
                ..Capabilities::default()
            },
            "mixed" => Capabilities {
                built_in: true,
                mixed: true,
                ..Capabilities::default()
            },
            "dashboard" => Capabilities {
                built_in: true,
                ..Capabilities::default()
            },
            _ => Capabilities::default(),
        }
    }
}

/// The plugin's `meta`, as Grafana's `PluginMetaDTO` gives it.
fn meta(id: &str, name: &str, capabilities: &Capabilities) -> Value {
    let mut meta = json!({
        "id": id,
        "type": "datasource",
        "name": name,
        "info": {
            "author": { "name": "", "url": "" },
            "description": "",
            "links": [],
            "logos": { "small": GENERIC_LOGO_URL, "large": GENERIC_LOGO_URL },
            "build": {},
            "screenshots": [],
            "version": "",
            "updated": "",
            "keywords": [],
        },
        "dependencies": { "grafanaDependency": "", "grafanaVersion": "*", "plugins": [] },
        "includes": [],
        "category": capabilities.category,
        "preload": false,
        "backend": capabilities.backend,
        "routes": [],
        "skipDataQuery": false,
        "autoEnabled": false,
        "annotations": capabilities.annotations,
        "metrics": true,
        "alerting": capabilities.alerting,
        "explore": false,
        "tables": false,
        "logs": capabilities.logs,
        "tracing": capabilities.tracing,
        "builtIn": capabilities.built_in,
        "streaming": false,
        "signature": "internal",
        "module": module(id),
        "baseUrl": format!("public/app/plugins/datasource/{id}"),
        "angular": { "detected": false },
    });
    if capabilities.mixed {
        if let Value::Object(fields) = &mut meta {
            fields.insert("mixed".into(), json!(true));
            fields.insert("queryOptions".into(), json!({ "minInterval": true }));
        }
    }
    meta
}

/// Grafana 12's module path of a core plugin.
fn module(id: &str) -> String {
    format!("core:plugin/{id}")
}
