//! The built-in `-- Grafana --` data source (uid `grafana`) through `POST /api/ds/query`:
//! `randomWalk`, the annotations of a dashboard or of tags that the caller may see,
//! dashboard search, Grafana's error for an unknown query type — and, as in Grafana, it is
//! no stored data source: `GET /api/datasources/uid/grafana` is a 404.

use serde_json::{json, Value};
use sightline_testkit::{backend_tests, Client, TestServer};

const FROM: i64 = 1_700_000_000_000;
const TO: i64 = FROM + 3_600_000;

fn grafana_query(ref_id: &str, query_type: &str, extra: Value) -> Value {
    let mut query = json!({
        "refId": ref_id, "datasource": { "uid": "grafana", "type": "datasource" },
        "queryType": query_type, "intervalMs": 60_000, "maxDataPoints": 1000
    });
    if let (Value::Object(query), Value::Object(extra)) = (&mut query, extra) {
        query.extend(extra);
    }
    query
}

fn request(queries: Value) -> Value {
    json!({ "from": FROM.to_string(), "to": TO.to_string(), "queries": queries })
}

/// Saves a dashboard `uid` in the General folder.
async fn create_dashboard(client: &Client, uid: &str, title: &str) {
    let reply = client
        .post(
            "/api/dashboards/db",
            json!({ "dashboard": { "uid": uid, "title": title, "panels": [] }, "overwrite": false }),
        )
        .await;
    assert_eq!(reply.status, 200, "save {uid}: {:?}", reply.body);
}

async fn annotate(client: &Client, body: Value) {
    let reply = client.post("/api/annotations", body.clone()).await;
    assert_eq!(reply.status, 200, "annotate {body}: {:?}", reply.body);
}

/// The values of the one frame of `ref_id`.
fn values(body: &Value, ref_id: &str) -> Vec<Value> {
    let result = &body["results"][ref_id];
    assert_eq!(result["status"], 200, "{ref_id}: {result}");
    result["frames"][0]["data"]["values"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn field_names(body: &Value, ref_id: &str) -> Vec<String> {
    body["results"][ref_id]["frames"][0]["schema"]["fields"]
        .as_array()
        .map(|fields| {
            fields
                .iter()
                .filter_map(|field| field["name"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

async fn random_walk_and_errors(server: TestServer) {
    let admin = server.admin();
    let reply = admin
        .post(
            "/api/ds/query",
            request(json!([
                grafana_query("A", "randomWalk", json!({})),
                grafana_query("B", "noSuchType", json!({})),
                { "refId": "C", "datasource": "grafana", "queryType": "randomWalk" },
            ])),
        )
        .await;
    assert_eq!(reply.status, 400, "B fails: {}", reply.body);
    let body = &reply.body;
    assert_eq!(field_names(body, "A"), ["time", "A-series"]);
    let a = values(body, "A");
    assert_eq!(
        a[0].as_array().map(Vec::len),
        Some(60),
        "one point a minute"
    );
    assert_eq!(a[0][0], FROM);
    assert_eq!(body["results"]["A"]["frames"][0]["schema"]["refId"], "A");
    assert_eq!(body["results"]["B"]["status"], 400);
    assert_eq!(body["results"]["B"]["error"], "unknown query type");
    assert_eq!(field_names(body, "C"), ["time", "C-series"]);

    let stored = admin.get("/api/datasources/uid/grafana").await;
    assert_eq!(stored.status, 404, "{:?}", stored.body);
    assert_eq!(stored.message(), "Data source not found");
    server.stop().await;
}

async fn annotations_of_a_dashboard_or_of_tags(server: TestServer) {
    let admin = server.admin();
    create_dashboard(&admin, "ops", "Ops").await;
    create_dashboard(&admin, "hidden", "Hidden").await;
    annotate(
        &admin,
        json!({ "dashboardUID": "ops", "panelId": 2, "time": FROM + 60_000,
                "timeEnd": FROM + 120_000, "text": "deploy", "tags": ["release"] }),
    )
    .await;
    annotate(
        &admin,
        json!({ "time": FROM + 600_000, "text": "org-wide", "tags": ["release", "db"] }),
    )
    .await;
    annotate(
        &admin,
        json!({ "dashboardUID": "hidden", "time": FROM + 900_000, "text": "secret",
                "tags": ["release"] }),
    )
    .await;
    annotate(
        &admin,
        json!({ "time": TO + 3_600_000, "text": "later", "tags": ["release"] }),
    )
    .await;

    // The dashboard comes from the request (as a panel sends it) or from the query.
    let reply = admin
        .post(
            "/api/ds/query",
            json!({
                "from": FROM.to_string(), "to": TO.to_string(), "dashboardUID": "ops",
                "queries": [
                    grafana_query("A", "annotations", json!({ "type": "dashboard" })),
                    grafana_query("B", "annotations",
                        json!({ "type": "dashboard", "dashboardUID": "hidden" })),
                    grafana_query("C", "annotations",
                        json!({ "type": "tags", "tags": ["release"] })),
                    grafana_query("D", "annotations",
                        json!({ "type": "tags", "tags": ["db", "release"], "matchAny": false })),
                    grafana_query("E", "annotations", json!({ "type": "tags", "tags": [] })),
                ]
            }),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let body = &reply.body;
    assert_eq!(
        field_names(body, "A"),
        [
            "time",
            "timeEnd",
            "text",
            "tags",
            "id",
            "dashboardUID",
            "panelId",
            "userId",
            "alertId"
        ]
    );
    let a = values(body, "A");
    assert_eq!(a[0], json!([FROM + 60_000]));
    assert_eq!(a[1], json!([FROM + 120_000]));
    assert_eq!(a[2], json!(["deploy"]));
    assert_eq!(a[3], json!([["release"]]));
    assert_eq!(a[5], json!(["ops"]));
    assert_eq!(a[6], json!([2]));
    assert_eq!(values(body, "B")[2], json!(["secret"]));
    assert_eq!(
        values(body, "C")[2],
        json!(["secret", "org-wide", "deploy"]),
        "every annotation with the tag in the range, the latest first"
    );
    assert_eq!(values(body, "D")[2], json!(["org-wide"]));
    assert_eq!(values(body, "E")[2], json!([]), "no tags, no annotations");

    // A viewer who may not see the hidden dashboard does not get its annotations.
    let restricted = admin
        .post(
            "/api/dashboards/uid/hidden/permissions",
            json!({ "items": [] }),
        )
        .await;
    assert_eq!(restricted.status, 200, "{:?}", restricted.body);
    let viewer = server.user_with_role("viewer", "Viewer").await;
    let reply = viewer
        .client()
        .post(
            "/api/ds/query",
            request(json!([grafana_query(
                "C",
                "annotations",
                json!({ "type": "tags", "tags": ["release"] })
            )])),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(values(&reply.body, "C")[2], json!(["org-wide", "deploy"]));
    server.stop().await;
}

async fn search_finds_what_the_caller_may_see(server: TestServer) {
    let admin = server.admin();
    create_dashboard(&admin, "cpu", "CPU usage").await;
    create_dashboard(&admin, "mem", "Memory").await;
    let reply = admin
        .post(
            "/api/ds/query",
            request(json!([
                grafana_query("A", "search", json!({ "search": { "query": "cpu" } })),
                grafana_query(
                    "B",
                    "search",
                    json!({ "search": { "kind": ["dashboard"], "sort": "alpha-desc" } })
                ),
            ])),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let body = &reply.body;
    assert_eq!(
        field_names(body, "A"),
        [
            "kind",
            "uid",
            "name",
            "panel_type",
            "url",
            "tags",
            "ds_uid",
            "location"
        ]
    );
    let a = values(body, "A");
    assert_eq!(a[0], json!(["dashboard"]));
    assert_eq!(a[1], json!(["cpu"]));
    assert_eq!(a[2], json!(["CPU usage"]));
    assert_eq!(a[4], json!(["/d/cpu/cpu-usage"]));
    assert_eq!(
        body["results"]["A"]["frames"][0]["schema"]["meta"]["custom"]["count"],
        1
    );
    assert_eq!(values(body, "B")[1], json!(["mem", "cpu"]));
    server.stop().await;
}

backend_tests!(
    random_walk_and_errors,
    annotations_of_a_dashboard_or_of_tags,
    search_finds_what_the_caller_may_see
);
