//! Schema 16 (`v16_singlestat_panels.json`) and 19 (`v19_tables_and_links.json`):
//! singlestat to stat / gauge, gauge options, panel links, `minSpan`, Angular tables to the
//! React table, `text2`, and data link variables.

use pretty_assertions::assert_eq;
use serde_json::{json, Value};

use super::{keys, migrate_fixture, panel};

fn singlestats() -> Value {
    migrate_fixture("v16_singlestat_panels.json").dashboard
}

fn tables() -> Value {
    migrate_fixture("v19_tables_and_links.json").dashboard
}

#[test]
fn sparkline_singlestat_becomes_an_area_stat_with_fixed_colour_and_prefix_unit() {
    let dashboard = singlestats();
    let revenue = panel(&dashboard, 21);
    assert_eq!(revenue["type"], "stat");
    assert_eq!(
        revenue["options"],
        json!({
            "reduceOptions": {"calcs": ["mean"], "fields": "/^value$/"},
            "orientation": "horizontal",
            "graphMode": "area",
            "colorMode": "none"
        })
    );
    assert_eq!(
        revenue["fieldConfig"]["defaults"],
        json!({
            "unit": "prefix:$",
            "noValue": "-",
            "decimals": 0,
            "mappings": [
                {"type": "range", "options": {"from": 0, "to": 50, "result": {"text": "low"}}},
                {"type": "special", "options": {"match": "null", "result": {"text": "unknown"}}}
            ],
            "color": {"mode": "fixed", "fixedColor": "rgb(31, 120, 193)"}
        })
    );
    assert_eq!(
        revenue["links"],
        json!([{"url": "https://shop.example.com", "title": "Shop", "targetBlank": true}])
    );
    assert_eq!(
        keys(revenue),
        vec![
            "id",
            "type",
            "title",
            "gridPos",
            "datasource",
            "targets",
            "links",
            "fieldConfig",
            "options"
        ]
    );
}

#[test]
fn singlestat_with_a_visible_gauge_becomes_a_gauge() {
    let dashboard = singlestats();
    let disk = panel(&dashboard, 22);
    assert_eq!(disk["type"], "gauge");
    assert_eq!(
        disk["options"],
        json!({
            "reduceOptions": {"calcs": ["max"]},
            "orientation": "horizontal",
            "showThresholdMarkers": true,
            "showThresholdLabels": true
        })
    );
    assert_eq!(
        disk["fieldConfig"]["defaults"],
        json!({
            "unit": "short",
            "thresholds": {"mode": "absolute", "steps": [
                {"value": null, "color": "#299c46"},
                {"value": 100, "color": "#e5ac0e"},
                {"value": 150, "color": "#bf1b00"}
            ]},
            "mappings": [{"type": "value", "options": {"1": {"text": "120", "color": "#e5ac0e"}}}],
            "min": 0,
            "max": 200
        }),
        "a numeric mapped text takes its threshold colour"
    );
    assert!(disk.get("gauge").is_none());
    assert!(disk.get("valueMaps").is_none());
}

#[test]
fn plugin_singlestat_becomes_a_stat_showing_the_series_name() {
    let dashboard = singlestats();
    let host = panel(&dashboard, 23);
    assert_eq!(host["type"], "stat");
    assert_eq!(host["options"]["reduceOptions"], json!({"calcs": ["mean"]}));
    assert_eq!(host["options"]["textMode"], "name");
    assert_eq!(host["options"]["colorMode"], "none");
    assert_eq!(host["options"]["graphMode"], "none");
    assert_eq!(
        host["fieldConfig"]["defaults"],
        json!({"unit": "percentunit", "min": 0, "max": 1})
    );
}

#[test]
fn min_span_becomes_max_per_row_and_old_links_get_urls() {
    let dashboard = singlestats();
    let links = panel(&dashboard, 24);
    assert_eq!(links["maxPerRow"], 3);
    assert!(links.get("minSpan").is_none());
    assert_eq!(
        links["links"],
        json!([{"url": "dashboard/db/ops?$__all_variables&var-x=1", "title": "Ops"}])
    );
    assert_eq!(links["type"], "text");
    assert_eq!(links["datasource"], json!(null));
}

#[test]
fn gauge_options_move_out_of_options_gauge() {
    let dashboard = singlestats();
    let gauge = panel(&dashboard, 25);
    assert!(gauge.get("options-gauge").is_none());
    assert_eq!(
        gauge["options"],
        json!({
            "thresholds": [
                {"index": 0, "value": null, "color": "green"},
                {"index": 1, "value": 80, "color": "red"}
            ],
            "showThresholdMarkers": true,
            "valueOptions": {"unit": "ms", "stat": "avg", "decimals": 1, "prefix": "", "suffix": ""}
        })
    );
}

#[test]
fn angular_table_becomes_a_table_with_defaults_from_the_catch_all_style() {
    let dashboard = tables();
    let hosts = panel(&dashboard, 31);
    assert_eq!(hosts["type"], "table");
    assert_eq!(
        keys(hosts),
        vec![
            "id",
            "type",
            "title",
            "gridPos",
            "datasource",
            "targets",
            "transformations",
            "fieldConfig"
        ]
    );
    assert_eq!(
        hosts["transformations"],
        json!([{"id": "merge", "options": {"reducers": []}}])
    );
    assert_eq!(
        hosts["fieldConfig"]["defaults"],
        json!({
            "unit": "short",
            "decimals": 1,
            "displayName": "",
            "thresholds": {"mode": "absolute", "steps": [
                {"color": "green", "value": null},
                {"color": "red", "value": 10}
            ]},
            "custom": {"align": null, "cellOptions": {"type": "color-text"}}
        })
    );
}

#[test]
fn table_styles_become_overrides() {
    let dashboard = tables();
    let overrides = panel(&dashboard, 31)["fieldConfig"]["overrides"]
        .as_array()
        .unwrap()
        .clone();
    let align_auto = json!({"id": "custom.align", "value": null});
    assert_eq!(
        overrides,
        vec![
            json!({"matcher": {"id": "byName", "options": "Time"}, "properties": [
                {"id": "displayName", "value": "Time"},
                {"id": "unit", "value": "time: YYYY-MM-DD HH:mm:ss"},
                align_auto
            ]}),
            json!({"matcher": {"id": "byRegexp", "options": "/^cpu_/"}, "properties": [
                {"id": "unit", "value": "percent"},
                {"id": "decimals", "value": 2},
                {"id": "custom.cellOptions", "value": {"type": "color-background"}},
                align_auto,
                {"id": "thresholds", "value": {"mode": "absolute", "steps": [
                    {"color": "rgba(245, 54, 54, 0.9)", "value": null},
                    {"color": "rgba(237, 129, 40, 0.89)", "value": 50},
                    {"color": "rgba(50, 172, 45, 0.97)", "value": 80}
                ]}}
            ]}),
            json!({"matcher": {"id": "byName", "options": "__name__"}, "properties": [
                {"id": "custom.hidden", "value": true},
                align_auto
            ]}),
            json!({"matcher": {"id": "byName", "options": "instance"}, "properties": [
                {"id": "links", "value": [{"title": "open", "url": "https://${__cell}", "targetBlank": true}]},
                align_auto
            ]}),
        ],
        "schema 22 set every style to align auto; string levels are read as integers"
    );
}

#[test]
fn text2_becomes_text_without_its_angular_leftovers() {
    let dashboard = tables();
    let readme = panel(&dashboard, 32);
    assert_eq!(readme["type"], "text");
    assert_eq!(
        readme["options"],
        json!({"mode": "markdown", "content": "hello"})
    );
}

#[test]
fn data_link_variables_are_renamed_and_kept_on_the_converted_graph() {
    let dashboard = tables();
    let requests = panel(&dashboard, 33);
    assert_eq!(requests["type"], "timeseries");
    assert_eq!(
        requests["options"]["dataLinks"],
        json!([{"title": "explore", "url": "/explore?series=${__series.name}&t=__value.time&job=${__field.labels.job}"}])
    );
    assert_eq!(
        requests["fieldConfig"]["defaults"]["custom"]["lineWidth"],
        1
    );
}

#[test]
fn field_option_titles_and_links_use_the_dotted_variables() {
    let dashboard = tables();
    let per_field = panel(&dashboard, 34);
    assert_eq!(
        per_field["type"], "bargauge",
        "React panels keep their type"
    );
    assert_eq!(
        per_field["options"]["fieldOptions"]["defaults"],
        json!({"title": "${__field.name}", "links": [{"title": "more", "url": "/d/x?var=${__field.name}"}]})
    );
    assert_eq!(per_field["pluginVersion"], "6.4.0");
}
