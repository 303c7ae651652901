//! TestData (`grafana-testdata-datasource`, formerly `testdata`): Grafana's built-in data
//! source of generated data, for trying panels and for tests. Each query picks a scenario by
//! `scenarioId` ([`scenarios`]); generated series are seeded by the query's range, so a
//! refresh over the same absolute range draws the same data, and predictable waves depend on
//! absolute time only. Points are spaced by the query's interval, widened so that the range
//! holds at most `maxDataPoints` of them.
//!
//! Resources: `scenarios` (the scenario list the query editor shows), `""` and `test`
//! (greetings, to check the resource path).

mod csv;
mod logs;
mod predictable;
mod query;
mod random_walk;
mod rng;
mod scenarios;
mod tables;
#[cfg(test)]
mod tests;

use async_trait::async_trait;
use futures::future::join_all;
use serde_json::{json, Value};
use sightline_query::frame::{DataResponse, ErrorSource, Frame};
use sightline_query::interval::parse_duration;

use crate::plugin::{
    DataQuery, DataSourcePlugin, HealthCheck, HealthStatus, PluginContext, QueryRequest,
    QueryResults, ResourceRequest, ResourceResponse,
};
use query::TestDataQuery;
use scenarios::{CLIENT_SIDE, SCENARIOS};
use tables::Buckets;

/// Grafana's type id of TestData.
pub const TYPE_ID: &str = "grafana-testdata-datasource";
/// The type id data sources created before Grafana 10 carry.
pub const ALIASES: &[&str] = &["testdata"];

/// `slow_query` without a `stringInput` waits this long, the query editor's default.
const DEFAULT_SLOW_QUERY: &str = "5s";

#[derive(Debug, Clone, Copy, Default)]
pub struct TestDataPlugin;

#[async_trait]
impl DataSourcePlugin for TestDataPlugin {
    fn type_id(&self) -> &'static str {
        TYPE_ID
    }

    /// Every query of the request runs concurrently (so several `slow_query`s wait
    /// together), in the caller's task.
    async fn query_data(&self, request: QueryRequest) -> QueryResults {
        let answers = join_all(request.queries.iter().map(run_query)).await;
        request
            .queries
            .iter()
            .map(|query| query.ref_id.clone())
            .zip(answers)
            .collect()
    }

    async fn check_health(&self, _context: &PluginContext) -> HealthCheck {
        HealthCheck {
            status: HealthStatus::Ok,
            message: "Data source is working".into(),
            details: Value::Null,
        }
    }

    async fn call_resource(
        &self,
        _context: &PluginContext,
        request: ResourceRequest,
    ) -> ResourceResponse {
        match request.path.trim_end_matches('/') {
            "scenarios" => ResourceResponse::json(200, &scenario_list()),
            "" => ResourceResponse {
                status: 200,
                headers: vec![("content-type".into(), "text/plain; charset=utf-8".into())],
                body: b"Hello world from test datasource!".to_vec(),
            },
            "test" | "test/json" => ResourceResponse::json(
                200,
                &json!({
                    "message": "Hello world from test datasource!",
                    "request": { "method": request.method, "path": request.path },
                }),
            ),
            _ => ResourceResponse::json(404, &json!({ "message": "Not found" })),
        }
    }
}

/// A random walk as the `random_walk` scenario draws it with the query's settings, for
/// other built-in plugins (the `grafana` data source's `randomWalk`).
pub fn random_walk(query: &DataQuery) -> Vec<Frame> {
    random_walk::random_walk(&TestDataQuery::new(query))
}

fn scenario_list() -> Value {
    Value::Array(
        SCENARIOS
            .iter()
            .map(|scenario| {
                json!({
                    "id": scenario.id,
                    "name": scenario.name,
                    "description": scenario.description,
                    "stringInput": scenario.string_input,
                })
            })
            .collect(),
    )
}

/// One query's answer; a scenario's failure is that query's error.
async fn run_query(query: &DataQuery) -> DataResponse {
    let test_query = TestDataQuery::new(query);
    let outcome = match test_query.scenario_id() {
        "slow_query" => slow_query(&test_query).await,
        scenario => generate(&test_query, scenario),
    };
    match outcome {
        Ok(mut frames) => {
            for frame in &mut frames {
                frame.ref_id = query.ref_id.clone();
            }
            DataResponse::ok(frames)
        }
        Err(failure) => failure,
    }
}

type ScenarioResult = Result<Vec<Frame>, DataResponse>;

fn bad_query(message: String) -> DataResponse {
    DataResponse::error(400, message, ErrorSource::Plugin)
}

/// The scenarios that compute their answer at once.
fn generate(query: &TestDataQuery<'_>, scenario: &str) -> ScenarioResult {
    match scenario {
        "random_walk" => Ok(random_walk::random_walk(query)),
        "random_walk_table" => Ok(vec![random_walk::random_walk_table(query)]),
        "csv_metric_values" => csv::csv_metric_values(query).map_err(bad_query),
        "csv_content" => csv::csv_content(query).map_err(bad_query),
        "predictable_pulse" => predictable::predictable_pulse(query).map_err(bad_query),
        "predictable_csv_wave" => predictable::predictable_csv_wave(query).map_err(bad_query),
        "table_static" => Ok(vec![tables::table_static(query)]),
        "exponential_heatmap_bucket_data" => {
            Ok(vec![tables::heatmap_buckets(query, Buckets::Exponential)])
        }
        "linear_heatmap_bucket_data" => Ok(vec![tables::heatmap_buckets(query, Buckets::Linear)]),
        "logs" => Ok(vec![logs::logs(query)]),
        "server_error_500" => server_error(query),
        client_side if CLIENT_SIDE.contains(&client_side) => Ok(Vec::new()),
        unknown => Err(bad_query(format!(
            "scenario {unknown:?} is not supported by this TestData"
        ))),
    }
}

/// Grafana's "Conditional Error": fails (as a plugin panic, 500) when `stringInput` is
/// empty, answers like `csv_metric_values` otherwise.
fn server_error(query: &TestDataQuery<'_>) -> ScenarioResult {
    if query.text("stringInput").unwrap_or("").is_empty() {
        return Err(DataResponse::error(
            500,
            "test data server error: the string input is empty",
            ErrorSource::Plugin,
        ));
    }
    csv::csv_metric_values(query).map_err(bad_query)
}

/// Waits `stringInput` (a duration, `5s` when empty), then answers a random walk. The wait
/// is a timer, so dropping the query (timeout, client gone) ends it at once.
async fn slow_query(query: &TestDataQuery<'_>) -> ScenarioResult {
    let input = match query.text("stringInput").map(str::trim) {
        Some(input) if !input.is_empty() => input,
        _ => DEFAULT_SLOW_QUERY,
    };
    let wait = parse_duration(input)
        .map_err(|error| bad_query(format!("invalid slow query duration: {error}")))?;
    let wait = std::time::Duration::try_from(wait)
        .map_err(|_| bad_query(format!("invalid slow query duration {input:?}: negative")))?;
    tokio::time::sleep(wait).await;
    let mut frames = random_walk::random_walk(query);
    frames.truncate(1);
    Ok(frames)
}
