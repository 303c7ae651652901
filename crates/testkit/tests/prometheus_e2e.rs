//! The Prometheus data source end to end: a data source created through `/api/datasources`
//! pointing at Debian's real Prometheus, queried through `POST /api/ds/query`; the frames in
//! Grafana's JSON match Prometheus's own `query_range` answer value for value, a series
//! without labels carries `"labels": {}`, and a bad query fails alone with Prometheus's error
//! text; the health check and a resource call go through `/api/datasources/uid/:uid/...`;
//! with `[server] enable_gzip` the answer (sent as slices of Prometheus's text) is compressed
//! and holds the same frames; an instant answer reaches expressions as numbers. SQLite only:
//! the plugin does not touch the database beyond reading the data source.

use serde_json::{json, Value};
use sightline_testkit::prometheus::{fixture_start_seconds, PrometheusServer, FIXTURE_END_SECONDS};
use sightline_testkit::{Backend, TestServer};

/// Debian's Prometheus, and a Sightline server (with the `section.key=value` overrides)
/// holding it as the data source `prom`. Prometheus stops when the first is dropped.
async fn with_prometheus(overrides: &[&str]) -> (PrometheusServer, TestServer) {
    let prometheus = PrometheusServer::start().await.expect("prometheus starts");
    let server = TestServer::start_with(Backend::Sqlite, overrides).await;
    let created = server
        .admin()
        .post(
            "/api/datasources",
            json!({ "name": "Prometheus", "type": "prometheus", "uid": "prom",
                    "access": "proxy", "url": prometheus.url() }),
        )
        .await;
    assert_eq!(created.status, 200, "{:?}", created.body);
    (prometheus, server)
}

#[tokio::test]
async fn ds_query_returns_prometheus_frames() {
    let prometheus = PrometheusServer::start().await.expect("prometheus starts");
    let server = TestServer::start(Backend::Sqlite).await;
    let admin = server.admin();
    let created = admin
        .post(
            "/api/datasources",
            json!({
                "name": "Prometheus", "type": "prometheus", "uid": "prom", "access": "proxy",
                "url": prometheus.url(), "jsonData": { "httpMethod": "POST", "timeInterval": "15s" }
            }),
        )
        .await;
    assert_eq!(created.status, 200, "{:?}", created.body);

    let from_ms = (fixture_start_seconds() + 600) * 1000;
    let to_ms = FIXTURE_END_SECONDS * 1000;
    let reply = admin
        .post(
            "/api/ds/query",
            json!({
                "from": from_ms.to_string(), "to": to_ms.to_string(),
                "queries": [
                    { "refId": "A", "datasource": { "uid": "prom", "type": "prometheus" },
                      "expr": "sightline_temperature_celsius", "legendFormat": "{{room}}",
                      "range": true, "intervalMs": 15000, "maxDataPoints": 2000 },
                    { "refId": "B", "datasource": { "uid": "prom", "type": "prometheus" },
                      "expr": "sum(", "range": true, "intervalMs": 15000 },
                    { "refId": "C", "datasource": { "uid": "prom", "type": "prometheus" },
                      "expr": "sum(sightline_temperature_celsius)", "range": true,
                      "intervalMs": 15000 }
                ]
            }),
        )
        .await;
    assert_eq!(
        reply.status, 400,
        "one failed query makes it a 400: {}",
        reply.body
    );
    let a = &reply.body["results"]["A"];
    assert_eq!(a["status"], 200, "{a}");

    let direct: Value = reqwest::Client::new()
        .get(format!("{}/api/v1/query_range", prometheus.url()))
        .query(&[
            ("query", "sightline_temperature_celsius".to_string()),
            ("start", (from_ms / 1000).to_string()),
            ("end", (to_ms / 1000).to_string()),
            ("step", "15".to_string()),
        ])
        .send()
        .await
        .expect("prometheus answers")
        .json()
        .await
        .expect("json");
    let series = direct["data"]["result"].as_array().expect("matrix");
    let frames = a["frames"].as_array().expect("frames");
    assert_eq!(frames.len(), series.len());
    for (frame, expected) in frames.iter().zip(series) {
        let fields = &frame["schema"]["fields"];
        assert_eq!(fields[0]["name"], "Time");
        assert_eq!(fields[0]["config"]["interval"], 15000);
        assert_eq!(fields[1]["name"], "sightline_temperature_celsius");
        assert_eq!(fields[1]["labels"], expected["metric"]);
        assert_eq!(
            fields[1]["config"]["displayNameFromDS"],
            expected["metric"]["room"]
        );
        assert_eq!(frame["schema"]["meta"]["type"], "timeseries-multi");
        let samples = expected["values"].as_array().expect("values");
        let times: Vec<Value> = samples
            .iter()
            .map(|pair| json!((pair[0].as_f64().expect("time") * 1000.0) as i64))
            .collect();
        let values: Vec<f64> = samples
            .iter()
            .map(|pair| pair[1].as_str().expect("value").parse().expect("float"))
            .collect();
        let frame_values: Vec<f64> = frame["data"]["values"][1]
            .as_array()
            .expect("values")
            .iter()
            .map(|value| value.as_f64().expect("a number"))
            .collect();
        assert_eq!(frame["data"]["values"][0], Value::Array(times));
        assert_eq!(frame_values, values);
    }
    assert_eq!(
        frames[0]["schema"]["meta"]["executedQueryString"],
        "Expr: sightline_temperature_celsius\nStep: 15s"
    );

    // A series without labels carries `"labels": {}`, as Grafana writes it.
    let sum_fields = &reply.body["results"]["C"]["frames"][0]["schema"]["fields"];
    assert_eq!(sum_fields[1]["labels"], json!({}), "{sum_fields}");
    assert!(sum_fields[0].get("labels").is_none(), "{sum_fields}");

    let b = &reply.body["results"]["B"];
    assert_eq!(b["status"], 400, "{b}");
    let error = b["error"].as_str().expect("error text");
    assert!(
        error.starts_with("bad_data: ") && error.contains("parse error"),
        "{error}"
    );

    // The health check and an editor's resource call, through the data source API.
    let health = admin.get("/api/datasources/uid/prom/health").await;
    assert_eq!(health.status, 200, "{}", health.body);
    assert_eq!(health.body["status"], "OK");
    assert_eq!(
        health.body["message"],
        "Successfully queried the Prometheus API."
    );
    let path = format!(
        "/api/datasources/uid/prom/resources/api/v1/label/room/values?start={}&end={}",
        fixture_start_seconds(),
        FIXTURE_END_SECONDS
    );
    let values = admin.get(&path).await;
    assert_eq!(values.status, 200, "{}", values.body);
    assert_eq!(values.body["data"], json!(["kitchen", "lab"]));

    // Two table queries to one data source: each query is its own plugin call, yet the
    // value columns are named for a request of several (`Value #A`, `Value #B`).
    let table = |ref_id: &str| {
        json!({ "refId": ref_id, "datasource": { "uid": "prom" }, "format": "table",
                "expr": "sightline_temperature_celsius", "instant": true })
    };
    let tables = admin
        .post(
            "/api/ds/query",
            json!({ "from": from_ms.to_string(), "to": to_ms.to_string(),
                    "queries": [table("A"), table("B")] }),
        )
        .await;
    assert_eq!(tables.status, 200, "{}", tables.body);
    for ref_id in ["A", "B"] {
        let fields = &tables.body["results"][ref_id]["frames"][0]["schema"]["fields"];
        let last = fields.as_array().and_then(|f| f.last()).expect("fields");
        assert_eq!(last["name"], format!("Value #{ref_id}"), "{fields}");
    }
    server.stop().await;
}

#[tokio::test]
async fn instant_answers_feed_expressions_as_numbers() {
    let (_prometheus, server) = with_prometheus(&[]).await;
    let admin = server.admin();
    let at = (FIXTURE_END_SECONDS * 1000).to_string();
    let reply = admin
        .post(
            "/api/ds/query",
            json!({ "from": at, "to": at, "queries": [
                { "refId": "A", "datasource": { "uid": "prom" }, "instant": true, "range": false,
                  "expr": "sightline_temperature_celsius" },
                { "refId": "B", "datasource": { "uid": "__expr__", "type": "__expr__" },
                  "type": "math", "expression": "$A * 2" }
            ]}),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let value_of = |frame: &Value| -> (String, f64) {
        let fields = &frame["schema"]["fields"];
        let last = fields.as_array().and_then(|f| f.last()).expect("fields");
        let values = frame["data"]["values"].as_array().expect("values");
        let cell = values.last().and_then(|column| column[0].as_f64());
        let room = last["labels"]["room"].as_str().expect("room label");
        (room.to_string(), cell.expect("a value"))
    };
    let mut instant: Vec<(String, f64)> = reply.body["results"]["A"]["frames"]
        .as_array()
        .expect("frames")
        .iter()
        .map(value_of)
        .collect();
    instant.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(instant.len(), 2, "{}", reply.body);
    // As Grafana's: the instant series are numbers to the expression, so `$A * 2` answers
    // one-value `numeric-multi` frames (an alert condition's shape), labelled per room.
    let doubled = reply.body["results"]["B"]["frames"]
        .as_array()
        .expect("frames");
    let mut numbers: Vec<(String, f64)> = doubled.iter().map(value_of).collect();
    numbers.sort_by(|a, b| a.0.cmp(&b.0));
    for frame in doubled {
        assert_eq!(frame["schema"]["meta"]["type"], "numeric-multi", "{frame}");
        assert_eq!(frame["schema"]["fields"].as_array().map(Vec::len), Some(1));
    }
    let expected: Vec<(String, f64)> = instant
        .iter()
        .map(|(room, value)| (room.clone(), value * 2.0))
        .collect();
    assert_eq!(numbers, expected);
    server.stop().await;
}

#[tokio::test]
async fn gzip_answers_hold_the_same_frames() {
    let (_prometheus, server) = with_prometheus(&["server.enable_gzip=true"]).await;
    let request = json!({
        "from": ((fixture_start_seconds() + 600) * 1000).to_string(),
        "to": (FIXTURE_END_SECONDS * 1000).to_string(),
        "queries": [{ "refId": "A", "datasource": { "uid": "prom" },
                      "expr": "sightline_requests_total", "intervalMs": 15000 }]
    });
    let send = |encoding: &'static str| {
        reqwest::Client::new()
            .post(format!("{}/api/ds/query", server.base_url))
            .basic_auth("admin", Some("admin"))
            .header("Accept-Encoding", encoding)
            .json(&request)
            .send()
    };
    let plain = send("identity").await.expect("answers");
    assert_eq!(plain.status(), 200);
    assert_eq!(plain.headers().get("content-encoding"), None);
    let plain = plain.text().await.expect("text");
    assert!(plain.ends_with("}\n"), "ends with a newline, as Grafana's");
    let plain: Value = serde_json::from_str(&plain).expect("json");
    let frames = plain["results"]["A"]["frames"].as_array().expect("frames");
    assert_eq!(frames.len(), 4, "four series");

    let compressed = send("gzip").await.expect("answers");
    assert_eq!(compressed.status(), 200);
    assert_eq!(
        compressed
            .headers()
            .get("content-encoding")
            .and_then(|value| value.to_str().ok()),
        Some("gzip")
    );
    let bytes = compressed.bytes().await.expect("body");
    let mut text = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut text)
        .expect("gzip");
    assert!(
        text.len() > 4 * bytes.len(),
        "compressed: {} of {}",
        bytes.len(),
        text.len()
    );
    let unzipped: Value = serde_json::from_slice(&text).expect("json");
    assert_eq!(unzipped, plain);
    server.stop().await;
}
