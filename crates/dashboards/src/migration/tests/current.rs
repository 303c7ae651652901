//! Schema 42 (`v42_current.json`): a current dashboard passes through untouched, even where
//! older schema steps would have changed it, and so do unknown plugins and keys.

use pretty_assertions::assert_eq;
use serde_json::json;

use super::super::{migrate, UnknownDataSources, CURRENT_SCHEMA_VERSION};
use super::{fixture, migrate_fixture, TestDataSources};

#[test]
fn current_schema_version_is_grafana_12s() {
    assert_eq!(CURRENT_SCHEMA_VERSION, 42);
}

#[test]
fn a_current_dashboard_is_returned_unchanged() {
    let original = fixture("v42_current.json");
    let outcome = migrate_fixture("v42_current.json");
    assert_eq!(outcome.from_version, 42);
    assert!(!outcome.changed);
    assert_eq!(outcome.dashboard, original);
    let serialized = serde_json::to_string(&outcome.dashboard).unwrap();
    assert_eq!(
        serialized,
        serde_json::to_string(&original).unwrap(),
        "key order is kept too"
    );
}

#[test]
fn a_dashboard_from_a_newer_schema_is_left_alone() {
    let mut newer = fixture("v42_current.json");
    newer["schemaVersion"] = json!(43);
    let outcome = migrate(newer.clone(), &TestDataSources).unwrap();
    assert_eq!(outcome.from_version, 43);
    assert!(!outcome.changed);
    assert_eq!(outcome.dashboard, newer);
}

#[test]
fn angular_panels_are_converted_even_in_a_current_dashboard() {
    let mut dashboard = fixture("v42_current.json");
    dashboard["panels"][0] =
        json!({"id": 1, "type": "graph", "title": "Left over", "lines": true, "linewidth": 3});
    let outcome = migrate(dashboard, &UnknownDataSources).unwrap();
    assert!(outcome.changed);
    let converted = &outcome.dashboard["panels"][0];
    assert_eq!(converted["type"], "timeseries");
    assert_eq!(
        converted["fieldConfig"]["defaults"]["custom"]["lineWidth"],
        3
    );
    assert!(converted.get("lines").is_none());
    assert_eq!(
        outcome.dashboard["panels"][3],
        fixture("v42_current.json")["panels"][3]
    );
}
