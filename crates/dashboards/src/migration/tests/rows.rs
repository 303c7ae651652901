//! Schema 6 (`v6_legacy_rows.json`): rows to grid, row panels, collapsed rows, the
//! dashboard-level upgrades of the Grafana 2–4 era, and old graph / singlestat panels.

use pretty_assertions::assert_eq;
use serde_json::json;

use super::{keys, migrate_fixture, panel};

#[test]
fn outcome_reports_the_old_version_and_a_change() {
    let outcome = migrate_fixture("v6_legacy_rows.json");
    assert_eq!(outcome.from_version, 6);
    assert!(outcome.changed);
    assert_eq!(outcome.dashboard["schemaVersion"], json!(42));
}

#[test]
fn rows_become_grid_positioned_panels_and_row_panels() {
    let dashboard = migrate_fixture("v6_legacy_rows.json").dashboard;
    assert!(dashboard.get("rows").is_none());

    let order: Vec<(i64, &str)> = dashboard["panels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["id"].as_i64().unwrap(), p["type"].as_str().unwrap()))
        .collect();
    let expected_order = vec![
        (5, "row"),
        (1, "timeseries"),
        (2, "stat"),
        (6, "row"),
        (8, "row"),
        (7, "acme-custom-panel"),
    ];
    assert_eq!(order, expected_order);

    // (panel id, gridPos): rows of 250px, 300px and 200px are 7, 8 and 6 grid units high;
    // each row header takes one unit; a collapsed row takes only its header.
    let cases = [
        (5, json!({"x": 0, "y": 0, "w": 24, "h": 7})),
        (1, json!({"x": 0, "y": 1, "w": 16, "h": 7})),
        (2, json!({"x": 16, "y": 1, "w": 8, "h": 7})),
        (6, json!({"x": 0, "y": 8, "w": 24, "h": 8})),
        (3, json!({"x": 0, "y": 9, "w": 12, "h": 8})),
        (4, json!({"x": 12, "y": 9, "w": 12, "h": 4})),
        (8, json!({"x": 0, "y": 9, "w": 24, "h": 6})),
        (7, json!({"x": 0, "y": 10, "w": 24, "h": 6})),
    ];
    for (id, grid_pos) in cases {
        assert_eq!(
            panel(&dashboard, id)["gridPos"],
            grid_pos,
            "gridPos of panel {id}"
        );
        assert!(
            panel(&dashboard, id).get("span").is_none(),
            "span of panel {id}"
        );
    }
}

#[test]
fn row_panels_carry_title_collapse_and_their_collapsed_panels() {
    let dashboard = migrate_fixture("v6_legacy_rows.json").dashboard;
    let overview = panel(&dashboard, 5);
    assert_eq!(overview["title"], "Overview");
    assert_eq!(overview["collapsed"], false);
    assert_eq!(overview["panels"], json!([]));

    let details = panel(&dashboard, 6);
    assert_eq!(details["title"], "Details");
    assert_eq!(details["collapsed"], true);
    let nested: Vec<i64> = details["panels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_i64().unwrap())
        .collect();
    assert_eq!(nested, vec![3, 4]);
    assert_eq!(details["panels"][0]["content"], "# Runbook");

    let extras = panel(&dashboard, 8);
    assert_eq!(extras["title"], "Extras");
    assert!(
        extras.get("collapsed").is_none(),
        "a row without `collapse` gets no `collapsed`"
    );
}

#[test]
fn a_panel_without_id_gets_one_and_keeps_its_unknown_settings() {
    let dashboard = migrate_fixture("v6_legacy_rows.json").dashboard;
    let custom = panel(&dashboard, 7);
    assert_eq!(custom["type"], "acme-custom-panel");
    assert_eq!(custom["customSetting"], json!({"level": 1}));
    assert_eq!(custom["title"], "No id");
    assert_eq!(
        custom["datasource"],
        json!(null),
        "schema 33 writes the default as null"
    );
}

#[test]
fn dashboard_level_upgrades_of_schema_7_to_14() {
    let dashboard = migrate_fixture("v6_legacy_rows.json").dashboard;
    assert!(dashboard.get("nav").is_none());
    assert!(dashboard.get("sharedCrosshair").is_none());
    assert_eq!(dashboard["graphTooltip"], 1);
    assert_eq!(
        dashboard["timepicker"],
        json!({"type": "timepicker", "enable": true, "now": true, "refresh_intervals": ["5s", "1m"]}),
        "nav[0] without the obsolete time_options"
    );
    assert_eq!(
        dashboard["annotations"]["list"],
        json!([{"name": "deploys", "datasource": {"type": "graphite", "uid": "graphite-uid"}, "enable": true, "target": "events.deploy"}])
    );
    assert_eq!(dashboard["refresh"], "");
    assert_eq!(dashboard["tags"], json!(["legacy"]));
}

#[test]
fn variables_of_schema_6_are_upgraded_through_schema_36() {
    let dashboard = migrate_fixture("v6_legacy_rows.json").dashboard;
    let host = &dashboard["templating"]["list"][0];
    assert_eq!(host["type"], "query");
    assert_eq!(host["refresh"], 1);
    assert_eq!(host["hide"], 1);
    assert_eq!(
        host["current"],
        json!({"text": ["web1"], "value": ["web1"]})
    );
    assert_eq!(host["options"], json!([]));
    assert!(
        host.get("datasource").is_none(),
        "only an explicit null gets the default"
    );

    let env = &dashboard["templating"]["list"][1];
    assert_eq!(
        env["refresh"], 1,
        "0 at schema 12, then at least 1 for query variables at 29"
    );
    assert_eq!(env["hide"], 2);
    assert_eq!(
        env["datasource"],
        json!({"type": "prometheus", "uid": "prom-uid"})
    );
}

#[test]
fn old_graph_axes_thresholds_and_links_reach_the_time_series() {
    let dashboard = migrate_fixture("v6_legacy_rows.json").dashboard;
    let requests = panel(&dashboard, 1);
    assert_eq!(requests["type"], "timeseries");
    assert_eq!(
        keys(requests),
        vec![
            "id",
            "type",
            "title",
            "datasource",
            "targets",
            "links",
            "gridPos",
            "fieldConfig",
            "options"
        ]
    );
    assert_eq!(
        requests["datasource"],
        json!({"type": "graphite", "uid": "graphite-uid"})
    );
    assert_eq!(
        requests["targets"],
        json!([
            {"target": "sum(requests)", "refId": "A", "datasource": {"type": "graphite", "uid": "graphite-uid"}},
            {"refId": "B", "target": "errors", "datasource": {"type": "graphite", "uid": "graphite-uid"}}
        ])
    );
    assert_eq!(
        requests["links"],
        json!([{"url": "dashboard/db/backend-details?$__url_time_range", "title": "Details"}])
    );

    let defaults = &requests["fieldConfig"]["defaults"];
    assert_eq!(defaults["unit"], "short");
    assert_eq!(defaults["min"], 0);
    assert!(defaults.get("max").is_none());
    assert_eq!(defaults["nullValueMode"], "connected");
    assert_eq!(
        defaults["custom"],
        json!({
            "axisPlacement": "auto",
            "axisLabel": "req/s",
            "drawStyle": "line",
            "showPoints": "never",
            "lineWidth": 2,
            "fillOpacity": 10,
            "spanNulls": true,
            "thresholdsStyle": {"mode": "area"}
        })
    );
    assert_eq!(
        defaults["thresholds"],
        json!({"mode": "absolute", "steps": [
            {"color": "transparent", "value": null},
            {"color": "rgba(216, 200, 27, 0.27)", "value": 100},
            {"color": "rgba(234, 112, 112, 0.22)", "value": 200}
        ]})
    );
    assert_eq!(
        requests["fieldConfig"]["overrides"],
        json!([
            {"matcher": {"id": "byName", "options": "errors"},
             "properties": [{"id": "color", "value": {"mode": "fixed", "fixedColor": "#BF1B00"}}]},
            {"matcher": {"id": "byName", "options": "errors"},
             "properties": [{"id": "unit", "value": "ms"}, {"id": "custom.lineWidth", "value": 1}]}
        ])
    );
    assert_eq!(
        requests["options"],
        json!({
            "legend": {"displayMode": "list", "showLegend": true, "placement": "bottom", "calcs": []},
            "tooltip": {"mode": "single", "sort": "none"}
        })
    );
}

#[test]
fn graph_in_a_collapsed_row_gets_bars_log_axis_and_the_default_datasource() {
    let dashboard = migrate_fixture("v6_legacy_rows.json").dashboard;
    let latency = panel(&dashboard, 4);
    assert_eq!(latency["type"], "timeseries");
    assert_eq!(
        latency["datasource"],
        json!({"type": "prometheus", "uid": "prom-uid"})
    );
    assert_eq!(
        latency["targets"][0]["datasource"],
        json!({"type": "prometheus", "uid": "prom-uid"})
    );
    assert_eq!(
        latency["fieldConfig"]["defaults"],
        json!({
            "unit": "ms",
            "decimals": 2,
            "min": 0,
            "custom": {
                "axisPlacement": "auto",
                "scaleDistribution": {"type": "log", "log": 2},
                "drawStyle": "bars",
                "showPoints": "never",
                "fillOpacity": 100,
                "spanNulls": false
            }
        })
    );
    assert_eq!(
        latency["fieldConfig"]["overrides"],
        json!([{"matcher": {"id": "byType", "options": "time"},
                "properties": [{"id": "custom.axisPlacement", "value": "hidden"}]}])
    );
    assert_eq!(latency["options"]["legend"]["showLegend"], false);
    assert!(
        latency.get("height").is_some(),
        "Grafana keeps the old pixel height"
    );
}

#[test]
fn old_singlestat_becomes_a_stat_with_steps_mappings_and_percent_range() {
    let dashboard = migrate_fixture("v6_legacy_rows.json").dashboard;
    let uptime = panel(&dashboard, 2);
    assert_eq!(uptime["type"], "stat");
    assert_eq!(
        keys(uptime),
        vec![
            "id",
            "type",
            "title",
            "datasource",
            "targets",
            "gridPos",
            "fieldConfig",
            "options"
        ]
    );
    assert_eq!(
        uptime["options"],
        json!({
            "reduceOptions": {"calcs": ["lastNotNull"]},
            "orientation": "horizontal",
            "graphMode": "area",
            "colorMode": "value"
        })
    );
    assert_eq!(
        uptime["fieldConfig"],
        json!({
            "defaults": {
                "unit": "percent",
                "nullValueMode": "connected",
                "decimals": 1,
                "thresholds": {"mode": "absolute", "steps": [
                    {"value": null, "color": "#d44a3a"},
                    {"value": 90, "color": "rgba(237, 129, 40, 0.89)"},
                    {"value": 99, "color": "#299c46"}
                ]},
                "mappings": [{"type": "special", "options": {"match": "null", "result": {"text": "N/A"}}}],
                "min": 0,
                "max": 100
            },
            "overrides": []
        }),
        "schema 9 dropped the first of three thresholds"
    );
}
