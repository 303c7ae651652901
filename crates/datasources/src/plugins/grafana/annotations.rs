//! `queryType: annotations`: the annotations of the query's range that the caller may see,
//! as one frame, read with the model of Grafana's annotation editor for this data source:
//!
//! - `type`: `dashboard` (the default) — the annotations of the dashboard `dashboardUID`
//!   (the query's, else the request's); none without a dashboard, as in Grafana —, or
//!   `tags` — the org's annotations carrying `tags` (all of them, any with `matchAny`);
//!   none without tags;
//! - `limit`: at most this many, the latest first (100 by default, as Grafana's editor).
//!
//! The frame has the fields Grafana's panels read annotations from: `time`, `timeEnd`,
//! `text`, `tags`, `id`, `dashboardUID`, `panelId`, `userId`, `alertId`.

use serde_json::Value;
use sightline_core::Identity;
use sightline_dashboards::{Annotation, AnnotationQuery, DashboardService};
use sightline_query::frame::{DataResponse, Field, Frame, Timestamp};

use super::query::{bad_query, service_failure};
use crate::plugin::DataQuery;

/// Grafana's editor's default `limit`.
const DEFAULT_LIMIT: i64 = 100;

pub async fn run(
    dashboards: &DashboardService,
    caller: &Identity,
    query: &DataQuery,
) -> Result<DataResponse, DataResponse> {
    let model = &query.model;
    let mut search = AnnotationQuery {
        from: query.time_range.from_ms(),
        to: query.time_range.to_ms(),
        limit: model
            .get("limit")
            .and_then(Value::as_i64)
            .filter(|limit| *limit > 0)
            .unwrap_or(DEFAULT_LIMIT),
        ..AnnotationQuery::default()
    };
    match model
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("dashboard")
    {
        "dashboard" => {
            let uid = model
                .get("dashboardUID")
                .and_then(Value::as_str)
                .unwrap_or_default();
            if uid.is_empty() {
                return Ok(frame(query, &[]));
            }
            search.dashboard_uid = uid.to_string();
        }
        "tags" => {
            search.tags = tags(model);
            if search.tags.is_empty() {
                return Ok(frame(query, &[]));
            }
            search.match_any = model
                .get("matchAny")
                .and_then(Value::as_bool)
                .unwrap_or(false);
        }
        other => {
            return Err(bad_query(format!(
                "unknown annotation query type {other:?}: expected dashboard or tags"
            )))
        }
    }
    match dashboards.find_annotations(caller, &search).await {
        Ok(found) => Ok(frame(query, &found)),
        Err(error) => Err(service_failure(&error, "reading annotations")),
    }
}

/// `tags` as a list of strings (non-strings skipped).
fn tags(model: &Value) -> Vec<String> {
    model
        .get("tags")
        .and_then(Value::as_array)
        .map(|tags| {
            tags.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn frame(query: &DataQuery, annotations: &[Annotation]) -> DataResponse {
    let column = |value: fn(&Annotation) -> i64| annotations.iter().map(value).collect::<Vec<_>>();
    let times = |value: fn(&Annotation) -> i64| {
        annotations
            .iter()
            .map(|annotation| Timestamp::from_millis(value(annotation)))
            .collect::<Vec<_>>()
    };
    let frame = Frame::new("")
        .with_ref_id(query.ref_id.clone())
        .with_field(Field::new("time", times(|a| a.time)))
        .with_field(Field::new("timeEnd", times(|a| a.time_end)))
        .with_field(Field::new(
            "text",
            annotations
                .iter()
                .map(|a| a.text.clone())
                .collect::<Vec<_>>(),
        ))
        .with_field(Field::new(
            "tags",
            annotations
                .iter()
                .map(|a| Value::from(a.tags.clone()))
                .collect::<Vec<_>>(),
        ))
        .with_field(Field::new("id", column(|a| a.id)))
        .with_field(Field::new(
            "dashboardUID",
            annotations
                .iter()
                .map(|a| a.dashboard_uid.clone())
                .collect::<Vec<_>>(),
        ))
        .with_field(Field::new("panelId", column(|a| a.panel_id)))
        .with_field(Field::new("userId", column(|a| a.user_id)))
        .with_field(Field::new("alertId", column(|a| a.alert_id)));
    DataResponse::ok(vec![frame])
}
