//! Migration tests against the fixtures in `testdata/migration/`, one module per group of
//! schema versions, plus robustness tests (idempotence, unknown content, mangled input).
//!
//! The fixtures are dashboards written by hand from Grafana's JSON model documentation, one
//! per era of the schema; each test migrates one and checks the result field by field.

mod current;
mod datasources_and_templating;
mod graphs;
mod robustness;
mod rows;
mod single_steps;
mod singlestat_and_tables;

use std::path::PathBuf;

use serde_json::Value;

use super::{migrate, DataSourceLookup, DataSourceRef, MigrationOutcome};

/// The org's data sources as the tests see them.
pub(super) struct TestDataSources;

impl DataSourceLookup for TestDataSources {
    fn by_name(&self, name: &str) -> Option<DataSourceRef> {
        match name {
            "Prometheus" => Some(DataSourceRef::new("prometheus", "prom-uid")),
            "Loki" => Some(DataSourceRef::new("loki", "loki-uid")),
            "graphite" => Some(DataSourceRef::new("graphite", "graphite-uid")),
            _ => None,
        }
    }

    fn default_ref(&self) -> Option<DataSourceRef> {
        Some(DataSourceRef::new("prometheus", "prom-uid"))
    }
}

pub(super) fn testdata_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("testdata")
        .join("migration")
}

pub(super) fn fixture(name: &str) -> Value {
    let path = testdata_dir().join(name);
    let text =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("parse {}: {e}", path.display()))
}

/// Every fixture file name, sorted.
pub(super) fn fixture_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(testdata_dir())
        .expect("testdata/migration exists")
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".json"))
        .collect();
    names.sort();
    names
}

/// Migrates a fixture with [`TestDataSources`].
pub(super) fn migrate_fixture(name: &str) -> MigrationOutcome {
    migrate(fixture(name), &TestDataSources).expect("fixture migrates")
}

/// The panel with `id` at the top level or inside a row panel.
pub(super) fn panel(dashboard: &Value, id: i64) -> &Value {
    let top_level = dashboard["panels"].as_array().expect("panels is a list");
    top_level
        .iter()
        .chain(
            top_level
                .iter()
                .filter_map(|p| p["panels"].as_array())
                .flatten(),
        )
        .find(|p| p["id"].as_i64() == Some(id))
        .unwrap_or_else(|| panic!("no panel {id}"))
}

/// The object's keys, in order.
pub(super) fn keys(value: &Value) -> Vec<&str> {
    value
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect()
}
