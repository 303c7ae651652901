//! `/api/search` (folders and dashboards) and the caller's stars (`/api/user/stars`).

use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use sightline_dashboards::{HitKind, SearchQuery, SearchSort};

use crate::auth::Authenticated;
use crate::error::{message, ApiError, ApiResult};
use crate::extract::{PathParams, QueryParams};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/search", get(search))
        .route("/api/search/sorting", get(sort_options))
        .route("/api/user/stars", get(list_stars))
        .route(
            "/api/user/stars/dashboard/uid/{uid}",
            post(star_dashboard).delete(unstar_dashboard),
        )
}

/// Reads Grafana's search parameters; `tag`, `folderUIDs` and `dashboardUIDs` may repeat,
/// and the uid lists may also be comma-separated.
fn search_query(pairs: Vec<(String, String)>) -> Result<SearchQuery, ApiError> {
    let mut query = SearchQuery::default();
    let number = |name: &str, value: &str| {
        value.trim().parse::<i64>().map_err(|_| {
            ApiError::bad_request(format!(
                "invalid query parameter {name}: {value:?} is not a number"
            ))
        })
    };
    let uids = |value: &str| -> Vec<String> {
        value
            .split(',')
            .map(str::trim)
            .filter(|uid| !uid.is_empty())
            .map(str::to_string)
            .collect()
    };
    for (name, value) in pairs {
        match name.as_str() {
            "query" => query.query = value,
            "tag" => query.tags.push(value),
            "type" => {
                query.kind = match value.as_str() {
                    "dash-db" => Some(HitKind::Dashboard),
                    "dash-folder" => Some(HitKind::Folder),
                    _ => None,
                }
            }
            "folderUIDs" => query.folder_uids.extend(uids(&value)),
            "dashboardUIDs" => query.dashboard_uids.extend(uids(&value)),
            "folderIds" => query.folder_ids.push(number("folderIds", &value)?),
            "dashboardIds" => query.dashboard_ids.push(number("dashboardIds", &value)?),
            "permission" => {
                query.permission = match value.as_str() {
                    "Edit" => 2,
                    "Admin" => 4,
                    _ => 1,
                }
            }
            "starred" => query.starred = value == "true" || value == "1",
            "limit" => query.limit = number("limit", &value)?,
            "page" => query.page = number("page", &value)?,
            "sort" => query.sort = SearchSort::parse(&value),
            _ => {}
        }
    }
    Ok(query)
}

async fn search(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    QueryParams(pairs): QueryParams<Vec<(String, String)>>,
) -> ApiResult<Response> {
    let query = search_query(pairs)?;
    let answer = state.dashboards.search(&caller, &query).await?;
    Ok(([(CONTENT_TYPE, "application/json")], answer).into_response())
}

async fn sort_options(Authenticated(_caller): Authenticated) -> Json<Value> {
    Json(json!({
        "sortOptions": [
            {
                "name": "alpha-asc",
                "displayName": "Alphabetically (A–Z)",
                "description": "Sort results in an alphabetically ascending order",
                "meta": "",
            },
            {
                "name": "alpha-desc",
                "displayName": "Alphabetically (Z–A)",
                "description": "Sort results in an alphabetically descending order",
                "meta": "",
            },
        ]
    }))
}

async fn list_stars(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
) -> ApiResult<Json<Value>> {
    let uids = state.dashboards.starred_uids(&caller).await?;
    Ok(Json(json!(uids)))
}

async fn star_dashboard(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(uid): PathParams<String>,
) -> ApiResult<Json<Value>> {
    state.dashboards.star(&caller, &uid).await?;
    Ok(message("Dashboard starred!"))
}

async fn unstar_dashboard(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    PathParams(uid): PathParams<String>,
) -> ApiResult<Json<Value>> {
    state.dashboards.unstar(&caller, &uid).await?;
    Ok(message("Dashboard unstarred"))
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
    fn repeated_and_comma_separated_parameters_accumulate() {
        let query = search_query(pairs(&[
            ("tag", "a"),
            ("tag", "b"),
            ("folderUIDs", "x,y"),
            ("folderUIDs", "z"),
            ("dashboardUIDs", "d1, d2"),
            ("type", "dash-folder"),
            ("starred", "true"),
            ("limit", "5"),
            ("page", "2"),
            ("sort", "alpha-desc"),
            ("folderIds", "0"),
            ("folderIds", "7"),
            ("dashboardIds", "3"),
            ("permission", "Edit"),
        ]))
        .unwrap();
        assert_eq!(query.tags, ["a", "b"]);
        assert_eq!(query.folder_uids, ["x", "y", "z"]);
        assert_eq!(query.dashboard_uids, ["d1", "d2"]);
        assert_eq!(query.kind, Some(HitKind::Folder));
        assert!(query.starred);
        assert_eq!((query.limit, query.page), (5, 2));
        assert_eq!(query.sort, SearchSort::AlphaDesc);
        assert_eq!(query.folder_ids, [0, 7]);
        assert_eq!(query.dashboard_ids, [3]);
        assert_eq!(query.permission, 2);
    }

    #[test]
    fn a_non_numeric_limit_is_refused() {
        assert!(search_query(pairs(&[("limit", "many")])).is_err());
    }
}
