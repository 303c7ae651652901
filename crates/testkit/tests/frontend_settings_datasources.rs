//! `datasources` and `defaultDatasource` of `GET /api/frontend/settings`: the org's data
//! sources by name as Grafana's `DataSourceDTO`s, with the built-in `-- Grafana --`,
//! `-- Mixed --` and `-- Dashboard --`; only for callers who may query (a role in the org),
//! per org, and never a secret.

use serde_json::{json, Value};
use sightline_testkit::{backend_tests, TestServer};

const SECRET: &str = "s3cret-never-shown";

async fn settings(client: &sightline_testkit::Client) -> Value {
    let reply = client.get("/api/frontend/settings").await;
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    reply.body
}

fn names(settings: &Value) -> Vec<String> {
    let mut names: Vec<String> = settings["datasources"]
        .as_object()
        .map(|entries| entries.keys().cloned().collect())
        .unwrap_or_default();
    names.sort();
    names
}

const BUILT_INS: [&str; 3] = ["-- Dashboard --", "-- Grafana --", "-- Mixed --"];

async fn data_sources_by_name(server: TestServer) {
    let admin = server.admin();
    let empty = settings(&admin).await;
    assert_eq!(names(&empty), BUILT_INS);
    assert_eq!(empty["defaultDatasource"], "-- Grafana --");

    let created = admin
        .post(
            "/api/datasources",
            json!({
                "name": "Metrics", "uid": "prom", "type": "prometheus", "access": "proxy",
                "url": "http://prometheus:9090", "isDefault": true,
                "basicAuth": true, "basicAuthUser": "scraper",
                "jsonData": { "httpMethod": "POST", "timeInterval": "15s" },
                "secureJsonData": { "basicAuthPassword": SECRET, "httpHeaderValue1": SECRET }
            }),
        )
        .await;
    assert_eq!(created.status, 200, "{:?}", created.body);
    let created = admin
        .post(
            "/api/datasources",
            json!({
                "name": "Warehouse", "uid": "pg", "type": "grafana-postgresql-datasource",
                "access": "direct", "url": "db:5432", "user": "grafana", "database": "dw",
                "basicAuth": true, "basicAuthUser": "u", "withCredentials": true,
                "jsonData": { "sslmode": "disable" },
                "secureJsonData": { "password": SECRET, "basicAuthPassword": SECRET }
            }),
        )
        .await;
    assert_eq!(created.status, 200, "{:?}", created.body);

    let body = settings(&admin).await;
    assert_eq!(
        names(&body),
        [
            "-- Dashboard --",
            "-- Grafana --",
            "-- Mixed --",
            "Metrics",
            "Warehouse"
        ]
    );
    assert_eq!(body["defaultDatasource"], "Metrics");
    assert!(
        !body.to_string().contains(SECRET),
        "no secret in the frontend settings"
    );

    let metrics = &body["datasources"]["Metrics"];
    assert!(metrics["id"].as_i64().is_some_and(|id| id > 0));
    assert_eq!(metrics["uid"], "prom");
    assert_eq!(metrics["type"], "prometheus");
    assert_eq!(metrics["name"], "Metrics");
    assert_eq!(metrics["url"], "/api/datasources/proxy/uid/prom");
    assert_eq!(metrics["access"], "proxy");
    assert_eq!(metrics["isDefault"], true);
    assert_eq!(metrics["readOnly"], false);
    assert_eq!(
        metrics["jsonData"],
        json!({ "httpMethod": "POST", "timeInterval": "15s",
                "directUrl": "http://prometheus:9090" })
    );
    assert_eq!(metrics["meta"]["id"], "prometheus");
    assert_eq!(metrics["meta"]["type"], "datasource");
    assert_eq!(metrics["meta"]["name"], "Prometheus");
    assert!(metrics["meta"]["info"]["logos"]["small"].is_string());
    assert_eq!(metrics["meta"]["backend"], true);
    for absent in [
        "secureJsonData",
        "secureJsonFields",
        "basicAuth",
        "password",
        "user",
    ] {
        assert!(metrics.get(absent).is_none(), "{absent} in {metrics}");
    }

    let warehouse = &body["datasources"]["Warehouse"];
    assert_eq!(warehouse["url"], "db:5432", "browser access keeps the url");
    assert_eq!(warehouse["access"], "direct");
    assert_eq!(warehouse["withCredentials"], true);
    assert_eq!(
        warehouse["jsonData"],
        json!({ "sslmode": "disable", "database": "dw" }),
        "SQL data sources get jsonData.database, as in Grafana"
    );
    assert!(warehouse.get("basicAuth").is_none(), "no basic auth header");

    let grafana = &body["datasources"]["-- Grafana --"];
    assert_eq!(grafana["id"], -1);
    assert_eq!(grafana["uid"], "grafana");
    assert_eq!(grafana["type"], "datasource");
    assert_eq!(grafana["meta"]["id"], "grafana");
    assert_eq!(grafana["meta"]["builtIn"], true);
    let mixed = &body["datasources"]["-- Mixed --"];
    assert_eq!(mixed["meta"]["id"], "mixed");
    assert_eq!(mixed["meta"]["mixed"], true);
    assert!(mixed.get("uid").is_none());
    assert_eq!(
        body["datasources"]["-- Dashboard --"]["meta"]["id"],
        "dashboard"
    );

    // Viewers may query, so they get them too.
    let viewer = server.user_with_role("viewer", "Viewer").await;
    assert_eq!(names(&settings(&viewer.client()).await).len(), 5);

    // Without a role in the org, or without credentials: only the built-ins.
    let outsider = server.user_with_role("outsider", "None").await;
    let outside = settings(&outsider.client()).await;
    assert_eq!(names(&outside), BUILT_INS);
    assert_eq!(outside["defaultDatasource"], "-- Grafana --");
    assert_eq!(names(&settings(&server.client()).await), BUILT_INS);

    // Another org sees its own.
    let org = admin.post("/api/orgs", json!({ "name": "Other" })).await;
    assert_eq!(org.status, 200, "{:?}", org.body);
    let org_id = org.body["orgId"].as_i64().expect("org id").to_string();
    let other = server.admin().header("X-Grafana-Org-Id", &org_id);
    assert_eq!(names(&settings(&other).await), BUILT_INS);
    server.stop().await;
}

backend_tests!(data_sources_by_name);
