//! Schema 14 (`v14_graph_panels.json`): Angular graphs become time series, bar gauge and
//! histogram panels; rows without titles become plain grid panels.

use pretty_assertions::assert_eq;
use serde_json::{json, Value};

use super::{keys, migrate_fixture, panel};

fn dashboard() -> Value {
    migrate_fixture("v14_graph_panels.json").dashboard
}

#[test]
fn untitled_rows_become_panels_without_row_panels() {
    let dashboard = dashboard();
    let positions: Vec<(i64, Value)> = dashboard["panels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["id"].as_i64().unwrap(), p["gridPos"].clone()))
        .collect();
    assert_eq!(
        positions,
        vec![
            (11, json!({"x": 0, "y": 0, "w": 24, "h": 8})),
            (12, json!({"x": 0, "y": 8, "w": 12, "h": 8})),
            (13, json!({"x": 12, "y": 8, "w": 12, "h": 8})),
        ]
    );
    assert_eq!(
        dashboard["graphTooltip"], 0,
        "schema 14 already had graphTooltip"
    );
}

#[test]
fn graph_keeps_shared_and_unknown_keys_and_drops_its_own() {
    let dashboard = dashboard();
    let cpu = panel(&dashboard, 11);
    assert_eq!(
        keys(cpu),
        vec![
            "id",
            "type",
            "title",
            "datasource",
            "targets",
            "options",
            "fieldConfig",
            "pluginVersion",
            "description",
            "acmeAnnotation",
            "gridPos"
        ]
    );
    assert_eq!(cpu["type"], "timeseries");
    assert_eq!(cpu["acmeAnnotation"], json!({"keep": "me"}));
    assert_eq!(cpu["pluginVersion"], "7.5.0");
}

#[test]
fn axes_and_draw_style_become_field_defaults() {
    let dashboard = dashboard();
    let defaults = &panel(&dashboard, 11)["fieldConfig"]["defaults"];
    assert_eq!(
        defaults["links"],
        json!([{"title": "drill down", "url": "/d/cpu"}]),
        "old defaults kept"
    );
    assert_eq!(defaults["unit"], "percentunit");
    assert_eq!(defaults["min"], 0);
    assert_eq!(
        defaults["max"], 1,
        "a numeric string limit becomes a number"
    );
    assert!(defaults.get("decimals").is_none());
    assert_eq!(defaults["nullValueMode"], "null");
    assert_eq!(
        defaults["custom"],
        json!({
            "axisPlacement": "auto",
            "drawStyle": "line",
            "showPoints": "always",
            "pointSize": 6,
            "lineWidth": 1,
            "lineStyle": {"fill": "dash", "dash": [5, 3]},
            "fillOpacity": 30,
            "gradientMode": "opacity",
            "spanNulls": false,
            "lineInterpolation": "stepAfter",
            "stacking": {"mode": "normal", "group": "A"},
            "thresholdsStyle": {"mode": "line+area"}
        })
    );
}

#[test]
fn thresholds_below_and_above_become_steps() {
    let dashboard = dashboard();
    assert_eq!(
        panel(&dashboard, 11)["fieldConfig"]["defaults"]["thresholds"],
        json!({"mode": "absolute", "steps": [
            {"color": "#5794F2", "value": null},
            {"color": "transparent", "value": 0.2},
            {"color": "red", "value": 0.9}
        ]})
    );
}

#[test]
fn alias_colors_and_series_overrides_become_field_overrides() {
    let dashboard = dashboard();
    let overrides = panel(&dashboard, 11)["fieldConfig"]["overrides"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(
        overrides.len(),
        5,
        "one colour, three series (the alias-less one skipped), hideZero"
    );
    assert_eq!(
        overrides[0],
        json!({"matcher": {"id": "byName", "options": "user"},
               "properties": [{"id": "color", "value": {"mode": "fixed", "fixedColor": "#7EB26D"}}]})
    );
    assert_eq!(
        overrides[1],
        json!({"matcher": {"id": "byRegexp", "options": "/sys.*/"}, "properties": [
            {"id": "custom.stacking", "value": {"mode": "normal", "group": "B"}},
            {"id": "custom.fillOpacity", "value": 0},
            {"id": "color", "value": {"fixedColor": "#EAB839", "mode": "fixed"}},
            {"id": "custom.transform", "value": "negative-Y"}
        ]})
    );
    assert_eq!(
        overrides[2],
        json!({"matcher": {"id": "byName", "options": "load"}, "properties": [
            {"id": "unit", "value": "short"},
            {"id": "custom.axisLabel", "value": "load"},
            {"id": "custom.scaleDistribution", "value": {"type": "log", "log": 10}},
            {"id": "custom.lineWidth", "value": 0},
            {"id": "custom.showPoints", "value": "never"},
            {"id": "custom.drawStyle", "value": "bars"},
            {"id": "custom.fillOpacity", "value": 100},
            {"id": "custom.lineStyle", "value": {"fill": "solid", "dash": [5, 3]}}
        ]})
    );
    assert_eq!(
        overrides[3],
        json!({"matcher": {"id": "byName", "options": "iowait"},
               "properties": [{"id": "custom.fillBelowTo", "value": "user"}]})
    );
    assert_eq!(
        overrides[4],
        json!({"matcher": {"id": "byValue", "options": {"reducer": "allIsZero", "op": "gte", "value": 0}},
               "properties": [{"id": "custom.hideFrom", "value": {"tooltip": true, "viz": false, "legend": true}}]})
    );
}

#[test]
fn legend_and_tooltip_become_options_next_to_existing_ones() {
    let dashboard = dashboard();
    assert_eq!(
        panel(&dashboard, 11)["options"],
        json!({
            "alertThreshold": true,
            "legend": {
                "displayMode": "table",
                "showLegend": true,
                "placement": "right",
                "calcs": ["lastNotNull", "max", "mean"],
                "width": 250
            },
            "tooltip": {"mode": "multi", "sort": "desc"}
        })
    );
}

#[test]
fn time_regions_become_hidden_grafana_annotations() {
    let dashboard = dashboard();
    let list = dashboard["annotations"]["list"].as_array().unwrap();
    assert_eq!(
        list.len(),
        3,
        "built-in query plus two regions (the one without fill or line is dropped)"
    );
    assert_eq!(
        list[0]["datasource"],
        json!({"type": "datasource", "uid": "grafana"})
    );
    assert_eq!(list[0]["name"], "Annotations & Alerts");
    assert_eq!(
        list[1],
        json!({
            "datasource": {"type": "datasource", "uid": "grafana"},
            "enable": true,
            "hide": true,
            "filter": {"exclude": false, "ids": [11]},
            "iconColor": "green",
            "name": "T1",
            "target": {"queryType": "timeRegions", "refId": "Anno", "timeRegion": {
                "fromDayOfWeek": 1, "toDayOfWeek": 5, "from": "09:00", "to": "17:00", "timezone": "utc"
            }}
        })
    );
    assert_eq!(list[2]["name"], "T2");
    assert_eq!(list[2]["iconColor"], "white");
    assert_eq!(
        list[2]["target"]["timeRegion"],
        json!({"from": "12:00", "to": "13:00", "timezone": "utc"})
    );
}

#[test]
fn series_mode_graph_becomes_a_bar_gauge() {
    let dashboard = dashboard();
    let top_hosts = panel(&dashboard, 12);
    assert_eq!(top_hosts["type"], "bargauge");
    assert_eq!(
        top_hosts["options"],
        json!({
            "orientation": "auto",
            "reduceOptions": {"values": false, "calcs": ["lastNotNull"]},
            "legend": {"displayMode": "list", "showLegend": false, "placement": "bottom", "calcs": []}
        })
    );
    assert_eq!(
        top_hosts["fieldConfig"],
        json!({"defaults": {"color": {"mode": "palette-classic"}}, "overrides": []})
    );
    for gone in ["xaxis", "yaxes", "legend", "lines", "bars"] {
        assert!(top_hosts.get(gone).is_none(), "{gone}");
    }
}

#[test]
fn histogram_mode_graph_becomes_a_histogram_with_percent_stacking() {
    let dashboard = dashboard();
    let histogram = panel(&dashboard, 13);
    assert_eq!(histogram["type"], "histogram");
    assert_eq!(
        histogram["fieldConfig"],
        json!({"defaults": {"custom": {"stacking": {"mode": "percent", "group": "A"}}}, "overrides": []})
    );
    assert_eq!(histogram["options"]["combine"], false);
    assert_eq!(
        histogram["options"]["tooltip"],
        json!({"mode": "single", "sort": "none"})
    );
    assert_eq!(
        histogram["datasource"],
        json!({"type": "prometheus", "uid": "prom-uid"})
    );
    assert_eq!(
        histogram["targets"][0]["datasource"],
        json!({"type": "prometheus", "uid": "prom-uid"})
    );
}
