//! `/api/annotations`: org and dashboard annotations, their tags, and Graphite-style events.
//! Who may see and write which annotation is the dashboards domain's decision, not ours.

use std::collections::HashMap;

use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use sightline_dashboards::{
    Annotation, AnnotationChange, AnnotationKind, AnnotationQuery, MassDelete, NewAnnotation,
};

use crate::auth::Authenticated;
use crate::dto::avatar_url;
use crate::error::{message, ApiError, ApiResult};
use crate::extract::{JsonBody, PathParams, QueryParams};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/annotations",
            get(find_annotations).post(create_annotation),
        )
        .route("/api/annotations/graphite", post(create_graphite_event))
        .route("/api/annotations/tags", get(annotation_tags))
        .route(
            "/api/annotations/mass-delete",
            post(mass_delete_annotations),
        )
        .route(
            "/api/annotations/{id}",
            get(get_annotation)
                .put(update_annotation)
                .patch(patch_annotation)
                .delete(delete_annotation),
        )
}

/// A query parameter that must be a number; empty counts as absent (0), as in Grafana.
fn number(name: &str, value: &str) -> Result<i64, ApiError> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(0);
    }
    value.parse().map_err(|_| {
        ApiError::bad_request(format!(
            "invalid query parameter {name}: {value:?} is not a number"
        ))
    })
}

/// Reads Grafana's annotation search parameters; `tags` may repeat. Unknown `type` values
/// (Grafana's UI sends `dashboard` and `tags`) filter nothing, as in Grafana.
fn annotation_query(pairs: Vec<(String, String)>) -> Result<AnnotationQuery, ApiError> {
    let mut query = AnnotationQuery::default();
    for (name, value) in pairs {
        match name.as_str() {
            "from" => query.from = number("from", &value)?,
            "to" => query.to = number("to", &value)?,
            "dashboardUID" => query.dashboard_uid = value.trim().to_string(),
            "dashboardId" => query.dashboard_id = number("dashboardId", &value)?,
            "panelId" => query.panel_id = number("panelId", &value)?,
            "userId" => query.user_id = number("userId", &value)?,
            "alertId" => query.alert_id = number("alertId", &value)?,
            "limit" => query.limit = number("limit", &value)?,
            "tags" => query.tags.push(value),
            "matchAny" => query.match_any = value.eq_ignore_ascii_case("true") || value == "1",
            "type" => {
                query.kind = match value.as_str() {
                    "alert" => Some(AnnotationKind::Alert),
                    "annotation" => Some(AnnotationKind::Annotation),
                    _ => None,
                }
            }
            _ => {}
        }
    }
    Ok(query)
}

/// The login and email of whoever wrote an annotation; empty for anonymous visitors.
#[derive(Clone, Default)]
struct Author {
    login: String,
    email: String,
}

/// Looks authors up once per request, however many annotations they wrote.
struct Authors<'a> {
    state: &'a AppState,
    known: HashMap<i64, Author>,
}

impl<'a> Authors<'a> {
    fn new(state: &'a AppState) -> Self {
        Authors {
            state,
            known: HashMap::new(),
        }
    }

    async fn of(&mut self, user_id: i64) -> ApiResult<Author> {
        if let Some(author) = self.known.get(&user_id) {
            return Ok(author.clone());
        }
        let author = match user_id {
            id if id > 0 => self
                .state
                .identity
                .find_user(id)
                .await?
                .map(|user| Author {
                    login: user.login,
                    email: user.email,
                })
                .unwrap_or_default(),
            _ => Author::default(),
        };
        self.known.insert(user_id, author.clone());
        Ok(author)
    }
}

/// An annotation in Grafana's shape. `created` and `updated` are epoch milliseconds there.
fn annotation_json(annotation: &Annotation, author: &Author) -> Value {
    let avatar = match author.email.as_str() {
        "" => String::new(),
        email => avatar_url(email),
    };
    let data = match &annotation.data {
        Value::Null => json!({}),
        data => data.clone(),
    };
    json!({
        "id": annotation.id,
        "alertId": annotation.alert_id,
        "alertName": "",
        "dashboardId": annotation.dashboard_id,
        "dashboardUID": annotation.dashboard_uid,
        "panelId": annotation.panel_id,
        "userId": annotation.user_id,
        "newState": "",
        "prevState": "",
        "created": annotation.created.saturating_mul(1000),
        "updated": annotation.updated.saturating_mul(1000),
        "time": annotation.time,
        "timeEnd": annotation.time_end,
        "text": annotation.text,
        "tags": annotation.tags,
        "login": author.login,
        "email": author.email,
        "avatarUrl": avatar,
        "data": data,
    })
}

async fn find_annotations(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    QueryParams(pairs): QueryParams<Vec<(String, String)>>,
) -> ApiResult<Json<Value>> {
    let query = annotation_query(pairs)?;
    let found = state.dashboards.find_annotations(&caller, &query).await?;
    let mut authors = Authors::new(&state);
    let mut list = Vec::with_capacity(found.len());
    for annotation in &found {
        let author = authors.of(annotation.user_id).await?;
        list.push(annotation_json(annotation, &author));
    }
    Ok(Json(Value::Array(list)))
}

async fn get_annotation(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(id): PathParams<i64>,
) -> ApiResult<Json<Value>> {
    let annotation = state.dashboards.get_annotation(&caller, id).await?;
    let author = Authors::new(&state).of(annotation.user_id).await?;
    Ok(Json(annotation_json(&annotation, &author)))
}

/// `POST /api/annotations`. Without `dashboardUID` (or the deprecated `dashboardId`) the
/// annotation belongs to the org.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CreateBody {
    #[serde(rename = "dashboardUID", alias = "dashboardUid")]
    dashboard_uid: Option<String>,
    dashboard_id: Option<i64>,
    panel_id: Option<i64>,
    time: Option<i64>,
    time_end: Option<i64>,
    tags: Option<Vec<String>>,
    text: Option<String>,
    data: Option<Value>,
}

async fn create_annotation(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    JsonBody(body): JsonBody<CreateBody>,
) -> ApiResult<Json<Value>> {
    let new = NewAnnotation {
        dashboard_uid: body.dashboard_uid.unwrap_or_default().trim().to_string(),
        dashboard_id: body.dashboard_id.unwrap_or(0),
        panel_id: body.panel_id.unwrap_or(0),
        time: body.time.unwrap_or(0),
        time_end: body.time_end.unwrap_or(0),
        text: body.text.unwrap_or_default(),
        tags: body.tags.unwrap_or_default(),
        data: body.data,
    };
    let id = state.dashboards.create_annotation(&caller, new).await?;
    Ok(Json(json!({ "message": "Annotation added", "id": id })))
}

/// `POST /api/annotations/graphite`: a Graphite event, `when` in epoch seconds (now when
/// absent), `tags` as a list or as one space-separated string (Graphite before 0.10).
#[derive(Deserialize)]
struct GraphiteBody {
    what: Option<String>,
    tags: Option<Value>,
    when: Option<i64>,
    data: Option<String>,
}

fn graphite_tags(tags: Option<Value>) -> Result<Vec<String>, ApiError> {
    match tags {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::String(text)) => Ok(text.split(' ').map(str::to_string).collect()),
        Some(Value::Array(items)) => items
            .into_iter()
            .map(|item| match item {
                Value::String(tag) => Ok(tag),
                other => Err(ApiError::bad_request(format!(
                    "tag should be a string, got {other}"
                ))),
            })
            .collect(),
        Some(other) => Err(ApiError::bad_request(format!(
            "unsupported tags format: {other} (expected a list or a space-separated string)"
        ))),
    }
}

async fn create_graphite_event(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    JsonBody(body): JsonBody<GraphiteBody>,
) -> ApiResult<Json<Value>> {
    let what = body.what.unwrap_or_default();
    if what.trim().is_empty() {
        return Err(ApiError::bad_request("what field should not be empty"));
    }
    let text = match body.data.as_deref() {
        None | Some("") => what,
        Some(data) => format!("{what}\n{data}"),
    };
    let when = body.when.unwrap_or(0);
    let time = when.checked_mul(1000).ok_or_else(|| {
        ApiError::bad_request(format!("when ({when}) is not a time in epoch seconds"))
    })?;
    let new = NewAnnotation {
        time,
        text,
        tags: graphite_tags(body.tags)?,
        ..NewAnnotation::default()
    };
    let id = state.dashboards.create_annotation(&caller, new).await?;
    Ok(Json(
        json!({ "message": "Graphite annotation added", "id": id }),
    ))
}

/// `PUT` replaces text, tags and (when given) data; `PATCH` changes only the fields it carries.
/// For both, a `time` or `timeEnd` of 0 or absent keeps the stored one, as in Grafana.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ChangeBody {
    time: Option<i64>,
    time_end: Option<i64>,
    text: Option<String>,
    tags: Option<Vec<String>>,
    data: Option<Value>,
}

/// Grafana reads a time of 0 as "not given".
fn given_time(time: Option<i64>) -> Option<i64> {
    time.filter(|time| *time != 0)
}

async fn update_annotation(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(id): PathParams<i64>,
    JsonBody(body): JsonBody<ChangeBody>,
) -> ApiResult<Json<Value>> {
    let change = AnnotationChange {
        text: Some(body.text.unwrap_or_default()),
        tags: Some(body.tags.unwrap_or_default()),
        time: given_time(body.time),
        time_end: given_time(body.time_end),
        data: body.data,
    };
    state
        .dashboards
        .update_annotation(&caller, id, change)
        .await?;
    Ok(message("Annotation updated"))
}

async fn patch_annotation(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(id): PathParams<i64>,
    JsonBody(body): JsonBody<ChangeBody>,
) -> ApiResult<Json<Value>> {
    let change = AnnotationChange {
        text: body.text,
        tags: body.tags,
        time: given_time(body.time),
        time_end: given_time(body.time_end),
        data: body.data,
    };
    state
        .dashboards
        .update_annotation(&caller, id, change)
        .await?;
    Ok(message("Annotation patched"))
}

async fn delete_annotation(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(id): PathParams<i64>,
) -> ApiResult<Json<Value>> {
    state.dashboards.delete_annotation(&caller, id).await?;
    Ok(message("Annotation deleted"))
}

/// Grafana's `MassDeleteAnnotationsCmd`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct MassDeleteBody {
    #[serde(default)]
    annotation_id: i64,
    #[serde(default, rename = "dashboardUID")]
    dashboard_uid: String,
    #[serde(default)]
    dashboard_id: i64,
    #[serde(default)]
    panel_id: i64,
}

async fn mass_delete_annotations(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    JsonBody(body): JsonBody<MassDeleteBody>,
) -> ApiResult<Json<Value>> {
    let target = MassDelete {
        annotation_id: body.annotation_id,
        dashboard_uid: body.dashboard_uid.trim().to_string(),
        dashboard_id: body.dashboard_id,
        panel_id: body.panel_id,
    };
    state
        .dashboards
        .mass_delete_annotations(&caller, &target)
        .await?;
    Ok(message("Annotations deleted"))
}

async fn annotation_tags(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    QueryParams(pairs): QueryParams<Vec<(String, String)>>,
) -> ApiResult<Json<Value>> {
    let mut needle = String::new();
    let mut limit = 0;
    for (name, value) in pairs {
        match name.as_str() {
            "tag" => needle = value,
            "limit" => limit = number("limit", &value)?,
            _ => {}
        }
    }
    let tags = state
        .dashboards
        .annotation_tags(&caller, &needle, limit)
        .await?;
    let tags: Vec<Value> = tags
        .iter()
        .map(|tag| json!({ "tag": tag.term, "count": tag.count }))
        .collect();
    Ok(Json(json!({ "result": { "tags": tags } })))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect()
    }

    #[test]
    fn search_parameters_are_read_with_repeated_tags() {
        let query = annotation_query(pairs(&[
            ("from", "1000"),
            ("to", "2000"),
            ("dashboardUID", "abc"),
            ("panelId", "2"),
            ("tags", "a"),
            ("tags", "b"),
            ("matchAny", "true"),
            ("type", "alert"),
            ("limit", "5"),
            ("userId", ""),
        ]))
        .unwrap();
        assert_eq!((query.from, query.to), (1000, 2000));
        assert_eq!(query.dashboard_uid, "abc");
        assert_eq!(query.panel_id, 2);
        assert_eq!(query.tags, ["a", "b"]);
        assert!(query.match_any);
        assert_eq!(query.kind, Some(AnnotationKind::Alert));
        assert_eq!((query.limit, query.user_id), (5, 0));
    }

    #[test]
    fn grafana_ui_types_filter_nothing_and_junk_numbers_are_refused() {
        let query = annotation_query(pairs(&[("type", "dashboard")])).unwrap();
        assert_eq!(query.kind, None);
        assert!(annotation_query(pairs(&[("from", "yesterday")])).is_err());
    }

    #[test]
    fn graphite_tags_come_as_a_list_or_a_string() {
        assert_eq!(
            graphite_tags(Some(json!("deploy web"))).unwrap(),
            ["deploy", "web"]
        );
        assert_eq!(graphite_tags(Some(json!(["a", "b"]))).unwrap(), ["a", "b"]);
        assert!(graphite_tags(None).unwrap().is_empty());
        assert!(graphite_tags(Some(json!([1]))).is_err());
        assert!(graphite_tags(Some(json!({ "a": 1 }))).is_err());
    }
}
