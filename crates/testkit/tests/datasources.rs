//! Data sources (`/api/datasources`): Grafana's shapes and messages for create, read, list,
//! update and delete by uid, id and name; secrets that are never returned and are encrypted
//! in the database row; one default per org; conflicts and bad input as 4xx; who may do what;
//! and old dashboards whose data source names resolve against the org's data sources.

use std::collections::BTreeSet;

use serde_json::{json, Value};
use sightline_store::sqlx;
use sightline_testkit::{backend_tests, Client, TestServer};

const SECRET: &str = "plain-secret-hunter2";

fn prometheus() -> Value {
    json!({
        "name": "Prometheus",
        "type": "prometheus",
        "uid": "prom-main",
        "access": "proxy",
        "url": "http://prometheus:9090",
        "basicAuth": true,
        "basicAuthUser": "grafana",
        "jsonData": { "httpMethod": "POST", "timeInterval": "15s" },
        "secureJsonData": { "basicAuthPassword": SECRET }
    })
}

async fn create(client: &Client, body: Value) -> Value {
    let reply = client.post("/api/datasources", body).await;
    assert_eq!(reply.status, 200, "create: {:?}", reply.body);
    reply.body["datasource"].clone()
}

fn keys(value: &Value) -> BTreeSet<&str> {
    value
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect()
}

async fn crud_follows_grafanas_shapes_and_messages(server: TestServer) {
    let admin = server.admin();
    let created = admin.post("/api/datasources", prometheus()).await;
    assert_eq!(created.status, 200, "{:?}", created.body);
    assert_eq!(created.body["message"], "Datasource added");
    assert_eq!(created.body["name"], "Prometheus");
    let id = created.body["id"].as_i64().expect("id");
    let data_source = &created.body["datasource"];
    assert_eq!(data_source["id"], id);
    assert_eq!(
        keys(data_source),
        BTreeSet::from([
            "id",
            "uid",
            "orgId",
            "name",
            "type",
            "typeLogoUrl",
            "access",
            "url",
            "user",
            "database",
            "basicAuth",
            "basicAuthUser",
            "withCredentials",
            "isDefault",
            "jsonData",
            "secureJsonFields",
            "version",
            "readOnly",
            "apiVersion"
        ])
    );
    assert_eq!(data_source["uid"], "prom-main");
    assert_eq!(data_source["orgId"], 1);
    assert_eq!(data_source["access"], "proxy");
    assert_eq!(data_source["basicAuthUser"], "grafana");
    assert_eq!(data_source["jsonData"]["httpMethod"], "POST");
    assert_eq!(
        data_source["secureJsonFields"],
        json!({ "basicAuthPassword": true })
    );
    assert_eq!(data_source["version"], 1);
    assert_eq!(data_source["readOnly"], false);
    assert_eq!(
        data_source["isDefault"], false,
        "kept as sent, also for the org's first data source (as Grafana's API)"
    );

    for path in [
        "/api/datasources/uid/prom-main".to_string(),
        format!("/api/datasources/{id}"),
        "/api/datasources/name/Prometheus".to_string(),
    ] {
        let read = admin.get(&path).await;
        assert_eq!(read.status, 200, "{path}: {:?}", read.body);
        assert_eq!(&read.body, data_source, "{path}");
    }
    let id_by_name = admin.get("/api/datasources/id/Prometheus").await;
    assert_eq!(id_by_name.body, json!({ "id": id }));

    // Without a name, a data source is named after its type; its uid is generated.
    let loki = create(&admin, json!({ "type": "loki", "access": "proxy" })).await;
    assert_eq!(loki["name"], "loki");
    assert_eq!(loki["isDefault"], false);
    let loki_uid = loki["uid"].as_str().expect("uid");
    assert_eq!(loki_uid.len(), 14, "{loki_uid}");
    let second = create(&admin, json!({ "type": "loki", "access": "direct" })).await;
    assert_eq!(second["name"], "loki-1");
    create(
        &admin,
        json!({ "name": "alpha", "type": "tempo", "access": "proxy" }),
    )
    .await;

    let list = admin.get("/api/datasources").await;
    assert_eq!(list.status, 200, "{:?}", list.body);
    let names: Vec<&str> = list
        .body
        .as_array()
        .expect("list")
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["alpha", "loki", "loki-1", "Prometheus"],
        "sorted without case"
    );
    let item = &list.body[3];
    assert_eq!(
        keys(item),
        BTreeSet::from([
            "id",
            "uid",
            "orgId",
            "name",
            "type",
            "typeName",
            "typeLogoUrl",
            "access",
            "url",
            "user",
            "database",
            "basicAuth",
            "isDefault",
            "jsonData",
            "readOnly"
        ])
    );
    assert_eq!(item["typeName"], "Prometheus");
    assert_eq!(item["jsonData"]["timeInterval"], "15s");

    // An update replaces the settings; secrets it does not name keep their value.
    let mut change = prometheus();
    change["url"] = json!("http://prometheus:9091");
    change["version"] = json!(1);
    change.as_object_mut().unwrap().remove("secureJsonData");
    let updated = admin
        .put("/api/datasources/uid/prom-main", change.clone())
        .await;
    assert_eq!(updated.status, 200, "{:?}", updated.body);
    assert_eq!(updated.body["message"], "Datasource updated");
    assert_eq!(updated.body["id"], id);
    assert_eq!(updated.body["name"], "Prometheus");
    let after = &updated.body["datasource"];
    assert_eq!(after["url"], "http://prometheus:9091");
    assert_eq!(after["version"], 2);
    assert_eq!(
        after["secureJsonFields"],
        json!({ "basicAuthPassword": true })
    );
    // A change based on an old version is refused.
    let stale = admin.put("/api/datasources/uid/prom-main", change).await;
    assert_eq!(stale.status, 409, "{:?}", stale.body);
    assert_eq!(
        stale.message(),
        "Datasource has already been updated by someone else. Please reload and try again"
    );
    // An empty secret clears it; the legacy top-level password moves into secureJsonData.
    let mut by_id = prometheus();
    by_id["secureJsonData"] = json!({ "basicAuthPassword": "" });
    by_id["password"] = json!("legacy");
    let cleared = admin.put(&format!("/api/datasources/{id}"), by_id).await;
    assert_eq!(cleared.status, 200, "{:?}", cleared.body);
    assert_eq!(
        cleared.body["datasource"]["secureJsonFields"],
        json!({ "password": true })
    );
    assert_eq!(cleared.body["datasource"]["version"], 3);

    // Deletes answer as Grafana does per route.
    let by_uid = admin
        .delete(&format!("/api/datasources/uid/{loki_uid}"))
        .await;
    assert_eq!(by_uid.status, 200, "{:?}", by_uid.body);
    assert_eq!(
        by_uid.body,
        json!({ "message": "Data source deleted", "id": loki["id"] })
    );
    let by_name = admin.delete("/api/datasources/name/loki-1").await;
    assert_eq!(
        by_name.body,
        json!({ "message": "Data source deleted", "id": second["id"] })
    );
    let by_number = admin.delete(&format!("/api/datasources/{id}")).await;
    assert_eq!(by_number.body, json!({ "message": "Data source deleted" }));
    for path in [
        "/api/datasources/uid/prom-main".to_string(),
        format!("/api/datasources/{id}"),
        "/api/datasources/name/Prometheus".to_string(),
        "/api/datasources/id/Prometheus".to_string(),
    ] {
        let gone = admin.get(&path).await;
        assert_eq!(gone.status, 404, "{path}: {:?}", gone.body);
        assert_eq!(gone.message(), "Data source not found");
    }
    let again = admin.delete("/api/datasources/uid/prom-main").await;
    assert_eq!(again.status, 404, "{:?}", again.body);
    server.stop().await;
}

async fn secrets_are_never_returned_and_encrypted_at_rest(server: TestServer) {
    let admin = server.admin();
    let mut body = prometheus();
    body["secureJsonData"]["httpHeaderValue1"] = json!(format!("Bearer {SECRET}"));
    let created = admin.post("/api/datasources", body).await;
    assert_eq!(created.status, 200, "{:?}", created.body);
    let answers = [
        created.body.to_string(),
        admin.get("/api/datasources").await.body.to_string(),
        admin
            .get("/api/datasources/uid/prom-main")
            .await
            .body
            .to_string(),
        admin
            .put("/api/datasources/uid/prom-main", prometheus())
            .await
            .body
            .to_string(),
    ];
    for answer in &answers {
        assert!(!answer.contains(SECRET), "a secret in an answer: {answer}");
    }
    assert!(
        answers[2].contains("\"httpHeaderValue1\":true"),
        "{}",
        answers[2]
    );

    let store = server.store();
    let row = sqlx::query(store.sql(
        "SELECT url, user_name, basic_auth_user, json_data, secure_json_data FROM data_source \
         WHERE uid = ?",
    ))
    .bind("prom-main")
    .fetch_one(store.pool())
    .await
    .expect("the row");
    let column = |name: &str| {
        sightline_store::long_text(&row, name)
            .expect("text")
            .unwrap_or_default()
    };
    let sealed = column("secure_json_data");
    assert!(sealed.contains("basicAuthPassword"), "{sealed}");
    assert!(sealed.contains("\"v1."), "{sealed}");
    for name in [
        "url",
        "user_name",
        "basic_auth_user",
        "json_data",
        "secure_json_data",
    ] {
        assert!(!column(name).contains(SECRET), "{name} holds the plaintext");
        assert!(!column(name).contains("hunter2"), "{name} holds part of it");
    }
    server.stop().await;
}

async fn one_default_per_org(server: TestServer) {
    let admin = server.admin();
    let first = create(
        &admin,
        json!({ "name": "A", "type": "loki", "access": "proxy", "isDefault": true }),
    )
    .await;
    assert_eq!(first["isDefault"], true);
    let second = create(
        &admin,
        json!({ "name": "B", "type": "loki", "access": "proxy", "isDefault": true }),
    )
    .await;
    assert_eq!(second["isDefault"], true);
    let defaults = |list: &Value| -> Vec<String> {
        list.as_array()
            .expect("list")
            .iter()
            .filter(|d| d["isDefault"] == true)
            .map(|d| d["name"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(defaults(&admin.get("/api/datasources").await.body), ["B"]);
    let back = admin
        .put(
            "/api/datasources/name/A",
            json!({ "name": "A", "type": "loki", "access": "proxy", "isDefault": true }),
        )
        .await;
    assert_eq!(
        back.status, 405,
        "no PUT by name in Grafana: {:?}",
        back.body
    );
    let back = admin
        .put(
            &format!("/api/datasources/uid/{}", first["uid"].as_str().unwrap()),
            json!({ "name": "A", "type": "loki", "access": "proxy", "isDefault": true }),
        )
        .await;
    assert_eq!(back.status, 200, "{:?}", back.body);
    assert_eq!(defaults(&admin.get("/api/datasources").await.body), ["A"]);
    // Another org has defaults of its own.
    let org = admin.post("/api/orgs", json!({ "name": "Second" })).await;
    let org_id = org.body["orgId"].as_i64().expect("org id").to_string();
    let in_second = admin.clone().header("X-Grafana-Org-Id", &org_id);
    let theirs = create(
        &in_second,
        json!({ "name": "A", "type": "loki", "access": "proxy", "isDefault": true }),
    )
    .await;
    assert_eq!(theirs["isDefault"], true);
    assert_eq!(defaults(&admin.get("/api/datasources").await.body), ["A"]);
    assert_eq!(
        in_second
            .get("/api/datasources")
            .await
            .body
            .as_array()
            .unwrap()
            .len(),
        1
    );
    server.stop().await;
}

async fn conflicts_and_bad_input_are_4xx_and_change_nothing(server: TestServer) {
    let admin = server.admin();
    let existing = create(&admin, prometheus()).await;
    create(
        &admin,
        json!({ "name": "Other", "type": "loki", "access": "proxy" }),
    )
    .await;
    let before = admin.get("/api/datasources").await.body;

    let conflicts = [
        (
            json!({ "name": "Prometheus", "type": "loki", "access": "proxy" }),
            "data source with the same name already exists",
        ),
        (
            json!({ "name": "New", "uid": "prom-main", "type": "loki", "access": "proxy" }),
            "data source with the same uid already exists",
        ),
    ];
    for (body, expected) in conflicts {
        let reply = admin.post("/api/datasources", body).await;
        assert_eq!(reply.status, 409, "{:?}", reply.body);
        assert_eq!(reply.message(), expected);
    }
    let rename = admin
        .put(
            "/api/datasources/uid/prom-main",
            json!({ "name": "Other", "type": "prometheus", "access": "proxy" }),
        )
        .await;
    assert_eq!(rename.status, 409, "{:?}", rename.body);
    assert_eq!(
        rename.message(),
        "Failed to update datasource: data source with the same name already exists"
    );

    let bad_bodies = [
        json!({ "name": "x", "access": "proxy" }),
        json!({ "name": "x", "type": "loki" }),
        json!({ "name": "x", "type": "loki", "access": "server" }),
        json!({ "name": "x", "type": "loki", "access": "proxy", "uid": "not valid!" }),
        json!({ "name": "x", "type": "loki", "access": "proxy", "uid": "u".repeat(41) }),
        json!({ "name": "n".repeat(191), "type": "loki", "access": "proxy" }),
        json!({ "name": "x", "type": "loki", "access": "proxy", "url": format!("http://{}", "h".repeat(260)) }),
        json!({ "name": "x", "type": "loki", "access": "proxy", "jsonData": [1, 2] }),
        json!({ "name": "x", "type": "loki", "access": "proxy", "secureJsonData": { "password": 5 } }),
        json!({ "name": "x\u{0}y", "type": "loki", "access": "proxy" }),
        json!({ "name": 7, "type": "loki", "access": "proxy" }),
        json!([]),
    ];
    for body in bad_bodies {
        let reply = admin.post("/api/datasources", body.clone()).await;
        assert_eq!(reply.status, 400, "{body}: {:?}", reply.body);
        assert!(!reply.message().is_empty(), "{body}");
    }
    let malformed = admin
        .send_raw(
            "POST",
            "/api/datasources",
            "application/json",
            "{\"name\": ",
        )
        .await;
    assert_eq!(malformed.status, 400, "{:?}", malformed.body);
    assert!(
        malformed.message().starts_with("bad request data"),
        "{:?}",
        malformed.body
    );
    let nameless = admin
        .put(
            "/api/datasources/uid/prom-main",
            json!({ "type": "prometheus", "access": "proxy" }),
        )
        .await;
    assert_eq!(nameless.status, 400, "{:?}", nameless.body);

    let ids = [
        ("GET", "/api/datasources/abc", 400, "id is invalid"),
        ("PUT", "/api/datasources/abc", 400, "id is invalid"),
        ("DELETE", "/api/datasources/abc", 400, "id is invalid"),
        (
            "DELETE",
            "/api/datasources/0",
            400,
            "Missing valid datasource id",
        ),
        (
            "GET",
            "/api/datasources/999999",
            404,
            "Data source not found",
        ),
        (
            "DELETE",
            "/api/datasources/uid/nope",
            404,
            "Data source not found",
        ),
        (
            "DELETE",
            "/api/datasources/name/nope",
            404,
            "Data source not found",
        ),
        (
            "GET",
            "/api/datasources/name/a%00b",
            404,
            "Data source not found",
        ),
    ];
    for (method, path, status, expected) in ids {
        let reply = admin
            .send(method.parse().unwrap(), path, Some(prometheus()))
            .await;
        assert_eq!(reply.status, status, "{method} {path}: {:?}", reply.body);
        assert_eq!(reply.message(), expected, "{method} {path}");
    }
    let missing = admin.put("/api/datasources/uid/nope", prometheus()).await;
    assert_eq!(missing.status, 404, "{:?}", missing.body);

    assert_eq!(admin.get("/api/datasources").await.body, before);
    let unchanged = admin.get("/api/datasources/uid/prom-main").await.body;
    assert_eq!(unchanged, existing);
    server.stop().await;
}

async fn viewers_read_and_admins_manage(server: TestServer) {
    let admin = server.admin();
    let data_source = create(&admin, prometheus()).await;
    let id = data_source["id"].as_i64().unwrap();
    let viewer = server.user_with_role("vera", "Viewer").await.client();
    let editor = server.user_with_role("ed", "Editor").await.client();
    let nobody = server.user_with_role("nora", "None").await.client();

    for client in [&viewer, &editor] {
        for path in [
            "/api/datasources".to_string(),
            "/api/datasources/uid/prom-main".to_string(),
            format!("/api/datasources/{id}"),
            "/api/datasources/name/Prometheus".to_string(),
            "/api/datasources/id/Prometheus".to_string(),
        ] {
            let reply = client.get(&path).await;
            assert_eq!(reply.status, 200, "{path}: {:?}", reply.body);
        }
        let changes = [
            client
                .post(
                    "/api/datasources",
                    json!({ "name": "x", "type": "loki", "access": "proxy" }),
                )
                .await,
            client
                .put("/api/datasources/uid/prom-main", prometheus())
                .await,
            client
                .put(&format!("/api/datasources/{id}"), prometheus())
                .await,
            client.delete("/api/datasources/uid/prom-main").await,
            client.delete(&format!("/api/datasources/{id}")).await,
            client.delete("/api/datasources/name/Prometheus").await,
        ];
        for reply in changes {
            assert_eq!(reply.status, 403, "{:?}", reply.body);
        }
    }
    assert_eq!(nobody.get("/api/datasources").await.status, 403);
    assert_eq!(
        nobody.get("/api/datasources/uid/prom-main").await.status,
        403
    );
    assert_eq!(server.client().get("/api/datasources").await.status, 401);
    assert_eq!(
        admin.get("/api/datasources/uid/prom-main").await.body,
        data_source,
        "nothing changed"
    );
    server.stop().await;
}

/// An old dashboard's data source names become `{type, uid}` references of the org's data
/// sources as soon as they exist; an unset one becomes the org's default.
async fn old_dashboards_resolve_data_source_names(server: TestServer) {
    let admin = server.admin();
    let mut default = prometheus();
    default["isDefault"] = json!(true);
    create(&admin, default).await;
    create(
        &admin,
        json!({ "name": "Logs", "uid": "logs-uid", "type": "loki", "access": "proxy" }),
    )
    .await;
    let old = json!({
        "uid": "old-names",
        "title": "Old names",
        "schemaVersion": 27,
        "panels": [
            { "id": 1, "type": "graph", "title": "logs", "datasource": "Logs",
              "gridPos": { "h": 8, "w": 12, "x": 0, "y": 0 },
              "targets": [{ "refId": "A", "expr": "{job=\"x\"}" }] },
            { "id": 2, "type": "timeseries", "title": "default", "datasource": null,
              "gridPos": { "h": 8, "w": 12, "x": 12, "y": 0 },
              "targets": [{ "refId": "A", "expr": "up" }] }
        ]
    });
    let saved = admin
        .post("/api/dashboards/db", json!({ "dashboard": old }))
        .await;
    assert_eq!(saved.status, 200, "{:?}", saved.body);
    let read = admin.get("/api/dashboards/uid/old-names").await;
    let panels = &read.body["dashboard"]["panels"];
    assert_eq!(
        panels[0]["datasource"],
        json!({ "type": "loki", "uid": "logs-uid" })
    );
    assert_eq!(
        panels[0]["targets"][0]["datasource"],
        json!({ "type": "loki", "uid": "logs-uid" })
    );
    assert_eq!(
        panels[1]["datasource"],
        json!({ "type": "prometheus", "uid": "prom-main" })
    );
    server.stop().await;
}

backend_tests!(
    crud_follows_grafanas_shapes_and_messages,
    secrets_are_never_returned_and_encrypted_at_rest,
    one_default_per_org,
    conflicts_and_bad_input_are_4xx_and_change_nothing,
    viewers_read_and_admins_manage,
    old_dashboards_resolve_data_source_names,
);
