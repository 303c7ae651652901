//! Two servers on one database each keep an in-memory index of dashboards, folders and
//! grants: whatever one server writes, the other's search and access decisions must see on
//! the very next request.

mod dashboards_support;

use dashboards_support::{create_dashboard, create_folder, dashboard, save_ok, search_titles};
use serde_json::{json, Value};
use sightline_testkit::{backend_tests, Backend, TestServer};

async fn writes_on_one_server_reach_the_others_index(backend: Backend) {
    let (first, second) = TestServer::start_pair(backend).await;
    let (a, b) = (first.admin(), second.admin());
    // Both servers load their index before anything is written.
    assert!(search_titles(&a, "").await.is_empty());
    assert!(search_titles(&b, "").await.is_empty());

    let folder = create_folder(&a, "Shared", "").await;
    let uid = create_dashboard(&a, "Written On First", &folder).await;
    assert_eq!(
        search_titles(&b, "query=written").await,
        ["Written On First"]
    );
    assert_eq!(search_titles(&b, "type=dash-folder").await, ["Shared"]);

    // A rename on the second server, read back on the first.
    let mut renamed = b.get(&format!("/api/dashboards/uid/{uid}")).await.body["dashboard"].clone();
    renamed["title"] = Value::from("Renamed On Second");
    renamed["tags"] = json!(["moved"]);
    save_ok(&b, renamed, &folder).await;
    assert_eq!(
        search_titles(&a, "query=written").await,
        Vec::<String>::new()
    );
    assert_eq!(search_titles(&a, "tag=moved").await, ["Renamed On Second"]);

    // A grant changed on one server decides access on the other.
    let viewer = first.user_with_role("vic", "Viewer").await;
    let as_viewer_on_second = second.login("vic", &viewer.password).await;
    assert_eq!(
        search_titles(&as_viewer_on_second, "type=dash-db").await,
        ["Renamed On Second"]
    );
    let revoked = a
        .post(
            &format!("/api/folders/{folder}/permissions"),
            json!({ "items": [] }),
        )
        .await;
    assert_eq!(revoked.status, 200, "{:?}", revoked.body);
    assert!(search_titles(&as_viewer_on_second, "").await.is_empty());
    let read = as_viewer_on_second
        .get(&format!("/api/dashboards/uid/{uid}"))
        .await;
    assert_eq!(read.status, 403, "{:?}", read.body);

    // Deleting the folder on the second server empties the first's search.
    let deleted = b.delete(&format!("/api/folders/{folder}")).await;
    assert_eq!(deleted.status, 200, "{:?}", deleted.body);
    assert!(search_titles(&a, "").await.is_empty());
    save_ok(&b, dashboard("Root Level"), "").await;
    assert_eq!(search_titles(&a, "").await, ["Root Level"]);

    first.stop().await;
    second.stop().await;
}

backend_tests!(on_backend, writes_on_one_server_reach_the_others_index);
