//! The query pipeline end to end (`POST /api/ds/query`) against TestData data sources:
//! per-refId answers in Grafana's frame JSON, one failing query not failing the others,
//! server-side expressions over the query results, Grafana's 200/400 statuses, refused
//! requests, the `[dataproxy] timeout`, upstream calls cancelled when the client leaves, and
//! the data source health and resource routes.

use std::time::{Duration, Instant};

use serde_json::{json, Value};
use sightline_testkit::{backend_tests, Client, TestServer};

const TESTDATA: &str = "grafana-testdata-datasource";
const FROM: i64 = 1_700_000_000_000;
const TO: i64 = FROM + 3_600_000;

/// Creates a TestData data source with `uid` and answers its numeric id.
async fn create_testdata(client: &Client, uid: &str) -> i64 {
    let reply = client
        .post(
            "/api/datasources",
            json!({ "name": format!("TestData {uid}"), "type": TESTDATA, "uid": uid, "access": "proxy" }),
        )
        .await;
    assert_eq!(reply.status, 200, "create {uid}: {:?}", reply.body);
    reply.body["id"].as_i64().expect("id")
}

fn request(queries: Value) -> Value {
    json!({ "from": FROM.to_string(), "to": TO.to_string(), "queries": queries })
}

fn walk(ref_id: &str, uid: &str) -> Value {
    json!({
        "refId": ref_id, "datasource": { "uid": uid, "type": TESTDATA },
        "scenarioId": "random_walk", "intervalMs": 60_000, "maxDataPoints": 1000
    })
}

async fn mixed_queries_answer_per_ref_id(server: TestServer) {
    let admin = server.admin();
    let id = create_testdata(&admin, "td").await;
    let queries = json!([
        walk("A", "td"),
        { "refId": "B", "datasource": "td", "scenarioId": "csv_metric_values",
          "stringInput": "1,20,90,30,5,0" },
        { "refId": "C", "datasource": { "uid": "no-such-uid", "type": TESTDATA },
          "scenarioId": "random_walk" },
        { "refId": "D", "datasource": { "uid": "td" }, "scenarioId": "server_error_500" },
        { "refId": "E", "datasource": { "uid": "__expr__", "type": "__expr__" },
          "type": "math", "expression": "$A + 1" },
        { "refId": "F", "datasourceId": id, "scenarioId": "table_static" }
    ]);
    let reply = admin.post("/api/ds/query", request(queries)).await;
    assert_eq!(
        reply.status, 400,
        "a failed query makes it a 400: {:?}",
        reply.body
    );
    let results = &reply.body["results"];

    let a = &results["A"];
    assert_eq!(a["status"], 200, "{a:?}");
    let frame = &a["frames"][0];
    assert_eq!(frame["schema"]["refId"], "A");
    assert_eq!(frame["schema"]["meta"]["type"], "timeseries-multi");
    let fields = frame["schema"]["fields"].as_array().expect("fields");
    assert_eq!(fields[0]["name"], "time");
    assert_eq!(fields[0]["type"], "time");
    assert_eq!(fields[1]["name"], "A-series");
    assert_eq!(fields[1]["type"], "number");
    let times = frame["data"]["values"][0].as_array().expect("times");
    assert_eq!(times.len(), 60, "one point per intervalMs over the hour");
    assert_eq!(times[0], FROM);
    assert_eq!(times[1], FROM + 60_000);

    let b = &results["B"]["frames"][0]["data"]["values"];
    assert_eq!(b[1], json!([1, 20, 90, 30, 5, 0]));
    assert_eq!(b[0][5], TO);

    assert_eq!(results["C"]["status"], 404);
    assert_eq!(results["C"]["error"], "Data source not found");
    assert_eq!(results["D"]["status"], 500);
    assert!(results["D"]["error"].as_str().is_some());
    assert_eq!(
        results["E"]["status"], 200,
        "expressions run: {:?}",
        results["E"]
    );
    assert_eq!(results["E"]["frames"][0]["schema"]["refId"], "E");
    // TestData series have no labels; Grafana's expressions label them by name.
    assert_eq!(
        results["E"]["frames"][0]["schema"]["fields"][1]["labels"],
        json!({ "__name__": "A-series" })
    );
    assert_eq!(
        fields[1]["labels"],
        json!({}),
        "the query's own answer is unchanged"
    );
    assert_eq!(results["F"]["status"], 200);
    assert_eq!(
        results["F"]["frames"][0]["schema"]["fields"][1]["name"],
        "Message"
    );

    // All succeed: 200, and the same range draws the same random walk.
    let again = admin
        .post("/api/ds/query", request(json!([walk("A", "td")])))
        .await;
    assert_eq!(again.status, 200, "{:?}", again.body);
    assert_eq!(again.body["results"]["A"]["frames"], a["frames"]);
    server.stop().await;
}

fn expression(ref_id: &str, model: Value) -> Value {
    let mut model = model;
    model["refId"] = json!(ref_id);
    model["datasource"] = json!({ "uid": "__expr__", "type": "__expr__" });
    model
}

/// The fields (name, type) of a frame's schema.
fn field_shapes(frame: &Value) -> Vec<(String, String)> {
    let fields = frame["schema"]["fields"].as_array().expect("fields");
    fields
        .iter()
        .map(|f| {
            (
                f["name"].as_str().unwrap_or("").into(),
                f["type"].as_str().unwrap_or("").into(),
            )
        })
        .collect()
}

async fn expressions_evaluate_over_query_results(server: TestServer) {
    let admin = server.admin();
    create_testdata(&admin, "td").await;
    let queries = json!([
        { "refId": "A", "datasource": { "uid": "td", "type": TESTDATA },
          "scenarioId": "csv_metric_values", "stringInput": "1,20,90,30,5,0" },
        expression("B", json!({ "type": "reduce", "expression": "A", "reducer": "max" })),
        expression("C", json!({ "type": "math", "expression": "$B * 2" })),
        expression("D", json!({ "type": "threshold", "expression": "C",
            "conditions": [{ "evaluator": { "type": "gt", "params": [100] } }] })),
        expression("E", json!({ "type": "threshold", "expression": "C",
            "conditions": [{ "evaluator": { "type": "lt", "params": [100] } }] })),
    ]);
    let reply = admin.post("/api/ds/query", request(queries)).await;
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    let results = &reply.body["results"];
    let a = &results["A"]["frames"][0]["data"]["values"];
    assert_eq!(a[1], json!([1, 20, 90, 30, 5, 0]), "A answers too");
    for (ref_id, expected) in [("B", 90), ("C", 180), ("D", 1), ("E", 0)] {
        let frames = results[ref_id]["frames"].as_array().expect("frames");
        assert_eq!(frames.len(), 1, "{ref_id}: one number");
        let frame = &frames[0];
        assert_eq!(frame["schema"]["refId"], ref_id);
        assert_eq!(frame["schema"]["meta"]["type"], "numeric-multi", "{ref_id}");
        let shape = vec![(ref_id.to_string(), "number".to_string())];
        assert_eq!(
            field_shapes(frame),
            shape,
            "{ref_id}: a single number field"
        );
        assert_eq!(frame["data"]["values"], json!([[expected]]), "{ref_id}");
    }

    // Math over the series keeps its shape: time + value, point by point.
    let queries = json!([
        { "refId": "A", "datasource": "td", "scenarioId": "csv_metric_values",
          "stringInput": "1,2,3" },
        expression("B", json!({ "type": "math", "expression": "$A * 10" })),
    ]);
    let reply = admin.post("/api/ds/query", request(queries)).await;
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    let b = &reply.body["results"]["B"]["frames"][0];
    assert_eq!(b["schema"]["meta"]["type"], "timeseries-multi");
    assert_eq!(field_shapes(b)[0], ("Time".to_string(), "time".to_string()));
    assert_eq!(b["data"]["values"][1], json!([10, 20, 30]));

    // An unknown reference and a malformed model fail alone; A still answers.
    let queries = json!([
        { "refId": "A", "datasource": "td", "scenarioId": "csv_metric_values",
          "stringInput": "1,2,3" },
        expression("B", json!({ "type": "reduce", "expression": "Z", "reducer": "max" })),
        expression("C", json!({ "type": "reduce", "expression": "A" })),
        expression("D", json!({ "type": "reduce", "expression": "A", "reducer": "min" })),
    ]);
    let reply = admin.post("/api/ds/query", request(queries)).await;
    assert_eq!(reply.status, 400, "{:?}", reply.body);
    let results = &reply.body["results"];
    assert_eq!(results["A"]["status"], 200, "{:?}", results["A"]);
    assert_eq!(results["B"]["status"], 400, "{:?}", results["B"]);
    let unknown = results["B"]["error"].as_str().unwrap_or("");
    assert!(
        unknown.contains("unknown query or expression \"Z\""),
        "{unknown}"
    );
    assert_eq!(
        results["C"]["status"], 400,
        "no reducer: {:?}",
        results["C"]
    );
    assert_eq!(results["D"]["frames"][0]["data"]["values"], json!([[1]]));
    server.stop().await;
}

async fn unusable_requests_are_refused(server: TestServer) {
    let admin = server.admin();
    create_testdata(&admin, "td").await;
    for body in [
        json!({ "queries": [] }),
        json!({ "from": "now-1h", "to": "now" }),
    ] {
        let reply = admin.post("/api/ds/query", body).await;
        assert_eq!(reply.status, 400, "{:?}", reply.body);
        assert_eq!(reply.message(), "No queries found");
    }
    let backwards = json!({ "from": "now", "to": "now-1h", "queries": [walk("A", "td")] });
    let reply = admin.post("/api/ds/query", backwards).await;
    assert_eq!(reply.status, 400, "{:?}", reply.body);
    assert!(reply.message().contains("is after"), "{:?}", reply.body);
    let reply = admin.post("/api/ds/query", json!([1, 2])).await;
    assert_eq!(reply.status, 400, "not an object: {:?}", reply.body);

    let nobody = server.user_with_role("nobody", "None").await;
    let reply = nobody
        .client()
        .post("/api/ds/query", request(json!([walk("A", "td")])))
        .await;
    assert_eq!(
        reply.status, 403,
        "role None may not query: {:?}",
        reply.body
    );
    let health = nobody.client().get("/api/datasources/uid/td/health").await;
    assert_eq!(health.status, 403, "{:?}", health.body);
    let anonymous = server
        .client()
        .post("/api/ds/query", request(json!([walk("A", "td")])))
        .await;
    assert_eq!(anonymous.status, 401);

    let viewer = server.user_with_role("viewer", "Viewer").await;
    let reply = viewer
        .client()
        .post("/api/ds/query", request(json!([walk("A", "td")])))
        .await;
    assert_eq!(reply.status, 200, "viewers query: {:?}", reply.body);
    server.stop().await;
}

async fn a_slow_query_times_out_alone(server: TestServer) {
    let admin = server.admin();
    create_testdata(&admin, "slow").await;
    create_testdata(&admin, "fast").await;
    // B goes to another data source, C to the slow one: only A waits out the timeout.
    let queries = json!([
        { "refId": "A", "datasource": { "uid": "slow", "type": TESTDATA },
          "scenarioId": "slow_query", "stringInput": "30s" },
        walk("B", "fast"),
        walk("C", "slow")
    ]);
    let started = Instant::now();
    let reply = admin.post("/api/ds/query", request(queries)).await;
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "the 1 s timeout ended the slow query: {:?}",
        started.elapsed()
    );
    assert_eq!(reply.status, 400, "{:?}", reply.body);
    let slow = &reply.body["results"]["A"];
    assert_eq!(slow["status"], 504, "{slow:?}");
    assert!(slow["error"].as_str().unwrap_or("").contains("timed out"));
    for ref_id in ["B", "C"] {
        let fast = &reply.body["results"][ref_id];
        assert_eq!(fast["status"], 200, "{ref_id}: {fast:?}");
        assert_eq!(fast["frames"][0]["schema"]["refId"], ref_id);
    }
    server.stop().await;
}

async fn health_and_resources_reach_the_plugin(server: TestServer) {
    let admin = server.admin();
    let id = create_testdata(&admin, "td").await;
    for path in [
        "/api/datasources/uid/td/health".to_string(),
        format!("/api/datasources/{id}/health"),
    ] {
        let reply = admin.get(&path).await;
        assert_eq!(reply.status, 200, "{path}: {:?}", reply.body);
        assert_eq!(
            reply.body,
            json!({ "status": "OK", "message": "Data source is working" })
        );
    }
    let missing = admin.get("/api/datasources/uid/nope/health").await;
    assert_eq!(missing.status, 404, "{:?}", missing.body);
    assert_eq!(missing.message(), "Data source not found");

    for path in [
        "/api/datasources/uid/td/resources/scenarios".to_string(),
        format!("/api/datasources/{id}/resources/scenarios"),
    ] {
        let reply = admin.get(&path).await;
        assert_eq!(reply.status, 200, "{path}: {:?}", reply.body);
        let scenarios = reply.body.as_array().expect("a list");
        let walk = scenarios
            .iter()
            .find(|scenario| scenario["id"] == "random_walk")
            .expect("random_walk is listed");
        assert_eq!(walk["name"], "Random Walk");
        let ids: Vec<&str> = scenarios.iter().filter_map(|s| s["id"].as_str()).collect();
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        assert_eq!(ids, sorted, "sorted by id");
    }
    let unknown = admin
        .get("/api/datasources/uid/td/resources/nothing/here")
        .await;
    assert_eq!(unknown.status, 404);
    let echoed = admin
        .post(
            "/api/datasources/uid/td/resources/test",
            json!({ "ping": 1 }),
        )
        .await;
    assert_eq!(echoed.status, 200, "{:?}", echoed.body);
    assert_eq!(echoed.body["request"]["method"], "POST");
    server.stop().await;
}

/// A caller that leaves drops its queries: the upstream call of a Prometheus query that
/// hangs is closed at once, long before `[dataproxy] timeout` (30 s) or the query timeout.
async fn a_client_that_leaves_cancels_its_upstream_calls(server: TestServer) {
    use tokio::io::AsyncReadExt;
    let upstream = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = upstream.local_addr().expect("address");
    let (closed, was_closed) = tokio::sync::oneshot::channel();
    tokio::spawn(async move {
        let Ok((mut socket, _)) = upstream.accept().await else {
            return;
        };
        // Read the request and never answer; tell when Sightline closes the connection.
        let mut buffer = [0_u8; 4096];
        while matches!(socket.read(&mut buffer).await, Ok(read) if read > 0) {}
        let _ = closed.send(Instant::now());
    });
    let admin = server.admin();
    let created = admin
        .post(
            "/api/datasources",
            json!({ "name": "Hanging", "uid": "hanging", "type": "prometheus",
                    "access": "proxy", "url": format!("http://{address}") }),
        )
        .await;
    assert_eq!(created.status, 200, "{:?}", created.body);

    let query = json!({ "refId": "A", "datasource": { "uid": "hanging" }, "expr": "up" });
    let left = reqwest::Client::new()
        .post(format!("{}/api/ds/query", server.base_url))
        .basic_auth("admin", Some("admin"))
        .timeout(Duration::from_millis(500))
        .json(&request(json!([query])))
        .send()
        .await;
    let gone = Instant::now();
    assert!(left.is_err(), "the query hangs: {left:?}");
    let closed_at = tokio::time::timeout(Duration::from_secs(10), was_closed)
        .await
        .expect("the upstream connection was closed after the client left")
        .expect("the upstream saw the request");
    assert!(
        closed_at.duration_since(gone) < Duration::from_secs(5),
        "closed {:?} after the client left",
        closed_at.duration_since(gone)
    );
    server.stop().await;
}

backend_tests!(
    mixed_queries_answer_per_ref_id,
    expressions_evaluate_over_query_results,
    unusable_requests_are_refused,
    health_and_resources_reach_the_plugin,
    a_client_that_leaves_cancels_its_upstream_calls
);
backend_tests!(with["dataproxy.timeout=1"], a_slow_query_times_out_alone);
