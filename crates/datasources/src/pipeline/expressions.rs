//! Server-side expressions (datasource uid `__expr__`) in a query request: split from the
//! data source queries before those run, then evaluated by `sightline_query::expressions`
//! over their results.
//!
//! As in Grafana's `/api/ds/query`, every data source query of the request runs (referenced
//! by an expression or not) and the answer holds every `refId`: data source results and
//! expression results together. An expression that cannot be evaluated (malformed model,
//! unknown reference, failed input) answers with its own error; the others still answer.
//! Queries marked `hide: true` run all the same, but their results are left out of the
//! answer of a request with expressions.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;
use sightline_query::expressions::{evaluate_expressions, ExpressionInputs, ExpressionQuery};
use sightline_query::frame::{DataResponse, QueryDataResponse};
use sightline_query::time::TimeRange;

use super::request::{ParsedQuery, Target};
use crate::plugins::testdata;

/// Whether series of data sources of `type_id` carry no labels by nature, so that Grafana's
/// expressions label them by name: TestData's and Graphite's.
fn names_its_series(type_id: &str) -> bool {
    type_id == testdata::TYPE_ID || testdata::ALIASES.contains(&type_id) || type_id == "graphite"
}

/// The expressions of one request, ready to evaluate once the data source queries answered.
#[derive(Debug, Default)]
pub(super) struct Expressions {
    queries: Vec<ExpressionQuery>,
    /// The range expressions evaluate in: that of the first expression, which is the
    /// request's range unless the expression carries a `timeRange` of its own.
    range: Option<TimeRange>,
    /// Expressions refused while parsing (a bad `intervalMs`, say), answered as they are.
    refused: BTreeMap<String, DataResponse>,
    /// The `refId`s of the hidden queries, of either kind.
    hidden: BTreeSet<String>,
}

/// Splits `queries` into those for data sources and the expressions.
pub(super) fn split(queries: Vec<ParsedQuery>) -> (Vec<ParsedQuery>, Expressions) {
    let mut expressions = Expressions::default();
    let mut datasource_queries = Vec::with_capacity(queries.len());
    for parsed in queries {
        if parsed.hidden {
            expressions.hidden.insert(parsed.ref_id.clone());
        }
        if parsed.target != Target::Expression {
            datasource_queries.push(parsed);
            continue;
        }
        match parsed.query {
            Ok(query) => {
                expressions.range.get_or_insert(query.time_range);
                let kind = query
                    .model
                    .get("type")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string();
                expressions.queries.push(ExpressionQuery {
                    ref_id: parsed.ref_id,
                    kind,
                    model: query.model,
                });
            }
            Err(refused) => {
                expressions.refused.insert(parsed.ref_id, refused);
            }
        }
    }
    (datasource_queries, expressions)
}

impl Expressions {
    /// Evaluates the expressions over the data source results in `answer` and adds their
    /// results to it; `types` holds the data source type of each result. A refused
    /// expression counts as a failed input for those reading it.
    pub(super) fn evaluate_into(
        self,
        answer: &mut QueryDataResponse,
        types: &BTreeMap<String, String>,
    ) {
        if self.queries.is_empty() && self.refused.is_empty() {
            return;
        }
        answer.results.extend(self.refused);
        if let Some(range) = self.range {
            let named_by_field: BTreeSet<String> = types
                .iter()
                .filter(|(_, type_id)| names_its_series(type_id))
                .map(|(ref_id, _)| ref_id.clone())
                .collect();
            let inputs = ExpressionInputs {
                results: &answer.results,
                named_by_field: &named_by_field,
            };
            let results = evaluate_expressions(&self.queries, inputs, &range);
            answer.results.extend(results);
        }
        answer
            .results
            .retain(|ref_id, _| !self.hidden.contains(ref_id));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::request::{parse, MetricRequest};
    use serde_json::json;
    use sightline_query::frame::{ErrorSource, Field, Frame, Timestamp};

    const NOW: i64 = 1_700_000_000_000;

    fn parsed(queries: Value) -> Vec<ParsedQuery> {
        let request: MetricRequest =
            serde_json::from_value(json!({ "from": "now-1h", "to": "now", "queries": queries }))
                .expect("a request");
        parse(request, NOW).expect("parses")
    }

    fn expression(ref_id: &str, model: Value) -> Value {
        let mut model = model;
        model["refId"] = json!(ref_id);
        model["datasource"] = json!({ "uid": "__expr__", "type": "__expr__" });
        model
    }

    #[test]
    fn expressions_are_split_from_data_source_queries() {
        let queries = parsed(json!([
            { "refId": "A", "datasource": "td" },
            expression("B", json!({ "type": "reduce", "expression": "A", "reducer": "max" })),
            expression("C", json!({ "type": "math", "expression": "$B", "intervalMs": -1 })),
        ]));
        let (datasource_queries, expressions) = split(queries);
        let ref_ids: Vec<&str> = datasource_queries
            .iter()
            .map(|q| q.ref_id.as_str())
            .collect();
        assert_eq!(ref_ids, ["A"]);
        assert_eq!(expressions.queries.len(), 1);
        assert_eq!(expressions.queries[0].kind, "reduce");
        assert_eq!(
            expressions.range.map(|range| range.to_ms()),
            Some(NOW),
            "the request's range"
        );
        assert_eq!(expressions.refused["C"].effective_status(), 400);
    }

    #[test]
    fn expressions_answer_beside_the_data_source_results() {
        let (_, expressions) = split(parsed(json!([
            { "refId": "A", "datasource": "td" },
            expression("B", json!({ "type": "reduce", "expression": "A", "reducer": "max" })),
            expression("C", json!({ "type": "math", "expression": "$B * 2" })),
            expression("D", json!({ "type": "math", "expression": "$Z + 1" })),
            expression("E", json!({ "expression": "$A" })),
        ])));
        let mut answer = QueryDataResponse::default();
        let series = Frame::new("")
            .with_field(Field::new(
                "time",
                vec![
                    Timestamp::from_millis(NOW - 1000),
                    Timestamp::from_millis(NOW),
                ],
            ))
            .with_field(Field::new("A-series", vec![3.0, 7.0]));
        answer.insert("A", DataResponse::ok(vec![series]));
        answer.insert(
            "F",
            DataResponse::error(500, "boom", ErrorSource::Downstream),
        );
        expressions.evaluate_into(&mut answer, &BTreeMap::new());

        let ref_ids: Vec<&str> = answer.results.keys().map(String::as_str).collect();
        assert_eq!(
            ref_ids,
            ["A", "B", "C", "D", "E", "F"],
            "every refId answers"
        );
        let json = serde_json::to_value(&answer).expect("serializes");
        assert_eq!(
            json["results"]["C"]["frames"][0]["data"]["values"],
            json!([[14]])
        );
        assert_eq!(
            json["results"]["D"]["status"], 400,
            "{:?}",
            json["results"]["D"]
        );
        assert_eq!(
            json["results"]["E"]["status"], 400,
            "no type: {:?}",
            json["results"]["E"]
        );
        assert_eq!(json["results"]["A"]["status"], 200);
    }

    fn a_series() -> DataResponse {
        let series = Frame::new("")
            .with_field(Field::new("time", vec![Timestamp::from_millis(NOW)]))
            .with_field(Field::new("A-series", vec![3.0]));
        DataResponse::ok(vec![series])
    }

    #[test]
    fn hidden_queries_feed_expressions_but_are_left_out() {
        let (_, expressions) = split(parsed(json!([
            { "refId": "A", "datasource": "td", "hide": true },
            expression("B", json!({ "type": "math", "expression": "$A * 2", "hide": true })),
            expression("C", json!({ "type": "math", "expression": "$B + 1" })),
        ])));
        let mut answer = QueryDataResponse::default();
        answer.insert("A", a_series());
        expressions.evaluate_into(&mut answer, &BTreeMap::new());
        let json = serde_json::to_value(&answer).expect("serializes");
        let ref_ids: Vec<&String> = answer.results.keys().collect();
        assert_eq!(ref_ids, ["C"]);
        assert_eq!(
            json["results"]["C"]["frames"][0]["data"]["values"][1],
            json!([7])
        );
    }

    #[test]
    fn testdata_series_without_labels_are_labelled_by_name_for_expressions() {
        let two_series = || {
            let at = Field::new("time", vec![Timestamp::from_millis(NOW)]);
            DataResponse::ok(vec![
                Frame::new("")
                    .with_field(at.clone())
                    .with_field(Field::new("A-series", vec![3.0])),
                Frame::new("")
                    .with_field(at)
                    .with_field(Field::new("A-series1", vec![4.0])),
            ])
        };
        let labels_of = |type_id: &str| {
            let (_, expressions) = split(parsed(json!([
                { "refId": "A", "datasource": "td" },
                expression("B", json!({ "type": "math", "expression": "$A * 2" })),
            ])));
            let mut answer = QueryDataResponse::default();
            answer.insert("A", two_series());
            let types = BTreeMap::from([("A".to_string(), type_id.to_string())]);
            expressions.evaluate_into(&mut answer, &types);
            let json = serde_json::to_value(&answer).expect("serializes");
            let frames = json["results"]["B"]["frames"].as_array().cloned();
            let labels: Vec<Value> = frames
                .unwrap_or_default()
                .iter()
                .map(|frame| frame["schema"]["fields"][1]["labels"].clone())
                .collect();
            // The data source's own answer is left as it came.
            assert_eq!(
                json["results"]["A"]["frames"][0]["schema"]["fields"][1].get("labels"),
                None
            );
            labels
        };
        assert_eq!(
            labels_of("grafana-testdata-datasource"),
            [
                json!({"__name__": "A-series"}),
                json!({"__name__": "A-series1"})
            ]
        );
        assert_eq!(labels_of("testdata").len(), 2);
        assert_eq!(labels_of("prometheus"), [Value::Null, Value::Null]);
    }

    #[test]
    fn hidden_queries_answer_without_expressions() {
        let (_, expressions) = split(parsed(json!([
            { "refId": "A", "datasource": "td", "hide": true },
        ])));
        let mut answer = QueryDataResponse::default();
        answer.insert("A", a_series());
        expressions.evaluate_into(&mut answer, &BTreeMap::new());
        assert!(answer.results.contains_key("A"), "as Grafana's");
    }
}
