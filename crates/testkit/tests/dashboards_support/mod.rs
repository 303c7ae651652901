//! Helpers the dashboards scenarios share: saving, reading and folder shortcuts that assert
//! their own success, and the JSON fixtures in `testdata/`.

#![allow(dead_code)]

use serde_json::{json, Value};
use sightline_testkit::{Client, Reply};

/// A fixture from `testdata/`, parsed.
pub fn fixture(name: &str) -> Value {
    let path = format!(
        "{}/tests/dashboards_support/testdata/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{path}: {error}"));
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("{path}: {error}"))
}

/// A small current-schema dashboard.
pub fn dashboard(title: &str) -> Value {
    json!({
        "title": title,
        "tags": [],
        "schemaVersion": 41,
        "time": { "from": "now-6h", "to": "now" },
        "panels": [{
            "id": 1,
            "type": "timeseries",
            "title": "Requests",
            "gridPos": { "h": 8, "w": 12, "x": 0, "y": 0 }
        }]
    })
}

pub async fn save(client: &Client, body: Value) -> Reply {
    client.post("/api/dashboards/db", body).await
}

/// Saves `dashboard` (in `folder_uid`, if not empty) and returns the save answer.
pub async fn save_ok(client: &Client, dashboard: Value, folder_uid: &str) -> Value {
    let title = dashboard["title"].clone();
    let reply = save(
        client,
        json!({ "dashboard": dashboard, "folderUid": folder_uid, "overwrite": false }),
    )
    .await;
    assert_eq!(reply.status, 200, "save {title}: {:?}", reply.body);
    reply.body
}

/// Creates a dashboard with `title` and returns its uid.
pub async fn create_dashboard(client: &Client, title: &str, folder_uid: &str) -> String {
    let saved = save_ok(client, dashboard(title), folder_uid).await;
    saved["uid"].as_str().expect("uid").to_string()
}

/// `GET /api/dashboards/uid/:uid`, asserting it is found.
pub async fn get_ok(client: &Client, uid: &str) -> Value {
    let reply = client.get(&format!("/api/dashboards/uid/{uid}")).await;
    assert_eq!(reply.status, 200, "get {uid}: {:?}", reply.body);
    reply.body
}

/// Creates a folder under `parent_uid` (`""`: the root) and returns its uid.
pub async fn create_folder(client: &Client, title: &str, parent_uid: &str) -> String {
    let reply = client
        .post(
            "/api/folders",
            json!({ "title": title, "parentUid": parent_uid }),
        )
        .await;
    assert_eq!(reply.status, 200, "create folder {title}: {:?}", reply.body);
    reply.body["uid"].as_str().expect("folder uid").to_string()
}

/// Searches with a raw query string and returns the hits' titles in order.
pub async fn search_titles(client: &Client, query: &str) -> Vec<String> {
    let reply = client.get(&format!("/api/search?{query}")).await;
    assert_eq!(reply.status, 200, "search {query}: {:?}", reply.body);
    reply
        .body
        .as_array()
        .expect("hits")
        .iter()
        .map(|hit| hit["title"].as_str().expect("title").to_string())
        .collect()
}

/// Every dashboard and folder title of the org, as search sees them.
pub async fn all_titles(client: &Client) -> Vec<String> {
    search_titles(client, "").await
}
