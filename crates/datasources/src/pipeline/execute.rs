//! Running parsed queries: set the expressions apart, resolve each query's data source (once
//! per request; uid `grafana` is the built-in data source), fill in the caller's and the
//! dashboard's built-in variables ([`builtins`]), group the queries by data source, call
//! the plugin once per query, all concurrently and each under the timeout, then evaluate the
//! expressions over the results.

mod builtins;

use std::collections::{BTreeMap, HashMap};

use futures::future::join_all;
use sightline_core::Identity;
use sightline_query::frame::{DataResponse, ErrorSource, QueryDataResponse};

use super::expressions;
use super::request::{ParsedQuery, RequestNames, Target};
use super::{PipelineError, QueryService};
use crate::error::DataSourceError;
use crate::models::{DataSource, DataSourceKey};
use crate::plugin::{DataQuery, QueryRequest, QueryResults};
use crate::plugins::grafana;
use builtins::RequestBuiltins;

/// The queries of one request that go to one data source.
struct Group {
    data_source: DataSource,
    queries: Vec<DataQuery>,
}

pub(super) async fn run(
    service: &QueryService,
    caller: &Identity,
    queries: Vec<ParsedQuery>,
    names: RequestNames,
) -> QueryDataResponse {
    let (datasource_queries, expressions) = expressions::split(queries);
    let (mut answer, types) =
        run_datasource_queries(service, caller, datasource_queries, names).await;
    expressions.evaluate_into(&mut answer, &types);
    answer
}

/// The answers of the data source queries, and the type of the data source of each `refId`
/// that reached one.
async fn run_datasource_queries(
    service: &QueryService,
    caller: &Identity,
    queries: Vec<ParsedQuery>,
    names: RequestNames,
) -> (QueryDataResponse, BTreeMap<String, String>) {
    let mut answer = QueryDataResponse::default();
    let mut types = BTreeMap::new();
    let mut resolved: HashMap<Target, Result<DataSource, DataResponse>> = HashMap::new();
    let mut groups: BTreeMap<String, Group> = BTreeMap::new();
    let dashboard_uid = queries.first().and_then(|q| q.dashboard_uid.clone());
    let builtins = RequestBuiltins::new(caller, dashboard_uid, names);
    for parsed in queries {
        let mut query = match parsed.query {
            Ok(query) => query,
            Err(failed) => {
                answer.insert(parsed.ref_id, failed);
                continue;
            }
        };
        if !resolved.contains_key(&parsed.target) {
            let outcome = resolve(service, caller, &parsed.target).await;
            resolved.insert(parsed.target.clone(), outcome);
        }
        match &resolved[&parsed.target] {
            Ok(data_source) => {
                builtins.apply(&mut query, &data_source.type_id);
                types.insert(parsed.ref_id.clone(), data_source.type_id.clone());
                groups
                    .entry(data_source.uid.clone())
                    .or_insert_with(|| Group {
                        data_source: data_source.clone(),
                        queries: Vec::new(),
                    })
                    .queries
                    .push(query)
            }
            Err(failed) => answer.insert(parsed.ref_id, failed.clone()),
        }
    }
    let calls = groups
        .into_values()
        .map(|group| run_group(service, caller, group));
    for results in join_all(calls).await {
        for (ref_id, response) in results {
            answer.insert(ref_id, response);
        }
    }
    (answer, types)
}

/// The data source a query names, or the error that query answers with.
async fn resolve(
    service: &QueryService,
    caller: &Identity,
    target: &Target,
) -> Result<DataSource, DataResponse> {
    let refused = |message: &str| DataResponse::error(400, message, ErrorSource::Plugin);
    let key = match target {
        Target::Uid(uid) => DataSourceKey::Uid(uid),
        Target::Id(id) => DataSourceKey::Id(*id),
        // Set apart by `expressions::split` before any data source is resolved.
        Target::Expression => return Err(refused("an expression has no data source")),
        Target::Grafana => return Ok(grafana::data_source(caller.org_id)),
        Target::Missing => return Err(refused("missing data source ID/UID")),
    };
    match service.datasources.get(caller.org_id, key).await {
        Ok(data_source) => Ok(data_source),
        Err(DataSourceError::NotFound) => Err(DataResponse::error(
            404,
            "Data source not found",
            ErrorSource::Plugin,
        )),
        Err(error) => {
            tracing::error!(%error, ?target, "loading the data source of a query failed");
            Err(DataResponse::error(
                500,
                "loading the data source failed",
                ErrorSource::Plugin,
            ))
        }
    }
}

/// The plugin calls for the queries of one data source. Always answers every `refId`.
async fn run_group(service: &QueryService, caller: &Identity, group: Group) -> QueryResults {
    let ref_ids: Vec<String> = group.queries.iter().map(|q| q.ref_id.clone()).collect();
    let every_query_fails = |response: DataResponse| -> QueryResults {
        ref_ids
            .iter()
            .map(|ref_id| (ref_id.clone(), response.clone()))
            .collect()
    };
    let plugin = match service.plugin_for(&group.data_source) {
        Ok(plugin) => plugin,
        Err(error) => {
            return every_query_fails(DataResponse::error(
                404,
                error.to_string(),
                ErrorSource::Plugin,
            ))
        }
    };
    let uid = group.data_source.uid.clone();
    let mut context = match service.context(caller, group.data_source) {
        Ok(context) => context,
        Err(error) => {
            tracing::error!(%error, data_source = %uid, "opening the data source's secrets failed");
            let message = match error {
                PipelineError::DataSource(DataSourceError::Secret(_)) => {
                    "the data source's secrets cannot be decrypted"
                }
                _ => "preparing the data source failed",
            };
            return every_query_fails(DataResponse::error(500, message, ErrorSource::Plugin));
        }
    };
    if let Some(user) = context.user.as_mut() {
        user.identity = Some(caller.clone());
    }
    // One call per query, each under its own timeout: a slow query fails alone, as in
    // Grafana, where the bound is on each upstream request.
    let data_source_queries = group.queries.len();
    let calls = group.queries.into_iter().map(|query| {
        let ref_id = query.ref_id.clone();
        let request = QueryRequest {
            context: context.clone(),
            queries: vec![query],
            data_source_queries,
        };
        let call = tokio::time::timeout(service.timeout, plugin.query_data(request));
        async move { (ref_id, call.await) }
    });
    let mut results = QueryResults::new();
    for (ref_id, outcome) in join_all(calls).await {
        match outcome {
            Ok(answered) => results.extend(answered),
            Err(_) => {
                tracing::warn!(data_source = %uid, ref_id, timeout = ?service.timeout, "data source query timed out");
                let timed_out = DataResponse::error(
                    504,
                    format!(
                        "data source query timed out after {}s ([dataproxy] timeout)",
                        service.timeout.as_secs()
                    ),
                    ErrorSource::Downstream,
                );
                results.insert(ref_id, timed_out);
            }
        }
    }
    for ref_id in &ref_ids {
        results
            .entry(ref_id.clone())
            .or_insert_with(|| DataResponse::ok(Vec::new()));
    }
    // Grafana's clients find a frame's query by `schema.refId`.
    for (ref_id, response) in &mut results {
        for frame in response.frames.iter_mut().filter(|f| f.ref_id.is_empty()) {
            frame.ref_id = ref_id.clone();
        }
    }
    results
}
