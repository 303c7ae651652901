//! Two servers on one database each cache the data source records they read (every query
//! resolves its data source). With `[database] shared_state_ttl = 0`, a change made through
//! one server is seen by the other on the very next request; with a TTL, the other may use
//! what it read for that long, while the writing server sees its own change at once.

use serde_json::{json, Value};
use sightline_testkit::{backend_tests, Backend, Client, TestServer};

const UID: &str = "shared-td";

async fn create_testdata(client: &Client) {
    let reply = client
        .post(
            "/api/datasources",
            json!({ "name": "Walks", "type": "grafana-testdata-datasource", "uid": UID, "access": "proxy" }),
        )
        .await;
    assert_eq!(reply.status, 200, "{:?}", reply.body);
}

async fn rename(client: &Client, name: &str) {
    let reply = client
        .put(
            &format!("/api/datasources/uid/{UID}"),
            json!({ "name": name, "type": "grafana-testdata-datasource", "access": "proxy" }),
        )
        .await;
    assert_eq!(reply.status, 200, "{:?}", reply.body);
}

async fn name_of(client: &Client) -> Value {
    let reply = client.get(&format!("/api/datasources/uid/{UID}")).await;
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    reply.body["name"].clone()
}

/// The status of a TestData query against the data source.
async fn query_status(client: &Client) -> Value {
    let reply = client
        .post(
            "/api/ds/query",
            json!({
                "from": "now-1h", "to": "now",
                "queries": [{ "refId": "A", "datasource": { "uid": UID }, "scenarioId": "random_walk" }]
            }),
        )
        .await;
    reply.body["results"]["A"]["status"].clone()
}

async fn without_ttl_the_other_server_sees_changes_at_once(backend: Backend) {
    let (first, second) = TestServer::start_pair(backend, &["database.shared_state_ttl=0"]).await;
    let (a, b) = (first.admin(), second.admin());
    create_testdata(&a).await;
    assert_eq!(name_of(&b).await, "Walks");
    assert_eq!(query_status(&b).await, 200);

    rename(&a, "Renamed").await;
    assert_eq!(name_of(&b).await, "Renamed");
    assert_eq!(b.get("/api/datasources/name/Walks").await.status, 404);

    assert_eq!(
        a.delete(&format!("/api/datasources/uid/{UID}"))
            .await
            .status,
        200
    );
    assert_eq!(query_status(&b).await, 404);
    assert_eq!(
        b.get(&format!("/api/datasources/uid/{UID}")).await.status,
        404
    );

    first.stop().await;
    second.stop().await;
}

async fn within_the_ttl_only_the_writing_server_sees_its_change(backend: Backend) {
    let (first, second) = TestServer::start_pair(backend, &["database.shared_state_ttl=60s"]).await;
    let (a, b) = (first.admin(), second.admin());
    create_testdata(&a).await;
    // Both servers read the record by uid and by name.
    for client in [&a, &b] {
        assert_eq!(name_of(client).await, "Walks");
        assert_eq!(client.get("/api/datasources/name/Walks").await.status, 200);
        assert_eq!(query_status(client).await, 200);
    }

    rename(&a, "Renamed").await;
    assert_eq!(name_of(&a).await, "Renamed");
    assert_eq!(a.get("/api/datasources/name/Walks").await.status, 404);
    assert_eq!(a.get("/api/datasources/name/Renamed").await.status, 200);
    assert_eq!(
        name_of(&b).await,
        "Walks",
        "the second server keeps its read"
    );

    assert_eq!(
        a.delete(&format!("/api/datasources/uid/{UID}"))
            .await
            .status,
        200
    );
    assert_eq!(query_status(&a).await, 404);
    assert_eq!(
        query_status(&b).await,
        200,
        "the second server keeps its read"
    );

    first.stop().await;
    second.stop().await;
}

backend_tests!(
    on_backend,
    without_ttl_the_other_server_sees_changes_at_once,
    within_the_ttl_only_the_writing_server_sees_its_change
);
