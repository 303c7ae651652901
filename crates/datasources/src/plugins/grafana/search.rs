//! `queryType: search`: dashboards and folders the caller may see, as the frame of Grafana's
//! search (`Query results`: `kind`, `uid`, `name`, `panel_type`, `url`, `tags`, `ds_uid`,
//! `location`; `meta.custom.count`, `meta.custom.locationInfo`). The model is Grafana's
//! `search` object: `query`, `tags`, `kind` (`["dashboard"]` or `["folder"]`), `uid`,
//! `location` (a folder uid path; its last folder's children are searched), `sort`
//! (`alpha-asc`, `alpha-desc`) and `limit`.

use serde_json::{json, Map, Value};
use sightline_core::Identity;
use sightline_dashboards::{DashboardService, Hit, HitKind, SearchQuery, SearchSort};
use sightline_query::frame::{DataResponse, Field, Frame, FrameMeta};

use super::query::service_failure;
use crate::plugin::DataQuery;

pub async fn run(
    dashboards: &DashboardService,
    caller: &Identity,
    query: &DataQuery,
) -> Result<DataResponse, DataResponse> {
    let model = query.model.get("search").unwrap_or(&Value::Null);
    let search = search_query(model);
    let hits = dashboards
        .search_hits(caller, &search)
        .await
        .map_err(|error| service_failure(&error, "searching dashboards"))?;
    Ok(DataResponse::ok(vec![frame(query, &hits)]))
}

fn search_query(model: &Value) -> SearchQuery {
    let text = |key: &str| model.get(key).and_then(Value::as_str).unwrap_or_default();
    let list = |key: &str| -> Vec<String> {
        match model.get(key) {
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect(),
            Some(Value::String(item)) if !item.is_empty() => vec![item.clone()],
            _ => Vec::new(),
        }
    };
    let kinds = list("kind");
    let kind = match (
        kinds.iter().any(|kind| kind == "dashboard"),
        kinds.iter().any(|kind| kind == "folder"),
    ) {
        (true, false) => Some(HitKind::Dashboard),
        (false, true) => Some(HitKind::Folder),
        _ => None,
    };
    let folder_uids = match text("location").rsplit('/').next() {
        Some(folder) if !folder.is_empty() => vec![folder.to_string()],
        _ => Vec::new(),
    };
    SearchQuery {
        query: text("query").to_string(),
        tags: list("tags"),
        kind,
        folder_uids,
        dashboard_uids: list("uid"),
        limit: model.get("limit").and_then(Value::as_i64).unwrap_or(0),
        sort: SearchSort::parse(text("sort")),
        ..SearchQuery::default()
    }
}

fn frame(query: &DataQuery, hits: &[Hit]) -> Frame {
    let strings = |value: &dyn Fn(&Hit) -> String| hits.iter().map(value).collect::<Vec<_>>();
    let mut locations = Map::new();
    for folder in hits.iter().filter_map(|hit| hit.folder.as_ref()) {
        locations.insert(
            folder.uid.clone(),
            json!({
                "kind": "folder",
                "name": folder.title,
                "url": format!("/dashboards/f/{}/{}", folder.uid, folder.slug),
            }),
        );
    }
    let meta = FrameMeta {
        custom: Some(json!({ "count": hits.len(), "locationInfo": locations })),
        ..FrameMeta::default()
    };
    Frame::new("Query results")
        .with_ref_id(query.ref_id.clone())
        .with_meta(meta)
        .with_field(Field::new(
            "kind",
            strings(&|hit| match hit.kind {
                HitKind::Dashboard => "dashboard".into(),
                HitKind::Folder => "folder".into(),
            }),
        ))
        .with_field(Field::new("uid", strings(&|hit| hit.uid.clone())))
        .with_field(Field::new("name", strings(&|hit| hit.title.clone())))
        .with_field(Field::new("panel_type", strings(&|_| String::new())))
        .with_field(Field::new("url", strings(&url)))
        .with_field(Field::new(
            "tags",
            hits.iter()
                .map(|hit| Value::from(hit.tags.clone()))
                .collect::<Vec<_>>(),
        ))
        .with_field(Field::new(
            "ds_uid",
            hits.iter().map(|_| json!([])).collect::<Vec<_>>(),
        ))
        .with_field(Field::new(
            "location",
            strings(&|hit| {
                hit.folder
                    .as_ref()
                    .map(|folder| folder.uid.clone())
                    .unwrap_or_default()
            }),
        ))
}

fn url(hit: &Hit) -> String {
    match hit.kind {
        HitKind::Dashboard => format!("/d/{}/{}", hit.uid, hit.slug),
        HitKind::Folder => format!("/dashboards/f/{}/{}", hit.uid, hit.slug),
    }
}
