//! One case per schema step: a dashboard just below the step's version, migrated to the
//! current schema, and the JSON pointers the step is responsible for.

use pretty_assertions::assert_eq;
use serde_json::{json, Value};

use super::super::migrate;
use super::TestDataSources;

/// `(step, dashboard, [(pointer, expected value or None for absent)])`.
type Case = (&'static str, Value, Vec<(&'static str, Option<Value>)>);

fn cases() -> Vec<Case> {
    vec![
        (
            "7: queries without refId get the first free letter",
            json!({"schemaVersion": 6, "panels": [{"type": "text", "targets": [{"refId": "A"}, {"expr": "x"}]}]}),
            vec![("/panels/0/targets/1/refId", Some(json!("B")))],
        ),
        (
            "8: raw InfluxDB queries drop their field list",
            json!({"schemaVersion": 7, "panels": [{"type": "text", "targets": [
                {"refId": "A", "rawQuery": true, "fields": [{"name": "v"}], "tags": [], "groupBy": [], "fill": "0", "query": "SELECT 1"}
            ]}]}),
            vec![
                ("/panels/0/targets/0/fields", None),
                ("/panels/0/targets/0/fill", None),
                ("/panels/0/targets/0/query", Some(json!("SELECT 1"))),
            ],
        ),
        (
            "9: two singlestat thresholds are left as they are",
            json!({"schemaVersion": 8, "panels": [{"id": 1, "type": "singlestat", "thresholds": "50,80", "colors": ["a", "b", "c"]}]}),
            vec![(
                "/panels/0/fieldConfig/defaults/thresholds/steps/1/value",
                Some(json!(50)),
            )],
        ),
        (
            "10: table style thresholds of three levels lose the first",
            json!({"schemaVersion": 9, "panels": [{"id": 1, "type": "table", "styles": [
                {"pattern": "v", "thresholds": ["1", "2", "3"], "colors": ["a", "b", "c"]}
            ]}]}),
            vec![(
                "/panels/0/fieldConfig/overrides/0/properties/1/value/steps",
                Some(
                    json!([{"color": "a", "value": null}, {"color": "b", "value": 2}, {"color": "c", "value": 3}]),
                ),
            )],
        ),
        (
            "12: hideLabel becomes hide 1 and a truthy refresh 1",
            json!({"schemaVersion": 11, "templating": {"list": [{"name": "v", "type": "custom", "refresh": 5, "hideLabel": true}]}}),
            vec![
                ("/templating/list/0/hide", Some(json!(1))),
                ("/templating/list/0/refresh", Some(json!(1))),
            ],
        ),
        (
            "13: a single grid threshold becomes a line threshold step",
            json!({"schemaVersion": 12, "panels": [{"id": 1, "type": "graph", "grid": {
                "threshold1": 5, "threshold1Color": "#f00", "threshold2": null, "thresholdLine": true
            }}]}),
            vec![
                (
                    "/panels/0/fieldConfig/defaults/custom/thresholdsStyle/mode",
                    Some(json!("line")),
                ),
                (
                    "/panels/0/fieldConfig/defaults/thresholds/steps/1",
                    Some(json!({"color": "#f00", "value": 5})),
                ),
                ("/panels/0/grid", None),
            ],
        ),
        (
            "14: no sharedCrosshair means no shared tooltip",
            json!({"schemaVersion": 13, "graphTooltip": 2}),
            vec![("/graphTooltip", Some(json!(0)))],
        ),
        (
            "17: a minSpan smaller than any factor clears maxPerRow",
            json!({"schemaVersion": 16, "panels": [{"type": "text", "minSpan": 0.5, "maxPerRow": 4}]}),
            vec![("/panels/0/maxPerRow", None), ("/panels/0/minSpan", None)],
        ),
        (
            "19: a link to a dashboard name is slugified",
            json!({"schemaVersion": 18, "panels": [{"type": "text", "links": [{"dashboard": "CPU & Memory", "targetBlank": false}]}]}),
            vec![(
                "/panels/0/links/0",
                Some(json!({"url": "dashboard/db/cpu-memory", "targetBlank": false})),
            )],
        ),
        (
            "20 and 21: field option link variables are renamed",
            json!({"schemaVersion": 19, "panels": [{"type": "stat", "options": {"fieldOptions": {"defaults": {
                "links": [{"url": "?a=$__field_name&b=__series_labels.x"}]
            }}}}]}),
            vec![(
                "/panels/0/options/fieldOptions/defaults/links/0/url",
                Some(json!("?a=${__field.name}&b=__field.labels.x")),
            )],
        ),
        (
            "23: an empty multi-value selection becomes an empty single value",
            json!({"schemaVersion": 22, "templating": {"list": [
                {"name": "v", "type": "custom", "multi": false, "current": {"text": [], "value": []}}
            ]}}),
            vec![(
                "/templating/list/0/current",
                Some(json!({"text": "", "value": ""})),
            )],
        ),
        (
            "24: a table without styles is already the React table",
            json!({"schemaVersion": 23, "panels": [{"id": 1, "type": "table", "options": {"showHeader": true}}]}),
            vec![
                ("/panels/0/type", Some(json!("table"))),
                ("/panels/0/options", Some(json!({"showHeader": true}))),
            ],
        ),
        (
            "24: a table marked table2 keeps its styles",
            json!({"schemaVersion": 23, "panels": [{"id": 1, "type": "table", "table": "table2", "styles": []}]}),
            vec![
                ("/panels/0/type", Some(json!("table"))),
                ("/panels/0/styles", Some(json!([]))),
            ],
        ),
        (
            "26: text2 without options is still renamed",
            json!({"schemaVersion": 25, "panels": [{"type": "text2"}]}),
            vec![("/panels/0/type", Some(json!("text")))],
        ),
        (
            "28: truthy tag fields are removed",
            json!({"schemaVersion": 27, "templating": {"list": [{"name": "v", "type": "custom", "useTags": true}]}}),
            vec![("/templating/list/0/useTags", None)],
        ),
        (
            "29: query variables refreshing on time range change keep it",
            json!({"schemaVersion": 28, "templating": {"list": [{"name": "v", "type": "query", "refresh": 2, "options": []}]}}),
            vec![
                ("/templating/list/0/refresh", Some(json!(2))),
                ("/templating/list/0/options", Some(json!([]))),
            ],
        ),
        (
            "30: xychart tooltipOptions become tooltip",
            json!({"schemaVersion": 29, "panels": [{"type": "xychart", "options": {"tooltipOptions": {"mode": "single"}}}]}),
            vec![(
                "/panels/0/options",
                Some(json!({"tooltip": {"mode": "single"}})),
            )],
        ),
        (
            "33: the panel data source name becomes a reference",
            json!({"schemaVersion": 32, "panels": [{"type": "text", "datasource": "Loki"}]}),
            vec![(
                "/panels/0/datasource",
                Some(json!({"type": "loki", "uid": "loki-uid"})),
            )],
        ),
        (
            "34: a single CloudWatch statistic becomes statistic",
            json!({"schemaVersion": 33, "panels": [{"type": "timeseries", "datasource": {"uid": "cw"}, "targets": [
                {"refId": "A", "dimensions": {}, "namespace": "n", "region": "r", "metricName": "m", "statistics": ["Sum"], "metricEditorMode": 1}
            ]}]}),
            vec![
                ("/panels/0/targets/0/statistic", Some(json!("Sum"))),
                ("/panels/0/targets/0/metricEditorMode", Some(json!(1))),
                ("/panels/0/targets/0/metricQueryType", Some(json!(0))),
                ("/panels/0/targets/1", None),
            ],
        ),
        (
            "35: visible axes need no override",
            json!({"schemaVersion": 34, "panels": [{"type": "timeseries", "fieldConfig": {"defaults": {"custom": {"axisPlacement": "left"}}, "overrides": []}}]}),
            vec![("/panels/0/fieldConfig/overrides", Some(json!([])))],
        ),
        (
            "36: a panel without queries keeps an unset data source",
            json!({"schemaVersion": 35, "panels": [{"type": "text", "datasource": null}]}),
            vec![
                ("/panels/0/datasource", Some(json!(null))),
                ("/panels/0/targets", None),
            ],
        ),
        (
            "37: a visible legend is marked shown",
            json!({"schemaVersion": 36, "panels": [{"type": "piechart", "options": {"legend": {"displayMode": "table"}}}]}),
            vec![(
                "/panels/0/options/legend",
                Some(json!({"displayMode": "table", "showLegend": true})),
            )],
        ),
        (
            "38: an unknown display mode becomes a cell type of the same name",
            json!({"schemaVersion": 37, "panels": [{"type": "table", "fieldConfig": {"defaults": {"custom": {"displayMode": "json-view"}}, "overrides": []}}]}),
            vec![(
                "/panels/0/fieldConfig/defaults/custom",
                Some(json!({"cellOptions": {"type": "json-view"}})),
            )],
        ),
        (
            "39: timeSeriesTable without refIdToStat is left alone",
            json!({"schemaVersion": 38, "panels": [{"type": "table", "transformations": [{"id": "timeSeriesTable", "options": {}}]}]}),
            vec![("/panels/0/transformations/0/options", Some(json!({})))],
        ),
        (
            "40: a string refresh is kept",
            json!({"schemaVersion": 39, "refresh": "5m"}),
            vec![("/refresh", Some(json!("5m")))],
        ),
        (
            "41: a time picker without time_options is untouched",
            json!({"schemaVersion": 40, "timepicker": {"hidden": true}}),
            vec![("/timepicker", Some(json!({"hidden": true})))],
        ),
        (
            "42: a field shown in the visualization keeps its tooltip setting",
            json!({"schemaVersion": 41, "panels": [{"type": "timeseries", "fieldConfig": {"defaults": {}, "overrides": [
                {"matcher": {"id": "byName", "options": "a"}, "properties": [{"id": "custom.hideFrom", "value": {"viz": false, "tooltip": false}}]}
            ]}}]}),
            vec![(
                "/panels/0/fieldConfig/overrides/0/properties/0/value",
                Some(json!({"viz": false, "tooltip": false})),
            )],
        ),
    ]
}

#[test]
fn each_step_rewrites_what_it_owns() {
    for (step, dashboard, expectations) in cases() {
        let migrated = migrate(dashboard, &TestDataSources)
            .unwrap_or_else(|e| panic!("{step}: {e}"))
            .dashboard;
        assert_eq!(migrated["schemaVersion"], 42, "{step}");
        for (pointer, expected) in expectations {
            assert_eq!(
                migrated.pointer(pointer),
                expected.as_ref(),
                "{step}: {pointer}"
            );
        }
    }
}
