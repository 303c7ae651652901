//! The body of `POST /api/ds/query` and what each of its queries asks for: which data source
//! (`datasource: {uid, type}`, a bare uid string, or the legacy `datasourceId`), over which
//! time range, at which interval and resolution.
//!
//! Grafana's defaults apply to absent fields: `refId` `A`, `intervalMs` 1000,
//! `maxDataPoints` 100, and the request's range when a query has no `timeRange` of its own.
//! Sightline also bounds what Grafana passes on unchecked: a negative `intervalMs` or
//! `maxDataPoints` fails that query, and `maxDataPoints` above [`MAX_DATA_POINTS`] is
//! lowered to it, so no plugin is asked for an unbounded series.

use serde::Deserialize;
use serde_json::Value;
use sightline_query::frame::{DataResponse, ErrorSource};
use sightline_query::time::{TimeInput, TimeOptions, TimeRange};

use super::error::PipelineError;
use crate::plugin::DataQuery;

/// Uid of server-side expressions (`__expr__`), as Grafana names them.
pub const EXPRESSION_UID: &str = "__expr__";
/// Uid of the built-in "-- Grafana --" data source.
pub const GRAFANA_UID: &str = "grafana";
/// The most points a query may ask for; larger `maxDataPoints` are lowered to it.
pub const MAX_DATA_POINTS: i64 = 100_000;

const DEFAULT_REF_ID: &str = "A";
const DEFAULT_INTERVAL_MS: i64 = 1000;
const DEFAULT_MAX_DATA_POINTS: i64 = 100;
const DEFAULT_FROM: &str = "now-6h";
const DEFAULT_TO: &str = "now";

/// `POST /api/ds/query` as sent. Queries stay raw JSON: each plugin reads its own fields.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct MetricRequest {
    #[serde(default)]
    pub queries: Option<Vec<Value>>,
    #[serde(default)]
    pub from: Option<TimeInput>,
    #[serde(default)]
    pub to: Option<TimeInput>,
    /// The dashboard the queries come from (`${__dashboard.uid}`, the built-in data
    /// source's dashboard annotations). Grafana's browser sends it as the `X-Dashboard-Uid`
    /// header; Sightline also reads it from the body.
    #[serde(default, rename = "dashboardUID")]
    pub dashboard_uid: Option<String>,
}

/// What only other services know of a request's built-ins — `${__dashboard}` (the title),
/// `${__org.name}`, `${__user.email}` — looked up by the caller of the pipeline when the
/// queries name them; left as written when unknown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestNames {
    pub dashboard_title: Option<String>,
    pub org_name: Option<String>,
    pub user_email: Option<String>,
}

/// Which data source a query names.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Target {
    Uid(String),
    /// The legacy numeric `datasourceId`.
    Id(i64),
    /// Server-side expressions (`__expr__`).
    Expression,
    /// The built-in "-- Grafana --" data source.
    Grafana,
    /// Neither a uid nor an id.
    Missing,
}

/// One query of the request, ready for its data source, or the error it already has.
#[derive(Debug, Clone)]
pub struct ParsedQuery {
    pub target: Target,
    pub query: Result<DataQuery, DataResponse>,
    pub ref_id: String,
    /// `hide: true`: with expressions in the request, the query runs (expressions may read
    /// it) but its result is left out of the answer, as Grafana's.
    pub hidden: bool,
    /// The request's `dashboardUID`, when it names one.
    pub dashboard_uid: Option<String>,
}

/// Parses the time range and every query. Fails only for what fails the whole request: no
/// queries, an unreadable `from`/`to`, `from` after `to`.
pub fn parse(request: MetricRequest, now_ms: i64) -> Result<Vec<ParsedQuery>, PipelineError> {
    let queries = request.queries.unwrap_or_default();
    if queries.is_empty() {
        return Err(PipelineError::NoQueries);
    }
    let options = TimeOptions::at(now_ms);
    let from = request
        .from
        .unwrap_or_else(|| TimeInput::Text(DEFAULT_FROM.into()));
    let to = request
        .to
        .unwrap_or_else(|| TimeInput::Text(DEFAULT_TO.into()));
    let range = TimeRange::new(from.parse(false, &options)?, to.parse(true, &options)?)?;
    let dashboard_uid = request.dashboard_uid.filter(|uid| !uid.is_empty());
    Ok(queries
        .into_iter()
        .map(|model| ParsedQuery {
            dashboard_uid: dashboard_uid.clone(),
            ..parse_query(model, range, &options)
        })
        .collect())
}

fn parse_query(model: Value, request_range: TimeRange, options: &TimeOptions) -> ParsedQuery {
    let ref_id = model
        .get("refId")
        .and_then(Value::as_str)
        .filter(|ref_id| !ref_id.is_empty())
        .unwrap_or(DEFAULT_REF_ID)
        .to_string();
    let target = target_of(&model);
    let hidden = model.get("hide").and_then(Value::as_bool) == Some(true);
    let query = data_query(&ref_id, model, request_range, options);
    ParsedQuery {
        target,
        query,
        ref_id,
        hidden,
        dashboard_uid: None,
    }
}

/// Grafana's resolution order: `datasource.uid` (or `datasource` as a bare string), then a
/// positive legacy `datasourceId`; `__expr__` and `grafana` are special.
pub fn target_of(model: &Value) -> Target {
    let datasource = model.get("datasource");
    let (uid, type_id) = match datasource {
        Some(Value::Object(reference)) => (
            reference.get("uid").and_then(Value::as_str).unwrap_or(""),
            reference.get("type").and_then(Value::as_str).unwrap_or(""),
        ),
        Some(Value::String(uid)) => (uid.as_str(), ""),
        _ => ("", ""),
    };
    if uid == EXPRESSION_UID || type_id == EXPRESSION_UID {
        return Target::Expression;
    }
    if uid == GRAFANA_UID || uid == "-- Grafana --" || type_id == "datasource" {
        return Target::Grafana;
    }
    if !uid.is_empty() {
        return Target::Uid(uid.to_string());
    }
    match model.get("datasourceId").and_then(Value::as_i64) {
        Some(id) if id > 0 => Target::Id(id),
        _ => Target::Missing,
    }
}

fn data_query(
    ref_id: &str,
    model: Value,
    request_range: TimeRange,
    options: &TimeOptions,
) -> Result<DataQuery, DataResponse> {
    let bad = |message: String| DataResponse::error(400, message, ErrorSource::Plugin);
    let interval_ms = integer_field(&model, "intervalMs", DEFAULT_INTERVAL_MS).map_err(bad)?;
    if interval_ms < 0 {
        return Err(bad(format!(
            "intervalMs must not be negative, got {interval_ms}"
        )));
    }
    let max_data_points =
        integer_field(&model, "maxDataPoints", DEFAULT_MAX_DATA_POINTS).map_err(bad)?;
    if max_data_points < 0 {
        return Err(bad(format!(
            "maxDataPoints must not be negative, got {max_data_points}"
        )));
    }
    let time_range = own_time_range(&model, options)
        .map_err(|error| bad(error.to_string()))?
        .unwrap_or(request_range);
    Ok(DataQuery {
        ref_id: ref_id.to_string(),
        query_type: model
            .get("queryType")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string(),
        time_range,
        interval_ms,
        max_data_points: max_data_points.min(MAX_DATA_POINTS),
        model,
    })
}

/// An integer field that may be absent (its default), a number (fractions dropped) or a
/// numeric string, as browsers send them.
fn integer_field(model: &Value, name: &str, default: i64) -> Result<i64, String> {
    let invalid = || format!("{name} must be a number");
    match model.get(name) {
        None | Some(Value::Null) => Ok(default),
        Some(Value::Number(number)) => number
            .as_i64()
            .or_else(|| number.as_f64().filter(|n| n.is_finite()).map(|n| n as i64))
            .ok_or_else(invalid),
        Some(Value::String(text)) => text.trim().parse().map_err(|_| invalid()),
        Some(_) => Err(invalid()),
    }
}

/// A query's own `timeRange: {from, to}`, as Grafana reads it for queries that carry one.
fn own_time_range(
    model: &Value,
    options: &TimeOptions,
) -> Result<Option<TimeRange>, sightline_query::time::TimeError> {
    let Some(range) = model.get("timeRange").filter(|range| range.is_object()) else {
        return Ok(None);
    };
    let end =
        |key: &str| -> Option<TimeInput> { serde_json::from_value(range.get(key)?.clone()).ok() };
    match (end("from"), end("to")) {
        (Some(from), Some(to)) => Ok(Some(TimeRange::new(
            from.parse(false, options)?,
            to.parse(true, options)?,
        )?)),
        _ => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const NOW: i64 = 1_700_000_000_000;

    fn request(body: Value) -> MetricRequest {
        serde_json::from_value(body).expect("a request")
    }

    #[test]
    fn targets_follow_grafanas_order() {
        let cases = [
            (
                json!({"datasource": {"uid": "abc", "type": "prometheus"}}),
                Target::Uid("abc".into()),
            ),
            (json!({"datasource": "abc"}), Target::Uid("abc".into())),
            (
                json!({"datasource": {"uid": "abc"}, "datasourceId": 7}),
                Target::Uid("abc".into()),
            ),
            (
                json!({"datasource": {"type": "prometheus"}, "datasourceId": 7}),
                Target::Id(7),
            ),
            (json!({"datasourceId": 0}), Target::Missing),
            (
                json!({"datasource": {"uid": "__expr__", "type": "__expr__"}}),
                Target::Expression,
            ),
            (json!({"datasource": "__expr__"}), Target::Expression),
            (
                json!({"datasource": {"uid": "grafana", "type": "datasource"}}),
                Target::Grafana,
            ),
            (json!({}), Target::Missing),
        ];
        for (model, expected) in cases {
            assert_eq!(target_of(&model), expected, "{model}");
        }
    }

    #[test]
    fn the_dashboard_uid_reaches_every_query() {
        let body = json!({"dashboardUID": "d1", "queries": [{"refId": "A"}, {"refId": "B"}]});
        let parsed = parse(request(body), NOW).expect("parses");
        assert!(parsed
            .iter()
            .all(|q| q.dashboard_uid.as_deref() == Some("d1")));
        let body = json!({"dashboardUID": "", "queries": [{"refId": "A"}]});
        let parsed = parse(request(body), NOW).expect("parses");
        assert_eq!(parsed[0].dashboard_uid, None);
    }

    #[test]
    fn empty_or_missing_queries_fail_the_request() {
        for body in [json!({}), json!({"queries": []}), json!({"queries": null})] {
            let error = parse(request(body), NOW).expect_err("no queries");
            assert_eq!(error.to_string(), "No queries found");
        }
    }

    #[test]
    fn from_after_to_fails_the_request() {
        let body = json!({"queries": [{"refId": "A"}], "from": "now", "to": "now-1h"});
        assert!(matches!(
            parse(request(body), NOW),
            Err(PipelineError::TimeRange(_))
        ));
    }

    #[test]
    fn grafanas_defaults_and_bounds_apply() {
        let body = json!({
            "from": "1699990000000", "to": NOW,
            "queries": [
                {"datasource": "x"},
                {"refId": "B", "intervalMs": "250", "maxDataPoints": 10_000_000},
                {"refId": "C", "maxDataPoints": -1},
                {"refId": "D", "timeRange": {"from": "now-1h", "to": "now"}}
            ]
        });
        let parsed = parse(request(body), NOW).expect("parses");
        let a = parsed[0].query.as_ref().expect("A is fine");
        assert_eq!(
            (a.ref_id.as_str(), a.interval_ms, a.max_data_points),
            ("A", 1000, 100)
        );
        assert_eq!(
            a.time_range,
            TimeRange::new(1_699_990_000_000, NOW).expect("range")
        );
        let b = parsed[1].query.as_ref().expect("B is fine");
        assert_eq!((b.interval_ms, b.max_data_points), (250, MAX_DATA_POINTS));
        let c = parsed[2].query.as_ref().expect_err("C is refused");
        assert_eq!(c.effective_status(), 400);
        let d = parsed[3].query.as_ref().expect("D is fine");
        assert_eq!(d.time_range.from_ms(), NOW - 3_600_000);
    }
}
