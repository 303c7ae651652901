//! One query of the built-in data source, by `queryType`. Failures are that query's error,
//! worded as Grafana words them where it has a wording (`unknown query type`).

use serde_json::json;
use sightline_core::{ErrorKind, HasErrorKind, Identity};
use sightline_dashboards::{DashboardError, DashboardService};
use sightline_query::frame::{DataResponse, ErrorSource};

use super::{annotations, search};
use crate::plugin::{DataQuery, PluginContext};
use crate::plugins::testdata;

pub async fn run(
    dashboards: Option<&DashboardService>,
    context: &PluginContext,
    query: &DataQuery,
) -> DataResponse {
    let outcome = match query.query_type.as_str() {
        "randomWalk" => Ok(random_walk(query)),
        "annotations" => match services(dashboards, context) {
            Ok((dashboards, caller)) => annotations::run(dashboards, caller, query).await,
            Err(failure) => Err(failure),
        },
        "search" => match services(dashboards, context) {
            Ok((dashboards, caller)) => search::run(dashboards, caller, query).await,
            Err(failure) => Err(failure),
        },
        "list" | "read" => Err(bad_query(format!(
            "query type {:?} reads Grafana's public files, which Sightline does not serve",
            query.query_type
        ))),
        _ => Err(bad_query("unknown query type")),
    };
    outcome.unwrap_or_else(|failure| failure)
}

/// Grafana's `randomWalk`: TestData's random walk with its default settings (one series,
/// named `<refId>-series`), whatever else the query says.
fn random_walk(query: &DataQuery) -> DataResponse {
    let defaults = DataQuery {
        model: json!({ "refId": query.ref_id }),
        ..query.clone()
    };
    let mut frames = testdata::random_walk(&defaults);
    for frame in &mut frames {
        frame.ref_id = query.ref_id.clone();
    }
    DataResponse::ok(frames)
}

/// The dashboards service and the caller, which annotations and search need.
fn services<'a>(
    dashboards: Option<&'a DashboardService>,
    context: &'a PluginContext,
) -> Result<(&'a DashboardService, &'a Identity), DataResponse> {
    let dashboards = dashboards.ok_or_else(|| {
        DataResponse::error(
            500,
            "the built-in data source has no dashboards service",
            ErrorSource::Plugin,
        )
    })?;
    let caller = context
        .user
        .as_ref()
        .and_then(|user| user.identity.as_ref())
        .ok_or_else(|| {
            DataResponse::error(
                500,
                "the built-in data source was called without a caller",
                ErrorSource::Plugin,
            )
        })?;
    Ok((dashboards, caller))
}

pub(super) fn bad_query(message: impl Into<String>) -> DataResponse {
    DataResponse::error(400, message, ErrorSource::Plugin)
}

/// The dashboards service's refusal as this query's error; internal faults are logged and
/// not shown.
pub(super) fn service_failure(error: &DashboardError, what: &str) -> DataResponse {
    let status = match error.kind() {
        ErrorKind::BadRequest => 400,
        ErrorKind::Forbidden => 403,
        ErrorKind::NotFound => 404,
        _ => {
            tracing::error!(%error, "{what} for the grafana data source failed");
            return DataResponse::error(500, format!("{what} failed"), ErrorSource::Plugin);
        }
    };
    DataResponse::error(status, error.to_string(), ErrorSource::Plugin)
}
