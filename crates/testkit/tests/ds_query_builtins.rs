//! `POST /api/ds/query` fills in Grafana's built-in variables of the caller and the
//! dashboard — `$__user`, `${__user.login}`, `${__user.email}`, `$__org`, `${__org.name}`,
//! `${__dashboard.uid}` (the request's `dashboardUID`) and `${__dashboard}` (its title, for
//! a caller who may view it) — before real PostgreSQL, MariaDB and Prometheus servers see the query,
//! each value written so that it stays inside its literal (a login with a quote is still
//! found, not executed). The SQL limits of `[dataproxy] row_limit` reach the plugin.
//!
//! The server's own database plays no part here, so these run on SQLite only; the data
//! sources point at the test PostgreSQL and MariaDB and at a Prometheus started for the
//! test.

use serde_json::{json, Value};
use sightline_testkit::prometheus::{PrometheusServer, FIXTURE_END_SECONDS};
use sightline_testkit::{Backend, Client, TestServer};

const POSTGRES: &str = "grafana-postgresql-datasource";

/// `(user, host:port, database)` of an admin URL such as
/// `postgres://postgres@127.0.0.1:5432/postgres`.
fn target(variable: &str, default: &str) -> (String, String, String) {
    let url = std::env::var(variable).unwrap_or_else(|_| default.to_string());
    let rest = url.split_once("://").map_or(url.as_str(), |(_, rest)| rest);
    let (credentials, location) = rest.split_once('@').expect("url has a user");
    let (address, database) = location.split_once('/').expect("url has a database");
    let user = credentials.split(':').next().unwrap_or_default();
    (user.into(), address.into(), database.into())
}

/// Creates a SQL data source `uid` on the test PostgreSQL or MariaDB.
async fn create_sql(admin: &Client, uid: &str, type_id: &str) {
    let (user, address, database) = if type_id == POSTGRES {
        target(
            "SIGHTLINE_TEST_POSTGRES_URL",
            "postgres://postgres@127.0.0.1:5432/postgres",
        )
    } else {
        target(
            "SIGHTLINE_TEST_MYSQL_URL",
            "mysql://root@127.0.0.1:3306/mysql",
        )
    };
    let reply = admin
        .post(
            "/api/datasources",
            json!({
                "name": uid, "uid": uid, "type": type_id, "access": "proxy",
                "url": address, "user": user,
                "jsonData": { "database": database, "sslmode": "disable" }
            }),
        )
        .await;
    assert_eq!(reply.status, 200, "create {uid}: {:?}", reply.body);
}

fn sql_request(uid: &str, type_id: &str, sql: &str) -> Value {
    json!({
        "from": "now-1h", "to": "now", "dashboardUID": "dash-1",
        "queries": [{
            "refId": "A", "datasource": { "uid": uid, "type": type_id },
            "rawSql": sql, "format": "table"
        }]
    })
}

/// The values of the one frame of `A`, column by column.
fn columns(reply: &sightline_testkit::Reply) -> Vec<Value> {
    assert_eq!(reply.status, 200, "{}", reply.body);
    let frame = &reply.body["results"]["A"]["frames"][0];
    frame["data"]["values"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sql_queries_get_the_caller_and_the_dashboard() {
    let server = TestServer::start(Backend::Sqlite).await;
    let admin = server.admin();
    create_sql(&admin, "pg", POSTGRES).await;
    create_sql(&admin, "maria", "mysql").await;
    let quoted = server.create_user("o'neil\\x").await;
    let saved = admin
        .post(
            "/api/dashboards/db",
            json!({ "dashboard": { "uid": "dash-1", "title": "Ops' Board" } }),
        )
        .await;
    assert_eq!(saved.status, 200, "{:?}", saved.body);

    for (uid, type_id) in [("pg", POSTGRES), ("maria", "mysql")] {
        let sql = "SELECT '${__user.login}' AS login, $__user AS id, ${__org} AS org, \
                   '${__dashboard.uid}' AS dashboard, '${__dashboard}' AS title, \
                   '${__org.name}' AS org_name, '${__user.email}' AS email";
        let values = columns(
            &admin
                .post("/api/ds/query", sql_request(uid, type_id, sql))
                .await,
        );
        assert_eq!(values[0], json!(["admin"]), "{type_id}");
        assert_eq!(values[1], json!([1]), "{type_id}");
        assert_eq!(values[2], json!([1]), "{type_id}");
        assert_eq!(values[3], json!(["dash-1"]), "{type_id}");
        assert_eq!(values[4], json!(["Ops' Board"]), "{type_id}");
        assert_eq!(values[5], json!(["Main Org."]), "{type_id}");
        assert_eq!(values[6], json!(["admin@localhost"]), "{type_id}");

        // Grafana's browser names the dashboard in a header; the body wins when it has one.
        let mut without_uid = sql_request(uid, type_id, sql);
        without_uid["dashboardUID"] = Value::Null;
        let by_header = admin.clone().header("X-Dashboard-Uid", "dash-2");
        let values = columns(&by_header.post("/api/ds/query", without_uid).await);
        assert_eq!(values[3], json!(["dash-2"]), "{type_id}");
        assert_eq!(
            values[4],
            json!(["${__dashboard}"]),
            "{type_id}: the title of a dashboard that does not exist is left as written"
        );
        let values = columns(
            &by_header
                .post("/api/ds/query", sql_request(uid, type_id, sql))
                .await,
        );
        assert_eq!(values[3], json!(["dash-1"]), "{type_id}");

        let mine = "SELECT '${__user.login}' AS login, length('${__user.login}') AS chars";
        let values = columns(
            &quoted
                .client()
                .post("/api/ds/query", sql_request(uid, type_id, mine))
                .await,
        );
        assert_eq!(
            values[0],
            json!(["o'neil\\x"]),
            "{type_id}: the quote and backslash stay inside the literal"
        );
        assert_eq!(values[1], json!([8]), "{type_id}");
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prometheus_queries_get_the_caller() {
    let prometheus = PrometheusServer::start().await.expect("prometheus starts");
    let server = TestServer::start(Backend::Sqlite).await;
    let admin = server.admin();
    let created = admin
        .post(
            "/api/datasources",
            json!({
                "name": "Prometheus", "type": "prometheus", "uid": "prom", "access": "proxy",
                "url": prometheus.url()
            }),
        )
        .await;
    assert_eq!(created.status, 200, "{:?}", created.body);
    let at = (FIXTURE_END_SECONDS * 1000).to_string();
    let reply = admin
        .post(
            "/api/ds/query",
            json!({
                "from": at, "to": at,
                "queries": [{
                    "refId": "A", "datasource": { "uid": "prom", "type": "prometheus" },
                    "expr": "label_replace(vector($__org + ${__user}), \"login\", \"${__user.login}\", \"\", \"\")",
                    "instant": true, "range": false
                }]
            }),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let frame = &reply.body["results"]["A"]["frames"][0];
    let value_field = &frame["schema"]["fields"][1];
    assert_eq!(value_field["labels"]["login"], "admin", "{frame}");
    assert_eq!(frame["data"]["values"][1], json!([2]), "org 1 + user 1");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_row_limit_comes_from_the_settings() {
    let server = TestServer::start_with(Backend::Sqlite, &["dataproxy.row_limit=3"]).await;
    let admin = server.admin();
    create_sql(&admin, "pg", POSTGRES).await;
    let reply = admin
        .post(
            "/api/ds/query",
            sql_request("pg", POSTGRES, "SELECT generate_series(1, 10) AS n"),
        )
        .await;
    let values = columns(&reply);
    assert_eq!(values[0], json!([1, 2, 3]));
    let notices = &reply.body["results"]["A"]["frames"][0]["schema"]["meta"]["notices"];
    assert_eq!(
        notices,
        &json!([{
            "severity": "warning",
            "text": "Results have been limited to 3 because the SQL row limit was reached"
        }])
    );
    server.stop().await;
}
