//! Schema 22 (`v22_templating.json`), 27 (`v27_datasources.json`) and 34
//! (`v34_recent_changes.json`): variables, repeats, data source references, value mappings,
//! CloudWatch statistics and the Grafana 9–12 panel tweaks.

use pretty_assertions::assert_eq;
use serde_json::{json, Value};

use super::super::{migrate, UnknownDataSources};
use super::{fixture, migrate_fixture, panel};

fn variable<'a>(dashboard: &'a Value, name: &str) -> &'a Value {
    dashboard["templating"]["list"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["name"] == name)
        .unwrap_or_else(|| panic!("no variable {name}"))
}

fn prometheus() -> Value {
    json!({"type": "prometheus", "uid": "prom-uid"})
}

#[test]
fn variable_current_values_follow_the_multi_flag() {
    let dashboard = migrate_fixture("v22_templating.json").dashboard;
    assert_eq!(
        variable(&dashboard, "region")["current"],
        json!({"text": ["eu"], "value": ["eu"], "selected": true})
    );
    assert_eq!(
        variable(&dashboard, "region")["options"]
            .as_array()
            .unwrap()
            .len(),
        2,
        "custom keeps options"
    );
    assert_eq!(
        variable(&dashboard, "cluster")["current"],
        json!({"text": "a", "value": "a"})
    );
    assert_eq!(variable(&dashboard, "empty")["current"], json!({}));
}

#[test]
fn query_variables_lose_tags_and_stored_options_and_refresh_on_load() {
    let dashboard = migrate_fixture("v22_templating.json").dashboard;
    let cluster = variable(&dashboard, "cluster");
    for removed in ["tags", "tagsQuery"] {
        assert!(cluster.get(removed).is_none(), "{removed}");
    }
    assert_eq!(
        cluster["tagValuesQuery"], "",
        "falsy tag fields are left, as in Grafana"
    );
    assert_eq!(cluster["useTags"], false);
    assert_eq!(cluster["refresh"], 1);
    assert_eq!(cluster["options"], json!([]));
    assert_eq!(
        cluster["datasource"], "Prometheus",
        "schema 36 only fills null variable data sources"
    );

    let empty = variable(&dashboard, "empty");
    assert_eq!(empty["refresh"], 2);
    assert_eq!(empty["datasource"], prometheus());
    assert_eq!(
        variable(&dashboard, "interval")["refresh"],
        2,
        "only query variables change"
    );
}

#[test]
fn constants_get_current_and_visible_ones_become_text_boxes() {
    let dashboard = migrate_fixture("v22_templating.json").dashboard;
    let cases = [
        ("version", "constant", "1.2.3"),
        ("owner", "textbox", "team-a"),
        ("label", "textbox", "x"),
    ];
    for (name, kind, value) in cases {
        let variable = variable(&dashboard, name);
        let current = json!({"selected": true, "text": value, "value": value});
        assert_eq!(variable["type"], kind, "{name}");
        assert_eq!(variable["current"], current, "{name}");
        assert_eq!(variable["options"], json!([current]), "{name}");
    }
}

#[test]
fn repeated_panel_copies_are_removed() {
    let dashboard = migrate_fixture("v22_templating.json").dashboard;
    let ids: Vec<i64> = dashboard["panels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![41, 43]);
    let nested: Vec<i64> = panel(&dashboard, 43)["panels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_i64().unwrap())
        .collect();
    assert_eq!(nested, vec![44]);
    assert_eq!(panel(&dashboard, 41)["repeat"], "region");
}

#[test]
fn mixed_panel_queries_resolve_names_and_fill_the_default() {
    let dashboard = migrate_fixture("v27_datasources.json").dashboard;
    let mixed = panel(&dashboard, 51);
    assert_eq!(
        mixed["datasource"],
        json!({"type": "datasource", "uid": "-- Mixed --"})
    );
    let refs: Vec<&Value> = mixed["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| &t["datasource"])
        .collect();
    assert_eq!(
        refs,
        vec![
            &prometheus(),
            &json!({"type": "loki", "uid": "loki-uid"}),
            &json!({"uid": "Unknown DS"}),
            &prometheus(),
        ]
    );
}

#[test]
fn panels_on_the_default_take_their_query_data_source() {
    let dashboard = migrate_fixture("v27_datasources.json").dashboard;
    let with_expression = panel(&dashboard, 52);
    assert_eq!(with_expression["datasource"], prometheus());
    assert_eq!(with_expression["targets"][0]["datasource"], prometheus());
    assert_eq!(
        with_expression["targets"][1]["datasource"],
        json!({"type": "__expr__", "uid": "__expr__"})
    );

    let named_default = panel(&dashboard, 53);
    assert_eq!(named_default["datasource"], prometheus());
    assert_eq!(named_default["targets"][0]["datasource"], prometheus());

    let nested = panel(&dashboard, 57);
    assert_eq!(nested["type"], "timeseries");
    assert_eq!(nested["datasource"], prometheus());
    assert_eq!(nested["targets"][0]["datasource"], prometheus());
    assert_eq!(panel(&dashboard, 56)["datasource"], json!(null));
}

#[test]
fn annotations_get_references_and_the_default() {
    let dashboard = migrate_fixture("v27_datasources.json").dashboard;
    let list = &dashboard["annotations"]["list"];
    assert_eq!(
        list[0]["datasource"],
        json!({"type": "loki", "uid": "loki-uid"})
    );
    assert_eq!(list[1]["datasource"], prometheus());
    assert_eq!(variable(&dashboard, "ds")["query"], "prometheus");
}

#[test]
fn unknown_names_stay_as_uid_references_without_a_lookup() {
    let dashboard = migrate(fixture("v27_datasources.json"), &UnknownDataSources)
        .unwrap()
        .dashboard;
    let mixed = panel(&dashboard, 51);
    assert_eq!(
        mixed["targets"][0]["datasource"],
        json!({"uid": "Prometheus"})
    );
    assert_eq!(
        mixed["targets"][3]["datasource"],
        json!(null),
        "no default to fill in"
    );
    let named_default = panel(&dashboard, 53);
    assert_eq!(named_default["datasource"], json!(null));
    assert_eq!(
        named_default["targets"][0]["datasource"],
        json!({"uid": "default"})
    );
    assert_eq!(dashboard["annotations"]["list"][1].get("datasource"), None);
}

#[test]
fn value_mappings_tooltip_legend_and_hide_from_are_upgraded() {
    let dashboard = migrate_fixture("v27_datasources.json").dashboard;
    let mixed = panel(&dashboard, 51);
    assert_eq!(
        mixed["fieldConfig"]["defaults"]["mappings"],
        json!([{"type": "value", "options": {"0": {"text": "down"}, "1": {"text": "1 up", "color": "green"}}}])
    );
    assert_eq!(
        mixed["fieldConfig"]["overrides"][0]["properties"],
        json!([
            {"id": "mappings", "value": [{"type": "range", "options": {"from": 1, "to": 5, "result": {"text": "few"}}}]},
            {"id": "custom.hideFrom", "value": {"viz": true, "legend": false, "tooltip": true}}
        ])
    );
    assert_eq!(
        mixed["options"],
        json!({
            "legend": {"displayMode": "list", "placement": "bottom", "calcs": [], "showLegend": false},
            "tooltip": {"mode": "multi"}
        })
    );
}

#[test]
fn cloudwatch_statistics_split_into_queries() {
    let dashboard = migrate_fixture("v27_datasources.json").dashboard;
    let cloudwatch = panel(&dashboard, 54);
    let reference = json!({"uid": "CloudWatch"});
    assert_eq!(cloudwatch["datasource"], reference);
    let base = json!({
        "region": "us-east-1", "namespace": "AWS/EC2", "metricName": "CPUUtilization",
        "dimensions": {"InstanceId": "i-1"}, "period": "", "metricEditorMode": 0, "metricQueryType": 0,
        "datasource": reference
    });
    let with = |ref_id: &str, statistic: &str| {
        let mut query = base.clone();
        query["refId"] = json!(ref_id);
        query["statistic"] = json!(statistic);
        query
    };
    assert_eq!(
        cloudwatch["targets"],
        json!([with("A", "Average"), with("B", "Maximum")])
    );
}

#[test]
fn labels_to_fields_is_followed_by_merge() {
    let dashboard = migrate_fixture("v27_datasources.json").dashboard;
    assert_eq!(
        panel(&dashboard, 55)["transformations"],
        json!([{"id": "labelsToFields", "options": {}}, {"id": "merge", "options": {}}, {"id": "organize", "options": {}}])
    );
}

#[test]
fn recent_panel_tweaks_of_schema_35_to_42() {
    let dashboard = migrate_fixture("v34_recent_changes.json").dashboard;
    let hidden_axes = panel(&dashboard, 61);
    assert_eq!(
        hidden_axes["fieldConfig"]["overrides"],
        json!([{"matcher": {"id": "byType", "options": "time"},
                "properties": [{"id": "custom.axisPlacement", "value": "auto"}]}])
    );
    assert_eq!(
        hidden_axes["options"]["legend"],
        json!({"showLegend": false, "displayMode": "list", "placement": "right"})
    );
    assert_eq!(hidden_axes["targets"][0]["datasource"], prometheus());

    let cells = panel(&dashboard, 62);
    assert_eq!(
        cells["fieldConfig"]["defaults"]["custom"],
        json!({"align": "auto", "cellOptions": {"type": "color-background", "mode": "gradient"}})
    );
    assert_eq!(
        cells["fieldConfig"]["overrides"][0]["properties"],
        json!([
            {"id": "custom.cellOptions", "value": {"type": "gauge", "mode": "gradient"}},
            {"id": "custom.width", "value": 100}
        ])
    );
    assert_eq!(cells["datasource"], prometheus());

    assert_eq!(
        panel(&dashboard, 63)["transformations"][0]["options"],
        json!({"A": {"stat": "mean"}, "B": {"stat": "max"}})
    );

    let hidden_series = panel(&dashboard, 64);
    assert_eq!(
        hidden_series["fieldConfig"]["overrides"][0]["properties"][0]["value"],
        json!({"viz": true, "legend": false, "tooltip": true})
    );
    assert_eq!(hidden_series["options"]["legend"]["showLegend"], true);
}

#[test]
fn recent_dashboard_tweaks_of_schema_36_to_41() {
    let dashboard = migrate_fixture("v34_recent_changes.json").dashboard;
    assert_eq!(dashboard["refresh"], "");
    assert_eq!(
        dashboard["timepicker"],
        json!({"refresh_intervals": ["10s", "1m"], "hidden": false})
    );
    assert_eq!(
        dashboard["annotations"]["list"][0]["datasource"],
        json!({"type": "grafana", "uid": "-- Grafana --"}),
        "references are kept as they are"
    );
    assert_eq!(variable(&dashboard, "job")["datasource"], prometheus());
    assert_eq!(variable(&dashboard, "instance")["datasource"], prometheus());
    assert_eq!(dashboard["schemaVersion"], 42);
}
