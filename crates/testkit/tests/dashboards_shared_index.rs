//! Two servers on one database each keep an in-memory index of dashboards, folders and
//! grants, and cache tokens, teams and stars. With `[database] shared_state_ttl = 0`,
//! whatever one server writes, the other's search and access decisions see on the very next
//! request; with a TTL, the other server may serve what it read for that long, while the
//! writing server sees its own changes at once.

mod dashboards_support;

use dashboards_support::{create_dashboard, create_folder, dashboard, save_ok, search_titles};
use serde_json::{json, Value};
use sightline_testkit::{backend_tests, Backend, TestServer};

async fn writes_on_one_server_reach_the_others_index(backend: Backend) {
    let (first, second) = TestServer::start_pair(backend, &["database.shared_state_ttl=0"]).await;
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

async fn a_server_trusts_what_it_read_for_the_ttl_and_its_own_writes_at_once(backend: Backend) {
    let (first, second) = TestServer::start_pair(backend, &["database.shared_state_ttl=60s"]).await;
    let admin = first.admin();
    let account = admin
        .post(
            "/api/serviceaccounts",
            json!({ "name": "reader", "role": "Viewer" }),
        )
        .await;
    assert_eq!(account.status, 201, "{:?}", account.body);
    let account_id = account.body["id"].as_i64().expect("account id");
    let token = admin
        .post(
            &format!("/api/serviceaccounts/{account_id}/tokens"),
            json!({ "name": "t" }),
        )
        .await;
    assert_eq!(token.status, 200, "{:?}", token.body);
    let key = token.body["key"].as_str().expect("token key");
    let token_id = token.body["id"].as_i64().expect("token id");
    let (on_first, on_second) = (first.client().bearer(key), second.client().bearer(key));
    // Both servers read the token, the viewer's teams and stars, and the index generation.
    assert!(search_titles(&on_first, "").await.is_empty());
    assert!(search_titles(&on_second, "").await.is_empty());

    // Written through the first server: its own readers see it at once; the second keeps
    // serving what it read, within the TTL.
    create_dashboard(&admin, "Fresh Here", "").await;
    assert_eq!(search_titles(&on_first, "").await, ["Fresh Here"]);
    assert!(search_titles(&on_second, "").await.is_empty());

    // A token deleted on the first server is refused there at once.
    let deleted = admin
        .delete(&format!(
            "/api/serviceaccounts/{account_id}/tokens/{token_id}"
        ))
        .await;
    assert_eq!(deleted.status, 200, "{:?}", deleted.body);
    assert_eq!(on_first.get("/api/search").await.status, 401);
    assert_eq!(on_second.get("/api/search").await.status, 200);

    first.stop().await;
    second.stop().await;
}

backend_tests!(
    on_backend,
    writes_on_one_server_reach_the_others_index,
    a_server_trusts_what_it_read_for_the_ttl_and_its_own_writes_at_once
);
