//! The built-in data source without a database: its model, `randomWalk`, refused query
//! types. Annotations and search run against real databases in the end-to-end suite.

use std::collections::BTreeMap;

use serde_json::{json, Value};
use sightline_query::frame::FieldType;
use sightline_query::time::TimeRange;

use super::{data_source, GrafanaPlugin, ID, NAME, TYPE_ID, UID};
use crate::plugin::{DataQuery, DataSourcePlugin, PluginContext, QueryRequest};

const FROM: i64 = 1_700_000_000_000;

fn query(ref_id: &str, query_type: &str, model: Value) -> DataQuery {
    DataQuery {
        ref_id: ref_id.into(),
        query_type: query_type.into(),
        time_range: TimeRange::new(FROM, FROM + 3_600_000).expect("range"),
        interval_ms: 60_000,
        max_data_points: 1000,
        model,
    }
}

async fn run(queries: Vec<DataQuery>) -> BTreeMap<String, sightline_query::frame::DataResponse> {
    let request = QueryRequest {
        context: PluginContext {
            org_id: 3,
            data_source: data_source(3),
            secure_json_data: BTreeMap::new(),
            user: None,
        },
        data_source_queries: queries.len(),
        queries,
    };
    GrafanaPlugin::default().query_data(request).await
}

#[test]
fn the_model_is_grafanas_built_in() {
    let model = data_source(7);
    assert_eq!(
        (
            model.id,
            model.uid.as_str(),
            model.name.as_str(),
            model.type_id.as_str()
        ),
        (ID, UID, NAME, TYPE_ID)
    );
    assert_eq!((model.id, model.org_id), (-1, 7));
    assert!(model.json_data.is_empty());
}

#[tokio::test]
async fn random_walk_ignores_the_query_settings() {
    let results = run(vec![query(
        "A",
        "randomWalk",
        json!({"refId": "A", "queryType": "randomWalk", "seriesCount": 5, "alias": "x"}),
    )])
    .await;
    let answer = &results["A"];
    assert_eq!(answer.error, None);
    assert_eq!(answer.frames.len(), 1, "one series, as Grafana's defaults");
    let frame = &answer.frames[0];
    assert_eq!(frame.ref_id, "A");
    assert_eq!(frame.fields[0].field_type(), FieldType::Time);
    assert_eq!(frame.fields[1].name, "A-series");
    assert_eq!(frame.fields[0].len(), 60, "one point per interval");
}

#[tokio::test]
async fn unknown_and_unserved_query_types_fail_alone() {
    let results = run(vec![
        query("A", "", json!({})),
        query("B", "list", json!({"path": ""})),
        query("C", "annotations", json!({"type": "dashboard"})),
        query("D", "randomWalk", json!({})),
    ])
    .await;
    assert_eq!(results["A"].error.as_deref(), Some("unknown query type"));
    assert!(results["B"]
        .error
        .as_deref()
        .is_some_and(|error| error.contains("public files")));
    assert!(
        results["C"].error.is_some(),
        "no dashboards service in this plugin"
    );
    assert_eq!(results["D"].error, None);
}
