//! The Prometheus data source plugin against Debian's real Prometheus (backfilled with the
//! deterministic data of `sightline_testkit::prometheus`): frames compared value for value
//! and label for label with Prometheus's own `query_range` answer, legends, instant queries,
//! the table and heatmap formats, Grafana's step and alignment, Prometheus's error text,
//! resource calls and the health check. Listeners on `127.0.0.1` check what the plugin sends
//! (basic auth, custom headers, no cookies) and that it refuses redirects to another host.

mod prometheus_support;

use std::collections::BTreeSet;

use serde_json::{json, Value};
use sightline_datasources::plugin::{DataSourcePlugin, HealthStatus, ResourceRequest};
use sightline_datasources::plugins::prometheus::PrometheusPlugin;
use sightline_query::frame::{FieldValues, Frame};
use sightline_testkit::prometheus::{fixture_start_seconds, PrometheusServer, FIXTURE_END_SECONDS};

use prometheus_support::*;

const STEP_MS: i64 = 15_000;

async fn prometheus() -> PrometheusServer {
    PrometheusServer::start()
        .await
        .expect("Debian's prometheus starts (scripts/services.sh installs it)")
}

fn floor_to(ms: i64, step_ms: i64) -> i64 {
    ms.div_euclid(step_ms) * step_ms
}

/// The plugin's frames for `expr` equal Prometheus's own answer for the same aligned range
/// and step: same series in the same order, same labels, same times and values.
async fn assert_range_matches(base: &str, http_method: &str, expr: &str, direct_expr: &str) {
    let plugin = PrometheusPlugin::new();
    let ctx = context(base, json!({ "httpMethod": http_method }), &[]);
    let from_ms = (fixture_start_seconds() + 600) * 1000 + 3_000;
    let to_ms = FIXTURE_END_SECONDS * 1000 - 7_000;
    let model = json!({ "refId": "A", "expr": expr, "intervalMs": STEP_MS, "maxDataPoints": 1000 });
    let response = run_one(&plugin, &ctx, data_query("A", model, from_ms, to_ms)).await;
    assert_eq!(response.error, None, "{expr} via {http_method}");

    let (start_ms, end_ms) = (floor_to(from_ms, STEP_MS), floor_to(to_ms, STEP_MS));
    let direct = prometheus_json(
        base,
        "/api/v1/query_range",
        &[
            ("query", direct_expr.to_string()),
            ("start", (start_ms / 1000).to_string()),
            ("end", (end_ms / 1000).to_string()),
            ("step", "15".to_string()),
        ],
    )
    .await;
    let series = direct["data"]["result"].as_array().expect("matrix");
    assert!(!series.is_empty(), "prometheus has data for {direct_expr}");
    assert_eq!(response.frames.len(), series.len());
    for (frame, expected) in response.frames.iter().zip(series) {
        let expected_labels: std::collections::BTreeMap<String, String> =
            serde_json::from_value(expected["metric"].clone()).expect("labels");
        assert_eq!(frame.fields[1].labels, Some(expected_labels));
        let (times, values) = points(frame);
        let samples = expected["values"].as_array().expect("values");
        let expected_times: Vec<i64> = samples
            .iter()
            .map(|pair| (pair[0].as_f64().expect("time") * 1000.0) as i64)
            .collect();
        let expected_values: Vec<f64> = samples.iter().map(|pair| prom_value(&pair[1])).collect();
        assert_eq!(times, expected_times);
        assert_eq!(values, expected_values);
        assert_eq!(times.first(), Some(&start_ms));
        assert_eq!(times.last(), Some(&end_ms));
        let meta = frame.meta.as_ref().expect("meta");
        assert_eq!(meta.frame_type.as_deref(), Some("timeseries-multi"));
        assert_eq!(meta.type_version, [0, 1]);
        let expected_custom = if std::ptr::eq(frame, &response.frames[0]) {
            json!({ "calculatedMinStep": STEP_MS, "resultType": "matrix" })
        } else {
            json!({ "resultType": "matrix" })
        };
        assert_eq!(meta.custom, Some(expected_custom));
        assert_eq!(
            frame.fields[0].config.as_ref().and_then(|c| c.interval),
            Some(STEP_MS as f64)
        );
    }
    let executed = response.frames[0]
        .meta
        .as_ref()
        .and_then(|m| m.executed_query_string.clone());
    assert_eq!(executed, Some(format!("Expr: {direct_expr}\nStep: 15s")));
}

fn display_names(frames: &[Frame]) -> Vec<Option<String>> {
    frames
        .iter()
        .map(|frame| {
            frame.fields[1]
                .config
                .as_ref()
                .and_then(|config| config.display_name_from_ds.clone())
        })
        .collect()
}

#[tokio::test]
async fn range_frames_match_prometheus_value_for_value() {
    let server = prometheus().await;
    let base = server.url();
    for method in ["POST", "GET"] {
        assert_range_matches(
            &base,
            method,
            "sightline_requests_total",
            "sightline_requests_total",
        )
        .await;
    }
    assert_range_matches(
        &base,
        "POST",
        "rate(sightline_requests_total[$__rate_interval])",
        "rate(sightline_requests_total[1m0s])",
    )
    .await;
    assert_range_matches(
        &base,
        "POST",
        "sightline_temperature_celsius",
        "sightline_temperature_celsius",
    )
    .await;

    // Names: the value field is named after the metric; without legend the display name is
    // the series' selector, with one it is the legend, with `__auto` there is none.
    let plugin = PrometheusPlugin::new();
    let ctx = context(&base, empty(), &[]);
    let (from_ms, to_ms) = (
        (FIXTURE_END_SECONDS - 600) * 1000,
        FIXTURE_END_SECONDS * 1000,
    );
    let query = |legend: &str| {
        data_query(
            "A",
            json!({ "expr": "sightline_requests_total", "legendFormat": legend, "intervalMs": STEP_MS }),
            from_ms,
            to_ms,
        )
    };
    let plain = run_one(&plugin, &ctx, query("")).await;
    assert_eq!(plain.frames[0].fields[1].name, "sightline_requests_total");
    let names: BTreeSet<String> = display_names(&plain.frames).into_iter().flatten().collect();
    assert!(
        names.contains(r#"sightline_requests_total{code="200", instance="a:9090", job="api"}"#),
        "{names:?}"
    );
    let legend = run_one(&plugin, &ctx, query("{{instance}}/{{ code }}")).await;
    let names: BTreeSet<String> = display_names(&legend.frames)
        .into_iter()
        .flatten()
        .collect();
    let expected: BTreeSet<String> = ["a:9090/200", "a:9090/500", "b:9090/200", "b:9090/500"]
        .into_iter()
        .map(String::from)
        .collect();
    assert_eq!(names, expected);
    let auto = run_one(&plugin, &ctx, query("__auto")).await;
    assert!(display_names(&auto.frames).iter().all(Option::is_none));
}

/// A native histogram scraped by a real Prometheus (from a protobuf exposition): each
/// bucket of each sample is a row of Grafana's `heatmap-cells` frame, value for value with
/// Prometheus's own `query_range` answer.
#[tokio::test]
async fn native_histograms_are_heatmap_cells_as_prometheus_answers_them() {
    let target = exposition::start_native_histogram_target().await;
    let server = PrometheusServer::start_scraping(target)
        .await
        .expect("Debian's prometheus starts (scripts/services.sh installs it)");
    let base = server.url();
    let expr = exposition::NATIVE_HISTOGRAM;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let now = prometheus_json(&base, "/api/v1/query", &[("query", expr.to_string())]).await;
        if now["data"]["result"][0]["histogram"].is_array() {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "never scraped: {now}");
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    // A few more scrapes, so that the range holds several samples.
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    let to_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_millis() as i64;
    let from_ms = to_ms - 10_000;

    let plugin = PrometheusPlugin::new();
    let ctx = context(&base, json!({ "timeInterval": "1s" }), &[]);
    let model = json!({ "expr": expr, "intervalMs": 1000, "maxDataPoints": 1000 });
    let response = run_one(&plugin, &ctx, data_query("A", model, from_ms, to_ms)).await;
    assert_eq!(response.error, None);
    assert_eq!(response.frames.len(), 1, "{:?}", response.frames);
    let frame = &response.frames[0];
    let meta = frame.meta.as_ref().expect("meta");
    assert_eq!(meta.frame_type.as_deref(), Some("heatmap-cells"));
    let names: Vec<&str> = frame.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["xMax", "yMin", "yMax", "count", "yLayout"]);
    let step_ms = frame.fields[0]
        .config
        .as_ref()
        .and_then(|config| config.interval)
        .expect("the step on the time field") as i64;
    assert_eq!(step_ms, 1000);

    let direct = prometheus_json(
        &base,
        "/api/v1/query_range",
        &[
            ("query", expr.to_string()),
            ("start", (floor_to(from_ms, step_ms) / 1000).to_string()),
            ("end", (floor_to(to_ms, step_ms) / 1000).to_string()),
            ("step", "1".to_string()),
        ],
    )
    .await;
    let series = &direct["data"]["result"][0];
    let labels: std::collections::BTreeMap<String, String> =
        serde_json::from_value(series["metric"].clone()).expect("labels");
    assert_eq!(frame.fields[1].labels, Some(labels));
    let mut expected = Vec::new();
    for sample in series["histograms"].as_array().expect("histograms") {
        let time = (sample[0].as_f64().expect("time") * 1000.0) as i64;
        for bucket in sample[1]["buckets"].as_array().expect("buckets") {
            let rule = bucket[0].as_i64().expect("boundary rule");
            let numbers: Vec<f64> = (1..4).map(|i| prom_value(&bucket[i])).collect();
            expected.push((time, rule, numbers));
        }
    }
    assert!(expected.len() >= 8, "two samples of four buckets: {direct}");
    assert_eq!(
        expected[..4]
            .iter()
            .map(|(_, rule, numbers)| (*rule, numbers.clone()))
            .collect::<Vec<_>>(),
        [
            (3, vec![-0.001, 0.001, 1.0]),
            (0, vec![0.5, 1.0, 2.0]),
            (0, vec![1.0, 2.0, 3.0]),
            (0, vec![2.0, 4.0, 2.0]),
        ],
        "the histogram served"
    );
    let written = serde_json::to_value(frame).expect("json");
    let column = |index: usize| {
        written["data"]["values"][index]
            .as_array()
            .expect("column")
            .clone()
    };
    let read: Vec<(i64, i64, Vec<f64>)> = (0..expected.len())
        .map(|row| {
            let number = |index: usize| column(index)[row].as_f64().expect("number");
            (
                column(0)[row].as_i64().expect("time"),
                column(4)[row].as_i64().expect("rule"),
                vec![number(1), number(2), number(3)],
            )
        })
        .collect();
    assert_eq!(column(0).len(), expected.len());
    assert_eq!(read, expected);
}

#[tokio::test]
async fn instant_table_heatmap_and_step_rules() {
    let server = prometheus().await;
    let plugin = PrometheusPlugin::new();
    let ctx = context(&server.url(), empty(), &[]);
    let end_ms = FIXTURE_END_SECONDS * 1000;
    let last = 1_099.0;

    // Instant: the last samples (index 1099), one numeric-multi frame per series.
    let instant = run_one(
        &plugin,
        &ctx,
        data_query(
            "A",
            json!({ "expr": "sightline_temperature_celsius", "instant": true }),
            end_ms - 3_600_000,
            end_ms,
        ),
    )
    .await;
    assert_eq!(instant.error, None);
    let mut by_room = Vec::new();
    for frame in &instant.frames {
        let meta = frame.meta.as_ref().expect("meta");
        assert_eq!(meta.frame_type.as_deref(), Some("numeric-multi"));
        let (times, values) = points(frame);
        assert_eq!(times, vec![end_ms]);
        by_room.push((frame.fields[1].label_set()["room"].clone(), values[0]));
    }
    by_room.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        by_room,
        vec![("kitchen".to_string(), 29.0), ("lab".to_string(), 15.0)]
    );

    // Table: one frame, a column per label, a row per series.
    let table = run_one(
        &plugin,
        &ctx,
        data_query(
            "A",
            json!({ "expr": "sightline_requests_total", "instant": true, "format": "table" }),
            end_ms - 60_000,
            end_ms,
        ),
    )
    .await;
    assert_eq!(table.frames.len(), 1);
    let names: Vec<&str> = table.frames[0]
        .fields
        .iter()
        .map(|f| f.name.as_str())
        .collect();
    assert_eq!(
        names,
        ["Time", "__name__", "code", "instance", "job", "Value"]
    );
    let FieldValues::Float64(values) = &table.frames[0].fields[5].values else {
        panic!("value column");
    };
    let mut values: Vec<f64> = values.iter().map(|v| *v.expect("value")).collect();
    values.sort_by(f64::total_cmp);
    assert_eq!(values, vec![last, 2.0 * last, 7.0 * last, 10.0 * last]);

    // Heatmap: buckets sorted by bound and de-accumulated.
    let heatmap = run_one(
        &plugin,
        &ctx,
        data_query("A", json!({ "expr": "sightline_latency_seconds_bucket", "instant": true, "format": "heatmap" }), end_ms - 60_000, end_ms),
    )
    .await;
    let frame = &heatmap.frames[0];
    let names: Vec<&str> = frame.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["Time", "0.1", "0.5", "+Inf"]);
    let counts: Vec<f64> = frame.fields[1..]
        .iter()
        .map(|field| match &field.values {
            FieldValues::Float64(values) => *values.get(0).expect("count"),
            other => panic!("not floats: {other:?}"),
        })
        .collect();
    assert_eq!(counts, vec![last, 2.0 * last, 3.0 * last]);

    // Step: a 1m min step gives 1-minute points, aligned to the minute.
    let from_ms = (fixture_start_seconds() + 900) * 1000 + 1_234;
    let stepped = run_one(
        &plugin,
        &ctx,
        data_query("A", json!({ "expr": "sightline_temperature_celsius", "interval": "1m", "intervalMs": STEP_MS }), from_ms, end_ms - 5_000),
    )
    .await;
    let frame = &stepped.frames[0];
    let (times, _) = points(frame);
    assert!(
        times.iter().all(|t| t % 60_000 == 0),
        "aligned to the minute"
    );
    assert_eq!(times.first(), Some(&floor_to(from_ms, 60_000)));
    assert_eq!(times.last(), Some(&floor_to(end_ms - 5_000, 60_000)));
    assert!(times.windows(2).all(|pair| pair[1] - pair[0] == 60_000));
    assert_eq!(
        frame.fields[0].config.as_ref().and_then(|c| c.interval),
        Some(60_000.0)
    );
    let executed = frame
        .meta
        .as_ref()
        .and_then(|m| m.executed_query_string.clone());
    assert_eq!(
        executed.as_deref(),
        Some("Expr: sightline_temperature_celsius\nStep: 1m0s")
    );
}

#[tokio::test]
async fn errors_health_and_resources_against_real_prometheus() {
    let server = prometheus().await;
    let base = server.url();
    let plugin = PrometheusPlugin::new();
    let ctx = context(&base, empty(), &[]);
    let end_ms = FIXTURE_END_SECONDS * 1000;

    // Bad PromQL: Prometheus's status and its own error text.
    let bad = run_one(
        &plugin,
        &ctx,
        data_query("A", json!({ "expr": "sum(" }), end_ms - 60_000, end_ms),
    )
    .await;
    let direct = prometheus_json(
        &base,
        "/api/v1/query_range",
        &[
            ("query", "sum(".to_string()),
            ("start", "0".to_string()),
            ("end", "60".to_string()),
            ("step", "15".to_string()),
        ],
    )
    .await;
    let expected = format!(
        "{}: {}",
        direct["errorType"].as_str().expect("errorType"),
        direct["error"].as_str().expect("error")
    );
    assert_eq!(bad.status, Some(400));
    assert_eq!(bad.error.as_deref(), Some(expected.as_str()));

    // Health: Grafana's `1+1` check and message.
    let health = plugin.check_health(&ctx).await;
    assert_eq!(health.status, HealthStatus::Ok, "{}", health.message);
    assert_eq!(health.message, "Successfully queried the Prometheus API.");

    // Resources the editors call.
    let resource = |path: &str, method: &str, query: &str, body: &str| ResourceRequest {
        method: method.to_string(),
        path: path.to_string(),
        query: query.to_string(),
        headers: vec![("cookie".to_string(), "grafana_session=secret".to_string())],
        body: body.as_bytes().to_vec(),
    };
    let range = format!(
        "start={}&end={}",
        fixture_start_seconds(),
        FIXTURE_END_SECONDS
    );
    let values = plugin
        .call_resource(&ctx, resource("api/v1/label/job/values", "GET", &range, ""))
        .await;
    assert_eq!(values.status, 200);
    let body: Value = serde_json::from_slice(&values.body).expect("json");
    assert_eq!(body["data"], json!(["api"]));
    let form = format!("match[]=sightline_temperature_celsius&{range}");
    let labels = plugin
        .call_resource(&ctx, resource("api/v1/labels", "POST", "", &form))
        .await;
    let body: Value = serde_json::from_slice(&labels.body).expect("json");
    assert_eq!(body["data"], json!(["__name__", "room"]), "{body}");
    let series_query = format!("match%5B%5D=sightline_temperature_celsius&{range}");
    let series = plugin
        .call_resource(&ctx, resource("api/v1/series", "GET", &series_query, ""))
        .await;
    let body: Value = serde_json::from_slice(&series.body).expect("json");
    assert_eq!(body["data"].as_array().map(Vec::len), Some(2), "{body}");
    let metadata = plugin
        .call_resource(&ctx, resource("api/v1/metadata", "GET", "", ""))
        .await;
    assert_eq!(metadata.status, 200);
    let refused = plugin
        .call_resource(&ctx, resource("api/v1/../../-/quit", "GET", "", ""))
        .await;
    assert_eq!(refused.status, 404);
}

#[tokio::test]
async fn unreachable_prometheus_is_a_clear_error_and_fails_health() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port();
    let plugin = PrometheusPlugin::new();
    let ctx = context(&format!("http://127.0.0.1:{port}"), empty(), &[]);
    let response = run_one(
        &plugin,
        &ctx,
        data_query("A", json!({ "expr": "up" }), 0, 60_000),
    )
    .await;
    assert_eq!(response.status, Some(502));
    let message = response.error.expect("an error");
    assert!(message.starts_with("cannot connect"), "{message}");
    assert!(message.contains(&port.to_string()), "{message}");

    let health = plugin.check_health(&ctx).await;
    assert_eq!(health.status, HealthStatus::Error);
    assert!(
        health
            .message
            .ends_with(" - There was an error returned querying the Prometheus API."),
        "{}",
        health.message
    );
}

#[tokio::test]
async fn credentials_and_custom_headers_are_sent_and_nothing_else() {
    let listener = Listener::start(200, Vec::new(), EMPTY_MATRIX.to_string()).await;
    let plugin = PrometheusPlugin::new();
    let mut ctx = context(
        &format!("{}/prefix/", listener.url),
        json!({ "httpHeaderName1": "X-Scope-OrgID" }),
        &[
            ("basicAuthPassword", "s3cret"),
            ("httpHeaderValue1", "tenant-1"),
        ],
    );
    ctx.data_source.basic_auth = true;
    ctx.data_source.basic_auth_user = "alice".to_string();
    let response = run_one(
        &plugin,
        &ctx,
        data_query("A", json!({ "expr": "up" }), 0, 60_000),
    )
    .await;
    assert_eq!(response.error, None);
    let seen = listener.requests();
    assert_eq!(seen.len(), 1);
    let request = &seen[0];
    assert_eq!(
        request.request_line(),
        "POST /prefix/api/v1/query_range HTTP/1.1"
    );
    assert_eq!(
        request.header("authorization").as_deref(),
        Some("Basic YWxpY2U6czNjcmV0")
    );
    assert_eq!(request.header("x-scope-orgid").as_deref(), Some("tenant-1"));
    assert_eq!(
        request.header("content-type").as_deref(),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(request.header("cookie"), None);
    assert_eq!(request.body, "query=up&start=0&end=60&step=15");
}

/// As Grafana's: `jsonData.queryTimeout` reaches Prometheus as the range query's own
/// `timeout`; instant queries go without it.
#[tokio::test]
async fn the_query_timeout_is_passed_on_to_range_queries() {
    let listener = Listener::start(200, Vec::new(), EMPTY_MATRIX.to_string()).await;
    let model = json!({ "expr": "up", "range": true, "instant": true });
    let response = listener
        .query(json!({ "queryTimeout": "45s" }), model)
        .await;
    assert_eq!(response.error, None);
    let mut bodies: Vec<String> = listener
        .requests()
        .into_iter()
        .map(|request| request.body)
        .collect();
    bodies.sort();
    assert_eq!(
        bodies,
        [
            "query=up&start=0&end=60&step=15&timeout=45s",
            "query=up&time=60"
        ]
    );
}

/// Exemplars come as Grafana's one `exemplar` frame, carrying the query's `refId`, its
/// executed query and step.
#[tokio::test]
async fn exemplars_are_one_frame_for_the_query() {
    let answer = r#"{"status":"success","data":[{"seriesLabels":{"job":"api"},
        "exemplars":[{"labels":{"trace_id":"t1"},"value":"2","timestamp":30}]}]}"#;
    let listener = Listener::start(200, Vec::new(), answer.to_string()).await;
    // The listener gives every call the exemplar answer: the range call fails on it.
    let model = json!({ "expr": "up", "exemplar": true });
    let response = listener.query(empty(), model).await;
    let exemplar_frames: Vec<_> = response
        .frames
        .iter()
        .filter(|frame| frame.name == "exemplar")
        .collect();
    assert_eq!(exemplar_frames.len(), 1, "{:?}", response.frames);
    let frame = exemplar_frames[0];
    assert_eq!(frame.ref_id, "A");
    let meta = frame.meta.as_ref().expect("meta");
    assert_eq!(
        meta.executed_query_string.as_deref(),
        Some("Expr: up\nStep: 15s")
    );
    assert_eq!(
        meta.custom,
        Some(json!({ "calculatedMinStep": 15000, "resultType": "exemplar" }))
    );
    let names: Vec<&str> = frame.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["Time", "Value", "job", "trace_id"]);
}

/// As Grafana's promlib: an answer whose status Prometheus never sends for a query (here a
/// proxy's 404 page) is not read; its start is quoted in a 500 error.
#[tokio::test]
async fn unexpected_statuses_are_quoted() {
    let listener = Listener::start(404, Vec::new(), "404 page not found\n".to_string()).await;
    let response = listener.query(empty(), json!({ "expr": "up" })).await;
    assert_eq!(response.status, Some(500));
    assert_eq!(
        response.error.as_deref(),
        Some("unexpected response with status code 404: 404 page not found\n")
    );
    let meta = response.frames[0].meta.as_ref().expect("meta");
    assert_eq!(
        meta.executed_query_string.as_deref(),
        Some("Expr: up\nStep: 15s")
    );
}

#[tokio::test]
async fn redirects_to_another_host_are_not_followed() {
    let elsewhere = Listener::start(200, Vec::new(), EMPTY_MATRIX.to_string()).await;
    let port = elsewhere.url.rsplit(':').next().expect("port").to_string();
    let target = format!("http://localhost:{port}/api/v1/query_range");
    let redirecting =
        Listener::start(307, vec![("location".to_string(), target)], String::new()).await;
    let plugin = PrometheusPlugin::new();
    let mut ctx = context(
        &redirecting.url,
        empty(),
        &[("basicAuthPassword", "s3cret")],
    );
    ctx.data_source.basic_auth = true;
    ctx.data_source.basic_auth_user = "alice".to_string();
    let response = run_one(
        &plugin,
        &ctx,
        data_query("A", json!({ "expr": "up" }), 0, 60_000),
    )
    .await;
    assert_eq!(response.status, Some(502));
    let message = response.error.expect("an error");
    assert!(message.contains("another host (localhost)"), "{message}");
    assert_eq!(redirecting.requests().len(), 1);
    assert!(
        elsewhere.requests().is_empty(),
        "the other host got a request"
    );
}
