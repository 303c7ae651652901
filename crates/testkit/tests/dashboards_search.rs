//! Search (`/api/search`) over folders and dashboards, and stars (`/api/user/stars`).

mod dashboards_support;

use dashboards_support::{create_folder, dashboard, save_ok, search_titles};
use serde_json::{json, Value};
use sightline_testkit::{backend_tests, Client, TestServer};

/// Two folders (one nested) and four dashboards with tags and panels:
///
/// ```text
/// Infra/                      (folder)
///   Infra/Databases/          (folder)
///     Postgres Overview       tags db, prod; panel "Replication Lag"
///   Node Health               tags prod; row "Details" holding panel "Disk Pressure"
/// api latency                 tags web; panel "P99" described "Tail Latency"
/// Zebra Board                 no tags
/// ```
struct Fixture {
    infra: String,
    databases: String,
    postgres: String,
}

async fn populate(admin: &Client) -> Fixture {
    let infra = create_folder(admin, "Infra", "").await;
    let databases = create_folder(admin, "Databases", &infra).await;
    let mut postgres = dashboard("Postgres Overview");
    postgres["tags"] = json!(["db", "prod"]);
    postgres["panels"] = json!([{ "id": 1, "type": "stat", "title": "Replication Lag" }]);
    let postgres = save_ok(admin, postgres, &databases).await["uid"]
        .as_str()
        .expect("uid")
        .to_string();
    let mut node = dashboard("Node Health");
    node["tags"] = json!(["prod"]);
    node["panels"] = json!([
        { "id": 1, "type": "timeseries", "title": "CPU" },
        { "id": 2, "type": "row", "title": "Details", "collapsed": true,
          "panels": [{ "id": 3, "type": "timeseries", "title": "Disk Pressure" }] }
    ]);
    save_ok(admin, node, &infra).await;
    let mut api = dashboard("api latency");
    api["tags"] = json!(["web"]);
    api["panels"] =
        json!([{ "id": 1, "type": "timeseries", "title": "P99", "description": "Tail Latency" }]);
    save_ok(admin, api, "").await;
    save_ok(admin, dashboard("Zebra Board"), "").await;
    Fixture {
        infra,
        databases,
        postgres,
    }
}

async fn hits_have_grafanas_shape(server: TestServer) {
    let admin = server.admin();
    let fixture = populate(&admin).await;
    let reply = admin.get("/api/search?query=postgres").await;
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    let hits = reply.body.as_array().expect("hits");
    assert_eq!(hits.len(), 1);
    let hit = &hits[0];
    assert_eq!(hit["uid"], fixture.postgres.as_str());
    assert_eq!(hit["orgId"], 1);
    assert_eq!(hit["title"], "Postgres Overview");
    assert_eq!(hit["type"], "dash-db");
    assert_eq!(hit["uri"], "db/postgres-overview");
    assert_eq!(hit["slug"], "postgres-overview");
    assert_eq!(
        hit["url"],
        format!("/d/{}/postgres-overview", fixture.postgres)
    );
    assert_eq!(hit["tags"], json!(["db", "prod"]));
    assert_eq!(hit["isStarred"], false);
    assert_eq!(hit["folderUid"], fixture.databases.as_str());
    assert_eq!(hit["folderTitle"], "Databases");
    assert_eq!(
        hit["folderUrl"],
        format!("/dashboards/f/{}/databases", fixture.databases)
    );
    assert!(hit["folderId"].as_i64().expect("folder id") > 0);
    assert_eq!(hit["sortMeta"], 0);

    let folder = admin.get("/api/search?query=databases").await;
    let folder_hit = &folder.body[0];
    assert_eq!(folder_hit["type"], "dash-folder");
    assert_eq!(folder_hit["uid"], fixture.databases.as_str());
    assert_eq!(folder_hit["uri"], "db/databases");
    assert_eq!(
        folder_hit["url"],
        format!("/dashboards/f/{}/databases", fixture.databases)
    );
    assert_eq!(folder_hit["folderUid"], fixture.infra.as_str());

    let root = admin.get("/api/search?query=zebra").await;
    assert!(root.body[0].get("folderUid").is_none(), "{:?}", root.body);
    server.stop().await;
}

async fn search_matches_titles_panels_tags_and_folders(server: TestServer) {
    let admin = server.admin();
    let fixture = populate(&admin).await;
    // Folders first, then dashboards, alphabetically ignoring case.
    assert_eq!(
        search_titles(&admin, "").await,
        [
            "Databases",
            "Infra",
            "api latency",
            "Node Health",
            "Postgres Overview",
            "Zebra Board"
        ]
    );
    assert_eq!(search_titles(&admin, "query=NODE").await, ["Node Health"]);
    // Panel titles and descriptions, also inside collapsed rows.
    assert_eq!(
        search_titles(&admin, "query=replication").await,
        ["Postgres Overview"]
    );
    assert_eq!(
        search_titles(&admin, "query=disk%20pressure").await,
        ["Node Health"]
    );
    assert_eq!(
        search_titles(&admin, "query=tail%20latency").await,
        ["api latency"]
    );
    assert_eq!(
        search_titles(&admin, "query=100%25").await,
        Vec::<String>::new()
    );
    // Tags: every given tag must be present.
    assert_eq!(
        search_titles(&admin, "tag=prod").await,
        ["Node Health", "Postgres Overview"]
    );
    assert_eq!(
        search_titles(&admin, "tag=prod&tag=db").await,
        ["Postgres Overview"]
    );
    assert!(search_titles(&admin, "tag=nope").await.is_empty());
    // Folders: direct children; `general` is the root; repeated or comma-separated.
    assert_eq!(
        search_titles(&admin, &format!("folderUIDs={}", fixture.infra)).await,
        ["Databases", "Node Health"]
    );
    assert_eq!(
        search_titles(&admin, "folderUIDs=general").await,
        ["Infra", "api latency", "Zebra Board"]
    );
    assert_eq!(
        search_titles(
            &admin,
            &format!(
                "folderUIDs={},{}&type=dash-db",
                fixture.infra, fixture.databases
            )
        )
        .await,
        ["Node Health", "Postgres Overview"]
    );
    assert_eq!(
        search_titles(
            &admin,
            &format!(
                "folderUIDs={}&folderUIDs={}&type=dash-db",
                fixture.infra, fixture.databases
            )
        )
        .await,
        ["Node Health", "Postgres Overview"]
    );
    assert_eq!(
        search_titles(&admin, &format!("dashboardUIDs={}", fixture.postgres)).await,
        ["Postgres Overview"]
    );
    // Type.
    assert_eq!(
        search_titles(&admin, "type=dash-folder").await,
        ["Databases", "Infra"]
    );
    assert_eq!(search_titles(&admin, "type=dash-db&query=a").await.len(), 4);
    server.stop().await;
}

async fn search_sorts_and_pages(server: TestServer) {
    let admin = server.admin();
    populate(&admin).await;
    assert_eq!(
        search_titles(&admin, "sort=alpha-asc").await,
        [
            "api latency",
            "Databases",
            "Infra",
            "Node Health",
            "Postgres Overview",
            "Zebra Board"
        ]
    );
    assert_eq!(
        search_titles(&admin, "sort=alpha-desc&type=dash-db").await,
        [
            "Zebra Board",
            "Postgres Overview",
            "Node Health",
            "api latency"
        ]
    );
    assert_eq!(
        search_titles(&admin, "limit=2").await,
        ["Databases", "Infra"]
    );
    assert_eq!(
        search_titles(&admin, "limit=2&page=2").await,
        ["api latency", "Node Health"]
    );
    assert_eq!(
        search_titles(&admin, "limit=2&page=3").await,
        ["Postgres Overview", "Zebra Board"]
    );
    assert!(search_titles(&admin, "limit=2&page=4").await.is_empty());
    let bad = admin.get("/api/search?limit=lots").await;
    assert_eq!(bad.status, 400, "{:?}", bad.body);
    let sorting = admin.get("/api/search/sorting").await;
    assert_eq!(sorting.status, 200, "{:?}", sorting.body);
    assert_eq!(sorting.body["sortOptions"][0]["name"], "alpha-asc");
    server.stop().await;
}

async fn stars_are_per_user_and_filter_search(server: TestServer) {
    let admin = server.admin();
    let fixture = populate(&admin).await;
    let viewer = server.user_with_role("stella", "Viewer").await.client();
    let star = viewer
        .post(
            &format!("/api/user/stars/dashboard/uid/{}", fixture.postgres),
            json!({}),
        )
        .await;
    assert_eq!(star.status, 200, "{:?}", star.body);
    assert_eq!(star.body, json!({ "message": "Dashboard starred!" }));
    // Starring twice is fine.
    let again = viewer
        .post(
            &format!("/api/user/stars/dashboard/uid/{}", fixture.postgres),
            json!({}),
        )
        .await;
    assert_eq!(again.status, 200, "{:?}", again.body);

    assert_eq!(
        viewer.get("/api/user/stars").await.body,
        json!([fixture.postgres])
    );
    assert_eq!(admin.get("/api/user/stars").await.body, json!([]));
    assert_eq!(
        search_titles(&viewer, "starred=true").await,
        ["Postgres Overview"]
    );
    assert!(search_titles(&admin, "starred=true").await.is_empty());
    let hits = viewer.get("/api/search?query=postgres").await;
    assert_eq!(hits.body[0]["isStarred"], true);
    let read = viewer
        .get(&format!("/api/dashboards/uid/{}", fixture.postgres))
        .await;
    assert_eq!(read.body["meta"]["isStarred"], true);

    let unstar = viewer
        .delete(&format!(
            "/api/user/stars/dashboard/uid/{}",
            fixture.postgres
        ))
        .await;
    assert_eq!(unstar.status, 200, "{:?}", unstar.body);
    assert_eq!(unstar.body, json!({ "message": "Dashboard unstarred" }));
    assert_eq!(viewer.get("/api/user/stars").await.body, json!([]));
    let unknown = viewer
        .post("/api/user/stars/dashboard/uid/nope", json!({}))
        .await;
    assert_eq!(unknown.status, 404, "{:?}", unknown.body);
    server.stop().await;
}

async fn members_without_a_role_see_nothing(server: TestServer) {
    let admin = server.admin();
    let fixture = populate(&admin).await;
    let nobody = server.user_with_role("nora", "None").await.client();
    let hits = nobody.get("/api/search").await;
    assert_eq!(hits.status, 200, "{:?}", hits.body);
    assert_eq!(hits.body, Value::Array(Vec::new()));
    let read = nobody
        .get(&format!("/api/dashboards/uid/{}", fixture.postgres))
        .await;
    assert_eq!(read.status, 403, "{:?}", read.body);
    let folders = nobody.get("/api/folders").await;
    assert_eq!(folders.body, json!([]));
    server.stop().await;
}

backend_tests!(
    hits_have_grafanas_shape,
    search_matches_titles_panels_tags_and_folders,
    search_sorts_and_pages,
    stars_are_per_user_and_filter_search,
    members_without_a_role_see_nothing,
);
